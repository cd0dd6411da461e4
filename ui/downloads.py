"""The table of the regions on the map, and downloads of it (CSV, XLSX) and of the map (HTML)."""

from __future__ import annotations

import folium
import pandas as pd
import streamlit as st

from atlas import exports
from atlas.filters import Filter
from atlas.i18n import t
from atlas.mapview import MapView, scope
from geo import assets

_COLUMNS = (
    ("code", "map.col.code"), ("name", "map.col.name"), ("facilitators_roster", "m.roster"),
    ("participants", "m.participants"), ("trained", "m.trained"), ("in_training", "m.in_training"),
    ("planned", "m.planned"), ("coverage", "m.coverage"), ("enterprises", "m.enterprises"),
    ("enterprises_active", "m.enterprises_active"), ("graduated", "m.graduated"),
)


def table(figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    cols = [(c, key) for c, key in _COLUMNS if c in figures.columns]
    out = figures[[c for c, _ in cols]].copy()
    out.columns = [t(key, lang) for _, key in cols]
    return out


def section(figures: pd.DataFrame, m: folium.Map | None, f: Filter, view: MapView, lang: str) -> None:
    level, _ = scope(view)
    shown = table(figures, lang)
    stem = f"pkh-atlas_{level}_{f.as_of.isoformat()}"
    with st.expander(t("map.table", lang)):
        st.dataframe(shown, hide_index=True, width="stretch",
                     column_config={t("m.coverage", lang): st.column_config.NumberColumn(format="percent")})
        c1, c2, c3 = st.columns(3)
        c1.download_button(t("dl.csv", lang), exports.to_csv(shown), f"{stem}.csv", "text/csv",
                           icon=":material/download:", width="stretch")
        c2.download_button(t("dl.xlsx", lang), exports.to_xlsx(shown), f"{stem}.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/download:", width="stretch")
        if m is not None:
            c3.download_button(t("dl.html", lang), assets.inline(m).encode("utf-8"), f"{stem}.html",
                               "text/html", icon=":material/download:", width="stretch")
