"""Import end to end (read, check, resolve regions, write, refresh summaries) of 100.000-row
enterprise files, xlsx and csv, against the baseline pandas.read_excel(openpyxl) + to_sql.

    .venv/bin/python -m bench.bench_import [--rows 100000]

Each measurement runs in its own process so that its peak memory (ru_maxrss) is its own; the
clock starts once the modules are loaded (in the app they are).
Appends the figures to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from bench.results import record

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
REGENCIES = [
    "Kabupaten Sleman",
    "Kab. Bantul",
    "KOTA YOGYAKARTA",
    "Gunungkidul",
    "Kulon Progo",
    "Kab. Malang",
    "Kota Surabaya",
    "Kabupaten Kupang",
    "3471",
    "35.78",
]
SECTORS = ["kuliner", "warung", "kerajinan", "pertanian", "ternak", "perikanan", "jasa", "lainnya"]


def make_files(rows: int) -> tuple[Path, Path]:
    import pandas as pd

    OUT.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = OUT / f"usaha-{rows}.csv", OUT / f"usaha-{rows}.xlsx"
    if csv_path.exists() and xlsx_path.exists():
        return csv_path, xlsx_path
    df = pd.DataFrame(
        {
            "id_usaha": [f"B-{i:07d}" for i in range(rows)],
            "id_kpm": [f"34040145089{i % 100000:05d}" for i in range(rows)],
            "nama_usaha": [f"Usaha {i}" for i in range(rows)],
            "sektor": [SECTORS[i % len(SECTORS)] for i in range(rows)],
            "status_usaha": ["berkembang"] * rows,
            "kabupaten_kota": [REGENCIES[i % len(REGENCIES)] for i in range(rows)],
            "omzet_bulanan": [
                f"Rp {(i % 50 + 1) * 100_000:,}".replace(",", ".") for i in range(rows)
            ],
            "tenaga_kerja": [i % 4 for i in range(rows)],
            "tanggal_mulai": ["16/10/2019"] * rows,
        }
    )
    df.to_csv(csv_path, index=False)
    with pd.ExcelWriter(xlsx_path, engine="xlsxwriter") as writer:
        df.to_excel(writer, index=False)
    return csv_path, xlsx_path


def _child(mode: str, path: str, url: str) -> None:
    # Modules are loaded before the clock starts, in both modes: in the app they already are.
    import openpyxl  # noqa: F401
    import pandas as pd
    from sqlalchemy import create_engine

    from atlas.access import SYSTEM
    from atlas.db import make_engine
    from atlas.ingest import importer

    t0 = time.perf_counter()
    if mode == "baseline":
        df = pd.read_excel(path, engine="openpyxl", dtype=str)
        df.to_sql("baseline_import", create_engine(url), if_exists="replace", index=False)
        status = "written"
    else:
        res = importer.run(
            make_engine(url),
            Path(path).read_bytes(),
            Path(path).name,
            kind="enterprises",
            dry_run=False,
            actor=SYSTEM,
        )
        status = f"{res.status} new={res.counts['new']} rejected={res.counts['rejected']}"
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "status": status}))


def _fresh_db(rows: int) -> str:
    path = OUT / f"import-bench-{rows}.db"
    for p in (path, path.with_suffix(".db-wal"), path.with_suffix(".db-shm")):
        p.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    env = {"DATABASE_URL": url}
    import os

    subprocess.run(
        [sys.executable, "-m", "atlas", "setup", "--no-demo"],
        cwd=ROOT,
        check=True,
        env={**os.environ, **env},
        capture_output=True,
    )
    return url


def measure(mode: str, path: Path, rows: int) -> dict:
    url = _fresh_db(rows)
    proc = subprocess.run(
        [sys.executable, "-m", "bench.bench_import", "--child", mode, str(path), url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--child", nargs=3)
    args = ap.parse_args()
    if args.child:
        _child(*args.child)
        return
    csv_path, xlsx_path = make_files(args.rows)
    results = {
        "csv (atlas import)": measure("atlas", csv_path, args.rows),
        "xlsx (atlas import)": measure("atlas", xlsx_path, args.rows),
        "xlsx baseline: read_excel(openpyxl) + to_sql, no checks": measure(
            "baseline", xlsx_path, args.rows
        ),
    }
    lines = [
        f"\n## bench_import — {datetime.now():%Y-%m-%d %H:%M}\n",
        (
            f"- machine: {platform.machine()}, Python {platform.python_version()}; SQLite; "
            f"{args.rows:,} enterprise rows, 10 spellings of regions, NIK hashed per row\n"
        ),
        "\n| file | seconds | rows/s | peak memory (MB) | result |\n| --- | --- | --- | --- | --- |\n",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['seconds']:.1f} | {args.rows / r['seconds']:,.0f} | {r['peak_mb']:.0f} "
            f"| {r['status']} |\n"
        )
    block = "".join(lines)
    record(block)


if __name__ == "__main__":
    main()
