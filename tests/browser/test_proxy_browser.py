"""The production recipe of docs/DEPLOYING.md, followed literally: two replicas (``app.py``) behind
Debian's nginx running the documented ``deploy/nginx/atlas.conf`` on non-default ports, over
HTTPS with a certificate made here, in ``ATLAS_ENV=production``.

Checked through the proxy: health, the map drawn with its 119 regencies (so the websocket
passed with the port kept in ``Host``), compressed JavaScript, the redirect from HTTP, a
sign-in that survives a reload (the Secure cookie over HTTPS), and no request outside.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import urllib.request
from urllib.parse import urlparse

import pytest

from tools import proxy
from tools.net import free_port

from .conftest import (
    LOCAL_HOSTS,
    add_user,
    map_ready,
    sign_in,
    start_app,
    stop_app,
    wait_for_app,
)

pytestmark = pytest.mark.browser
KEY = "proxy-test-key-" + "0" * 32


def _nginx() -> str:
    found = proxy.nginx()
    if not found:
        if os.environ.get("CI"):
            pytest.fail("nginx not found; .ci/run installs Debian's nginx-light")
        pytest.skip("nginx not found (apt-get install nginx-light)")
    return found


@pytest.fixture(scope="module")
def proxied(_demo_sqlite_url, geo_dir, tmp_path_factory):
    _nginx()
    tmp = tmp_path_factory.mktemp("proxy")
    db = tmp / "atlas.db"
    shutil.copy(_demo_sqlite_url.removeprefix("sqlite:///"), db)
    url = f"sqlite:///{db}"
    add_user(url, "kepala", "admin")
    env = {"ATLAS_ENV": "production", "ATLAS_SECRET_KEY": KEY, "ATLAS_TRUST_PROXY": "yes"}
    replicas = [start_app(url, geo_dir, tmp / f"replica{i}.log", **env) for i in range(2)]
    https, http = free_port(), free_port()
    ports = [int(urlparse(u).port) for u, _ in replicas]
    proc = proxy.start_nginx(tmp, ports, https, http)
    base = f"https://localhost:{https}"
    yield base, f"http://localhost:{http}"
    proc.terminate()
    proc.wait(timeout=10)
    for _, p in replicas:
        stop_app(p)


def _get(url: str, **headers: str):
    req = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(req, timeout=10, context=proxy.INSECURE) as resp:
        return resp.status, dict(resp.headers), resp.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_health_assets_and_redirect_through_the_proxy(proxied):
    base, plain = proxied
    assert _get(base + "/_stcore/health")[2] == b"ok"
    page = _get(base + "/")[2].decode()
    script = re.search(r'src="\./(static/js/[^"]+\.js)"', page).group(1)
    _, headers, body = _get(f"{base}/{script}", **{"Accept-Encoding": "gzip"})
    assert headers.get("Content-Encoding") == "gzip"
    assert len(body) < len(gzip.decompress(body)) / 2
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as moved:
        opener.open(plain + "/briefing", timeout=10)
    assert moved.value.code == 301
    assert moved.value.headers["Location"] == f"https://localhost:{urlparse(plain).port}/briefing"


def test_another_host_name_gets_no_answer(proxied):
    """DNS rebinding: a page on another domain whose name now points here sends its own
    name as Host; nginx closes the connection (444), on HTTPS and HTTP alike."""
    import http.client

    for url in proxied:
        with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
            _get(url + "/_stcore/health", Host="rebind.example")


def test_map_and_a_lasting_sign_in_through_the_proxy(proxied, browser):
    base, _ = proxied
    blocked: list[str] = []
    context = browser.new_context(
        ignore_https_errors=True, viewport={"width": 1400, "height": 1900}
    )

    def route(r):
        if urlparse(r.request.url).hostname in LOCAL_HOSTS or r.request.url.startswith(
            ("data:", "blob:", "about:")
        ):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    try:
        page.goto(base + "/")
        wait_for_app(page)
        frame = map_ready(page)
        assert frame.locator("path.leaflet-interactive").count() >= 119
        sign_in(page, base, "kepala")
        page.reload()
        wait_for_app(page)
        assert "kepala" in page.inner_text('[data-testid="stSidebar"]')
        cookies = {c["name"]: c for c in context.cookies()}
        assert any(c["secure"] for c in cookies.values() if c["name"].startswith("atlas"))
    finally:
        context.close()
    assert blocked == []
