"""Texts in Bahasa Indonesia (default) and English, and locale-aware formatting (babel).

Numbers and dates are formatted by babel, never by hand: 4.371 / 76,8% / 16 Oktober 2020
in Indonesian; 4,371 / 76.8% / 16 October 2020 in English.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from babel import Locale
from babel.dates import format_date, format_datetime, format_interval, format_timedelta
from babel.messages.mofile import read_mo
from babel.numbers import format_compact_decimal, format_decimal, format_percent

LANGS = ("id", "en")
DEFAULT_LANG = "id"
# Parsed once: babel parses a locale named by a string on every call, half the time of
# formatting a number (a map's tooltips format a thousand of them).
_LOCALES = {"id": Locale.parse("id_ID"), "en": Locale.parse("en_GB")}

# The messages live in gettext catalogues, one per language (atlas/core/locale/<lang>/
# LC_MESSAGES/atlas.po, compiled to .mo by tools/messages.py; docs/TRANSLATING.md), keyed
# by a message key such as "filter.wave.bad". Read once: {key: {lang: text}}.
LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "atlas"


def _catalogue(lang: str) -> dict[str, str]:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as fh:
        return {m.id: m.string for m in read_mo(fh) if m.id and m.string}


def _messages() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        for key, text in _catalogue(lang).items():
            out.setdefault(key, {})[lang] = text
    return out


MESSAGES = _messages()


def t(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**params) if params else text


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def md(text: object) -> str:
    """Text from users (URL parameters, file contents, names) made inert for Streamlit's
    markdown: every punctuation mark that could start a link, an image, HTML, a directive
    (``:red[…]``) or LaTeX is backslash-escaped, so it shows as typed."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def tmd(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    """``t`` for text shown as markdown whose parameters may come from users."""
    return t(key, lang, **{k: md(v) if isinstance(v, str) else v for k, v in params.items()})


def normalise_lang(value: str | None) -> str:
    return value if value in LANGS else DEFAULT_LANG


# What every figure shows when there is no value: an empty selection's share, a median of no
# enterprises, a district's training figures (not recorded per district). Never "NaN" or "None".
MISSING = "—"


def missing(value: object) -> bool:
    """None, NaN, NaT or pandas' NA: a figure with no value."""
    return value is None or bool(pd.isna(value))


def fmt_int(value: float | None, lang: str = DEFAULT_LANG) -> str:
    if missing(value):
        return MISSING
    return format_decimal(round(value), locale=_LOCALES[lang])


def fmt_num(value: float | None, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    if missing(value):
        return MISSING
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=_LOCALES[lang])


def fmt_money_short(value: float | None, lang: str = DEFAULT_LANG) -> str:
    """Rupiah in a compact form for figures: ``Rp 1,05 jt`` / ``Rp 1.05M``."""
    if missing(value):
        return MISSING
    digits = 2 if abs(value) >= 1_000_000 else 0  # Rp 1,06 jt / Rp 934 rb
    return "Rp " + format_compact_decimal(value, fraction_digits=digits, locale=_LOCALES[lang])


def fmt_cell(value: object, lang: str = DEFAULT_LANG) -> str:
    """A table cell as shown on a page: whole numbers with the language's thousands
    separator ("46.110" / "46,110"), other numbers with one decimal, text as it is. Tables
    keep their numbers (downloads, sorting); this is how the grid displays them."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return "" if value is None else str(value)
    if missing(value):
        return MISSING
    if float(value).is_integer():
        return fmt_int(value, lang)
    return fmt_num(value, lang)


def fmt_pct(fraction: float | None, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """A fraction (0.768) as a percentage (76,8%)."""
    if missing(fraction):
        return MISSING
    pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
    return format_percent(fraction, format=pattern, locale=_LOCALES[lang])


def fmt_date(value: date | None, lang: str = DEFAULT_LANG) -> str:
    if missing(value):
        return MISSING
    return format_date(value, format="d MMMM y", locale=_LOCALES[lang])


def fmt_month(value: date, lang: str = DEFAULT_LANG) -> str:
    """``Maret 2019`` / ``March 2019``."""
    return format_date(value, format="MMMM y", locale=_LOCALES[lang])


def fmt_date_short(value: date, lang: str = DEFAULT_LANG) -> str:
    """``16 Okt 2020`` / ``16 Oct 2020``."""
    return format_date(value, format="d MMM y", locale=_LOCALES[lang])


def fmt_date_range(start: date, end: date, lang: str = DEFAULT_LANG) -> str:
    """``16–27 Okt 2020`` / ``28 Sep–9 Okt 2020``."""
    return format_interval(start, end, "yMMMd", locale=_LOCALES[lang])


def fmt_duration(seconds: float, lang: str = DEFAULT_LANG) -> str:
    """``40 detik`` / ``3 menit``: a rounded span of time (an estimate of the time left)."""
    return format_timedelta(timedelta(seconds=seconds), threshold=1.5, locale=_LOCALES[lang])


def fmt_datetime(value: datetime | None, lang: str = DEFAULT_LANG) -> str:
    if missing(value):
        return MISSING
    return format_datetime(
        value, format="d MMMM y HH.mm" if lang == "id" else "d MMMM y HH:mm", locale=_LOCALES[lang]
    )
