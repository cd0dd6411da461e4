"""Small hostile spreadsheets, built by hand (no library would write them)."""

from __future__ import annotations

import io
import re
import zipfile

_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
    '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
HEADER = [
    ("A1", "id_pendamping"),
    ("B1", "nama"),
    ("C1", "kabupaten_kota"),
    ("A2", "PD9001"),
    ("B2", "Sri"),
    ("C2", "Sleman"),
]


def xlsx(cells: list[tuple[str, str]], dimension: str | None = None) -> bytes:
    """An xlsx whose one sheet holds ``cells`` ((reference, text) pairs) and nothing else."""
    rows: dict[int, list[tuple[str, str]]] = {}
    for ref, value in cells:
        rows.setdefault(int(re.match(r"[A-Z]+(\d+)", ref).group(1)), []).append((ref, value))
    body = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>' for ref, v in cs)
        + "</row>"
        for r, cs in sorted(rows.items())
    )
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main">{dim}<sheetData>{body}</sheetData></worksheet>'
    )
    return _package(sheet)


def _package(sheet: str, shared_strings: str | None = None) -> bytes:
    """A workbook of one worksheet's XML (and a shared-strings part, when given)."""
    types, rels = (_TYPES, _WB_RELS) if shared_strings is None else (_SHARED_TYPES, _SHARED_WB_RELS)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", rels)
        if shared_strings is not None:
            zf.writestr("xl/sharedStrings.xml", shared_strings)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return buf.getvalue()


# Four cells near A1 and one at the last row and column: 2 KB that asked for about 33 GB.
FAR_CORNER = xlsx([*HEADER, ("XFD1048576", "x")])
# One cell at GR100000: 2 KB that peaked at 976 MB.
FAR_ROW = xlsx([*HEADER, ("GR100000", "x")])


def ragged_csv(short_rows: int) -> bytes:
    """A header, one row of two million empty cells, then ``short_rows`` short rows: 2 MB
    that passed the cell count before parsing, then was padded to the widest row (with 100
    short rows the server grew to 3,7 GB; with 2.000 it asked for about 64 GB)."""
    rows = b"".join(b"PD9%03d,Sri,Sleman\n" % i for i in range(short_rows))
    return b"id_pendamping,nama,kabupaten_kota\n" + b"," * 2_000_000 + b"\n" + rows


RAGGED_CSV = ragged_csv(100)

_SHARED_TYPES = _TYPES.replace(
    "</Types>",
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
)
_SHARED_WB_RELS = _WB_RELS.replace(
    "</Relationships>",
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
)


def one_shared_string(rows: int, columns: int = 16, chars: int = 5_000) -> bytes:
    """Every cell of a ``rows`` × ``columns`` sheet points at one shared string of ``chars``
    characters: with 4.000 rows, 170 KB that cost the server 640 MB per upload."""
    letters = [chr(65 + j) for j in range(columns)]
    body = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>0</v></c>' for c in letters) + "</row>"
        for r in range(1, rows + 1)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>'
    )
    strings = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{"x" * chars}</t></si></sst>'
    )
    return _package(sheet, strings)


SHARED_TEXT = one_shared_string(4_000)
