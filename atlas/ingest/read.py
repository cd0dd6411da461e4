"""Reading an uploaded xlsx/csv into rows of cells, safely.

Cells keep both their text and the value the spreadsheet stored (so a NIK typed as a number
is recognised as such — ``pd.read_excel(dtype=str)`` would hide it). Row numbers are the
spreadsheet's own (header on row 1 → first data row is row 2; a title block moves them).
Files that are not spreadsheets, corrupt, encrypted, zip bombs, empty, too wide or with
giant cells are refused with a ``ReadProblem`` that says what to do; nothing is written.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
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


class ReadProblem(ValueError):
    """The file cannot be used at all; ``key``/``params`` name the message in atlas.i18n."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


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


def _check_zip(data: bytes) -> bool:
    """Refuse zip bombs before anything is decompressed; True when a sheet holds formulas."""
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
            sheets = (
                zf.read(i)
                for i in zf.infolist()
                if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")
            )
            return any(b"<f>" in xml or b"<f " in xml for xml in sheets)  # each sheet unpacked once
    except zipfile.BadZipFile:
        raise ReadProblem("r.corrupt") from None


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
    text = _decode(data)
    sample = text[:20000]
    counts = {d: sample.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    csv.field_size_limit(MAX_CELL_CHARS * 4)
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        raise ReadProblem("r.cell_too_long", n=MAX_CELL_CHARS) from None


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
            loaded[name] = (ws, ws.to_python(skip_empty_area=False))
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


def read(data: bytes, file_name: str, sheet: str | None = None) -> Table:
    """Read an uploaded file; ``sheet`` picks a worksheet (default: the first visible one
    with data)."""
    kind = _kind_of_file(data, file_name)
    warnings: list[tuple[str, dict]] = []
    if kind == "xls":
        raise ReadProblem("r.xls")
    if kind == "xlsx":
        sheet, sheets, raw, warnings = _xlsx(data, sheet)
    else:
        sheet, sheets, raw = None, [], _csv_rows(data)
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
    headers = [header_cells[j].text for j in used]
    if any(len(r) > MAX_COLUMNS and any(_cell(v).text for v in r[MAX_COLUMNS:]) for r in raw):
        raise ReadProblem("r.too_wide", n=MAX_COLUMNS)
    body = raw[h_index + 1 :]
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
