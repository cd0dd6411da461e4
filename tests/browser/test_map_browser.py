"""The map page in a real browser with no internet."""

import csv
import io
import re
from pathlib import Path

import pytest

from .conftest import MAP, download, map_frame, wait_for_app

pytestmark = pytest.mark.browser


def metric_values(page):
    out = {}
    for m in page.locator('[data-testid="stMetric"]').all():
        label = m.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        out[label] = m.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return out


def test_headline_figures_and_offline_map(live_app, offline):
    """Served as every Streamlit user starts an app, ``streamlit run app.py`` (the fixture):
    the headline, and the boundaries of the 119 regencies drawn from ``/_atlas/geo/``."""
    page = offline.page()
    page.goto(live_app + "/")
    wait_for_app(page)
    m = metric_values(page)
    assert m["Target pendamping"] == "4.371"
    assert m["Telah dilatih"] == "3.359"
    assert m["Sedang diklat"] == "420"
    frame = map_frame(page)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    assert frame.locator("path.leaflet-interactive").count() == 119
    assert "kuantil" in frame.locator(".atlas-legend").inner_text()
    # The credits, once: in the map's "i" (the footer no longer repeats them).
    assert "cahyadsn/wilayah_boundaries" in frame.locator(".atlas-attribution").text_content()
    assert "cahyadsn/wilayah_boundaries" not in page.inner_text("body")
    assert offline.blocked == [], f"the page tried to reach the internet: {offline.blocked}"


def test_wave_ix_link(live_app, offline):
    page = offline.page()
    page.goto(live_app + "/?gelombang=IX&metrik=participants")
    wait_for_app(page)
    m = metric_values(page)
    assert (m["Sedang diklat"], m["Angkatan"], m["Gelombang"]) == ("420", "14", "1")
    frame = map_frame(page)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    legend = frame.locator(".atlas-legend").inner_text()
    assert "Peserta terpilih" in legend and "0 (nihil)" in legend
    # Tooltip of a regency outside DIY, Jawa Timur and NTT: Kota Semarang has no participants.
    assert offline.blocked == []


def test_deep_link_refresh_and_page_switch(live_app, offline):
    """The navigation decision (ARCHITECTURE.md): classic pages/ discovery survives all three."""
    page = offline.page()
    page.goto(live_app + "/about?gelombang=IX&lang=en")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.get_by_text("How to read the figures").wait_for()
    assert "Page not found" not in page.inner_text("body")
    page.reload()
    page.get_by_text("How to read the figures").wait_for()
    page.get_by_role("link", name="Map").click()
    wait_for_app(page)
    assert re.search(r"gelombang=IX", page.url) and "lang=en" in page.url
    assert metric_values(page)["In training"] == "420"
    page.reload()
    wait_for_app(page)
    assert metric_values(page)["Batches"] == "14"
    assert "Page not found" not in page.inner_text("body")
    assert offline.blocked == []


def _maps(page, n: int):
    """The page's n shown map frames, once each has drawn its regions (without a comparison
    the second frame waits hidden)."""
    page.wait_for_function(
        """([n, sel]) => { const f = [...document.querySelectorAll(sel)]
               .filter(x => getComputedStyle(x).visibility !== 'hidden');
           return f.length === n && f.every(x => x.contentDocument &&
               x.contentDocument.querySelector('path.leaflet-interactive')); }""",
        arg=[n, MAP],
        timeout=30_000,
    )
    return [h.content_frame() for h in page.locator(MAP).element_handles() if h.is_visible()]


def test_comparison_maps_pan_and_zoom_together(live_app, offline):
    page = offline.page()
    page.goto(live_app + "/?gelombang=V-VIII&banding=I-IV&tampilan=berdampingan")
    wait_for_app(page)
    a, b = _maps(page, 2)
    a.evaluate("() => window.map.setView([-7.8, 110.4], 9, {animate: false})")
    page.wait_for_timeout(300)
    zoom, lat, lng = b.evaluate(
        "() => [window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]"
    )
    assert zoom == 9 and abs(lat + 7.8) < 0.01 and abs(lng - 110.4) < 0.01
    b.evaluate("() => window.map.setZoom(8, {animate: false})")  # and the other way round
    page.wait_for_timeout(300)
    assert a.evaluate("() => window.map.getZoom()") == 8
    for frame in (a, b):  # each legend takes at most a fifth of its map
        legend, whole = frame.evaluate(
            """() => { const l = document.querySelector('.atlas-legend').getBoundingClientRect();
               const s = window.map.getSize(); return [l.width * l.height, s.x * s.y]; }"""
        )
        assert legend <= whole / 5, (legend, whole)
    assert offline.blocked == []


def _compare_with_wave_i(page):
    """Turn the comparison on, with wave I, through its own popover as a person does;
    returns the wave list's label."""
    page.get_by_role("button", name="Banding").click()
    name = page.locator("label", has_text=re.compile("^Bandingkan dengan gelombang$"))
    page.locator('[data-testid="stMultiSelect"]').filter(has=name).locator("input").click()
    page.keyboard.type("I ·")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")  # the popover too
    wait_for_app(page)
    return name


def test_turning_the_comparison_on_keeps_both_frames(live_app, offline):
    """Turning the comparison on builds no frame: the first map swaps its layer, and the
    second, which waited off-screen (unseen, out of the tab order), gets the compared view (a
    new frame costs the browser a Leaflet start and its shapes again). Turning it off hides
    the second again."""
    page = offline.page()
    page.goto(live_app + "/?gelombang=V-VIII")
    wait_for_app(page)
    _maps(page, 1)
    frames = page.locator(MAP)
    assert frames.count() == 2
    waiting = frames.nth(1)
    assert not waiting.is_visible()
    assert waiting.bounding_box()["x"] < -5000  # off-screen, yet sized for Leaflet
    frames.evaluate_all(
        "els => els.forEach(el => { el.dataset.kept = 'yes'; el.contentWindow.__kept = true; })"
    )
    name = _compare_with_wave_i(page)
    _maps(page, 2)
    assert frames.count() == 2
    for frame, waves in zip((frames.first, frames.nth(1)), ("V-VIII", "I")):
        assert frame.get_attribute("data-kept") == "yes"
        assert frame.evaluate("el => el.contentWindow.__kept === true")
        assert f"Gelombang {waves}" in frame.content_frame.locator(".atlas-legend").inner_text()
    assert 0 < frames.nth(1).bounding_box()["x"] < 1440
    page.get_by_role("button", name="Banding").click()
    page.locator('[data-testid="stMultiSelect"]').filter(has=name).locator("input").click()
    page.keyboard.press("Backspace")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    wait_for_app(page)
    _maps(page, 1)
    assert frames.count() == 2 and frames.nth(1).get_attribute("data-kept") == "yes"
    assert offline.blocked == []


def test_turning_the_comparison_on_draws_each_map_once_at_its_new_width(live_app, offline):
    """Turning the comparison on narrows the first map and sizes the second: Streamlit hands
    each frame its view before its new width, and a view drawn at once was drawn at the old
    width and then again. The regions' shapes are drawn only at the final width."""
    page = offline.page()
    page.goto(live_app + "/?gelombang=V-VIII")
    wait_for_app(page)
    _maps(page, 1)
    frames = page.locator(MAP)
    frames.evaluate_all(
        """els => els.forEach(el => { const w = el.contentWindow; w.__widths = [];
            new MutationObserver(rs => { if (rs.some(r => r.attributeName === 'd'))
                w.__widths.push(w.innerWidth); })
            .observe(w.document.body, {subtree: true, attributes: true}); })"""
    )
    _compare_with_wave_i(page)
    _maps(page, 2)
    page.wait_for_timeout(1000)
    for frame in (frames.first, frames.nth(1)):
        final, widths = frame.evaluate(
            "el => [el.contentWindow.innerWidth, el.contentWindow.__widths]"
        )
        assert widths and set(widths) == {final}, (final, widths)


@pytest.mark.parametrize("width", [390, 1440])
def test_the_legend_never_covers_the_attribution(live_app, offline, width):
    """Both sit on the map's bottom edge, each at most half of it: on a phone's narrow map
    a long legend title (Indonesian) reached over the attribution and hid its "(MIT)"."""
    page = offline.page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_app + "/?gelombang=V-VIII&banding=I-IV&wilayah=34")
    wait_for_app(page)
    for frame in _maps(page, 2):
        legend, credit = (
            frame.locator(sel).bounding_box() for sel in (".atlas-legend", ".atlas-attribution")
        )
        apart = (
            credit["x"] + credit["width"] <= legend["x"]
            or credit["y"] + credit["height"] <= legend["y"]
        )
        assert apart, (credit, legend)


def test_districts_add_up_and_say_what_is_not_on_the_map(live_app, offline):
    page = offline.page()
    page.goto(live_app + "/?wilayah=34.04&tingkat=kecamatan")
    wait_for_app(page)
    (frame,) = _maps(page, 1)
    assert frame.locator("path.leaflet-interactive").count() == 17  # Sleman's districts
    body = page.inner_text("body")
    assert "tidak mencatat kecamatan" in body  # the note under the map
    assert "tanpa kecamatan tercatat" in body  # and the line in the panel
    page.get_by_text("Tabel wilayah di peta dan unduhan").click()
    table = download(page, "Tabel (CSV)")
    rows = list(csv.DictReader(io.StringIO(Path(table.path()).read_text(encoding="utf-8-sig"))))
    assert [r["Kecamatan"] for r in rows][-1] == "(tanpa kecamatan)"
    assert len(rows) == 18 and all(v not in ("", "None", "nan") for r in rows for v in r.values())
    panel = page.locator(".st-key-detail [data-testid='stMetric']").filter(has_text="Usaha KPM")
    total = int(panel.locator('[data-testid="stMetricValue"]').inner_text().replace(".", ""))
    assert sum(int(r["Usaha KPM"]) for r in rows) == total  # Sleman's panel figure
    assert offline.blocked == []


def test_an_empty_selection_names_its_filters_and_resets(live_app, offline):
    page = offline.page()
    page.goto(live_app + "/?provinsi=51&gelombang=IX")
    wait_for_app(page)
    warning = page.locator('[data-testid="stAlert"]').filter(has_text="dikosongkan").inner_text()
    assert "Gelombang: IX" in warning and "Provinsi: Bali" in warning
    body = page.inner_text("body")
    assert "NaN" not in body and "None" not in body
    page.locator(".st-key-empty_reset button").click()
    page.wait_for_url(re.compile(r"^[^?]*/(\?(?!.*gelombang)(?!.*provinsi).*)?$"), timeout=30_000)
    wait_for_app(page)
    assert "dikosongkan" not in page.inner_text("body")


def test_a_shared_link_keeps_the_open_detail_tab(live_app, offline):
    """The panel's open tab is in the URL, so a shared link opens the same tab (it dropped
    it: the receiver saw the first tab)."""
    page = offline.page()
    page.goto(live_app + "/?wilayah=34.04")
    wait_for_app(page)
    page.get_by_role("tab", name="Tren per gelombang").click()
    page.wait_for_function("() => location.search.includes('rincian=')")
    wait_for_app(page)
    link = page.url
    other = offline.page()
    other.goto(link)
    wait_for_app(other)
    selected = other.locator('[role="tab"][aria-selected="true"]').inner_text()
    assert selected == "Tren per gelombang"
