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
