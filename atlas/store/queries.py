"""Aggregated figures for a filter: one query layer for the CLI, the map and the briefing.

Everything is read from the summary tables (``agg_*``) with bound parameters; the results
are small frames (one row per province, regency or district), never raw tables.

Definitions, relative to the as-of date ``d``:

* ``participants`` — facilitators registered in the selected batches;
* ``trained`` — participants of batches that ended before ``d``, except those recorded as
  *tidak lulus* or *mengundurkan diri* (``not_completed``);
* ``in_training`` — participants of batches running on ``d``;
* ``planned`` — participants of batches that start after ``d``;
* ``facilitators_roster`` — the roster of the selected provinces (the target; it does not
  depend on the wave or batch filter);
* enterprise figures count KPM enterprises in the selected provinces (and sectors and
  statuses); with a wave or batch filter, only those accompanied by facilitators of the
  selected batches. ``enterprises``: started on or before ``d``; ``graduated``: graduated
  on or before ``d``; an enterprise or graduation with no date counts at every date.
  ``enterprises_active`` counts those started by ``d`` whose status — the latest upload's:
  statuses have no history — is not *tidak aktif*; the median turnover is the latest
  upload's too (``labels.status_note`` says so beside them). Read from the all-time
  summaries and the dated ones (``dated_side``, ``dated_plan``).

Training is recorded per regency, so at district level only enterprise figures exist; the
training columns are missing (no data), never zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd
from sqlalchemy import (
    BigInteger,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy.engine import Connection

from atlas.core import areas, urls
from atlas.core.filters import Filter
from atlas.core.regions import Level, level_of
from atlas.store import conditions, db
from atlas.store.histories import month_index
from atlas.store.models import (
    ENTERPRISE_STATUSES,
    INACTIVE_STATUS,
    NO_DAY,
    NOT_COMPLETED_STATUSES,
    TURNOVER_BANDS,
    AggDatedBatchDay,
    AggDatedBatchMonth,
    AggDatedDay,
    AggDatedDistrictDay,
    AggDatedDistrictMonth,
    AggDatedMonth,
    AggDatedSectorWaveMonth,
    AggDatedSectorWaveYear,
    AggDatedWaveMonth,
    AggDatedWaveYear,
    AggDistrict,
    AggEnterprise,
    AggEnterpriseBatch,
    AggRoster,
    AggTraining,
    AggTurnover,
    AggTurnoverRegency,
    AggTurnoverWave,
    Region,
    status_column,
)

TRAINING_FIELDS = (
    "participants",
    "trained",
    "in_training",
    "planned",
    "not_completed",
    "batches",
    "waves",
)
ENTERPRISE_FIELDS = ("enterprises", "enterprises_active", "graduated")
COUNT_FIELDS = ("facilitators_roster", *TRAINING_FIELDS, *ENTERPRISE_FIELDS)


def _group_col(table, level: Level):
    """The grouping column; for the total a constant, grouped by nothing."""
    if level == "province":
        return table.province_code
    if level == "regency":
        return table.regency_code
    if level == "district":
        return table.district_code
    return literal_column("'all'")


def _grouped(stmt, key, level: Level):
    # PostgreSQL refuses GROUP BY on a constant; the total needs no GROUP BY at all.
    return stmt if level == "total" else stmt.group_by(key)


def training_state_sums(t, as_of):
    """SUM expressions splitting participants by their state on the as-of date."""
    failed = t.status.in_(NOT_COMPLETED_STATUSES)
    return (
        func.sum(t.participants).label("participants"),
        func.sum(case((and_(~failed, t.end_date < as_of), t.participants), else_=0)).label(
            "trained"
        ),
        func.sum(
            case(
                (and_(~failed, t.start_date <= as_of, t.end_date >= as_of), t.participants), else_=0
            )
        ).label("in_training"),
        func.sum(case((and_(~failed, t.start_date > as_of), t.participants), else_=0)).label(
            "planned"
        ),
        func.sum(case((failed, t.participants), else_=0)).label("not_completed"),
    )


def _zeros(*names: str) -> list:
    return [literal_column("0").label(n) for n in names]


def _training_part(f: Filter, level: Level, within: str | None):
    t = AggTraining
    key = _group_col(t, level).label("code")
    stmt = (
        select(
            key,
            *_zeros("facilitators_roster"),
            *training_state_sums(t, f.as_of),
            func.count(func.distinct(t.batch_id)).label("batches"),
            func.count(func.distinct(t.wave_number)).label("waves"),
            *_zeros(*ENTERPRISE_FIELDS),
        )
        .where(*conditions.training(f), *conditions.region(t, within))
        .where(t.participants > 0)
    )
    return _grouped(stmt, key, level)


def _roster_part(f: Filter, level: Level, within: str | None):
    r = AggRoster
    key = _group_col(r, level).label("code")
    stmt = select(
        key,
        func.sum(r.facilitators).label("facilitators_roster"),
        *_zeros(*TRAINING_FIELDS, *ENTERPRISE_FIELDS),
    ).where(*conditions.region(r, within))
    if chosen := conditions.provinces(f):
        stmt = stmt.where(r.province_code.in_(chosen))
    return _grouped(stmt, key, level)


def _by_sector_or_status(f: Filter) -> bool:
    """Only a sector or status filter needs the detailed tables; otherwise the rollups
    without those two dimensions give the same sums from a fraction of the rows."""
    return bool(f.sectors or f.statuses)


@dataclass(frozen=True)
class _Grain:
    """The enterprise summaries of one grain: all time, by month, by day, and by year
    where there is such a table (the years before a date's own, read instead of months)."""

    whole: type
    month: type
    day: type
    year: type | None = None


_DISTRICT = _Grain(AggDistrict, AggDatedDistrictMonth, AggDatedDistrictDay)


def _grain(f: Filter, level: Level, by: tuple[str, ...] = ()) -> _Grain:
    """The fewest rows that answer ``f`` at ``level``, grouped by ``by``: without a sector,
    the all-time rollup by batch; with one, the all-time figures by sector. Then by wave the
    years before the date's own and its year's months, unless a batch filter needs the
    months by batch; and the days by batch (at most 15 of them). All carry the statuses as
    columns."""
    if level == "district":
        return _DISTRICT
    if f.sectors or "sector" in by:
        if f.batches:
            return _Grain(AggEnterprise, AggDatedMonth, AggDatedDay)
        return _Grain(AggEnterprise, AggDatedSectorWaveMonth, AggDatedDay, AggDatedSectorWaveYear)
    if f.batches:
        return _Grain(AggEnterpriseBatch, AggDatedBatchMonth, AggDatedBatchDay)
    return _Grain(AggEnterpriseBatch, AggDatedWaveMonth, AggDatedBatchDay, AggDatedWaveYear)


Side = Literal["whole", "earlier", "later"]


def dated_side(conn: Connection, as_of: date) -> Side:
    """How enterprise figures at ``as_of`` are read: ``whole``, the all-time summaries, when
    nothing on record happened after it (the usual case: today); else from the dated
    summaries, counting what came ``earlier`` or subtracting what came ``later`` from the
    whole, whichever side of the date holds fewer months of events."""
    d = AggDatedBatchDay.day
    # Two scalar subqueries: each is one step along the index (asked together, SQLite
    # scanned the table: 40 ms at 5 million enterprises).
    ends = (select(f(d)).where(d > NO_DAY).scalar_subquery() for f in (func.min, func.max))
    first, last = conn.execute(select(*ends)).one()
    if last is None or as_of >= last:
        return "whole"
    return "earlier" if as_of < first + (last - first) / 2 else "later"


def _added(cols: list):
    return sum(cols[1:], cols[0]) if cols else literal(0)


def _status_sums(e, statuses: tuple[str, ...]) -> tuple:
    """Enterprises, active ones and graduations in a table of enterprise figures, for the
    ``statuses`` (all when empty). Tables keyed by status are filtered by
    ``conditions.enterprises``; the dated ones add up the columns of the statuses."""
    if hasattr(e, "enterprises_active") and not statuses:  # agg_enterprise_batch
        return e.enterprises, e.enterprises_active, e.graduated
    if hasattr(e, "status"):
        return (
            e.enterprises,
            case((e.status != INACTIVE_STATUS, e.enterprises), else_=0),
            e.graduated,
        )
    if not statuses:
        # The same sums as every status's columns added up, from fewer columns.
        return (
            e.enterprises,
            e.enterprises - getattr(e, status_column("started", INACTIVE_STATUS)),
            e.graduated,
        )
    started = [getattr(e, status_column("started", s)) for s in statuses]
    active = [getattr(e, status_column("started", s)) for s in statuses if s != INACTIVE_STATUS]
    graduated = [getattr(e, status_column("graduated", s)) for s in statuses]
    return _added(started), _added(active), _added(graduated)


def _enterprise_sums(e, statuses: tuple[str, ...], sign: int) -> list:
    return [
        (sign * func.sum(col)).label(name)
        for name, col in zip(ENTERPRISE_FIELDS, _status_sums(e, statuses))
    ]


def dated_plan(g: _Grain, as_of: date, side: Side) -> list[tuple[type, int, list]]:
    """What to add up for the enterprise figures at ``as_of`` (``dated_side``), as (table,
    sign, conditions): the all-time sums; or the whole months before a boundary; or the
    all-time sums less the whole months after it. The boundary is the start of the month,
    or of the next, whichever is nearer the date; the days between it and the date are read
    by day (at most 15)."""
    whole = (g.whole, 1, [])
    if side == "whole":
        return [whole]
    d = as_of
    first, last = d.replace(day=1), _month_end(d)
    if d - first <= last - d:
        boundary, days = month_index(d), (g.day, 1, [g.day.day.between(first, d)])
    else:
        boundary, days = month_index(d) + 1, (g.day, -1, [g.day.day > d, g.day.day <= last])
    if side == "earlier":
        return [*_periods_before(g, boundary), days]
    return [whole, *_periods_from(g, boundary), days]


def _periods_before(g: _Grain, boundary: int) -> list[tuple[type, int, list]]:
    """The events before month ``boundary``: whole years from the year table (where there
    is one), then the months of the boundary's own year."""
    m = g.month.month
    if g.year is None:
        return [(g.month, 1, [m < boundary])]
    year = boundary // 12
    return [(g.year, 1, [g.year.year < year]), (g.month, 1, [m >= year * 12, m < boundary])]


def _periods_from(g: _Grain, boundary: int) -> list[tuple[type, int, list]]:
    """The events from month ``boundary`` on, to subtract: the months of its year, then
    the whole years after it."""
    m = g.month.month
    if g.year is None:
        return [(g.month, -1, [m >= boundary])]
    year = boundary // 12
    return [(g.month, -1, [m >= boundary, m < (year + 1) * 12]), (g.year, -1, [g.year.year > year])]


def _enterprise_parts(f: Filter, level: Level, within: str | None, side: Side) -> list:
    """The enterprise figures of each region of ``level`` at ``f.as_of``, as parts to add."""
    g = _grain(f, level)
    parts = []
    for e, sign, when in dated_plan(g, f.as_of, side):
        key = _group_col(e, level).label("code")
        sums = _enterprise_sums(e, f.statuses, sign)
        stmt = select(key, *_zeros("facilitators_roster", *TRAINING_FIELDS), *sums).where(
            *conditions.enterprises(f, e), *conditions.region(e, within), *when
        )
        parts.append(_grouped(stmt, key, level))
    return parts


def enterprises_by(
    conn: Connection, f: Filter, by: tuple[str, ...], region: str | None = None
) -> pd.DataFrame:
    """Enterprises, active and graduated at ``f.as_of`` grouped by ``by`` (``sector``,
    ``status``, ``wave_number``), in ``region`` (a province, regency or district) or
    everywhere; groups with nothing left out."""
    district = region is not None and level_of(region) == "district"
    g = _grain(f, "district" if district else "total", by)
    parts = []
    for e, sign, when in dated_plan(g, f.as_of, dated_side(conn, f.as_of)):
        in_region = [e.district_code == region] if district else conditions.region(e, region)
        where = [*conditions.enterprises(f, e), *in_region, *when]
        parts += _grouped_by(e, f, by, sign, where)
    u = union_all(*parts).subquery("parts")
    sums = [func.sum(u.c[n]) for n in ENTERPRISE_FIELDS]
    keys = [u.c[c] for c in by]
    stmt = select(*keys, *sums).group_by(*keys).having(or_(sums[0] != 0, sums[2] != 0))
    out = pd.DataFrame(conn.execute(stmt).all(), columns=[*by, *ENTERPRISE_FIELDS])
    return out.astype({n: "int64" for n in ENTERPRISE_FIELDS})


def _grouped_by(e, f: Filter, by: tuple[str, ...], sign: int, where: list) -> list:
    """``e``'s sums grouped by ``by``; by status in a dated table (statuses as columns), one
    SELECT per status, the status a constant."""
    if "status" not in by or hasattr(e, "status"):
        cols = [getattr(e, c) for c in by]
        sums = _enterprise_sums(e, f.statuses, sign)
        return [
            select(*(c.label(n) for c, n in zip(cols, by)), *sums).where(*where).group_by(*cols)
        ]
    others = [getattr(e, c) for c in by if c != "status"]
    parts = []
    for s in f.statuses or ENTERPRISE_STATUSES:
        cols = {c: literal(s).label(c) if c == "status" else getattr(e, c).label(c) for c in by}
        stmt = select(*cols.values(), *_enterprise_sums(e, (s,), sign)).where(*where)
        parts.append(stmt.group_by(*others) if others else stmt)
    return parts


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


SUMMED = COUNT_FIELDS


def _counts(conn: Connection, f: Filter, level: Level, within: str | None) -> dict[str, tuple]:
    """Every count of every region of ``level`` in one statement: the roster, training and
    enterprise sums, each grouped by region, stacked (UNION ALL) and summed per region.
    One statement instead of three, and no frames to merge: at 5 million enterprises the
    database answers in a few milliseconds and the Python around each statement was most of
    a query's time. Returns ``{code: (sums in SUMMED order)}``."""
    stmt = _counts_statement(f, level, within, dated_side(conn, f.as_of), _area())
    return {row[0]: tuple(row[1:]) for row in conn.execute(stmt)}


def _area() -> str:
    """The working area, in the key of each cached statement: with no province chosen, a
    statement takes the area's provinces (``conditions.provinces``)."""
    return areas.current().code


@lru_cache(maxsize=512)
def _counts_statement(f: Filter, level: Level, within: str | None, side: Side, _area: str):
    # Built once per view: composing the statement cost as much as the database running it.
    # (Filters are frozen, their values are part of the statement; SQLAlchemy caches the SQL.)
    parts = _enterprise_parts(f, level, within, side)
    if level != "district":
        parts += [_roster_part(f, level, within), _training_part(f, level, within)]
    stacked = union_all(*parts).subquery("parts")
    sums = [cast(func.coalesce(func.sum(stacked.c[n]), 0), BigInteger).label(n) for n in SUMMED]
    if level == "total":
        stmt = select(literal_column("'all'"), *sums)
    else:
        stmt = select(stacked.c.code, *sums).group_by(stacked.c.code)
    return stmt


def is_empty(row: pd.Series) -> bool:
    """A selection with no training participants and no enterprises: nothing to show."""
    return not (row.participants or row.enterprises)


def emptied_by(source: db.Source, f: Filter) -> tuple[str, ...]:
    """For an empty selection, the filter dimensions (``labels.NARROWING``) that empty it:
    those whose removal alone brings figures back, or every one that is set when no single
    removal does (Bali + wave IX: each is fine alone, so both are named); none when the
    selection is empty without any filter."""
    from atlas.core.labels import NARROWING

    active = [d for d in NARROWING if getattr(f, d)]
    culprits = tuple(d for d in active if not is_empty(figures(source, f.with_(**{d: ()})).iloc[0]))
    if culprits or not active:
        return culprits
    # Empty without any filter too (a database with no data yet): no filter is to blame.
    unfiltered = f.with_(**dict.fromkeys(active, ()))
    return () if is_empty(figures(source, unfiltered).iloc[0]) else tuple(active)


def without_district(source: db.Source, f: Filter, regency: str) -> dict[str, int]:
    """The enterprise figures of a regency's enterprises with no recorded district (the
    column is optional in the enterprise file): its total less the sum of its districts, so
    that the district table plus this row equals the regency's own figures."""
    with db.snapshot(source) as conn:
        side = dated_side(conn, f.as_of)
        whole = _counts_statement(f, "total", regency, side, _area())
        parts = _counts_statement(f, "district", regency, side, _area()).subquery()
        districts = select(*(func.coalesce(func.sum(parts.c[n]), 0) for n in ENTERPRISE_FIELDS))
        in_regency = dict(zip(SUMMED, conn.execute(whole).one()[1:]))
        in_districts = conn.execute(districts).one()
    return {n: int(in_regency[n]) - int(v) for n, v in zip(ENTERPRISE_FIELDS, in_districts)}


def _provinces_reached(conn: Connection, f: Filter) -> list[str]:
    """The provinces with participants (the total's ``provinces``)."""
    t = AggTraining
    stmt = (
        select(t.province_code).where(*conditions.training(f)).where(t.participants > 0).distinct()
    )
    return sorted(conn.execute(stmt).scalars())


def _median_turnover(conn: Connection, f: Filter, level: Level, within: str | None) -> pd.Series:
    """Median monthly turnover per region (approximate: interpolated within turnover bands)."""
    if level == "district":
        return pd.Series(dtype=float)
    if level == "regency" and not (_by_sector_or_status(f) or f.batches or f.waves):
        # The default regency map: each regency's median band read directly (one row each).
        t = AggTurnoverRegency
        rows = conn.execute(
            select(t.regency_code, t.band, t.enterprises, t.cumulative, t.regency_total).where(
                t.cumulative * 2 >= t.regency_total,
                (t.cumulative - t.enterprises) * 2 < t.regency_total,
                *conditions.enterprises(f, t),
                *conditions.region(t, within),
            )
        ).all()
        if not rows:
            return pd.Series(dtype=float)
        codes, band, n, cum, total = (np.array(c) for c in zip(*rows))
        return pd.Series(_interpolate(band.astype(int), n, cum, total), index=codes, dtype=float)
    rows = conn.execute(_median_statement(f, level, within, _area())).all()
    if not rows:
        return pd.Series(dtype=float)
    codes, bands, counts = zip(*rows)
    if level == "total":
        codes = ("all",) * len(rows)
    return medians_from_bands(
        np.array(codes, dtype=object), np.array(bands, dtype=int), np.array(counts, dtype=float)
    )


@lru_cache(maxsize=512)
def _median_statement(f: Filter, level: Level, within: str | None, _area: str):
    # The smallest table that has the filter's dimensions. (Letting the database find the
    # median band with window sums at query time was measured slower on SQLite, and no
    # faster on PostgreSQL, than fetching the band counts.)
    if _by_sector_or_status(f) or f.batches:
        t = AggTurnover
    else:
        t = AggTurnoverWave if f.waves else AggTurnoverRegency
    key = _group_col(t, level).label("code")
    return (
        select(key, t.band, func.sum(t.enterprises).label("n"))
        .where(*conditions.enterprises(f, t), *conditions.region(t, within))
        .group_by(*(() if level == "total" else (key,)), t.band)
    )


def medians_from_bands(code: np.ndarray, band: np.ndarray, n: np.ndarray) -> pd.Series:
    """The median turnover of each region from its enterprises per turnover band (one entry
    per region, band and count): a region x band matrix, its running totals, the first band
    whose running total reaches half."""
    codes, row = np.unique(code, return_inverse=True)
    counts = np.zeros((len(codes), len(TURNOVER_BANDS)))
    np.add.at(counts, (row, band), n)
    cum = counts.cumsum(axis=1)
    total = cum[:, -1]
    band = (cum * 2 >= total[:, None]).argmax(axis=1)
    rows = np.arange(len(band))
    value = _interpolate(band, counts[rows, band], cum[rows, band], total)
    return pd.Series(np.where(total > 0, value, np.nan), index=codes, dtype=float)


def _interpolate(band: np.ndarray, n: np.ndarray, cum: np.ndarray, total: np.ndarray) -> np.ndarray:
    """The median within the band that holds it (``n`` enterprises in it, ``cum`` up to and
    including it, ``total`` in the region), assuming them spread evenly over the band."""
    n, cum, total = (np.asarray(a, dtype=float) for a in (n, cum, total))
    lower = np.array(TURNOVER_BANDS, dtype=float)[band]
    upper = np.array([*TURNOVER_BANDS[1:], TURNOVER_BANDS[-1] * 2], dtype=float)[band]
    with np.errstate(divide="ignore", invalid="ignore"):
        value = lower + (upper - lower) * (total / 2 - (cum - n)) / n
    return np.where(band == 0, 0.0, value)


def _regions(conn: Connection, f: Filter, level: Level, within: str | None) -> pd.DataFrame:
    """The rows every answer has, even when nothing matched (zeros, not missing rows)."""
    if level == "total":
        return pd.DataFrame({"code": ["all"], "name": [""], "province_code": [""]})
    # The region list is reference data, written by setup only: read once per database.
    chosen = conditions.provinces(f)
    key = (conn.engine.url.render_as_string(hide_password=False), level, within, chosen)
    if key not in _REGIONS:
        _REGIONS[key] = _region_rows(conn, chosen, level, within)
    return _REGIONS[key].copy()


_REGIONS: dict[tuple, pd.DataFrame] = {}


def forget_regions() -> None:
    """After the region table was (re)filled."""
    _REGIONS.clear()


def _region_rows(
    conn: Connection, provinces: tuple[str, ...], level: Level, within: str | None
) -> pd.DataFrame:
    stmt = select(Region.code, Region.name, Region.parent_code).where(Region.level == level)
    if level == "district":
        stmt = stmt.where(Region.parent_code == within)
    else:
        if provinces:
            col = Region.code if level == "province" else Region.parent_code
            stmt = stmt.where(col.in_(provinces))
        if within and level == "regency":
            stmt = stmt.where(Region.parent_code == within)
    df = db.frame(conn, stmt.order_by(Region.code), ["code", "name", "parent_code"])
    df["province_code"] = df.code.str[:2]
    return df.drop(columns="parent_code")


def figures(
    source: db.Source,
    f: Filter,
    level: Level = "total",
    within: str | None = None,
    *,
    with_median: bool = False,
) -> pd.DataFrame:
    """One row per region of ``level`` (or one row for the total) with every figure.

    ``within`` limits regencies to a province and is required for districts (a regency).
    """
    # One snapshot for every statement: a reader during an import sees it before or after.
    with db.snapshot(source) as conn:
        return figures_at(conn, f, level, within, with_median=with_median)


def figures_at(
    conn: Connection,
    f: Filter,
    level: Level = "total",
    within: str | None = None,
    *,
    with_median: bool = False,
) -> pd.DataFrame:
    """``figures`` on an open connection: several sets of figures read in one
    ``db.snapshot`` agree with each other."""
    if level == "district" and not within:
        raise ValueError("district figures need the regency they lie in")
    regions = _regions(conn, f, level, within)
    counts = _counts(conn, f, level, within)
    reached = _provinces_reached(conn, f) if level == "total" else None
    median = _median_turnover(conn, f, level, within) if with_median else None
    # Every region gets a row, with zeros where nothing matched (not a missing row). The frame
    # is built once from finished columns: adding columns one by one to a pandas frame cost
    # more than the queries.
    codes = list(regions["code"])
    zero = (0,) * len(SUMMED)
    matrix = np.array([counts.get(c, zero) for c in codes], dtype="int64").reshape(-1, len(SUMMED))
    cols: dict[str, object] = {
        "code": codes,
        "name": list(regions["name"]),
        "province_code": list(regions["province_code"]),
    }
    cols.update(zip(SUMMED, matrix.T))
    if level == "district":
        cols.update(
            {c: np.full(len(codes), np.nan) for c in ("facilitators_roster", *TRAINING_FIELDS)}
        )
        cols["provinces"] = [[] for _ in codes]
    elif level == "total":
        cols["provinces"] = [reached]
    else:  # a province or regency is "reached" when it has participants: its own province
        cols["provinces"] = [
            [code[:2]] if n else [] for code, n in zip(codes, cols["participants"])
        ]
    roster, trained, enterprises = (
        np.asarray(cols[c], dtype=float) for c in ("facilitators_roster", "trained", "enterprises")
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        cols["coverage"] = np.where(roster > 0, trained / roster, np.nan)
        cols["active_share"] = np.where(
            enterprises > 0, cols["enterprises_active"] / enterprises, np.nan
        )
        cols["enterprises_per_trained"] = np.where(trained > 0, enterprises / trained, np.nan)
    if median is not None:
        cols["median_turnover"] = [median.get(c, np.nan) for c in codes]
    df = pd.DataFrame(cols)
    if level == "total" and is_empty(df.iloc[0]):
        # Nothing matches (Bali + wave IX): "0 of 170 (0 %) trained" would read as a finding
        # about Bali's facilitators. The share is unknown ("—", JSON null), not zero.
        df["coverage"] = np.nan
    return df


def _as_dict(row: pd.Series, f: Filter, with_code: bool) -> dict:
    d: dict = {}
    if with_code:
        d["code"] = row["code"]
        d["name"] = row["name"]
    for name in COUNT_FIELDS:
        d[name] = None if pd.isna(row[name]) else int(row[name])
    d["provinces"] = list(row["provinces"])
    d["coverage"] = None if pd.isna(row["coverage"]) else round(float(row["coverage"]), 4)
    d["as_of"] = f.as_of.isoformat()
    return d


def summary(source: db.Source, f: Filter) -> dict:
    """The headline figures for a filter as a plain dict (the CLI's JSON). An empty selection
    also names the filters that empty it (``emptied_by``, as in the URL: gelombang, provinsi…)."""
    row = figures(source, f, "total").iloc[0]
    d = _as_dict(row, f, with_code=False)
    if is_empty(row):
        d["emptied_by"] = [urls.FILTER[dim] for dim in emptied_by(source, f)]
    return d


def summary_by(source: db.Source, f: Filter, level: Literal["province", "regency"]) -> list[dict]:
    df = figures(source, f, level)
    return [_as_dict(row, f, with_code=True) for _, row in df.iterrows()]
