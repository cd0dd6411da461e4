"""Alembic environment: the engine comes from atlas.store.db (or DATABASE_URL for the CLI)."""

from alembic import context

from atlas.store.models import Base

config = context.config


def run_migrations() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        from atlas.store.db import make_engine

        engine = make_engine()
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            # SQLite cannot ALTER most things in place; batch mode copies the table.
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
