"""tools/build_geo.py's geometry steps on shapes small enough to reason about (the real
build reads the pinned upstream commits, which CI does not have; geo/data/SOURCE.md has its
printed checks)."""

import sys
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import build_geo

# Two districts side by side on the coast (y = 1), each coast simplified on its own: a
# wedge of sea 0.004° wide is left between them, its tip on their shared border.
WEST = shapely.Polygon([(0, 0), (1, 0), (1, 0.99), (0.998, 1), (0, 1)])
EAST = shapely.Polygon([(1, 0), (2, 0), (2, 1), (1.002, 1), (1, 0.99)])
WEDGE = 0.004 * 0.01 / 2


def test_a_notch_between_two_neighbours_is_filled():
    filled = build_geo._fill_notches(np.array([WEST, EAST]))
    added = shapely.area(filled).sum() - (WEST.area + EAST.area)
    # The closing's rounded corners leave the wedge's mouth a little open; nothing else grows.
    assert 0.7 * WEDGE < added <= WEDGE + 1e-12
    assert shapely.coverage_is_valid(filled)
    assert shapely.area(shapely.intersection(*filled)) == 0


def test_a_strait_between_two_landmasses_stays_open():
    # An island 0.004° off the coast: the closing would bridge it, but the channel touches
    # two landmasses, so it is sea.
    island = shapely.box(0.4, 1.004, 0.6, 1.3)
    coast = shapely.box(0, 0, 1, 1)
    kept = build_geo._fill_notches(np.array([coast, island]))
    assert shapely.area(kept).sum() == coast.area + island.area


def test_the_grid_keeps_shared_edges_shared_and_levels_nest():
    wobbly = shapely.affinity.translate(WEST, 1e-7, 0)  # edges a hair apart
    gridded = build_geo._on_grid(shapely.coverage_clean(np.array([wobbly, EAST])))
    assert shapely.coverage_is_valid(gridded)
    coords = shapely.get_coordinates(gridded)
    assert np.allclose(coords, np.round(coords, 5))
    regencies = build_geo.dissolve({"11.01.01": gridded[0], "11.01.02": gridded[1]}, 5)
    assert list(regencies) == ["11.01"] and shapely.get_num_geometries(regencies["11.01"]) == 1


def test_region_rows_name_kinds_and_leave_out_districts_without_a_shape():
    codes = {
        "34": "Daerah Istimewa Yogyakarta",
        "34.71": "Kota Yogyakarta",
        "34.71.01": "Mantrijeron",
        "34.71.02": "Kraton",
    }
    rows = build_geo.region_rows(codes, {"34.71.01": WEST})
    assert [(r["code"], r["name"], r["kind"], r["parent_code"]) for r in rows] == [
        ("34", "DI Yogyakarta", "Provinsi", ""),
        ("34.71", "Kota Yogyakarta", "Kota", "34"),
        ("34.71.01", "Mantrijeron", "Kecamatan", "34.71"),
    ]
