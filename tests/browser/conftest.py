"""A live app (``streamlit run app.py``, as run.sh starts it) on the demo database and Debian's Chromium driven by Playwright.

Every request to anything but localhost is aborted and recorded, as on an intranet with no
internet: the tests assert that the app never needed one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tools.net import free_port

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


def start_app(database_url: str, geo_dir: Path, log: Path, **env_extra: str):
    """Run ``streamlit run app.py`` on a free port; returns (url, process)."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "ATLAS_GEO_DIR": str(geo_dir), **env_extra}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
            ],
            cwd=PROJECT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://localhost:{port}"
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail(f"streamlit did not start: {log.read_text()[-2000:]}")
    return url, proc


def stop_app(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def live_app(_demo_sqlite_url, geo_dir, tmp_path_factory):
    url, proc = start_app(
        _demo_sqlite_url, geo_dir, tmp_path_factory.mktemp("app") / "streamlit.log"
    )
    yield url
    stop_app(proc)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


class Offline:
    """A browser context whose requests outside localhost are blocked and recorded."""

    def __init__(self, browser) -> None:
        self.blocked: list[str] = []
        # Tall enough that the whole map is in view: clicking an iframe that is partly out of
        # view makes Chromium scroll it on mousedown, and the click lands elsewhere.
        self.context = browser.new_context(
            viewport={"width": 1400, "height": 1900}, accept_downloads=True
        )
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if urlparse(url).hostname in LOCAL_HOSTS or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def page(self):
        return self.context.new_page()


@pytest.fixture
def offline(browser):
    ctx = Offline(browser)
    yield ctx
    ctx.context.close()


def wait_for_app(page, timeout: float = 60_000) -> None:
    """``wait_idle``, on a page with its figures drawn."""
    wait_idle(page, timeout, also='[data-testid="stMetric"]')


MAP = 'iframe[title="streamlit_folium.st_folium"]'


def map_frame(page):
    """The first map's frame (a second one waits off-screen for a comparison)."""
    return page.frame_locator(MAP).first


def map_ready(page):
    """The Leaflet frame, once its regions are drawn."""
    map_frame(page).locator("path.leaflet-interactive").first.wait_for(
        state="attached", timeout=30_000
    )
    time.sleep(0.5)
    return page.locator(MAP).first.element_handle().content_frame()


def click_region(page, lat: float, lon: float) -> None:
    """A real mouse click on the map at (lat, lon)."""
    frame = map_ready(page)
    x, y = frame.evaluate(
        """([lat, lon]) => { const m = window.map; const p = m.latLngToContainerPoint([lat, lon]);
           const r = m.getContainer().getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }""",
        [lat, lon],
    )
    box = page.locator(MAP).first.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


PASSWORD = "kata-sandi-uji-123"


def add_user(
    database_url: str, name: str, role: str, province: str | None = None, area: str | None = None
) -> str:
    """An account in the app's database (before or while the app runs); returns its name."""
    from atlas.core.access import SYSTEM
    from atlas.store.db import make_engine
    from atlas.web import auth

    engine = make_engine(database_url)
    auth.add_user(engine, name, PASSWORD, role, actor=SYSTEM, province=province, area=area)
    engine.dispose()
    return name


def sign_in(page, base: str, name: str, password: str = PASSWORD) -> None:
    """Sign in through the sign-in page, as a person would."""
    page.goto(base + "/signin")
    wait_idle(page)
    page.get_by_label("Nama pengguna").fill(name)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_function("() => !location.pathname.endsWith('/signin')", timeout=30_000)
    wait_idle(page)
    # The page then trades its one-time ticket for the HttpOnly cookie in a request of its
    # own; a reload before that answer arrives would drop it (as it would for a person who
    # reloads within that instant), so the sign-in ends when the cookie is there.
    from atlas.web.auth import SESSION_COOKIE

    deadline = time.time() + 15
    while not any(c["name"] == SESSION_COOKIE for c in page.context.cookies()):
        if time.time() > deadline:
            raise TimeoutError("the session cookie was never set")
        page.wait_for_timeout(100)


def wait_idle(page, timeout: float = 60_000, also: str | None = None) -> None:
    """Wait until the script has finished and stays finished (a click or a URL rewrite can
    start another run right after the first) with nothing on the page stale; ``also``: a
    selector that must be present too."""
    idle = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    deadline = time.time() + timeout / 1000
    while True:
        page.wait_for_selector(idle, timeout=timeout)
        if also:
            page.wait_for_selector(also, timeout=timeout)
        page.wait_for_timeout(800)
        if page.locator(idle).count() and not page.locator('[data-stale="true"]').count():
            return
        if time.time() > deadline:
            raise TimeoutError("the app did not settle")


def download(page, button: str):
    """Click a download button once the page has settled, and return the download.

    A map's first value makes Streamlit run the script again; a download clicked while that
    run replaces the page's files can be lost (the user would click again; a test must not
    race it)."""
    if page.locator(MAP).count():
        map_ready(page)
    wait_idle(page)
    with page.expect_download() as dl:
        page.get_by_role("button", name=button).click()
    return dl.value
