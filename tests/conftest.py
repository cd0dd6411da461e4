"""Shared fixtures.

* Boundaries are the files shipped in ``geo/data/``, checked once per test session; the
  tests read nothing outside the repository.
* ``engine`` runs a test on SQLite and on PostgreSQL (``ATLAS_TEST_PG_URL``, default the
  local server at 127.0.0.1:5432). Each session gets its own PostgreSQL database, dropped at
  the end. When no PostgreSQL server answers, those tests are skipped with the reason shown.
* ``demo_engine`` is the same, with the demo data loaded once per engine (small enterprise
  scale: the training figures do not depend on it).
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

TEST_KEY = "test-secret-key-not-for-production"
os.environ.setdefault("ATLAS_SECRET_KEY", TEST_KEY)

PG_URL = os.environ.get(
    "ATLAS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DEMO_SCALE = 0.1


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Debian's Chromium against a live app")


@pytest.fixture(scope="session", autouse=True)
def geo_dir() -> Path:
    from geo import boundaries

    target = boundaries.SHIPPED
    os.environ["ATLAS_GEO_DIR"] = str(target)
    os.environ.pop("ATLAS_GEO_SOURCE", None)
    boundaries.verify(target)
    return target


def _pg_admin_engine():
    eng = create_engine(PG_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    with eng.connect() as conn:
        conn.execute(text("SELECT 1"))
    return eng


@pytest.fixture(scope="session")
def pg_url() -> str:
    try:
        admin = _pg_admin_engine()
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {PG_URL} does not answer in CI: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {type(exc).__name__}")
    name = f"atlas_test_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    _drop_pg_db(admin, name)
    admin.dispose()


def _drop_pg_db(admin, name: str) -> None:
    with admin.connect() as conn:
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))


@contextmanager
def _engine_on(request: pytest.FixtureRequest, tmp_path: Path):
    """An engine on a new, empty database of the test's kind; a PostgreSQL one is dropped after."""
    from atlas.store.db import make_engine

    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'atlas.db'}")
        yield eng
        eng.dispose()
        return
    pg_url = request.getfixturevalue("pg_url")
    admin = _pg_admin_engine()
    name = f"atlas_t_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng = make_engine(make_url(pg_url).set(database=name).render_as_string(hide_password=False))
    try:
        yield eng
    finally:
        eng.dispose()
        _drop_pg_db(admin, name)
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path):
    """An engine on an empty database of each kind (schema not created)."""
    with _engine_on(request, tmp_path) as eng:
        yield eng


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path):
    """An engine with the schema and the reference regions, no data."""
    from atlas.store import setup
    from atlas.store.db import upgrade

    with _engine_on(request, tmp_path) as eng:
        upgrade(eng)
        setup.load_regions(eng)
        yield eng


@pytest.fixture(scope="session")
def _demo_sqlite_url(tmp_path_factory: pytest.TempPathFactory, geo_dir: Path) -> str:
    from atlas.store import setup
    from atlas.store.db import make_engine

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'atlas.db'}"
    eng = make_engine(url)
    setup.run(eng, install_boundaries=False, demo_scale=DEMO_SCALE)
    eng.dispose()
    return url


@pytest.fixture(scope="session")
def _demo_pg_url(pg_url: str, geo_dir: Path) -> str:
    from atlas.store import setup
    from atlas.store.db import make_engine

    eng = make_engine(pg_url)
    setup.run(eng, install_boundaries=False, demo_scale=DEMO_SCALE)
    eng.dispose()
    return pg_url


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_engine(request: pytest.FixtureRequest):
    """The demo data, read-only, on each engine."""
    from atlas.store.db import make_engine

    url = request.getfixturevalue(
        "_demo_sqlite_url" if request.param == "sqlite" else "_demo_pg_url"
    )
    eng = make_engine(url)
    yield eng
    eng.dispose()


@pytest.fixture
def demo_sqlite_url(_demo_sqlite_url: str) -> str:
    return _demo_sqlite_url


@pytest.fixture
def serve_area(monkeypatch):
    """``serve_area("padang")`` serves another working area for one test; every reading of
    the area cached in this process is forgotten before and after."""
    from atlas.core import areas

    def use(code: str):
        monkeypatch.setenv("ATLAS_AREA", code)
        _forget_area()
        return areas.current()

    yield use
    monkeypatch.delenv("ATLAS_AREA", raising=False)
    _forget_area()


def _forget_area() -> None:
    from atlas.core import areas
    from atlas.store import queries
    from geo import boundaries, served

    areas.current.cache_clear()
    for cached in (boundaries._level, boundaries.extent, boundaries.geometry_mapping):
        cached.cache_clear()
    served._files.cache_clear()
    queries.forget_regions()
