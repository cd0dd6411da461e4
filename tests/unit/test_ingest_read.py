"""Reading uploads: layouts people make, and hostile files."""

import io
import zipfile

import openpyxl
import pytest

from atlas.core.i18n import MESSAGES
from atlas.ingest.read import MAX_COLUMNS, ReadProblem, read
from atlas.ingest.schema import detect_kind


def xlsx(rows, *, title=None, hidden_first=False, merge=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    if hidden_first:
        ws.title = "Petunjuk"
        ws.append(["id_pendamping", "nama", "kabupaten_kota"])
        ws.append(["X", "hidden", "Sleman"])
        ws.sheet_state = "hidden"
        ws = wb.create_sheet("Data")
    if title:
        ws.append([title])
        ws.append([])
    for r in rows:
        ws.append(r)
    if merge:
        ws.merge_cells(merge)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_title_block_and_blank_rows_keep_spreadsheet_row_numbers():
    t = read(
        xlsx(
            [
                ["ID Pendamping", "Nama", "Kab/Kota"],
                ["PD1", "Sri", "Sleman"],
                [],
                ["PD2", "Budi", "Bantul"],
            ],
            title="DAFTAR PENDAMPING",
        ),
        "a.xlsx",
    )
    assert t.header_row == 3
    assert [n for n, _ in t.rows] == [4, 6]
    assert detect_kind(t.headers) == "roster"


def test_header_on_row_one_means_data_from_row_two():
    t = read(b"id_pendamping,nama,kabupaten_kota\nPD1,Sri,Sleman\n", "a.csv")
    assert t.header_row == 1 and t.rows[0][0] == 2


def test_numbers_are_told_apart_from_text():
    t = read(
        xlsx(
            [["id_kpm", "nama_usaha"], [3404014508900001, "Warung"], ["3404014508900002", "Toko"]]
        ),
        "e.xlsx",
    )
    first, second = t.rows[0][1][0], t.rows[1][1][0]
    assert first.is_number and not second.is_number


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("id_pendamping;nama;kabupaten_kota\nPD1;Désirée;Sleman\n", "utf-8-sig"),
        ("id_pendamping,nama,kabupaten_kota\nPD1,Désirée,Sleman\n", "utf-8"),
        ("id_pendamping;nama;kabupaten_kota\nPD1;Désirée;Sleman\n", "cp1252"),
    ],
)
def test_csv_delimiters_and_encodings(data, encoding):
    t = read(data.encode(encoding), "a.csv")
    assert [c.text for c in t.rows[0][1]] == ["PD1", "Désirée", "Sleman"]


def test_hidden_sheets_are_skipped_by_default_and_can_be_chosen():
    data = xlsx(
        [["id_pendamping", "nama", "kabupaten_kota"], ["PD1", "Sri", "Sleman"]], hidden_first=True
    )
    assert read(data, "a.xlsx").sheet == "Data"
    assert read(data, "a.xlsx", sheet="Petunjuk").rows[0][1][1].text == "hidden"
    with pytest.raises(ReadProblem) as err:
        read(data, "a.xlsx", sheet="Nope")
    assert err.value.key == "r.sheet"


def test_merged_cells_are_reported():
    t = read(
        xlsx(
            [["id_pendamping", "nama", "kabupaten_kota"], ["PD1", "Sri", "Sleman"]], merge="A2:B2"
        ),
        "a.xlsx",
    )
    assert ("r.merged", {}) in t.warnings


def zip_bomb():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (400 * 1024 * 1024))
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "key"),
    [
        (b"", "empty.xlsx", "r.empty"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "program.xlsx", "r.not_spreadsheet"),
        (b"PK\x03\x04this is not really a zip", "corrupt.xlsx", "r.corrupt"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "locked.xlsx",
            "r.password",
        ),
        (b"id_pendamping,nama,kabupaten_kota\n", "header-only.csv", "r.no_rows"),
        (b"x" * (26 * 1024 * 1024), "huge.csv", "r.too_big"),
        (
            (
                ",".join(f"c{i}" for i in range(10_000))
                + "\n"
                + ",".join("1" for _ in range(10_000))
            ).encode(),
            "wide.csv",
            "r.row_too_wide",
        ),
        (
            b"id_pendamping,nama\nPD1," + b"a" * 1_000_000 + b"\n",
            "giant-cell.csv",
            "r.cell_too_long",
        ),
    ],
)
def test_hostile_files_are_refused_with_a_reason(data, name, key):
    with pytest.raises(ReadProblem) as err:
        read(data, name)
    assert err.value.key == key
    assert key in MESSAGES


def test_zip_bomb_is_refused_before_decompressing():
    with pytest.raises(ReadProblem) as err:
        read(zip_bomb(), "bomb.xlsx")
    assert err.value.key == "r.zip_bomb"


def test_columns_beyond_the_limit_without_data_are_fine():
    header = ["id_pendamping", "nama", "kabupaten_kota"] + [""] * (MAX_COLUMNS + 50)
    t = read((",".join(header) + "\nPD1,Sri,Sleman\n").encode(), "a.csv")
    assert t.headers == ["id_pendamping", "nama", "kabupaten_kota"]


def test_formulas_are_read_as_values_with_a_warning():
    t = read(
        xlsx([["id_pendamping", "nama", "kabupaten_kota"], ["PD1", '="Sri"', "Sleman"]]), "f.xlsx"
    )
    assert ("r.formulas", {}) in t.warnings
