"""The app: ``streamlit run app.py`` (what ``run.sh``, the systemd units and the browser tests
start). Streamlit finds ``app`` below (an ``st.App``) and serves the map page, ``home.py``,
and ``pages/`` as usual, wrapped by ``atlas.web.server``: the boundary files are served at
``/_atlas/geo/``, the process refuses to start on
a configuration that cannot work, websockets are accepted from the page's own origin only
(so the server never looks anything up on the internet), the session cookie is set by the
server (HttpOnly), every page carries a Content-Security-Policy, only data staff and
admins can send files to Streamlit's upload endpoint, only the configured host names are
answered (``ATLAS_ALLOWED_HOSTS``), developer messages and metrics are closed, and an
unexpected error shows a message in the user's language instead of a traceback.
"""

import sys

import streamlit as st
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from atlas.core import config
from atlas.web import auth, server

try:
    server.check_startup()
except server.StartupRefused as exc:
    print(f"PKH Atlas tidak dijalankan: {exc}", file=sys.stderr)
    sys.exit(2)
auth.prepare()
server.warm_imports()

app = st.App(
    "home.py",
    routes=server.routes(),
    on_script_error=server.on_script_error,
    middleware=[
        # Outermost: a request for another host name is refused before anything runs.
        Middleware(TrustedHostMiddleware, allowed_hosts=config.allowed_hosts(), www_redirect=False),
        Middleware(server.SecurityHeaders),
        Middleware(server.ClosedEndpoints),
        Middleware(server.UserMessagesOnly),
        Middleware(server.HashedFilesCache),
        Middleware(server.SameOriginWebsockets),
        Middleware(server.UploadGate),
    ],
)
