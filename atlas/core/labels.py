"""Display labels for the closed lists, per language. Stored values stay Indonesian."""

from __future__ import annotations

from datetime import date

from atlas.core import areas
from atlas.core.filters import MAX_WAVE, Filter, format_batches, format_waves, to_roman
from atlas.core.i18n import fmt_date_short, fmt_int, t

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


# "keenam provinsi", "all six provinces": an area's every province, in words up to ten.
_ID_ORDINAL = {
    2: "kedua",
    3: "ketiga",
    4: "keempat",
    5: "kelima",
    6: "keenam",
    7: "ketujuh",
    8: "kedelapan",
    9: "kesembilan",
    10: "kesepuluh",
}
_EN_WORD = {
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
}


def province_short(code: str, lang: str) -> str:
    """The short name people use in sentences: DIY, NTB, NTT. The same in English: a
    province keeps its own name ("Jawa Tengah", as on the map, in its tooltips, tables and
    region lists; "Central Java" in a chart beside a table saying "Jawa Tengah" read as two
    places). ``lang`` stays for callers that format per language."""
    return areas.PROVINCES.get(code, code)


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
        parts.append(provinces_text(f.provinces, lang))
    for kind, values in (("sector", f.sectors), ("status", f.statuses)):
        if values:
            parts.append(", ".join(label(kind, v, lang) for v in values))
    return " · ".join(parts) or t("brief.filter.none", lang)


def provinces_text(codes: tuple[str, ...] | list[str], lang: str) -> str:
    """Provinces by their short names, in the order the office lists them (DIY first in
    Yogyakarta's); all of the area's when ``codes`` is empty (no province filter)."""
    served = areas.current().provinces
    centre = areas.whole_centre(codes)
    if centre is not None:
        return centre.title  # the country's view of one centre: "Regional I Padang"
    chosen = [c for c in served if not codes or c in codes]
    if len(chosen) == len(served) > NAMED_AT_MOST:
        return all_provinces(lang)  # "seluruh 38 provinsi", not 38 names
    return ", ".join(named_or_counted(chosen, lang))


# A sentence or a heading names this many provinces at most (all of a centre's); more are
# counted: the country's 38 names filled a PDF's subtitle line three times over.
NAMED_AT_MOST = 8


def named_or_counted(codes: list[str] | tuple[str, ...], lang: str) -> list[str]:
    """The provinces' short names or, more than ``NAMED_AT_MOST``, their count as the one
    item ("12 provinsi")."""
    if len(codes) > NAMED_AT_MOST:
        return [t("area.n_provinces", lang, n=fmt_int(len(codes), lang))]
    return [province_short(c, lang) for c in codes]


def all_provinces(lang: str) -> str:
    """The area's every province as a sentence says it: ``keenam provinsi``, ``all six
    provinces``, ``seluruh 38 provinsi``."""
    n = len(areas.current().provinces)
    if lang == "en":
        return t("area.all_provinces", lang, count=_EN_WORD.get(n, n))
    return t("area.all_provinces", lang, count=_ID_ORDINAL.get(n, f"seluruh {n}"))


def area_root(lang: str) -> str:
    """The top of the breadcrumb: ``Wilayah kerja (6 provinsi)``, ``Indonesia (38 provinsi)``."""
    area = areas.current()
    key = "ctl.root.national" if area.national else "ctl.root"
    return t(key, lang, count=len(area.provinces))


def app_subtitle(lang: str) -> str:
    area = areas.current()
    if area.national:
        return t("app.subtitle.national", lang)
    return t("app.subtitle", lang, office=area.office)


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
        centre = areas.whole_centre(values)
        text = centre.title if centre else ", ".join(province_short(c, lang) for c in values)
    else:
        kind = "sector" if dimension == "sectors" else "status"
        text = ", ".join(label(kind, v, lang) for v in values)
    return f"{t(f'f.{dimension}', lang)}: {text}"


def wave_options(starts: dict[int, date | None], lang: str) -> dict[int, str]:
    """Each wave's option label (the wave filter and the comparison): its numeral and, when
    known, its start date. ``starts``: the waves on record with their start dates."""
    labels = {n: to_roman(n) for n in range(1, MAX_WAVE + 1)}
    for number, start in starts.items():
        if start is not None and number in labels:
            labels[number] += f" · {fmt_date_short(start, lang)}"
    return labels


def status_note(
    as_of: date, status_day: date | None, lang: str, key: str = "status.latest_upload"
) -> str | None:
    """Said beside the figures that cannot follow the as-of date (the share of active
    enterprises, the median turnover) when it is earlier than the upload they come from:
    ``key`` short beside a figure, ``….panel`` as a line of its own."""
    if status_day is None or as_of >= status_day:
        return None
    return t(key, lang, date=fmt_date_short(status_day, lang))


def role_label(
    role: str | None, lang: str, province: str | None = None, area: str | None = None
) -> str:
    """A role in the user's language; a coordinator's with their province when one is given,
    an account of a centre's area with the centre ("Petugas data · Regional I Padang")."""
    if not role:
        return ""
    text = t(f"role.{role}", lang, province=province_short(province, lang) if province else "")
    return f"{text.strip()} · {areas.named(area).title}" if area else text.strip()
