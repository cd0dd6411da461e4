"""Table downloads (CSV, XLSX) with spreadsheet formula injection neutralised.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab/carriage return) would be run
as a formula by Excel or LibreOffice; such text cells get a leading apostrophe. Numbers are
left alone, so a negative number stays a number.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    # UTF-8 with BOM so that Excel on Windows shows Indonesian names correctly.
    return safe_frame(df).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(
    df: pd.DataFrame, sheet: str = "Data", notes: Sequence[str] = (), notes_sheet: str = "Notes"
) -> bytes:
    """``df`` as a workbook; ``notes``: lines on a sheet of their own after it (what the
    table is: its selection and date, the demo mark)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        safe_frame(df).to_excel(writer, index=False, sheet_name=sheet[:31])
        ws = writer.sheets[sheet[:31]]
        for cells in ws.columns:
            width = max(len(str(c.value or "")) for c in cells)
            ws.column_dimensions[cells[0].column_letter].width = min(max(10, width + 2), 60)
        if notes:
            lines = safe_frame(pd.DataFrame({notes_sheet: list(notes)}))
            lines.to_excel(writer, index=False, header=False, sheet_name=notes_sheet[:31])
            writer.sheets[notes_sheet[:31]].column_dimensions["A"].width = 120
    return buf.getvalue()
