"""The map page in a real browser with no internet."""

import re

import pytest

from .conftest import map_frame, wait_for_app

pytestmark = pytest.mark.browser


def metric_values(page):
    out = {}
    for m in page.locator('[data-testid="stMetric"]').all():
        label = m.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        out[label] = m.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return out


def test_headline_figures_and_offline_map(live_app, offline):
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
    assert "cahyadsn/wilayah_boundaries" in page.inner_text("body")
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
