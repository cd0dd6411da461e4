"""The gettext catalogues (atlas/core/locale): every key in every language with the same
placeholders, the template listing them all, and each .mo compiled from its .po as it is."""

from __future__ import annotations

import string

import pytest

from atlas.core.i18n import LANGS, MESSAGES
from tools import messages  # the catalogues' own tool

CATALOGUES = {lang: messages.read(lang) for lang in messages.languages()}


def _keys(catalogue) -> set[str]:
    return {m.id for m in catalogue if m.id}


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_the_app_reads_every_language_it_offers():
    assert set(CATALOGUES) == set(LANGS)
    assert len(MESSAGES) > 500


def test_every_key_is_in_every_catalogue_and_the_template():
    keys = {lang: _keys(c) for lang, c in CATALOGUES.items()}
    with (messages.LOCALE_DIR / "atlas.pot").open("rb") as fh:
        template = _keys(messages.read_po(fh))
    for lang, found in keys.items():
        assert found == template, (lang, sorted(found ^ template)[:10])
    assert set(MESSAGES) == template


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_no_message_is_empty_or_fuzzy(lang):
    bad = [m.id for m in CATALOGUES[lang] if m.id and (not m.string or m.fuzzy)]
    assert bad == []


def test_every_message_has_the_same_placeholders_in_every_language():
    differ = {
        key: {lang: sorted(_placeholders(text)) for lang, text in texts.items()}
        for key, texts in MESSAGES.items()
        if len({frozenset(_placeholders(text)) for text in texts.values()}) > 1
    }
    assert differ == {}


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_each_mo_is_compiled_from_its_po(lang):
    mo = messages.po_path(lang).with_suffix(".mo")
    assert mo.read_bytes() == messages.compiled(lang), "run: python tools/messages.py compile"
