"""Aggregate query (summary tables) against the naive approach (raw tables into pandas).

    .venv/bin/python -m bench.bench_queries [--url DATABASE_URL] [--repeat 20]
    .venv/bin/python -m bench.bench_queries --engine postgresql --enterprises 5000000

Prints median timings and the ratio, and appends a block to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import date, datetime

import pandas as pd
import sqlalchemy

from atlas import db, queries
from atlas.filters import Filter
from atlas.models import Enterprise
from bench.results import record


def naive(engine, f: Filter) -> pd.DataFrame:
    """What a dashboard without summary tables does: read rows, group in pandas."""
    with engine.connect() as conn:
        fac = pd.read_sql("SELECT id, regency_code FROM facilitator", conn)
        tr = pd.read_sql(
            "SELECT t.facilitator_id, t.status, b.wave_number, b.number, b.start_date,"
            " b.end_date FROM training t JOIN batch b ON b.id = t.batch_id",
            conn,
        )
        ent = pd.read_sql("SELECT regency_code, facilitator_id, status FROM enterprise", conn)
    tr = tr.merge(fac, left_on="facilitator_id", right_on="id")
    if f.waves:
        tr = tr[tr.wave_number.isin(f.waves)]
    tr["trained"] = pd.to_datetime(tr.end_date) < pd.Timestamp(f.as_of)
    out = tr.groupby("regency_code").agg(participants=("id", "size"), trained=("trained", "sum"))
    ent = ent[ent.facilitator_id.isin(tr.facilitator_id)] if f.waves else ent
    out["enterprises"] = ent.groupby("regency_code").size()
    return out


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


QUERIES = {
    "briefing headline (total, all waves)": (Filter(as_of=date(2020, 10, 16)), "total", False),
    "map: regencies, wave IX": (Filter(waves=(9,), as_of=date(2020, 10, 16)), "regency", False),
    "map: regencies, all waves, with median turnover": (
        Filter(as_of=date(2020, 10, 16)),
        "regency",
        True,
    ),
    "map: provinces, waves I-VIII, sector kuliner": (
        Filter(waves=tuple(range(1, 9)), sectors=("kuliner",), as_of=date(2020, 10, 16)),
        "province",
        False,
    ),
}


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
    args = ap.parse_args()
    url = args.url
    if args.enterprises:
        from bench.datasets import dataset

        url = dataset(args.engine or "sqlite", args.enterprises)
    engine = db.make_engine(url)
    with engine.connect() as conn:
        n_ent = conn.execute(
            sqlalchemy.select(sqlalchemy.func.count()).select_from(Enterprise)
        ).scalar()
    times = {
        name: timed(
            lambda f=f, lv=lv, m=m: queries.figures(engine, f, lv, with_median=m), args.repeat
        )
        for name, (f, lv, m) in QUERIES.items()
    }
    f = QUERIES["map: regencies, wave IX"][0]
    raw = timed(lambda: naive(engine, f), 3)
    worst = max(times.values())
    rows = "\n".join(
        f"| {name} | {sec * 1000:.1f} | {raw / sec:,.0f}x |" for name, sec in times.items()
    )
    block = (
        f"\n## bench_queries — {datetime.now():%Y-%m-%d %H:%M}\n\n"
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLAlchemy {sqlalchemy.__version__}, pandas {pd.__version__}\n"
        f"- database: {engine.dialect.name}, {n_ent:,} enterprises\n"
        f"- naive (raw tables into pandas, then group; wave IX by regency): {raw * 1000:,.0f} ms\n\n"
        f"| query (summary tables, median of {args.repeat}) | ms | naive / this |\n| --- | --- | --- |\n{rows}\n\n"
        f"Slowest summary query {worst * 1000:.1f} ms; naive / slowest = {raw / worst:,.0f}x.\n"
    )
    record(block)


if __name__ == "__main__":
    main()
