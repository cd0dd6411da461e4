"""Draw the region detail panel (``atlas.region_panel.Panel``): figures, batches,
facilitators, enterprises, trend across waves."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from atlas.i18n import MISSING, md, t
from atlas.region_panel import Chart, Panel


def _table(table: pd.DataFrame) -> None:
    """A detail table with the whole text of every cell, wrapped: the panel beside the map is
    narrow, and a data grid there cut venue and facilitator names off. Long lists scroll.
    st.table renders its cells as Markdown: text from files is escaped to show as typed."""
    text = {
        c: table[c].map(md)
        for c in table.columns
        if table[c].dtype == object or pd.api.types.is_string_dtype(table[c])
    }
    with st.container(height=360 if len(table) > 8 else "content", border=False):
        st.table(table.assign(**text).style.hide(axis="index"))


def _chart(chart: Chart) -> None:
    if chart.kind == "bars":
        st.markdown(f"**{md(chart.title)}**")
        if chart.data.empty:
            st.caption(MISSING)
            return
        x, y = chart.data.columns
        st.bar_chart(
            chart.data,
            x=x,
            y=y,
            horizontal=True,
            height=40 + 26 * len(chart.data),
            color="#2c7fb8",
        )
        return
    # Over waves: in their own order (IV before V), upright numerals, a title each. Fields
    # are renamed: Vega-Lite reads dots and brackets in a field name as paths.
    wave, value = chart.data.columns
    data = pd.DataFrame({"x": chart.data[wave], "y": chart.data[value]})
    x = alt.X("x:N", sort=None, title=wave, axis=alt.Axis(labelAngle=0))
    y = alt.Y("y:Q", title=None, axis=alt.Axis(format="d"))
    base = alt.Chart(data, title=chart.title, height=180)
    mark = (
        base.mark_bar(color="#7fcdbb")
        if chart.kind == "columns"
        else base.mark_line(color="#253494", point=True)
    )
    tooltip = [alt.Tooltip("x:N", title=wave), alt.Tooltip("y:Q", title=chart.title, format=",d")]
    st.altair_chart(mark.encode(x=x, y=y, tooltip=tooltip), width="stretch")


def panel(p: Panel | None, lang: str) -> None:
    st.markdown(f"##### {t('d.title', lang)}")
    if p is None:
        st.caption(t("d.hint", lang))
        return
    st.markdown(f"#### {md(p.name)}")
    for i in range(0, len(p.cards), 2):
        cols = st.columns(2)
        for col, card in zip(cols, p.cards[i : i + 2]):
            col.metric(
                card.label, card.value, delta=card.note, delta_color="off", delta_arrow="off"
            )
    for note in p.notes:
        st.caption(note)
    for tab, part in zip(st.tabs([tab.title for tab in p.tabs]), p.tabs):
        with tab:
            for note in part.notes:
                st.caption(note)
            if part.table is not None:
                _table(part.table)
            for chart in part.charts:
                _chart(chart)
