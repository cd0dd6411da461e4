"""A deployment serves its working area (#34): a regional centre's map draws its own
provinces, the national one all 38, and the default stays Yogyakarta's six."""

import os
import subprocess
import sys

import pytest

from .conftest import PROJECT, map_ready, start_app, stop_app, wait_for_app


def _empty_area_app(area: str, tmp_path, geo_dir):
    """A new deployment of ``area``: schema and regions, no data, open to visitors."""
    url = f"sqlite:///{tmp_path / (area + '.db')}"
    env = {**os.environ, "DATABASE_URL": url, "ATLAS_GEO_DIR": str(geo_dir), "ATLAS_AREA": area}
    subprocess.run(
        [sys.executable, "-m", "atlas", "setup", "--no-demo"], cwd=PROJECT, env=env, check=True
    )
    log = tmp_path / f"{area}.log"
    return start_app(url, geo_dir, log, ATLAS_AREA=area, ATLAS_PUBLIC_ACCESS="yes")


def _regions_drawn(page) -> int:
    frame = map_ready(page)
    return frame.evaluate("() => document.querySelectorAll('path.leaflet-interactive').length")


@pytest.mark.parametrize(
    ("area", "count", "subtitle"),
    [("padang", 8, "wilayah kerja BBPPKS Padang"), ("nasional", 38, "seluruh Indonesia")],
)
def test_an_areas_map_draws_its_provinces(browser, tmp_path, geo_dir, area, count, subtitle):
    base, proc = _empty_area_app(area, tmp_path, geo_dir)
    try:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{base}/?tingkat=provinsi")
        wait_for_app(page)
        assert _regions_drawn(page) == count
        assert subtitle in page.inner_text("[data-testid=stMain]")
        # A new area starts empty, and says so (it named "****" as the filter to blame).
        assert "Belum ada peserta diklat maupun usaha KPM yang tercatat." in page.inner_text(
            "[data-testid=stMain]"
        )
        page.close()
    finally:
        stop_app(proc)


def test_the_default_deployment_draws_yogyakartas_six(live_app, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{live_app}/?tingkat=provinsi")
    wait_for_app(page)
    assert _regions_drawn(page) == 6
    assert "wilayah kerja BBPPKS Yogyakarta" in page.inner_text("[data-testid=stMain]")
    page.close()


def test_the_countrys_breadcrumb_chooses_a_centre(browser, tmp_path, geo_dir):
    base, proc = _empty_area_app("nasional", tmp_path, geo_dir)
    try:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{base}/?wilayah=53&lang=en")
        wait_for_app(page)
        crumb = page.get_by_role("button", name="› Regional III Yogyakarta")
        crumb.click()
        # The whole page reruns (a breadcrumb runs in the map's fragment): the sidebar's
        # filter holds the centre's six provinces, and the map shows only them.
        page.get_by_text("Nusa Tenggara Barat", exact=True).wait_for(timeout=30_000)
        sidebar = page.inner_text("[data-testid=stSidebar]")
        for name in ("Jawa Tengah", "DI Yogyakarta", "Jawa Timur", "Bali", "Nusa Tenggara Timur"):
            assert name in sidebar
        assert "provinsi=33%2C34%2C35%2C51%2C52%2C53" in page.url or "provinsi=33,34" in page.url
        assert _regions_drawn(page) == 6
        page.close()
    finally:
        stop_app(proc)
