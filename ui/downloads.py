"""Downloads: the one way the app hands out files, and the map page's table with its CSV, XLSX
and HTML downloads.

Every download is made when clicked (a deferred callable: nothing is built on reruns that
nobody downloads, and the click does not rerun the page) and written to the audit log.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import folium
import pandas as pd
import streamlit as st

from atlas.core import sheets
from atlas.core.access import Principal
from atlas.core.filters import Filter, file_slug
from atlas.core.i18n import t
from atlas.core.mapview import MapView, scope
from atlas.screens import site
from atlas.screens.region_table import percent_columns
from geo import assets
from ui import account, cache, tables

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
TABLE_OPEN = "region_table_open"  # the map page's table expander (its state: open or not)


def button(
    where,
    label: str,
    make: Callable[[], bytes],
    file_name: str,
    mime: str,
    *,
    who: Principal,
    icon: str = ":material/download:",
    width: str = "stretch",
    key: str | None = None,
) -> None:
    engine, client = cache.engine(), account.client_id()

    def deferred() -> bytes:
        data = make()
        site.record_download(engine, who, file_name, len(data), client)
        return data

    where.download_button(
        label, deferred, file_name, mime, icon=icon, width=width, key=key, on_click="ignore"
    )


def section(
    shown: pd.DataFrame,
    make_map: Callable[[], folium.Map] | None,
    f: Filter,
    view: MapView,
    lang: str,
    who: Principal,
    notes: Sequence[str] = (),
    demo_rows: bool = False,
) -> None:
    """The table of the regions on the map (``atlas.screens.region_table``) and its downloads;
    ``notes``: what the XLSX says of itself; ``demo_rows``: the file names say "data-contoh"."""
    level, _ = scope(view)
    demo = "data-contoh" if demo_rows else ""  # a file of demo figures says so by its name
    stem = "_".join(p for p in ("pkh-atlas", level, file_slug(f), f.as_of.isoformat(), demo) if p)
    # Drawn only while open: closed, as it mostly is, the table (tens of KB) is not sent
    # again with every new view of the map. Opening it is one run of the map's part.
    table = st.expander(t("map.table", lang), key=TABLE_OPEN, on_change="rerun")
    if not table.open:
        return
    with table:
        tables.grid(shown, lang, percent=percent_columns(lang))
        c1, c2, c3 = st.columns(3)
        button(c1, t("dl.csv", lang), lambda: sheets.to_csv(shown), f"{stem}.csv", CSV, who=who)
        button(
            c2,
            t("dl.xlsx", lang),
            lambda: sheets.to_xlsx(shown, notes=notes, notes_sheet=t("dl.notes", lang)),
            f"{stem}.xlsx",
            XLSX,
            who=who,
        )
        if make_map is not None:
            button(
                c3,
                t("dl.html", lang),
                lambda: assets.inline(make_map()).encode("utf-8"),
                f"{stem}.html",
                "text/html",
                who=who,
            )
