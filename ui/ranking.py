"""Draw the ranking beside the map (``atlas.screens.ranking.Ranking``): the regions by the
metric, the weakest first; picking a row opens the region, as a click on the map does."""

from __future__ import annotations

import streamlit as st

from atlas.core.i18n import t
from atlas.screens.ranking import Ranking
from ui import map_controls

_KEY = "ranking"


def _picked(codes: list[str]) -> None:
    rows = st.session_state[_KEY].selection.rows
    if rows:
        map_controls.open_region(codes[rows[0]])


def ranking(r: Ranking | None, lang: str) -> None:
    if r is None:
        return
    # One block, with its title: the map's list button (geo.maps) brings it into view.
    with st.container(key="ranking_list"):
        st.markdown(f"**{r.title}**")
        st.caption(t("rank.help", lang))
        name, value = r.rows.columns[1:3]
        st.dataframe(
            r.rows,
            column_order=[name, value],
            # The value whole (a narrow panel had cut "Pendampi…"); the name takes the rest.
            column_config={value: st.column_config.TextColumn(value, width="small")},
            hide_index=True,
            width="stretch",
            height=min(36 * (len(r.rows) + 1) + 3, 400),
            on_select=lambda: _picked(r.codes),
            selection_mode="single-row",
            key=_KEY,
        )
