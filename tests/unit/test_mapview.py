"""The map view in the URL, and what clicks and breadcrumbs do — without a browser."""

import pytest

from atlas.core import mapview
from atlas.core.mapview import MapView, after_click, crumbs, go_to_crumb, scope
from geo.metrics import METRICS

KNOWN = {"34", "35", "34.04", "34.71", "34.04.01", "35.07"}
ENT = tuple(k for k, m in METRICS.items() if m.enterprise)
CNT = tuple(k for k, m in METRICS.items() if m.is_count)


def parse(params, **kw):
    return mapview.from_query(params, KNOWN.__contains__, tuple(METRICS), ENT, CNT, **kw)


def test_default_view_has_an_empty_url():
    view, notices = parse({})
    assert view == MapView() and notices == []
    assert mapview.to_query(view) == {}


def test_round_trip():
    v = MapView(
        level="district",
        region="34.04",
        metric="enterprises",
        method="natural_breaks",
        k=7,
        symbol="circles",
        compare=(1, 2, 3, 4),
        compare_mode="difference",
    )
    again, notices = parse(mapview.to_query(v))
    assert notices == [] and again == v


@pytest.mark.parametrize("code", ["99.99", "abc", "34.99", "<script>"])
def test_unknown_region_is_reported_and_dropped(code):
    view, notices = parse({"wilayah": code})
    assert view.region is None
    assert [n.key for n in notices] == ["view.region.bad"]


def test_region_code_without_dots():
    view, _ = parse({"wilayah": "3404"})
    assert view.region == "34.04"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("tingkat", "desa"),
        ("metrik", "omzet"),
        ("klasifikasi", "magic"),
        ("kelas", "12"),
        ("kelas", "x"),
        ("simbol", "bintang"),
        ("banding", "XIV"),
        ("tampilan", "3d"),
    ],
)
def test_bad_values_fall_back_with_a_notice(key, value):
    view, notices = parse({key: value})
    assert notices and notices[0].key == "view.bad" and notices[0].params["value"] == value
    assert notices[0].params["param"] == key
    assert mapview.to_query(view) == {}


def test_district_level_needs_a_regency():
    view, notices = parse({"tingkat": "kecamatan"})
    assert view.level == "regency"
    assert "view.district_needs_regency" in [n.key for n in notices]
    view, _ = parse({"tingkat": "kecamatan", "wilayah": "34"})
    assert view.level == "regency"


def test_district_level_shows_enterprise_metrics():
    view, notices = parse({"tingkat": "kecamatan", "wilayah": "34.04", "metrik": "coverage"})
    assert view.metric == "enterprises"
    assert "view.district_metric" in [n.key for n in notices]


def test_circles_only_for_counts():
    view, notices = parse({"simbol": "lingkaran", "metrik": "coverage"})
    assert view.symbol == "area" and "view.circles_counts" in [n.key for n in notices]
    view, notices = parse({"simbol": "lingkaran", "metrik": "enterprises"})
    assert view.symbol == "circles" and notices == []


def test_clicks_drill_from_provinces_and_select_below():
    v = MapView(level="province")
    v = after_click(v, "34")
    assert (v.level, v.region) == ("regency", "34")
    assert scope(v) == ("regency", "34")
    v = after_click(v, "34.04")
    assert (v.level, v.region) == ("regency", "34.04")
    v = v.with_(level="district")
    assert scope(v) == ("district", "34.04")
    v = after_click(v, "34.04.01")
    assert (v.level, v.region) == ("district", "34.04.01")
    assert scope(v) == ("district", "34.04")


def test_breadcrumb_goes_back_up():
    v = MapView(level="district", region="34.04.01")
    assert crumbs(v) == ["34", "34.04", "34.04.01"]
    up = go_to_crumb(v, "34.04")
    assert (up.level, up.region) == ("regency", "34.04")
    up = go_to_crumb(v, "34")
    assert (up.level, up.region) == ("regency", "34")
    root = go_to_crumb(v, None)
    assert (root.level, root.region) == ("regency", None)
    assert go_to_crumb(MapView(level="province", region="34"), None).level == "province"


def test_click_payloads():
    assert mapview.click_code(None) is None
    assert mapview.click_code({"last_active_drawing": None}) is None
    assert mapview.click_code({"last_active_drawing": {"properties": {"code": "34.04"}}}) == "34.04"
    assert mapview.click_code({"last_active_drawing": {"properties": {"code": 5}}}) is None


def test_default_metric_depends_on_the_selection():
    view, _ = parse({}, default_metric="participants")
    assert view.metric == "participants"
    assert mapview.to_query(view, "participants") == {}
    assert mapview.to_query(view) == {"metrik": "participants"}


@pytest.mark.parametrize(
    ("params", "level"),
    [
        ({"tingkat": "provinsi", "wilayah": "34.04"}, "regency"),
        ({"tingkat": "provinsi", "wilayah": "34"}, "regency"),
        ({"tingkat": "provinsi", "wilayah": "34.04.01"}, "district"),
        ({"tingkat": "provinsi"}, "province"),
    ],
)
def test_a_region_is_never_selected_on_the_province_map(params, level):
    # The country's map opens on its provinces: a link "?wilayah=53.71" made elsewhere showed
    # the provinces with Kota Kupang's panel and nothing selected on the map.
    view, _ = parse(params)
    assert view.level == level and view.region == params.get("wilayah")
