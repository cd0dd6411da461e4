"""Screenshot pages of the running app with Debian's Chromium (no internet needed).

    python tools/shoot.py http://localhost:8501/?gelombang=IX out.png [more URL PNG pairs]

Requests to anything but localhost are blocked, as on an intranet without internet.
"""

import contextlib
import sys
import time
from urllib.parse import urlparse

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
LOCAL = {"localhost", "127.0.0.1", "::1"}


def _block_external(route):
    host = urlparse(route.request.url).hostname
    if host in LOCAL or route.request.url.startswith(("data:", "blob:", "about:")):
        route.continue_()
    else:
        route.abort()


def _paste_maps(page, out: str) -> None:
    """Chromium's page screenshots sometimes leave the map iframes blank although they are
    drawn; shoot each map on its own and paste it in place."""
    from PIL import Image

    shot = Image.open(out)
    for i, frame in enumerate(page.locator('iframe[title="streamlit_folium.st_folium"]').all()):
        box = frame.bounding_box()
        if not box or box["height"] < 10:
            continue
        part = f"{out}.map{i}.png"
        frame.screenshot(path=part)
        shot.paste(Image.open(part), (round(box["x"]), round(box["y"])))
    shot.save(out)


def main(args: list[str]) -> None:
    pairs = list(zip(args[::2], args[1::2]))
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-features=site-per-process",
            ],
        )
        page = browser.new_page(viewport={"width": 1440, "height": 1700})
        page.route("**/*", _block_external)
        for url, out in pairs:
            page.goto(url)
            page.wait_for_selector(
                '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000
            )
            # pages with a map: wait for it to be drawn (a page without one times out here)
            with contextlib.suppress(PlaywrightTimeout):
                page.locator('iframe[title="streamlit_folium.st_folium"]').last.wait_for(
                    state="attached", timeout=10_000
                )
            if page.locator('iframe[title="streamlit_folium.st_folium"]').count():
                frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').last
                frame.locator("path").first.wait_for(state="attached", timeout=30_000)
            time.sleep(4)
            page.screenshot(path=out)
            _paste_maps(page, out)
            print(out)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
