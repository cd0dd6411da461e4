"""Summary tables, kept current in SQL inside the writing transaction.

The map and the briefing never read the raw tables: they read ``agg_roster``,
``agg_training``, ``agg_enterprise``, ``agg_turnover`` and ``agg_district``, whose size depends
on regencies x batches, not on the number of facilitators or enterprises. ``refresh``
recomputes them all with ``INSERT … SELECT … GROUP BY`` (setup, the demo). An import or an
undo keeps them current with a ``Delta``: the same SELECTs, restricted to the rows it
changes, counted before and after, and the difference added cell by cell — its cost follows
the file, not the database. Both bump the data version that caches are keyed on.
The impact page's ``agg_history`` (per facilitator, not per batch) is grouped in SQL and
packed in Python (``atlas.store.histories``), in the same transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import partial

import pandas as pd
from sqlalchemy import (
    Column,
    Date,
    Integer,
    MetaData,
    Select,
    Table,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.schema import CreateTable, DropTable

from atlas.core import progress
from atlas.store import db, histories
from atlas.store.conditions import facilitator_batch, province_sql
from atlas.store.db import bump_data_version, set_meta, values_select
from atlas.store.models import (
    ENTERPRISE_STATUSES,
    INACTIVE_STATUS,
    NO_DAY,
    NO_MONTH,
    NO_YEAR,
    STATUS_COLUMNS,
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
    AggHistory,
    AggRoster,
    AggTraining,
    AggTurnover,
    AggTurnoverRegency,
    AggTurnoverWave,
    Batch,
    Enterprise,
    Facilitator,
    Training,
    status_column,
)

# Raised whenever a summary table is added or changes meaning; setup refreshes older ones.
VERSION = "12"
REBUILDING = "progress.summaries"  # what a rebuild reports, a message key


def _band(col):
    """The TURNOVER_BANDS index of a turnover, in SQL."""
    whens = [(col >= lower, i) for i, lower in reversed(list(enumerate(TURNOVER_BANDS)))]
    return case(*whens, else_=0)


# The summaries of enterprises by the month and by the day of their events (start,
# graduation): what makes every enterprise figure follow the as-of date.
DATED = (
    AggDatedWaveYear,
    AggDatedSectorWaveYear,
    AggDatedWaveMonth,
    AggDatedBatchMonth,
    AggDatedBatchDay,
    AggDatedSectorWaveMonth,
    AggDatedMonth,
    AggDatedDay,
    AggDatedDistrictMonth,
    AggDatedDistrictDay,
)

# Every summary table; each row belongs to one regency (``regency_code``).
SUMMARY_TABLES = (
    AggRoster,
    AggTraining,
    AggEnterprise,
    AggTurnover,
    AggDistrict,
    AggEnterpriseBatch,
    AggTurnoverWave,
    AggTurnoverRegency,
    AggHistory,
    *DATED,
)


def tidy(engine: Engine) -> None:
    """After a full rebuild, on PostgreSQL: ``VACUUM (ANALYZE)`` the summary tables, so that
    the planner knows their new contents and index-only scans work (the covering indexes of
    the sector/status filters: 23 -> 15 ms at 5M enterprises). VACUUM cannot run inside a
    transaction, hence after the commit; after imports, autovacuum does the same."""
    if engine.dialect.name != "postgresql":
        return
    from psycopg import sql

    vacuum = sql.SQL("VACUUM (ANALYZE) {}").format(
        sql.SQL(", ").join(sql.Identifier(t.__tablename__) for t in SUMMARY_TABLES)
    )
    with (
        engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn,
        conn.connection.driver_connection.cursor() as cur,
    ):
        cur.execute(vacuum)


def _roster(conds: list) -> Select:
    return (
        select(Facilitator.regency_code, province_sql(Facilitator.regency_code), func.count())
        .where(*conds)
        .group_by(Facilitator.regency_code)
    )


def _training(conds: list) -> Select:
    return (
        select(
            Facilitator.regency_code,
            Training.batch_id,
            Training.status,
            province_sql(Facilitator.regency_code),
            Batch.wave_number,
            Batch.number,
            Batch.start_date,
            Batch.end_date,
            func.count(),
        )
        .join(Facilitator, Facilitator.id == Training.facilitator_id)
        .join(Batch, Batch.id == Training.batch_id)
        .where(*conds)
        .group_by(
            Facilitator.regency_code,
            Training.batch_id,
            Training.status,
            Batch.wave_number,
            Batch.number,
            Batch.start_date,
            Batch.end_date,
        )
    )


class _Source:
    """Where the enterprise summaries count from: ``c``, columns named as ``enterprise``'s;
    ``batch_id``, ``wave``, ``batch_number``, the enterprise's current batch (0 when it has
    none); ``from_`` and ``where``, the FROM clause and its conditions."""

    def __init__(self, c, current: tuple, from_, where: list) -> None:
        self.c, self.from_, self.where = c, from_, where
        self.batch_id, self.wave, self.batch_number = current

    @classmethod
    def raw(cls, conds: list, fb) -> _Source:
        """The ``enterprise`` rows matching ``conds``, each joined to its facilitator's
        current batch ``fb`` (the full rebuild)."""
        e = Enterprise.__table__
        joined = e.outerjoin(fb, fb.c.facilitator_id == e.c.facilitator_id)
        return cls(e.c, _current(fb), joined, conds)

    @classmethod
    def staged(cls, table) -> _Source:
        """Rows already joined to their current batch (``_stage``: a Delta's)."""
        c = table.c
        return cls(c, (c.batch_id, c.wave_number, c.batch_number), table, [])


def _per_enterprise(src: _Source, extra: list, columns: list, group_by: list) -> Select:
    """``columns`` of the enterprises of ``src`` matching ``extra``, grouped by ``group_by``:
    the shape of every enterprise summary."""
    return select(*columns).select_from(src.from_).where(*extra, *src.where).group_by(*group_by)


def _graduated(e):
    return func.sum(case((e.graduated.is_(True), 1), else_=0))


def _turnover_sum(e):
    return func.coalesce(func.sum(e.monthly_turnover), 0)


def _enterprises(src: _Source) -> Select:
    e = src.c
    return _per_enterprise(
        src,
        [],
        [
            e.regency_code,
            src.batch_id,
            e.sector,
            e.status,
            province_sql(e.regency_code),
            src.wave,
            src.batch_number,
            func.count(),
            _graduated(e),
            _turnover_sum(e),
            func.coalesce(func.sum(e.workers), 0),
        ],
        [e.regency_code, src.batch_id, e.sector, e.status, src.wave, src.batch_number],
    )


def _turnover(src: _Source) -> Select:
    e = src.c
    band = _band(e.monthly_turnover)
    return _per_enterprise(
        src,
        [e.monthly_turnover.is_not(None)],
        [
            e.regency_code,
            src.batch_id,
            e.sector,
            e.status,
            band,
            province_sql(e.regency_code),
            src.wave,
            src.batch_number,
            func.count(),
        ],
        [e.regency_code, src.batch_id, e.sector, e.status, band, src.wave, src.batch_number],
    )


def _district(src: _Source) -> Select:
    e = src.c
    key = [
        e.district_code,
        src.batch_id,
        e.sector,
        e.status,
        e.regency_code,
        src.wave,
        src.batch_number,
    ]
    return _per_enterprise(
        src,
        [e.district_code.is_not(None)],
        [*key, func.count(), _graduated(e), _turnover_sum(e)],
        key,
    )


def _current(fb):
    """An enterprise's batch, wave and batch number: its facilitator's current batch, 0 when
    it has none."""
    return (
        func.coalesce(fb.c.batch_id, literal(0)),
        func.coalesce(fb.c.wave_number, literal(0)),
        func.coalesce(fb.c.batch_number, literal(0)),
    )


def _enterprise_batch(src: _Source) -> Select:
    e = src.c
    return _per_enterprise(
        src,
        [],
        [
            e.regency_code,
            src.batch_id,
            province_sql(e.regency_code),
            src.wave,
            src.batch_number,
            func.count(),
            func.sum(case((e.status != INACTIVE_STATUS, 1), else_=0)),
            _graduated(e),
            _turnover_sum(e),
            *_by_status(e),
        ],
        [e.regency_code, src.batch_id, src.wave, src.batch_number],
    )


def _by_status(e) -> list:
    """``STATUS_COLUMNS``' counts of the enterprises ``e``: of each status, the enterprises
    and the graduated ones."""
    counts = []
    for s in ENTERPRISE_STATUSES:
        counts.append(func.sum(case((e.status == s, 1), else_=0)))
        counts.append(func.sum(case(((e.status == s) & e.graduated.is_(True), 1), else_=0)))
    return counts


def _turnover_wave(src: _Source) -> Select:
    e = src.c
    band = _band(e.monthly_turnover)
    return _per_enterprise(
        src,
        [e.monthly_turnover.is_not(None)],
        [e.regency_code, src.wave, band, province_sql(e.regency_code), func.count()],
        [e.regency_code, src.wave, band],
    )


def _period(col, period: str):
    """The year, the month index or the day of a date, in SQL; ``NO_YEAR``/``NO_MONTH``/
    ``NO_DAY`` when there is none (it then counts at every as-of date)."""
    if period == "year":
        return case((col.is_(None), NO_YEAR), else_=histories.year_of(col))
    if period == "month":
        return case((col.is_(None), NO_MONTH), else_=histories.month_of(col))
    return func.coalesce(col, literal(NO_DAY, Date))


def _dated(columns: list[str], period: str, src: _Source) -> Select:
    """A dated summary's cells (``columns``, the key and attributes, then the counts of
    ``_DatedCounts``): each enterprise of ``src`` is one event in the period of its start
    and, when graduated, one in the period of its graduation, counted in its status's
    columns too; the events are grouped by the key and the period."""
    e = src.c
    known = {
        "regency_code": e.regency_code,
        "district_code": e.district_code,
        "batch_id": src.batch_id,
        "sector": e.sector,
        "province_code": province_sql(e.regency_code),
        "wave_number": src.wave,
        "batch_number": src.batch_number,
    }
    grouped = [n for n in columns if n in known]
    where = [*src.where, *([e.district_code.is_not(None)] if "district_code" in grouped else [])]

    def events(date_col, started: int, graduated: int, *extra):
        return (
            select(
                *(known[n].label(n) for n in grouped),
                _period(date_col, period).label(period),
                literal(started).label("started"),
                literal(graduated).label("graduation"),
                e.status.label("status"),
            )
            .select_from(src.from_)
            .where(*where, *extra)
        )

    u = union_all(
        events(e.start_date, 1, 0), events(e.graduation_date, 0, 1, e.graduated.is_(True))
    ).subquery("events")
    sums = {
        "events": func.count(),
        "enterprises": func.sum(u.c.started),
        "graduated": func.sum(u.c.graduation),
    }
    for s in ENTERPRISE_STATUSES:
        for what, col in (("started", u.c.started), ("graduated", u.c.graduation)):
            sums[status_column(what, s)] = func.sum(case((u.c.status == s, col), else_=0))
    keys = [u.c[n] for n in columns if n not in sums]
    return select(*keys, *(sums[n] for n in columns if n in sums)).group_by(*keys)


# A Delta's enterprise rows, joined once to their current batch and counted from there by
# every enterprise summary and agg_history (each joining and filtering the raw table itself
# took twice as long). A temporary table: per connection, dropped after use.
_STAGED_COLUMNS = [
    "regency_code",
    "district_code",
    "sector",
    "status",
    "monthly_turnover",
    "workers",
    "graduated",
    "facilitator_id",
    "start_date",
    "graduation_date",
]
_STAGED = Table(
    "delta_enterprise",
    MetaData(),
    *(Column(n, Enterprise.__table__.c[n].type) for n in _STAGED_COLUMNS),
    Column("batch_id", Integer),
    Column("wave_number", Integer),
    Column("batch_number", Integer),
    prefixes=["TEMPORARY"],
)


# Each facilitator's current batch (``facilitator_batch``) as a temporary table keyed by
# the facilitator, for the joins of enterprises to it: keyed, the join uses the key
# whatever the planner's statistics say. Joined to the subquery itself, SQLite with the
# statistics of an ANALYZE scanned the subquery once per enterprise (staging 20.000 rows of
# the demo: 4,7 s instead of 0,03 s; a full rebuild at 5 million would not end).
_CURRENT = Table(
    "current_batch",
    MetaData(),
    Column("facilitator_id", Integer, primary_key=True),
    Column("batch_id", Integer),
    Column("wave_number", Integer),
    Column("batch_number", Integer),
    prefixes=["TEMPORARY"],
)


def _current_batches(conn: Connection, only=None) -> Table:
    """``_CURRENT`` filled for the facilitators ``only`` selects (all when None)."""
    conn.execute(DropTable(_CURRENT, if_exists=True))
    conn.execute(CreateTable(_CURRENT))
    fb = facilitator_batch(only)
    columns = [c.name for c in _CURRENT.c]
    conn.execute(insert(_CURRENT).from_select(columns, select(*(fb.c[n] for n in columns))))
    if conn.dialect.name == "postgresql":
        conn.execute(text("ANALYZE current_batch"))
    return _CURRENT


def _stage(conn: Connection, conds: list, only) -> Table:
    """The enterprise rows matching ``conds`` with their current batch (of the facilitators
    ``only`` selects), in ``_STAGED``."""
    conn.execute(DropTable(_STAGED, if_exists=True))
    conn.execute(CreateTable(_STAGED))
    raw = _Source.raw(conds, _current_batches(conn, only))
    rows = (
        select(*(raw.c[n] for n in _STAGED_COLUMNS), raw.batch_id, raw.wave, raw.batch_number)
        .select_from(raw.from_)
        .where(*raw.where)
    )
    conn.execute(insert(_STAGED).from_select([c.name for c in _STAGED.c], rows))
    if conn.dialect.name == "postgresql":
        # A temporary table has no statistics until analysed: the groupings would be
        # planned for a guessed size.
        conn.execute(text("ANALYZE delta_enterprise"))
    return _STAGED


class _Kept:
    """A summary table counted by ``select`` (from raw-table conditions for the roster and
    training parts, from a ``_Source`` for the enterprise part): its columns in
    the SELECT's order, which of them add up (the first counts rows: a cell at zero is no
    cell); the others are the key and attributes of the key (a batch's wave, a regency's
    province)."""

    def __init__(self, table, part: str, select, columns: list[str], sums: list[str]) -> None:
        self.table, self.part, self.select, self.columns, self.sums = (
            table,
            part,
            select,
            columns,
            sums,
        )
        self.keys = [c.name for c in table.__table__.primary_key.columns]
        self.attrs = [c for c in columns if c not in self.keys and c not in sums]


_ENTERPRISE_KEYS = ["regency_code", "batch_id", "sector", "status"]
KEPT = [
    _Kept(
        AggRoster,
        "roster",
        _roster,
        ["regency_code", "province_code", "facilitators"],
        ["facilitators"],
    ),
    _Kept(
        AggTraining,
        "training",
        _training,
        [
            "regency_code",
            "batch_id",
            "status",
            "province_code",
            "wave_number",
            "batch_number",
            "start_date",
            "end_date",
            "participants",
        ],
        ["participants"],
    ),
    _Kept(
        AggEnterprise,
        "enterprise",
        _enterprises,
        [
            *_ENTERPRISE_KEYS,
            "province_code",
            "wave_number",
            "batch_number",
            "enterprises",
            "graduated",
            "turnover_sum",
            "workers_sum",
        ],
        ["enterprises", "graduated", "turnover_sum", "workers_sum"],
    ),
    _Kept(
        AggEnterpriseBatch,
        "enterprise",
        _enterprise_batch,
        [
            "regency_code",
            "batch_id",
            "province_code",
            "wave_number",
            "batch_number",
            "enterprises",
            "enterprises_active",
            "graduated",
            "turnover_sum",
            *STATUS_COLUMNS,
        ],
        ["enterprises", "enterprises_active", "graduated", "turnover_sum", *STATUS_COLUMNS],
    ),
    _Kept(
        AggTurnover,
        "enterprise",
        _turnover,
        [*_ENTERPRISE_KEYS, "band", "province_code", "wave_number", "batch_number", "enterprises"],
        ["enterprises"],
    ),
    _Kept(
        AggTurnoverWave,
        "enterprise",
        _turnover_wave,
        ["regency_code", "wave_number", "band", "province_code", "enterprises"],
        ["enterprises"],
    ),
    _Kept(
        AggDistrict,
        "enterprise",
        _district,
        [
            "district_code",
            "batch_id",
            "sector",
            "status",
            "regency_code",
            "wave_number",
            "batch_number",
            "enterprises",
            "graduated",
            "turnover_sum",
        ],
        ["enterprises", "graduated", "turnover_sum"],
    ),
]


def _dated_kept(table, period: str, grain: list[str], counts: list[str]) -> _Kept:
    columns = [*grain, period, *counts]
    return _Kept(table, "enterprise", partial(_dated, columns, period), columns, counts)


_COUNTS = ["events", "enterprises", "graduated", *STATUS_COLUMNS]
_WAVE = ["regency_code", "wave_number", "province_code"]
_BATCH = ["regency_code", "batch_id", "province_code", "wave_number", "batch_number"]
_SECTOR_WAVE = ["regency_code", "wave_number", "sector", "province_code"]
_SECTOR = ["regency_code", "batch_id", "sector", "province_code", "wave_number", "batch_number"]
_DISTRICT = ["district_code", "batch_id", "sector", "regency_code", "wave_number", "batch_number"]
KEPT += [
    _dated_kept(AggDatedWaveYear, "year", _WAVE, _COUNTS),
    _dated_kept(AggDatedSectorWaveYear, "year", _SECTOR_WAVE, _COUNTS),
    _dated_kept(AggDatedWaveMonth, "month", _WAVE, _COUNTS),
    _dated_kept(AggDatedBatchMonth, "month", _BATCH, _COUNTS),
    _dated_kept(AggDatedBatchDay, "day", _BATCH, _COUNTS),
    _dated_kept(AggDatedSectorWaveMonth, "month", _SECTOR_WAVE, _COUNTS),
    _dated_kept(AggDatedMonth, "month", _SECTOR, _COUNTS),
    _dated_kept(AggDatedDay, "day", _SECTOR, _COUNTS),
    _dated_kept(AggDatedDistrictMonth, "month", _DISTRICT, _COUNTS),
    _dated_kept(AggDatedDistrictDay, "day", _DISTRICT, _COUNTS),
]


def refresh(conn: Connection, report: progress.Report = progress.silent) -> None:
    """Rebuild every summary table from the raw tables, in the caller's transaction (setup,
    the demo; imports and undos apply a ``Delta``). ``report`` is told each table done."""
    steps = len(KEPT) + 2
    report(REBUILDING, 0, steps)
    for table in SUMMARY_TABLES:
        conn.execute(delete(table))
    histories.fill(conn)
    report(REBUILDING, 1, steps)
    everything = _Source.raw([], _current_batches(conn))
    for done, kept in enumerate(KEPT, start=2):
        counted = kept.select(everything if kept.part == "enterprise" else [])
        conn.execute(insert(kept.table).from_select(kept.columns, counted))
        report(REBUILDING, done, steps)
    conn.execute(DropTable(_CURRENT))
    _turnover_regency(conn, None)
    report(REBUILDING, steps, steps)
    set_meta(conn, "aggregates_version", VERSION)
    bump_data_version(conn)


def _turnover_regency(conn: Connection, regencies: Collection[str] | None) -> None:
    """``agg_turnover_regency`` (running totals over the bands) rebuilt from
    ``agg_turnover_wave`` for ``regencies`` (all when None): a few hundred rows a regency."""
    tw = AggTurnoverWave
    only = [] if regencies is None else [tw.regency_code.in_(sorted(regencies))]
    if regencies is not None:
        conn.execute(
            delete(AggTurnoverRegency).where(AggTurnoverRegency.regency_code.in_(sorted(regencies)))
        )
    per_band = (
        select(tw.regency_code, tw.band, tw.province_code, func.sum(tw.enterprises).label("n"))
        .where(*only)
        .group_by(tw.regency_code, tw.band, tw.province_code)
        .subquery("per_band")
    )
    b = per_band.c
    conn.execute(
        insert(AggTurnoverRegency).from_select(
            ["regency_code", "band", "province_code", "enterprises", "cumulative", "regency_total"],
            select(
                b.regency_code,
                b.band,
                b.province_code,
                b.n,
                func.sum(b.n).over(partition_by=b.regency_code, order_by=b.band),
                func.sum(b.n).over(partition_by=b.regency_code),
            ),
        )
    )


# Which summaries a change to a raw table can move. A facilitator counts in their regency
# (roster, training); a training or a batch decides the current batch — and so the wave —
# of every enterprise the facilitator accompanies, in whatever regency.
PARTS = {
    "facilitator": ("roster", "training"),
    "training": ("training", "enterprise"),
    "batch": ("training", "enterprise"),
    "enterprise": ("enterprise",),
}


def facilitators_of(conn: Connection, table_name: str, ids: Sequence[int]) -> list[int]:
    """The facilitators whose summaries these raw rows feed (rows of ``facilitator``,
    ``training`` or ``batch``)."""
    if not ids or table_name == "facilitator":
        return list(ids)
    column = Training.id if table_name == "training" else Training.batch_id
    return list(
        conn.execute(
            select(Training.facilitator_id).distinct().where(db.in_values(conn, column, ids))
        ).scalars()
    )


class Delta:
    """What an import or undo changes in the summary tables, without recomputing the
    regencies it touches, so that its cost follows the file, not the database: ``minus``
    before the change subtracts what the rows about to change count for (the same SELECTs as
    ``refresh``, restricted to them), ``plus`` after it adds what the same rows count for
    now, each cell gaining the difference in one ``INSERT … SELECT … ON CONFLICT DO UPDATE``
    per table; ``apply`` ends it. Cells that reach zero go. Medians are read from turnover
    bands, which are counts like any other. A cell whose key stays but whose attributes
    change (a batch moved to another wave) is emptied by ``minus`` and comes back by
    ``plus``: every row it counts is among the changed ones."""

    def __init__(self, table_name: str) -> None:
        self.parts = PARTS[table_name]
        self.cells: list[pd.DataFrame] = []  # agg_history's, added up in ``apply``
        self.regencies: set[str] = set()  # whose running turnover totals to rebuild

    def minus(self, conn: Connection, *, facilitators=None, enterprises=None) -> None:
        self._count(conn, -1, facilitators, enterprises)

    def plus(self, conn: Connection, *, facilitators=None, enterprises=None) -> None:
        self._count(conn, 1, facilitators, enterprises)

    def _count(self, conn: Connection, sign: int, facilitators, enterprises) -> None:
        """``facilitators``: ids (a list or a SELECT) whose roster, training and enterprise
        rows count; ``enterprises``: ids of enterprises that count."""
        if isinstance(facilitators, list):
            facilitators = values_select(conn, facilitators, Integer()) if facilitators else None
        if isinstance(enterprises, list):
            enterprises = values_select(conn, enterprises, Integer()) if enterprises else None
        for part in self.parts:
            staged = None
            if part == "enterprise":
                if enterprises is not None:
                    conds = [Enterprise.id.in_(enterprises)]
                    only = select(Enterprise.facilitator_id).where(*conds)
                elif facilitators is not None:
                    conds = [Enterprise.facilitator_id.in_(facilitators)]
                    only = facilitators
                else:
                    continue
                staged = _stage(conn, conds, only)
                cells = histories.counted(conn, staged)
                cells[["n", "graduated"]] *= sign
                self.cells.append(cells)
                source = _Source.staged(staged)
            elif facilitators is None:
                continue
            elif part == "roster":
                source = [Facilitator.id.in_(facilitators)]
            else:
                source = [Training.facilitator_id.in_(facilitators)]
            for kept in KEPT:
                if kept.part == part:
                    self._add(conn, kept, kept.select(source), sign)
            if staged is not None:
                conn.execute(DropTable(staged))
                conn.execute(DropTable(_CURRENT))

    def _add(self, conn: Connection, kept: _Kept, counted: Select, sign: int) -> None:
        table = kept.table.__table__
        sub = counted.subquery("counted")
        signed = [
            -col if name in kept.sums and sign < 0 else col
            for name, col in zip(kept.columns, sub.c)
        ]
        # WHERE true: SQLite could read the upsert's ON as a join's (its documented advice).
        stmt = db.upsert(conn, table).from_select(
            kept.columns, select(*signed).select_from(sub).where(true())
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=kept.keys,
            set_={s: table.c[s] + stmt.excluded[s] for s in kept.sums}
            | {a: stmt.excluded[a] for a in kept.attrs},
        )
        count = kept.sums[0]
        # The cells touched come back when a subtraction may have emptied some, and from
        # agg_turnover_wave, whose regencies' running totals ``apply`` rebuilds.
        if sign > 0 and kept.table is not AggTurnoverWave:
            conn.execute(stmt)
            return
        empty = []
        for row in conn.execute(stmt.returning(*(table.c[k] for k in kept.keys), table.c[count])):
            if kept.table is AggTurnoverWave:
                self.regencies.add(row.regency_code)
            if row[-1] == 0:
                empty.append({f"_{k}": v for k, v in zip(kept.keys, row)})
        if empty:
            conn.execute(
                delete(table).where(
                    *(table.c[k] == bindparam(f"_{k}") for k in kept.keys), table.c[count] == 0
                ),
                empty,
            )

    def apply(self, conn: Connection) -> None:
        if self.regencies:
            _turnover_regency(conn, self.regencies)
        histories.add(conn, self.cells)
        bump_data_version(conn)
