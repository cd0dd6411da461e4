"""The map page: full rerun time (AppTest) and the bytes of a view per level.

    .venv/bin/python -m bench.bench_map_page                 # the demo database (data/atlas.db)
    .venv/bin/python -m bench.bench_map_page --enterprises 5000000 [--engine postgresql]
        # builds the dataset once (bench/datasets.py), then measures
    .venv/bin/python -m bench.bench_map_page --enterprises 10000000 --area nasional
        # the country's map (its 38 provinces, 514 regencies) on the country's dataset

Appends the figures to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import datetime
from pathlib import Path

from bench.results import record

ROOT = Path(__file__).resolve().parent.parent
VIEWS = {
    "default (regencies, all waves)": {},
    "wave IX, Sleman selected": {"gelombang": "IX", "wilayah": "34.04"},
    "provinces": {"tingkat": "provinsi"},
    "districts of Sleman": {"wilayah": "34.04", "tingkat": "kecamatan"},
    "median turnover": {"metrik": "median_turnover"},
    "compare V-VIII with I-IV": {"gelombang": "V-VIII", "banding": "I-IV"},
}


def _db_for(enterprises: int | None, kind: str, area: str) -> str:
    if not enterprises:
        return os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'data' / 'atlas.db'}")
    from bench.datasets import dataset

    return dataset(kind, enterprises, area)


def rerun_times(url: str, repeat: int) -> dict[str, tuple[float, float]]:
    """(first run with empty caches, median warm rerun) in seconds per view."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["DATABASE_URL"] = url
    out = {}
    for name, params in VIEWS.items():
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "home.py"), default_timeout=120)
        for k, v in params.items():
            at.query_params[k] = v
        t0 = time.perf_counter()
        at.run()
        cold = time.perf_counter() - t0
        assert not at.exception, at.exception
        warm = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - t0)
        out[name] = (cold, statistics.median(warm))
    return out


def payloads(url: str) -> dict[str, tuple[int, int]]:
    """Per view: bytes of the view's data (the JSON the page sends for one view; the shapes
    are fetched once per browser) and of the standalone HTML download (shapes inline)."""
    import json

    from atlas.core.access import Principal
    from atlas.core.filters import Filter
    from atlas.core.mapview import MapView
    from atlas.screens import explorer
    from atlas.store.db import make_engine
    from geo import assets

    engine = make_engine(url)
    who = Principal("bench", "admin")  # enterprise points included
    views = {
        "province level": MapView(level="province"),
        "regency level (every regency: 119, the country's 514)": MapView(level="regency"),
        "regency level, Sleman selected, points": MapView(region="34.04"),
        "district level (Sleman, 17)": MapView(
            level="district", region="34.04", metric="enterprises"
        ),
    }
    out = {}
    for name, view in views.items():
        screen = explorer.explore(engine, Filter(), view, who, "id")
        spec = screen.maps[0]
        sent = len(json.dumps([spec.view, spec.marks], ensure_ascii=False).encode("utf-8"))
        page = assets.inline(explorer.standalone(engine, Filter(), view, who, "id"))
        out[name] = (sent, len(page.encode("utf-8")))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--enterprises", type=int, default=0, help="build/use a dataset of this size")
    ap.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--area", default="yogyakarta", help="the working area served (ATLAS_AREA)")
    args = ap.parse_args()
    os.environ["ATLAS_AREA"] = args.area
    url = _db_for(args.enterprises, args.engine, args.area)
    from sqlalchemy import text

    from atlas.store.db import make_engine

    with make_engine(url).connect() as conn:
        n = conn.execute(text("SELECT COUNT(*) FROM enterprise")).scalar()
    times = rerun_times(url, args.repeat)
    sizes = payloads(url)
    import streamlit

    lines = [
        f"\n## bench_map_page — {datetime.now():%Y-%m-%d %H:%M}\n",
        (
            f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"Streamlit {streamlit.__version__}; database: {make_engine(url).dialect.name}, {n:,} enterprises; "
            f"area {args.area}\n"
        ),
        "\n| view | first run, empty caches (s) | rerun, warm caches, median (s) |\n| --- | --- | --- |\n",
    ]
    lines += [f"| {k} | {c:.2f} | {w:.3f} |\n" for k, (c, w) in times.items()]
    lines.append(
        "\n| map | view data sent (bytes) | standalone HTML (bytes) |\n| --- | --- | --- |\n"
    )
    lines += [f"| {k} | {v:,} | {h:,} |\n" for k, (v, h) in sizes.items()]
    block = "".join(lines)
    record(block)


if __name__ == "__main__":
    main()
