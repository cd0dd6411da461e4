"""Table downloads (CSV, XLSX) with spreadsheet formula injection neutralised.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab/carriage return) would be run
as a formula by Excel or LibreOffice; such text cells get a leading apostrophe. Numbers are
left alone, so a negative number stays a number.
"""

from __future__ import annotations

import io

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


def to_xlsx(df: pd.DataFrame, sheet: str = "Data") -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        safe_frame(df).to_excel(writer, index=False, sheet_name=sheet[:31])
        ws = writer.sheets[sheet[:31]]
        for cells in ws.columns:
            width = max(len(str(c.value or "")) for c in cells)
            ws.column_dimensions[cells[0].column_letter].width = min(max(10, width + 2), 60)
    return buf.getvalue()
