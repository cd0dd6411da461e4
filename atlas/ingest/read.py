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
from dataclasses import dataclass, field
from datetime import date, datetime, time

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


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    value: object  # as stored: str, float, int, bool, datetime, date … or None
    is_number: bool = False


@dataclass
class Table:
    file_name: str
    sheet: str | None
    sheets: list[str]
    header_row: int  # spreadsheet row number of the header
    headers: list[str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)  # (row number, cells)
    warnings: list[tuple[str, dict]] = field(default_factory=list)


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
        return Cell(value.date().isoformat() if value.time() == time() else value.isoformat(" "), value)
    if isinstance(value, (date, time)):
        return Cell(value.isoformat(), value)
    text = clean(value)
    if len(text) > MAX_CELL_CHARS:
        raise ReadProblem("r.cell_too_long", n=MAX_CELL_CHARS)
    return Cell(text, text)


def _check_zip(data: bytes) -> bool:
    """Refuse zip bombs before anything is decompressed; True when a sheet holds formulas."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = 0
            for info in zf.infolist():
                total += info.file_size
                if info.compress_size and info.file_size / info.compress_size > MAX_RATIO \
                        and info.file_size > 10 * 1024 * 1024:
                    raise ReadProblem("r.zip_bomb")
            if total > MAX_UNCOMPRESSED:
                raise ReadProblem("r.zip_bomb")
            return any(b"<f>" in zf.read(i) or b"<f " in zf.read(i) for i in zf.infolist()
                       if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml"))
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
    if data[:2] == b"MZ" or b"\x00" in data[:4096] or file_name.lower().endswith((".xlsx", ".xlsm", ".xls")):
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
        return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
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
    if sheet is None:
        # The first visible sheet with data — preferring one whose header row we recognise,
        # so a filled-in template is read from "Data", not from its "Petunjuk" sheet.
        best = None
        for name in visible or wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if not any(any(c not in (None, "") for c in r) for r in rows):
                continue
            score = max((header_score([clean(c) for c in r if c is not None])
                         for r in rows[:HEADER_SEARCH_ROWS]), default=0)
            if best is None or score > best[0]:
                best = (score, name)
        if best is None:
            raise ReadProblem("r.no_rows")
        sheet = best[1]
    elif sheet not in wb.sheet_names:
        raise ReadProblem("r.sheet", sheet=sheet, sheets=", ".join(wb.sheet_names))
    ws = wb.get_sheet_by_name(sheet)
    if ws.merged_cell_ranges:
        warnings.append(("r.merged", {}))
    if (ws.width or 0) > MAX_COLUMNS * 5:
        raise ReadProblem("r.too_wide", n=MAX_COLUMNS)
    rows = ws.to_python(skip_empty_area=False)
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
    rows = [[_cell(v) for v in r] for r in raw]
    if any(len(r) > MAX_COLUMNS and any(c.text for c in r[MAX_COLUMNS:]) for r in rows):
        raise ReadProblem("r.too_wide", n=MAX_COLUMNS)
    rows = [r[:MAX_COLUMNS] for r in rows]
    nonblank = [(i, r) for i, r in enumerate(rows) if any(c.text for c in r)]
    if not nonblank:
        raise ReadProblem("r.empty")
    # The header is the row (near the top) that looks most like one; a title block above it
    # is skipped.
    candidates = nonblank[:HEADER_SEARCH_ROWS]
    best = max(candidates, key=lambda ir: (header_score([c.text for c in ir[1]]), -ir[0]))
    if header_score([c.text for c in best[1]]) == 0:
        best = candidates[0]
    h_index, header_cells = best
    used = [j for j, c in enumerate(header_cells) if c.text]
    headers = [header_cells[j].text for j in used]
    body = []
    unnamed = set()
    for i, r in list(enumerate(rows))[h_index + 1:]:
        cells = [r[j] if j < len(r) else Cell("", None) for j in used]
        unnamed |= {j for j, c in enumerate(r) if c.text and j not in used}
        if any(c.text for c in cells):
            body.append((i + 1, cells))
    if unnamed:
        warnings.append(("r.unnamed_columns", {"n": len(unnamed)}))
    if not body:
        raise ReadProblem("r.no_rows")
    return Table(file_name=file_name, sheet=sheet, sheets=sheets, header_row=h_index + 1,
                 headers=headers, rows=body, warnings=warnings)
