"""The leadership briefing: figures against target, progress by wave, charts data, narrative.

One ``Briefing`` is built from the same query layer as the map (``atlas.store.queries``), so the
page, the PDF, the PowerPoint and the CLI carry the same numbers for the same filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from atlas.core.filters import Filter, format_waves, to_roman
from atlas.core.i18n import fmt_date, fmt_int, fmt_pct, t
from atlas.core.labels import filter_part, named_or_counted
from atlas.store import db, plan, queries


@dataclass
class Briefing:
    filter: Filter
    total: pd.Series  # queries.figures(…, "total") row, with median turnover
    waves: pd.DataFrame  # per wave: participants, trained, in_training, planned, batches, …
    provinces: pd.DataFrame  # queries.figures(…, "province")
    sectors: pd.DataFrame  # sector, enterprises
    status_by_wave: pd.DataFrame  # wave_number, status, enterprises
    batches_total: int  # batches in the programme plan (146 on the demo)
    waves_total: int  # waves in the plan (11)
    last_import: datetime | None
    # When nothing matches the filter: the filter dimensions that empty it.
    emptied_by: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Nothing matches the filter: no participant, no enterprise."""
        return queries.is_empty(self.total)

    @property
    def batches_held(self) -> int:
        return int(self.waves.batches_done.sum()) if not self.waves.empty else 0

    @property
    def waves_held(self) -> int:
        return int((self.waves.state == "done").sum()) if not self.waves.empty else 0

    @property
    def provinces_reached(self) -> list[str]:
        return list(self.total.provinces)

    def change_since_previous_wave(self) -> tuple[int, int] | None:
        """(trained in the latest finished wave, its number): what it added to the total."""
        done = self.waves[self.waves.state == "done"]
        if done.empty:
            return None
        last = done.iloc[-1]
        return int(last.trained), int(last.wave_number)


def by_wave(source: db.Source, f: Filter) -> pd.DataFrame:
    """Per wave of the selection: participants by state, batches (held), dates, provinces,
    the wave's state at the as-of date and the running totals."""
    df, provinces = plan.by_wave(source, f)
    if df.empty:
        return pd.DataFrame(
            columns=[
                "wave_number",
                "participants",
                "trained",
                "in_training",
                "planned",
                "not_completed",
                "batches",
                "batches_done",
                "start_date",
                "end_date",
                "provinces",
                "state",
                "trained_cumulative",
                "plan_cumulative",
            ]
        )
    df["provinces"] = df.wave_number.map(provinces.groupby("wave_number").province.apply(sorted))
    df["state"] = [
        "done" if e < f.as_of else "planned" if s > f.as_of else "in_training"
        for s, e in zip(df.start_date, df.end_date)
    ]
    df["trained_cumulative"] = df.trained.cumsum()
    df["plan_cumulative"] = df.participants.cumsum()
    return df


def enterprise_breakdown(source: db.Source, f: Filter) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(enterprises by sector, enterprises by facilitator's wave and status) at the as-of
    date."""
    with db.snapshot(source) as conn:
        sectors = queries.enterprises_by(conn, f, ("sector",))
        status = queries.enterprises_by(conn, f, ("wave_number", "status"))
    sectors = sectors.sort_values(["enterprises", "sector"], ascending=[False, True])
    status = status[status.wave_number > 0].sort_values(["wave_number", "status"])
    return (
        sectors[["sector", "enterprises"]].reset_index(drop=True),
        status[["wave_number", "status", "enterprises"]].reset_index(drop=True),
    )


def _provinces(source: db.Source, f: Filter) -> pd.DataFrame:
    """Per province of the selection. A briefing of waves or batches is about their own
    provinces (wave IX: DIY, Jawa Timur, NTT), not all six with rows of zeros; an empty
    selection keeps them all, each saying so."""
    provinces = queries.figures(source, f, "province")
    if (f.waves or f.batches) and provinces.participants.sum():
        provinces = provinces[provinces.participants > 0].reset_index(drop=True)
    return provinces


def build(source: db.Source, f: Filter, last_import: datetime | None = None) -> Briefing:
    """The briefing of a selection, every figure from one snapshot of the database."""
    with db.snapshot(source) as snap:
        total = queries.figures(snap, f, "total", with_median=True).iloc[0]
        sectors, status = enterprise_breakdown(snap, f)
        batches_total, waves_total = plan.size(snap, f)
        return Briefing(
            filter=f,
            total=total,
            waves=by_wave(snap, f),
            provinces=_provinces(snap, f),
            sectors=sectors,
            status_by_wave=status,
            batches_total=batches_total,
            waves_total=waves_total,
            last_import=last_import,
            emptied_by=queries.emptied_by(snap, f) if queries.is_empty(total) else (),
        )


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    word = " dan " if lang == "id" else " and "
    return ", ".join(items[:-1]) + word + items[-1]


def narrative(b: Briefing, lang: str) -> list[str]:
    """A few sentences written from the figures, in the user's language. For an empty
    selection, one: that nothing matches, and which filters empty it."""
    if b.empty:
        if not b.emptied_by:
            return [t("brief.n.nothing", lang)]
        parts = " · ".join(filter_part(b.filter, d, lang) for d in b.emptied_by)
        return [t("empty.plain", lang, parts=parts)]
    tot = b.total
    # Nobody of the selection trained yet (a wave in progress): said against its own
    # participants, not as "0 of 4.371 facilitators".
    first = (
        t(
            "brief.n.trained",
            lang,
            date=fmt_date(b.filter.as_of, lang),
            trained=fmt_int(tot.trained, lang),
            roster=fmt_int(tot.facilitators_roster, lang),
            pct=fmt_pct(tot.coverage, lang),
        )
        if tot.trained or not tot.participants
        else t(
            "brief.n.none_yet",
            lang,
            date=fmt_date(b.filter.as_of, lang),
            participants=fmt_int(tot.participants, lang),
        )
    )
    out = [first]
    running = b.waves[b.waves.state == "in_training"]
    for w in running.itertuples():
        provinces = _join(named_or_counted(w.provinces, lang), lang)
        out[-1] += t(
            "brief.n.running",
            lang,
            wave=to_roman(w.wave_number),
            batches=fmt_int(w.batches, lang),
            participants=fmt_int(w.in_training, lang),
            provinces=provinces,
        )
    out[-1] += "."
    planned = b.waves[b.waves.state == "planned"]
    if not planned.empty:
        out.append(
            t(
                "brief.n.planned",
                lang,
                waves=format_waves(tuple(planned.wave_number)),
                batches=fmt_int(planned.batches.sum(), lang),
                participants=fmt_int(planned.planned.sum(), lang),
            )
        )
    if tot.enterprises:
        out.append(
            t(
                "brief.n.enterprises",
                lang,
                enterprises=fmt_int(tot.enterprises, lang),
                active=fmt_pct(tot.active_share, lang),
                graduated=fmt_int(tot.graduated, lang),
            )
        )
    return out
