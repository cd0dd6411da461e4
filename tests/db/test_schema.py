"""Migrations build exactly the models' schema, on both engines."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert

from atlas.store import db, demo
from atlas.store.models import Base, ImportRun


def test_migrations_match_the_models(empty_engine):
    db.upgrade(empty_engine)
    assert db.schema_is_current(empty_engine)
    with empty_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_upgrade_twice_is_harmless(empty_engine):
    db.upgrade(empty_engine)
    db.upgrade(empty_engine)
    assert db.schema_is_current(empty_engine)


def test_data_version_changes_with_every_refresh(engine):
    from atlas.store import aggregates

    before = db.data_version(engine)
    with engine.begin() as conn:
        aggregates.refresh(conn)
    assert db.data_version(engine) != before


def test_demo_refuses_to_replace_imported_data(engine):
    from datetime import datetime

    with engine.begin() as conn:
        conn.execute(
            insert(ImportRun).values(
                kind="roster",
                file_name="roster.xlsx",
                sha256="x",
                user_name="operator",
                created_at=datetime.now(),
                status="committed",
            )
        )
    with pytest.raises(demo.RealDataPresent):
        demo.load(engine, scale=0.01)


def test_unreachable_database_gives_a_clear_message():
    engine = db.make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(db.DatabaseUnavailable, match="DATABASE_URL"):
        db.check_connection(engine)
