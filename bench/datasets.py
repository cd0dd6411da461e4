"""Large datasets for the benchmarks, built once with the scale generator and kept.

    dataset("sqlite", 5_000_000)      -> bench/out/atlas-5000k.db
    dataset("postgresql", 5_000_000)  -> database atlas_bench_5000k on ATLAS_BENCH_PG
                                          (default the local server, user postgres)
    dataset("sqlite", 10_000_000, "nasional") -> bench/out/atlas-nasional-10000k.db

Yogyakarta's hold 50.000 facilitators (the article's 4.371, trained as in the article, plus
roster members not yet scheduled) and about ``enterprises`` KPM enterprises:
``python -m atlas demo --scale S --facilitators 50000``. The country's hold every centre's
40.000 facilitators: ``python -m atlas demo --area nasional --scale S``; they are read with
``ATLAS_AREA=nasional`` (``area_env``).

    python -m bench.datasets sqlite,postgresql 5000000[,10000000] [nasional]
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
PER_SCALE_NATIONAL = 348_000  # the same in the country's demo (40.000 facilitators)


def area_env(area: str) -> dict[str, str]:
    """The environment a dataset of ``area`` is read in."""
    return {**os.environ, "ATLAS_AREA": area}


def url_for(kind: str, enterprises: int, area: str = "yogyakarta") -> str:
    name = f"atlas-{'' if area == 'yogyakarta' else area + '-'}{enterprises // 1000}k"
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


def dataset(kind: str, enterprises: int, area: str = "yogyakarta") -> str:
    url = url_for(kind, enterprises, area)
    if _exists(kind, url):
        # Built by an earlier version: migrations and summary tables brought up to date.
        subprocess.run(
            [sys.executable, "-m", "atlas", "setup", "--no-demo"],
            check=True,
            cwd=ROOT,
            env={**area_env(area), "DATABASE_URL": url},
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
    env = {**area_env(area), "DATABASE_URL": url}
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "atlas", "setup", "--no-demo"], env=env, check=True, cwd=ROOT
    )
    if area == "yogyakarta":
        sized = ["--scale", f"{enterprises / PER_SCALE:.3f}", "--facilitators", str(FACILITATORS)]
    else:
        sized = ["--scale", f"{enterprises / PER_SCALE_NATIONAL:.3f}"]
    subprocess.run([sys.executable, "-m", "atlas", "demo", *sized], env=env, check=True, cwd=ROOT)
    print(f"built {url.rsplit('/', 1)[1]} ({kind}) in {time.perf_counter() - t0:.0f} s", flush=True)
    return url


if __name__ == "__main__":
    where = sys.argv[3] if len(sys.argv) > 3 else "yogyakarta"
    for kind in sys.argv[1].split(","):
        for n in sys.argv[2].split(","):
            dataset(kind, int(n), where)
