"""Who is using this browser tab: the session token, its cookie, sign-in and sign-out.

The token lives in ``st.session_state`` for the tab and in a cookie for browser refreshes;
the database (``atlas.auth``) decides on every run whether it is still valid. Streamlit cannot
set an HttpOnly cookie from Python, so the cookie is written by a script (SameSite=Strict, Secure
in production); SECURITY.md lists that as a residual risk, held down by escaping every data text.
"""

from __future__ import annotations

import json

import streamlit as st

from atlas import auth, config
from atlas.access import ANONYMOUS, Principal
from ui import cache

COOKIE = "atlas_session"
_TOKEN = "atlas_token"
_PENDING = "atlas_cookie_pending"


def client_id() -> str:
    """The client for throttling and the audit log: the address Streamlit saw (behind a
    reverse proxy, the proxy must pass it on; see the README's deployment guide)."""
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
    token = auth.start_session(engine, who)
    st.session_state[_TOKEN] = token
    st.session_state[_PENDING] = (token, int(config.session_hours() * 3600))
    return who


def sign_out() -> None:
    auth.end_session(
        cache.engine(), st.session_state.pop(_TOKEN, None) or _cookie_token(), client_id()
    )
    st.session_state[_PENDING] = ("", 0)
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        st.logout()


def write_cookie() -> None:
    """Send the pending cookie change (after sign-in or sign-out) to the browser, once."""
    pending = st.session_state.pop(_PENDING, None)
    if pending is None:
        return
    token, max_age = pending
    secure = "; Secure" if config.production() else ""
    cookie = f"{COOKIE}={token}; Path=/; Max-Age={max_age}; SameSite=Strict{secure}"
    st.html(
        f"<script>document.cookie = {json.dumps(cookie)};</script>", unsafe_allow_javascript=True
    )
