"""Draw the region detail panel (``atlas.screens.region_panel.Panel``): figures, batches,
facilitators, enterprises, trend across waves."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas.core import urls
from atlas.core.i18n import md, t
from atlas.screens import panel_charts
from atlas.screens.region_panel import Panel


def _table(table: pd.DataFrame, lang: str) -> None:
    """A detail table with the whole text of every cell, wrapped: the panel beside the map is
    narrow, and a data grid there cut venue and facilitator names off. Long lists scroll."""
    with st.container(height=360 if len(table) > 8 else "content", border=False):
        st.html(panel_charts.table(table, lang))


def panel(p: Panel | None, lang: str) -> None:
    st.markdown(f"##### {t('d.title', lang)}")
    if p is None:
        st.caption(t("d.hint", lang))
        return
    with st.container(key="panel_open"):  # on a phone, a sheet over the map (ui/chrome's CSS)
        _opened(p, lang)


def _opened(p: Panel, lang: str) -> None:
    st.markdown(f"#### {md(p.name)}")
    for i in range(0, len(p.cards), 2):
        cols = st.columns(2)
        for col, card in zip(cols, p.cards[i : i + 2]):
            col.metric(
                card.label,
                card.value,
                delta=card.note or None,
                delta_color="off",
                delta_arrow="off",
            )
    for note in p.notes:
        st.caption(note)
    # The open tab is in the link: a shared link opens the same tab.
    tabs = st.tabs([tab.title for tab in p.tabs], key=urls.DETAIL_TAB, bind="query-params")
    for tab, part in zip(tabs, p.tabs):
        with tab:
            for note in part.notes:
                st.caption(note)
            if part.table is not None:
                _table(part.table, lang)
            for chart in part.charts:
                st.html(chart.html)
