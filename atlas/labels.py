"""Display labels for the closed lists, per language. Stored values stay Indonesian."""

from __future__ import annotations

_EN = {
    "sector": {
        "kuliner": "food & drink",
        "perdagangan": "trade (shops, stalls)",
        "kerajinan": "crafts",
        "pertanian": "farming",
        "peternakan": "livestock",
        "perikanan": "fisheries",
        "jasa": "services",
        "lainnya": "other",
    },
    "status": {
        "rintisan": "starting",
        "berkembang": "growing",
        "mandiri": "self-reliant",
        "tidak aktif": "inactive",
    },
    "mode": {"daring": "online", "luring": "classroom", "campuran": "blended"},
    "training": {
        "terdaftar": "registered",
        "lulus": "passed",
        "tidak lulus": "failed",
        "mengundurkan diri": "withdrew",
    },
    "role": {
        "Pendamping Sosial": "Social facilitator",
        "Koordinator Kabupaten/Kota": "Regency coordinator",
        "Koordinator Wilayah": "Regional coordinator",
        "Supervisor": "Supervisor",
        "Administrator Pangkalan Data": "Database administrator",
    },
}
_ID = {
    "sector": {
        "kuliner": "kuliner (makanan dan minuman)",
        "perdagangan": "perdagangan (warung, toko)",
    }
}


def label(kind: str, value: str, lang: str) -> str:
    if lang == "en":
        return _EN.get(kind, {}).get(value, value)
    return _ID.get(kind, {}).get(value, value)


_PROVINCE_SHORT = {
    "34": "DIY",
    "33": "Jawa Tengah",
    "35": "Jawa Timur",
    "51": "Bali",
    "52": "NTB",
    "53": "NTT",
}
_PROVINCE_SHORT_EN = {"33": "Central Java", "35": "East Java"}


def province_short(code: str, lang: str) -> str:
    """The short name people use in sentences: DIY, NTB, NTT."""
    if lang == "en" and code in _PROVINCE_SHORT_EN:
        return _PROVINCE_SHORT_EN[code]
    return _PROVINCE_SHORT.get(code, code)
