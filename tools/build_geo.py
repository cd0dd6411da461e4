"""Build the boundary files the app ships (``geo/data/``) from the pinned upstream commits.

Usage::

    python tools/build_geo.py BOUNDARIES_GIT WILAYAH_GIT BPS_GIT [--out geo/data]

``BOUNDARIES_GIT`` is a clone (or bare git directory) of ``cahyadsn/wilayah_boundaries``,
``WILAYAH_GIT`` one of ``cahyadsn/wilayah`` and ``BPS_GIT`` one of
``zakiego/Kode-Wilayah-Administrasi-Indonesia-Relasi-BPS-Kemendagri``; the files are read
at the commits pinned below, whatever is checked out. For the whole country (38 provinces) the tool

1. reads every district (kecamatan) polygon of ``db/kec/*.sql`` and the code list of
   ``db/wilayah.sql``;
2. repairs each polygon (``make_valid`` per part, then their union);
3. cleans the districts as one coverage (``shapely.coverage_clean``: overlaps go to the
   neighbour with the longest shared border, enclosed gaps narrower than 0.01° are filled);
4. fills narrow coastal notches between two neighbours (a wedge of sea their separately
   simplified coasts leave), but never a strait between two landmasses;
5. puts the coverage on a 1e-5° grid without breaking it (all edges noded together on the
   grid, polygonised, each face given to the district it lies in) and tidies parts under
   ~1.000 m²; then simplifies it (``coverage_simplify``, 0.001°, shared edges stay shared);
6. dissolves districts into regencies and regencies into provinces, so the levels nest
   exactly; names come from the code list;
7. checks counts, unique codes, valid geometry, a valid coverage and every region under
   its parent, then writes each level as compact GeoJSON sorted by code, gzipped at level 9
   with no file name and mtime 0 (the same input gives the same bytes), ``regions.csv``,
   ``other_names.csv`` (earlier Kemendagri lists' and BPS's names and codes), and
   ``geo/checksums.sha256``, which ``python -m atlas setup`` verifies.

It takes about a minute and a quarter and prints each step with its time. Run it only when the pinned
commits change; commit what it writes. ``geo/data/SOURCE.md`` records the result.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from atlas.core.areas import PROVINCES, full_name
from geo.boundaries import CHECKSUMS, LEVEL_FILES

BOUNDARIES_COMMIT = "3c5a7960f4d227a38489094d84252bdbb3f978a5"
WILAYAH_COMMIT = "b7ad440a1322e7be3189a16a8cac35f7d4c3d7f7"
# BPS's codes and names with the Kemendagri code of each (BPS's bridging service, 2020
# semester 2), as collected by zakiego/Kode-Wilayah-Administrasi-Indonesia-Relasi-BPS-Kemendagri.
BPS_COMMIT = "8d5e83e7ffdb17e114ae2eeeb2cbfc1859f1813b"
BPS_FILES = ("csv/kabkota.csv", "csv/kecamatan.csv")
GAP_WIDTH = 0.01  # degrees (~1.1 km): enclosed gaps narrower than this are filled
SIMPLIFY = 0.001  # degrees (~111 m), Visvalingam-Whyatt area tolerance
GRID = 1e-5  # degrees (~1 m): 5 decimals
NOTCH = 0.003  # degrees: coastal wedges narrower than ~666 m are candidates to fill
LANDMASS = 4e-5  # square degrees (~0.5 km²): smaller islands do not make a wedge a strait
SLIVER = 8e-8  # square degrees (~1.000 m²)
TOUCH = 1e-7  # degrees: "touching", for shapes computed apart
_DISTRICT = re.compile(
    r"\('(\d\d\.\d\d\.\d\d)','(?:[^'\\]|\\.|'')*',-?[\d.]+,-?[\d.]+,'(\[[^']*\])'\)"
)
_CODE = re.compile(r"^\('(\d\d(?:\.\d\d(?:\.\d\d)?)?)','((?:[^'\\]|\\.|'')*)'\)", re.MULTILINE)


class BuildError(RuntimeError):
    pass


def _show(git_dir: Path, commit: str, path: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _git_dir(path: Path) -> Path:
    return path / ".git" if (path / ".git").exists() else path


def _polygon(rings: list) -> object:
    import shapely

    # Upstream pairs are [lat, lng]; GeoJSON wants (lng, lat).
    shell, *holes = ([(p[1], p[0]) for p in ring] for ring in rings)
    return shapely.make_valid(shapely.Polygon(shell, holes))


def _repaired(path: list) -> object:
    """One district's geometry: each part made valid, then their union (polygons only)."""
    import shapely

    parts = [path] if isinstance(path[0][0][0], (int, float)) else path
    pieces = [shapely.get_parts(_polygon(p)) for p in parts if len(p[0]) >= 4]
    pieces = np.concatenate(pieces) if pieces else np.array([])
    polygonal = pieces[np.isin(shapely.get_type_id(pieces), (3, 6))]
    return shapely.union_all(polygonal)


def read_districts(git_dir: Path) -> dict[str, object]:
    listing = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "--name-only", BOUNDARIES_COMMIT, "db/kec/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    out = {}
    for name in listing:
        for match in _DISTRICT.finditer(_show(git_dir, BOUNDARIES_COMMIT, name)):
            out[match[1]] = _repaired(json.loads(match[2]))
    return dict(sorted(out.items()))


def read_codes(git_dir: Path) -> dict[str, str]:
    """Province, regency and district codes with their names (villages are left out)."""
    text = _show(git_dir, WILAYAH_COMMIT, "db/wilayah.sql")
    return {m[1]: " ".join(m[2].replace("''", "'").split()) for m in _CODE.finditer(text)}


# Earlier editions of the code list (Kemendagri's, as kept by the same repository): the
# names and codes people's spreadsheets may still use.
FORMER_LISTS = tuple(f"db/archive/wilayah_{year}.sql" for year in (2016, 2018, 2020, 2022, 2023))
_OLD_CODE = re.compile(
    r"""^\(['"](\d\d\.\d\d(?:\.\d\d)?)['"],\s*['"]([^'"]*)['"]\)""", re.MULTILINE
)


_WRITTEN = (
    (r"^kab\b\.?", "kabupaten"),
    (r"\badm\b\.?", "administrasi"),
    (r"\bkep\b\.?", "kepulauan"),
)


def _key(name: str) -> str:
    """A name as the lists write it in their own ways (KAB. / ADM. / KEP.), compared."""
    text = name.lower()
    for pattern, word in _WRITTEN:
        text = re.sub(pattern, word, text)
    return re.sub(r"[^a-z0-9]", "", text)


def other_names(wilayah_git: Path, bps_git: Path, rows: list[dict]) -> list[dict]:
    """``other_names.csv``: each region's names and codes in the earlier Kemendagri lists
    and in BPS's list, sorted; a name equal to today's is left empty (the code is kept)."""
    former = former_rows(wilayah_git, rows)
    moved = {r["other_code"]: r["code"] for r in former if r["other_code"]}
    return sorted(
        former + bps_rows(bps_git, rows, moved),
        key=lambda r: (r["code"], r["source"], r["other_code"], r["name"]),
    )


def bps_rows(git_dir: Path, rows: list[dict], moved: dict[str, str]) -> list[dict]:
    """Every BPS regency and district code, with its BPS name where it differs from today's
    ("KOTA KEDIRI" for the district Kota of Kota Kediri), on today's Kemendagri code (a code
    renumbered since 2020 through ``moved``)."""
    today = {r["code"]: r["name"] for r in rows}
    out = []
    for path in BPS_FILES:
        for item in csv.DictReader(io.StringIO(_show(git_dir, BPS_COMMIT, path))):
            digits = item["kode_dagri"]
            dotted = ".".join(digits[i : i + 2] for i in range(0, len(digits), 2))
            code = dotted if dotted in today else moved.get(dotted)
            if code is None:
                continue
            name = " ".join(item["nama_bps"].split())
            same = _key(name) in (
                _key(today[code]),
                _key(re.sub(r"^(Kabupaten|Kota) ", "", today[code])),
            )
            out.append(
                {
                    "code": code,
                    "name": "" if same else name,
                    "other_code": item["kode_bps"],
                    "source": "bps-2020",
                }
            )
    return out


def former_rows(git_dir: Path, rows: list[dict]) -> list[dict]:
    """Names (and codes) a region had in an earlier list: the same code under another
    name (a rename: "Poco Ranaka" is today's "Lamba Leda Selatan"), or a code no longer
    used whose region is found by its name — a regency among today's regencies, a district
    in its regency's today (the 2022 Papua provinces renumbered theirs: 92.01 "KAB.
    SORONG" is 96.01)."""
    today = {r["code"]: r for r in rows}
    named: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        parent = r["parent_code"] if r["level"] == "district" else r["level"]
        named.setdefault((parent, _key(r["name"])), []).append(r["code"])
    out: dict[tuple[str, str], dict] = {}
    for path in FORMER_LISTS:
        listed = [
            (m[1], " ".join(m[2].split()))
            for m in _OLD_CODE.finditer(_show(git_dir, WILAYAH_COMMIT, path))
        ]
        moved: dict[str, str] = {}  # old regency code -> today's
        for code, name in sorted(listed, key=lambda item: len(item[0])):
            if len(code) == 2:
                continue
            level = "regency" if len(code) == 5 else "district"
            place = moved.get(code[:5], code[:5]) if level == "district" else "regency"
            found = named.get((place, _key(name)), [])
            now = today.get(code)
            if now is not None and now["level"] == level:
                if found:
                    continue  # its name today, or another region's (not this one's former)
                out.setdefault((code, _key(name)), _former(code, name, "", path))
            elif now is None and len(found) == 1:
                moved[code] = found[0]
                out.setdefault((found[0], code), _former(found[0], name, code, path))
    return list(out.values())


def _former(code: str, name: str, former_code: str, path: str) -> dict:
    year = re.search(r"\d{4}", path)[0]
    return {"code": code, "name": name, "other_code": former_code, "source": f"kemendagri-{year}"}


def clean_coverage(districts: dict[str, object], step=lambda _key: None) -> dict[str, object]:
    """Steps 3–6: one clean coverage, notches filled, on the 1e-5° grid, simplified.
    ``step(key)`` is told each as it ends (``STEP_SECONDS``)."""
    import shapely

    geoms = shapely.coverage_clean(np.array(list(districts.values())), gap_width=GAP_WIDTH)
    step("cleaned")
    geoms = _fill_notches(geoms)
    step("notches")
    geoms = _tidy_slivers(_on_grid(geoms))
    step("grid")
    simplified = dict(zip(districts, shapely.coverage_simplify(geoms, SIMPLIFY)))
    step("simplified")
    return simplified


def _on_grid(geoms: np.ndarray) -> np.ndarray:
    """Every edge noded together on the grid and polygonised; each face goes back to the
    district it lies in, so shared edges stay shared."""
    import shapely

    edges = shapely.union_all(shapely.boundary(geoms), grid_size=GRID)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(edges)))
    face_index, owner_index = shapely.STRtree(geoms).query(
        shapely.point_on_surface(faces), predicate="within"
    )
    owner = np.full(len(faces), -1)
    owner[face_index] = owner_index
    return np.array([shapely.coverage_union_all(faces[owner == i]) for i in range(len(geoms))])


def _fill_notches(geoms: np.ndarray) -> np.ndarray:
    """Narrow wedges of sea between two neighbours' separately simplified coasts (open to
    the sea, so not a gap) go to the neighbour with the longest border along them — but
    only where the wedge's tip is on the two neighbours' shared border and it touches a
    single landmass (a strait between an island and the mainland stays open)."""
    import shapely

    land = shapely.coverage_union_all(geoms)
    closed = shapely.buffer(shapely.buffer(land, NOTCH, quad_segs=4), -NOTCH, quad_segs=4)
    pieces = shapely.get_parts(shapely.difference(closed, land))
    masses = shapely.get_parts(land)
    masses = shapely.STRtree(masses[shapely.area(masses) > LANDMASS])
    tree = shapely.STRtree(geoms)
    geoms = geoms.copy()
    for piece in pieces[shapely.area(pieces) > 0]:
        near = tree.query(piece, predicate="dwithin", distance=TOUCH)
        if len(near) < 2 or len(masses.query(piece, predicate="dwithin", distance=TOUCH)) != 1:
            continue
        if not _tip_on_shared_border(geoms, near, piece):
            continue
        edge = shapely.boundary(piece)
        border = [
            shapely.length(shapely.intersection(edge, shapely.buffer(geoms[i], TOUCH)))
            for i in near
        ]
        best = near[int(np.argmax(border))]
        geoms[best] = shapely.union(geoms[best], piece)
    return geoms


def _tip_on_shared_border(geoms: np.ndarray, near: np.ndarray, piece: object) -> bool:
    import shapely

    for i, a in enumerate(near):
        for b in near[i + 1 :]:
            shared = shapely.intersection(shapely.boundary(geoms[a]), shapely.boundary(geoms[b]))
            if not shared.is_empty and shapely.dwithin(shared, piece, TOUCH):
                return True
    return False


def _tidy_slivers(geoms: np.ndarray) -> np.ndarray:
    """Parts under ``SLIVER`` (leftovers of the repair, rocks of a few hundred m²): one that
    shares an edge with another district goes to it, an isolated one is dropped."""
    import shapely

    tree = shapely.STRtree(geoms)
    out = list(geoms)
    for i, geom in enumerate(geoms):
        parts = shapely.get_parts(geom)
        small = shapely.area(parts) < SLIVER
        if not small.any() or small.all():
            continue
        out[i] = shapely.union_all(parts[~small])
        for part in parts[small]:
            touching = [j for j in tree.query(part, predicate="touches") if j != i]
            shared = [shapely.length(shapely.intersection(part, geoms[j])) for j in touching]
            if shared and max(shared) > 0:
                j = touching[int(np.argmax(shared))]
                out[j] = shapely.coverage_union_all([out[j], part])
    return np.array(out)


def dissolve(shapes: dict[str, object], key_length: int) -> dict[str, object]:
    import shapely

    groups: dict[str, list] = {}
    for code, geom in shapes.items():
        groups.setdefault(code[:key_length], []).append(geom)
    return {code: shapely.coverage_union_all(parts) for code, parts in sorted(groups.items())}


def _kind(code: str, name: str) -> str:
    kind = "Kota" if int(code[3:5]) >= 71 else "Kabupaten"
    if not name.startswith(kind + " "):
        raise BuildError(f"{code} {name!r}: the code says {kind}")
    return kind


def region_rows(codes: dict[str, str], districts: dict[str, object]) -> list[dict]:
    """regions.csv: every province and regency of the code list, and every district with a
    polygon (a district the boundaries lack cannot be drawn, so it is not offered)."""
    rows = []
    for code, name in codes.items():
        level = {2: "province", 5: "regency", 8: "district"}[len(code)]
        if level == "district" and code not in districts:
            continue
        kind = {"province": "Provinsi", "district": "Kecamatan"}.get(level) or _kind(code, name)
        parent = {"province": "", "regency": code[:2], "district": code[:5]}[level]
        name = full_name(code) if level == "province" else name
        rows.append(
            {"code": code, "name": name, "level": level, "parent_code": parent, "kind": kind}
        )
    return sorted(rows, key=lambda r: r["code"])


def _round(coords):
    if isinstance(coords[0], (int, float)):
        return [round(c, 5) for c in coords]
    return [_round(c) for c in coords]


def _collection(shapes: dict[str, object], properties) -> bytes:
    import shapely

    features = []
    for code, geom in shapes.items():
        geometry = json.loads(shapely.to_geojson(shapely.orient_polygons(geom)))
        geometry["coordinates"] = _round(geometry["coordinates"])
        features.append({"type": "Feature", "properties": properties(code), "geometry": geometry})
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=buf, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def check(levels: dict[str, dict[str, object]], rows: list[dict]) -> None:
    import shapely

    expected = {"province": len(PROVINCES)}
    listed = {lvl: {r["code"] for r in rows if r["level"] == lvl} for lvl in levels}
    for level, shapes in levels.items():
        geoms = np.array(list(shapes.values()))
        bad = [c for c, g in shapes.items() if g.is_empty or not g.is_valid]
        if bad:
            raise BuildError(f"{level}: invalid or empty geometry for {', '.join(bad[:10])}")
        if set(shapes) != listed[level] or len(shapes) < expected.get(level, 0):
            raise BuildError(f"{level}: the polygons and regions.csv list different codes")
        if not shapely.coverage_is_valid(geoms):
            raise BuildError(f"{level}: the polygons overlap or their shared edges differ")


def _csv(rows: list[dict], fields: list[str]) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


class _Steps:
    """Prints each step as it ends, with the time left: the steps' usual durations
    (``STEP_SECONDS``) say what share of the work is done."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.done = 0.0

    def __call__(self, key: str, text: str = "") -> None:
        from atlas.core import progress

        self.done += STEP_SECONDS[key]
        elapsed = time.monotonic() - self.start
        share = self.done / sum(STEP_SECONDS.values())
        line = progress.with_time_left(text or STEP_TEXTS[key], elapsed, share, "en")
        print(f"[{elapsed:5.1f} s] {line}", flush=True)


# How long each step took on a 2-core machine (65 s in all): the estimate of the time left.
STEP_SECONDS = {
    "codes": 0.1,
    "read": 2.7,
    "cleaned": 34.0,
    "notches": 18.0,
    "grid": 4.4,
    "simplified": 0.8,
    "checked": 1.0,
    "others": 3.9,
    "written": 0.1,
}
STEP_TEXTS = {
    "cleaned": "districts cleaned as one coverage (gaps and overlaps)",
    "notches": "coastal notches filled",
    "grid": "edges noded on the 1e-5° grid, slivers tidied",
    "simplified": "simplified as one coverage",
}


def build(boundaries_git: Path, wilayah_git: Path, bps_git: Path, out: Path) -> dict[str, str]:
    """Every step; returns file name -> sha256 of what was written."""
    step = _Steps()
    codes = read_codes(_git_dir(wilayah_git))
    step("codes", f"code list: {len(codes)} provinces, regencies and districts")
    raw = read_districts(_git_dir(boundaries_git))
    step("read", f"read and repaired {len(raw)} district polygons")
    districts = clean_coverage({c: g for c, g in raw.items() if c in codes}, step)
    levels = {
        "province": dissolve(districts, 2),
        "regency": dissolve(districts, 5),
        "district": districts,
    }
    rows = region_rows(codes, districts)
    check(levels, rows)
    step("checked", "checked: " + ", ".join(f"{len(s)} {lvl}" for lvl, s in levels.items()))
    names = {r["code"]: r["name"] for r in rows}
    properties = {
        "province": lambda c: {"code": c, "name": names[c]},
        "regency": lambda c: {
            "code": c,
            "name": names[c],
            "kind": _kind(c, names[c]),
            "province_code": c[:2],
            "province_name": names[c[:2]],
        },
        "district": lambda c: {"code": c, "name": names[c], "regency_code": c[:5]},
    }
    written = {
        LEVEL_FILES[lvl]: _collection(shapes, properties[lvl]) for lvl, shapes in levels.items()
    }
    written["regions.csv"] = _csv(rows, ["code", "name", "level", "parent_code", "kind"])
    others = other_names(_git_dir(wilayah_git), _git_dir(bps_git), rows)
    written["other_names.csv"] = _csv(others, ["code", "name", "other_code", "source"])
    step("others", f"{len(others)} other names and codes (earlier lists, BPS)")
    out.mkdir(parents=True, exist_ok=True)
    for name, data in written.items():
        (out / name).write_bytes(data)
    step("written", f"written to {out}")
    return {name: hashlib.sha256(data).hexdigest() for name, data in written.items()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "boundaries_git", type=Path, help="cahyadsn/wilayah_boundaries (clone or git dir)"
    )
    p.add_argument("wilayah_git", type=Path, help="cahyadsn/wilayah (clone or git dir)")
    p.add_argument(
        "bps_git",
        type=Path,
        help="zakiego/Kode-Wilayah-Administrasi-Indonesia-Relasi-BPS-Kemendagri (clone or git dir)",
    )
    p.add_argument("--out", type=Path, default=ROOT / "geo" / "data")
    p.add_argument("--checksums", type=Path, default=CHECKSUMS)
    args = p.parse_args(argv)
    try:
        digests = build(args.boundaries_git, args.wilayah_git, args.bps_git, args.out)
    except (BuildError, OSError, subprocess.CalledProcessError) as exc:
        print(f"build_geo: {exc}", file=sys.stderr)
        return 2
    args.checksums.write_text("".join(f"{d}  {n}\n" for n, d in digests.items()))
    for name, digest in digests.items():
        size = (args.out / name).stat().st_size
        print(f"{name:24} {size / 1024:7.0f} KiB  sha256 {digest[:16]}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
