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
    from atlas import auth
    from atlas.access import SYSTEM
    from atlas.db import make_engine

    engine = make_engine(url)
    name = name or f"{role}{province or ''}"
    if not any(u["username"] == name for u in auth.list_users(engine)):
        auth.add_user(engine, name, PASSWORD, role, actor=SYSTEM, province=province)
    who = auth.authenticate(engine, name, PASSWORD, "test")
    at.session_state["atlas_token"] = auth.start_session(engine, who)
    return at
