"""A deployment serves its working area (#34): a regional centre's map draws its own
provinces, the national one all 38, and the default stays Yogyakarta's six."""

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from .conftest import (
    PROJECT,
    add_user,
    map_ready,
    sign_in,
    start_app,
    stop_app,
    wait_for_app,
    wait_idle,
)

pytestmark = pytest.mark.browser


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
        # filter holds the centre's six provinces, and the map shows only their 119
        # regencies (a link selecting a province opens its regencies, as a click does).
        page.get_by_text("Nusa Tenggara Barat", exact=True).wait_for(timeout=30_000)
        sidebar = page.inner_text("[data-testid=stSidebar]")
        for name in ("Jawa Tengah", "DI Yogyakarta", "Jawa Timur", "Bali", "Nusa Tenggara Timur"):
            assert name in sidebar
        assert "provinsi=33%2C34%2C35%2C51%2C52%2C53" in page.url or "provinsi=33,34" in page.url
        assert _regions_drawn(page) == 119
        page.close()
        # On a phone every crumb above the selected region is on screen (one line sideways
        # hid the province past the edge): Indonesia › Regional III Yogyakarta › DI
        # Yogyakarta, on two lines.
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(f"{base}/?wilayah=34.04&lang=en")
        wait_for_app(phone)
        crumbs = phone.locator(".st-key-breadcrumb button:visible")
        boxes = [b.bounding_box() for b in crumbs.all()]
        assert len(boxes) == 3 and all(b["x"] + b["width"] <= 390 for b in boxes), boxes
        phone.close()
    finally:
        stop_app(proc)


def _frames(page) -> list[bytes]:
    """Every websocket frame the page receives from now on (the server's messages)."""
    got: list[bytes] = []
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived", lambda p: got.append(p if isinstance(p, bytes) else p.encode())
        ),
    )
    return got


def test_a_centres_coordinator_sees_no_other_areas_personal_data(
    browser, tmp_path, geo_dir, _demo_sqlite_url
):
    # The country's deployment on the demo data (Yogyakarta's six provinces): Padang's
    # coordinator gets Sleman's figures but none of its facilitators' names; Yogyakarta's
    # gets them (so the check could fail).
    path = tmp_path / "national.db"
    shutil.copy(_demo_sqlite_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ATLAS_GEO_DIR": str(geo_dir),
        "ATLAS_AREA": "nasional",
    }
    subprocess.run(
        [sys.executable, "-m", "atlas", "setup", "--no-demo"], cwd=PROJECT, env=env, check=True
    )
    with sqlite3.connect(path) as conn:
        names = [
            r[0] for r in conn.execute("SELECT name FROM facilitator WHERE regency_code = '34.04'")
        ]
    add_user(url, "koor_padang", "coordinator", area="padang")
    add_user(url, "koor_yogya", "coordinator", area="yogyakarta")
    base, proc = start_app(url, geo_dir, tmp_path / "national.log", ATLAS_AREA="nasional")
    try:
        seen = {}
        for name in ("koor_padang", "koor_yogya"):
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            page = context.new_page()
            sign_in(page, base, name)
            frames = _frames(page)
            page.goto(f"{base}/?tingkat=kabupaten&wilayah=34.04")
            wait_for_app(page)
            page.get_by_role("tab", name="Pendamping").click()
            page.wait_for_timeout(1500)
            wait_idle(page)
            traffic = b"".join(frames)
            seen[name] = sum(n.encode() in traffic for n in names)
            assert "Kabupaten Sleman" in page.inner_text("[data-testid=stMain]")
            context.close()
        assert seen["koor_padang"] == 0
        assert seen["koor_yogya"] > 0
    finally:
        stop_app(proc)
