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


_LONG_NUMBER = re.compile(r"\d{15,}")


def redact_niks(text: str) -> str:
    """Mask every run of 15 or more digits: what is stored about a rejected row (the error
    report of an import) must not carry a NIK in clear either, whatever column it sat in."""
    return _LONG_NUMBER.sub(lambda m: nik_mask(m.group()), text)
