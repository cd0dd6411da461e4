"""Rebuild the boundary files the app ships (``geo/data/``) from the upstream files.

Usage::

    python tools/build_geo.py UPSTREAM_FOLDER [--out geo/data]

``UPSTREAM_FOLDER`` holds the boundary set prepared from the pinned upstream commits (see
``geo/data/SOURCE.md``): ``provinces.geojson``, ``regencies.geojson``, ``districts.geojson``
(RFC 7946, 5 decimals, already generalised) and ``regions.csv``. This script checks them
(feature counts per level, codes unique and nested, every geometry valid and non-empty, the
region list agreeing with the polygons), writes each level as compact GeoJSON sorted by code
and gzipped (level 9, no file name, mtime 0: the same input gives the same bytes), copies
``regions.csv``, and rewrites ``geo/checksums.sha256``, which ``python -m atlas setup``
verifies. Run it only when the boundaries change; commit what it writes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.boundaries import CHECKSUMS, LEVEL_FILES

EXPECTED = {"province": 6, "regency": 119, "district": 1809}
UPSTREAM_NAMES = {
    "province": "provinces.geojson",
    "regency": "regencies.geojson",
    "district": "districts.geojson",
}
PARENT = {"regency": "province_code", "district": "regency_code"}


class BuildError(RuntimeError):
    pass


def _features(path: Path, level: str) -> list[dict]:
    import shapely

    data = json.loads(path.read_text(encoding="utf-8"))
    feats = sorted(data["features"], key=lambda f: f["properties"]["code"])
    codes = [f["properties"]["code"] for f in feats]
    if len(codes) != EXPECTED[level] or len(set(codes)) != len(codes):
        raise BuildError(
            f"{path.name}: {len(codes)} features, {len(set(codes))} codes; "
            f"expected {EXPECTED[level]} unique"
        )
    geoms = shapely.from_geojson([json.dumps(f["geometry"]) for f in feats])
    bad = [c for c, g in zip(codes, geoms) if g is None or g.is_empty or not g.is_valid]
    if bad:
        raise BuildError(f"{path.name}: invalid or empty geometry for {', '.join(bad[:10])}")
    return feats


def _gzip(text: str) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=buf, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def build(upstream: Path, out: Path) -> dict[str, str]:
    """Check the upstream files and write the shipped set; returns name -> sha256."""
    levels = {level: _features(upstream / name, level) for level, name in UPSTREAM_NAMES.items()}
    codes = {level: {f["properties"]["code"] for f in feats} for level, feats in levels.items()}
    for level, key in PARENT.items():
        parent = "province" if level == "regency" else "regency"
        orphans = [
            f["properties"]["code"]
            for f in levels[level]
            if f["properties"].get(key) not in codes[parent]
        ]
        if orphans:
            raise BuildError(f"{level}: no parent for {', '.join(orphans[:10])}")
    regions_text = (upstream / "regions.csv").read_text(encoding="utf-8")
    listed: dict[str, set[str]] = {level: set() for level in EXPECTED}
    for row in csv.DictReader(io.StringIO(regions_text)):
        listed.setdefault(row["level"], set()).add(row["code"])
    for level in EXPECTED:
        if listed[level] != codes[level]:
            raise BuildError(f"regions.csv and the {level} polygons list different codes")

    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, bytes] = {}
    for level, feats in levels.items():
        text = json.dumps(
            {"type": "FeatureCollection", "features": feats},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        written[LEVEL_FILES[level]] = _gzip(text)
    written["regions.csv"] = regions_text.encode("utf-8")
    digests = {}
    for name, data in written.items():
        (out / name).write_bytes(data)
        digests[name] = hashlib.sha256(data).hexdigest()
    return digests


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("upstream", type=Path, help="folder with the upstream boundary files")
    p.add_argument("--out", type=Path, default=ROOT / "geo" / "data")
    p.add_argument("--checksums", type=Path, default=CHECKSUMS)
    args = p.parse_args(argv)
    try:
        digests = build(args.upstream, args.out)
    except (BuildError, OSError, KeyError, ValueError) as exc:
        print(f"build_geo: {exc}", file=sys.stderr)
        return 2
    args.checksums.write_text("".join(f"{d}  {n}\n" for n, d in digests.items()))
    for name, digest in digests.items():
        size = (args.out / name).stat().st_size
        print(f"{name:24} {size / 1024:7.0f} KiB  sha256 {digest[:16]}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
