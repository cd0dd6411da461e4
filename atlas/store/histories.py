"""Enterprise histories as cells: enterprises counted by facilitator, start month and
graduation month — what the impact page's curves and event study are computed from.

The cells do not depend on the as-of date (``atlas.analysis.impact.prepare`` applies it), so they can
be kept: ``agg_history`` holds them per facilitator and regency (and part: ``add``), packed
as one blob per row (``unpack`` reads them), rebuilt with the other summary tables (``fill``)
and kept current by imports and undos (``counted`` before and after the change, ``add``,
``merge``). Selections the
summary cannot answer (sector, status, a district) are counted from the raw table with the
same ``cells_select``, so both ways give the same cells.

Months are indices, year × 12 + month − 1; −1 stands for none. A cell's ``start`` is −1 when
the enterprise has no start date, or was marked graduated without a date: such enterprises
count for the map's figures (``n``, ``graduated``) but not for the analysis. ``graduation``
is the month of graduation of a graduated enterprise with a start, else −1.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import (
    Integer,
    and_,
    case,
    cast,
    delete,
    extract,
    func,
    or_,
    select,
)
from sqlalchemy.engine import Connection

from atlas.core.filters import Filter
from atlas.core.regions import level_of
from atlas.store import conditions, db
from atlas.store.models import AggHistory, Enterprise

COLUMNS = ["facilitator", "start", "graduation", "n", "graduated"]
_CELL = np.dtype("<i4")  # start, graduation, n, graduated: little-endian whatever the machine
_FIELDS = 4


def month_index(day: date) -> int:
    """A date's month as an index: year × 12 + month − 1."""
    return day.year * 12 + day.month - 1


def year_of(col):
    """A date's year in SQL (both engines: SQLite compiles EXTRACT to strftime). As an
    integer: PostgreSQL's EXTRACT gives numeric, read as 2 million Decimals."""
    return cast(extract("year", col), Integer)


def month_of(col):
    """A date's month index in SQL (``year_of`` × 12 + month − 1)."""
    return year_of(col) * 12 + cast(extract("month", col), Integer) - 1


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
            case((usable, month_of(e.start_date)), else_=-1).label("start"),
            case(
                (and_(usable, e.graduated.is_(True)), month_of(e.graduation_date)), else_=-1
            ).label("graduation"),
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
    """The cells of the ``agg_history`` rows matching ``conds`` (conditions on that table).
    A facilitator's cells can repeat a key — one row per regency, and per part (``add``) —
    which every use sums, as it sums the enterprises of a cell."""
    rows = conn.execute(select(AggHistory.facilitator_id, AggHistory.cells).where(*conds)).all()
    return unpack([(f, bytes(b)) for f, b in rows])


def unpack(rows: list[tuple[int, bytes]]) -> pd.DataFrame:
    """(facilitator, blob) rows as one frame of ``COLUMNS``."""
    if not rows:
        return pd.DataFrame({c: np.zeros(0, dtype=np.int64) for c in COLUMNS})
    values, sizes = _cells_of([b for _, b in rows])
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


def _pairs(regencies, facilitators) -> tuple[dict[tuple[str, int], int], np.ndarray]:
    """Each distinct (regency, facilitator) numbered in order of appearance, and the number
    of each of the given ones."""
    pair_of: dict[tuple[str, int], int] = {}
    index = np.fromiter(
        (pair_of.setdefault((r, int(f)), len(pair_of)) for r, f in zip(regencies, facilitators)),
        np.int64,
        count=len(regencies),
    )
    return pair_of, index


def _cells_of(blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """The cells of ``blobs`` as one int64 array of rows, and how many each blob holds."""
    values = np.frombuffer(b"".join(blobs), dtype=_CELL).reshape(-1, _FIELDS).astype(np.int64)
    sizes = np.fromiter(
        (len(b) // (_CELL.itemsize * _FIELDS) for b in blobs), np.int64, count=len(blobs)
    )
    return values, sizes


def _summed(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows (pair, start, graduation, n, graduated) summed per (pair, start, graduation),
    in that order, without the cells that sum to nothing: (keys, sums)."""
    if not len(cells):
        return cells[:, :3], cells[:, 3:]
    # Sorted as one integer when the three fit in 63 bits (always, for dates before the year
    # 10000 and fewer than 8 million pairs): a third of lexsort's time on 2,5 million cells.
    bits = (int(cells[:, 1:3].max()) + 2).bit_length()
    if (int(cells[:, 0].max()) + 1).bit_length() + 2 * bits <= 63:
        key = (cells[:, 0] << 2 * bits) | ((cells[:, 1] + 1) << bits) | (cells[:, 2] + 1)
        cells = cells[np.argsort(key, kind="stable")]
    else:
        cells = cells[np.lexsort((cells[:, 2], cells[:, 1], cells[:, 0]))]
    first = np.flatnonzero(np.r_[True, (cells[1:, :3] != cells[:-1, :3]).any(axis=1)])
    keys, sums = cells[first, :3], np.add.reduceat(cells[:, 3:], first, axis=0)
    # A part's cell can count no enterprise and yet a graduation (one marked graduated
    # without a date): only a cell where both are zero is nothing.
    kept = (sums != 0).any(axis=1)
    return keys[kept], sums[kept]


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


# A change that adds enterprises writes their cells to agg_history as parts of their own —
# one new row per regency and facilitator it touches — rather than reading each touched
# row, adding and writing it back: a 100.000-row file touches most of the 50.000
# facilitators, whose rows at 5 million enterprises are 70 MB of blobs (1 s to read and
# rewrite, another to commit). Readers sum the parts as they sum a facilitator's regencies
# (no merge on reading: the impact page reads at the same speed); a row with more than
# MAX_PARTS parts is merged back into one.
MAX_PARTS = 8
# Facilitators whose parts are merged at a time (memory: a merge of most facilitators of a
# 5-million database would hold 2,5 million cells at once).
ADD_CHUNK = 5_000


def add(conn: Connection, deltas: list[pd.DataFrame]) -> None:
    """Add signed cells (``counted`` before and after a change) to ``agg_history``, summed
    per regency and facilitator. A row whose delta only adds enterprises gets it as a new
    part (cells in key order, as ``fill`` writes them); a row whose delta removes any (a
    cell at or below zero) is merged with its delta at once, so that every part read holds
    real enterprises only. Then the touched rows with too many parts are merged."""
    deltas = [d for d in deltas if not d.empty]
    if not deltas:
        return
    delta = pd.concat(deltas, ignore_index=True)
    pairs, index = _pairs(delta.regency.tolist(), delta.facilitator.tolist())
    fields = ["start", "graduation", "n", "graduated"]
    keys, sums = _summed(np.c_[index, delta[fields].to_numpy(np.int64)])
    n, graduated = sums[:, 0], sums[:, 1]
    removing = np.isin(keys[:, 0], keys[(n <= 0) | (graduated < 0) | (graduated > n), 0])
    part = conn.execute(select(func.coalesce(func.max(AggHistory.part), 0) + 1)).scalar_one()
    pair_list = list(pairs)
    _write(conn, pair_list, keys[~removing], sums[~removing], part)
    if removing.any():
        cells = np.c_[keys[removing], sums[removing]]
        owners = np.fromiter((f for _, f in pair_list), np.int64, count=len(pair_list))
        owner = owners[cells[:, 0]]
        mine = np.unique(owner)
        for i in range(0, len(mine), ADD_CHUNK):
            wanted = np.isin(owner, mine[i : i + ADD_CHUNK])
            extra = ([pair_list[p] for p in cells[wanted, 0]], cells[wanted, 1:])
            merge(conn, mine[i : i + ADD_CHUNK].tolist(), extra)
    _merge_crowded(conn, sorted({f for _, f in pairs}))


def _write(conn: Connection, pairs: list, keys: np.ndarray, sums: np.ndarray, part: int) -> None:
    """One ``agg_history`` row of ``part`` per pair that has cells (``keys``/``sums`` as
    ``_summed`` gives them, pairs numbered as in ``pairs``)."""
    packed = np.c_[keys[:, 1:], sums].astype(_CELL)
    bounds = np.searchsorted(keys[:, 0], np.arange(len(pairs) + 1))
    rows = [
        {
            "regency_code": r,
            "facilitator_id": f,
            "part": part,
            "province_code": r[:2],
            "cells": packed[a:b].tobytes(),
        }
        for (r, f), a, b in zip(pairs, bounds[:-1], bounds[1:])
        if a < b
    ]
    db.bulk_insert(conn, AggHistory, rows)  # COPY on PostgreSQL


def _merge_crowded(conn: Connection, facilitators: list[int]) -> None:
    """Merge the parts of the rows of ``facilitators`` that have more than MAX_PARTS."""
    h = AggHistory
    crowded = sorted(
        {
            f
            for (f,) in conn.execute(
                select(h.facilitator_id)
                .where(db.in_values(conn, h.facilitator_id, facilitators))
                .group_by(h.regency_code, h.facilitator_id)
                .having(func.count() > MAX_PARTS)
            )
        }
    )
    for i in range(0, len(crowded), ADD_CHUNK):
        merge(conn, crowded[i : i + ADD_CHUNK])


def merge(conn: Connection, facilitators: list[int], extra: tuple | None = None) -> None:
    """Every ``agg_history`` row of ``facilitators`` as one part (part 0), its cells summed
    — with ``extra`` cells added: (their (regency, facilitator) pairs, their rows of start,
    graduation, n, graduated)."""
    h = AggHistory
    mine = db.in_values(conn, h.facilitator_id, facilitators)
    rows = [
        (r, f, bytes(b))
        for r, f, b in conn.execute(select(h.regency_code, h.facilitator_id, h.cells).where(mine))
    ]
    owned, added = extra or ([], np.zeros((0, _FIELDS), np.int64))
    if not rows and not owned:
        return
    regencies = [r for r, _, _ in rows] + [r for r, _ in owned]
    owners = [f for _, f, _ in rows] + [f for _, f in owned]
    pairs, index = _pairs(regencies, owners)
    values, sizes = _cells_of([b for _, _, b in rows])
    cells = np.c_[
        np.r_[np.repeat(index[: len(rows)], sizes), index[len(rows) :]],
        np.concatenate([values, added]),
    ]
    keys, sums = _summed(cells)
    conn.execute(delete(h).where(mine))
    _write(conn, list(pairs), keys, sums, 0)


def _insert(conn: Connection, rows: list) -> None:
    """One ``agg_history`` row per (regency, facilitator) of ``rows`` (grouped rows in key
    order: regency, facilitator, start, graduation, enterprises, graduated)."""
    if not rows:
        return
    pairs, index = _pairs([r[0] for r in rows], [r[1] for r in rows])
    values = np.array([tuple(r[2:]) for r in rows], dtype=np.int64)
    _write(conn, list(pairs), np.c_[index, values[:, :2]], values[:, 2:], 0)


def selection(source: db.Source, f: Filter, region: str | None = None):
    """(the selection's cells, and each facilitator's current batch as facilitator, wave,
    status, end), from one snapshot: filtered as the map filters its enterprise figures
    (province of the enterprise; wave and batch of the facilitator's current batch; sector
    and status of the enterprise), within ``region`` when given."""
    fb = conditions.facilitator_batch()
    people = select(fb.c.facilitator_id, fb.c.wave_number, fb.c.status, fb.c.end_date)
    with db.snapshot(source) as conn:
        found = selection_cells(conn, f, region)
        facs = db.frame(conn, people, ["facilitator", "wave", "status", "end"])
    return found, facs


def selection_cells(conn: Connection, f: Filter, region: str | None = None, raw: bool = False):
    """The selection's cells, from the summary ``agg_history`` unless a sector, status or
    district asks for the raw table; ``raw``: from the raw table even when the summary could
    answer (the tests compare the two)."""
    if raw or f.sectors or f.statuses or (region and level_of(region) == "district"):
        conds = conditions.raw_enterprises(f) + conditions.region(Enterprise, region)
        return raw_cells(conn, conds)
    conds = conditions.raw_enterprises(f, AggHistory) + conditions.region(AggHistory, region)
    return summary_cells(conn, conds)
