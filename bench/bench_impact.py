"""The training-impact page's computation, cold (a new process: the statistics libraries
imported, nothing cached), stage by stage.

    .venv/bin/python -m bench.bench_impact [--url DATABASE_URL]
    .venv/bin/python -m bench.bench_impact --engine sqlite --enterprises 5000000

Stages: importing lifelines and differences; the histories (the database counts the
enterprises of the selection by facilitator, start month and graduation month); the
facilitator-month panel; the Kaplan–Meier curves; the event study (Callaway & Sant'Anna).
Then the whole ``impact.build`` once more in the same process (warm imports, no cache).
Appends a block to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import datetime

import sqlalchemy

from bench.results import record


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=None, help="a database (default: DATABASE_URL or the demo)")
    ap.add_argument(
        "--engine", choices=["sqlite", "postgresql"], help="with --enterprises: a built dataset"
    )
    ap.add_argument("--enterprises", type=int, default=0, help="use bench/datasets of this size")
    args = ap.parse_args()
    url = args.url
    if args.enterprises:
        from bench.datasets import dataset

        url = dataset(args.engine or "sqlite", args.enterprises)

    stages: list[tuple[str, float]] = []
    start = time.perf_counter()
    import differences  # noqa: F401  (timed: the page pays it once per process)
    import lifelines  # noqa: F401

    stages.append(("import lifelines, differences", time.perf_counter() - start))

    from atlas import db, impact
    from atlas.filters import Filter
    from atlas.models import Enterprise, Facilitator

    engine = db.make_engine(url)
    with engine.connect() as conn:
        n_ent = conn.execute(sqlalchemy.select(sqlalchemy.func.count()).select_from(Enterprise))
        n_ent = n_ent.scalar()
        n_fac = conn.execute(sqlalchemy.select(sqlalchemy.func.count()).select_from(Facilitator))
        n_fac = n_fac.scalar()
    f = Filter()
    t = time.perf_counter()
    h = impact.histories(engine, f)
    stages.append((f"histories ({len(h.rows):,} counted rows)", time.perf_counter() - t))
    t = time.perf_counter()
    p = impact.panel(h)
    stages.append((f"panel ({len(p):,} facilitator-months)", time.perf_counter() - t))
    t = time.perf_counter()
    impact.survival(h)
    stages.append(("Kaplan–Meier curves", time.perf_counter() - t))
    t = time.perf_counter()
    _, est, _ = impact.event_study(p)
    stages.append(("event study", time.perf_counter() - t))
    cold = time.perf_counter() - start
    t = time.perf_counter()
    impact.build(engine, f)
    warm = time.perf_counter() - t

    rows = "\n".join(f"| {name} | {s:,.2f} |" for name, s in stages)
    effect = "—" if est is None else f"{est.pp_per_month:.3f} [{est.lower:.3f}, {est.upper:.3f}]"
    block = (
        f"\n## bench_impact — {datetime.now():%Y-%m-%d %H:%M}\n\n"
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}\n"
        f"- database: {engine.dialect.name}, {n_fac:,} facilitators, {n_ent:,} enterprises;"
        f" all of them (no filter), as of {f.as_of}; effect {effect} pp per month\n\n"
        "| stage (cold, a new process) | s |\n| --- | ---: |\n"
        f"{rows}\n| **cold total** | **{cold:,.2f}** |\n"
        f"| the whole build again (imports warm, nothing cached) | {warm:,.2f} |\n"
    )
    record(block)


if __name__ == "__main__":
    main()
