"""Boundary files: verify or install them (checksum-checked) and load them.

The boundaries ship with the project in ``geo/data/`` (gzipped GeoJSON, built by
``tools/build_geo.py``; provenance and licences in ``geo/data/SOURCE.md``), so a clone
needs nothing beside it. ``install`` checks them there, or copies them from another folder
or URL (``ATLAS_GEO_SOURCE``) into ``ATLAS_GEO_DIR``, refusing any file whose sha256 differs
from ``geo/checksums.sha256``. ``load_level`` reads one level as a GeoDataFrame in
EPSG:4326 with string region codes.
"""

from __future__ import annotations

import functools
import hashlib
import shutil
import tempfile
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from atlas.core import config
from atlas.core.areas import current as current_area

if TYPE_CHECKING:
    import geopandas as gpd

CHECKSUMS = Path(__file__).resolve().parent / "checksums.sha256"
SHIPPED = Path(__file__).resolve().parent / "data"  # the default ATLAS_GEO_DIR and source
# Copied for the licence and attribution; its text may be updated upstream, so unchecked.
EXTRA_FILES = ("SOURCE.md",)
# Gzipped: a quarter of the size, read as fast as plain GeoJSON (GDAL's /vsigzip/); the
# measurements behind the choice are in geo/data/SOURCE.md.
LEVEL_FILES = {
    "province": "provinces.geojson.gz",
    "regency": "regencies.geojson.gz",
    "district": "districts.geojson.gz",
}


class BoundariesMissing(RuntimeError):
    """The boundary files are not installed (or incomplete); says what to run."""

    def __init__(self, path: Path, missing: list[str]) -> None:
        self.path = path
        self.missing = missing
        super().__init__(
            f"Berkas batas wilayah belum terpasang di {path} (tidak ada: {', '.join(missing)}). "
            "Jalankan `python -m atlas setup`."
        )


class ChecksumMismatch(RuntimeError):
    pass


def expected_checksums() -> dict[str, str]:
    out = {}
    for line in CHECKSUMS.read_text().splitlines():
        if line.strip():
            digest, name = line.split()
            out[name] = digest
    return out


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _fetch(source: str, name: str, dest: Path) -> bool:
    """Copy or download one file; False when the source does not have it."""
    if source.startswith(("http://", "https://", "file://")):
        url = source.rstrip("/") + "/" + name
        try:
            with urllib.request.urlopen(url, timeout=60) as resp, dest.open("wb") as out:
                shutil.copyfileobj(resp, out)
        except OSError:
            return False
        return True
    src = Path(source) / name
    if not src.is_file():
        return False
    shutil.copyfile(src, dest)
    return True


def is_installed(target: Path | None = None) -> bool:
    target = target or config.geo_dir()
    return all((target / name).is_file() for name in expected_checksums())


def install(source: str | None = None, target: Path | None = None) -> list[str]:
    """Check or install the boundary files; returns the names installed. Nothing changes on
    failure. With the defaults this checks the shipped files in place and installs nothing.

    Files are downloaded into a temporary folder first and only moved into place once every
    checksum matches, so a broken source never leaves a half-installed set behind.
    """
    source = source or config.geo_source()
    target = target or config.geo_dir()
    wanted = expected_checksums()
    if (
        not source.startswith(("http://", "https://", "file://"))
        and Path(source).resolve() == target.resolve()
    ):
        verify(target)  # the shipped files, read where they are
        return []
    try:
        verify(target)
        return []  # already installed, every file as expected: nothing to fetch
    except (BoundariesMissing, ChecksumMismatch):
        pass
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target) as tmp:
        tmpdir = Path(tmp)
        for name, digest in wanted.items():
            dest = tmpdir / name
            if not _fetch(source, name, dest):
                raise FileNotFoundError(
                    f"Berkas {name} tidak ditemukan di sumber {source}. Atur ATLAS_GEO_SOURCE "
                    "ke folder atau URL yang berisi berkas batas wilayah."
                )
            actual = _sha256(dest)
            if actual != digest:
                raise ChecksumMismatch(
                    f"Checksum {name} dari {source} tidak cocok (sha256 {actual[:12]}…, "
                    f"seharusnya {digest[:12]}…). Berkas tidak dipasang."
                )
        for name in EXTRA_FILES:
            _fetch(source, name, tmpdir / name)
        installed = []
        for path in tmpdir.iterdir():
            path.replace(target / path.name)
            installed.append(path.name)
    return sorted(installed)


def verify(folder: Path | None = None) -> None:
    """Raise ``BoundariesMissing`` or ``ChecksumMismatch`` unless every file is as expected."""
    folder = folder or config.geo_dir()
    missing = [n for n in expected_checksums() if not (folder / n).is_file()]
    if missing:
        raise BoundariesMissing(folder, missing)
    for name, digest in expected_checksums().items():
        actual = _sha256(folder / name)
        if actual != digest:
            raise ChecksumMismatch(
                f"Checksum {name} di {folder} tidak cocok (sha256 {actual[:12]}…, seharusnya "
                f"{digest[:12]}…). Pulihkan berkasnya (git checkout geo/data) atau atur "
                "ATLAS_GEO_SOURCE ke salinan yang benar."
            )


def _require(name: str) -> Path:
    path = config.geo_dir() / name
    if not path.is_file():
        missing = [n for n in expected_checksums() if not (config.geo_dir() / n).is_file()]
        raise BoundariesMissing(config.geo_dir(), missing or [name])
    return path


def _in_area(rows):
    """The rows (a region ``code`` column) of the area's provinces: the files hold the whole
    country, a deployment sees its own area only."""
    return rows[rows["code"].str[:2].isin(current_area().provinces)].reset_index(drop=True)


def load_level(level: str) -> gpd.GeoDataFrame:
    """One admin level as a GeoDataFrame (EPSG:4326) with a string ``code`` column."""
    import geopandas as gpd  # heavy; the CLI's summary path does not need it

    path = _require(LEVEL_FILES[level])
    gdf = gpd.read_file(f"/vsigzip/{path}" if path.suffix == ".gz" else path)
    if gdf.crs is None:
        gdf = gdf.set_crs(4326)
    elif gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    gdf["code"] = gdf["code"].astype(str)
    return _in_area(gdf)


def level(name: str) -> gpd.GeoDataFrame:
    """``load_level`` once per process (and boundary folder), shared by every view: callers
    must not mutate it."""
    return _level(str(config.geo_dir()), name)


@functools.lru_cache(maxsize=6)
def _level(folder: str, name: str) -> gpd.GeoDataFrame:
    return load_level(name)


def load_regions() -> pd.DataFrame:
    """The reference list of the area's provinces, regencies and districts (codes as text)."""
    return _in_area(pd.read_csv(_require("regions.csv"), dtype=str, keep_default_na=False))


def load_other_names() -> pd.DataFrame:
    """The area's regions by the names and codes other lists give them (earlier Kemendagri
    lists, BPS's): ``code, name, other_code, source`` (``geo/data/SOURCE.md``)."""
    return _in_area(pd.read_csv(_require("other_names.csv"), dtype=str, keep_default_na=False))


EXTENT_MARGIN = 0.5  # degrees around the area's provinces where a coordinate is plausible


@functools.lru_cache(maxsize=1)
def extent() -> tuple[tuple[float, float], tuple[float, float]]:
    """(latitude range, longitude range) of the area's provinces, widened by
    ``EXTENT_MARGIN`` and rounded out to half degrees: where an uploaded coordinate can be."""
    import math

    west, south, east, north = level("province").total_bounds
    down = lambda x: math.floor((x - EXTENT_MARGIN) * 2) / 2
    up = lambda x: math.ceil((x + EXTENT_MARGIN) * 2) / 2
    return (down(south), up(north)), (down(west), up(east))


OUTLINE_MIN_AREA = 0.0001  # square degrees (~1 km2): islets too small to see as an outline
OUTLINE_TOLERANCE = 0.003  # degrees (~300 m)


@functools.lru_cache(maxsize=8)
def geometry_mapping(level: str, outline: bool = False) -> dict[str, dict]:
    """code -> GeoJSON geometry of one level, built once per process (for map payloads).

    ``outline`` gives a lighter version for boundaries drawn as lines over another level:
    islets dropped and edges simplified together (shared edges stay shared).
    """
    import shapely
    from shapely.geometry import mapping

    gdf = load_level(level)
    geoms = gdf.geometry.values
    if outline:
        kept = []
        for geom in geoms:
            parts = [p for p in getattr(geom, "geoms", [geom]) if p.area >= OUTLINE_MIN_AREA]
            kept.append(shapely.MultiPolygon(parts) if parts else geom)
        geoms = shapely.coverage_simplify(kept, OUTLINE_TOLERANCE)
    return {code: mapping(geom) for code, geom in zip(gdf.code, geoms)}


PLACE_TOLERANCE = 0.02  # degrees (~2 km): the outlines are generalised (vertices ~1.5 km apart)


@functools.lru_cache(maxsize=2)
def areas(level: str) -> dict[str, object]:
    """code -> prepared polygon grown by ``PLACE_TOLERANCE``, for "is this point in its
    region" checks of uploaded coordinates (once per process)."""
    import shapely

    gdf = load_level(level)
    grown = shapely.buffer(gdf.geometry.values, PLACE_TOLERANCE)
    shapely.prepare(grown)
    return dict(zip(gdf.code, grown))


def inside(level: str, code_of: list[str], lat: list[float], lon: list[float]) -> list[bool]:
    """For each point, whether it lies in its region (``code_of``), tolerance included; a
    point whose region has no polygon counts as inside."""
    import numpy as np
    import shapely

    shapes = areas(level)
    out = np.ones(len(code_of), dtype=bool)
    codes = np.asarray(code_of, dtype=object)
    xs, ys = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    for code in set(code_of):
        if code in shapes:
            mask = codes == code
            out[mask] = shapely.contains_xy(shapes[code], xs[mask], ys[mask])
    return out.tolist()
