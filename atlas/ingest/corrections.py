"""Corrections made in the app to an uploaded file: cells retyped and rows dropped in the upload
page's grid, applied to the file as read, recorded with the import (masked), and written back
as a corrected file in the uploaded format."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from itertools import compress

import pandas as pd

from atlas.core.i18n import t
from atlas.core.privacy import shown_cell
from atlas.ingest.read import Cell, Table
from atlas.ingest.schema import private_headers
from atlas.ingest.values import clean

_EMPTY = Cell("", None)


@dataclass(frozen=True)
class Edits:
    """What the person changed: ``cells`` maps (spreadsheet row number, header as in the
    file) to the new text; ``dropped`` holds the row numbers left out."""

    cells: dict[tuple[int, str], str] = field(default_factory=dict)
    dropped: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.cells or self.dropped)

    def sha256(self, data: bytes) -> str:
        """The fingerprint of the file as saved, which is the file as corrected: the same
        upload with other corrections is another import, not "unchanged"."""
        h = hashlib.sha256(data)
        if self:
            # A left-out row's retyped cells are not saved: they do not count.
            cells = sorted(c for c in self.cells.items() if c[0][0] not in self.dropped)
            h.update(repr((cells, sorted(self.dropped))).encode())
        return h.hexdigest()

    def edit(self, row: int, header: str, text: str, original: str) -> Edits:
        """These edits with one more cell retyped (back to the file's own text: no edit)."""
        cells = dict(self.cells)
        text = clean(text)
        if text == original:
            cells.pop((row, header), None)
        else:
            cells[(row, header)] = text
        return Edits(cells, self.dropped)

    def drop(self, rows: set[int]) -> Edits:
        """These edits with ``rows`` left out (their retyped cells kept, should they be
        taken back)."""
        return Edits(self.cells, self.dropped | frozenset(rows))

    def keep(self, rows: set[int]) -> Edits:
        """These edits with ``rows`` taken back in."""
        return Edits(self.cells, self.dropped - frozenset(rows))


def apply(table: Table, edits: Edits) -> Table:
    """``table`` with the edits made: a retyped cell is text, as typed (a NIK typed into the
    grid is not a number cell); dropped rows are gone."""
    if not edits:
        return table
    at = {n: i for i, n in enumerate(table.row_numbers)}
    columns = [list(col) for col in table.columns]
    position = {h: j for j, h in enumerate(table.headers)}
    for (row, header), text in edits.cells.items():
        if row in at and header in position:
            columns[position[header]][at[row]] = Cell(text, text) if text else _EMPTY
    keep = [n not in edits.dropped for n in table.row_numbers]
    return Table(
        file_name=table.file_name,
        sheet=table.sheet,
        sheets=table.sheets,
        header_row=table.header_row,
        headers=table.headers,
        row_numbers=list(compress(table.row_numbers, keep)),
        columns=[list(compress(col, keep)) for col in columns],
        warnings=table.warnings,
    )


def log(table: Table, edits: Edits) -> list[dict]:
    """What was corrected, as the import run records it and the history page shows it: row,
    column, old value → new value; a KPM identifier masked whole, NIK-like runs anywhere."""
    private = private_headers(table.headers)
    at = {n: i for i, n in enumerate(table.row_numbers)}
    position = {h: j for j, h in enumerate(table.headers)}

    def shown(text: str, header: str) -> str:
        return shown_cell(text, header in private)

    out = []
    for (row, header), new in sorted(edits.cells.items()):
        if row not in at or header not in position or row in edits.dropped:
            continue
        old = table.columns[position[header]][at[row]].text
        out.append(
            {"row": row, "column": header, "old": shown(old, header), "new": shown(new, header)}
        )
    out += [{"row": row, "column": "", "old": "", "new": ""} for row in sorted(edits.dropped)]
    out.sort(key=lambda d: d["row"])
    return out


def sheet_title(name: str | None) -> str:
    """A worksheet title openpyxl accepts for ``name``: other programs write titles with
    ``/ : [ ] * ?``, or longer than 31 characters, that openpyxl refuses (the corrected
    file's download raised once a cell was corrected)."""
    from openpyxl.workbook.child import INVALID_TITLE_REGEX

    title = INVALID_TITLE_REGEX.sub("-", name or "").strip("'")[:31].strip()
    return title or "Data"


def corrected_file(table: Table, edits: Edits) -> bytes:
    """The file with the corrections, in the format it came in: a csv as UTF-8 csv, an xlsx as
    a one-sheet workbook of the header and the rows (typed cells keep their type; text is
    written as text, never as a formula). It goes back to the data staff member who uploaded
    it, as they wrote it, identifiers included: it is their file, to keep and upload again."""
    fixed = apply(table, edits)
    if not table.file_name.lower().endswith(".xlsx"):
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(fixed.headers)
        writer.writerows([c.text for c in cells] for _, cells in fixed.rows)
        return buf.getvalue().encode("utf-8")
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(fixed.sheet))

    def cell(value: object) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            c.data_type = "s"  # openpyxl takes a text starting with "=" for a formula
        return c

    ws.append([cell(h) for h in fixed.headers])
    for _, cells in fixed.rows:
        ws.append([cell(c.value) for c in cells])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def table(corrections: list[dict], lang: str) -> pd.DataFrame:
    """What was corrected in the app (``log``), to read."""
    dropped = t("up.corrections.dropped", lang)
    return pd.DataFrame(
        [
            {
                t("up.col.row", lang): c["row"],
                t("up.col.column", lang): c["column"] or dropped,
                t("up.col.old", lang): c["old"],
                t("up.col.new", lang): c["new"],
            }
            for c in corrections
        ]
    )
