"""A filter (and a region) as SQL conditions: the one place that says which rows a
selection takes, on the summary tables and on the raw ones alike."""

from __future__ import annotations

from sqlalchemy import func, select

from atlas.core import areas
from atlas.core.filters import Filter
from atlas.core.regions import level_of
from atlas.store.models import AggEnterprise, AggTraining, Batch, Enterprise, Training


def province_sql(col):
    """The province code of a regency or district code, in SQL (its first two characters)."""
    return func.substr(col, 1, 2)


def facilitator_batch(only=None):
    """Each facilitator's current batch: the one that starts last (a retake wins), with the
    facilitator's training status in it and the batch's end. ``only``: a SELECT of the
    facilitator ids wanted (an import's delta needs a few, not all 50.000)."""
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
        .where(*([] if only is None else [Training.facilitator_id.in_(only)]))
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


def provinces(f: Filter) -> tuple[str, ...]:
    """The provinces a filter takes: those chosen or, with none chosen, the working area's
    (a database may hold other areas' rows: the country's, shared by the centres); none —
    every row — in the country's deployment."""
    area = areas.current()
    return f.provinces or (() if area.national else area.provinces)


def training(f: Filter, table=AggTraining) -> list:
    """The filter on a table of training figures: waves, batches, provinces."""
    conds = []
    if f.waves:
        conds.append(table.wave_number.in_(f.waves))
    if f.batches:
        conds.append(table.batch_number.in_(f.batches))
    if chosen := provinces(f):
        if hasattr(table, "province_code"):
            conds.append(table.province_code.in_(chosen))
        else:
            conds.append(province_sql(table.regency_code).in_(chosen))
    return conds


def enterprises(f: Filter, table=AggEnterprise) -> list:
    """The filter on a table of enterprise figures. The dated summaries carry the statuses
    as columns, not keys: ``queries._status_sums`` applies a status filter to them."""
    conds = training(f, table)
    if f.sectors:
        conds.append(table.sector.in_(f.sectors))
    if f.statuses and hasattr(table, "status"):
        conds.append(table.status.in_(f.statuses))
    return conds


def raw_enterprises(f: Filter, e=Enterprise) -> list:
    """The map's enterprise filter on the raw ``enterprise`` table — what the summary tables
    count under it: the enterprise's province, sector and status; the wave and batch of its
    facilitator's current batch (``facilitator_batch``), as a semi-join computed once (joined
    to every enterprise, SQLite took 47 s at 5 million). ``e``: ``enterprise`` or a table
    with its ``facilitator_id`` and a ``province_code`` (``agg_history``)."""
    conds = []
    if chosen := provinces(f):
        province = e.province_code if hasattr(e, "province_code") else province_sql(e.regency_code)
        conds.append(province.in_(chosen))
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


def region(table, code: str | None) -> list:
    """Within one province, regency or district (none: everywhere)."""
    if not code:
        return []
    level = level_of(code)
    if level == "province":
        if hasattr(table, "province_code"):
            return [table.province_code == code]
        return [table.regency_code.like(f"{code}.%")]
    if level == "regency":
        return [table.regency_code == code]
    return [table.district_code == code]
