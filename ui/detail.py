"""The region detail panel: figures, batches, facilitators, enterprises, trend across waves."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from atlas.access import Principal
from atlas.filters import Filter, to_roman
from atlas.i18n import MISSING, fmt_date_range, fmt_int, fmt_money_short, fmt_pct, md, t
from atlas.labels import label
from atlas.queries import level_of
from ui import cache


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


def _figures_row(f: Filter, code: str) -> pd.Series | None:
    level = level_of(code)
    within = code[:5] if level == "district" else None
    df = cache.figures(f, level, within, with_median=level != "district")
    row = df[df.code == code]
    return None if row.empty else row.iloc[0]


def _figure_cards(row: pd.Series, lang: str, district: bool) -> None:
    cards = []
    if not district:
        cards += [
            (t("m.roster", lang), fmt_int(row.facilitators_roster, lang), None),
            (
                t("m.trained", lang),
                fmt_int(row.trained, lang),
                t("m.of_target", lang, pct=fmt_pct(row.coverage, lang))
                if pd.notna(row.coverage)
                else None,
            ),
            (t("m.in_training", lang), fmt_int(row.in_training, lang), None),
            (t("m.planned", lang), fmt_int(row.planned, lang), None),
        ]
    cards += [
        (
            t("m.enterprises", lang),
            fmt_int(row.enterprises, lang),
            f"{fmt_pct(row.active_share, lang)} {t('m.enterprises_active', lang).lower()}"
            if pd.notna(row.active_share)
            else None,
        ),
        (t("m.graduated", lang), fmt_int(row.graduated, lang), None),
    ]
    if not district:
        cards.append((t("d.median", lang), fmt_money_short(row.get("median_turnover"), lang), None))
    for i in range(0, len(cards), 2):
        cols = st.columns(2)
        for col, (name, value, delta) in zip(cols, cards[i : i + 2]):
            col.metric(name, value, delta=delta, delta_color="off", delta_arrow="off")


def _batches(f: Filter, code: str, lang: str) -> None:
    df = cache.region_detail("batches", f, code)
    if level_of(code) == "district":
        st.caption(t("d.district_training", lang))
        return
    if df is None or df.empty:
        st.caption(t("d.no_batches", lang))
        return
    table = pd.DataFrame(
        {
            t("col.wave", lang): df.wave_number.map(to_roman),
            t("col.batch", lang): df.batch_number,
            t("col.dates", lang): [
                fmt_date_range(s, e, lang) for s, e in zip(df.start_date, df.end_date)
            ],
            t("col.mode", lang): df["mode"].map(lambda m: label("mode", m, lang)),
            t("col.venue", lang): df.venue.fillna(""),
            t("col.participants", lang): df.participants,
            t("col.state", lang): df.state.map(lambda s: t(f"state.{s}", lang)),
        }
    )
    _table(table)


def _facilitators(f: Filter, code: str, lang: str, who: Principal) -> None:
    if level_of(code) != "regency":
        st.caption(
            t("d.facilitators_province", lang)
            if level_of(code) == "province"
            else t("d.district_training", lang)
        )
        return
    df, named = cache.region_detail("facilitators", f, code, who=who)
    if df.empty:
        st.caption(t("d.no_batches", lang))
        return
    if named:
        table = pd.DataFrame(
            {
                t("col.id", lang): df.official_id,
                t("col.name", lang): df.name,
                t("col.sex", lang): df.sex,
                t("col.role", lang): df.role.map(lambda r: label("role", r, lang)),
                t("col.wave", lang): df.wave_number.map(to_roman),
                t("col.batch", lang): df.batch,
                t("col.status", lang): df.status.map(lambda s: label("training", s, lang)),
            }
        )
        from atlas.detail import FACILITATOR_LIMIT

        if len(df) >= FACILITATOR_LIMIT:
            st.caption(t("d.facilitators_limit", lang, shown=fmt_int(len(df), lang)))
    else:
        st.caption(t("d.facilitators_aggregate", lang))
        table = pd.DataFrame(
            {
                t("col.role", lang): df.role.map(lambda r: label("role", r, lang)),
                t("col.state", lang): df.state.map(lambda s: t(f"state.{s}", lang)),
                t("col.count", lang): df.facilitators,
            }
        )
    _table(table)


def _enterprises(f: Filter, code: str, lang: str) -> None:
    for by, title, kind in (
        ("sector", "d.by_sector", "sector"),
        ("status", "d.by_status", "status"),
    ):
        df = cache.region_detail("enterprises_by", f, code, by)
        st.markdown(f"**{t(title, lang)}**")
        if df.empty:
            st.caption(MISSING)
            continue
        chart = pd.DataFrame(
            {
                t("col.sector" if by == "sector" else "col.status", lang): df[by].map(
                    lambda v, k=kind: label(k, v, lang)
                ),
                t("col.enterprises", lang): df.enterprises,
            }
        )
        st.bar_chart(
            chart,
            x=chart.columns[0],
            y=chart.columns[1],
            horizontal=True,
            height=40 + 26 * len(chart),
            color="#2c7fb8",
        )


def _trend(f: Filter, code: str, lang: str) -> None:
    if level_of(code) == "district":
        st.caption(t("d.district_training", lang))
        return
    df = cache.region_detail("waves", f, code)
    if df is None or df.empty:
        st.caption(t("d.no_batches", lang))
        return
    wave = t("col.wave", lang)
    data = pd.DataFrame(
        {
            wave: [to_roman(w) for w in df.wave_number],
            "participants": df.participants,
            "cumulative": df.trained_cumulative,
        }
    )
    # Waves in their own order (not alphabetical: IV before V), upright numerals, a title each.
    x = alt.X(f"{wave}:N", sort=None, title=wave, axis=alt.Axis(labelAngle=0))
    for field, title, mark, color in (
        ("participants", t("d.trend.participants", lang), "bar", "#7fcdbb"),
        ("cumulative", t("d.trend.cumulative", lang), "line", "#253494"),
    ):
        chart = alt.Chart(data, title=title, height=180)
        chart = (
            chart.mark_bar(color=color)
            if mark == "bar"
            else chart.mark_line(color=color, point=True)
        )
        y = alt.Y(f"{field}:Q", title=None, axis=alt.Axis(format="d"))
        tooltip = [alt.Tooltip(f"{wave}:N"), alt.Tooltip(f"{field}:Q", title=title, format=",d")]
        st.altair_chart(chart.encode(x=x, y=y, tooltip=tooltip), width="stretch")


def panel(f: Filter, code: str | None, lang: str, who: Principal) -> None:
    st.markdown(f"##### {t('d.title', lang)}")
    if not code:
        st.caption(t("d.hint", lang))
        return
    names = cache.region_names()
    st.markdown(f"#### {names.get(code, code)}")
    row = _figures_row(f, code)
    if row is not None:
        _figure_cards(row, lang, level_of(code) == "district")
    if level_of(code) == "regency":
        without = cache.without_district(f, code)["enterprises"]
        if without:
            st.caption(t("d.without_district", lang, n=fmt_int(without, lang)))
    tabs = st.tabs(
        [
            t("d.batches", lang),
            t("d.facilitators", lang),
            t("d.enterprises", lang),
            t("d.trend", lang),
        ]
    )
    with tabs[0]:
        _batches(f, code, lang)
    with tabs[1]:
        _facilitators(f, code, lang, who)
    with tabs[2]:
        _enterprises(f, code, lang)
    with tabs[3]:
        _trend(f, code, lang)
