"""Import a spreadsheet: read → check → resolve against the database → diff → commit or not.

One pipeline for every kind of spreadsheet: what differs by kind is the kind's
(``atlas.ingest.kinds``), the statements are the store's (``atlas.store.imports``). One
transaction per commit: the rows, the import run (with the original bytes), what each
updated row was before (for undo), the summary tables and the data version all change
together or not at all. The same file committed again changes nothing and says so.
"""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from atlas.core import areas, config, failures
from atlas.core.access import Denied, Principal
from atlas.core.privacy import redact_niks
from atlas.core.regions import province_of
from atlas.ingest import read as reader
from atlas.ingest.corrections import Edits
from atlas.ingest.corrections import apply as apply_edits
from atlas.ingest.corrections import log as corrections_log
from atlas.ingest.kinds import KINDS, Kind, Problem, References
from atlas.ingest.regions import RegionResolver
from atlas.ingest.schema import detect_kind
from atlas.ingest.validate import Checked, check
from atlas.store import audit, db, imports, origin
from atlas.store.imports import UndoRefused
from geo import boundaries

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

__all__ = ["Result", "UndoRefused", "may_be_undone", "run", "undo", "undo_effect"]

# Called inside the commit transaction once the rows are written (the crash test kills the
# process there). A no-op in normal runs.
_after_rows_written = None


@dataclass
class Result:
    kind: str | None
    dry_run: bool
    status: str  # ok / rejected / committed / unchanged / unusable
    run_id: int | None = None
    counts: dict = field(
        default_factory=lambda: {
            "rows": 0,
            "new": 0,
            "updated": 0,
            "unchanged": 0,
            "keyed_by_nik": 0,  # see _blind
            "rejected": 0,
        }
    )
    problems: list[Problem] = field(default_factory=list)
    warnings: list[tuple[str, dict]] = field(default_factory=list)
    matches: list = field(default_factory=list)
    rejected_rows: list[int] = field(default_factory=list)
    corrections: list[dict] = field(default_factory=list)  # ``corrections.log``, masked


_gc_lock = threading.Lock()
_gc_paused = 0  # imports running now
_gc_was_enabled = True  # as the first of them found it


@contextmanager
def _without_gc_pauses() -> Iterator[None]:
    """Python's cyclic garbage collector walks every live object each time enough containers
    were allocated; a 100.000-row file makes millions of small tuples (none in cycles:
    reference counting frees them) and the collector took half of the reading and checking
    time. Paused for the import (shared by concurrent imports), resumed after."""
    global _gc_paused, _gc_was_enabled
    with _gc_lock:
        if _gc_paused == 0:
            _gc_was_enabled = gc.isenabled()
        _gc_paused += 1
        gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_paused -= 1
            if _gc_paused == 0 and _gc_was_enabled:
                gc.enable()


def run(
    engine: Engine,
    data: bytes,
    file_name: str,
    *,
    kind: str | None = None,
    sheet: str | None = None,
    dry_run: bool = True,
    only_valid: bool = False,
    accept_matches: bool = False,
    actor: Principal,
    manual_headers: dict[str, str] | None = None,
    progress: Callable[[float, str], None] | None = None,
    client: str | None = None,
    edits: Edits | None = None,
    table: reader.Table | None = None,
) -> Result:
    """Check (and unless ``dry_run``, commit) one uploaded file. ``progress(fraction, step)``
    is told as each stage ends (read, check, compare, save). ``edits``: cells retyped and
    rows dropped in the app, checked and saved as if the file had them (and recorded).
    ``table``: the file as ``read`` already gave it (the upload page reads a file once).
    Only data staff and admins (``actor``) may check or import: ``Denied`` for anyone else."""
    if not actor.may_import():
        raise Denied("acc.import")
    with _without_gc_pauses():
        return _run(
            engine,
            data,
            file_name,
            kind=kind,
            sheet=sheet,
            dry_run=dry_run,
            only_valid=only_valid,
            accept_matches=accept_matches,
            actor=actor,
            manual_headers=manual_headers,
            progress=progress,
            client=client,
            edits=edits or Edits(),
            table=table,
        )


def _unusable(kind: str | None, dry_run: bool, problem: Problem) -> Result:
    return Result(kind, dry_run, "unusable", problems=[problem])


@dataclass
class _Compared:
    """What the check and the comparison with the database found, before any decision."""

    kind: Kind
    table: reader.Table
    checked: Checked
    rows: list[dict]  # the checked records as table rows, references resolved
    problems: list[Problem]  # of the check, the references and the places
    previous: int | None  # the committed run of the same file, if any
    seen_version: str | None  # the data version when the rows were compared
    existing: dict  # the stored version of each row, by natural key
    others: set[int]  # runs of someone else among those that wrote the matched rows


def _run(
    engine: Engine,
    data: bytes,
    file_name: str,
    *,
    kind: str | None,
    sheet: str | None,
    dry_run: bool,
    only_valid: bool,
    accept_matches: bool,
    actor: Principal,
    manual_headers: dict[str, str] | None,
    progress: Callable[[float, str], None] | None,
    client: str | None,
    edits: Edits,
    table: reader.Table | None,
) -> Result:
    step = progress or (lambda _f, _s: None)
    sha = edits.sha256(data)
    step(0.05, "read")
    if table is None:
        try:
            table = reader.read(data, file_name, sheet)
        except reader.ReadProblem as exc:
            return _unusable(kind, dry_run, Problem(None, "", "", exc.key, exc.params))
    corrections = corrections_log(table, edits)
    table = apply_edits(table, edits)
    kind = kind or detect_kind(table.headers)
    if kind is None:
        headers = ", ".join(table.headers)
        return _unusable(None, dry_run, Problem(None, "", headers, "u.unknown_kind"))
    step(0.3, "check")
    found = _compare(engine, KINDS[kind], table, sha, manual_headers, actor, step)
    if dry_run:  # many checks of one file are there to see
        detail = {"kind": kind, "file": file_name[:120], "rows": len(table.row_numbers)}
        audit.record(engine, "import_checked", actor, client=client, detail=detail)
    res, good, diffed = _outcome(found, dry_run, accept_matches, corrections)
    file_level = [p for p in res.problems if p.row is None]
    if found.previous is not None and not diffed[0] and not diffed[1]:
        res.status, res.run_id = "unchanged", found.previous
        return res
    pending = bool(res.matches) and not accept_matches
    if file_level or ((res.problems or pending) and not only_valid):
        res.status = "rejected"
        return res
    if dry_run:
        step(1.0, "done")
        return res
    step(0.75, "save")
    saving = _Saving(file_name, sha, actor, client, accept_matches)
    return _save(engine, found, saving, good, res, diffed, step)


def _compare(engine, kind: Kind, table, sha, manual_headers, actor, step) -> _Compared:
    """Check the file against the regions, resolve its references, and read the stored
    version of its rows: one connection."""
    with engine.connect() as conn:
        regions, aliases = imports.regions(conn)
        provinces = imports.province_codes(conn)
        checked = check(
            table,
            kind.name,
            RegionResolver(regions, aliases, boundaries.load_other_names()),
            manual_headers=manual_headers,
            nik_provinces=provinces,
        )
        header = checked.headers.names(table.headers)
        refs = _references(conn, kind, checked.records)
        rows, ref_problems = kind.rows(checked.records, refs, header)
        ref_problems += _outside_area(conn, checked.records, header, actor)
        previous = imports.committed_run(conn, sha, kind.name)
        step(0.6, "compare")
        seen_version = db.get_meta(conn, "data_version")  # before the rows are compared
        existing = imports.existing(conn, kind.table, kind.key, rows)
        runs = {old["import_run_id"] for old in existing.values()}
        others = imports.runs_not_of(conn, runs, actor.username or "")
    places = kind.place_problems(checked.records, header)
    problems = checked.problems + ref_problems + places
    return _Compared(kind, table, checked, rows, problems, previous, seen_version, existing, others)


def _outside_area(conn: Connection, records: list[dict], header, actor: Principal) -> list:
    """A centre's staff (an account scoped to an area) save their area's rows only: a row
    of another province is refused, saying whose it is. A row's place is its regency or,
    in a participants file, its facilitator's stored one."""
    if not actor.area:
        return []
    area = areas.named(actor.area)
    unplaced = {r["id_pendamping"] for r in records if "kabupaten_kota" not in r}
    stored = imports.facilitator_regencies(conn, unplaced - {None})
    out = []
    for r in records:
        code = r.get("kabupaten_kota") or stored.get(r.get("id_pendamping"))
        if code and province_of(code) not in area.provinces:
            column = header["kabupaten_kota" if "kabupaten_kota" in r else "id_pendamping"]
            params = {"province": areas.full_name(province_of(code)), "area": area.title}
            out.append(Problem(r["_row"], column, code, "u.outside_area", params))
    return out


def _references(conn: Connection, kind: Kind, records: list[dict]) -> References:
    """What the kind's rows refer to, looked up as the kind ``needs``."""
    refs = References(key=config.secret_key())
    if "facilitators" in kind.needs:
        wanted = {r["id_pendamping"] for r in records if r.get("id_pendamping")}
        refs.facilitators = imports.facilitator_ids(conn, wanted)
    if "batches" in kind.needs:
        refs.batches = imports.batches(conn)
    return refs


def _outcome(found: _Compared, dry_run: bool, accept_matches: bool, corrections: list):
    """The result as counted (before any commit), the rows that may be saved and their
    diff against the stored rows."""
    matches = [] if accept_matches else found.checked.matches
    bad_rows = {p.row for p in found.problems if p.row is not None} | {m.row for m in matches}
    good = [r for r in found.rows if r["_row"] not in bad_rows]
    res = Result(
        found.kind.name,
        dry_run,
        "ok",
        problems=found.problems,
        warnings=found.table.warnings,
        matches=found.checked.matches,
        corrections=corrections,
    )
    row_numbers = found.table.row_numbers
    res.counts["rows"] = len(row_numbers)
    res.rejected_rows = sorted(bad_rows)
    res.counts["rejected"] = len(set(row_numbers) & bad_rows)
    diffed = _diff(found.kind, good, found.existing)
    new, changed, same = diffed
    res.counts.update(new=len(new), updated=len(changed), unchanged=same)
    records = found.checked.records
    blind = found.kind.keyed_by_nik(records, good, found.existing, found.others)
    _blind(res, blind, new, changed)
    return res, good, diffed


@dataclass(frozen=True)
class _Saving:
    """Who saves which file, and how."""

    file_name: str
    sha: str
    actor: Principal
    client: str | None
    accept_matches: bool


def _save(engine, found: _Compared, saving: _Saving, good, res: Result, diffed, step) -> Result:
    try:
        res.run_id = _commit(engine, found, saving, good, res, diffed)
    except imports.Conflict:
        # Another import or undo removed a row this file refers to while it was being checked.
        res.status = "rejected"
        res.problems = [*res.problems, Problem(None, "", "", "u.conflict")]
        return res
    except Exception as exc:  # noqa: BLE001 - whatever it was, nothing was stored
        # The checks know every limit the schema enforces; anything else is a bug, reported
        # with an id the person can quote. The transaction was rolled back.
        res.status = "rejected"
        failure = {"id": failures.log(exc, "import")}
        res.problems = [*res.problems, Problem(None, "", "", "u.commit_failed", failure)]
        return res
    res.status = "committed"
    step(1.0, "done")
    return res


def _blind(res: Result, rows: set[int], new: list[dict], changed: list[tuple]) -> None:
    """Count ``rows`` together ("saved without id_usaha"), not as new, updated or unchanged:
    a dry run of 2.000 candidate NIKs with one enterprise's name had answered "new 1.999,
    unchanged 1", and about eleven halvings found the household's NIK."""
    if not rows:
        return
    n_new = sum(r["_row"] in rows for r in new)
    n_changed = sum(r["_row"] in rows for r, _ in changed)
    res.counts["new"] -= n_new
    res.counts["updated"] -= n_changed
    res.counts["unchanged"] -= len(rows) - n_new - n_changed
    res.counts["keyed_by_nik"] = len(rows)


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(float(a) - float(b)) < 1e-9
    return a == b


def _diff(kind: Kind, good: list[dict], existing: dict[tuple, dict]) -> tuple[list, list, int]:
    """(new rows, (changed row, its stored version) pairs, how many are unchanged)."""
    new, changed, same = [], [], 0
    for r in good:
        old = existing.get(tuple(r[k] for k in kind.key))
        if old is None:
            new.append(r)
        elif all(_same(old.get(c), v) for c, v in r.items() if c != "_row"):
            same += 1
        else:
            changed.append((r, old))
    return new, changed, same


def _commit(engine, found: _Compared, saving: _Saving, good, res: Result, diffed) -> int:
    """One transaction: the run, its rows and their undo records, the confirmed spellings,
    the kind's after-commit effects, the summaries, the audit event."""
    kind = found.kind
    now = datetime.now().replace(microsecond=0)
    with engine.begin() as conn:
        db.lock_writes(conn)
        # Compared again under the lock if anything was committed since: an import that
        # committed meanwhile is taken into account.
        if db.get_meta(conn, "data_version") != found.seen_version:
            diffed = _diff(kind, good, imports.existing(conn, kind.table, kind.key, good))
        new, changed, same = diffed
        res.counts.update(new=len(new), updated=len(changed), unchanged=same)
        run_id = imports.add_run(
            conn, **_run_values(kind, saving, res, now, len(new), len(changed))
        )
        stale = [old["id"] for _, old in changed]
        delta, facilitators = imports.delta_before(conn, kind.table, stale, kind.enrolled(new))
        if new:
            imports.insert_rows(conn, kind.table, kind.insert_order(new), run_id)
        imports.update_rows(conn, kind.table, changed, run_id)
        if saving.accept_matches:
            spellings = [(m.match.alias_key(m.value), m.match.code) for m in found.checked.matches]
            imports.confirm_spellings(conn, spellings, saving.actor.username or "?", now)
        for effect in kind.after_commit:
            imports.AFTER_COMMIT[effect](conn)
        db.set_meta(conn, "last_import_at", now.isoformat())
        # People's data is in: no longer only the demo, in the same transaction, so the
        # aggregate pages close (ATLAS_PUBLIC_ACCESS=auto) at once. The demo's rows, if any,
        # keep their mark (``atlas.store.origin``); undoing this run opens the pages again.
        db.set_meta(conn, "demo", "0")
        imports.delta_after(conn, delta, kind.table, run_id, facilitators)
        counts = {"new": len(new), "updated": len(changed), "rejected": res.counts["rejected"]}
        detail = {"kind": kind.name, "file": saving.file_name[:120], **counts}
        audit.record(
            conn, "import", saving.actor, target=f"#{run_id}", client=saving.client, detail=detail
        )
        if _after_rows_written is not None:
            _after_rows_written()
    return run_id


def _run_values(kind: Kind, saving: _Saving, res: Result, now, inserted: int, updated: int):
    report = json.dumps([p.__dict__ for p in res.problems], default=str)
    return {
        "kind": kind.name,
        "file_name": saving.file_name[:255],
        "sha256": saving.sha,
        "user_name": saving.actor.username or "?",
        "created_at": now,
        "status": "committed",
        "inserted": inserted,
        "updated": updated,
        "unchanged": res.counts["unchanged"],
        "rejected": res.counts["rejected"],
        "error_report": redact_niks(report)[:1_000_000],
        "corrections": json.dumps(res.corrections, ensure_ascii=False) if res.corrections else None,
    }


def undo_effect(engine: Engine, run_id: int) -> dict[str, int]:
    """What undoing a run does: the rows it added, to remove, and the rows it changed, to
    restore (what a person is asked to confirm, and told afterwards)."""
    with engine.connect() as conn:
        counts = imports.undo_counts(conn, run_id)
    return {"removed": counts.get("insert", 0), "restored": counts.get("update", 0)}


def may_be_undone(status: str, kind: str) -> bool:
    """Only a committed import of a spreadsheet can be undone; the demo's rows (a run of
    kind "demo") go with `atlas demo --remove`."""
    return status == "committed" and kind in KINDS


def undo(engine: Engine, run_id: int, actor: Principal, client: str | None = None) -> None:
    """Restore the state before a committed run. Refused when a later run changed the same rows
    or refers to rows it added (undo that one first), and for data staff when the run is not
    their own (admins may undo any run)."""
    with engine.begin() as conn:
        db.lock_writes(conn)
        run_row = imports.run(conn, run_id)
        if run_row is None:
            raise UndoRefused("undo.unknown", run=run_id)
        if not actor.may_undo(run_row["user_name"]):
            raise UndoRefused("undo.not_yours", run=run_id, user=run_row["user_name"])
        if not may_be_undone(run_row["status"], run_row["kind"]):
            raise UndoRefused("undo.not_committed", run=run_id, status=run_row["status"])
        effects = KINDS[run_row["kind"]].after_commit
        imports.undo_rows(conn, run_id, lambda c: [imports.AFTER_COMMIT[e](c) for e in effects])
        # Back to the state before the run: only the demo again if it was the last import of
        # people's data (the aggregate pages open again under ATLAS_PUBLIC_ACCESS=auto).
        db.set_meta(conn, "demo", "1" if origin.only_demo(conn) else "0")
        db.set_meta(conn, "last_import_at", datetime.now().replace(microsecond=0).isoformat())
        detail = {"kind": run_row["kind"], "file": run_row["file_name"][:120]}
        audit.record(conn, "undo", actor, target=f"#{run_id}", client=client, detail=detail)
