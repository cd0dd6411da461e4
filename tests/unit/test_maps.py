import json
import re
import shutil
import subprocess

import folium
import folium.plugins
import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo import assets, maps
from geo.metrics import build_layer

XSS = "<img src=x onerror=alert(1)>"


def _regions():
    return gpd.GeoDataFrame(
        {
            "code": ["34.01", "34.02"],
            "name": [XSS, "Kabupaten Bantul"],
            "province_code": ["34", "34"],
        },
        geometry=[box(110.0, -8.0, 110.2, -7.8), box(110.2, -8.0, 110.4, -7.8)],
        crs=4326,
    )


def _figures():
    return pd.DataFrame(
        {
            "code": ["34.01", "34.02"],
            "name": [XSS, "Kabupaten Bantul"],
            "facilitators_roster": [10, 0],
            "participants": [4, 0],
            "trained": [3, 0],
            "in_training": [1, 0],
            "planned": [0, 0],
            "coverage": [0.3, float("nan")],
            "enterprises": [12, 0],
            "enterprises_active": [9, 0],
            "graduated": [2, 0],
            "active_share": [0.75, float("nan")],
            "enterprises_per_trained": [4.0, float("nan")],
            "median_turnover": [1_500_000.0, float("nan")],
        }
    )


def _map(lang="id"):
    layer, legend = build_layer(_figures(), _regions(), "trained", lang)
    legend = maps.Legend(legend.title + XSS, legend.subtitle, legend.rows)
    return maps.choropleth(layer, legend, outlines=_regions(), attribution="Batas " + XSS)


def test_data_text_is_escaped_everywhere_in_the_map():
    html = _map().get_root().render()
    assert XSS not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


# branca compiles each rendered piece of a map again as a Jinja template: data must never form
# an expression ({{ }}), a statement ({% %}, here unbalanced: it would not even compile) or a comment.
TEMPLATE = '{{ "pwn" ~ "ed" }} {% for x in "ab" %}Z{{ x }}{% endfor %} {% if {# c #}'


def test_data_never_runs_as_a_template_on_the_server():
    regions = _regions().assign(name=[TEMPLATE, "Kabupaten Bantul"])
    layer, legend = build_layer(
        _figures().assign(name=[TEMPLATE, "Kabupaten Bantul"]), regions, "trained", "id"
    )
    venues = maps.Venues([(-7.9, 110.1, TEMPLATE, [TEMPLATE])], name="Lokasi")
    points = maps.Points([(-7.9, 110.3, [TEMPLATE, "kuliner"])], name="Usaha")
    circles = maps.Circles([(-7.9, 110.1, 10.0, TEMPLATE, "3")])
    for kwargs in ({"venues": venues, "points": points}, {"circles": circles}):
        html = (
            maps.choropleth(
                layer,
                maps.Legend(TEMPLATE, TEMPLATE, legend.rows),
                outlines=regions,
                attribution=TEMPLATE,
                **kwargs,
            )
            .get_root()
            .render()
        )
        assert "pwned" not in html and "ZaZb" not in html
        assert (
            "&#123;&#123; &quot;pwn&quot; ~ &quot;ed&quot; &#125;&#125;" in html
        )  # shown as typed


def test_no_resource_is_loaded_from_the_internet():
    html = _map().get_root().render()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []
    assert "/app/static/vendor/leaflet-1.9.3/leaflet.js" in html


def test_asset_urls_follow_the_base_path():
    assert assets.static_url("atlas", "x.js") == "/atlas/app/static/x.js"
    assert assets.static_url("", "x.js") == "/app/static/x.js"


def test_vendor_files_exist():
    for rel in filter(None, assets.LOCAL.values()):
        assert (assets.STATIC_DIR / rel).is_file(), rel


def test_unknown_plugin_assets_are_refused():
    m = folium.Map(tiles=None)
    folium.plugins.Fullscreen().add_to(m)
    with pytest.raises(assets.UnknownAsset):
        assets.localize(m)


def test_no_tiles_by_default_and_configurable_tiles():
    html = _map().get_root().render()
    assert "tileLayer" not in html
    layer, legend = build_layer(_figures(), _regions(), "trained", "id")
    m = maps.choropleth(
        layer, legend, tile_url="/tiles/{z}/{x}/{y}.png", tile_attribution="OSM <b>"
    )
    html = m.get_root().render()
    assert "/tiles/{z}/{x}/{y}.png" in html
    assert "OSM <b>" not in html and "OSM \\u0026lt;b\\u0026gt;" in html


def test_regency_without_roster_is_no_data_not_zero():
    layer, legend = build_layer(_figures(), _regions(), "trained", "id")
    assert layer.kinds["34.02"] == "nodata"
    assert legend.rows[-1].kind == "nodata"
    assert legend.rows[-1].label.startswith("Tidak ada data")


def test_tooltips_carry_formatted_figures():
    layer, _ = build_layer(_figures(), _regions(), "coverage", "id")
    lines = dict(layer.tooltips["34.01"])
    assert lines["Cakupan"] == "30,0%"
    layer, legend = build_layer(_figures(), _regions(), "coverage", "en")
    assert dict(layer.tooltips["34.01"])["Coverage"] == "30.0%"
    assert legend.title == "Training coverage (% of roster)"


def test_standalone_html_inlines_leaflet():
    html = assets.inline(_map())
    assert "/app/static/" not in html
    assert "L.map" in html or "L.Map" in html


def test_a_view_sends_values_not_shapes_when_the_browser_fetches_them():
    """In the app a view carries colours, tooltips and the URL of the shapes (fetched once by
    the browser); the standalone map carries the shapes themselves."""
    layer, legend = build_layer(_figures(), _regions(), "trained", "id")
    source = maps.Boundaries(regions="/_atlas/geo/regency.0123456789ab.json")
    view = maps.view_spec(layer, legend, source, selected="34.02").layer()
    m = maps.base_map(attribution="Batas")
    view.add_to(m)
    script = m.get_root().render()
    assert "/_atlas/geo/regency.0123456789ab.json" in script
    assert "110.2" not in script.replace("110.2,", "")  # no coordinates but the bounds
    assert '"34.02":["#' in script and '",0]' in script  # a colour per region, one selected
    standalone = assets.inline(_map())
    assert '"coordinates"' in standalone and "fetch(" in standalone  # same code, shapes inline


def test_the_view_fits_its_regions_and_the_base_is_the_same_for_every_view():
    layer, legend = build_layer(_figures(), _regions(), "trained", "id")
    view = maps.view_spec(layer, legend, maps.Boundaries(regions="/r.json")).layer()
    minx, miny, maxx, maxy = _regions().total_bounds
    assert f"[[{miny},{minx}],[{maxy},{maxx}]]".replace(".0,", ",").replace(".0]", "]") in (
        view.view_json.replace(".0,", ",").replace(".0]", "]")
    )
    from streamlit_folium import _get_map_string, generate_js_hash

    def base_hash(**kwargs):
        m = maps.base_map(**kwargs)
        m.get_root().render()
        return generate_js_hash(_get_map_string(m), "map-a")

    # streamlit-folium keeps one map frame while this hash stays the same: no rebuild per view.
    assert base_hash(attribution="Batas") == base_hash(attribution="Batas")


def _page_map(payload: str = "Kabupaten Sleman"):
    """What the map page does with a map on every run (streamlit-folium 0.27.4): render the
    base, then the view that it swaps in."""
    from streamlit_folium import _get_feature_group_string, _get_map_string

    m = maps.base_map(attribution="Batas " + payload, asset_base="/app")
    m.get_root().render()
    m.render()
    base = _get_map_string(m)
    regions = _regions().assign(name=[payload, "Kabupaten Bantul"])
    layer, legend = build_layer(
        _figures().assign(name=[payload, "Kabupaten Bantul"]), regions, "trained", "id"
    )
    circles = maps.Circles([(-7.9, 110.1, 6.0, payload, "12")])
    view = maps.view_spec(layer, legend, maps.Boundaries(regions="/r.json"), circles=circles)
    return base, _get_feature_group_string(view.layer(), map=m, idx=0)


def test_a_page_run_compiles_no_template_but_the_figure_meta_tag(monkeypatch):
    """branca compiles every rendered piece of a map again as a Jinja template; the page's
    map pieces are put in as text (geo.direct). What is left is branca's own Figure, which
    compiles its one meta tag when it is made."""
    import jinja2

    _page_map()  # the fixed script templates are compiled once per process
    compiled = []
    original = jinja2.Environment.compile

    def counting(self, source, *args, **kwargs):
        compiled.append(source)
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    _page_map()
    assert compiled == ['<meta http-equiv="content-type" content="text/html; charset=UTF-8" />']


@pytest.mark.parametrize("payload", ["Kabupaten Sleman", "{{ 7*7 }} `${x}` \\u0041 </script>"])
def test_pieces_put_in_as_text_are_what_branca_renders(monkeypatch, payload):
    """The same map rendered through branca's MacroElement.render: the same text (the ids
    that folium draws at random aside)."""
    from branca.element import MacroElement

    from geo import direct

    def normal(text: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r"[0-9a-f]{32}", "ID", text)).strip()

    ours = _page_map(payload)
    monkeypatch.setattr(direct.Direct, "render", MacroElement.render)
    theirs = _page_map(payload)
    assert [normal(x) for x in ours] == [normal(x) for x in theirs]


# Text that breaks out of each context folium puts data in (HTML text and attributes, JavaScript
# strings and template literals, <script>, Jinja), or breaks the script without any attack.
PAYLOADS = [
    "`;window.__pwned=1;`",
    "${window.__pwned=1}",
    "C:\\users\\new\\x41\\u{61}\\",
    "</script><script>window.__pwned=1</script>",
    "\"'><img src=x onerror=window.__pwned=1>",
    "baris satu\nbaris dua",
    "a\u2028b\u2029c",
    "{{ 7*7 }} {% if 1 %}x{% endif %}",
]


def _hostile_map(payload: str, **kwargs):
    regions = _regions().assign(name=[payload, "Kabupaten Bantul"])
    layer, legend = build_layer(
        _figures().assign(name=[payload, "Kabupaten Bantul"]), regions, "trained", "id"
    )
    return (
        maps.choropleth(
            layer,
            maps.Legend(payload, payload, legend.rows),
            outlines=regions,
            attribution=payload,
            **kwargs,
        )
        .get_root()
        .render()
    )


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.DOTALL)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_stay_text_in_every_context_of_the_map(payload):
    venues = maps.Venues([(-7.9, 110.1, payload, [payload])], name=payload)
    points = maps.Points([(-7.9, 110.3, [payload, "kuliner"])], name=payload)
    circles = maps.Circles([(-7.9, 110.1, 10.0, payload, payload)])
    for kwargs in ({"venues": venues, "points": points}, {"circles": circles}):
        html = _hostile_map(payload, **kwargs)
        if set(payload) & set("<>&\"'`\\${}\u2028\u2029"):
            assert payload not in html  # never raw, anywhere
        assert maps.escape(payload) in html  # but there, shown as typed once decoded
        for script in _scripts(html):
            assert "\u2028" not in script and "\u2029" not in script


def test_escaped_text_decodes_to_what_was_typed():
    import html as html_lib

    for payload in PAYLOADS:
        escaped = maps.escape(payload)
        assert not set("`\\${}<>\"'\u2028\u2029") & set(escaped)
        assert html_lib.unescape(escaped) == payload


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_script_of_a_hostile_map_still_parses(payload, tmp_path):
    """A backslash sequence or a line terminator in data used to make the map's script a
    syntax error: no region was drawn for anyone."""
    venues = maps.Venues([(-7.9, 110.1, payload, [payload])], name="Lokasi")
    points = maps.Points([(-7.9, 110.3, [payload])], name="Usaha")
    html = _hostile_map(payload, venues=venues, points=points)
    code = [s for s in _scripts(html) if s.strip()]
    (tmp_path / "scripts.json").write_text(json.dumps(code))
    check = (
        "const vm = require('vm'); const codes = require(process.argv[1]);"
        "for (const c of codes) new vm.Script(c);"
    )
    proc = subprocess.run(
        ["node", "-e", check, str(tmp_path / "scripts.json")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-1500:]


def test_the_credits_are_a_small_sign_that_opens_to_them():
    """One "ⓘ" on the map's edge (issue #32: the credits in full took six lines of a phone's
    map), named for screen readers; the text escaped like every text on the map."""
    html = maps.base_map(attribution="Batas <b>`${x}`", credits_label='Sumber "peta"').get_root()
    rendered = html.render()
    assert (
        "<details><summary" in rendered and ">i<\\/summary>" in rendered
    )  # "</" as JSON writes it
    assert 'aria-label=\\"Sumber &quot;peta&quot;\\"' in rendered
    assert "<b>`" not in rendered and "${x}" not in rendered
