"""Import end to end (read, check, resolve regions, write, keep the summaries current) of a
100.000-row enterprise file spread over all 119 regencies, csv and xlsx, into an empty
database and into a 5-million-enterprise one, on SQLite and PostgreSQL; beside the unchecked
baseline ``pandas.read_csv`` / ``read_excel(engine="calamine")`` + ``to_sql`` in the same run.

    .venv/bin/python -m bench.bench_import [--rows 100000] [--engines sqlite,postgresql]
                                           [--before PATH] [--repeat 3]

"Empty" is the 5M database with its enterprises deleted: the same 50.000 facilitators,
batches and regions, no enterprise. The file is drawn from that roster (seeded): every
regency, districts by name, a facilitator of the regency for most rows, NIKs and programme
identifiers, dates, graduations. Every measurement runs on a fresh copy of its database, in
a process of its own so that its peak memory (ru_maxrss) is its own; the clock starts once
the modules are loaded (in the app they are). ``--before PATH``: a git worktree of an earlier
version, whose importer is measured the same way beside the current one.
Appends the figures to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from bench.datasets import PG, dataset
from bench.results import record

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BIG = 5_000_000
SECTORS = ["kuliner", "warung", "kerajinan", "pertanian", "ternak", "perikanan", "jasa", "lainnya"]
STATUSES = ["rintisan", "berkembang", "mandiri", "tidak aktif"]


def make_files(url: str, rows: int) -> tuple[Path, Path]:
    """The enterprise file, drawn from the roster and regions of the database at ``url``."""
    import numpy as np
    import pandas as pd
    from sqlalchemy import create_engine, text

    OUT.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = OUT / f"usaha-all-{rows}.csv", OUT / f"usaha-all-{rows}.xlsx"
    if csv_path.exists() and xlsx_path.exists():
        return csv_path, xlsx_path
    engine = create_engine(url)
    with engine.connect() as conn:
        regions = pd.read_sql(text("SELECT code, name, level, parent_code FROM region"), conn)
        facs = pd.read_sql(text("SELECT official_id, regency_code FROM facilitator"), conn)
    engine.dispose()
    rng = np.random.default_rng(14)
    regencies = regions[regions.level == "regency"].reset_index(drop=True)
    districts = regions[regions.level == "district"]
    # Every regency, in proportion to its facilitators (at least a few rows each).
    weight = facs.regency_code.value_counts().reindex(regencies.code).fillna(0).to_numpy() + 20
    pick = rng.choice(len(regencies), size=rows, p=weight / weight.sum())
    regency = regencies.code.to_numpy()[pick]
    names = regencies.name.to_numpy()[pick]
    by_regency = districts.groupby("parent_code").name.apply(list).to_dict()
    district = [
        by_regency[c][i % len(by_regency[c])] if c in by_regency else ""
        for c, i in zip(regency, rng.integers(0, 10_000, rows))
    ]
    local = facs.groupby("regency_code").official_id.apply(list).to_dict()
    anyone = facs.official_id.to_numpy()
    draw = rng.integers(0, 1_000_000, rows)
    elsewhere = rng.random(rows) < 0.05  # a facilitator from another regency
    facilitator = [
        anyone[d % len(anyone)] if far or c not in local else local[c][d % len(local[c])]
        for c, d, far in zip(regency, draw, elsewhere)
    ]
    # Two in three a NIK of the regency, the rest a programme identifier.
    nik = [f"{c.replace('.', '')}01{4508900000 + i:010d}" for i, c in enumerate(regency)]
    kpm = [
        n if i % 3 else f"P{c.replace('.', '')}-{i:06d}"
        for i, (n, c) in enumerate(zip(nik, regency))
    ]
    start = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 365 * 5, rows), "D")
    graduated = rng.random(rows) < 0.15
    graduation = start + pd.to_timedelta(rng.integers(200, 900, rows), "D")
    df = pd.DataFrame(
        {
            "id_usaha": [f"B-{i:07d}" for i in range(rows)],
            "id_kpm": kpm,
            "nama_usaha": [f"Usaha {i}" for i in range(rows)],
            "sektor": rng.choice(SECTORS, rows),
            "status_usaha": rng.choice(STATUSES, rows, p=[0.35, 0.35, 0.15, 0.15]),
            "kabupaten_kota": names,
            "kecamatan": district,
            "id_pendamping": facilitator,
            "omzet_bulanan": [
                f"Rp {v:,}".replace(",", ".") for v in (rng.integers(1, 200, rows) * 50_000)
            ],
            "tenaga_kerja": rng.integers(0, 6, rows),
            "tanggal_mulai": start.strftime("%d/%m/%Y"),
            "graduasi": np.where(graduated, "ya", "tidak"),
            "tanggal_graduasi": np.where(graduated, graduation.strftime("%d/%m/%Y"), ""),
        }
    )
    df.to_csv(csv_path, index=False)
    # Text cells for identifiers, as a person's template holds them.
    with pd.ExcelWriter(xlsx_path, engine="xlsxwriter") as writer:
        df.to_excel(writer, index=False)
    return csv_path, xlsx_path


def _empty(big: str) -> str:
    """The 5M database without its enterprises (kept beside it once made)."""
    from sqlalchemy import create_engine, text

    kind = "sqlite" if big.startswith("sqlite") else "postgresql"
    url = _copy_url(big, "empty")
    if kind == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        if path.exists():
            return url
        tmp = path.with_suffix(".tmp")
        shutil.copyfile(big.removeprefix("sqlite:///"), tmp)
        _strip(f"sqlite:///{tmp}")
        tmp.rename(path)
        return url
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    name = url.rsplit("/", 1)[1]
    with admin.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
            return url
        conn.execute(text(f'CREATE DATABASE "{name}_tmp" TEMPLATE "{big.rsplit("/", 1)[1]}"'))
    _strip(url + "_tmp")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}_tmp" RENAME TO "{name}"'))
    admin.dispose()
    return url


def _strip(url: str) -> None:
    from sqlalchemy import delete

    from atlas.store import aggregates
    from atlas.store.db import make_engine
    from atlas.store.models import Enterprise

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(delete(Enterprise))
        aggregates.refresh(conn)
    if url.startswith("sqlite"):
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM")
    else:
        aggregates.tidy(engine)
    engine.dispose()


def _copy_url(url: str, suffix: str) -> str:
    if url.startswith("sqlite"):
        return url.removesuffix(".db") + f"-{suffix}.db"
    return f"{url}_{suffix}"


def _scratch(source: str) -> str:
    """A fresh copy of ``source`` to import into."""
    from sqlalchemy import create_engine, text

    url = _copy_url(source, "scratch")
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        shutil.copyfile(source.removeprefix("sqlite:///"), path)
        return url
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    name, template = url.rsplit("/", 1)[1], source.rsplit("/", 1)[1]
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()
    return url


def _child(mode: str, path: str, url: str) -> None:
    # Modules are loaded before the clock starts, in every mode: in the app they already are.
    import pandas as pd
    import python_calamine  # noqa: F401
    from sqlalchemy import create_engine

    from atlas.core.access import SYSTEM
    from atlas.ingest import importer
    from atlas.store.db import make_engine

    t0 = time.perf_counter()
    if mode == "baseline":
        if path.endswith(".csv"):
            df = pd.read_csv(path, dtype=str)
        else:
            df = pd.read_excel(path, engine="calamine", dtype=str)
        engine = create_engine(url)
        df.to_sql("baseline_import", engine, if_exists="replace", index=False, chunksize=10_000)
        status = "written"
    else:
        res = importer.run(
            make_engine(url),
            Path(path).read_bytes(),
            Path(path).name,
            kind="enterprises",
            dry_run=False,
            accept_matches=True,
            actor=SYSTEM,
        )
        status = f"{res.status} new={res.counts['new']} rejected={res.counts['rejected']}"
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "status": status}))


def measure(mode: str, path: Path, source: str, cwd: Path = ROOT, repeat: int = 1) -> dict:
    """The median of ``repeat`` runs, each on a fresh copy of ``source`` (peak: the highest)."""
    runs = []
    for _ in range(repeat):
        url = _scratch(source)
        proc = subprocess.run(
            [sys.executable, "-m", "bench.bench_import", "--child", mode, str(path), url],
            cwd=cwd,
            check=False,  # a failed import is a figure too: its message goes in the table
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(cwd)},
        )
        if proc.returncode:
            return {"seconds": float("nan"), "peak_mb": float("nan"), "status": proc.stderr[-300:]}
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    runs.sort(key=lambda r: r["seconds"])
    return runs[len(runs) // 2] | {"peak_mb": max(r["peak_mb"] for r in runs)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--before", type=Path, help="a worktree of an earlier version")
    ap.add_argument("--repeat", type=int, default=1, help="runs per figure (the median)")
    ap.add_argument("--child", nargs=3)
    args = ap.parse_args()
    if args.child:
        _child(*args.child)
        return
    rows = []
    for kind in args.engines.split(","):
        big = dataset(kind, BIG)
        empty = _empty(big)
        csv_path, xlsx_path = make_files(big, args.rows)
        for path in (csv_path, xlsx_path):
            fmt = path.suffix[1:]
            rows.append(
                (
                    kind,
                    fmt,
                    "baseline, no checks",
                    "empty",
                    measure("baseline", path, empty, repeat=args.repeat),
                )
            )
            versions = [("current", ROOT)] + ([("before", args.before)] if args.before else [])
            for version, cwd in versions:
                for label, source in (("empty", empty), ("5M", big)):
                    r = measure("atlas", path, source, cwd, args.repeat)
                    rows.append((kind, fmt, f"atlas import ({version})", label, r))
                    print(kind, fmt, version, label, r, flush=True)
    lines = [
        f"\n## bench_import — {datetime.now():%Y-%m-%d %H:%M}\n\n",
        (
            f"- machine: {platform.machine()}, Python {platform.python_version()}; "
            f"median of {args.repeat}; {args.rows:,} new enterprise rows over all 119 regencies (districts by name, "
            "a facilitator each, NIKs and programme identifiers); into an empty database and "
            "into one of 5M enterprises (same roster), each on a fresh copy\n"
        ),
        (
            "\n| engine | file | what | into | seconds | rows/s | peak memory (MB) | result |\n"
            "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
        ),
    ]
    for kind, fmt, what, into, r in rows:
        lines.append(
            f"| {kind} | {fmt} | {what} | {into} | {r['seconds']:.2f} | "
            f"{args.rows / r['seconds']:,.0f} | {r['peak_mb']:.0f} | {r['status']} |\n"
        )
    record("".join(lines))


if __name__ == "__main__":
    main()
