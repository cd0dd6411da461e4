"""Aggregate query (summary tables) against the naive approach (raw tables into pandas).

    .venv/bin/python -m bench.bench_queries [--url DATABASE_URL] [--repeat 20]

Prints median timings and the ratio, and appends a block to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy

from atlas import db, queries
from atlas.filters import Filter
from bench.results import record



def naive(engine, f: Filter) -> pd.DataFrame:
    """What a dashboard without summary tables does: read rows, group in pandas."""
    with engine.connect() as conn:
        fac = pd.read_sql("SELECT id, regency_code FROM facilitator", conn)
        tr = pd.read_sql("SELECT t.facilitator_id, t.status, b.wave_number, b.number, b.start_date,"
                         " b.end_date FROM training t JOIN batch b ON b.id = t.batch_id", conn)
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=None)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    engine = db.make_engine(args.url)
    with engine.connect() as conn:
        n_ent = conn.execute(sqlalchemy.text("SELECT COUNT(*) FROM enterprise")).scalar()
    f = Filter(waves=(9,), as_of=date(2020, 10, 16))
    agg = timed(lambda: queries.figures(engine, f, "regency"), args.repeat)
    raw = timed(lambda: naive(engine, f), max(3, args.repeat // 5))
    block = (
        f"\n## bench_queries — {datetime.now():%Y-%m-%d %H:%M}\n\n"
        f"- machine: {platform.machine()}, {platform.python_version()}, "
        f"SQLAlchemy {sqlalchemy.__version__}, pandas {pd.__version__}\n"
        f"- database: {engine.dialect.name}, {n_ent:,} enterprises\n"
        f"- regency figures for wave IX, median: summary tables {agg * 1000:.1f} ms; "
        f"naive (raw tables into pandas) {raw * 1000:.1f} ms; ratio {raw / agg:.0f}x\n"
    )
    record(block)


if __name__ == "__main__":
    main()
