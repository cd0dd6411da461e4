"""Display labels for the closed lists, per language. Stored values stay Indonesian."""

from __future__ import annotations

from atlas.filters import Filter, format_batches, format_waves
from atlas.i18n import t

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


def filter_summary(f: Filter, lang: str) -> str:
    """The filter as a heading reads it: ``Gelombang IX · DIY, Jawa Timur · kuliner`` (the
    as-of date is given apart, with the data's freshness)."""
    parts = []
    if f.waves:
        key = "brief.filter.wave" if len(f.waves) == 1 else "brief.filter.waves"
        parts.append(t(key, lang, waves=format_waves(f.waves)))
    if f.batches:
        parts.append(t("brief.filter.batches", lang, batches=format_batches(f.batches)))
    if f.provinces:
        parts.append(provinces_text(f, lang))
    for kind, values in (("sector", f.sectors), ("status", f.statuses)):
        if values:
            parts.append(", ".join(label(kind, v, lang) for v in values))
    return " · ".join(parts) or t("brief.filter.none", lang)


def provinces_text(f: Filter, lang: str) -> str:
    """The provinces a filter covers, by their short names, in the usual order (DIY first,
    as the office lists them); all six without a province filter."""
    codes = [c for c in _PROVINCE_SHORT if not f.provinces or c in f.provinces]
    return ", ".join(province_short(c, lang) for c in codes)


# The filter dimensions that can empty a selection, in the sidebar's order (as_of cannot:
# it only moves batches between trained, in training and planned).
NARROWING = ("waves", "batches", "provinces", "sectors", "statuses")


def filter_part(f: Filter, dimension: str, lang: str) -> str:
    """One filter dimension as people read it: ``Gelombang: IX``, ``Provinsi: Bali, NTB``."""
    values = getattr(f, dimension)
    if dimension == "waves":
        text = format_waves(values)
    elif dimension == "batches":
        text = format_batches(values)
    elif dimension == "provinces":
        text = ", ".join(province_short(c, lang) for c in values)
    else:
        kind = "sector" if dimension == "sectors" else "status"
        text = ", ".join(label(kind, v, lang) for v in values)
    return f"{t(f'f.{dimension}', lang)}: {text}"
