"""The app's map queries of two versions side by side, in one run, on their own copies of
the same large dataset (a version may change the summary tables, so each needs its own).

    .venv/bin/python -m bench.bench_versions \\
        --version before=/path/to/old/checkout,sqlite:///…/old.db,postgresql+psycopg://…/old \\
        --version after=.,sqlite:///…/new.db,postgresql+psycopg://…/new [--rounds 3]

Each version runs ``queries.figures`` in a process of its own, from its own checkout, for
the views of ``bench_queries`` (``VIEWS`` × ``DATES``): the median of 20 after one warm-up.
Rounds alternate between the versions, so that the machine's noise falls on both; the
table gives the lowest median of the rounds. Appends a block to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from bench.bench_queries import DATES, VIEWS
from bench.results import record

# Run inside each version's checkout: only its own atlas is imported.
CHILD = """
import json, statistics, sys, time
from datetime import date
try:  # the layer packages (since 2026-12-07); before, one flat package
    from atlas.store import db, queries
    from atlas.core.filters import Filter
except ImportError:
    from atlas import db, queries
    from atlas.filters import Filter

url, views, repeat = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
engine = db.make_engine(url)
out = {}
for name, (kwargs, level, median) in views.items():
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
    f = Filter(**{**kwargs, "as_of": date.fromisoformat(kwargs["as_of"])})
    queries.figures(engine, f, level, with_median=median)
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        queries.figures(engine, f, level, with_median=median)
        runs.append(time.perf_counter() - t0)
    out[name] = statistics.median(runs) * 1000
print(json.dumps(out))
"""
FILTER_FIELDS = ("waves", "batches", "provinces", "sectors", "statuses")


def views() -> dict[str, tuple[dict, str, bool]]:
    """``bench_queries``' views at its dates, as plain data for the child processes."""
    out = {}
    for d in DATES:
        for name, (f, level, median) in VIEWS.items():
            kwargs = {k: list(getattr(f, k)) for k in FILTER_FIELDS if getattr(f, k)}
            out[f"{name}, {d:%d %b %Y}"] = ({**kwargs, "as_of": d.isoformat()}, level, median)
    return out


def run_version(checkout: Path, url: str, repeat: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, url, json.dumps(views()), str(repeat)],
        cwd=checkout,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _commit(checkout: Path) -> str:
    out = subprocess.run(
        ["git", "log", "-1", "--format=%h"],
        check=False,
        cwd=checkout,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip() or "?"


def _table(best: dict, names: list[str], engines: list[str]) -> list[str]:
    head = " | ".join(f"{e} {v}" for e in engines for v in names)
    lines = [f"| view, app ms | {head} |", "| --- |" + " ---: |" * (len(engines) * len(names))]
    for view in views():
        cells = " | ".join(f"{best[(v, e)][view]:.1f}" for e in engines for v in names)
        lines.append(f"| {view} | {cells} |")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--version", action="append", required=True, help="NAME=CHECKOUT,URL[,URL]")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    versions = {}
    for spec in args.version:
        name, rest = spec.split("=", 1)
        checkout, *urls = rest.split(",")
        versions[name] = (Path(checkout).resolve(), urls)
    engines = sorted({u.split(":")[0].split("+")[0] for _, urls in versions.values() for u in urls})
    best: dict[tuple[str, str], dict[str, float]] = {}
    for r in range(args.rounds):
        for name, (checkout, urls) in versions.items():
            for url in urls:
                engine = url.split(":")[0].split("+")[0]
                got = run_version(checkout, url, args.repeat)
                print(f"round {r + 1} {name} {engine}: " + json.dumps(got), flush=True)
                mine = best.setdefault((name, engine), got)
                for view, ms in got.items():
                    mine[view] = min(mine[view], ms)
    names = list(versions)
    block = [
        f"\n## app queries, versions side by side — {datetime.now():%Y-%m-%d %H:%M}\n",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "- versions: " + ", ".join(f"{n} = {_commit(c)} ({c})" for n, (c, _) in versions.items()),
        (
            f"- `queries.figures`, median of {args.repeat} after a warm-up, {args.rounds} "
            "rounds alternating between the versions; the lowest median of the rounds\n"
        ),
        *_table(best, names, engines),
        "",
    ]
    record("\n".join(block))


if __name__ == "__main__":
    main()
