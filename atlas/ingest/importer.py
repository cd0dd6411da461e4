"""Import a spreadsheet: read → check → resolve against the database → diff → commit or not.

One transaction per commit: the rows, the import run (with the original bytes), what each
updated row was before (for undo), the summary tables and the data version all change
together or not at all. The same file committed again changes nothing and says so.
"""

from __future__ import annotations

import gc
import hmac
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, func, insert, literal, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from atlas.core import config, failures
from atlas.core.access import Denied, Principal
from atlas.core.privacy import mask_id, nik_hash, redact_niks
from atlas.ingest import read as reader
from atlas.ingest.corrections import Edits
from atlas.ingest.corrections import apply as apply_edits
from atlas.ingest.corrections import log as corrections_log
from atlas.ingest.regions import RegionResolver
from atlas.ingest.schema import detect_kind
from atlas.ingest.validate import Checked, Problem, check
from atlas.ingest.values import key_form
from atlas.store import aggregates, audit, db, origin
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
from geo import boundaries

TABLES = {
    "roster": Facilitator,
    "batches": Batch,
    "participants": Training,
    "enterprises": Enterprise,
}

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


def _resolver(conn: Connection) -> RegionResolver:
    import pandas as pd

    regions = pd.DataFrame(
        conn.execute(
            select(Region.code, Region.name, Region.level, Region.parent_code, Region.kind)
        ).all(),
        columns=["code", "name", "level", "parent_code", "kind"],
    )
    aliases = dict(conn.execute(select(RegionAlias.alias_key, RegionAlias.code)).all())
    return RegionResolver(regions, aliases)


def _unknown_facilitator(r: dict, header: dict[str, str]) -> Problem:
    return Problem(r["_row"], header["id_pendamping"], r["id_pendamping"], "u.unknown_facilitator")


def _rows_for(
    kind: str, checked: Checked, headers: list[str], conn: Connection, key: bytes
) -> tuple[list[dict], list[Problem]]:
    """Records → table rows, resolving references to the database (facilitators, batches,
    districts). Returns the rows and the problems found doing so."""
    problems: list[Problem] = []
    rows: list[dict] = []
    recs = checked.records
    # Column names as the file writes them, for the messages.
    header = {c.name: c.name for c in checked.headers.kind.columns}
    header.update({c.name: headers[i] for i, c in checked.headers.columns.items()})
    if kind == "roster":
        for r in recs:
            rows.append(
                {
                    "official_id": r["id_pendamping"],
                    "name": r["nama"],
                    "sex": r.get("jenis_kelamin"),
                    "regency_code": r["kabupaten_kota"],
                    "role": r.get("jabatan", "Pendamping Sosial"),
                    "joined_date": r.get("tanggal_bergabung"),
                    "_row": r["_row"],
                }
            )
    elif kind == "batches":
        for r in recs:
            rows.append(
                {
                    "number": r["angkatan"],
                    "wave_number": r["gelombang"],
                    "start_date": r["tanggal_mulai"],
                    "end_date": r["tanggal_selesai"],
                    "mode": r.get("moda", "luring"),
                    "venue": r.get("tempat"),
                    "venue_lat": r.get("lintang"),
                    "venue_lon": r.get("bujur"),
                    "_row": r["_row"],
                }
            )
    elif kind == "participants":
        ids = {r["id_pendamping"] for r in recs}
        facs = (
            dict(
                conn.execute(
                    select(Facilitator.official_id, Facilitator.id).where(
                        db.in_values(conn, Facilitator.official_id, ids)
                    )
                ).all()
            )
            if ids
            else {}
        )
        batches = {
            n: (bid, w)
            for n, bid, w in conn.execute(select(Batch.number, Batch.id, Batch.wave_number))
        }
        for r in recs:
            bad = False
            if r["id_pendamping"] not in facs:
                problems.append(_unknown_facilitator(r, header))
                bad = True
            b = batches.get(r["angkatan"])
            if b is None:
                problems.append(
                    Problem(r["_row"], header["angkatan"], str(r["angkatan"]), "u.unknown_batch")
                )
                bad = True
            elif b[1] != r["gelombang"]:
                problems.append(
                    Problem(
                        r["_row"],
                        header["gelombang"],
                        str(r["gelombang"]),
                        "u.wrong_wave",
                        {"batch": r["angkatan"], "wave": b[1]},
                    )
                )
                bad = True
            if not bad:
                rows.append(
                    {
                        "facilitator_id": facs[r["id_pendamping"]],
                        "batch_id": b[0],
                        "status": r.get("status", "terdaftar"),
                        "pre_score": r.get("nilai_pre"),
                        "post_score": r.get("nilai_post"),
                        "_row": r["_row"],
                    }
                )
    elif kind == "enterprises":
        ids = {r["id_pendamping"] for r in recs if r.get("id_pendamping")}
        facs = (
            dict(
                conn.execute(
                    select(Facilitator.official_id, Facilitator.id).where(
                        db.in_values(conn, Facilitator.official_id, ids)
                    )
                ).all()
            )
            if ids
            else {}
        )
        for r in recs:
            fid = facs.get(r["id_pendamping"]) if r.get("id_pendamping") else None
            if r.get("id_pendamping") and fid is None:
                problems.append(_unknown_facilitator(r, header))
                continue
            digest = nik_hash(r["id_kpm"], key)
            code = r.get("id_usaha") or enterprise_code(digest, r["nama_usaha"], key)
            rows.append(
                {
                    "enterprise_code": code,
                    "kpm_hash": digest,
                    "kpm_masked": mask_id(r["id_kpm"]),
                    "name": r["nama_usaha"],
                    "sector": r["sektor"],
                    "status": r.get("status_usaha", "rintisan"),
                    "regency_code": r["kabupaten_kota"],
                    "district_code": r.get("kecamatan"),  # resolved in the check
                    "facilitator_id": fid,
                    "monthly_turnover": r.get("omzet_bulanan"),
                    "workers": r.get("tenaga_kerja"),
                    "start_date": r.get("tanggal_mulai"),
                    "graduated": bool(r.get("graduasi", False)),
                    "graduation_date": r.get("tanggal_graduasi"),
                    "lat": r.get("lintang"),
                    "lon": r.get("bujur"),
                    "_row": r["_row"],
                }
            )
    return rows, problems


def enterprise_code(kpm_hash: str, name: str, key: bytes) -> str:
    """The code of an enterprise imported without ``id_usaha``: the same household and name
    give the same code (a file uploaded again updates its rows), but nothing of the
    household's hash shows in it — the code was ``USH-<hash[:12]>-<NAME>``, which tied a
    household's enterprises together for anyone who saw two codes."""
    label = key_form(name)[:20].upper()
    digest = hmac.new(key, f"usaha|{kpm_hash}|{label}".encode(), "sha256").hexdigest()
    return f"USH-{digest[:16].upper()}"


_KEYS = {
    "roster": ("official_id",),
    "batches": ("number",),
    "participants": ("facilitator_id", "batch_id"),
    "enterprises": ("enterprise_code",),
}


def _existing(conn: Connection, kind: str, rows: list[dict]) -> dict[tuple, dict]:
    """The stored version of each row, by natural key (one statement)."""
    if not rows:
        return {}
    table = TABLES[kind]
    keys = _KEYS[kind]
    cols = [c for c in rows[0] if c != "_row"]
    # Two-part keys (participants): the first part narrows, the dict lookup decides.
    first = {r[keys[0]] for r in rows}
    stmt = select(table.id, table.import_run_id, *[getattr(table, c) for c in cols]).where(
        db.in_values(conn, getattr(table, keys[0]), first)
    )
    return {tuple(row[k] for k in keys): dict(row) for row in conn.execute(stmt).mappings()}


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(float(a) - float(b)) < 1e-9
    return a == b


def _jsonable(d: dict) -> str:
    return json.dumps(
        {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in d.items()}
    )


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


def _run(  # noqa: PLR0915 (the kinds as objects split it: tests/unit/test_code_shape.py)
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
            return Result(
                kind, dry_run, "unusable", problems=[Problem(None, "", "", exc.key, exc.params)]
            )
    corrections = corrections_log(table, edits)
    table = apply_edits(table, edits)
    kind = kind or detect_kind(table.headers)
    if kind is None:
        return Result(
            None,
            dry_run,
            "unusable",
            problems=[Problem(None, "", ", ".join(table.headers), "u.unknown_kind")],
        )
    step(0.3, "check")
    with engine.connect() as conn:
        resolver = _resolver(conn)
        provinces = set(
            conn.execute(select(Region.code).where(Region.level == "province")).scalars()
        )
        checked = check(
            table, kind, resolver, manual_headers=manual_headers, nik_provinces=provinces
        )
        rows, ref_problems = _rows_for(kind, checked, table.headers, conn, config.secret_key())
        previous = conn.execute(
            select(ImportRun.id).where(
                ImportRun.sha256 == sha, ImportRun.kind == kind, ImportRun.status == "committed"
            )
        ).scalar()
        step(0.6, "compare")
        seen_version = db.get_meta(conn, "data_version")  # before the rows are compared
        existing = _existing(conn, kind, rows)
        # Only enterprise rows can be keyed by a NIK (``_keyed_by_nik``).
        runs_of_others = _runs_of_others(conn, existing, actor) if kind == "enterprises" else set()
    if dry_run:  # many checks of one file are there to see
        detail = {"kind": kind, "file": file_name[:120], "rows": len(table.row_numbers)}
        audit.record(engine, "import_checked", actor, client=client, detail=detail)
    problems = checked.problems + ref_problems + _misplaced(kind, checked, table)
    matches = [] if accept_matches else checked.matches
    pending = {m.row for m in matches}
    bad_rows = {p.row for p in problems if p.row is not None} | pending
    good = [r for r in rows if r["_row"] not in bad_rows]
    res = Result(
        kind,
        dry_run,
        "ok",
        problems=problems,
        warnings=table.warnings,
        matches=checked.matches,
        corrections=corrections,
    )
    res.counts["rows"] = len(table.row_numbers)
    res.rejected_rows = sorted(bad_rows)
    res.counts["rejected"] = len(set(table.row_numbers) & bad_rows)
    new, changed, same = _diff(kind, good, existing)
    res.counts.update(new=len(new), updated=len(changed), unchanged=same)
    _blind(res, _keyed_by_nik(kind, checked, good, existing, runs_of_others), new, changed)
    file_level = [p for p in problems if p.row is None]
    if previous is not None and not new and not changed:
        res.status, res.run_id = "unchanged", previous
        return res
    if file_level or ((problems or pending) and not only_valid):
        res.status = "rejected"
        return res
    if dry_run:
        step(1.0, "done")
        return res
    step(0.75, "save")
    try:
        res.run_id = _commit(
            engine,
            kind,
            file_name,
            sha,
            actor,
            client,
            good,
            res,
            checked,
            accept_matches,
            compared=(seen_version, (new, changed, same)),
        )
    except IntegrityError:
        # Another import or undo removed a row this file refers to while it was being checked.
        res.status = "rejected"
        res.problems = [*res.problems, Problem(None, "", "", "u.conflict")]
        return res
    except Exception as exc:  # noqa: BLE001 - whatever it was, nothing was stored
        # The checks know every limit the schema enforces; anything else is a bug, reported
        # with an id the person can quote. The transaction was rolled back.
        res.status = "rejected"
        res.problems = [
            *res.problems,
            Problem(None, "", "", "u.commit_failed", {"id": failures.log(exc, "import")}),
        ]
        return res
    res.status = "committed"
    step(1.0, "done")
    return res


def _misplaced(kind: str, checked: Checked, table) -> list[Problem]:
    """An enterprise whose coordinates lie outside its own regency is refused (the point or the
    regency is wrong, and the map would show it in the wrong place); checked against the
    boundaries, with ~2 km of tolerance for their generalised outlines."""
    if kind != "enterprises":
        return []
    located = [
        r for r in checked.records if "lintang" in r and "bujur" in r and "kabupaten_kota" in r
    ]
    if not located:
        return []
    try:
        ok = boundaries.inside(
            "regency",
            [r["kabupaten_kota"] for r in located],
            [r["lintang"] for r in located],
            [r["bujur"] for r in located],
        )
    except boundaries.BoundariesMissing:
        return []
    header = next(
        (table.headers[i] for i, c in checked.headers.columns.items() if c.name == "lintang"),
        "lintang",
    )
    return [
        Problem(
            r["_row"],
            header,
            f"{r['lintang']}, {r['bujur']}",
            "u.outside_regency",
            {"code": r["kabupaten_kota"]},
        )
        for r, inside in zip(located, ok)
        if not inside
    ]


def _runs_of_others(conn: Connection, existing: dict[tuple, dict], actor: Principal) -> set:
    """The import runs, among those that wrote the matched rows, of someone else."""
    runs = {old["import_run_id"] for old in existing.values()}
    if not runs:
        return set()
    query = select(ImportRun.id).where(
        db.in_values(conn, ImportRun.id, runs), ImportRun.user_name != (actor.username or "")
    )
    return set(conn.execute(query).scalars())


def _keyed_by_nik(
    kind: str, checked: Checked, good: list[dict], existing: dict[tuple, dict], others: set
) -> set[int]:
    """Rows without ``id_usaha`` (their key comes from the household's NIK) whose outcome
    would tell whether that NIK has this enterprise: new, or matching a row someone else
    imported. Rows matching the person's own earlier rows say nothing they do not know."""
    if kind != "enterprises":
        return set()
    keyless = {r["_row"] for r in checked.records if not r.get("id_usaha")}
    return {
        r["_row"]
        for r in good
        if r["_row"] in keyless
        and (
            (old := existing.get((r["enterprise_code"],))) is None or old["import_run_id"] in others
        )
    }


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


def _diff(kind: str, good: list[dict], existing: dict[tuple, dict]) -> tuple[list, list, int]:
    """(new rows, (changed row, its stored version) pairs, how many are unchanged)."""
    keys = _KEYS[kind]
    new, changed, same = [], [], 0
    for r in good:
        old = existing.get(tuple(r[k] for k in keys))
        if old is None:
            new.append(r)
        elif all(_same(old.get(c), v) for c, v in r.items() if c != "_row"):
            same += 1
        else:
            changed.append((r, old))
    return new, changed, same


def _commit(
    engine: Engine,
    kind: str,
    file_name: str,
    sha: str,
    actor: Principal,
    client: str | None,
    good: list[dict],
    res: Result,
    checked: Checked,
    accept_matches: bool,
    compared: tuple[str | None, tuple],
) -> int:
    """``compared``: the data version seen when the rows were compared, and that diff."""
    table = TABLES[kind]
    user = actor.username or "?"
    now = datetime.now().replace(microsecond=0)
    with engine.begin() as conn:
        db.lock_writes(conn)
        # Compared again under the lock if anything was committed since: an import that
        # committed meanwhile is taken into account.
        seen_version, diffed = compared
        if db.get_meta(conn, "data_version") == seen_version:
            new, changed, same = diffed
        else:
            new, changed, same = _diff(kind, good, _existing(conn, kind, good))
        res.counts.update(new=len(new), updated=len(changed), unchanged=same)
        run_id = conn.execute(
            insert(ImportRun)
            .values(
                kind=kind,
                file_name=file_name[:255],
                sha256=sha,
                user_name=user,
                created_at=now,
                status="committed",
                inserted=len(new),
                updated=len(changed),
                unchanged=res.counts["unchanged"],
                rejected=res.counts["rejected"],
                error_report=redact_niks(
                    json.dumps([p.__dict__ for p in res.problems], default=str)
                )[:1_000_000],
                corrections=json.dumps(res.corrections, ensure_ascii=False)
                if res.corrections
                else None,
            )
            .returning(ImportRun.id)
        ).scalar_one()
        name = table.__tablename__
        # A participants file also moves the facilitators it enrols to a new current batch.
        enrolled = [r["facilitator_id"] for r in new] if kind == "participants" else []
        delta, facilitators = _delta_before(conn, name, [old["id"] for _, old in changed], enrolled)
        if new:
            # Enterprises in facilitator order: the facilitator index of a large table then
            # takes them in one sweep instead of at random places (100.000 rows into 5
            # million on SQLite: 1,5 -> 1,25 s). Their ids follow that order, not the file's.
            if kind == "enterprises":
                new = sorted(new, key=lambda r: r["facilitator_id"] or 0)
            db.bulk_insert(
                conn, table, new, constants={"import_run_id": run_id}
            )  # COPY on PostgreSQL
            # Undo records for the new rows, written by the database itself: before the
            # updates below, the rows of this run are exactly the new ones.
            conn.execute(
                insert(ImportChange).from_select(
                    ["run_id", "table_name", "row_id", "action"],
                    select(literal(run_id), literal(name), table.id, literal("insert")).where(
                        table.import_run_id == run_id
                    ),
                )
            )
        for r, old in changed:
            values = {k: v for k, v in r.items() if k != "_row"} | {"import_run_id": run_id}
            before = {k: old[k] for k in values if k in old}
            conn.execute(update(table).where(table.id == old["id"]).values(**values))
            conn.execute(
                insert(ImportChange).values(
                    run_id=run_id,
                    table_name=table.__tablename__,
                    row_id=old["id"],
                    action="update",
                    before=_jsonable(before),
                )
            )
        if accept_matches:
            for m in checked.matches:
                # The first confirmation of a spelling stays; a later one is not an error.
                conn.execute(
                    db.upsert(conn, RegionAlias)
                    .values(
                        alias_key=m.match.alias_key(m.value),
                        code=m.match.code,
                        confirmed_by=user,
                        created_at=now,
                    )
                    .on_conflict_do_nothing(index_elements=[RegionAlias.alias_key])
                )
        if kind == "batches":
            _refresh_waves(conn)
        db.set_meta(conn, "last_import_at", now.isoformat())
        # People's data is in: no longer only the demo, in the same transaction, so the
        # aggregate pages close (ATLAS_PUBLIC_ACCESS=auto) at once. The demo's rows, if any,
        # keep their mark (``atlas.store.origin``); undoing this run opens the pages again.
        db.set_meta(conn, "demo", "0")
        written = select(table.id).where(table.import_run_id == run_id)
        if facilitators is None:
            delta.plus(conn, enterprises=written)
        else:
            # Plus the facilitators the run added (none of them counted anywhere before).
            ids = list(conn.execute(written).scalars())
            more = aggregates.facilitators_of(conn, name, ids)
            delta.plus(conn, facilitators=sorted(set(facilitators) | set(more)))
        delta.apply(conn)
        audit.record(
            conn,
            "import",
            actor,
            target=f"#{run_id}",
            client=client,
            detail={
                "kind": kind,
                "file": file_name[:120],
                "new": len(new),
                "updated": len(changed),
                "rejected": res.counts["rejected"],
            },
        )
        if _after_rows_written is not None:
            _after_rows_written()
    return run_id


def _delta_before(
    conn: Connection, name: str, ids: list[int], more_facilitators: list[int]
) -> tuple[aggregates.Delta, list[int] | None]:
    """The summaries' delta with the rows about to change (``ids`` of ``name``) subtracted.
    For a facilitator, training or batch change: also the facilitators it concerns, whose
    rows are counted again after the change (None for enterprises: their new versions are
    the run's rows)."""
    delta = aggregates.Delta(name)
    if name == "enterprise":
        delta.minus(conn, enterprises=ids)
        return delta, None
    facilitators = sorted(set(aggregates.facilitators_of(conn, name, ids)) | set(more_facilitators))
    delta.minus(conn, facilitators=facilitators)
    return delta, facilitators


def _refresh_waves(conn: Connection) -> None:
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


class UndoRefused(RuntimeError):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def undo_effect(engine: Engine, run_id: int) -> dict[str, int]:
    """What undoing a run does: the rows it added, to remove, and the rows it changed, to
    restore (what a person is asked to confirm, and told afterwards)."""
    with engine.connect() as conn:
        counts = dict(
            conn.execute(
                select(ImportChange.action, func.count())
                .where(ImportChange.run_id == run_id)
                .group_by(ImportChange.action)
            ).all()
        )
    return {"removed": counts.get("insert", 0), "restored": counts.get("update", 0)}


def may_be_undone(status: str, kind: str) -> bool:
    """Only a committed import can be undone; the demo's rows go with `atlas demo --remove`."""
    return status == "committed" and kind != "demo"


def undo(engine: Engine, run_id: int, actor: Principal, client: str | None = None) -> None:
    """Restore the state before a committed run. Refused when a later run changed the same rows
    or refers to rows it added (undo that one first), and for data staff when the run is not
    their own (admins may undo any run)."""
    with engine.begin() as conn:
        db.lock_writes(conn)
        run_row = conn.execute(select(ImportRun).where(ImportRun.id == run_id)).mappings().first()
        if run_row is None:
            raise UndoRefused("undo.unknown", run=run_id)
        if not actor.may_undo(run_row["user_name"]):
            raise UndoRefused("undo.not_yours", run=run_id, user=run_row["user_name"])
        if not may_be_undone(run_row["status"], run_row["kind"]):
            raise UndoRefused("undo.not_committed", run=run_id, status=run_row["status"])
        changes = (
            conn.execute(
                select(ImportChange)
                .where(ImportChange.run_id == run_id)
                .order_by(ImportChange.id.desc())
            )
            .mappings()
            .all()
        )
        by_table = {t.__tablename__: t for t in TABLES.values()}
        name = changes[0]["table_name"] if changes else "facilitator"
        # Each table's rows read, and the inserted ones deleted, in one statement each: one
        # statement per row took 15 s for a 100.000-row run at 5 million enterprises.
        rows: dict[str, list[int]] = {}
        for ch in changes:
            rows.setdefault(ch["table_name"], []).append(ch["row_id"])
        for table_name, ids in rows.items():
            table = by_table[table_name]
            current = dict(
                conn.execute(
                    select(table.id, table.import_run_id).where(db.in_values(conn, table.id, ids))
                ).all()
            )
            for row_id in ids:
                if current.get(row_id) != run_id:
                    raise UndoRefused("undo.later_run", run=run_id, later=current.get(row_id))
        delta, facilitators = _delta_before(conn, name, [ch["row_id"] for ch in changes], [])
        try:
            with conn.begin_nested():
                for table_name in rows:
                    table = by_table[table_name]
                    added = [
                        ch["row_id"]
                        for ch in changes
                        if ch["table_name"] == table_name and ch["action"] == "insert"
                    ]
                    if added:
                        conn.execute(delete(table).where(db.in_values(conn, table.id, added)))
                for ch in changes:
                    if ch["action"] == "insert":
                        continue
                    table = by_table[ch["table_name"]]
                    before = json.loads(ch["before"])
                    for k, v in before.items():
                        col = table.__table__.c[k]
                        if v is not None and col.type.python_type is date:
                            before[k] = date.fromisoformat(v)
                    conn.execute(update(table).where(table.id == ch["row_id"]).values(**before))
        except IntegrityError:
            raise UndoRefused("undo.referenced", run=run_id) from None
        conn.execute(update(ImportRun).where(ImportRun.id == run_id).values(status="undone"))
        # Back to the state before the run: only the demo again if it was the last import of
        # people's data (the aggregate pages open again under ATLAS_PUBLIC_ACCESS=auto).
        db.set_meta(conn, "demo", "1" if origin.only_demo(conn) else "0")
        if run_row["kind"] == "batches":
            _refresh_waves(conn)
        db.set_meta(conn, "last_import_at", datetime.now().replace(microsecond=0).isoformat())
        if facilitators is None:
            delta.plus(
                conn, enterprises=[ch["row_id"] for ch in changes if ch["action"] != "insert"]
            )
        else:
            delta.plus(conn, facilitators=facilitators)
        delta.apply(conn)
        audit.record(
            conn,
            "undo",
            actor,
            target=f"#{run_id}",
            client=client,
            detail={"kind": run_row["kind"], "file": run_row["file_name"][:120]},
        )
