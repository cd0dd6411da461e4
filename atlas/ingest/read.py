"""Reading an uploaded xlsx/csv into rows of cells, safely.

Cells keep both their text and the value the spreadsheet stored (so a NIK typed as a number
is recognised as such — ``pd.read_excel(dtype=str)`` would hide it). Row numbers are the
spreadsheet's own (header on row 1 → first data row is row 2; a title block moves them).
Files that are not spreadsheets, corrupt, encrypted, zip bombs, empty, too wide or with
giant cells are refused with a ``ReadProblem`` that says what to do; nothing is written.

Bounded twice: the extent of every worksheet is read from its XML (streamed) before the sheet
is loaded, because the reader allocates the whole rectangle up to its last cell (one cell at
XFD1048576 in a 2 KB file asks for tens of GB); and the parsing itself runs in a child
process with memory and time limits (``atlas.ingest.sandbox``), so that whatever a parser
does with a file, the server goes on.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import compress
from operator import itemgetter
from typing import NamedTuple

from atlas.ingest.schema import header_score
from atlas.ingest.values import clean

MAX_FILE_BYTES = 25 * 1024 * 1024  # the upload limit (.streamlit/config.toml maxUploadSize)
MAX_UNCOMPRESSED = 300 * 1024 * 1024  # zip bombs: refuse before decompressing
MAX_RATIO = 150  # uncompressed / compressed size of one zip member
MAX_COLUMNS = 200
MAX_CELL_CHARS = 5_000
HEADER_SEARCH_ROWS = 30
# The rectangle a sheet spans from A1 to its last cell: the reader allocates all of it. A
# 100.000-row enterprise file with every column of the template spans 1,6 million cells.
MAX_SHEET_CELLS = 4_000_000
MAX_SHEET_ROWS = 1_048_576  # Excel's own limit
_MAX_CELLS_SAID = f"{MAX_SHEET_CELLS:,}".replace(",", ".")  # as the messages write it
# All the text of a sheet, counted cell by cell: a 100.000-row enterprise file holds about
# 20 million characters. (A csv holds at most its 25 MB.)
MAX_TEXT_CHARS = 100_000_000


class ReadProblem(ValueError):
    """The file cannot be used at all; ``key``/``params`` name the message in atlas.core.i18n."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __reduce__(self):  # crosses from the parsing child process with its params
        return (_problem, (self.key, self.params))


def _problem(key: str, params: dict) -> ReadProblem:
    return ReadProblem(key, **params)


class Cell(NamedTuple):
    # A named tuple, not a dataclass: a 100.000-row file makes a million of them, and a
    # tuple is built several times faster (and is hashable, so parsed values can be memoised
    # per distinct cell).
    text: str
    value: object  # as stored: str, float, int, bool, datetime, date … or None
    is_number: bool = False


@dataclass
class Table:
    """The body column by column (checks work per column; a row view is built on demand)."""

    file_name: str
    sheet: str | None
    sheets: list[str]
    header_row: int  # spreadsheet row number of the header
    headers: list[str]
    row_numbers: list[int] = field(default_factory=list)  # as the spreadsheet numbers them
    columns: list[list[Cell]] = field(
        default_factory=list
    )  # one per header, aligned with row_numbers
    warnings: list[tuple[str, dict]] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[int, list[Cell]]]:
        """(row number, cells) per row."""
        return list(zip(self.row_numbers, map(list, zip(*self.columns))))


_EMPTY = Cell("", None)


def _cell(value: object) -> Cell:
    if type(value) is str:  # every CSV cell, most xlsx text: the common case first
        if not value:
            return _EMPTY
        text = clean(value)
        if len(text) > MAX_CELL_CHARS:
            raise ReadProblem("r.cell_too_long", n=MAX_CELL_CHARS)
        return Cell(text, text)
    if value is None or value == "":
        return _EMPTY
    if isinstance(value, bool):
        return Cell("ya" if value else "tidak", value)
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
        return Cell(text, value, True)
    if isinstance(value, int):
        return Cell(str(value), value, True)
    if isinstance(value, datetime):
        return Cell(
            value.date().isoformat() if value.time() == time() else value.isoformat(" "), value
        )
    if isinstance(value, (date, time)):
        return Cell(value.isoformat(), value)
    text = clean(value)
    if len(text) > MAX_CELL_CHARS:
        raise ReadProblem("r.cell_too_long", n=MAX_CELL_CHARS)
    return Cell(text, text)


def _cells(values: Sequence[object]) -> list[Cell]:
    """One column's raw values as ``Cell``s. Values repeat (regions, sectors, dates, small
    numbers): each distinct value is turned into a cell once. The memo is keyed by type and
    value — ``1``, ``1.0`` and ``True`` are equal as dict keys but not as cells."""
    memo: dict[tuple[type, object], Cell] = {}
    out = []
    for v in values:
        key = (type(v), v)
        c = memo.get(key)
        if c is None:
            c = memo[key] = _cell(v)
        out.append(c)
    return out


# A cell's or a row's reference (``<c r="B12"``, ``<row r="12"``): the letters (none for a
# row) and the row number. Found with ``findall`` over the XML, never a Python step per
# match: a 100.000-row sheet has 1,3 million of them.
_COLUMN_REF = re.compile(rb'\br="([A-Z]{1,3})[0-9]')
_ROW_NUMBER = re.compile(rb'\br="[A-Z]{0,3}([0-9]{1,7})"')
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\b[^>]*?\bref="[A-Z]*[0-9]*:?([A-Z]{1,3})([0-9]{1,7})"'
)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def sheet_extent(zf: zipfile.ZipFile, member: str) -> tuple[int, int, tuple[int, int] | None, bool]:
    """(last row, last column, declared (rows, columns) or None, whether it holds formulas)
    of one worksheet, read by streaming its XML: nothing of the sheet is kept, whatever its
    size."""
    rows = cols = 0
    declared = None
    formulas = False
    tail = b""
    with zf.open(member) as fh:
        while chunk := fh.read(1 << 20):
            buf = tail + chunk
            if declared is None and (d := _DIMENSION.search(buf)):
                declared = (int(d.group(2)), _column_number(d.group(1)))
            letters = set(_COLUMN_REF.findall(buf))
            cols = max(cols, *map(_column_number, letters)) if letters else cols
            numbers = set(_ROW_NUMBER.findall(buf))
            rows = max(rows, *map(int, numbers)) if numbers else rows
            formulas = formulas or b"<f>" in buf or b"<f " in buf
            tail = buf[-200:]  # a reference cut by the chunk boundary is seen whole next time
    return rows, cols, declared, formulas


def _check_zip(data: bytes) -> bool:
    """Refuse zip bombs before anything is decompressed, and sheets whose extent the reader
    could not hold; True when a sheet holds formulas."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = 0
            for info in zf.infolist():
                total += info.file_size
                if (
                    info.compress_size
                    and info.file_size / info.compress_size > MAX_RATIO
                    and info.file_size > 10 * 1024 * 1024
                ):
                    raise ReadProblem("r.zip_bomb")
            if total > MAX_UNCOMPRESSED:
                raise ReadProblem("r.zip_bomb")
            formulas = False
            for info in zf.infolist():
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    rows, cols, _, found = sheet_extent(zf, info.filename)
                    if rows > MAX_SHEET_ROWS or cols > 16_384 or rows * cols > MAX_SHEET_CELLS:
                        raise ReadProblem(
                            "r.sheet_extent",
                            cell=f"{_column_name(cols)}{rows}",
                            n=_MAX_CELLS_SAID,
                        )
                    formulas = formulas or found
            return formulas  # each sheet unpacked once
    except zipfile.BadZipFile:
        raise ReadProblem("r.corrupt") from None


def _column_name(n: int) -> str:
    name = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name or "A"


def _kind_of_file(data: bytes, file_name: str) -> str:
    if not data:
        raise ReadProblem("r.empty")
    if len(data) > MAX_FILE_BYTES:
        raise ReadProblem("r.too_big", mb=MAX_FILE_BYTES // (1024 * 1024))
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        # OLE container: an encrypted (password-protected) xlsx, or an old .xls.
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise ReadProblem("r.password")
        return "xls"
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if (
        data[:2] == b"MZ"
        or b"\x00" in data[:4096]
        or file_name.lower().endswith((".xlsx", ".xlsm", ".xls"))
    ):
        raise ReadProblem("r.not_spreadsheet", name=file_name)
    return "csv"


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(data: bytes) -> list[list[object]]:
    """The csv's rows, bounded as a worksheet is: at most ``MAX_SHEET_CELLS`` in the
    rectangle that the rows make once padded to the widest (one row of two million empty
    cells and a hundred short rows would otherwise be padded to 200 million cells: 3,7 GB
    from a 2 MB file). A few empty cells past ``MAX_COLUMNS`` are dropped as they are read;
    text there, or a row of thousands of cells, makes the file too wide."""
    text = _decode(data)
    sample = text[:20000]
    counts = {d: sample.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    # The parsed rows cost far more memory than the text (25 MB of line breaks would be 25
    # million lists): the same cell limit as a worksheet's, counted before parsing.
    lines = text.count("\n") + 1
    extent = ReadProblem("r.csv_extent", n=_MAX_CELLS_SAID)
    if lines > MAX_SHEET_ROWS or lines + text.count(delimiter) > MAX_SHEET_CELLS:
        raise extent
    csv.field_size_limit(MAX_CELL_CHARS * 4)
    rows: list[list[object]] = []
    widest = 0
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            if len(row) > MAX_COLUMNS:
                # As for a worksheet: a few empty cells past the last column are trailing
                # separators, thousands are no table.
                if len(row) > MAX_COLUMNS * 5 or any(row[MAX_COLUMNS:]):
                    raise ReadProblem("r.row_too_wide", row=len(rows) + 1, n=MAX_COLUMNS)
                del row[MAX_COLUMNS:]
            widest = max(widest, len(row))
            rows.append(row)
            if len(rows) * widest > MAX_SHEET_CELLS:
                raise extent
    except csv.Error:
        raise ReadProblem("r.cell_too_long", n=MAX_CELL_CHARS) from None
    return rows


def _xlsx(data: bytes, sheet: str | None) -> tuple[str, list[str], list[list[object]], list]:
    import python_calamine as pc

    formulas = _check_zip(data)
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError:
        raise ReadProblem("r.password") from None
    except Exception:  # noqa: BLE001 - calamine raises several types for broken files
        raise ReadProblem("r.corrupt") from None
    meta = {m.name: m for m in wb.sheets_metadata}
    visible = [n for n in wb.sheet_names if str(meta[n].visible).endswith("Visible")]
    # Formulas are read as the values Excel saved with them; a file written by a program that
    # saves no values would otherwise look empty.
    warnings = [("r.formulas", {})] if formulas else []
    # Loading a sheet parses all of its XML (about a second for 100.000 rows): each sheet is
    # loaded once and its rows kept.
    loaded: dict[str, tuple] = {}

    def load(name: str) -> tuple:
        if name not in loaded:
            ws = wb.get_sheet_by_name(name)
            if (ws.width or 0) > MAX_COLUMNS * 5:
                raise ReadProblem("r.too_wide", n=MAX_COLUMNS)
            loaded[name] = (ws, _shared_text(ws.iter_rows()))
        return loaded[name]

    if sheet is None:
        # The first visible sheet with data — preferring one whose header row we recognise,
        # so a filled-in template is read from "Data", not from its "Petunjuk" sheet.
        best = None
        for name in visible or wb.sheet_names:
            rows = load(name)[1]
            if not any(any(c not in (None, "") for c in r) for r in rows):
                continue
            score = max(
                (
                    header_score([clean(c) for c in r if c is not None])
                    for r in rows[:HEADER_SEARCH_ROWS]
                ),
                default=0,
            )
            if best is None or score > best[0]:
                best = (score, name)
        if best is None:
            raise ReadProblem("r.no_rows")
        sheet = best[1]
    elif sheet not in wb.sheet_names:
        raise ReadProblem("r.sheet", sheet=sheet, sheets=", ".join(wb.sheet_names))
    ws, rows = load(sheet)
    if ws.merged_cell_ranges:
        warnings.append(("r.merged", {}))
    return sheet, wb.sheet_names, rows, warnings


def _shared_text(rows: Iterable[list[object]]) -> list[list[object]]:
    """The rows, as the reader gives them one at a time, with each distinct text one object
    and all their text bounded. The reader gives every cell its own string even where the
    file stores one shared string: 64.000 cells pointing at one 5.000-character string (a
    170 KB file) became 320 million characters, 640 MB in the server after crossing.
    Shared, a text crosses once."""
    seen: dict[str, str] = {}
    total = 0
    out = []
    for row in rows:
        for j, v in enumerate(row):
            if type(v) is str and v:
                total += len(v)
                row[j] = seen.setdefault(v, v)
        if total > MAX_TEXT_CHARS:
            raise ReadProblem("r.too_much_text", n=MAX_TEXT_CHARS // 1_000_000)
        out.append(row)
    return out


def read(data: bytes, file_name: str, sheet: str | None = None) -> Table:
    """Read an uploaded file; ``sheet`` picks a worksheet (default: the first visible one
    with data). ``ReadProblem`` when it cannot be used.

    An xlsx is loaded in a bounded child process (``atlas.ingest.sandbox``): the spreadsheet
    reader is native code whose allocations Python cannot limit; a csv is parsed there too,
    its extent bounded as it is read (``_csv_rows``), so that no file makes the server
    itself build more than ``MAX_SHEET_CELLS`` cells."""
    from atlas.ingest import sandbox

    try:
        # The rows cross as one pickle: for 100.000 rows about a second less than sending
        # them column by column as distinct values and indexes (measured).
        return _table(file_name, *_parsed(data, file_name, sheet, sandbox.call))
    except sandbox.Overrun as exc:
        raise ReadProblem(f"r.overrun_{exc.reason}") from None


def read_here(data: bytes, file_name: str, sheet: str | None = None) -> Table:
    """``read`` all in this process, without the child's limits."""
    return _table(file_name, *_parsed(data, file_name, sheet, lambda fn, *args: fn(*args)))


def _parsed(data: bytes, file_name: str, sheet: str | None, call) -> tuple:
    """(sheet, sheets, rows, warnings) of the file, its parser run by ``call(fn, *args)``
    (in the bounded child, or here)."""
    file_type = _kind_of_file(data, file_name)
    if file_type == "xls":
        raise ReadProblem("r.xls")
    if file_type == "xlsx":
        return call(_xlsx, data, sheet)
    return None, [], call(_csv_rows, data), []


def _unique(headers: list[str]) -> tuple[list[str], list[str]]:
    """Headers with each repeat renamed "name (2)", "name (3)" …, and the new names. A column
    is known by its header everywhere after (checks, corrections, the grid, the reports):
    two of one name had crashed the grid and the error report. The first keeps its name."""
    out: list[str] = []
    renamed: list[str] = []
    taken = set(headers)
    for h in headers:
        if h in out:
            n = 2
            while f"{h} ({n})" in taken:
                n += 1
            h = f"{h} ({n})"
            taken.add(h)
            renamed.append(h)
        out.append(h)
    return out, renamed


def _table(
    file_name: str,
    sheet: str | None,
    sheets: list[str],
    raw: Sequence[Sequence[object]],
    warnings: list[tuple[str, dict]],
) -> Table:
    """The header row found, the body turned into typed cells column by column."""
    # The header is the row (near the top) that looks most like one; a title block above it
    # is skipped.
    candidates = []
    for i, r in enumerate(raw):
        cells = [_cell(v) for v in r[:MAX_COLUMNS]]
        if any(c.text for c in cells):
            candidates.append((i, cells))
            if len(candidates) == HEADER_SEARCH_ROWS:
                break
    if not candidates:
        raise ReadProblem("r.empty")
    best = max(candidates, key=lambda ir: (header_score([c.text for c in ir[1]]), -ir[0]))
    if header_score([c.text for c in best[1]]) == 0:
        best = candidates[0]
    h_index, header_cells = best
    used = [j for j, c in enumerate(header_cells) if c.text]
    headers, renamed = _unique([header_cells[j].text for j in used])
    if renamed:
        warnings.append(("r.repeated_headers", {"names": ", ".join(renamed)}))
    if any(len(r) > MAX_COLUMNS and any(_cell(v).text for v in r[MAX_COLUMNS:]) for r in raw):
        raise ReadProblem("r.too_wide", n=MAX_COLUMNS)
    body = raw[h_index + 1 :]
    width = max(map(len, body), default=0)
    if len(body) * min(width, MAX_COLUMNS) > MAX_SHEET_CELLS:  # whatever the reader let by
        raise ReadProblem("r.csv_extent", n=_MAX_CELLS_SAID)
    if width > MAX_COLUMNS:  # only empty cells there (checked above): not padded, not kept
        body = [r[:MAX_COLUMNS] for r in body]
        width = max(map(len, body), default=0)
    if any(len(r) != width for r in body):  # ragged rows (csv): padded with empty cells
        body = [list(r) + [None] * (width - len(r)) for r in body]
    raw_columns = list(zip(*body)) if body else []
    columns = [_cells(raw_columns[j]) if j < width else [_EMPTY] * len(body) for j in used]
    unnamed = sum(
        1
        for j in range(min(width, MAX_COLUMNS))
        if j not in used and any(c.text for c in _cells(raw_columns[j]))
    )
    if unnamed:
        warnings.append(("r.unnamed_columns", {"n": unnamed}))
    # Rows without any text in a named column are left out (blank lines, trailing formatting).
    texts = [list(map(itemgetter(0), col)) for col in columns]
    keep = list(map(any, zip(*texts))) if texts else []
    row_numbers = [h_index + 2 + i for i, k in enumerate(keep) if k]
    if not row_numbers:
        raise ReadProblem("r.no_rows")
    if len(row_numbers) < len(keep):
        columns = [list(compress(col, keep)) for col in columns]
    return Table(
        file_name=file_name,
        sheet=sheet,
        sheets=sheets,
        header_row=h_index + 1,
        headers=headers,
        row_numbers=row_numbers,
        columns=columns,
        warnings=warnings,
    )
