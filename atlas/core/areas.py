"""Working areas: which provinces a deployment serves, and by whose name.

The ministry trains PKH facilitators in six regional centres; each serves a fixed list of
provinces, and together they cover the 38 provinces once. A deployment serves one area,
chosen by ``ATLAS_AREA`` (by code); ``yogyakarta``, the default, is the app as it was built:
BBPPKS Yogyakarta's six provinces. ``nasional`` is the whole country.

``SHIPPED`` is the list as the project ships it (the basis of each province list is in
``basis``: three were inferred from the centres' names, not read in a source). Every text,
map, filter and check that depends on the area asks ``current()``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from atlas.core import config

# Every province (Kepmendagri 300.2.2-2138/2025), by code, as people write it in a sentence:
# the official name, but DIY, NTB, NTT and DKI Jakarta as everyone says them. A province keeps
# its own name in English (a chart saying "Central Java" beside a table saying "Jawa Tengah"
# reads as two places).
PROVINCES = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DIY",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "NTB",
    "53": "NTT",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}

# The official name where a sentence's short name differs (the map and tables use these).
_FULL = {"34": "DI Yogyakarta", "52": "Nusa Tenggara Barat", "53": "Nusa Tenggara Timur"}

NATIONAL = "nasional"


def full_name(code: str) -> str:
    return _FULL.get(code) or PROVINCES[code]


@dataclass(frozen=True)
class Area:
    code: str  # what ATLAS_AREA names: "yogyakarta"
    title: str  # "Regional III Yogyakarta": the area among others (a national breadcrumb)
    office: str  # "BBPPKS Yogyakarta": who serves it, as texts name them
    provinces: tuple[str, ...]  # province codes in the office's own order
    basis: str  # where the province list comes from: sourced, partly sourced, inferred
    confirmed: bool  # False until someone at the centre has confirmed the list

    @property
    def national(self) -> bool:
        return self.code == NATIONAL


SHIPPED = (
    Area(
        "padang",
        "Regional I Padang",
        "BBPPKS Padang",
        ("11", "12", "13", "14", "21", "15", "17", "16"),
        "sourced",
        False,
    ),
    Area(
        "bandung",
        "Regional II Bandung",
        "BBPPKS Bandung",
        ("31", "32", "36", "18", "19"),
        "partly sourced",
        False,
    ),
    Area(
        "yogyakarta",
        "Regional III Yogyakarta",
        "BBPPKS Yogyakarta",
        ("34", "33", "35", "51", "52", "53"),
        "sourced",
        True,
    ),
    Area(
        "banjarmasin",
        "Regional IV Banjarmasin",
        "BBPPKS Banjarmasin",
        ("61", "62", "63", "64", "65"),
        "inferred",
        False,
    ),
    Area(
        "makassar",
        "Regional V Makassar",
        "BBPPKS Makassar",
        ("71", "72", "73", "74", "75", "76"),
        "inferred",
        False,
    ),
    Area(
        "jayapura",
        "Regional VI Jayapura",
        "BBPPKS Jayapura",
        ("81", "82", "91", "92", "93", "94", "95", "96"),
        "sourced",
        False,
    ),
    Area(NATIONAL, "Nasional", "Kementerian Sosial", tuple(PROVINCES), "sourced", True),
)
BY_CODE = {a.code: a for a in SHIPPED}
CENTRES = tuple(a for a in SHIPPED if not a.national)  # the six regional centres


class UnknownArea(ValueError):
    """ATLAS_AREA names no area; the message says which codes exist."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(
            f"ATLAS_AREA={code!r} bukan wilayah kerja yang dikenal. "
            f"Pilih salah satu: {', '.join(BY_CODE)}."
        )


def named(code: str) -> Area:
    area = BY_CODE.get(code.strip().lower())
    if area is None:
        raise UnknownArea(code)
    return area


@functools.cache
def current() -> Area:
    """The area this deployment serves (``ATLAS_AREA``), read once per process."""
    return named(config.value("ATLAS_AREA"))


def whole_centre(provinces) -> Area | None:
    """In the country's deployment, the regional centre whose provinces are exactly these
    (a selection people name by the centre); None otherwise, and always in a centre's own."""
    if not current().national or not provinces:
        return None
    chosen = set(provinces)
    return next((a for a in CENTRES if set(a.provinces) == chosen), None)


def of_province(code: str) -> Area:
    """The regional centre serving a province (each province has exactly one)."""
    return next(a for a in CENTRES if code in a.provinces)
