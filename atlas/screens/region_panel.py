"""The region detail panel beside the map, as data: figures, batches, facilitators,
enterprises and the trend across waves of the selected region, in the user's language.

Tables hold the text as it will show (headers, labels, Roman wave numbers); ``ui.panel``
only draws them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from atlas.core.access import Principal
from atlas.core.figure import Figure
from atlas.core.filters import Filter, to_roman
from atlas.core.i18n import fmt_date_range, fmt_int, fmt_money_short, fmt_pct, missing, t
from atlas.core.labels import label
from atlas.core.regions import level_of, regency_of
from atlas.screens import panel_charts
from atlas.screens.ranking import ranking
from atlas.store import db, detail, queries


@dataclass(frozen=True)
class Chart:
    """``data``: the category (or wave) column, then the value column, in the order shown.
    ``html``: the chart as it shows (``atlas.screens.panel_charts``)."""

    title: str
    data: pd.DataFrame
    html: str


@dataclass
class Tab:
    title: str
    notes: list[str] = field(default_factory=list)  # captions above (or instead of) the rest
    table: pd.DataFrame | None = None
    charts: list[Chart] = field(default_factory=list)


@dataclass
class Panel:
    name: str
    cards: list[Figure]
    notes: list[str]
    tabs: list[Tab]


def _cards(row: pd.Series, lang: str, district: bool) -> list[Figure]:
    cards = []
    if not district:
        cards += [
            Figure(t("m.roster", lang), fmt_int(row.facilitators_roster, lang)),
            Figure(
                t("m.trained", lang),
                fmt_int(row.trained, lang),
                t("m.of_target", lang, pct=fmt_pct(row.coverage, lang))
                if pd.notna(row.coverage)
                else "",
            ),
            Figure(t("m.in_training", lang), fmt_int(row.in_training, lang)),
            Figure(t("m.planned", lang), fmt_int(row.planned, lang)),
        ]
    cards += [
        Figure(
            t("m.enterprises", lang),
            fmt_int(row.enterprises, lang),
            t("m.active_pct", lang, pct=fmt_pct(row.active_share, lang))
            if pd.notna(row.active_share)
            else "",
        ),
        Figure(t("m.graduated", lang), fmt_int(row.graduated, lang)),
    ]
    if not district:
        cards.append(Figure(t("d.median", lang), fmt_money_short(row.get("median_turnover"), lang)))
    return cards


def _training(tab: Tab, code: str, load: Callable[[], pd.DataFrame | None], lang: str):
    """The training rows of a region for ``tab``, or None with a note saying why there are
    none: training is recorded per regency (a district has none of its own), or no batch
    matches the filter."""
    if level_of(code) == "district":
        tab.notes.append(t("d.district_training", lang))
        return None
    df = load()
    if df is None or df.empty:
        tab.notes.append(t("d.no_batches", lang))
        return None
    return df


def _batches(source: db.Source, f: Filter, code: str, lang: str) -> Tab:
    tab = Tab(t("d.batches", lang))
    df = _training(tab, code, lambda: detail.batches(source, f, code), lang)
    if df is None:
        return tab
    details = [
        _joined(
            fmt_date_range(start, end, lang),
            label("mode", mode, lang),
            venue,
            t("d.participants_n", lang, n=fmt_int(n, lang)),
            t(f"state.{state}", lang),
        )
        for start, end, mode, venue, n, state in zip(
            df.start_date, df.end_date, df["mode"], df.venue, df.participants, df.state
        )
    ]
    tab.table = pd.DataFrame(
        {
            t("col.wave_batch", lang): [
                f"{to_roman(w)} · {b}" for w, b in zip(df.wave_number, df.batch_number)
            ],
            t("col.details", lang): details,
        }
    )
    return tab


def _joined(*parts: object) -> str:
    """A row's details in one cell ("2–13 Mar 2020 · luring · …"): the panel beside the map
    is ~280 px wide, and seven columns there scrolled sideways in a box the keyboard could
    not reach (WCAG; axe: scrollable-region-focusable). Empty parts are left out."""
    return " · ".join(str(p) for p in parts if not missing(p) and str(p).strip())


def _facilitators(source: db.Source, f: Filter, code: str, lang: str, who: Principal) -> Tab:
    tab = Tab(t("d.facilitators", lang))
    if level_of(code) != "regency":
        tab.notes.append(
            t("d.facilitators_province", lang)
            if level_of(code) == "province"
            else t("d.district_training", lang)
        )
        return tab
    df, named = detail.facilitators(source, f, code, who)
    if df.empty:
        tab.notes.append(t("d.no_batches", lang))
        return tab
    if named:
        if len(df) >= detail.FACILITATOR_LIMIT:
            tab.notes.append(t("d.facilitators_limit", lang, shown=fmt_int(len(df), lang)))
        tab.table = pd.DataFrame(
            {
                t("col.name", lang): df.name,
                t("col.details", lang): [
                    _joined(
                        official_id,
                        sex,
                        label("role", role, lang),
                        t("d.in_batch", lang, wave=to_roman(wave), batch=batch),
                        label("training", status, lang),
                    )
                    for official_id, sex, role, wave, batch, status in zip(
                        df.official_id, df.sex, df.role, df.wave_number, df.batch, df.status
                    )
                ],
            }
        )
    else:
        tab.notes.append(t("d.facilitators_aggregate", lang))
        tab.table = pd.DataFrame(
            {
                t("col.role", lang): df.role.map(lambda r: label("role", r, lang)),
                t("col.state", lang): df.state.map(lambda s: t(f"state.{s}", lang)),
                t("col.count", lang): df.facilitators,
            }
        )
    return tab


def _enterprises(source: db.Source, f: Filter, code: str, lang: str) -> Tab:
    tab = Tab(t("d.enterprises", lang))
    for by, key in (("sector", "d.by_sector"), ("status", "d.by_status")):
        df = detail.enterprises_by(source, f, code, by)
        data = pd.DataFrame(
            {
                t(f"col.{by}", lang): df[by].map(lambda v, k=by: label(k, v, lang)),
                t("col.enterprises", lang): df.enterprises,
            }
        )
        title = t(key, lang)
        tab.charts.append(Chart(title, data, panel_charts.bars(title, data, lang)))
    return tab


def _trend(source: db.Source, f: Filter, code: str, lang: str) -> Tab:
    tab = Tab(t("d.trend", lang))
    df = _training(tab, code, lambda: detail.waves(source, f, code), lang)
    if df is None:
        return tab
    waves = [to_roman(w) for w in df.wave_number]
    for column, key, color in (
        ("participants", "d.trend.participants", panel_charts.BAR),
        ("trained_cumulative", "d.trend.cumulative", panel_charts.DARK),
    ):
        title = t(key, lang)
        data = pd.DataFrame({t("col.wave", lang): waves, title: df[column]})
        tab.charts.append(Chart(title, data, panel_charts.bars(title, data, lang, color)))
    return tab


def _weakest(source: db.Source, f: Filter, province: str, lang: str) -> str | None:
    """A province's five regencies of lowest coverage, the lowest first: where to act."""
    regencies = queries.figures(source, f, "regency", province)
    ranked = ranking(regencies, "coverage", "regency", lang)  # as the map's ranking orders them
    if ranked is None:
        return None
    named = ", ".join(f"{n} {v}" for _, n, v in ranked.rows.head(5).itertuples(index=False))
    return t("d.weakest", lang, regencies=named)


def panel(
    source: db.Source, f: Filter, code: str, lang: str, who: Principal, stale: str | None = None
) -> Panel:
    """The panel of region ``code`` (a province, regency or district); ``stale``: what to
    say of the figures that are the latest upload's (``labels.status_note``), if anything."""
    level = level_of(code)
    within = regency_of(code) if level == "district" else None
    df = queries.figures(source, f, level, within, with_median=level != "district")
    row = df[df.code == code]
    name = detail.region_name(source, code) or code
    cards = [] if row.empty else _cards(row.iloc[0], lang, level == "district")
    notes = []
    if stale and cards:
        notes.append(stale)
    if level == "province" and (weakest := _weakest(source, f, code, lang)):
        notes.append(weakest)
    if level == "regency":
        without = queries.without_district(source, f, code)["enterprises"]
        if without:
            notes.append(t("d.without_district", lang, n=fmt_int(without, lang)))
    tabs = [
        _batches(source, f, code, lang),
        _facilitators(source, f, code, lang, who),
        _enterprises(source, f, code, lang),
        _trend(source, f, code, lang),
    ]
    return Panel(name, cards, notes, tabs)
