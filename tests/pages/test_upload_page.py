"""The upload and history pages under AppTest (file_uploader is supported there)."""

import pytest
from streamlit.testing.v1 import AppTest

from atlas.core.filters import Filter
from atlas.store import db, queries
from atlas.store.db import make_engine
from tests import hostile_files

from .conftest import sign_in


def page(name, url=None, role=None):
    at = AppTest.from_file(f"../../pages/{name}.py", default_timeout=60)
    return sign_in(at, url, role) if role else at


def test_viewers_cannot_use_upload_or_history(private_db):
    for name in ("upload", "history"):
        at = page(name).run()
        assert not at.exception
        assert any("masuk" in w.value for w in at.warning)
        assert not at.get("file_uploader") and not at.button
        at = page(name, private_db, "viewer").run()
        assert any("tidak untuk peran Anda" in e.value for e in at.error)
        assert not at.get("file_uploader") and [b.key for b in at.button] == ["signout"]


def test_upload_check_fix_commit_and_undo(private_db):
    engine = make_engine(private_db)
    with engine.begin() as conn:  # an earlier import (the demo's is of this very minute)
        db.set_meta(conn, "last_import_at", "2020-10-01T08:00:00")
    before = queries.summary(engine, Filter())["facilitators_roster"]
    at = page("upload", private_db, "data_staff").run()
    bad = b"id_pendamping,nama,jenis_kelamin,kabupaten_kota\nPDU1,Ani,X,Bantul\nPDU2,Budi,L,Semarang\n"
    at.get("file_uploader")[0].upload("roster.csv", bad, "text/csv").run()
    assert not at.exception
    problems = at.data_editor[0].value  # the rows with problems, to fix in place
    assert set(problems.index) == {2, 3}
    assert at.button(key="save_all").disabled

    good = (
        b"id_pendamping,nama,jenis_kelamin,kabupaten_kota\nPDU1,Ani,P,Bantul\nPDU2,Budi,L,Slemann\n"
    )
    at.get("file_uploader")[0].upload("roster.csv", good, "text/csv").run()
    assert at.button(key="save_all").disabled  # the fuzzy match is not confirmed yet
    at.checkbox(key="match_slemann").check().run()
    assert not at.button(key="save_all").disabled
    footer = next(c.value for c in at.caption if "impor terakhir" in c.value)
    at.button(key="save_all").click().run()
    assert any("impor #" in s.value for s in at.success)
    assert queries.summary(engine, Filter())["facilitators_roster"] == before + 2
    # The footer's freshness follows the import at once.
    assert next(c.value for c in at.caption if "impor terakhir" in c.value) != footer

    hist = page("history", private_db, "data_staff").run()
    assert "Daftar Pendamping · roster.csv" in hist.selectbox[0].format_func(
        hist.selectbox[0].value
    )  # the kind by its name, not "roster"
    hist.button(key="undo_ask").click().run()
    # Asked first, with what it will do; nothing is undone yet.
    assert "menghapus 2 baris" in hist.warning[0].value
    assert "mengembalikan 0 baris" in hist.warning[0].value
    assert queries.summary(engine, Filter())["facilitators_roster"] == before + 2
    hist.button(key="undo_yes").click().run()
    assert not hist.exception
    assert queries.summary(engine, Filter())["facilitators_roster"] == before
    # The result stays until dismissed.
    hist.run()
    assert "2 baris tambahannya dihapus" in hist.success[0].value
    hist.button(key="undo_dismiss").click().run()
    assert not hist.success


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("program.xlsx", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("empty.csv", b""),
        ("header-only.csv", b"id_pendamping,nama,kabupaten_kota\n"),
        (
            "locked.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
        ),
        ("far-corner.xlsx", hostile_files.FAR_CORNER),  # took the whole server down
        ("far-row.xlsx", hostile_files.FAR_ROW),
        ("ragged.csv", hostile_files.RAGGED_CSV),  # 3,7 GB in the server
        ("shared-text.xlsx", hostile_files.SHARED_TEXT),  # 640 MB in the server
    ],
)
def test_hostile_uploads_get_a_message_and_write_nothing(private_db, name, data):
    from sqlalchemy import func, select

    from atlas.store.models import ImportRun

    engine = make_engine(private_db)
    at = page("upload", private_db, "data_staff").run()
    at.get("file_uploader")[0].upload(name, data, "application/octet-stream").run()
    assert not at.exception
    assert len(at.error) == 1 and not at.dataframe  # one message about the whole file
    assert at.button(key="save_all").disabled and at.button(key="save_valid").disabled
    with engine.connect() as conn:
        assert (
            conn.execute(select(func.count()).select_from(ImportRun)).scalar() == 1
        )  # the demo only


def test_one_count_line_that_matches_the_problems_and_a_fresh_page_after_save(private_db):
    """The count line is written once, in the terms of the problem list (rows with problems,
    rows awaiting a confirmed name); after Save the page says what was saved, offers the
    left-out rows once, and is ready for the next file."""
    at = page("upload", private_db, "data_staff").run()
    data = (
        b"id_pendamping,nama,jenis_kelamin,kabupaten_kota\n"
        b"PDV1,Ani,X,Bantul\nPDV2,Budi,L,Slemann\nPDV3,Citra,P,Sleman\n"
    )
    at.get("file_uploader")[0].upload("roster.csv", data, "text/csv").run()

    def count_lines():
        return [m.value for m in at.markdown if m.value.startswith("Baris ")]

    first = (
        "Baris 3 · baru 1 · diubah 0 · sama 0 · 1 baris bermasalah (1 masalah)"
        " · 1 baris menunggu konfirmasi nama wilayah"
    )
    assert count_lines() == [first]
    at.checkbox(key="match_slemann").check().run()
    assert count_lines() == [
        "Baris 3 · baru 2 · diubah 0 · sama 0 · 1 baris bermasalah (1 masalah)"
    ]
    at.button(key="save_valid").click().run()
    assert not at.exception
    assert [s.value for s in at.success if "impor #" in s.value]
    # Reset for the next file: no check result, no Save button (the uploader is empty).
    assert not count_lines() and not any("belum disimpan" in h.value for h in at.subheader)
    assert {"save_all", "save_valid"}.isdisjoint(b.key for b in at.button)
    reports = [b for b in at.get("download_button") if "laporan" in b.proto.label]
    assert len(reports) == 1  # the left-out row, once


def test_rows_fixed_in_the_grid_are_checked_again_saved_and_shown_in_the_history(private_db):
    """Fix in place: a refused cell retyped in the grid and a row left out there are checked
    again at once; Save commits the corrected rows; the run records the corrections and the
    history page shows them; the corrected file can be downloaded."""
    engine = make_engine(private_db)
    before = queries.summary(engine, Filter())["facilitators_roster"]
    at = page("upload", private_db, "data_staff").run()
    bad = (
        b"id_pendamping,nama,jenis_kelamin,kabupaten_kota\n"
        b"PDG1,Ani,X,Bantul\nPDG2,Budi,L,Planet Mars\nPDG3,Citra,P,Sleman\n"
    )
    at.get("file_uploader")[0].upload("roster.csv", bad, "text/csv").run()
    (grid,) = at.data_editor
    assert list(grid.value.index) == [2, 3]
    assert "jenis_kelamin:" in grid.value.loc[2, "Masalah"]
    assert at.button(key="save_all").disabled
    # What the grid reports after a person typed "P" in row 2 and left row 3 out.
    at.session_state[grid.key] = {
        "edited_rows": {0: {"jenis_kelamin": "P"}, 1: {"Lewati": True}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    assert not at.data_editor  # nothing left to fix
    assert any("Semua baris valid" in s.value for s in at.success)
    assert [m.value for m in at.markdown if m.value.startswith("Baris ")] == [
        "Baris 2 · baru 2 · diubah 0 · sama 0"
    ]
    corrected = at.get("download_button")
    assert any("dikoreksi" in b.proto.label or "koreksi" in b.proto.label for b in corrected)
    at.button(key="save_all").click().run()
    assert not at.exception
    assert any("impor #" in s.value for s in at.success)
    assert queries.summary(engine, Filter())["facilitators_roster"] == before + 2

    hist = page("history", private_db, "data_staff").run()
    shown = [e.label for e in hist.expander]
    assert any("Koreksi di aplikasi pada impor #" in label for label in shown)
    table = hist.dataframe[-1].value
    assert list(table["Baris"]) == [2, 3]
    assert list(table["Isi baru"]) == ["P", ""]


def test_a_check_the_server_no_longer_holds_is_said_not_lost_silently(private_db):
    """After a restart (or a reload) the server has no file for this tab: the link still
    carries the mark of the file being checked, and the page says it must be chosen again."""
    at = page("upload", private_db, "data_staff")
    at.query_params["cek"] = "0123456789ab"
    at.run()
    assert not at.exception
    assert any("tidak lagi ada di server" in w.value for w in at.warning)
    assert "cek" not in at.query_params
    at.run()
    assert not any("tidak lagi ada di server" in w.value for w in at.warning)


def test_repeated_and_reserved_headers_reach_the_grid_and_the_reports(private_db):
    """Two columns of one name, or one named "_index", had crashed the grid (Streamlit's
    editor refuses both): the traceback showed and no grid, report or save button came.
    The repeat is renamed and said; "_index" is edited like any column; the reports and the
    corrected file are written."""
    import io

    import openpyxl

    from atlas.ingest import report, upload_screen
    from atlas.ingest.corrections import Edits, corrected_file
    from atlas.ingest.read import read
    from atlas.ingest.validate import Problem

    at = page("upload", private_db, "data_staff").run()
    data = (
        b"id_pendamping,nama,nama,_index,jenis_kelamin,kabupaten_kota\n"
        b"PDH1,Ani,Ani A.,x,X,Bantul\nPDH2,Budi,Budi B.,y,L,Sleman\n"
    )
    at.get("file_uploader")[0].upload("ganda.csv", data, "text/csv").run()
    assert not at.exception
    assert any("dinamai ulang (nama \\(2\\))" in i.value for i in at.info), [
        i.value for i in at.info
    ]
    (grid,) = at.data_editor
    assert list(grid.value.index) == [2]
    assert {"nama", "nama (2)", "_index "} <= set(grid.value.columns)
    at.session_state[grid.key] = {
        "edited_rows": {0: {"jenis_kelamin": "P", "_index ": "z"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception and not at.data_editor
    assert any("Semua baris valid" in s.value for s in at.success)

    table = read(data, "ganda.csv")
    problems = [Problem(2, "jenis_kelamin", "X", "v.choice", {"allowed": "L, P"})]
    book = openpyxl.load_workbook(io.BytesIO(report.error_workbook(table, problems, "id")))
    header = [c.value for c in next(book.active.iter_rows())]
    assert header[1:5] == ["id_pendamping", "nama", "nama (2)", "_index"]
    fixed = corrected_file(table, Edits().edit(2, "_index", "z", "x")).decode().splitlines()
    assert fixed[0].startswith("id_pendamping,nama,nama (2),_index") and ",z," in fixed[1]
    assert upload_screen.grid_columns(["_index", "_index "]) == ["_index  ", "_index "]


def test_a_sheet_title_openpyxl_refuses_still_gives_a_corrected_file():
    """Other programs write sheet titles with / : [ ] * ? or over 31 characters; the
    corrected file's download raised once a cell was corrected."""
    import io

    import openpyxl

    from atlas.ingest.corrections import Edits, corrected_file, sheet_title
    from atlas.ingest.read import read

    data = hostile_files.xlsx(hostile_files.HEADER)
    table = read(data, "aneh.xlsx")
    for title, written in [
        ("Data/2020: [final]*?", "Data-2020- -final---"),
        ("x" * 40, "x" * 31),
        ("'", "Data"),
    ]:
        table.sheet = title
        book = openpyxl.load_workbook(
            io.BytesIO(corrected_file(table, Edits().edit(2, "nama", "Sri W.", "Sri")))
        )
        assert book.sheetnames == [written] == [sheet_title(title)]
        assert [c.value for c in book.active[2]] == ["PD9001", "Sri W.", "Sleman"]


def test_a_ragged_csv_on_the_page_is_refused_within_bounded_memory(private_db):
    """The 2 MB csv that grew the server to 3,7 GB, uploaded on the page: a clear refusal,
    nothing stored, and what the page's process allocated meanwhile stays under 500 MB."""
    import tracemalloc

    from sqlalchemy import func, select

    from atlas.store.models import ImportRun

    at = page("upload", private_db, "data_staff").run()
    tracemalloc.start()
    try:
        at.get("file_uploader")[0].upload("lebar.csv", hostile_files.RAGGED_CSV, "text/csv").run()
        peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    assert not at.exception
    assert [e.value for e in at.error if "Baris 2 berkas punya lebih dari 200 kolom" in e.value]
    assert peak_mb < 500, peak_mb
    with make_engine(private_db).connect() as conn:
        assert conn.execute(select(func.count()).select_from(ImportRun)).scalar() == 1


def test_a_save_into_the_demo_says_what_it_does_first(private_db):
    """Nothing warned before the first real import into the demo database; now the page
    says, beside the save buttons, that the figures will mix and stay marked."""
    at = page("upload", private_db, "data_staff").run()
    data = b"id_pendamping,nama,jenis_kelamin,kabupaten_kota\nPDW1,Ani,P,Bantul\n"
    at.get("file_uploader")[0].upload("roster.csv", data, "text/csv").run()
    assert not at.exception and not at.button(key="save_all").disabled
    (warning,) = [w.value for w in at.warning if "data contoh" in w.value]
    assert "tetap bertanda" in warning and "mengembalikan" in warning


def test_an_admin_removes_the_demo_data_first_with_one_confirmation(private_db):
    """Beside the warning, data staff are told to ask an admin; an admin gets "remove the
    demo data first", asked once with what it deletes, audited; the demo is gone and the
    file still waits to be saved, now alone."""
    from atlas.store import audit, origin
    from atlas.store.db import make_engine

    data = b"id_pendamping,nama,jenis_kelamin,kabupaten_kota\nPDW1,Ani,P,Bantul\n"
    staff = page("upload", private_db, "data_staff").run()
    staff.get("file_uploader")[0].upload("roster.csv", data, "text/csv").run()
    (warning,) = [w.value for w in staff.warning if "data contoh" in w.value]
    assert "minta admin" in warning
    assert not [b for b in staff.button if b.key == "demo_ask"]

    at = page("upload", private_db, "admin").run()
    at.get("file_uploader")[0].upload("roster.csv", data, "text/csv").run()
    at.button(key="demo_ask").click().run()
    (ask,) = [w.value for w in at.warning if "Lanjutkan?" in w.value]
    assert r"4\.371 pendamping" in ask and "usaha" in ask  # Markdown-escaped
    engine = make_engine(private_db)
    with engine.connect() as conn:
        assert origin.demo_rows(conn)  # nothing at the first click
    at.button(key="demo_yes").click().run()
    assert not at.exception
    assert any("Data contoh dihapus" in s.value for s in at.success)
    assert not [w for w in at.warning if "data contoh" in w.value]
    assert not at.button(key="save_all").disabled
    with engine.connect() as conn:
        assert not origin.demo_rows(conn)
    assert audit.recent(engine, limit=1, action="demo_removed")
