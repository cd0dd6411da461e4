"""Readers while a large import commits: 20 threads read the map's figures before, during and
after a 100.000-row enterprise import (which is undone at the end, leaving the data as it was).

    .venv/bin/python -m bench.bench_concurrency [--engine sqlite|postgresql] [--enterprises 1000000]
        [--readers 20] [--rows 100000]

Appends reader latency (median and 95th percentile) per phase to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import threading
import time
from datetime import datetime
from pathlib import Path

from atlas.core.access import SYSTEM
from atlas.core.filters import Filter
from atlas.ingest import importer
from atlas.store import db, queries
from bench.bench_import import make_files
from bench.datasets import dataset
from bench.results import record

FILTERS = [
    Filter(),
    Filter(waves=(9,)),
    Filter(waves=tuple(range(1, 9))),
    Filter(provinces=("35",)),
    Filter(sectors=("kuliner",)),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--enterprises", type=int, default=1_000_000)
    ap.add_argument("--readers", type=int, default=20)
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    url = dataset(args.engine, args.enterprises)
    csv_path, _ = make_files(args.rows)
    data = Path(csv_path).read_bytes()
    phase = {"now": "before"}
    samples: dict[str, list[float]] = {"before": [], "during": [], "after": []}
    stop = threading.Event()

    def reader(seed: int) -> None:
        """A coordinator clicking through the map: a view, a pause of about a second, again."""
        rng = random.Random(seed)
        engine = db.make_engine(url)
        while not stop.is_set():
            f = rng.choice(FILTERS)
            t0 = time.perf_counter()
            queries.figures(engine, f, rng.choice(["regency", "province", "total"]))
            samples[phase["now"]].append(time.perf_counter() - t0)
            stop.wait(rng.uniform(0.5, 1.5))

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(args.readers)]
    for th in threads:
        th.start()
    time.sleep(5)
    phase["now"] = "during"
    t0 = time.perf_counter()
    res = importer.run(
        db.make_engine(url), data, csv_path.name, kind="enterprises", dry_run=False, actor=SYSTEM
    )
    import_s = time.perf_counter() - t0
    phase["now"] = "after"
    time.sleep(5)
    stop.set()
    for th in threads:
        th.join()
    importer.undo(db.make_engine(url), res.run_id, SYSTEM)

    def stats(xs: list[float]) -> str:
        xs = sorted(xs)
        return (
            f"{len(xs):,} | {statistics.median(xs) * 1000:.0f} | {xs[int(len(xs) * 0.95)] * 1000:.0f}"
            if xs
            else "0 | – | –"
        )

    block = (
        f"\n## bench_concurrency — {datetime.now():%Y-%m-%d %H:%M}\n\n"
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{args.engine}, {args.enterprises:,}-enterprise dataset; {args.readers} readers (threads of one "
        f"process, as sessions of one Streamlit replica; each reads a view, pauses 0.5–1.5 s, again; "
        f"no Streamlit cache)\n"
        f"- import of {args.rows:,} enterprise rows while they read: {res.status}, {import_s:.1f} s\n\n"
        "| phase | reads | median latency (ms) | 95th percentile (ms) |\n| --- | --- | --- | --- |\n"
        + "".join(f"| {name} | {stats(xs)} |\n" for name, xs in samples.items())
        + "\nThe readers share 2 cores and one interpreter (GIL) with the import, so latency during the "
        "import measures CPU contention; no reader waits for the import's lock (WAL / MVCC snapshots).\n"
    )
    record(block)


if __name__ == "__main__":
    main()
