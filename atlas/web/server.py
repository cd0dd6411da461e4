"""What the web server adds around the Streamlit app (``app.py`` builds it with ``st.App``).

* ``check_startup``: a replica whose configuration cannot work refuses to start, with the
  reason on stderr, instead of serving a health check that says "ok" while every page
  refuses (production without ``ATLAS_SECRET_KEY``).
* ``SameOriginWebsockets``: a websocket handshake whose ``Origin`` is not the host it was
  sent to is refused here. Streamlit would otherwise compare it with the machine's external
  IP address, which it looks up on the internet; an intranet server must never try.
* ``routes``: the session cookie is set and cleared by the server, HttpOnly, so no script in
  the page or the map's frame can read the token. After a sign-in the page holds only a
  one-time ticket (``auth.cookie_ticket``) and posts it to ``/_atlas/cookie``; sign-out posts
  to ``/_atlas/signout``. Streamlit itself cannot set an HttpOnly cookie from a script run.
* ``routes`` also serves the map's boundary files (``geo.served``), gzipped, with a content
  hash in each name so that browsers keep them for a year: a new view of the map then sends
  only its values. The boundaries are public open data; no session is needed for them.
* ``SecurityHeaders``: a Content-Security-Policy on every page (and the map's frame) that
  lets scripts reach only this server, plus ``nosniff`` and a same-origin frame policy.
* ``UploadGate``: Streamlit accepts a file for any open session (an anonymous visitor could
  park five 20 MB files in the server's memory); here only a signed-in account that may
  import gets past its upload endpoint.
"""

from __future__ import annotations

import functools
import importlib
import re
import threading
from urllib.parse import urlsplit

from atlas.core import areas, config, urls
from atlas.web import auth

MAX_BODY = 1024  # bytes: a ticket in JSON


class StartupRefused(RuntimeError):
    pass


def check_startup() -> None:
    """Raise ``StartupRefused`` when this configuration would refuse every page."""
    try:
        config.secret_key()
        areas.current()
    except (config.MissingSecret, areas.UnknownArea) as exc:
        raise StartupRefused(str(exc)) from None


# The statistics libraries of the training-impact page: importing them took 2,7 s of its
# first computation (scipy.stats, statsmodels, lifelines' autograd).
HEAVY_IMPORTS = ("differences", "lifelines", "statsmodels.api")


def warm_imports() -> threading.Thread:
    """Import ``HEAVY_IMPORTS`` in a background thread at server start, so that no visitor
    waits for them; the server answers meanwhile (a page that needs one first waits for
    the import lock, no longer than it would have anyway)."""

    def run() -> None:
        for name in HEAVY_IMPORTS:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001  (a page importing it says what is wrong)
                return

    thread = threading.Thread(target=run, name="warm-imports", daemon=True)
    thread.start()
    return thread


def on_script_error(exc: Exception) -> bool:
    """``st.App``'s handler for what a page did not expect: one sentence in the user's
    language with an error id, nothing of the exception (which Streamlit would show with
    server paths, to anonymous visitors too); the id and the place go to the server's log.
    True: Streamlit shows nothing of its own."""
    import streamlit as st

    from atlas.core import failures
    from atlas.core.i18n import normalise_lang, t

    error_id = failures.log(exc, "page")
    st.error(t("err.unexpected", normalise_lang(st.query_params.get(urls.LANG)), id=error_id))
    return True


def _allowed_origins() -> set[str]:
    try:
        from streamlit import config as st_config

        return {urlsplit(o).netloc for o in st_config.get_option("server.corsAllowedOrigins") or []}
    except Exception:  # noqa: BLE001 - outside a Streamlit server: nothing extra allowed
        return set()


def _same_origin(headers: dict[bytes, bytes], allowed: set[str]) -> bool | None:
    """True/False for a request with an Origin header; None when it has none."""
    origin = headers.get(b"origin")
    if origin is None:
        return None
    netloc = urlsplit(origin.decode("latin-1")).netloc
    return netloc == headers.get(b"host", b"").decode("latin-1") or netloc in allowed


class SameOriginWebsockets:
    """ASGI middleware: websockets only from the page's own origin (or an allowed one)."""

    def __init__(self, app) -> None:
        self.app = app
        self.allowed = _allowed_origins()

    async def __call__(self, scope, receive, send) -> None:
        headers = dict(scope.get("headers") or [])
        if scope["type"] == "websocket" and _same_origin(headers, self.allowed) is False:
            await send({"type": "websocket.close", "code": 1008})
            return
        await self.app(scope, receive, send)


# The messages a page sends in ordinary use. Streamlit takes developer tools' messages from
# any session too: clear_cache (an anonymous sign-in page emptied every user's caches, five
# times a second kept every page uncached), set_run_on_save, load_git_info, the debug ones,
# and backend operations that install or dismiss Streamlit's developer skills.
USER_MESSAGES = frozenset({"rerun_script", "stop_script", "app_heartbeat", "file_urls_request"})
USER_OPERATIONS = frozenset({"deferred_file", "dataframe_chunk"})


def user_message(data: bytes) -> bool:
    """Whether a websocket frame is one of the messages a page sends in ordinary use."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    try:
        msg.ParseFromString(data)
    except Exception:  # noqa: BLE001 - not a BackMsg: Streamlit closes the socket for it
        return True
    kind = msg.WhichOneof("type")
    if kind == "backend_operation_request":
        return msg.backend_operation_request.WhichOneof("payload") in USER_OPERATIONS
    return kind in USER_MESSAGES


class UserMessagesOnly:
    """ASGI middleware: a websocket's developer messages are dropped before Streamlit sees
    them; the session goes on."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return

        async def receive_user_messages():
            while True:
                message = await receive()
                frame = message.get("bytes") if message["type"] == "websocket.receive" else None
                if frame is None or user_message(frame):
                    return message

        await self.app(scope, receive_user_messages, send)


# Streamlit's own endpoints that tell an anonymous visitor about the server: the number of
# sessions and each cached function's use.
CLOSED_PATHS = ("/_stcore/metrics",)


class ClosedEndpoints:
    """ASGI middleware: ``CLOSED_PATHS`` answer 404."""

    def __init__(self, app) -> None:
        self.app = app
        self.closed = {base_path() + p for p in CLOSED_PATHS}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope.get("path", "").rstrip("/") in self.closed:
            await send(
                {
                    "type": "http.response.start",
                    "status": 404,
                    "headers": [(b"cache-control", b"no-store")],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)


def content_security_policy() -> str:
    """Scripts may run inline (Streamlit and folium both write inline scripts, so script-src
    cannot be narrowed further) but may only talk to this server: an injected script could
    not send anything elsewhere with fetch, an image or a frame."""
    images = ["'self'", "data:", "blob:"]
    tiles = urlsplit(config.tile_url().replace("{", "").replace("}", ""))
    if tiles.scheme in ("http", "https") and tiles.netloc:
        images.append(f"{tiles.scheme}://{tiles.netloc}")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {' '.join(images)}",
            "font-src 'self' data:",
            "connect-src 'self'",
            "frame-src 'self' blob: data:",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


class SecurityHeaders:
    """ASGI middleware: the policy above and companions on every HTTP response."""

    def __init__(self, app) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", content_security_policy().encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"SAMEORIGIN"),
            (b"referrer-policy", b"same-origin"),
        ]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        names = {name for name, _ in self.headers}

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + self.headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


# A name that carries its content's hash: streamlit-folium's "static/js/main.521860b0.js",
# Streamlit's media files ("/media/<sha224>.png").
_HASHED_NAME = re.compile(r"(?:\.[0-9a-f]{8,}\.(?:js|css)|/[0-9a-f]{32,}\.[a-z0-9]+)$")
YEAR = 365 * 24 * 3600


class HashedFilesCache:
    """ASGI middleware: files whose name is their content's hash are kept by the browser.
    Streamlit sends a component's files as "public" with no lifetime and media files with no
    caching at all, so every new map frame (the second map of a comparison) fetched
    streamlit-folium's 56 KB script again, and every rerun the favicon. A changed file has
    another name. Media may be personal: "private" keeps images (charts) out of shared
    caches, and every other media file (downloads: corrected files with NIKs, error reports,
    exports) is "no-store", so that none outlives a sign-out on a shared office PC."""

    def __init__(self, app) -> None:
        self.app = app
        base = base_path()
        self.component, self.media = base + "/component/", base + "/media/"

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        kind = (
            "public"
            if path.startswith(self.component)
            else "private"
            if path.startswith(self.media)
            else None
        )
        if kind is None or not _HASHED_NAME.search(path):
            await self.app(scope, receive, send)
            return
        cached = f"{kind}, max-age={YEAR}, immutable".encode()

        async def send_cached(message) -> None:
            if message["type"] == "http.response.start" and message.get("status") == 200:
                headers = message.get("headers", [])
                value = cached if kind == "public" or _is_image(headers) else b"no-store"
                kept = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                message = {**message, "headers": [*kept, (b"cache-control", value)]}
            await send(message)

        await self.app(scope, receive, send_cached)


def _is_image(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(k.lower() == b"content-type" and v.startswith(b"image/") for k, v in headers)


UPLOAD_PREFIX = "/_stcore/upload_file/"


def _cookie(headers: dict[bytes, bytes], name: str) -> str | None:
    from http.cookies import CookieError, SimpleCookie

    jar = SimpleCookie()
    try:
        jar.load(headers.get(b"cookie", b"").decode("latin-1"))
    except CookieError:
        return None
    return jar[name].value if name in jar else None


def may_upload(token: str | None) -> bool:
    who = auth.resolve_session(_engine(), token) if token else None
    return who is not None and who.may_import()


class UploadGate:
    """ASGI middleware: file uploads only from a session cookie of data staff or an admin."""

    def __init__(self, app) -> None:
        self.app = app
        self.prefix = base_path() + UPLOAD_PREFIX

    async def __call__(self, scope, receive, send) -> None:
        # Every method: a DELETE (which removes a session's file) had passed untouched.
        if scope["type"] == "http" and scope.get("path", "").startswith(self.prefix):
            from starlette.concurrency import run_in_threadpool

            token = _cookie(dict(scope.get("headers") or []), auth.SESSION_COOKIE)
            if not await run_in_threadpool(may_upload, token):
                await send(
                    {
                        "type": "http.response.start",
                        "status": 403,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8")],
                    }
                )
                await send(
                    {"type": "http.response.body", "body": b"Sign in as data staff to upload."}
                )
                return
        await self.app(scope, receive, send)


@functools.lru_cache(maxsize=1)
def _engine():
    from atlas.store import db

    return db.make_engine()


def _cookie_response(status: int, token: str | None, max_age: int):
    from starlette.responses import Response

    resp = Response(status_code=status)
    if token is not None:
        resp.set_cookie(
            auth.SESSION_COOKIE,
            token,
            max_age=max_age,
            path="/",
            httponly=True,
            samesite="strict",
            secure=config.production(),
        )
    resp.headers["Cache-Control"] = "no-store"
    return resp


async def _body(request) -> dict:
    """The request's JSON object, or {} for anything longer than ``MAX_BODY``: read as it
    arrives and dropped at the limit, whatever Content-Length said (a chunked request has
    none, and 400 MB sent that way had grown the server by 360 MB)."""
    import json

    if int(request.headers.get("content-length") or 0) > MAX_BODY:
        return {}
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            return {}
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


async def _set_cookie(request):
    from starlette.concurrency import run_in_threadpool

    if not _same_origin(dict(request.scope["headers"]), _allowed_origins()):
        return _cookie_response(403, None, 0)
    ticket = (await _body(request)).get("ticket")
    token = await run_in_threadpool(auth.redeem_ticket, _engine(), ticket)
    if token is None:
        return _cookie_response(403, None, 0)
    return _cookie_response(204, token, int(config.session_hours() * 3600))


async def _clear_cookie(request):
    from starlette.concurrency import run_in_threadpool

    if not _same_origin(dict(request.scope["headers"]), _allowed_origins()):
        return _cookie_response(403, None, 0)
    token = request.cookies.get(auth.SESSION_COOKIE)
    await run_in_threadpool(auth.end_session, _engine(), token)
    return _cookie_response(204, "", 0)


GEO_CACHE = "public, max-age=31536000, immutable"


async def _geometry(request):
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import Response

    from geo import served

    # The files are built on first use (about a second): not on the event loop.
    found = await run_in_threadpool(served.lookup, request.path_params["name"])
    if found is None:
        return Response(status_code=404, headers={"cache-control": "no-store"})
    headers = {"cache-control": GEO_CACHE, "vary": "accept-encoding"}
    if accepts_gzip(request.headers.get("accept-encoding", "")):
        body = found.body
        headers["content-encoding"] = "gzip"
    else:
        import gzip

        body = gzip.decompress(found.body)
    return Response(body, media_type="application/geo+json", headers=headers)


def accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header admits gzip (RFC 9110 12.5.3): named, or covered by
    "*", with a weight above zero; "gzip;q=0" refuses it."""
    weights: dict[str, float] = {}
    for part in header.split(","):
        name, _, params = part.partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _, val = param.strip().partition("=")
            if key.lower() == "q":
                try:
                    weight = float(val)
                except ValueError:
                    weight = 0.0
        weights[name.strip().lower()] = weight
    return weights.get("gzip", weights.get("x-gzip", weights.get("*", 0.0))) > 0


def base_path() -> str:
    """Streamlit's ``server.baseUrlPath`` as "/prefix" (or "")."""
    try:
        from streamlit import config as st_config

        base = (st_config.get_option("server.baseUrlPath") or "").strip("/")
    except Exception:  # noqa: BLE001 - outside a Streamlit server
        base = ""
    return f"/{base}" if base else ""


COOKIE_PATH = "/_atlas/cookie"
SIGNOUT_PATH = "/_atlas/signout"


def routes() -> list:
    from starlette.routing import Route

    from geo import served

    base = base_path()
    return [
        Route(base + COOKIE_PATH, _set_cookie, methods=["POST"]),
        Route(base + SIGNOUT_PATH, _clear_cookie, methods=["POST"]),
        Route(base + served.PATH + "{name}", _geometry, methods=["GET", "HEAD"]),
    ]
