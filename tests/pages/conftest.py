import pytest
import streamlit as st


@pytest.fixture
def app_env(monkeypatch, demo_sqlite_url):
    """Pages run against the demo database; Streamlit caches start empty for each test."""
    monkeypatch.setenv("DATABASE_URL", demo_sqlite_url)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield demo_sqlite_url
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def private_db(app_env, monkeypatch, tmp_path):
    """A copy of the demo database that a test may change; the pages use it."""
    import shutil

    path = tmp_path / "atlas.db"
    shutil.copy(app_env.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


PASSWORD = "kata-sandi-uji-123"


def sign_in(at, url: str, role: str, province: str | None = None, name: str | None = None):
    """Give an AppTest the session a real sign-in would give it: an account of ``role`` in the
    database at ``url`` and a session token in the tab's state (which the app checks again
    against the database on every run, as it does a browser cookie)."""
    from atlas.core.access import SYSTEM
    from atlas.store.db import make_engine
    from atlas.web import auth

    engine = make_engine(url)
    name = name or f"{role}{province or ''}"
    if not any(u["username"] == name for u in auth.list_users(engine)):
        auth.add_user(engine, name, PASSWORD, role, actor=SYSTEM, province=province)
    who = auth.authenticate(engine, name, PASSWORD, "test")
    at.session_state["atlas_token"] = auth.start_session(engine, who)
    return at


def panel_tables(at) -> list:
    """The detail panel's tables (HTML, ``atlas.screens.panel_charts.table``) as DataFrames of their
    text, as a person reads them."""
    from html.parser import HTMLParser

    import pandas as pd

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.cell = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = ""

        def handle_endtag(self, tag):
            if tag in ("td", "th"):
                self.rows[-1].append(self.cell)
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    out = []
    for element in at.get("html"):
        if 'class="atlas-table"' in element.proto.body:
            cells = Cells()
            cells.feed(element.proto.body)
            out.append(pd.DataFrame(cells.rows[1:], columns=cells.rows[0]))
    return out
