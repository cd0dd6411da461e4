"""NIKs are never stored in clear: a keyed hash (to match and deduplicate) and a masked form
(to show a person which family a row is about without revealing the number)."""

from __future__ import annotations

import hmac
import re


def nik_hash(nik: str, key: bytes) -> str:
    return hmac.digest(key, nik.encode("ascii"), "sha256").hex()


def nik_mask(nik: str) -> str:
    """``3404012345670001`` -> ``3404********0001``."""
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


# A run of 15 or more digits, whatever separates them (up to three characters that are
# neither letters nor digits: spaces, dots, dashes of any width, slashes, underscores) and
# with the letter O typed for a zero: how NIKs reach spreadsheets. At least ten real digits,
# so that a word with many o's is left alone. Commas, semicolons and line breaks separate
# numbers, not a NIK's groups (a list of row numbers stays readable).
_SEPARATOR = r"(?:[^\w,;\r\n]|_){0,3}"
_LONG_NUMBER = re.compile(rf"[0-9Oo](?:{_SEPARATOR}[0-9Oo]){{14,}}")


def mask_id(text: str) -> str:
    """Any personal identifier shown back to a person or stored beside its hash: at most a
    quarter of it, and at most four characters, kept at each end, at most 16 characters in
    all (``3404********0001`` as ``nik_mask`` writes a NIK, ``P34******123``); one of under
    four characters entirely hidden."""
    text = str(text)
    keep = min(len(text) // 4, 4)
    stars = min(len(text) - 2 * keep, 16 - 2 * keep)
    return text[:keep] + "*" * stars + (text[len(text) - keep :] if keep else "")


def shown_cell(text: str, private: bool) -> str:
    """A cell of an uploaded file shown back (grid, error workbook, corrections record): a KPM
    identifier column's value masked whole, NIK-like runs masked in any other."""
    return mask_id(text) if private and text else redact_niks(text)


def redact_niks(text: str) -> str:
    """Mask every NIK-like run (see ``_LONG_NUMBER``) in any text that leaves the import: a
    message, a stored error report, a JSON line, a cell of the error workbook."""

    def masked(m: re.Match) -> str:
        run = m.group()
        return nik_mask(run) if sum(c.isdigit() for c in run) >= 10 else run

    return _LONG_NUMBER.sub(masked, text)
