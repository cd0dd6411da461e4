"""Who is using this browser tab: the session token, its cookie, sign-in and sign-out.

The token lives in ``st.session_state`` for the tab and in a cookie for browser refreshes;
the database (``atlas.web.auth``) decides on every run whether it is still valid. The cookie is
set by the server (``atlas.web.server``: HttpOnly, SameSite=Strict, Secure in production), so no
script in the page can read it: after a sign-in the page gets only a one-time ticket, which a
small script posts to the server in exchange for the cookie. Sign-out asks the server to
clear it.
"""

from __future__ import annotations

import json

import streamlit as st

from atlas.core import config
from atlas.core.access import ANONYMOUS, Principal
from atlas.web import auth, server
from ui import cache

COOKIE = auth.SESSION_COOKIE
_TOKEN = "atlas_token"
_PENDING = "atlas_cookie_pending"


def client_id() -> str:
    """The client for throttling and the audit log: the address Streamlit saw (behind a
    reverse proxy, the proxy must pass it on; see docs/DEPLOYING.md)."""
    try:
        address = st.context.ip_address
        if config.trust_proxy():
            forwarded = st.context.headers.get("X-Forwarded-For")
            if isinstance(forwarded, str) and forwarded.strip():
                address = forwarded.split(",")[0].strip()
    except Exception:  # noqa: BLE001 - AppTest and bare runs have no request
        address = None
    # Streamlit gives no address for connections from localhost.
    return address[:64] if isinstance(address, str) and address else "localhost"


def _cookie_token() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - no request behind this run
        return None
    return value if isinstance(value, str) else None


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets.toml at all
        return False


def current() -> Principal:
    """The signed-in principal, or ANONYMOUS. Looked up in the database on every run."""
    engine = cache.engine()
    for token in (st.session_state.get(_TOKEN), _cookie_token()):
        if token:
            who = auth.resolve_session(engine, token)
            if who is not None:
                st.session_state[_TOKEN] = token
                return who
    st.session_state.pop(_TOKEN, None)
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        who = auth.principal_for_email(engine, st.user.get("email"))
        if who is not None:
            return who
    return ANONYMOUS


def sign_in(username: str, password: str) -> Principal:
    """Check the password (``auth.AuthError`` when refused) and open a session for this tab
    and, through the cookie, for refreshes."""
    engine = cache.engine()
    who = auth.authenticate(engine, username, password, client_id())
    st.session_state[_TOKEN] = auth.start_session(engine, who)
    st.session_state[_PENDING] = (server.COOKIE_PATH, {"ticket": auth.cookie_ticket(engine, who)})
    return who


def sign_out() -> None:
    auth.end_session(
        cache.engine(), st.session_state.pop(_TOKEN, None), _cookie_token(), client=client_id()
    )
    st.session_state[_PENDING] = (server.SIGNOUT_PATH, {})
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        st.logout()


def write_cookie() -> None:
    """Have the browser ask the server for the pending cookie change (after sign-in or
    sign-out), once. The script carries a one-time ticket at most, never a session token."""
    pending = st.session_state.pop(_PENDING, None)
    if pending is None:
        return
    path, body = pending
    url = json.dumps(server.base_path() + path).replace("</", "<\\/")
    payload = json.dumps(json.dumps(body)).replace("</", "<\\/")
    st.html(
        f"<script>fetch({url}, {{method: 'POST', credentials: 'same-origin', "
        f"headers: {{'Content-Type': 'application/json'}}, body: {payload}}});</script>",
        unsafe_allow_javascript=True,
    )
