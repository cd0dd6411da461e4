"""Engine, transactions and schema migrations."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from itertools import islice
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    Engine,
    LargeBinary,
    Select,
    String,
    bindparam,
    create_engine,
    event,
    func,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.sql.elements import ColumnElement

from atlas.core import config
from atlas.store.models import Base, Meta

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Dates and times that bulk_insert hands straight to the sqlite3 driver, stored as the text
# SQLAlchemy itself writes for Date/DateTime columns. Python 3.12 deprecated the driver's
# implicit adapters (one warning per value); these are the same conversions, made explicit.
sqlite3.register_adapter(date, date.isoformat)
sqlite3.register_adapter(datetime, lambda value: value.isoformat(" "))


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached or opened; the message says what to do."""


def _private_file(path: Path) -> None:
    """The SQLite file readable by its owner only (it holds password hashes, names and the
    audit log), as data/secret.key is. SQLite gives its -wal and -shm files the database
    file's mode when it creates them; ones already there are narrowed too."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if file.stat().st_mode & 0o077:
                file.chmod(0o600)
        except OSError:  # not there, or not ours to change: SQLite says so if it matters
            pass


def make_engine(url: str | None = None) -> Engine:
    url = url or config.database_url()
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            _private_file(Path(path))
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            # SQLite does not enforce foreign keys unless asked; WAL lets readers go on
            # while an import writes.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA cache_size=-65536")
            cur.close()

        return engine
    # hide_parameters: an error's message never quotes a row's values (names, NIK hashes).
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def on_commit(engine: Engine, callback) -> None:
    """``callback()`` after every commit made through ``engine``."""
    event.listen(engine, "commit", lambda _conn: callback())


def check_connection(engine: Engine) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        raise DatabaseUnavailable(
            f"Basis data tidak dapat dihubungi ({engine.url.render_as_string(hide_password=True)}). "
            "Periksa DATABASE_URL dan pastikan server basis data berjalan. "
            f"[{type(exc.orig).__name__}]"
        ) from exc


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction: committed when the block ends, rolled back on any error."""
    with engine.begin() as conn:
        yield conn


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration."""
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


@functools.cache
def code_heads() -> frozenset[str]:
    """The newest migrations this code knows. Read once per process: parsing every migration
    file took ~10 % of a map rerun's server time, and the code does not change under it."""
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory.from_config(alembic_config(None)).get_heads())


def schema_is_current(engine: Engine) -> bool:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    return current == code_heads()


def reset_sequences(conn: Connection, models) -> None:
    """After inserting explicit ids on PostgreSQL, move each id sequence past the maximum."""
    if conn.dialect.name != "postgresql":
        return
    for model in models:
        next_id = select(func.coalesce(func.max(model.id), 0) + 1).scalar_subquery()
        conn.execute(
            select(
                func.setval(func.pg_get_serial_sequence(model.__tablename__, "id"), next_id, False)
            )
        )


def lock(conn: Connection, *keys: str) -> None:
    """Hold named locks to the end of the transaction, taken first thing in it.

    PostgreSQL: one transaction-level advisory lock per key (64-bit key from the name), taken
    in the order given (callers use one order, so no two wait on each other). SQLite has no
    named locks: a write as the transaction's first statement takes the database's write lock,
    which serialises every such transaction (readers are never blocked under WAL).
    """
    if conn.dialect.name == "postgresql":
        import hashlib

        for key in keys:
            digest = hashlib.sha256(key.encode("utf-8", "replace")).digest()
            conn.execute(
                select(func.pg_advisory_xact_lock(int.from_bytes(digest[:8], "big", signed=True)))
            )
    else:
        conn.execute(
            Meta.__table__.update().where(Meta.key == "data_version").values(value=Meta.value)
        )


def get_meta(conn: Connection, key: str, default: str | None = None) -> str | None:
    value = conn.execute(select(Meta.value).where(Meta.key == key)).scalar()
    return default if value is None else value


def upsert(conn: Connection, model):
    """``INSERT … ON CONFLICT`` for the connection's engine (both dialects have it)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(model)


def values_select(conn: Connection, values: Iterable[str | int], type_=String) -> Select:
    """A one-column SELECT of ``values``, all in one bound parameter however many there are:
    ``unnest(array)`` on PostgreSQL, ``json_each(…)`` on SQLite. A 100.000-key lookup is one
    statement instead of a hundred IN lists of 900 bound parameters (SQLAlchemy spent more
    time expanding those than the database answering)."""
    values = list(values)
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        return select(func.unnest(bindparam(None, values, type_=ARRAY(type_))))
    each = func.json_each(bindparam(None, json.dumps(values), type_=String)).table_valued("value")
    return select(each.c.value)


def in_values(conn: Connection, column, values: Iterable[str | int]) -> ColumnElement:
    """``column IN (values)`` for any number of values (see ``values_select``)."""
    return column.in_(values_select(conn, values, column.type))


def set_meta(conn: Connection, key: str, value: str) -> None:
    stmt = upsert(conn, Meta).values(key=key, value=value)
    conn.execute(
        stmt.on_conflict_do_update(index_elements=[Meta.key], set_={"value": stmt.excluded.value})
    )


def bulk_insert(
    conn: Connection, model, rows: pd.DataFrame | list[dict], constants: dict | None = None
) -> None:
    """Insert many rows fast inside the caller's transaction; keys that are not columns of
    ``model`` are ignored, ``constants`` go into every row.

    PostgreSQL: ``COPY … FROM STDIN`` (CSV), about an order of magnitude faster than
    INSERTs. SQLite: the driver's ``executemany`` with plain tuples. Both statements are
    composed from the model's own table and column names, never from data.
    """
    constants = {k: v for k, v in (constants or {}).items() if k in model.__table__.c}
    if isinstance(rows, pd.DataFrame):
        if rows.empty:
            return
        keys = [
            c.name for c in model.__table__.c if c.name in rows.columns and c.name not in constants
        ]
        frame = rows[keys]
        # Python objects, None for missing: integers stay integers ("3", not "3.0").
        frame = frame.astype(object).where(frame.notna(), None)
        values = frame.itertuples(index=False, name=None)
    else:
        if not rows:
            return
        # Straight from the dicts (an import's rows): a frame in between cost more than the insert.
        keys = [c.name for c in model.__table__.c if c.name in rows[0] and c.name not in constants]
        values = (tuple(map(r.get, keys)) for r in rows)
    cols, tail = keys + list(constants), tuple(constants.values())
    dbapi = conn.dialect.loaded_dbapi
    try:
        _write(conn, model, cols, values, tail)
    except dbapi.Error as exc:
        # The driver's own error, raised outside SQLAlchemy: wrapped the way SQLAlchemy wraps
        # it (IntegrityError for a broken reference …) so callers catch one family of errors.
        raise DBAPIError.instance(
            f"bulk insert into {model.__tablename__}", None, exc, dbapi.Error
        ) from exc


def _write(conn: Connection, model, cols: list[str], values: Iterator[tuple], tail: tuple) -> None:
    raw = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        from psycopg import sql

        copy = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv)").format(
            sql.Identifier(model.__tablename__), sql.SQL(", ").join(map(sql.Identifier, cols))
        )
        # Bytes as bytea's hex text form (in COPY's CSV format a backslash is no escape).
        binary = [
            i for i, c in enumerate(cols) if isinstance(model.__table__.c[c].type, LargeBinary)
        ]
        with raw.cursor() as cur, cur.copy(copy) as out:
            for chunk in _chunks(values, tail):
                if binary:
                    chunk = [_hex(row, binary) for row in chunk]
                buf = io.StringIO()
                # None is an empty unquoted field: NULL in COPY's CSV format.
                csv.writer(buf, lineterminator="\n").writerows(chunk)
                out.write(buf.getvalue())
        return
    statement = str(
        model.__table__.insert().values({c: None for c in cols}).compile(dialect=conn.dialect)
    )
    cur = raw.cursor()
    for chunk in _chunks(values, tail):
        cur.executemany(statement, chunk)


def _hex(row: tuple, positions: list[int]) -> tuple:
    cells = list(row)
    for i in positions:
        if cells[i] is not None:
            cells[i] = "\\x" + cells[i].hex()
    return tuple(cells)


def _chunks(values: Iterator[tuple], tail: tuple, size: int = 100_000) -> Iterator[list[tuple]]:
    while chunk := [v + tail for v in islice(values, size)]:
        yield chunk


Source = Engine | Connection  # what a read takes: the engine, or a screen's snapshot


@contextmanager
def reading(source: Source) -> Iterator[Connection]:
    """A connection to read with: ``source`` itself when it is one (a screen's snapshot, so
    that a screen's every figure comes from one state over one connection), else a new one."""
    if isinstance(source, Connection):
        yield source
    else:
        with source.connect() as conn:
            yield conn


@contextmanager
def snapshot(engine: Source) -> Iterator[Connection]:
    """A read-only connection whose statements all see one committed state of the database,
    so that figures built from several queries never mix the states before and after an
    import that commits between them. Given a snapshot already, that one.

    PostgreSQL: a REPEATABLE READ transaction. SQLite (WAL): an explicit deferred BEGIN — the
    driver would otherwise run each SELECT in its own implicit snapshot.
    """
    if isinstance(engine, Connection):
        yield engine
    elif engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.execute(text("BEGIN"))
            try:
                yield conn
            finally:
                conn.rollback()
    else:
        with (
            engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn,
            conn.begin() as trans,
        ):
            yield conn
            trans.rollback()


def data_version(engine: Engine) -> str:
    """A token that changes with every committed write; caches are keyed on it."""
    with engine.connect() as conn:
        return get_meta(conn, "data_version", "0") or "0"


def bump_data_version(conn: Connection) -> None:
    current = int(get_meta(conn, "data_version", "0") or 0)
    set_meta(conn, "data_version", str(current + 1))


def frame(conn: Connection, stmt, columns: list[str]):
    """A statement's rows as a DataFrame with these column names, in the statement's order,
    built column by column: pandas builds one from SQLAlchemy's Row objects one cell at a
    time, probing each (22 s for 2,3 million rows of five integers, against 1,4 s)."""
    import pandas as pd

    rows = conn.execute(stmt).all()
    data = zip(*rows) if rows else ([] for _ in columns)
    return pd.DataFrame(
        {name: list(values) for name, values in zip(columns, data)}, columns=columns
    )


# Any fixed number: the advisory lock (PostgreSQL) that serialises imports, undos and the
# demo's removal.
WRITE_LOCK = 727_001


def lock_writes(conn: Connection) -> None:
    """Serialise writers (imports, undos, the demo's removal): taken first thing in their transaction, held to its end.

    PostgreSQL: a transaction-level advisory lock. SQLite: a write as the transaction's first
    statement takes the database's write lock at once (a later upgrade from a read could fail
    instead of waiting). Readers are never blocked (WAL / MVCC).
    """
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK)))
    else:
        conn.execute(update(Meta).where(Meta.key == "data_version").values(value=Meta.value))


__all__ = [
    "Base",
    "DatabaseUnavailable",
    "bump_data_version",
    "check_connection",
    "data_version",
    "frame",
    "get_meta",
    "lock_writes",
    "make_engine",
    "reset_sequences",
    "schema_is_current",
    "set_meta",
    "transaction",
    "upgrade",
]
