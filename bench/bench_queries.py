"""The app's queries (summary tables) against a plain SQL GROUP BY over the raw tables and
against the raw rows read into pandas, each query all three ways, the figures checked equal.

    .venv/bin/python -m bench.bench_queries [--url DATABASE_URL] [--repeat 20]
    .venv/bin/python -m bench.bench_queries --engine postgresql --enterprises 5000000
    .venv/bin/python -m bench.bench_queries --enterprises 10000000 --area nasional --no-pandas

Prints median timings and the ratio, and appends a block to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import date, datetime
from functools import partial

import pandas as pd
import sqlalchemy

from atlas.core.filters import Filter
from atlas.store import db, queries
from atlas.store.models import Enterprise
from bench.results import record

# The figures each way computes, compared across the three before any timing.
COMPARED = ("participants", "trained", "in_training", "enterprises", "graduated")
NOT_COMPLETED = ("tidak lulus", "mengundurkan diri")  # atlas.core.lists.NOT_COMPLETED_STATUSES


def _region(code_col, level: str):
    """A raw row's region at ``level`` (its regency code, or the province part of it)."""
    if level == "total":
        return sqlalchemy.literal("all")
    if level == "province":
        return sqlalchemy.func.substr(code_col, 1, 2)
    return code_col


def plain_sql(engine, f: Filter, level: str) -> pd.DataFrame:
    """What Superset or Metabase would run: GROUP BY over the raw tables, no summary tables
    (the current batch of each facilitator with a window function, as the app defines it)."""
    from sqlalchemy import and_, case, func, or_, select

    from atlas.store.models import Batch, Facilitator, Training

    t, b, fa, e = Training, Batch, Facilitator, Enterprise
    done = ~t.status.in_(NOT_COMPLETED)
    region = _region(fa.regency_code, level).label("code")
    training = (
        select(
            region,
            func.count().label("participants"),
            func.sum(case((and_(done, b.end_date < f.as_of), 1), else_=0)).label("trained"),
            func.sum(
                case((and_(done, b.start_date <= f.as_of, b.end_date >= f.as_of), 1), else_=0)
            ).label("in_training"),
        )
        .select_from(t)
        .join(b, b.id == t.batch_id)
        .join(fa, fa.id == t.facilitator_id)
        .group_by(region)
    )
    if f.waves:
        training = training.where(b.wave_number.in_(f.waves))
    if f.provinces:
        training = training.where(func.substr(fa.regency_code, 1, 2).in_(f.provinces))
    ranked = (
        select(
            t.facilitator_id,
            b.wave_number,
            func.row_number()
            .over(partition_by=t.facilitator_id, order_by=(b.start_date.desc(), b.id.desc()))
            .label("rn"),
        )
        .join(b, b.id == t.batch_id)
        .subquery()
    )
    current = select(ranked.c.facilitator_id, ranked.c.wave_number).where(ranked.c.rn == 1)
    current = current.subquery()
    eregion = _region(e.regency_code, level).label("code")
    # At the as-of date: enterprises started by then, graduations by then (undated: always).
    graduated = and_(
        e.graduated.is_(True), or_(e.graduation_date.is_(None), e.graduation_date <= f.as_of)
    )
    enterprises = (
        select(
            eregion,
            func.count().label("enterprises"),
            func.sum(case((graduated, 1), else_=0)).label("graduated"),
        )
        .select_from(e)
        .outerjoin(current, current.c.facilitator_id == e.facilitator_id)
        .where(or_(e.start_date.is_(None), e.start_date <= f.as_of))
        .group_by(eregion)
    )
    if f.waves:
        enterprises = enterprises.where(current.c.wave_number.in_(f.waves))
    if f.provinces:
        enterprises = enterprises.where(func.substr(e.regency_code, 1, 2).in_(f.provinces))
    if f.sectors:
        enterprises = enterprises.where(e.sector.in_(f.sectors))
    if f.statuses:
        enterprises = enterprises.where(e.status.in_(f.statuses))
    with engine.connect() as conn:
        a = pd.DataFrame(conn.execute(training).all(), columns=["code", *COMPARED[:3]])
        z = pd.DataFrame(conn.execute(enterprises).all(), columns=["code", *COMPARED[3:]])
    return _tidy(a.merge(z, on="code", how="outer"))


def naive(engine, f: Filter, level: str) -> pd.DataFrame:
    """What a dashboard without summary tables does in Python: read the raw rows it needs
    into pandas, then filter and group there."""
    with engine.connect() as conn:
        fac = pd.read_sql("SELECT id, regency_code FROM facilitator", conn)
        tr = pd.read_sql(
            "SELECT t.facilitator_id, t.status, b.id AS batch_id, b.wave_number,"
            " b.start_date, b.end_date FROM training t JOIN batch b ON b.id = t.batch_id",
            conn,
        )
        cols = "regency_code, facilitator_id, graduated, start_date, graduation_date"
        cols += ", sector" if f.sectors else ""
        cols += ", status" if f.statuses else ""
        ent = pd.read_sql(f"SELECT {cols} FROM enterprise", conn)
    as_of = pd.Timestamp(f.as_of)
    for c in ("start_date", "graduation_date"):
        ent[c] = pd.to_datetime(ent[c])
    ent = ent[ent.start_date.isna() | (ent.start_date <= as_of)]
    ent["graduated"] = ent.graduated.fillna(False).astype(bool) & (
        ent.graduation_date.isna() | (ent.graduation_date <= as_of)
    )
    for c in ("start_date", "end_date"):
        tr[c] = pd.to_datetime(tr[c])
    # Each facilitator's current batch: the one that starts last (a retake wins).
    current = tr.sort_values(["start_date", "batch_id"]).drop_duplicates(
        "facilitator_id", keep="last"
    )[["facilitator_id", "wave_number"]]
    tr = tr.merge(fac, left_on="facilitator_id", right_on="id")
    ent = ent.merge(current, on="facilitator_id", how="left")
    if f.waves:
        tr = tr[tr.wave_number.isin(f.waves)]
        ent = ent[ent.wave_number.isin(f.waves)]
    if f.provinces:
        tr = tr[tr.regency_code.str[:2].isin(f.provinces)]
        ent = ent[ent.regency_code.str[:2].isin(f.provinces)]
    if f.sectors:
        ent = ent[ent.sector.isin(f.sectors)]
    if f.statuses:
        ent = ent[ent.status.isin(f.statuses)]
    done = ~tr.status.isin(NOT_COMPLETED)
    tr["trained"] = done & (tr.end_date < as_of)
    tr["in_training"] = done & (tr.start_date <= as_of) & (tr.end_date >= as_of)
    tr["code"] = _codes(tr.regency_code, level)
    ent["code"] = _codes(ent.regency_code, level)
    a = tr.groupby("code").agg(
        participants=("status", "size"),
        trained=("trained", "sum"),
        in_training=("in_training", "sum"),
    )
    z = ent.groupby("code").agg(enterprises=("graduated", "size"), graduated=("graduated", "sum"))
    return _tidy(a.join(z, how="outer").reset_index())


def _codes(regency: pd.Series, level: str) -> pd.Series:
    if level == "total":
        return pd.Series("all", index=regency.index)
    return regency.str[:2] if level == "province" else regency


def _tidy(df: pd.DataFrame) -> pd.DataFrame:
    """Regions with something to count, sorted, whole numbers (the three ways compared)."""
    df = df.set_index("code")[list(COMPARED)].fillna(0).astype("int64")
    return df[(df != 0).any(axis=1)].sort_index()


def ours(engine, f: Filter, level: str, with_median: bool) -> pd.DataFrame:
    out = queries.figures(engine, f, level, with_median=with_median)
    if level == "total":
        out = out.assign(code="all")
    return out


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


VIEWS = {
    "briefing headline (total, all waves)": (Filter(), "total", False),
    "map: regencies, wave IX": (Filter(waves=(9,)), "regency", False),
    "map: regencies, all waves, with median turnover": (Filter(), "regency", True),
    "map: provinces, waves I-VIII, sector kuliner": (
        Filter(waves=tuple(range(1, 9)), sectors=("kuliner",)),
        "province",
        False,
    ),
    "map: regencies, status mandiri": (Filter(statuses=("mandiri",)), "regency", False),
}
# Each view at three dates: the wave IX briefing's (enterprise figures: the whole less the
# graduations after it), one before the middle of the events (counted from the months
# before it) and one after every event (the all-time summaries alone).
DATES = (date(2020, 10, 16), date(2019, 6, 30), date(2026, 12, 1))
QUERIES = {
    f"{name}, {d:%d %b %Y}": (f.with_(as_of=d), level, with_median)
    for d in DATES
    for name, (f, level, with_median) in VIEWS.items()
}


def _ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:,.0f}"


def _ratio(seconds: float | None, ours: float) -> str:
    return "–" if seconds is None else f"{seconds / ours:,.0f}×"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=None, help="a database (default: DATABASE_URL or the demo)")
    ap.add_argument(
        "--engine", choices=["sqlite", "postgresql"], help="with --enterprises: a built dataset"
    )
    ap.add_argument(
        "--enterprises", type=int, default=0, help="build/use bench/datasets of this size"
    )
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--area", default="yogyakarta", help="the dataset's working area")
    ap.add_argument(
        "--no-pandas", action="store_true", help="leave out the pandas baseline (slow at 10M)"
    )
    args = ap.parse_args()
    url = args.url
    os.environ["ATLAS_AREA"] = args.area  # the regions the queries know
    if args.enterprises:
        from bench.datasets import dataset

        url = dataset(args.engine or "sqlite", args.enterprises, args.area)
    engine = db.make_engine(url)
    with engine.connect() as conn:
        n_ent = conn.execute(
            sqlalchemy.select(sqlalchemy.func.count()).select_from(Enterprise)
        ).scalar()
    rows = []
    for name, (f, level, with_median) in QUERIES.items():
        summary = _tidy(ours(engine, f, level, with_median)[["code", *COMPARED]])
        others = [plain_sql] if args.no_pandas else [plain_sql, naive]
        for other in others:
            # The same figures, or the comparison would mean nothing.
            pd.testing.assert_frame_equal(summary, other(engine, f, level), check_dtype=False)
        rows.append(
            (
                name,
                timed(partial(ours, engine, f, level, with_median), args.repeat),
                timed(partial(plain_sql, engine, f, level), max(3, args.repeat // 5)),
                None if args.no_pandas else timed(partial(naive, engine, f, level), 3),
            )
        )
    table = "\n".join(
        f"| {name} | {a * 1000:,.1f} | {b * 1000:,.0f} | {_ms(c)} | {b / a:,.0f}× | {_ratio(c, a)} |"
        for name, a, b, c in rows
    )
    block = (
        f"\n## bench_queries — {datetime.now():%Y-%m-%d %H:%M}\n\n"
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLAlchemy {sqlalchemy.__version__}, pandas {pd.__version__}\n"
        f"- database: {engine.dialect.name}, {n_ent:,} enterprises, area {args.area}\n"
        "- each query three ways, checked to give the same participants, trained, in training,"
        " enterprises and graduates per region at the as-of date (enterprises started and"
        " graduations by then): the app (summary tables), a plain SQL GROUP BY"
        " over the raw tables (what Superset or Metabase would run), and the raw rows it needs"
        " read into pandas and grouped there (the median turnover of the third query is"
        " the app's alone: neither of the others computes it)\n\n"
        f"| query | app ms (median of {args.repeat}) | GROUP BY ms | pandas ms"
        " | GROUP BY / app | pandas / app |\n| --- | ---: | ---: | ---: | ---: | ---: |\n"
        f"{table}\n"
    )
    record(block)


if __name__ == "__main__":
    main()
