"""NIKs are never stored in clear: a keyed hash (to match and deduplicate) and a masked form
(to show a person which family a row is about without revealing the number)."""

from __future__ import annotations

import hashlib
import hmac


def nik_hash(nik: str, key: bytes) -> str:
    return hmac.new(key, nik.encode("ascii"), hashlib.sha256).hexdigest()


def nik_mask(nik: str) -> str:
    """``3404012345670001`` -> ``3404********0001``."""
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]
