"""Large datasets for the benchmarks, built once with the scale generator and kept.

    dataset("sqlite", 5_000_000)      -> bench/out/atlas-5000k.db
    dataset("postgresql", 5_000_000)  -> database atlas_bench_5000k on ATLAS_BENCH_PG
                                          (default the local server, user postgres)

Both hold 50.000 facilitators (the article's 4.371, trained as in the article, plus roster
members not yet scheduled) and about ``enterprises`` KPM enterprises:
``python -m atlas demo --scale S --facilitators 50000``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("ATLAS_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
FACILITATORS = 50_000
PER_SCALE = 438_000  # enterprises per unit of --scale with 50.000 facilitators (measured)


def url_for(kind: str, enterprises: int) -> str:
    name = f"atlas-{enterprises // 1000}k"
    if kind == "sqlite":
        return f"sqlite:///{ROOT / 'bench' / 'out' / f'{name}.db'}"
    return PG.rsplit("/", 1)[0] + "/" + name.replace("-", "_bench_")


def _exists(kind: str, url: str) -> bool:
    if kind == "sqlite":
        return Path(url.removeprefix("sqlite:///")).exists()
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        found = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.rsplit("/", 1)[1]}
        ).scalar()
    admin.dispose()
    return bool(found)


def dataset(kind: str, enterprises: int) -> str:
    url = url_for(kind, enterprises)
    if _exists(kind, url):
        # Built by an earlier version: migrations and summary tables brought up to date.
        subprocess.run(
            [sys.executable, "-m", "atlas", "setup", "--no-demo"],
            check=True,
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url},
            capture_output=True,
        )
        return url
    if kind == "sqlite":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    else:
        admin = create_engine(PG, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(
                text(f'CREATE DATABASE "{url.rsplit("/", 1)[1]}"')
            )  # our own constant name
        admin.dispose()
    env = {**os.environ, "DATABASE_URL": url}
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "atlas", "setup", "--no-demo"], env=env, check=True, cwd=ROOT
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "atlas",
            "demo",
            "--scale",
            f"{enterprises / PER_SCALE:.3f}",
            "--facilitators",
            str(FACILITATORS),
        ],
        env=env,
        check=True,
        cwd=ROOT,
    )
    print(f"built {url.rsplit('/', 1)[1]} ({kind}) in {time.perf_counter() - t0:.0f} s", flush=True)
    return url


if __name__ == "__main__":
    for kind in sys.argv[1].split(","):
        for n in sys.argv[2].split(","):
            dataset(kind, int(n))
