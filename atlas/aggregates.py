"""Summary tables, kept current in SQL inside the writing transaction.

The map and the briefing never read the raw tables: they read ``agg_roster``,
``agg_training``, ``agg_enterprise``, ``agg_turnover`` and ``agg_district``, whose size depends
on regencies x batches, not on the number of facilitators or enterprises. ``refresh``
recomputes them with ``INSERT … SELECT … GROUP BY`` — for the regencies an import or undo
touched (``touched_regencies``), or all of them — and bumps the data version that caches are
keyed on. Every summary row belongs to one regency, so a regency's rows can be rebuilt alone.
The impact page's ``agg_history`` (per facilitator, not per batch) is grouped in SQL and
packed in Python (``atlas.histories.fill``), in the same transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import Integer, Select, case, delete, func, insert, literal, select
from sqlalchemy.engine import Connection, Engine

from atlas import histories
from atlas.db import bump_data_version, set_meta, values_select
from atlas.models import (
    INACTIVE_STATUS,
    TURNOVER_BANDS,
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
)

# Raised whenever a summary table is added or changes meaning; setup refreshes older ones.
VERSION = "7"


def _province(col):
    return func.substr(col, 1, 2)


def facilitator_batch():
    """Each facilitator's current batch: the one that starts last (a retake wins), with the
    facilitator's training status in it and the batch's end."""
    ranked = (
        select(
            Training.facilitator_id,
            Training.batch_id,
            Training.status,
            Batch.wave_number,
            Batch.number.label("batch_number"),
            Batch.end_date,
            func.row_number()
            .over(
                partition_by=Training.facilitator_id,
                order_by=(Batch.start_date.desc(), Batch.id.desc()),
            )
            .label("rn"),
        )
        .join(Batch, Batch.id == Training.batch_id)
        .subquery("ranked")
    )
    return (
        select(
            ranked.c.facilitator_id,
            ranked.c.batch_id,
            ranked.c.wave_number,
            ranked.c.batch_number,
            ranked.c.status,
            ranked.c.end_date,
        )
        .where(ranked.c.rn == 1)
        .subquery("fb")
    )


def enterprise_conds(f, e=Enterprise) -> list:
    """The map's enterprise filter on the raw ``enterprise`` table — what the summary tables
    count under it: the enterprise's province, sector and status; the wave and batch of its
    facilitator's current batch (``facilitator_batch``), as a semi-join computed once (joined
    to every enterprise, SQLite took 47 s at 5 million). ``e``: ``enterprise`` or a table
    with its ``facilitator_id`` and a ``province_code`` (``agg_history``)."""
    conds = []
    if f.provinces:
        province = e.province_code if hasattr(e, "province_code") else _province(e.regency_code)
        conds.append(province.in_(f.provinces))
    if f.sectors:
        conds.append(e.sector.in_(f.sectors))
    if f.statuses:
        conds.append(e.status.in_(f.statuses))
    if f.waves or f.batches:
        fb = facilitator_batch()
        current = select(fb.c.facilitator_id)
        if f.waves:
            current = current.where(fb.c.wave_number.in_(f.waves))
        if f.batches:
            current = current.where(fb.c.batch_number.in_(f.batches))
        conds.append(e.facilitator_id.in_(current))
    return conds


def _band(col):
    """The TURNOVER_BANDS index of a turnover, in SQL."""
    whens = [(col >= lower, i) for i, lower in reversed(list(enumerate(TURNOVER_BANDS)))]
    return case(*whens, else_=0)


def touched_regencies(conn: Connection, table_name: str, ids: Sequence[int] | Select) -> set[str]:
    """The regencies whose summaries depend on these raw rows (call it before and after the
    change and refresh the union). ``ids`` is a list of row ids or a SELECT of them.

    A facilitator's rows count in their regency, and their batch decides the wave of every
    enterprise they accompany — in the enterprise's regency, which may be another one.
    """
    if not isinstance(ids, Select):
        if not ids:
            return set()
        ids = values_select(conn, ids, Integer())
    found: set[str] = set()
    if table_name == "enterprise":
        return set(
            conn.execute(
                select(Enterprise.regency_code).distinct().where(Enterprise.id.in_(ids))
            ).scalars()
        )
    if table_name == "facilitator":
        facilitators = select(Facilitator.id).where(Facilitator.id.in_(ids))
    elif table_name == "training":
        facilitators = select(Training.facilitator_id).where(Training.id.in_(ids))
    elif table_name == "batch":
        facilitators = select(Training.facilitator_id).where(Training.batch_id.in_(ids))
    else:
        raise ValueError(table_name)
    found |= set(
        conn.execute(
            select(Facilitator.regency_code).distinct().where(Facilitator.id.in_(facilitators))
        ).scalars()
    )
    found |= set(
        conn.execute(
            select(Enterprise.regency_code)
            .distinct()
            .where(Enterprise.facilitator_id.in_(facilitators))
        ).scalars()
    )
    return found


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


def refresh(conn: Connection, regencies: Collection[str] | None = None) -> None:
    """Rebuild the summary tables from the raw tables, in the caller's transaction: only the
    rows of ``regencies`` when given, else all."""

    def only(col):
        return [] if regencies is None else [col.in_(sorted(regencies))]

    if regencies is not None and not regencies:
        bump_data_version(conn)
        return
    for table in SUMMARY_TABLES:
        conn.execute(delete(table).where(*only(table.regency_code)))
    histories.fill(conn, regencies)

    roster = (
        select(
            Facilitator.regency_code,
            _province(Facilitator.regency_code),
            func.count(),
        )
        .where(*only(Facilitator.regency_code))
        .group_by(Facilitator.regency_code)
    )
    conn.execute(
        insert(AggRoster).from_select(["regency_code", "province_code", "facilitators"], roster)
    )

    training = (
        select(
            Facilitator.regency_code,
            Training.batch_id,
            Training.status,
            _province(Facilitator.regency_code),
            Batch.wave_number,
            Batch.number,
            Batch.start_date,
            Batch.end_date,
            func.count(),
        )
        .join(Facilitator, Facilitator.id == Training.facilitator_id)
        .join(Batch, Batch.id == Training.batch_id)
        .where(*only(Facilitator.regency_code))
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
    conn.execute(
        insert(AggTraining).from_select(
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
            training,
        )
    )

    fb = facilitator_batch()
    batch_id = func.coalesce(fb.c.batch_id, literal(0))
    wave = func.coalesce(fb.c.wave_number, literal(0))
    batch_number = func.coalesce(fb.c.batch_number, literal(0))
    enterprises = (
        select(
            Enterprise.regency_code,
            batch_id,
            Enterprise.sector,
            Enterprise.status,
            _province(Enterprise.regency_code),
            wave,
            batch_number,
            func.count(),
            func.sum(case((Enterprise.graduated.is_(True), 1), else_=0)),
            func.coalesce(func.sum(Enterprise.monthly_turnover), 0),
            func.coalesce(func.sum(Enterprise.workers), 0),
        )
        .select_from(Enterprise)
        .outerjoin(fb, fb.c.facilitator_id == Enterprise.facilitator_id)
        .where(*only(Enterprise.regency_code))
        .group_by(
            Enterprise.regency_code,
            batch_id,
            Enterprise.sector,
            Enterprise.status,
            wave,
            batch_number,
        )
    )
    conn.execute(
        insert(AggEnterprise).from_select(
            [
                "regency_code",
                "batch_id",
                "sector",
                "status",
                "province_code",
                "wave_number",
                "batch_number",
                "enterprises",
                "graduated",
                "turnover_sum",
                "workers_sum",
            ],
            enterprises,
        )
    )

    e = AggEnterprise
    conn.execute(
        insert(AggEnterpriseBatch).from_select(
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
            ],
            select(
                e.regency_code,
                e.batch_id,
                e.province_code,
                e.wave_number,
                e.batch_number,
                func.sum(e.enterprises),
                func.sum(case((e.status != INACTIVE_STATUS, e.enterprises), else_=0)),
                func.sum(e.graduated),
                func.sum(e.turnover_sum),
            )
            .where(*only(e.regency_code))
            .group_by(e.regency_code, e.batch_id, e.province_code, e.wave_number, e.batch_number),
        )
    )

    band = _band(Enterprise.monthly_turnover)
    turnover = (
        select(
            Enterprise.regency_code,
            batch_id,
            Enterprise.sector,
            Enterprise.status,
            band,
            _province(Enterprise.regency_code),
            wave,
            batch_number,
            func.count(),
        )
        .select_from(Enterprise)
        .outerjoin(fb, fb.c.facilitator_id == Enterprise.facilitator_id)
        .where(Enterprise.monthly_turnover.is_not(None), *only(Enterprise.regency_code))
        .group_by(
            Enterprise.regency_code,
            batch_id,
            Enterprise.sector,
            Enterprise.status,
            band,
            wave,
            batch_number,
        )
    )
    conn.execute(
        insert(AggTurnover).from_select(
            [
                "regency_code",
                "batch_id",
                "sector",
                "status",
                "band",
                "province_code",
                "wave_number",
                "batch_number",
                "enterprises",
            ],
            turnover,
        )
    )

    tt = AggTurnover
    conn.execute(
        insert(AggTurnoverWave).from_select(
            ["regency_code", "wave_number", "band", "province_code", "enterprises"],
            select(
                tt.regency_code, tt.wave_number, tt.band, tt.province_code, func.sum(tt.enterprises)
            )
            .where(*only(tt.regency_code))
            .group_by(tt.regency_code, tt.wave_number, tt.band, tt.province_code),
        )
    )
    tw = AggTurnoverWave
    per_band = (
        select(tw.regency_code, tw.band, tw.province_code, func.sum(tw.enterprises).label("n"))
        .where(*only(tw.regency_code))
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

    district = (
        select(
            Enterprise.district_code,
            batch_id,
            Enterprise.sector,
            Enterprise.status,
            Enterprise.regency_code,
            wave,
            batch_number,
            func.count(),
            func.sum(case((Enterprise.graduated.is_(True), 1), else_=0)),
            func.coalesce(func.sum(Enterprise.monthly_turnover), 0),
        )
        .select_from(Enterprise)
        .outerjoin(fb, fb.c.facilitator_id == Enterprise.facilitator_id)
        .where(Enterprise.district_code.is_not(None), *only(Enterprise.regency_code))
        .group_by(
            Enterprise.district_code,
            batch_id,
            Enterprise.sector,
            Enterprise.status,
            Enterprise.regency_code,
            wave,
            batch_number,
        )
    )
    conn.execute(
        insert(AggDistrict).from_select(
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
            district,
        )
    )
    set_meta(conn, "aggregates_version", VERSION)
    bump_data_version(conn)
