"""The boundaries as the browser downloads them: one GeoJSON file per map layer, fetched once
and then kept by the browser's cache, so that a new view of the map sends only its values,
colours and tooltips (see ``geo.maps.ViewLayer``).

Each file's URL carries a hash of its content (``regency.3f2a9c1b.json``): the server can
tell browsers to keep it for a year, and a rebuilt boundary set gets new URLs.

Files: ``province``, ``regency``, ``district-<regency code>`` (the districts of one regency,
a few kilobytes each), and ``province-outline``, the lighter outlines of the provinces drawn
over the regencies. A district view draws its regency's outline from ``regency``, which the
browser has from the level above.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import re
from dataclasses import dataclass

from atlas.core.regions import regency_of
from geo import boundaries

PATH = "/_atlas/geo/"
# Coordinates rounded to 5 decimals (about 1 m): the outlines are generalised to vertices
# about 1.5 km apart, so more digits only add bytes.
DIGITS = 5
_NAME = re.compile(r"^(?P<layer>[a-z]+(?:-outline|-\d{2}\.\d{2})?)\.(?P<hash>[0-9a-f]{12})\.json$")


@dataclass(frozen=True)
class Served:
    body: bytes  # gzip-compressed GeoJSON
    raw_size: int
    digest: str


def _round(coords):
    if isinstance(coords[0], (int, float)):
        return [round(c, DIGITS) for c in coords]
    return [_round(c) for c in coords]


def _collection(geometries: dict[str, dict]) -> bytes:
    features = [
        {
            "type": "Feature",
            "properties": {"code": code},
            "geometry": {"type": g["type"], "coordinates": _round(g["coordinates"])},
        }
        for code, g in geometries.items()
    ]
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, separators=(",", ":")
    ).encode()


def _serve(raw: bytes) -> Served:
    # mtime=0: the same boundaries always give the same bytes (and the same hash).
    return Served(gzip.compress(raw, 9, mtime=0), len(raw), hashlib.sha256(raw).hexdigest()[:12])


@functools.lru_cache(maxsize=1)
def _files() -> dict[str, Served]:
    """Every servable file, built once per process (about a second)."""
    files = {
        "province": boundaries.geometry_mapping("province"),
        "regency": boundaries.geometry_mapping("regency"),
        "province-outline": boundaries.geometry_mapping("province", outline=True),
    }
    by_regency: dict[str, dict[str, dict]] = {}
    for code, geometry in boundaries.geometry_mapping("district").items():
        by_regency.setdefault(regency_of(code), {})[code] = geometry
    files |= {f"district-{regency}": shapes for regency, shapes in by_regency.items()}
    return {layer: _serve(_collection(shapes)) for layer, shapes in files.items()}


def url(layer: str, base_path: str = "") -> str:
    """The URL of one layer's file, e.g. ``url("district-34.04")``; KeyError if none."""
    served = _files()[layer]
    base = "/" + base_path.strip("/") if base_path.strip("/") else ""
    return f"{base}{PATH}{layer}.{served.digest}.json"


def lookup(name: str) -> Served | None:
    """The file named in a request (``regency.3f2a9c1b.json``), or None: unknown layers and
    outdated hashes are not served."""
    match = _NAME.fullmatch(name)  # not match: its "$" admits a trailing newline
    if not match:
        return None
    served = _files().get(match["layer"])
    return served if served is not None and served.digest == match["hash"] else None


def inline(layer: str) -> dict:
    """One layer's GeoJSON as data (the standalone HTML download embeds it)."""
    return json.loads(gzip.decompress(_files()[layer].body))
