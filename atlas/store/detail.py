"""What the detail panel shows about one region: its batches, waves, enterprises, facilitators.

Region codes: ``34`` (province), ``34.04`` (regency), ``34.04.01`` (district). Batches, waves
and enterprise breakdowns come from the summary tables. The facilitator list is the one
place that reads a raw table — bounded to one regency and a row limit — and what it returns
depends on who asks (``atlas.core.access``): names and household points only for roles that need
them, and for coordinators only inside their province.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, or_, select

from atlas.core.access import Denied, Principal
from atlas.core.filters import Filter
from atlas.core.regions import level_of, path_of
from atlas.store import conditions, db, queries
from atlas.store.models import (
    NOT_COMPLETED_STATUSES,
    AggTraining,
    Batch,
    Enterprise,
    Facilitator,
    Region,
    Training,
)
from atlas.store.queries import training_state_sums

FACILITATOR_LIMIT = 500


def region_name(source: db.Source, code: str) -> str | None:
    with db.reading(source) as conn:
        return conn.execute(select(Region.name).where(Region.code == code)).scalar()


def region_path(source: db.Source, code: str) -> list[tuple[str, str]]:
    """(code, name) from the province down to ``code``: the breadcrumb."""
    codes = path_of(code)
    with db.reading(source) as conn:
        names = dict(
            conn.execute(select(Region.code, Region.name).where(Region.code.in_(codes))).all()
        )
    return [(c, names[c]) for c in codes if c in names]


def batches(source: db.Source, f: Filter, code: str) -> pd.DataFrame:
    """The batches with participants from the region: wave, dates, mode, venue, counts."""
    if level_of(code) == "district":
        return pd.DataFrame()
    t = AggTraining
    stmt = (
        select(
            t.wave_number,
            t.batch_number,
            t.start_date,
            t.end_date,
            Batch.mode,
            Batch.venue,
            *training_state_sums(t, f.as_of),
        )
        .join(Batch, Batch.id == t.batch_id)
        .where(*conditions.training(f), *conditions.region(t, code))
        .group_by(t.wave_number, t.batch_number, t.start_date, t.end_date, Batch.mode, Batch.venue)
        .order_by(t.batch_number)
    )
    with db.reading(source) as conn:
        df = pd.DataFrame(conn.execute(stmt).mappings().all())
    if df.empty:
        return df
    df["state"] = [
        "planned" if s > f.as_of else "in_training" if e >= f.as_of else "done"
        for s, e in zip(df.start_date, df.end_date)
    ]
    return df


def waves(source: db.Source, f: Filter, code: str) -> pd.DataFrame:
    """Participants per wave and the cumulative number trained (the region's trend).

    The wave and batch filters are deliberately not applied: the trend shows every wave.
    """
    if level_of(code) == "district":
        return pd.DataFrame()
    t = AggTraining
    stmt = (
        select(t.wave_number, *training_state_sums(t, f.as_of))
        .where(*conditions.region(t, code))
        .group_by(t.wave_number)
        .order_by(t.wave_number)
    )
    with db.reading(source) as conn:
        df = pd.DataFrame(conn.execute(stmt).mappings().all())
    if not df.empty:
        df["trained_cumulative"] = df.trained.cumsum()
    return df


def enterprises_by(source: db.Source, f: Filter, code: str, by: str) -> pd.DataFrame:
    """Enterprises of the region at the as-of date grouped by ``sector`` or ``status``,
    the most first."""
    if by not in ("sector", "status"):
        raise ValueError(by)
    with db.snapshot(source) as conn:
        df = queries.enterprises_by(conn, f, (by,), code)
    df = df.sort_values(["enterprises", by], ascending=[False, True])
    return df[[by, "enterprises", "graduated"]].reset_index(drop=True)


def facilitators(
    source: db.Source, f: Filter, code: str, who: Principal
) -> tuple[pd.DataFrame, bool]:
    """Facilitators of a regency in the selection; (frame, named).

    Whoever may see the region's details (UU PDP: personal data only where needed) gets one row
    per facilitator (capped at FACILITATOR_LIMIT); others get counts by role and training status.
    """
    if level_of(code) != "regency":
        return pd.DataFrame(), False
    fac, tr, b = Facilitator, Training, Batch
    conds = [fac.regency_code == code]
    if f.waves:
        conds.append(b.wave_number.in_(f.waves))
    if f.batches:
        conds.append(b.number.in_(f.batches))
    base = (
        select(
            fac.official_id,
            fac.name,
            fac.sex,
            fac.role,
            b.wave_number,
            b.number.label("batch"),
            b.start_date,
            b.end_date,
            tr.status,
        )
        .select_from(fac)
        .join(tr, tr.facilitator_id == fac.id)
        .join(b, b.id == tr.batch_id)
        .where(*conds)
    )
    with db.reading(source) as conn:
        if who.sees_details(code):
            rows = (
                conn.execute(base.order_by(b.number, fac.name).limit(FACILITATOR_LIMIT))
                .mappings()
                .all()
            )
            return pd.DataFrame(rows), True
        sub = base.subquery()
        state = _state_case(sub, f)
        stmt = (
            select(sub.c.role, state.label("state"), func.count().label("facilitators"))
            .group_by(sub.c.role, state)
            .order_by(sub.c.role)
        )
        return pd.DataFrame(conn.execute(stmt).mappings().all()), False


def _state_case(sub, f: Filter):
    from sqlalchemy import case

    return case(
        (sub.c.status.in_(NOT_COMPLETED_STATUSES), "not_completed"),
        (sub.c.end_date < f.as_of, "done"),
        (sub.c.start_date > f.as_of, "planned"),
        else_="in_training",
    )


POINT_LIMIT = 3000


def enterprise_points(
    source: db.Source, f: Filter, code: str, who: Principal
) -> tuple[pd.DataFrame, int]:
    """Enterprises with coordinates in a regency (or district): (points, total with coordinates).

    Bounded to POINT_LIMIT points; the total tells the page how many were left out. A household's
    location is personal data: ``Denied`` for anyone who may not see the region's details.
    """
    if not who.sees_details(code):
        raise Denied("acc.points")
    level = level_of(code)
    if level == "province":
        return pd.DataFrame(), 0
    e = Enterprise
    conds = [
        e.lat.is_not(None),
        e.regency_code == code if level == "regency" else e.district_code == code,
        *conditions.raw_enterprises(f),
        # The enterprises there were at the as-of date: started by then (or undated).
        or_(e.start_date.is_(None), e.start_date <= f.as_of),
    ]
    with db.reading(source) as conn:
        total = conn.execute(select(func.count()).select_from(e).where(*conds)).scalar() or 0
        rows = (
            conn.execute(
                select(e.name, e.sector, e.status, e.lat, e.lon)
                .where(*conds)
                .order_by(e.id)
                .limit(POINT_LIMIT)
            )
            .mappings()
            .all()
        )
    return pd.DataFrame(rows, columns=["name", "sector", "status", "lat", "lon"]), int(total)


def venues(source: db.Source, f: Filter) -> pd.DataFrame:
    """Classroom venues with coordinates and the participants trained there (selection)."""
    t = AggTraining
    stmt = (
        select(
            Batch.venue,
            Batch.venue_lat,
            Batch.venue_lon,
            func.count(func.distinct(t.batch_id)).label("batches"),
            func.sum(t.participants).label("participants"),
        )
        .join(Batch, Batch.id == t.batch_id)
        .where(*conditions.training(f), Batch.venue_lat.is_not(None), Batch.venue_lon.is_not(None))
        .group_by(Batch.venue, Batch.venue_lat, Batch.venue_lon)
    )
    with db.reading(source) as conn:
        return pd.DataFrame(
            conn.execute(stmt).mappings().all(),
            columns=["venue", "venue_lat", "venue_lon", "batches", "participants"],
        )
