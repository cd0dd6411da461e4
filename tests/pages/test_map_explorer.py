"""The map explorer under AppTest: selection, drill-down, detail panel, comparison, bad links.

AppTest cannot click inside the map, so ``st_folium`` is replaced by a fake that reports a
click on a region — the same dictionary the real component returns, through its change
callback.
"""

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import panel_tables

APP = "../../home.py"


def run(params=None, click=None, monkeypatch=None):
    if click is not None:
        import streamlit as st

        import ui.canvas

        def reported(*_, key=None, on_change=None, **__):
            # What the browser does: the component's value arrives, its change callback
            # runs, and then the page runs again.
            if key == "map-a" and not st.session_state.get("_test_clicked"):
                st.session_state["_test_clicked"] = True
                st.session_state[key] = {
                    "last_active_drawing": {"type": "Feature", "properties": {"code": click}}
                }
                on_change()
                st.rerun()

        monkeypatch.setattr(ui.canvas, "st_folium", reported)
    at = AppTest.from_file(APP, default_timeout=30)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def texts(at):
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_clicking_a_regency_selects_it_and_shows_its_detail(app_env, monkeypatch):
    at = run({"gelombang": "IX"}, click="34.04", monkeypatch=monkeypatch)
    assert not at.exception
    assert at.query_params["wilayah"] == "34.04"
    assert "Kabupaten Sleman" in texts(at)
    batch_table = panel_tables(at)[0]
    assert list(batch_table.columns) == ["Gel. · angkatan", "Rincian"]
    assert {cell.split(" · ")[0] for cell in batch_table["Gel. · angkatan"]} == {"IX"}
    assert at.selectbox(key="v_region").value == "34.04"


def test_clicking_a_province_drills_down(app_env, monkeypatch):
    at = run({"tingkat": "provinsi"}, click="34", monkeypatch=monkeypatch)
    assert not at.exception
    assert at.query_params.get("tingkat") is None  # back to the regency level …
    assert at.query_params["wilayah"] == "34"  # … of DI Yogyakarta
    options = at.selectbox(key="v_region").options
    assert "Kabupaten Sleman" in options and len(options) == 6  # 5 regencies + none


def test_selectbox_does_what_a_click_does(app_env):
    at = run({"gelombang": "IX"})
    at.selectbox(key="v_region").select("34.04").run()
    assert at.query_params["wilayah"] == "34.04"
    assert "Kabupaten Sleman" in texts(at)


def test_district_level_and_back(app_env):
    at = run({"wilayah": "34.04"})
    at.button(key=next(b.key for b in at.button if b.label == "Lihat per kecamatan")).click().run()
    assert at.query_params["tingkat"] == "kecamatan"
    assert any("per kabupaten/kota" in c.value for c in at.caption)  # training is regency-level
    assert at.selectbox(key="v_metric").value == "enterprises"
    at.button(key="crumb_34.04").click() if not at.button(key="crumb_34.04").disabled else None
    at.segmented_control(key="v_level").set_value("regency").run()
    assert at.query_params.get("tingkat") is None


def test_breadcrumb_to_the_root(app_env):
    at = run({"wilayah": "34.04.01", "tingkat": "kecamatan"})
    at.button(key="crumb_34").click().run()
    assert at.query_params["wilayah"] == "34" and at.query_params.get("tingkat") is None
    at.button(key="crumb_root").click().run()
    assert at.query_params.get("wilayah") is None


@pytest.mark.parametrize(
    "params",
    [
        {"wilayah": "99.99"},
        {"gelombang": "XIV"},
        {"angkatan": "abc"},
        {"metrik": "x'; DROP TABLE facilitator; --"},
        {"tingkat": "kecamatan"},
        {"provinsi": "34' OR '1'='1"},
        {"banding": "<script>"},
        {"kelas": "99"},
    ],
)
def test_bad_links_show_a_notice_and_a_valid_view(app_env, params):
    at = run(params)
    assert not at.exception
    assert at.warning, f"no notice for {params}"
    assert {m.label: m.value for m in at.metric}["Target pendamping"] == "4.371"


def test_every_metric_renders(app_env):
    from geo.metrics import METRICS

    for key in METRICS:
        at = run({"metrik": key})
        assert not at.exception, key
        assert at.selectbox(key="v_metric").value == key


def test_comparison_side_by_side_and_difference(app_env):
    at = run({"gelombang": "V-VIII", "banding": "I-IV"})
    assert not at.exception
    assert at.query_params["banding"] == "I-IV"
    at = run({"gelombang": "V-VIII", "banding": "I-IV", "tampilan": "selisih"})
    assert not at.exception


def test_circles_and_classification(app_env):
    at = run({"simbol": "lingkaran", "klasifikasi": "jenks", "kelas": "4"})
    assert not at.exception
    assert at.selectbox(key="v_method").value == "natural_breaks"


def test_sector_filter_changes_enterprise_figures(app_env):
    at = run()
    before = {m.label: m.value for m in at.metric}["Usaha KPM"]
    at.multiselect(key="f_sectors").set_value(["kuliner"]).run()
    after = {m.label: m.value for m in at.metric}["Usaha KPM"]
    assert after != before
    assert at.query_params["sektor"] == "kuliner"


def test_viewer_sees_no_facilitator_names(app_env):
    at = run({"wilayah": "34.04"})
    assert any("hanya terlihat" in c.value for c in at.caption)
    for df in [*(d.value for d in at.dataframe), *panel_tables(at)]:
        assert "Nama" not in df.columns


def _region_table(at, header):
    """The region table, opening its expander (closed, it draws nothing)."""
    from ui.downloads import TABLE_OPEN

    if not at.session_state[TABLE_OPEN] if TABLE_OPEN in at.session_state else True:
        at.session_state[TABLE_OPEN] = True
        at.run()
    return next(d.value for d in at.dataframe if header in d.value.columns)


def _no_empty_cells(table):
    cells = table.astype(str).to_numpy().ravel()
    assert not {"None", "nan", "NaN", "<NA>", ""} & set(cells), table


@pytest.mark.parametrize("lang", ["id", "en"])
def test_districts_and_the_unassigned_row_add_up_to_the_regency(app_env, demo_sqlite_url, lang):
    """Enterprises with no recorded district are a row of their own: Sleman's districts plus
    that row equal Sleman's figures, and the map says they are not drawn."""
    from atlas.core.filters import Filter
    from atlas.store import queries
    from atlas.store.db import make_engine

    at = run({"wilayah": "34.04", "tingkat": "kecamatan", "lang": lang})
    assert not at.exception
    header = "Kecamatan" if lang == "id" else "District"
    table = _region_table(at, header)
    _no_empty_cells(table)
    last = table.iloc[-1]
    assert last[header] == ("(tanpa kecamatan)" if lang == "id" else "(no district)")
    sleman = queries.figures(make_engine(demo_sqlite_url), Filter(), "regency", "34")
    sleman = sleman[sleman.code == "34.04"].iloc[0]
    enterprises = "Usaha KPM" if lang == "id" else "KPM enterprises"
    assert table[enterprises].sum() == sleman.enterprises
    assert 0 < last[enterprises] < sleman.enterprises
    note = "tidak mencatat kecamatan" if lang == "id" else "no recorded district"
    assert note in texts(at)


def test_the_table_names_its_level_and_shows_no_empty_cells(app_env):
    at = run({"tingkat": "provinsi", "gelombang": "IX"})
    table = _region_table(at, "Provinsi")
    _no_empty_cells(table)
    at = run({"provinsi": "51", "gelombang": "IX"})  # Bali had no batch in wave IX
    table = _region_table(at, "Kabupaten/Kota")
    _no_empty_cells(table)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_an_empty_selection_says_which_filter_empties_it_and_offers_a_reset(app_env, lang):
    at = run({"provinsi": "51", "gelombang": "IX", "lang": lang})  # Bali had no batch in IX
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    wave = "Gelombang: IX" if lang == "id" else "Wave (gelombang): IX"
    province = "Provinsi: Bali" if lang == "id" else "Province: Bali"
    assert wave in warning and province in warning
    shown = [m.value for m in at.metric] + [str(m.proto.delta) for m in at.metric]
    assert not [v for v in shown if "NaN" in v or "None" in v or v == "nan"], shown
    at.button(key="empty_reset").click().run()
    assert at.query_params.get("provinsi") is None and at.query_params.get("gelombang") is None
    assert not at.warning


def test_a_selection_with_figures_has_no_empty_notice(app_env):
    at = run({"provinsi": "34", "gelombang": "IX"})
    assert not at.exception and not at.warning
    assert not [b for b in at.button if b.key == "empty_reset"]


def test_trend_charts_have_titles_and_waves_in_order(app_env):
    """The detail panel's trend: a title on each chart, waves as numerals in their own order
    (IV before V, not alphabetical), values in Indonesian number format — drawn on the
    server, so no chart library reaches the browser."""
    import re

    from atlas.core.filters import from_roman

    at = run({"wilayah": "34.04"})
    assert not at.get("vega_lite_chart") and not at.get("arrow_vega_lite_chart")
    charts = [h.proto.body for h in at.get("html") if "<figure" in h.proto.body]
    titles = [re.search(r"<figcaption[^>]*>([^<]*)<", c).group(1) for c in charts]
    assert {"Peserta diklat per gelombang", "Telah dilatih, kumulatif"} <= set(titles)
    trend = charts[titles.index("Peserta diklat per gelombang")]
    waves = re.findall(r"<span>([IVX]+)</span>", trend)
    assert waves and waves == sorted(waves, key=from_roman), waves
    at = run({"wilayah": "35"})  # Jawa Timur: 1.260 trained by wave VIII
    charts = [h.proto.body for h in at.get("html") if "<figure" in h.proto.body]
    cumulative = next(c for c in charts if "Telah dilatih, kumulatif" in c)
    assert ">1.260<" in cumulative and "1,260" not in cumulative


def test_the_headline_shows_both_wave_sets_and_the_difference(app_env, demo_sqlite_url):
    from atlas.core.filters import Filter
    from atlas.core.i18n import fmt_int
    from atlas.store import queries
    from atlas.store.db import make_engine

    at = run({"gelombang": "V-VIII", "banding": "I-IV"})
    assert not at.exception
    engine = make_engine(demo_sqlite_url)
    a = queries.figures(engine, Filter(waves=(5, 6, 7, 8))).iloc[0].trained
    b = queries.figures(engine, Filter(waves=(1, 2, 3, 4))).iloc[0].trained
    trained = next(m for m in at.metric if m.label == "Telah dilatih")
    assert trained.value == fmt_int(a)
    sign = "+" if a > b else "−"
    assert trained.proto.delta == f"I-IV: {fmt_int(b)} · {sign}{fmt_int(abs(a - b))}"
    assert any(c.value.startswith("Dibandingkan dengan Gelombang I-IV") for c in at.caption)
    roster = next(m for m in at.metric if m.label == "Target pendamping")
    assert not roster.proto.delta  # the roster does not depend on waves: no "±0" chip
    at = run({"gelombang": "V-VIII"})  # no comparison: no second figure
    assert not next(m for m in at.metric if m.label == "Telah dilatih").proto.delta


def test_the_comparison_button_shows_when_a_comparison_is_on(app_env):
    """The comparison's own control looked the same on and off (issue #32): on, it is the
    highlighted (primary) button."""

    def compare_button(at):
        (popover,) = [p for p in at.get("popover") if p.proto.popover.label == "Banding"]
        return popover.proto.popover.type

    assert compare_button(run({"gelombang": "V-VIII"})) == "secondary"
    assert compare_button(run({"gelombang": "V-VIII", "banding": "I-IV"})) == "primary"
