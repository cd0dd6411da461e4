"""Every URL query parameter the app reads or writes, in one registry.

People share links, so the names are Indonesian and must not change; code refers to them
by what they mean (``VIEW["level"]``, ``PRESENT``), never by the bare string.
"""

from __future__ import annotations

# The filter (atlas.core.filters.Filter field -> parameter).
FILTER = {
    "waves": "gelombang",
    "batches": "angkatan",
    "provinces": "provinsi",
    "as_of": "per",
    "sectors": "sektor",
    "statuses": "status",
}
# The map view (atlas.core.mapview.MapView field -> parameter), in the order of a link.
VIEW = {
    "level": "tingkat",
    "region": "wilayah",
    "metric": "metrik",
    "method": "klasifikasi",
    "k": "kelas",
    "symbol": "simbol",
    "compare": "banding",
    "compare_mode": "tampilan",
}
LANG = "lang"  # the interface language (id when absent)
NEXT = "next"  # the sign-in page: where to go once signed in
PRESENT = "presentasi"  # the briefing's presentation mode ("ya")
IMPACT_REGION = "dampak_wilayah"  # the impact page's selected region
CHECKING = "cek"  # the upload page, while a file is checked: its loss is noticed after a restart
DETAIL_TAB = "rincian"  # the region panel's open tab, by its label (Streamlit binds it)

# What belongs to one page's own view: left out of the links to the other pages (the
# filter and the language go along).
PAGE_ONLY = frozenset({*VIEW.values(), PRESENT, IMPACT_REGION, DETAIL_TAB})
