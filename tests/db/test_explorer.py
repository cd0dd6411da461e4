"""The explorer's screen model (``atlas.screens.explorer.explore``) on the demo data, both engines:
what the map page draws, computed without Streamlit."""

import pickle

from atlas.core.access import ANONYMOUS, Principal
from atlas.core.filters import Filter
from atlas.core.i18n import fmt_int, t
from atlas.core.labels import filter_part, filter_summary
from atlas.core.mapview import MapView, Notice
from atlas.screens.explorer import explore
from atlas.store import queries

ADMIN = Principal("admin", "admin")


def test_the_default_view_has_figures_regions_and_one_map_of_values_not_shapes(demo_engine):
    s = explore(demo_engine, Filter(), MapView(), ADMIN, "id", asset_base="/atlas")
    total = queries.figures(demo_engine, Filter()).iloc[0]
    trained = next(f for f in s.headline if f.label == t("m.trained", "id"))
    assert trained.value == fmt_int(total.trained, "id")
    assert s.level == "regency" and s.within is None and len(s.regions) == 119
    assert len(s.options) == 119 and s.table.columns[1] == "Kabupaten/Kota"
    assert len(s.maps) == 1 and s.map_keys == ("map-a",) and not s.side_by_side
    view = s.maps[0].view
    assert view["regions"].startswith("/atlas/_atlas/geo/regency.")
    assert "coordinates" not in repr(view)  # shapes come by URL
    assert s.warnings == [] and s.empty is None and s.panel is None and s.error is None
    assert s.crumbs == [(None, "Wilayah kerja (6 provinsi)")]
    pickle.loads(pickle.dumps(s))  # cached whole by value


def test_a_selected_regency_has_its_panel_and_districts_add_up(demo_engine):
    view = MapView(level="district", region="34.04", metric="enterprises")
    s = explore(demo_engine, Filter(), view, ADMIN, "en")
    assert s.level == "district" and s.within == "34.04"
    assert s.crumbs[1:] == [("34", "DI Yogyakarta"), ("34.04", "Kabupaten Sleman")]
    p = s.panel
    assert p is not None and p.name == "Kabupaten Sleman"
    keys = ("d.batches", "d.facilitators", "d.enterprises", "d.trend")
    assert [tab.title for tab in p.tabs] == [t(k, "en") for k in keys]
    assert p.tabs[0].table is not None and len(p.tabs[2].charts) == 2 and p.tabs[3].charts
    panel_total = next(c for c in p.cards if c.label == t("m.enterprises", "en")).value
    rows = s.table[t("m.enterprises", "en")]
    assert s.table.iloc[-1, 1] == t("map.without_district", "en") and rows.iloc[-1] > 0
    assert fmt_int(rows.sum(), "en") == panel_total  # districts + no district = the regency
    assert s.infos[0] == t("view.district_metric", "en")
    assert str(rows.iloc[-1]) in s.notes[-1] and "Kabupaten Sleman" in s.notes[-1]


def test_an_empty_selection_names_the_filters_that_emptied_it(demo_engine):
    s = explore(demo_engine, Filter(waves=(9,), provinces=("51",)), MapView(), ADMIN, "en")
    assert s.empty is not None and "IX" in s.empty and "Bali" in s.empty
    shares = [f for f in s.headline if f.label == t("m.enterprises_active", "en")]
    assert [f.value for f in shares] == ["—"]


def test_notices_are_split_into_warnings_and_infos(demo_engine):
    notices = (
        Notice("view.region.bad", {"value": "99.99"}),
        Notice("view.circles_counts", {}),
    )
    s = explore(
        demo_engine,
        Filter(),
        MapView(),
        ADMIN,
        "en",
        view_notices=notices,
        problems=("Wave: «X» is not a wave",),
    )
    assert len(s.warnings) == 1 and "«X»" in s.warnings[0]
    assert "99\\.99" in s.warnings[0]  # Markdown-escaped
    assert s.infos[0] == t("view.circles_counts", "en")


def test_a_comparison_gives_two_linked_maps_and_both_sets_in_the_headline(demo_engine):
    view = MapView(compare=(1, 2, 3, 4))
    s = explore(demo_engine, Filter(waves=(5, 6, 7, 8)), view, ADMIN, "id")
    assert s.side_by_side and s.map_keys == ("map-a", "map-b")
    assert all(spec.view["link"] for spec in s.maps)
    roster = t("m.roster", "id")
    assert all(f.compared for f in s.headline if f.label != roster)


def test_what_the_panel_shows_depends_on_who_asks(demo_engine):
    view = MapView(region="34.04")
    named = explore(demo_engine, Filter(), view, ADMIN, "id").panel.tabs[1]
    counted = explore(demo_engine, Filter(), view, ANONYMOUS, "id").panel.tabs[1]
    assert t("col.name", "id") in named.table.columns
    assert t("col.name", "id") not in counted.table.columns
    assert counted.notes == [t("d.facilitators_aggregate", "id")]


def _checkouts(engine, build) -> int:
    """How many connections ``build()`` takes from the engine's pool."""
    from sqlalchemy import event

    taken = []
    listener = lambda *_: taken.append(1)
    event.listen(engine, "checkout", listener)
    try:
        build()
    finally:
        event.remove(engine, "checkout", listener)
    return len(taken)


def test_a_screen_is_built_from_one_snapshot_connection(demo_engine):
    """One connection, one committed state, for a whole screen: with a region selected and a
    comparison, the map page had opened about a dozen, several per panel tab."""
    from atlas.screens import reports

    view = MapView(level="district", region="34.04", compare=(1, 2, 3))
    assert _checkouts(demo_engine, lambda: explore(demo_engine, Filter(), view, ADMIN, "id")) == 1
    build = lambda: reports.build(demo_engine, Filter(), "id")
    assert _checkouts(demo_engine, build) == 1


def test_the_ranking_lists_a_provinces_regencies_by_coverage_weakest_first(demo_engine):
    """Where to act (issue #32): NTT's regencies by coverage, the lowest first, as
    ``atlas summary --by kabupaten`` gives them; a click on a row opens the region."""
    from atlas.core.i18n import fmt_pct

    ntt = Filter(provinces=("53",))
    view = MapView(level="regency", region="53", metric="coverage")
    s = explore(demo_engine, ntt, view, ADMIN, "id")
    rows = s.ranking.rows
    assert s.ranking.title == "Kabupaten/Kota menurut Cakupan diklat (% roster), terendah dulu"
    summary = [r for r in queries.summary_by(demo_engine, ntt, "regency") if r["code"] < "54"]
    expected = sorted(
        (r for r in summary if r["coverage"] is not None), key=lambda r: (r["coverage"], r["name"])
    )
    assert list(rows.code) == [r["code"] for r in expected] and len(rows) == 22
    assert list(rows["Kabupaten/Kota"])[:2] == [r["name"] for r in expected[:2]]
    value = rows.columns[2]
    assert rows[value].iloc[0] == fmt_pct(expected[0]["coverage"], "id")
    assert rows[value].iloc[0].endswith("%")
    # The province's panel names its five weakest.
    shown = list(rows[value])  # summary rounds coverage to four digits; the panel does not
    weakest = ", ".join(f"{r['name']} {v}" for r, v in zip(expected[:5], shown))
    assert f"Cakupan terendah: {weakest}." in s.panel.notes


def test_coordinators_open_on_coverage(demo_engine):
    from atlas.screens.explorer import default_metric

    coordinator = Principal("korwil", "coordinator", province="53")
    assert default_metric(demo_engine, Filter(), coordinator) == "coverage"
    assert default_metric(demo_engine, Filter(), ADMIN) == "trained"


def test_a_database_without_data_says_so_not_which_filter_emptied_it(engine):
    # A new area's deployment starts empty: no filter is set, so none can be named (the page
    # said "emptied by ****").
    s = explore(engine, Filter(), MapView(), ADMIN, "id")
    assert s.empty == t("brief.n.nothing", "id") and not s.resettable


def test_the_countrys_breadcrumb_names_the_centre(engine, serve_area):
    from atlas.store import setup

    serve_area("nasional")
    assert setup.load_regions(engine) == 38 + 514 + 7284 - (6 + 119 + 1809)
    s = explore(engine, Filter(), MapView(region="34.04"), ADMIN, "en")
    assert s.crumbs == [
        (None, "Indonesia (38 provinces)"),
        ("@yogyakarta", "Regional III Yogyakarta"),
        ("34", "DI Yogyakarta"),
        ("34.04", "Kabupaten Sleman"),
    ]
    # A centre chosen as the filter is named in the trail and in the filter's words.
    padang = Filter(provinces=tuple(sorted(("11", "12", "13", "14", "21", "15", "17", "16"))))
    s = explore(engine, padang, MapView(), ADMIN, "id")
    assert s.crumbs == [(None, "Indonesia (38 provinsi)"), ("@padang", "Regional I Padang")]
    assert s.empty == t("brief.n.nothing", "id")  # no data at all: no filter to blame
    assert filter_summary(padang, "id") == "Regional I Padang"
    assert filter_part(padang, "provinces", "en") == "Province: Regional I Padang"
