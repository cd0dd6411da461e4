"""What a browser downloads of the boundaries, per working area (#34): the files
``geo.served`` makes for each ``ATLAS_AREA``, gzipped as they are sent, and what a first
visit fetches — the level the map opens on and the province outlines drawn over it.

    .venv/bin/python -m bench.bench_boundaries

Each area is measured in its own process (an area is read once per process, as a
deployment does). Appends the table to bench/RESULTS.md.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import datetime

from bench.results import record

_MEASURE = """
import json
from atlas.core.mapview import MapView
from atlas.screens.map_layers import province_layer
from geo import served
files = served._files()
level = MapView().level
first = {"regency", "province-outline"} if level == "regency" else {province_layer()}
districts = [len(s.body) for name, s in files.items() if name.startswith("district-")]
print(json.dumps({
    "level": MapView().level,
    "first": sum(len(files[name].body) for name in first),
    "province": len(files[province_layer()].body),
    "regency": len(files["regency"].body),
    "outline": len(files["province-outline"].body),
    "districts": len(districts),
    "district_max": max(districts),
}))
"""


def measure(area: str) -> dict:
    env = {**os.environ, "ATLAS_AREA": area}
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def _kib(n: int) -> str:
    return f"{n / 1024:,.0f}"


def main() -> None:
    from atlas.core import areas

    rows = []
    for area in areas.SHIPPED:
        m = measure(area.code)
        rows.append(
            f"| {area.code} | {len(area.provinces)} | {m['level']} | {_kib(m['first'])} | "
            f"{_kib(m['province'])} | {_kib(m['regency'])} | {_kib(m['outline'])} | "
            f"{m['districts']} files, ≤ {_kib(m['district_max'])} |"
        )
    block = (
        f"\n### Boundary downloads per working area — {datetime.now():%Y-%m-%d %H:%M} "
        f"({platform.python_version()})\n\n"
        "KiB gzipped, as sent. First visit: the files of the view the map opens on (regencies "
        "and the province outlines over them; the country's provinces, drawn from their "
        "outline file).\n\n"
        "| area | provinces | opens on | first visit | province | regency | outlines | districts |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- |\n" + "\n".join(rows) + "\n"
    )
    record(block)


if __name__ == "__main__":
    main()
