"""atlas.server: refusing to start on a configuration that cannot work; same-origin websockets."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from atlas import server


def _run(coro) -> None:
    """In a thread of its own: Playwright's sync API (browser tests in the same session)
    leaves an event loop running in the main thread, where asyncio.run refuses."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coro).result()


def test_production_without_a_key_refuses_to_start(monkeypatch):
    monkeypatch.setenv("ATLAS_ENV", "production")
    monkeypatch.delenv("ATLAS_SECRET_KEY", raising=False)
    monkeypatch.setattr("atlas.config.SECRETS_FILE", server.config.PROJECT_DIR / "no-such-file")
    with pytest.raises(server.StartupRefused, match="ATLAS_SECRET_KEY"):
        server.check_startup()
    monkeypatch.setenv("ATLAS_SECRET_KEY", "k" * 64)
    server.check_startup()


def _handshake(headers: dict[bytes, bytes], kind: str = "websocket") -> list[dict]:
    reached, sent = [], []

    async def app(scope, receive, send):
        reached.append(scope)

    async def send(message):
        sent.append(message)

    scope = {"type": kind, "headers": list(headers.items())}
    _run(server.SameOriginWebsockets(app)(scope, None, send))
    return ["app"] if reached else sent


@pytest.mark.parametrize(
    ("origin", "host", "passes"),
    [
        (b"http://localhost:8501", b"localhost:8501", True),
        (b"https://atlas.example:8443", b"atlas.example:8443", True),
        (None, b"localhost:8501", True),  # no Origin: not a browser, nothing to check
        (b"http://evil.example", b"localhost:8501", False),
        # A proxy that drops the port from Host ($host instead of $http_host): refused here,
        # and Streamlit never gets to look up an external IP for it.
        (b"https://atlas.example:8443", b"atlas.example", False),
    ],
)
def test_websockets_from_another_origin_are_refused(origin, host, passes):
    headers = {b"host": host} | ({b"origin": origin} if origin else {})
    result = _handshake(headers)
    if passes:
        assert result == ["app"]
    else:
        assert result == [{"type": "websocket.close", "code": 1008}]


def test_plain_http_requests_pass_through():
    assert _handshake({b"host": b"a", b"origin": b"http://b"}, kind="http") == ["app"]


def test_every_http_response_carries_the_security_headers(monkeypatch):
    sent = []

    async def app(scope, receive, send):
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/html"), (b"x-frame-options", b"DENY")],
            }
        )
        await send({"type": "http.response.body", "body": b"<html></html>"})

    async def send(message):
        sent.append(message)

    _run(server.SecurityHeaders(app)({"type": "http", "headers": []}, None, send))
    headers = dict(sent[0]["headers"])
    csp = headers[b"content-security-policy"].decode()
    assert "connect-src 'self'" in csp and "object-src 'none'" in csp and "img-src 'self'" in csp
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert [k for k, _ in sent[0]["headers"]].count(b"x-frame-options") == 1  # ours, not twice
    assert sent[1]["body"] == b"<html></html>"


@pytest.mark.parametrize(
    "path, cached",
    [
        ("/component/streamlit_folium.st_folium/static/js/main.521860b0.js", b"public, max-age"),
        ("/media/" + "3c35944a0efa5c7a05de405306bdb326.png", b"private, max-age"),
        ("/component/streamlit_folium.st_folium/index.html", None),
        ("/component/streamlit_folium.st_folium/bootstrap.min.css", None),
        ("/static/js/index.CX5AQgxi.js", None),  # Streamlit's own: already cached a year
    ],
)
def test_files_named_by_their_hash_are_kept_by_the_browser(path, cached):
    sent = []

    async def app(scope, receive, send):
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"cache-control", b"public")],
            }
        )

    async def send(message):
        sent.append(message)

    _run(server.HashedFilesCache(app)({"type": "http", "path": path, "headers": []}, None, send))
    values = [v for k, v in sent[0]["headers"] if k == b"cache-control"]
    if cached:
        assert len(values) == 1 and values[0].startswith(cached) and b"immutable" in values[0]
    else:
        assert values == [b"public"]


def test_a_configured_tile_server_may_send_images(monkeypatch):
    monkeypatch.setenv("ATLAS_TILE_URL", "https://tiles.intra.example/{z}/{x}/{y}.png")
    assert (
        "img-src 'self' data: blob: https://tiles.intra.example" in server.content_security_policy()
    )


@pytest.mark.parametrize(
    ("cookie", "may", "status"),
    [(None, False, 403), (b"atlas_session=bad", False, 403), (b"atlas_session=good", True, None)],
)
def test_only_data_staff_reach_the_upload_endpoint(monkeypatch, cookie, may, status):
    monkeypatch.setattr(server, "may_upload", lambda token: token == "good" and may)
    reached, sent = [], []

    async def app(scope, receive, send):
        reached.append(scope)

    async def send(message):
        sent.append(message)

    headers = [(b"cookie", cookie)] if cookie else []
    scope = {
        "type": "http",
        "method": "PUT",
        "path": "/_stcore/upload_file/s/f",
        "headers": headers,
    }
    _run(server.UploadGate(app)(scope, None, send))
    if status is None:
        assert reached and not sent
    else:
        assert not reached and sent[0]["status"] == status
    # Everything else passes untouched.
    reached.clear()
    _run(
        server.UploadGate(app)(
            {"type": "http", "method": "GET", "path": "/", "headers": []}, None, send
        )
    )
    assert reached


def _get(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """One GET through the app's own routes (no Streamlit around them)."""
    from starlette.applications import Starlette

    app = Starlette(routes=server.routes())
    out: dict = {"body": b""}

    async def call() -> None:
        scope = {
            "type": "http",
            "method": "GET",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
            "scheme": "http",
            "server": ("127.0.0.1", 8501),
            "root_path": "",
        }

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            if message["type"] == "http.response.start":
                out["status"] = message["status"]
                out["headers"] = {k.decode(): v.decode() for k, v in message["headers"]}
            else:
                out["body"] += message.get("body", b"")

        await app(scope, receive, send)

    _run(call())
    return out["status"], out["headers"], out["body"]


def test_boundary_files_are_served_gzipped_and_kept_by_browsers_for_a_year():
    import gzip
    import json

    from geo import served

    url = served.url("district-34.04")
    status, headers, body = _get(url, {"accept-encoding": "gzip, br"})
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert (
        "immutable" in headers["cache-control"] and "max-age=31536000" in headers["cache-control"]
    )
    shapes = json.loads(gzip.decompress(body))
    assert len(shapes["features"]) == 17  # Sleman's districts
    assert {f["properties"]["code"][:5] for f in shapes["features"]} == {"34.04"}
    status, headers, plain = _get(url, {})  # a client that cannot unzip gets plain JSON
    assert status == 200 and "content-encoding" not in headers and json.loads(plain) == shapes


@pytest.mark.parametrize(
    "name",
    ["regency.000000000000.json", "nothing.123456789abc.json", "..%2Fsecret", "regency.json"],
)
def test_unknown_or_outdated_boundary_files_are_not_found(name):
    from geo import served

    status, headers, _ = _get(served.PATH + name, {})
    assert status == 404 and headers["cache-control"] == "no-store"


def test_the_statistics_libraries_are_imported_at_server_start():
    """In a fresh interpreter: not imported by the server module itself, imported by the
    background thread ``serve.py`` starts."""
    import subprocess
    import sys

    code = (
        "import sys; from atlas import server\n"
        "before = [m for m in server.HEAVY_IMPORTS if m in sys.modules]\n"
        "server.warm_imports().join(120)\n"
        "print(before, [m for m in server.HEAVY_IMPORTS if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] ['differences', 'lifelines', 'statsmodels.api']"
    serve = (Path(__file__).resolve().parents[2] / "serve.py").read_text()
    assert "server.warm_imports()" in serve
