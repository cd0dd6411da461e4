"""Aggregated figures for a filter: one query layer for the CLI, the map and the briefing.

Everything is read from the summary tables (``agg_*``) with bound parameters; the results
are small frames (one row per province or regency), never raw tables.

Definitions, relative to the as-of date ``d``:

* ``participants`` — facilitators registered in the selected batches;
* ``trained`` — participants of batches that ended before ``d``, except those recorded as
  *tidak lulus* or *mengundurkan diri* (``not_completed``);
* ``in_training`` — participants of batches running on ``d``;
* ``planned`` — participants of batches that start after ``d``;
* ``facilitators_roster`` — the roster of the selected provinces (the target; it does not
  depend on the wave or batch filter);
* enterprise figures count KPM enterprises in the selected provinces; with a wave or batch
  filter, only those accompanied by facilitators of the selected batches.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
from sqlalchemy import and_, case, func, literal_column, select
from sqlalchemy.engine import Connection, Engine

from atlas.filters import Filter
from atlas.models import (
    INACTIVE_STATUS,
    NOT_COMPLETED_STATUSES,
    AggEnterprise,
    AggRoster,
    AggTraining,
    Region,
)

Level = Literal["total", "province", "regency"]
COUNT_FIELDS = (
    "facilitators_roster",
    "participants",
    "trained",
    "in_training",
    "planned",
    "not_completed",
    "batches",
    "waves",
    "enterprises",
    "enterprises_active",
    "graduated",
)


def _group_col(table, level: Level):  # noqa: ANN001, ANN202
    """The grouping column; for the total a constant, grouped by nothing."""
    if level == "province":
        return table.province_code
    if level == "regency":
        return table.regency_code
    return literal_column("'all'")


def _grouped(stmt, key, level: Level):  # noqa: ANN001, ANN202
    # PostgreSQL refuses GROUP BY on a constant; the total needs no GROUP BY at all.
    return stmt if level == "total" else stmt.group_by(key)


def _training_where(f: Filter, table=AggTraining) -> list:  # noqa: ANN001
    conds = []
    if f.waves:
        conds.append(table.wave_number.in_(f.waves))
    if f.batches:
        conds.append(table.batch_number.in_(f.batches))
    if f.provinces:
        conds.append(table.province_code.in_(f.provinces))
    return conds


def _training(conn: Connection, f: Filter, level: Level) -> pd.DataFrame:
    t = AggTraining
    key = _group_col(t, level).label("code")
    failed = t.status.in_(NOT_COMPLETED_STATUSES)
    stmt = (
        select(
            key,
            func.sum(t.participants).label("participants"),
            func.sum(case((and_(~failed, t.end_date < f.as_of), t.participants), else_=0))
            .label("trained"),
            func.sum(case((and_(~failed, t.start_date <= f.as_of, t.end_date >= f.as_of),
                           t.participants), else_=0)).label("in_training"),
            func.sum(case((and_(~failed, t.start_date > f.as_of), t.participants), else_=0))
            .label("planned"),
            func.sum(case((failed, t.participants), else_=0)).label("not_completed"),
            func.count(func.distinct(t.batch_id)).label("batches"),
            func.count(func.distinct(t.wave_number)).label("waves"),
        )
        .where(*_training_where(f))
        .where(t.participants > 0)
    )
    stmt = _grouped(stmt, key, level)
    return pd.DataFrame(conn.execute(stmt).mappings().all(),
                        columns=["code", "participants", "trained", "in_training", "planned",
                                 "not_completed", "batches", "waves"])


def _roster(conn: Connection, f: Filter, level: Level) -> pd.DataFrame:
    r = AggRoster
    key = _group_col(r, level).label("code")
    stmt = _grouped(select(key, func.sum(r.facilitators).label("facilitators_roster")), key, level)
    if f.provinces:
        stmt = stmt.where(r.province_code.in_(f.provinces))
    return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=["code", "facilitators_roster"])


def _enterprises(conn: Connection, f: Filter, level: Level) -> pd.DataFrame:
    e = AggEnterprise
    key = _group_col(e, level).label("code")
    stmt = select(
        key,
        func.sum(e.enterprises).label("enterprises"),
        func.sum(case((e.status != INACTIVE_STATUS, e.enterprises), else_=0))
        .label("enterprises_active"),
        func.sum(e.graduated).label("graduated"),
        func.sum(e.turnover_sum).label("turnover_sum"),
    )
    stmt = _grouped(stmt, key, level)
    stmt = stmt.where(*_training_where(f, e))
    return pd.DataFrame(conn.execute(stmt).mappings().all(),
                        columns=["code", "enterprises", "enterprises_active", "graduated",
                                 "turnover_sum"])


def _provinces_reached(conn: Connection, f: Filter, level: Level) -> pd.DataFrame:
    t = AggTraining
    key = _group_col(t, level).label("code")
    stmt = (
        select(key, t.province_code)
        .where(*_training_where(f))
        .where(t.participants > 0)
        .distinct()
    )
    rows = conn.execute(stmt).all()
    df = pd.DataFrame(rows, columns=["code", "province"])
    return (df.groupby("code")["province"].apply(lambda s: sorted(set(s))).rename("provinces")
            .reset_index())


def _regions(conn: Connection, f: Filter, level: Level) -> pd.DataFrame:
    """The rows every answer has, even when nothing matched (zeros, not missing rows)."""
    if level == "total":
        return pd.DataFrame({"code": ["all"], "name": [""], "province_code": [""]})
    stmt = select(Region.code, Region.name, Region.parent_code).where(Region.level == level)
    if f.provinces:
        col = Region.code if level == "province" else Region.parent_code
        stmt = stmt.where(col.in_(f.provinces))
    df = pd.DataFrame(conn.execute(stmt.order_by(Region.code)).all(),
                      columns=["code", "name", "parent_code"])
    df["province_code"] = df.code if level == "province" else df.parent_code
    return df.drop(columns="parent_code")


def figures(engine: Engine, f: Filter, level: Level = "total") -> pd.DataFrame:
    """One row per region of ``level`` (or one row for the total) with every figure."""
    with engine.connect() as conn:
        base = _regions(conn, f, level)
        parts = [
            _roster(conn, f, level),
            _training(conn, f, level),
            _enterprises(conn, f, level),
        ]
        reached = _provinces_reached(conn, f, level)
    out = base
    for part in parts:
        out = out.merge(part, on="code", how="left")
    out = out.merge(reached, on="code", how="left")
    ints = [c for c in COUNT_FIELDS if c in out.columns] + ["turnover_sum"]
    out[ints] = out[ints].fillna(0).astype("int64")
    out["provinces"] = out["provinces"].apply(lambda v: v if isinstance(v, list) else [])
    out["coverage"] = out.trained / out.facilitators_roster.where(out.facilitators_roster > 0)
    return out.reset_index(drop=True)


def _as_dict(row: pd.Series, f: Filter, with_code: bool) -> dict:
    d: dict = {}
    if with_code:
        d["code"] = row["code"]
        d["name"] = row["name"]
    for name in COUNT_FIELDS:
        d[name] = int(row[name])
    d["provinces"] = list(row["provinces"])
    d["coverage"] = None if pd.isna(row["coverage"]) else round(float(row["coverage"]), 4)
    d["as_of"] = f.as_of.isoformat()
    return d


def summary(engine: Engine, f: Filter) -> dict:
    """The headline figures for a filter as a plain dict (the CLI's JSON)."""
    row = figures(engine, f, "total").iloc[0]
    return _as_dict(row, f, with_code=False)


def summary_by(engine: Engine, f: Filter, level: Literal["province", "regency"]) -> list[dict]:
    df = figures(engine, f, level)
    return [_as_dict(row, f, with_code=True) for _, row in df.iterrows()]
