"""What the web server adds around the Streamlit app (``serve.py`` builds it with ``st.App``).

* ``check_startup``: a replica whose configuration cannot work refuses to start, with the
  reason on stderr, instead of serving a health check that says "ok" while every page
  refuses (production without ``ATLAS_SECRET_KEY``).
* ``SameOriginWebsockets``: a websocket handshake whose ``Origin`` is not the host it was
  sent to is refused here. Streamlit would otherwise compare it with the machine's external
  IP address, which it looks up on the internet; an intranet server must never try.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from atlas import config


class StartupRefused(RuntimeError):
    pass


def check_startup() -> None:
    """Raise ``StartupRefused`` when this configuration would refuse every page."""
    try:
        config.secret_key()
    except config.MissingSecret as exc:
        raise StartupRefused(str(exc)) from None


def _allowed_origins() -> set[str]:
    try:
        from streamlit import config as st_config

        return {urlsplit(o).netloc for o in st_config.get_option("server.corsAllowedOrigins") or []}
    except Exception:  # noqa: BLE001 - outside a Streamlit server: nothing extra allowed
        return set()


class SameOriginWebsockets:
    """ASGI middleware: websockets only from the page's own origin (or an allowed one)."""

    def __init__(self, app) -> None:
        self.app = app
        self.allowed = _allowed_origins()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "websocket":
            headers = dict(scope.get("headers") or [])
            origin = headers.get(b"origin")
            host = headers.get(b"host", b"").decode("latin-1")
            if origin is not None:
                netloc = urlsplit(origin.decode("latin-1")).netloc
                if netloc != host and netloc not in self.allowed:
                    await send({"type": "websocket.close", "code": 1008})
                    return
        await self.app(scope, receive, send)
