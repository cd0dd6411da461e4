"""Enterprise histories as cells: enterprises counted by facilitator, start month and
graduation month — what the impact page's curves and event study are computed from.

The cells do not depend on the as-of date (``atlas.impact.prepare`` applies it), so they can
be kept: ``agg_history`` holds them per facilitator and regency, packed as one blob per row
(``unpack`` reads them), rebuilt with the other summary tables (``fill``) and kept current by
imports and undos (``counted`` before and after the change, ``add``). Selections the
summary cannot answer (sector, status, a district) are counted from the raw table with the
same ``cells_select``, so both ways give the same cells.

Months are indices, year × 12 + month − 1; −1 stands for none. A cell's ``start`` is −1 when
the enterprise has no start date, or was marked graduated without a date: such enterprises
count for the map's figures (``n``, ``graduated``) but not for the analysis. ``graduation``
is the month of graduation of a graduated enterprise with a start, else −1.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection

import numpy as np
import pandas as pd
from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    case,
    cast,
    delete,
    extract,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection

from atlas import db
from atlas.models import AggHistory, Enterprise

COLUMNS = ["facilitator", "start", "graduation", "n", "graduated"]
_CELL = np.dtype("<i4")  # start, graduation, n, graduated: little-endian whatever the machine
_FIELDS = 4


def _month(col):
    """A date's month index in SQL (both engines: SQLite compiles EXTRACT to strftime).
    As an integer: PostgreSQL's EXTRACT gives numeric, read as 2 million Decimals."""
    return cast(extract("year", col), Integer) * 12 + cast(extract("month", col), Integer) - 1


def _each(conds: list, source=Enterprise.__table__):
    """One row per enterprise of ``source`` (``enterprise`` or a table with its columns)
    matching ``conds``: its cell keys and graduated flag."""
    e = source.c
    usable = and_(
        e.start_date.is_not(None),
        or_(e.graduated.is_(False), e.graduation_date.is_not(None)),
    )
    return (
        select(
            e.regency_code.label("regency"),
            func.coalesce(e.facilitator_id, -1).label("facilitator"),
            case((usable, _month(e.start_date)), else_=-1).label("start"),
            case((and_(usable, e.graduated.is_(True)), _month(e.graduation_date)), else_=-1).label(
                "graduation"
            ),
            case((e.graduated.is_(True), 1), else_=0).label("flag"),
        )
        .select_from(source)
        .where(*conds)
        # Grouped over a subquery: PostgreSQL does not see two renderings of one expression
        # with its own parameters as the same grouping key.
        .subquery("each")
    )


def _counted(each, *keys):
    """``each`` grouped by ``keys`` and its cell keys: the keys, enterprises, graduated."""
    keys = (*keys, each.c.facilitator, each.c.start, each.c.graduation)
    return select(*keys, func.count(), func.sum(each.c.flag)).group_by(*keys)


def cells_select(conds: list):
    """The cells of the enterprises matching ``conds`` (raw-table conditions), across
    regencies: ``COLUMNS``."""
    return _counted(_each(conds))


def raw_cells(conn: Connection, conds: list) -> pd.DataFrame:
    return db.frame(conn, cells_select(conds), COLUMNS)


def summary_cells(conn: Connection, conds: list) -> pd.DataFrame:
    """The cells of the ``agg_history`` rows matching ``conds`` (conditions on that table)."""
    rows = conn.execute(select(AggHistory.facilitator_id, AggHistory.cells).where(*conds)).all()
    return unpack([(f, bytes(b)) for f, b in rows])


def unpack(rows: list[tuple[int, bytes]]) -> pd.DataFrame:
    """(facilitator, blob) rows as one frame of ``COLUMNS``."""
    if not rows:
        return pd.DataFrame({c: np.zeros(0, dtype=np.int64) for c in COLUMNS})
    blobs = [b for _, b in rows]
    values = np.frombuffer(b"".join(blobs), dtype=_CELL).reshape(-1, _FIELDS).astype(np.int64)
    sizes = np.fromiter((len(b) // (_CELL.itemsize * _FIELDS) for b in blobs), np.int64)
    facilitators = np.fromiter((f for f, _ in rows), np.int64, count=len(rows))
    return pd.DataFrame(
        {
            "facilitator": np.repeat(facilitators, sizes),
            "start": values[:, 0],
            "graduation": values[:, 1],
            "n": values[:, 2],
            "graduated": values[:, 3],
        }
    )


# Rows of the grouping read at a time: a full rebuild at 5 million enterprises groups them
# into 2,5 million cells, which read at once took the process to 1,5 GB.
CHUNK = 200_000


def fill(conn: Connection, regencies: Collection[str] | None = None) -> None:
    """Write the ``agg_history`` rows of ``regencies`` (all when None), in the caller's
    transaction, after ``aggregates.refresh`` deleted them: the database groups, numpy packs
    one blob per facilitator and regency (its cells in key order, so that a rebuild gives
    the same bytes). The grouping is read ``CHUNK`` rows at a time; a facilitator's cells cut
    by a chunk's end wait for the next chunk."""
    only = [] if regencies is None else [Enterprise.regency_code.in_(sorted(regencies))]
    each = _each(only)
    stmt = _counted(each, each.c.regency)
    stmt = stmt.order_by(*stmt.selected_columns[:4])
    # On the statement: on the connection, the option would stay for the inserts too.
    result = conn.execute(stmt.execution_options(yield_per=CHUNK))
    carried: list = []
    for part in result.partitions():
        rows = carried + list(part)
        # The last facilitator's cells may go on in the next chunk: keep them for it.
        cut = len(rows)
        while cut and tuple(rows[cut - 1][:2]) == tuple(rows[-1][:2]):
            cut -= 1
        _insert(conn, rows[:cut])
        carried = rows[cut:]
    _insert(conn, carried)


_KEY = ["regency", "facilitator", "start", "graduation"]


def counted(conn: Connection, source) -> pd.DataFrame:
    """The cells of the enterprises of ``source`` (a table with ``enterprise``'s columns:
    the rows of a change), per regency: a change's contribution to ``agg_history``
    (``add``)."""
    each = _each([], source)
    frame = db.frame(conn, _counted(each, each.c.regency), [*_KEY, "n", "graduated"])
    return frame.astype({"facilitator": "int64", "n": "int64", "graduated": "int64"})


# Facilitators whose blobs are read and rewritten at a time: an import touching most of the
# 50.000 facilitators of a 5-million database held 2,5 million cells at once (1 GB peak).
ADD_CHUNK = 5_000


def add(conn: Connection, deltas: list[pd.DataFrame]) -> None:
    """Add signed cells (``counted`` before and after a change) to the ``agg_history`` rows
    they belong to: read those rows, add, write back the ones that changed (their cells in
    key order, as ``fill`` writes them), ``ADD_CHUNK`` facilitators at a time. Only the
    facilitators and regencies of the change are read: an import that touches most
    facilitators of a large database reads and rewrites most blobs, hence numpy throughout
    (pandas took 9 s at 5 million)."""
    deltas = [d for d in deltas if not d.empty]
    if not deltas:
        return
    delta = pd.concat(deltas, ignore_index=True).sort_values("facilitator", kind="stable")
    facilitators = delta.facilitator.to_numpy()
    wanted = np.unique(facilitators)
    for i in range(0, len(wanted), ADD_CHUNK):
        chunk = wanted[i : i + ADD_CHUNK]
        a = np.searchsorted(facilitators, chunk[0], side="left")
        b = np.searchsorted(facilitators, chunk[-1], side="right")
        _add_part(conn, delta.iloc[a:b], [int(f) for f in chunk])


def _add_part(conn: Connection, delta: pd.DataFrame, wanted: list[int]) -> None:
    """``add`` for the cells of the facilitators ``wanted``."""
    pair_of: dict[tuple[str, int], int] = {}
    index = np.fromiter(
        (
            pair_of.setdefault((r, f), len(pair_of))
            for r, f in zip(delta.regency.tolist(), delta.facilitator.tolist())
        ),
        np.int64,
        count=len(delta),
    )
    fields = ["start", "graduation", "n", "graduated"]
    parts = [np.c_[index, delta[fields].to_numpy(np.int64)]]
    stored, blobs = [], []
    for r, f, b in conn.execute(
        select(AggHistory.regency_code, AggHistory.facilitator_id, AggHistory.cells).where(
            db.in_values(conn, AggHistory.facilitator_id, wanted)
        )
    ):
        i = pair_of.get((r, f))
        if i is not None:
            stored.append(i)
            blobs.append(bytes(b))
    if blobs:
        old = np.frombuffer(b"".join(blobs), dtype=_CELL).reshape(-1, _FIELDS).astype(np.int64)
        sizes = [len(b) // (_CELL.itemsize * _FIELDS) for b in blobs]
        parts.append(np.c_[np.repeat(np.array(stored, dtype=np.int64), sizes), old])
    cells = np.concatenate(parts)
    # Sorted by pair, start, graduation — as one integer when they fit in 63 bits (always,
    # for dates before the year 10000 and fewer than 8 million pairs): a third of lexsort's
    # time on 2,5 million cells.
    bits = (int(cells[:, 1:3].max()) + 2).bit_length()
    if len(pair_of).bit_length() + 2 * bits <= 63:
        key = (cells[:, 0] << 2 * bits) | ((cells[:, 1] + 1) << bits) | (cells[:, 2] + 1)
        cells = cells[np.argsort(key, kind="stable")]
    else:
        cells = cells[np.lexsort((cells[:, 2], cells[:, 1], cells[:, 0]))]
    first = np.flatnonzero(np.r_[True, (cells[1:, :3] != cells[:-1, :3]).any(axis=1)])
    keys, sums = cells[first, :3], np.add.reduceat(cells[:, 3:], first, axis=0)
    kept = sums[:, 0] != 0
    keys, sums = keys[kept], sums[kept]
    packed = np.c_[keys[:, 1:], sums].astype(_CELL)
    bounds = np.searchsorted(keys[:, 0], np.arange(len(pair_of) + 1))
    was = set(stored)
    updates, inserts, deletes = [], [], []
    for i, (r, f) in enumerate(pair_of):
        a, b = bounds[i], bounds[i + 1]
        if a == b:
            if i in was:
                deletes.append({"_r": r, "_f": f})
        elif i in was:
            updates.append({"_r": r, "_f": f, "_c": packed[a:b].tobytes()})
        else:
            inserts.append(
                {
                    "regency_code": r,
                    "facilitator_id": f,
                    "province_code": r[:2],
                    "cells": packed[a:b].tobytes(),
                }
            )
    key = (
        AggHistory.regency_code == bindparam("_r"),
        AggHistory.facilitator_id == bindparam("_f"),
    )
    if deletes:
        conn.execute(delete(AggHistory).where(*key), deletes)
    if updates:
        conn.execute(update(AggHistory).where(*key).values(cells=bindparam("_c")), updates)
    if inserts:
        conn.execute(insert(AggHistory), inserts)


def _insert(conn: Connection, rows: list) -> None:
    """One ``agg_history`` row per (regency, facilitator) of ``rows`` (grouped rows in key
    order: regency, facilitator, start, graduation, enterprises, graduated)."""
    if not rows:
        return
    regency = np.array([r[0] for r in rows], dtype=object)
    facilitator = np.array([r[1] for r in rows], dtype=np.int64)
    values = np.array([tuple(r[2:]) for r in rows], dtype=np.int64).astype(_CELL)
    change = (regency[1:] != regency[:-1]) | (facilitator[1:] != facilitator[:-1])
    bounds = np.flatnonzero(np.r_[True, change, True])
    conn.execute(
        insert(AggHistory),
        [
            {
                "regency_code": regency[a],
                "facilitator_id": int(facilitator[a]),
                "province_code": regency[a][:2],
                "cells": values[a:b].tobytes(),
            }
            for a, b in itertools.pairwise(bounds)
        ],
    )
