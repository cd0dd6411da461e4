"""Row checks of uploads: every problem at once, with spreadsheet row numbers."""

import pytest

from atlas.ingest.read import read
from atlas.ingest.regions import RegionResolver
from atlas.ingest.validate import check
from geo import boundaries


@pytest.fixture(scope="module")
def resolver():
    return RegionResolver(boundaries.load_regions())


def csv(text):
    return read(text.encode(), "upload.csv")


def test_a_clean_roster(resolver):
    t = csv(
        "ID Pendamping,Nama,JK,Kab/Kota,Jabatan,Tanggal Bergabung\n"
        "pd001,Sri Lestari,Perempuan,Kab. Sleman,Pendamping,04/01/2016\n"
        "PD002,Budi,L,3402,korkab,2017-02-01\n"
    )
    c = check(t, "roster", resolver)
    assert c.problems == []
    assert [r["kabupaten_kota"] for r in c.records] == ["34.04", "34.02"]
    assert c.records[0]["id_pendamping"] == "PD001" and c.records[0]["jenis_kelamin"] == "P"
    assert c.records[1]["jabatan"] == "Koordinator Kabupaten/Kota"


def test_all_problems_at_once_with_rows_and_columns(resolver):
    t = csv(
        "id_pendamping,nama,jenis_kelamin,kabupaten_kota,tanggal_bergabung\n"
        "PD1,Sri,X,Sleman,kemarin\n"  # row 2: sex and date
        "PD2,,L,Semarang,01/01/2018\n"  # row 3: name missing, ambiguous regency
        "PD1,Budi,L,Bantul,01/01/2018\n"
    )  # row 4: duplicate of row 2
    c = check(t, "roster", resolver)
    got = {(p.row, p.column, p.key) for p in c.problems}
    assert (2, "jenis_kelamin", "v.choice") in got
    assert (2, "tanggal_bergabung", "v.date") in got
    assert (3, "nama", "v.required") in got
    assert (3, "kabupaten_kota", "v.region_ambiguous") in got
    assert c.records == [] or all(r["_row"] not in (2, 3) for r in c.records)


def test_missing_required_column(resolver):
    c = check(csv("id_pendamping,nama\nPD1,Sri\n"), "roster", resolver)
    assert [(p.row, p.key) for p in c.problems] == [(None, "u.missing_column")]


def test_fuzzy_regions_wait_for_confirmation(resolver):
    c = check(csv("id_pendamping,nama,kabupaten_kota\nPD1,Sri,Slemann\n"), "roster", resolver)
    assert c.problems == [] and len(c.matches) == 1
    assert c.matches[0].match.code == "34.04" and c.matches[0].row == 2


def test_province_column_settles_the_candidates(resolver):
    c = check(
        csv("id_pendamping,nama,kabupaten_kota,provinsi\nPD1,Sri,Kab Malang,Jatim\n"),
        "roster",
        resolver,
    )
    assert c.records[0]["kabupaten_kota"] == "35.07"


def test_batches_rules(resolver):
    t = csv(
        "angkatan,gelombang,tanggal_mulai,tanggal_selesai,moda\n"
        "Angkatan 113,IX,16 Oktober 2020,27 Okt 2020,online\n"
        "114,Gelombang IX,27/10/2020,16/10/2020,daring\n"
        "113,X,16/10/2020,27/10/2020,daring\n"
    )
    c = check(t, "batches", resolver)
    keys = {(p.row, p.key) for p in c.problems}
    assert (3, "u.end_before_start") in keys
    assert (4, "u.duplicate") in keys
    assert c.records[0]["gelombang"] == 9 and c.records[0]["moda"] == "daring"


def test_nik_typed_as_a_number_is_explained(resolver):
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id_kpm", "nama_usaha", "sektor", "kabupaten_kota", "omzet_bulanan"])
    ws.append([3404014508900001, "Warung", "makanan", "Sleman", "Rp 1.500.000"])
    ws.append(["3404014508900002", "Toko", "warung", "Sleman", "750000"])
    buf = io.BytesIO()
    wb.save(buf)
    c = check(read(buf.getvalue(), "u.xlsx"), "enterprises", resolver, nik_provinces={"34"})
    assert [(p.row, p.key) for p in c.problems] == [(2, "v.nik_number")]
    assert c.records[0]["omzet_bulanan"] == 750_000 and c.records[0]["sektor"] == "perdagangan"
