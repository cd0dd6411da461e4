"""The message catalogues (gettext, through babel) in ``atlas/core/locale``.

    python tools/messages.py compile    # each .po -> .mo, what the app reads
    python tools/messages.py template   # atlas.pot (every key) from the Indonesian .po

Each message has a key (the msgid, e.g. ``filter.wave.bad``) and its text in each language
(the msgstr of ``id/LC_MESSAGES/atlas.po`` and ``en/LC_MESSAGES/atlas.po``). To add one:
add it to the Indonesian .po, run ``template``, then babel's own
``pybabel update -i atlas/core/locale/atlas.pot -d atlas/core/locale -D atlas`` gives the
other catalogues an empty entry to translate (Poedit, Lokalize or any PO editor), and
``compile`` makes the .mo files. ``tests/unit/test_catalogues.py`` fails while a .mo is
older than its .po, a key is missing in a language, or the placeholders differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

LOCALE_DIR = Path(__file__).resolve().parents[1] / "atlas" / "core" / "locale"
DOMAIN = "atlas"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    return sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES").is_dir())


def read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang)


def compiled(lang: str) -> bytes:
    """The .mo file of a language's .po, as ``compile`` writes it."""
    from io import BytesIO

    out = BytesIO()
    write_mo(out, read(lang), use_fuzzy=False)
    return out.getvalue()


def compile_all() -> None:
    for lang in languages():
        po_path(lang).with_suffix(".mo").write_bytes(compiled(lang))
        print(f"{po_path(lang).with_suffix('.mo')}")


def template() -> None:
    source = read("id")
    pot = Catalog(domain=DOMAIN, project="PKH Atlas", version="1", charset="utf-8")
    pot.fuzzy = False
    pot.header_comment = "# PKH Atlas: every message key; the comments give the Indonesian text."
    for message in source:
        if message.id:
            pot.add(message.id, auto_comments=[*message.auto_comments, message.string])
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("wb") as fh:
        write_po(fh, pot, width=100, sort_output=False)


if __name__ == "__main__":
    commands = {"compile": compile_all, "template": template}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit("usage: python tools/messages.py compile|template")
    commands[sys.argv[1]]()
