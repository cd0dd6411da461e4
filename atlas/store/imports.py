"""The statements of an import and its undo: what a file's rows are compared with, the run and
its rows written with their undo records, the run's rows restored.

The rules (which kind of row goes where, what is a change, who may undo) are
``atlas.ingest.importer``'s and its spreadsheet kinds' (``atlas.ingest.kinds``); it calls
these inside its own transactions. Tables are named as the kinds name them (``facilitator``,
``batch``, ``training``, ``enterprise``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime

import pandas as pd
from sqlalchemy import delete, func, insert, literal, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from atlas.core import areas
from atlas.store import aggregates, db
from atlas.store.models import (
    Batch,
    Enterprise,
    Facilitator,
    ImportChange,
    ImportRun,
    Region,
    RegionAlias,
    Training,
    Wave,
)

MODELS = {m.__tablename__: m for m in (Facilitator, Batch, Training, Enterprise)}
Conflict = IntegrityError  # a row referred to was removed meanwhile, or a row is referred to


class UndoRefused(RuntimeError):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


# ---- what a file is checked and compared against ----------------------------------------


def regions(conn: Connection) -> tuple[pd.DataFrame, dict[str, str]]:
    """The area's regions (code, name, level, parent_code, kind), and the confirmed
    spellings (a database may also hold another area's regions)."""
    cols = [Region.code, Region.name, Region.level, Region.parent_code, Region.kind]
    served = func.substr(Region.code, 1, 2).in_(areas.current().provinces)
    rows = conn.execute(select(*cols).where(served)).all()
    found = pd.DataFrame(rows, columns=[c.key for c in cols])
    aliases = dict(conn.execute(select(RegionAlias.alias_key, RegionAlias.code)).all())
    return found, aliases


def province_codes(conn: Connection) -> set[str]:
    served = Region.code.in_(areas.current().provinces)
    query = select(Region.code).where(Region.level == "province", served)
    return set(conn.execute(query).scalars())


def facilitator_ids(conn: Connection, official_ids: set[str]) -> dict[str, int]:
    """The facilitators' row ids by their official ids (those that exist)."""
    return _of_facilitators(conn, official_ids, Facilitator.id)


def facilitator_regencies(conn: Connection, official_ids: set[str]) -> dict[str, str]:
    """The facilitators' regency codes by their official ids (those that exist)."""
    return _of_facilitators(conn, official_ids, Facilitator.regency_code)


def _of_facilitators(conn: Connection, official_ids: set[str], column) -> dict:
    if not official_ids:
        return {}
    query = select(Facilitator.official_id, column)
    found = conn.execute(query.where(db.in_values(conn, Facilitator.official_id, official_ids)))
    return dict(found.all())


def batches(conn: Connection) -> dict[int, tuple[int, int]]:
    """Every batch's (row id, wave) by its number."""
    query = select(Batch.number, Batch.id, Batch.wave_number)
    return {n: (bid, w) for n, bid, w in conn.execute(query)}


def committed_run(conn: Connection, sha256: str, kind: str) -> int | None:
    """The committed run of the same file (its content's hash) of the same kind, if any."""
    query = select(ImportRun.id).where(
        ImportRun.sha256 == sha256, ImportRun.kind == kind, ImportRun.status == "committed"
    )
    return conn.execute(query).scalar()


def existing(conn: Connection, table: str, key: tuple[str, ...], rows: list[dict]) -> dict:
    """The stored version of each row (its id, run and the columns the rows have), by the
    natural ``key``, in one statement."""
    if not rows:
        return {}
    model = MODELS[table]
    cols = [c for c in rows[0] if c != "_row"]
    # Two-part keys (participants): the first part narrows, the dict lookup decides.
    first = {r[key[0]] for r in rows}
    stmt = select(model.id, model.import_run_id, *[getattr(model, c) for c in cols]).where(
        db.in_values(conn, getattr(model, key[0]), first)
    )
    return {tuple(row[k] for k in key): dict(row) for row in conn.execute(stmt).mappings()}


def runs_not_of(conn: Connection, runs: set[int], username: str) -> set[int]:
    """Those of ``runs`` that someone other than ``username`` committed."""
    if not runs:
        return set()
    query = select(ImportRun.id).where(
        db.in_values(conn, ImportRun.id, runs), ImportRun.user_name != username
    )
    return set(conn.execute(query).scalars())


# ---- a commit ---------------------------------------------------------------------------


def add_run(conn: Connection, **values: object) -> int:
    return conn.execute(insert(ImportRun).values(**values).returning(ImportRun.id)).scalar_one()


def insert_rows(conn: Connection, table: str, rows: list[dict], run_id: int) -> None:
    """The run's new rows (COPY on PostgreSQL), and their undo records, written by the
    database itself: called before any update of the run, its rows are exactly the new ones."""
    model = MODELS[table]
    db.bulk_insert(conn, model, rows, constants={"import_run_id": run_id})
    conn.execute(
        insert(ImportChange).from_select(
            ["run_id", "table_name", "row_id", "action"],
            select(literal(run_id), literal(table), model.id, literal("insert")).where(
                model.import_run_id == run_id
            ),
        )
    )


def update_rows(conn: Connection, table: str, changed: list[tuple[dict, dict]], run_id: int):
    """Each (new version, stored version) pair: the row updated, what it was kept for undo."""
    model = MODELS[table]
    for r, old in changed:
        values = {k: v for k, v in r.items() if k != "_row"} | {"import_run_id": run_id}
        before = {k: old[k] for k in values if k in old}
        conn.execute(update(model).where(model.id == old["id"]).values(**values))
        conn.execute(
            insert(ImportChange).values(
                run_id=run_id,
                table_name=table,
                row_id=old["id"],
                action="update",
                before=_jsonable(before),
            )
        )


def _jsonable(d: dict) -> str:
    return json.dumps(
        {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in d.items()}
    )


def confirm_spellings(conn: Connection, spellings: Iterable[tuple[str, str]], user: str, now):
    """(alias key, region code) pairs a person confirmed; the first confirmation stays."""
    for alias_key, code in spellings:
        conn.execute(
            db.upsert(conn, RegionAlias)
            .values(alias_key=alias_key, code=code, confirmed_by=user, created_at=now)
            .on_conflict_do_nothing(index_elements=[RegionAlias.alias_key])
        )


def refresh_waves(conn: Connection) -> None:
    """Waves exist for every batch's wave, with dates spanning their batches."""
    spans = conn.execute(
        select(Batch.wave_number, func.min(Batch.start_date), func.max(Batch.end_date)).group_by(
            Batch.wave_number
        )
    ).all()
    known = set(conn.execute(select(Wave.number)).scalars())
    for number, start, end in spans:
        if number in known:
            conn.execute(
                update(Wave).where(Wave.number == number).values(start_date=start, end_date=end)
            )
        else:
            conn.execute(insert(Wave).values(number=number, start_date=start, end_date=end))


# What a kind's commit (or undo) does after its rows are written, by the name a kind gives.
AFTER_COMMIT: dict[str, Callable[[Connection], None]] = {"waves": refresh_waves}


def delta_before(
    conn: Connection, table: str, ids: list[int], more_facilitators: list[int]
) -> tuple[aggregates.Delta, list[int] | None]:
    """The summaries' delta with the rows about to change (``ids`` of ``table``) subtracted.
    For a facilitator, training or batch change: also the facilitators it concerns, whose
    rows are counted again after the change (None for enterprises: their new versions are
    the run's rows)."""
    delta = aggregates.Delta(table)
    if table == "enterprise":
        delta.minus(conn, enterprises=ids)
        return delta, None
    facilitators = sorted(
        set(aggregates.facilitators_of(conn, table, ids)) | set(more_facilitators)
    )
    delta.minus(conn, facilitators=facilitators)
    return delta, facilitators


def delta_after(conn: Connection, delta, table: str, run_id: int, facilitators) -> None:
    """The summaries' delta completed with the run's rows, and applied."""
    model = MODELS[table]
    written = select(model.id).where(model.import_run_id == run_id)
    if facilitators is None:
        delta.plus(conn, enterprises=written)
    else:
        # Plus the facilitators the run added (none of them counted anywhere before).
        ids = list(conn.execute(written).scalars())
        more = aggregates.facilitators_of(conn, table, ids)
        delta.plus(conn, facilitators=sorted(set(facilitators) | set(more)))
    delta.apply(conn)


# ---- history and undo -------------------------------------------------------------------


def runs(conn: Connection) -> list:
    """Every run, newest first, without its file and error report."""
    cols = [
        ImportRun.id,
        ImportRun.created_at,
        ImportRun.user_name,
        ImportRun.kind,
        ImportRun.file_name,
        ImportRun.status,
        ImportRun.inserted,
        ImportRun.updated,
        ImportRun.unchanged,
        ImportRun.rejected,
        ImportRun.corrections,
    ]
    return conn.execute(select(*cols).order_by(ImportRun.id.desc())).all()


def run(conn: Connection, run_id: int) -> dict | None:
    row = conn.execute(select(ImportRun).where(ImportRun.id == run_id)).mappings().first()
    return dict(row) if row else None


def undo_counts(conn: Connection, run_id: int) -> dict[str, int]:
    """The run's undo records by action (insert, update)."""
    query = select(ImportChange.action, func.count()).where(ImportChange.run_id == run_id)
    return dict(conn.execute(query.group_by(ImportChange.action)).all())


def undo_rows(conn: Connection, run_id: int, after: Callable[[Connection], None]) -> None:
    """Put back what run ``run_id`` changed: its new rows deleted, its updated rows restored,
    the summaries counted again, ``after(conn)`` (the kind's after-commit effect), the run
    marked undone. ``UndoRefused`` when a later run changed the same rows or refers to rows
    it added."""
    changes = (
        conn.execute(
            select(ImportChange)
            .where(ImportChange.run_id == run_id)
            .order_by(ImportChange.id.desc())
        )
        .mappings()
        .all()
    )
    table = changes[0]["table_name"] if changes else "facilitator"
    by_table: dict[str, list[int]] = {}
    for ch in changes:
        by_table.setdefault(ch["table_name"], []).append(ch["row_id"])
    _refuse_if_changed_later(conn, run_id, by_table)
    delta, facilitators = delta_before(conn, table, [ch["row_id"] for ch in changes], [])
    try:
        with conn.begin_nested():
            _restore(conn, changes, by_table)
    except IntegrityError:
        raise UndoRefused("undo.referenced", run=run_id) from None
    conn.execute(update(ImportRun).where(ImportRun.id == run_id).values(status="undone"))
    after(conn)
    if facilitators is None:
        delta.plus(conn, enterprises=[ch["row_id"] for ch in changes if ch["action"] != "insert"])
    else:
        delta.plus(conn, facilitators=facilitators)
    delta.apply(conn)


def _refuse_if_changed_later(conn: Connection, run_id: int, by_table: dict[str, list[int]]):
    # Each table's rows read in one statement: one per row took 15 s for a 100.000-row run
    # at 5 million enterprises.
    for table, ids in by_table.items():
        model = MODELS[table]
        query = select(model.id, model.import_run_id).where(db.in_values(conn, model.id, ids))
        current = dict(conn.execute(query).all())
        for row_id in ids:
            if current.get(row_id) != run_id:
                raise UndoRefused("undo.later_run", run=run_id, later=current.get(row_id))


def _restore(conn: Connection, changes: list, by_table: dict[str, list[int]]) -> None:
    for table in by_table:
        model = MODELS[table]
        added = [
            ch["row_id"] for ch in changes if ch["table_name"] == table and ch["action"] == "insert"
        ]
        if added:
            conn.execute(delete(model).where(db.in_values(conn, model.id, added)))
    for ch in changes:
        if ch["action"] == "insert":
            continue
        model = MODELS[ch["table_name"]]
        before = json.loads(ch["before"])
        for k, v in before.items():
            if v is not None and model.__table__.c[k].type.python_type is date:
                before[k] = date.fromisoformat(v)
        conn.execute(update(model).where(model.id == ch["row_id"]).values(**before))
