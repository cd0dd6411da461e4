"""The upload page's screen model: one uploaded file from its arrival to its save.

``Upload`` is what the person has decided so far (the file, its sheet and kind, the columns
they named, the region spellings they confirmed, the cells they retyped and the rows they
dropped in the grid); ``screen`` turns it into everything the page draws (``UploadScreen``);
``with_grid_change`` takes the grid's edits back into an ``Upload``; ``save`` commits it.
The page only draws. The file is read once per upload (``_table``), not on every rerun.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from hashlib import sha256
from typing import TYPE_CHECKING

from atlas.core.access import Principal
from atlas.core.i18n import fmt_int, fmt_num, t, tmd
from atlas.core.privacy import shown_cell
from atlas.ingest import importer, report
from atlas.ingest.corrections import Edits
from atlas.ingest.corrections import apply as apply_edits
from atlas.ingest.corrections import corrected_file as write_corrected
from atlas.ingest.corrections import log as corrections_log
from atlas.ingest.kinds import KINDS
from atlas.ingest.read import ReadProblem, Table, read
from atlas.ingest.schema import map_headers, private_headers
from atlas.store import demo, origin

if TYPE_CHECKING:
    from sqlalchemy import Engine

GRID_ROWS = 50  # rows with problems per page of the grid


@dataclass(frozen=True)
class Upload:
    """What the person has decided about one uploaded file so far."""

    name: str
    data: bytes = field(repr=False)
    file_id: str = ""  # the uploader's own id: the same name uploaded again is a new file
    kind: str | None = None  # None: recognised from the headers
    sheet: str | None = None  # None: the first sheet with data
    manual: tuple[tuple[str, str], ...] = ()  # (header in the file, column it holds)
    accepted: frozenset[str] = frozenset()  # region spellings confirmed (alias keys)
    edits: Edits = field(default_factory=Edits)
    revision: int = 0  # one more each time the grid's edits are taken in
    page: int = 0  # of the grid
    # The rows the grid has shown: they stay on it, fixed or left out, so that a fix does not
    # move the rows under the person's cursor (the grid keeps its scroll and its keys).
    seen: frozenset[int] = frozenset()

    sha: str = field(init=False, repr=False)  # of the file as uploaded

    def __post_init__(self) -> None:
        object.__setattr__(self, "sha", sha256(self.data).hexdigest())

    @classmethod
    def of(cls, last: Upload | None, name: str, data: bytes, file_id: str, kind: str | None):
        """The upload of the file in the uploader: ``last`` as decided so far when it is the
        same file, else a new one; its kind as chosen now (None: recognised)."""
        if last is None or last.file_id != file_id:
            last = cls(name, data, file_id=file_id)
        return replace(last, kind=kind)

    def with_sheet(self, sheet: str) -> Upload:
        """Another sheet: its own corrections, from the grid's first page."""
        return replace(self, sheet=sheet, edits=Edits(), page=0, seen=frozenset())

    def with_column(self, header: str, column: str) -> Upload:
        """``header`` named as the kind's ``column``."""
        return replace(self, manual=tuple(sorted((dict(self.manual) | {header: column}).items())))

    def with_confirmed(self, accepted: set[str]) -> Upload:
        return replace(self, accepted=frozenset(accepted))

    def on_page(self, page: int) -> Upload:
        return replace(self, page=page)

    def stem(self) -> str:
        return self.name.rsplit(".", 1)[0]

    def error_report_name(self) -> str:
        """The refused rows with their problems, to fix (``error_report``)."""
        return f"kesalahan-{self.stem()}.xlsx"

    def left_out_name(self) -> str:
        """The rows a save of the good rows left out, to fix and upload again."""
        return f"ditolak-{self.stem()}.xlsx"

    def corrected_name(self) -> str:
        """The file as corrected in the app, in the format it came in."""
        stem, dot, ext = self.name.rpartition(".")
        return f"{stem or ext}-dikoreksi.{ext if dot else 'csv'}"

    def is_xlsx(self) -> bool:
        return self.name.lower().endswith(".xlsx")

    def fingerprint(self) -> tuple:
        """Everything a check depends on (with the data version and the language)."""
        return (
            self.sha,
            self.name,
            self.kind,
            self.sheet,
            self.manual,
            self.accepted,
            self.edits.sha256(b""),
            self.page,
            self.seen,
        )


@dataclass(frozen=True)
class Question:
    """A fuzzy region match to confirm: one per spelling."""

    key: str  # the alias key: the checkbox's key and what ``accepted`` holds
    label: str  # markdown


@dataclass(frozen=True)
class Grid:
    """One page of the rows with problems, as the editable grid shows them."""

    headers: list[str]  # the file's columns, editable
    columns: list[str]  # the grid's name of each (one the grid refuses, "_index", changed)
    rows: list[int]  # spreadsheet row numbers, in order
    shown: list[dict[str, str]]  # per row: header -> the text shown (identifiers masked)
    original: list[dict[str, str]]  # per row: header -> the file's own text, shown so
    problems: list[str]  # per row: its problems, "column: message" joined; or fixed, left out
    faulty: list[set[str]]  # per row: the headers with a problem
    page: int
    pages: int
    total_rows: int  # rows with problems in the whole file
    left_out: list[bool]  # per row: dropped from the import
    fixed: list[bool]  # per row: had a problem, has none now
    # The grid's identity: the same while its rows and columns stay where they are (the
    # browser gives a grid redrawn after an edit its scroll place back); another for another
    # file, sheet, mapping or set of rows.
    key: str
    # The grid's own columns, named so that no file column has the name.
    problems_column: str
    leave_out_column: str


@dataclass(frozen=True)
class UploadScreen:
    """Everything the upload page draws for one ``Upload``."""

    result: importer.Result
    sheets: list[str]
    sheet: str | None
    count_line: str
    infos: list[str]  # markdown
    file_errors: list[str]  # problems of the file as a whole (a row's are in the grid)
    unknown_headers: list[str]  # columns the app did not recognise, to be named
    header_choices: list[str]  # "" (ignore) and the kind's columns not yet found
    questions: list[Question]
    all_confirmed: bool
    grid: Grid | None
    corrections: list[dict]  # ``corrections.log``: what was changed in the app
    can_save: bool  # checked: every row is good, every spelling confirmed
    can_save_valid: bool  # the good rows may be saved, the others left out
    # Said before a save into a database that holds the demo's rows: they stay, marked.
    demo_warning: str | None = None
    # The admin's "remove the demo data first" is offered (``demo.remove``).
    demo_removal: bool = False


_TABLES: OrderedDict[tuple, Table | ReadProblem] = OrderedDict()
_TABLES_KEPT = 2  # a 25 MB file read is a few hundred MB of cells: the last two only
_lock = threading.Lock()


def _table(upload: Upload) -> Table | ReadProblem:
    """The file as read, once per file and sheet in this process."""
    key = (upload.sha, upload.name, upload.sheet)
    with _lock:
        if key in _TABLES:
            _TABLES.move_to_end(key)
            return _TABLES[key]
    try:
        table: Table | ReadProblem = read(upload.data, upload.name, upload.sheet)
    except ReadProblem as exc:
        table = exc
    with _lock:
        _TABLES[key] = table
        while len(_TABLES) > _TABLES_KEPT:
            _TABLES.popitem(last=False)
    return table


def corrected_file(upload: Upload) -> bytes:
    """The file with the corrections made in the app (``corrections.corrected_file``)."""
    return write_corrected(_table(upload), upload.edits)


def error_report(upload: Upload, problems: list, lang: str) -> bytes:
    """The rows with ``problems`` as corrected so far, with their problems
    (``report.error_workbook``: identifiers masked)."""
    table = _table(upload)
    if isinstance(table, ReadProblem):
        return b""
    return report.error_workbook(apply_edits(table, upload.edits), problems, lang)


def screen(
    upload: Upload,
    engine: Engine,
    principal: Principal,
    lang: str,
    progress: Callable[[float, str], None] | None = None,
) -> UploadScreen:
    """Check ``upload`` as it stands (a dry run) and say what the page shows."""
    table = _table(upload)
    manual = dict(upload.manual) or None

    def check(accept: bool) -> importer.Result:
        return _run(upload, engine, principal, dry_run=True, accept=accept, progress=progress)

    res = check(False)
    distinct: dict[str, object] = {}
    for m in res.matches:
        distinct.setdefault(m.match.alias_key(m.value), m)
    all_confirmed = bool(distinct) and set(distinct) <= upload.accepted
    if all_confirmed:
        res = check(True)
    questions = [
        Question(
            key,
            tmd(
                "up.match",
                lang,
                value=m.value,
                name=m.match.name,
                score=fmt_num(m.match.score, lang),
            ),
        )
        for key, m in distinct.items()
    ]
    readable = not isinstance(table, ReadProblem)
    unknown, choices = [], []
    if readable and res.kind and res.status != "unusable":
        hm = map_headers(table.headers, KINDS[res.kind], manual)
        unknown = [header for _, header in hm.unknown]
        found = set(hm.columns.values())
        choices = ["", *[c.name for c in KINDS[res.kind].columns if c not in found]]
    unusable = res.status == "unusable"
    by_row = [p for p in res.problems if p.row is not None]
    grid = _grid(upload, table, by_row, lang) if readable and by_row and not unusable else None
    can_save = res.status == "ok" and (not distinct or all_confirmed)
    return UploadScreen(
        result=res,
        sheets=table.sheets if readable else [],
        sheet=table.sheet if readable else None,
        count_line=report.count_line(res, lang),
        infos=[tmd(key, lang, **params) for key, params in res.warnings],
        file_errors=[
            report.problem_dict(p, lang)["message"] for p in res.problems if p.row is None
        ],
        unknown_headers=unknown,
        header_choices=choices,
        questions=questions,
        all_confirmed=all_confirmed,
        grid=grid,
        corrections=corrections_log(table, upload.edits) if readable else [],
        can_save=can_save,
        can_save_valid=(
            res.status in ("ok", "rejected")
            and res.counts["new"] + res.counts["updated"] + res.counts["keyed_by_nik"] > 0
            and not any(p.row is None for p in res.problems)
            and not can_save
        ),
        demo_warning=_demo_warning(engine, principal, lang),
        demo_removal=principal.may_administer() and _holds_demo(engine),
    )


def _holds_demo(engine: Engine) -> bool:
    with engine.connect() as conn:
        return origin.demo_rows(conn)


def _demo_warning(engine: Engine, principal: Principal, lang: str) -> str | None:
    """What a save into the demo's rows does, said before it: the figures mix both and stay
    marked, the public pages close, and an undo returns to the demo alone; who may remove
    the demo data first."""
    if not _holds_demo(engine):
        return None
    who = "up.demo_remove_admin" if principal.may_administer() else "up.demo_remove_ask"
    return tmd("up.demo_mix", lang) + " " + t(who, lang)


def _grid(upload: Upload, table: Table, problems: list, lang: str) -> Grid:
    """The grid's page: the rows with problems and the rows it has shown before (fixed or
    left out: they stay where they were), with the cells as retyped."""
    bad = {p.row for p in problems}
    rows = sorted(bad | upload.seen)
    pages = max(1, -(-len(rows) // GRID_ROWS))
    page = min(max(upload.page, 0), pages - 1)
    on_page = rows[page * GRID_ROWS : (page + 1) * GRID_ROWS]
    # A left-out row is shown as it was retyped, to be taken back in if it was a mistake.
    edited = apply_edits(table, Edits(upload.edits.cells))
    private = private_headers(table.headers)
    at = {n: i for i, n in enumerate(table.row_numbers)}

    def cells(t: Table) -> list[dict[str, str]]:
        return [
            {h: shown_cell(col[at[r]].text, h in private) for h, col in zip(t.headers, t.columns)}
            for r in on_page
        ]

    dropped = upload.edits.dropped
    messages, faulty = _messages(problems, lang)
    for row, header in upload.edits.cells:  # a fixed column stays marked: columns do not move
        faulty.setdefault(row, set()).add(header)
    marked = sorted(set().union(*(faulty.get(r, set()) for r in on_page)))
    state = {"dropped": t("up.grid.left_out", lang), "fixed": t("up.grid.fixed", lang)}
    return Grid(
        headers=list(table.headers),
        columns=grid_columns(table.headers),
        rows=on_page,
        shown=cells(edited),
        original=cells(table),
        problems=[
            state["dropped"] if r in dropped else " · ".join(messages.get(r, ())) or state["fixed"]
            for r in on_page
        ],
        faulty=[faulty.get(r, set()) for r in on_page],
        page=page,
        pages=pages,
        total_rows=len(bad),
        left_out=[r in dropped for r in on_page],
        fixed=[r not in dropped and r not in bad for r in on_page],
        problems_column=_free(t("up.col.message", lang), table.headers),
        leave_out_column=_free(t("up.col.leave_out", lang), table.headers),
        key=_grid_key(upload, on_page, marked),
    )


def _grid_key(upload: Upload, rows: list[int], marked: list[str]) -> str:
    """``Grid.key``: another for another file, sheet, mapping, set of rows or order of
    columns."""
    identity = repr((upload.sha, upload.sheet, upload.manual, rows, marked))
    return "grid_" + sha256(identity.encode()).hexdigest()[:12]


def _free(name: str, headers: list[str]) -> str:
    """``name``, with spaces after it until no file column has it (a file may)."""
    while name in headers:
        name += " "
    return name


def _messages(problems: list, lang: str) -> tuple[dict[int, list[str]], dict[int, set[str]]]:
    """Each row's problems as the grid says them ("column: message"), and its columns."""
    messages: dict[int, list[str]] = {}
    faulty: dict[int, set[str]] = {}
    for p in problems:
        d = report.problem_dict(p, lang)
        text = f"{p.column}: {d['message']}" if p.column else d["message"]
        messages.setdefault(p.row, []).append(text)
        faulty.setdefault(p.row, set()).add(p.column)
    return messages, faulty


# Column names Streamlit's data editor refuses (it names its index column so).
_GRID_RESERVED = {"_index"}


def grid_columns(headers: list[str]) -> list[str]:
    """The grid's name for each header: the header itself, or, for one the grid refuses,
    the header with spaces after it until it is free (the person sees the same text)."""
    out: list[str] = []
    taken = set(headers)
    for h in headers:
        name = h
        while name in _GRID_RESERVED or (name != h and name in taken):
            name += " "
        taken.add(name)
        out.append(name)
    return out


def with_grid_change(upload: Upload, grid: Grid, change: dict) -> Upload:
    """``upload`` with what the person did in the grid (Streamlit's data editor state,
    ``edited_rows`` {position: {column: value}}): each retyped cell an edit of that row and
    column; "leave out" ticked drops the row, unticked takes it back. The grid's rows are
    remembered as seen: they stay on it."""
    edits = upload.edits
    header_of = dict(zip(grid.columns, grid.headers))
    for pos, cells in (change.get("edited_rows") or {}).items():
        pos = int(pos)
        if not 0 <= pos < len(grid.rows):
            continue
        row = grid.rows[pos]
        for column, value in cells.items():
            if column == grid.leave_out_column:
                edits = edits.drop({row}) if value else edits.keep({row})
            elif (header := header_of.get(column)) is not None:
                # A value the grid shows already is no edit (and no edit back to the file's
                # own text, which ``Edits.edit`` takes as undoing one).
                text = "" if value is None else str(value)
                if text != grid.shown[pos][header]:
                    edits = edits.edit(row, header, text, grid.original[pos][header])
    if edits == upload.edits:
        return upload
    seen = upload.seen | frozenset(grid.rows)
    return replace(upload, edits=edits, revision=upload.revision + 1, seen=seen)


def save(
    upload: Upload,
    engine: Engine,
    principal: Principal,
    *,
    only_valid: bool,
    accept_matches: bool,
    client: str | None,
    progress: Callable[[float, str], None] | None = None,
) -> importer.Result:
    """Commit the file as corrected (``only_valid``: its good rows, the others left out)."""
    return _run(
        upload,
        engine,
        principal,
        dry_run=False,
        accept=accept_matches,
        progress=progress,
        only_valid=only_valid,
        client=client,
    )


def _run(
    upload: Upload,
    engine: Engine,
    principal: Principal,
    *,
    dry_run: bool,
    accept: bool,
    progress: Callable[[float, str], None] | None,
    only_valid: bool = False,
    client: str | None = None,
) -> importer.Result:
    """``importer.run`` on the upload as decided so far, its table as already read."""
    table = _table(upload)
    return importer.run(
        engine,
        upload.data,
        upload.name,
        kind=upload.kind,
        sheet=upload.sheet,
        dry_run=dry_run,
        only_valid=only_valid,
        accept_matches=accept,
        manual_headers=dict(upload.manual) or None,
        actor=principal,
        progress=progress,
        client=client,
        edits=upload.edits,
        table=None if isinstance(table, ReadProblem) else table,
    )


def saved_message(res: importer.Result, lang: str) -> str:
    return t(
        "up.saved",
        lang,
        run=res.run_id,
        new=fmt_int(res.counts["new"], lang),
        updated=fmt_int(res.counts["updated"], lang),
        keyed=(
            t("up.saved.keyed_by_nik", lang, n=fmt_int(keyed, lang))
            if (keyed := res.counts["keyed_by_nik"])
            else ""
        ),
    )


@dataclass(frozen=True)
class Saved:
    """What a save did, shown until the next file arrives."""

    message: str
    left_out: bytes | None  # the refused rows left out by a save of the good rows
    left_out_name: str


def saved(upload: Upload, res: importer.Result, only_valid: bool, lang: str) -> Saved:
    # The rows left out, to fix and upload again (masked like every error report).
    rejected = res.problems if only_valid else []
    report_of = error_report(upload, rejected, lang) if rejected else None
    return Saved(saved_message(res, lang), report_of, upload.left_out_name())


def demo_question(engine: Engine, lang: str) -> str:
    """What removing the demo data deletes, asked before it is done."""
    counts = {k: fmt_int(v, lang) for k, v in asdict(demo.removal_effect(engine)).items()}
    return tmd("up.demo_remove_confirm", lang, **counts)


def remove_demo(engine: Engine, who: Principal, client: str | None, lang: str):
    """Remove the demo data: (done, what to say)."""
    try:
        gone = demo.remove(engine, who, client=client)
    except demo.DemoInUse as exc:
        return False, t(exc.key, lang, **exc.params)
    return True, t("demo.removed", lang, **{k: fmt_int(v, lang) for k, v in asdict(gone).items()})
