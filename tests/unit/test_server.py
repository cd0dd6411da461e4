"""atlas.web.server: refusing to start on a configuration that cannot work; same-origin websockets."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from atlas.web import server


def _run(coro) -> None:
    """In a thread of its own: Playwright's sync API (browser tests in the same session)
    leaves an event loop running in the main thread, where asyncio.run refuses."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coro).result()


def test_production_without_a_key_refuses_to_start(monkeypatch):
    monkeypatch.setenv("ATLAS_ENV", "production")
    monkeypatch.delenv("ATLAS_SECRET_KEY", raising=False)
    monkeypatch.setattr(
        "atlas.core.config.SECRETS_FILE", server.config.PROJECT_DIR / "no-such-file"
    )
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
                "headers": [(b"cache-control", b"public"), (b"content-type", b"image/png")],
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
    background thread ``app.py`` starts."""
    import subprocess
    import sys

    code = (
        "import sys; from atlas.web import server\n"
        "before = [m for m in server.HEAVY_IMPORTS if m in sys.modules]\n"
        "server.warm_imports().join(120)\n"
        "print(before, [m for m in server.HEAVY_IMPORTS if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] ['differences', 'lifelines', 'statsmodels.api']"
    serve = (Path(__file__).resolve().parents[2] / "app.py").read_text()
    assert "server.warm_imports()" in serve


def test_a_cookie_body_is_read_only_to_its_limit():
    """A chunked body has no Content-Length: it is read as it arrives and dropped at the
    limit (400 MB sent that way had grown the server by 360 MB before a 403)."""
    from starlette.requests import Request

    chunks = {"sent": 0}

    async def receive():  # 400 KB in all, unless the reader stops first
        chunks["sent"] += 1
        return {"type": "http.request", "body": b"x" * 4096, "more_body": chunks["sent"] < 100}

    async def call() -> dict:
        scope = {"type": "http", "method": "POST", "headers": [], "path": "/"}
        return await server._body(Request(scope, receive))

    out = []
    with ThreadPoolExecutor(1) as pool:
        out.append(pool.submit(asyncio.run, call()).result())
    assert out == [{}] and chunks["sent"] == 1


def _back_msg(**fields) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg(**fields)
    return msg.SerializeToString()


def test_developer_messages_never_reach_streamlit():
    """clear_cache from any session emptied every user's caches; it and the other developer
    messages are dropped, the page's own messages pass, in order."""
    from streamlit.proto.BackMsg_pb2 import BackendOperationRequest
    from streamlit.proto.ClientState_pb2 import ClientState

    frames = [
        _back_msg(clear_cache=True),
        _back_msg(rerun_script=ClientState(query_string="a=1")),
        _back_msg(set_run_on_save=True),
        _back_msg(debug_shutdown_runtime=True),
        _back_msg(load_git_info=True),
        _back_msg(
            backend_operation_request=BackendOperationRequest(request_id="1", install_skills={})
        ),
        _back_msg(app_heartbeat=True),
        _back_msg(stop_script=True),
    ]
    incoming = [{"type": "websocket.connect"}] + [
        {"type": "websocket.receive", "bytes": f} for f in frames
    ]
    incoming.append({"type": "websocket.disconnect", "code": 1000})
    seen = []

    async def receive():
        return incoming.pop(0)

    async def app(scope, receive, send):
        while True:
            message = await receive()
            seen.append(message)
            if message["type"] == "websocket.disconnect":
                return

    _run(server.UserMessagesOnly(app)({"type": "websocket", "headers": []}, receive, None))
    from streamlit.proto.BackMsg_pb2 import BackMsg

    kinds = []
    for message in seen:
        if message["type"] == "websocket.receive":
            msg = BackMsg()
            msg.ParseFromString(message["bytes"])
            kinds.append(msg.WhichOneof("type"))
        else:
            kinds.append(message["type"])
    assert kinds == [
        "websocket.connect",
        "rerun_script",
        "app_heartbeat",
        "stop_script",
        "websocket.disconnect",
    ]


def _answer(middleware, path: str, method: str = "GET") -> list:
    reached, sent = [], []

    async def app(scope, receive, send):
        reached.append(scope)

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "headers": []}
    _run(middleware(app)(scope, None, send))
    return ["app"] if reached else sent


def test_metrics_are_closed():
    assert _answer(server.ClosedEndpoints, "/_stcore/metrics")[0]["status"] == 404
    assert _answer(server.ClosedEndpoints, "/_stcore/health") == ["app"]


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "PATCH", "OPTIONS", "GET"])
def test_every_method_on_the_upload_endpoint_meets_the_gate(monkeypatch, method):
    monkeypatch.setattr(server, "may_upload", lambda token: False)
    sent = _answer(server.UploadGate, "/_stcore/upload_file/s/f", method)
    assert sent[0]["status"] == 403


def test_a_boundary_name_with_a_trailing_newline_is_not_found():
    from geo import served

    status, headers, _ = _get(served.url("regency") + "\n", {})
    assert status == 404 and headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    ("header", "gzip"),
    [
        ("gzip, br", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("*", True),
        ("gzip;q=0", False),
        ("gzip;q=0.000, deflate", False),
        ("*;q=0", False),
        ("*, gzip;q=0", False),
        ("identity", False),
        ("", False),
    ],
)
def test_gzip_only_to_a_browser_that_accepts_it(header, gzip):
    assert server.accepts_gzip(header) is gzip


def test_a_boundary_file_refused_gzip_is_sent_plain():
    import json

    from geo import served

    status, headers, body = _get(served.url("province"), {"accept-encoding": "gzip;q=0"})
    assert status == 200 and "content-encoding" not in headers and json.loads(body)


@pytest.mark.parametrize(
    ("content_type", "cache"),
    [
        (b"image/png", b"private, max-age=31536000, immutable"),
        (b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"no-store"),
        (b"text/csv", b"no-store"),
        (b"application/pdf", b"no-store"),
    ],
)
def test_downloads_are_never_kept_by_the_browser(content_type, cache):
    """Corrected files (NIKs in clear, by design), error reports and exports survived a
    sign-out in the browser's cache for a year on a shared office PC."""
    sent = []

    async def app(scope, receive, send):
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", content_type)],
            }
        )

    async def send(message):
        sent.append(message)

    path = "/media/" + "3c35944a0efa5c7a05de405306bdb326" * 2 + ".bin"
    _run(server.HashedFilesCache(app)({"type": "http", "path": path, "headers": []}, None, send))
    assert [v for k, v in sent[0]["headers"] if k == b"cache-control"] == [cache]


def test_an_unexpected_error_is_one_sentence_with_an_id():
    from streamlit.testing.v1 import AppTest

    def script():
        from atlas.web import server

        server.on_script_error(ValueError("/srv/atlas/secret.py 3404014508900001"))

    at = AppTest.from_function(script, default_timeout=30).run()
    assert not at.exception
    (error,) = at.error
    assert "kesalahan yang tidak terduga (kode " in error.value
    assert (
        "secret" not in error.value
        and "3404" not in error.value
        and "ValueError" not in error.value
    )


def test_serve_wires_every_defence():
    """The defences above are middleware and handlers: each must be in app.py's st.App
    (the real server's answers are checked in tests/install/test_serve.py)."""
    import ast

    source = (Path(server.__file__).resolve().parents[2] / "app.py").read_text()
    names = {n.attr for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Attribute)}
    names |= {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}
    assert {
        "TrustedHostMiddleware",
        "SecurityHeaders",
        "ClosedEndpoints",
        "UserMessagesOnly",
        "HashedFilesCache",
        "SameOriginWebsockets",
        "UploadGate",
        "on_script_error",
        "routes",
    } <= names
