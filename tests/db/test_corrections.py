"""Corrections made in the app (issue #14, "fix in place"): refused cells retyped and rows
dropped are checked as if the file had them, saved, and recorded with the run (identifiers
masked); the corrected file comes back in the uploaded format. On both engines."""

from __future__ import annotations

import io
import json

from openpyxl import load_workbook
from sqlalchemy import select

from atlas.core.access import Principal
from atlas.ingest import importer
from atlas.ingest.corrections import Edits, corrected_file
from atlas.ingest.read import read
from atlas.store.models import Enterprise, Facilitator, ImportRun

from .conftest import xlsx
from .test_kpm_identifier import _everything_stored

STAFF = Principal("operator", "data_staff")
ROSTER = (
    b"id_pendamping,nama,jenis_kelamin,kabupaten_kota\n"
    b"PDK001,Ani,X,Bantul\nPDK002,Budi,L,Planet Mars\nPDK003,Citra,P,Sleman\n"
)
NIK = "3404014508900077"


def _stored_corrections(engine, run_id: int) -> list[dict]:
    with engine.connect() as conn:
        text = conn.execute(
            select(ImportRun.corrections).where(ImportRun.id == run_id)
        ).scalar_one()
    return json.loads(text)


def test_retyped_cells_and_dropped_rows_are_checked_saved_and_recorded(loaded):
    first = importer.run(loaded, ROSTER, "roster.csv", actor=STAFF)
    assert sorted((p.row, p.column) for p in first.problems) == [
        (2, "jenis_kelamin"),
        (3, "kabupaten_kota"),
    ]
    edits = Edits().edit(2, "jenis_kelamin", " P ", "X").drop({3})
    checked = importer.run(loaded, ROSTER, "roster.csv", actor=STAFF, edits=edits)
    assert checked.status == "ok" and checked.problems == []
    assert checked.counts["rows"] == 2 and checked.counts["new"] == 2

    saved = importer.run(loaded, ROSTER, "roster.csv", dry_run=False, actor=STAFF, edits=edits)
    assert saved.status == "committed"
    with loaded.connect() as conn:
        names = dict(
            conn.execute(
                select(Facilitator.official_id, Facilitator.sex).where(
                    Facilitator.official_id.like("PDK%")
                )
            ).all()
        )
    assert names == {"PDK001": "P", "PDK003": "P"}  # the dropped row is not imported
    assert _stored_corrections(loaded, saved.run_id) == [
        {"row": 2, "column": "jenis_kelamin", "old": "X", "new": "P"},
        {"row": 3, "column": "", "old": "", "new": ""},
    ]
    # The same upload with other corrections (or none) is another import, not "unchanged".
    again = importer.run(loaded, ROSTER, "roster.csv", actor=STAFF)
    assert again.status != "unchanged"


def test_a_retyped_nik_is_accepted_and_stored_masked_in_the_record(loaded):
    data = xlsx(
        ["id_kpm", "nama_usaha", "sektor", "kabupaten_kota", "omzet_bulanan"],
        [[int(NIK), "Warung Koreksi", "kuliner", "Sleman", 1]],  # a number cell: refused
    )
    first = importer.run(loaded, data, "u.xlsx", actor=STAFF)
    assert [p.key for p in first.problems] == ["v.nik_number"]
    edits = Edits().edit(2, "id_kpm", NIK, first.problems[0].value)
    saved = importer.run(loaded, data, "u.xlsx", dry_run=False, actor=STAFF, edits=edits)
    assert saved.status == "committed", saved.problems
    with loaded.connect() as conn:
        masked = conn.execute(
            select(Enterprise.kpm_masked).where(Enterprise.name == "Warung Koreksi")
        ).scalar_one()
    assert masked == "3404********0077"
    record = _stored_corrections(loaded, saved.run_id)
    assert record == [
        # The old cell as read (a number: "3404014508900077.0"), masked like the new one.
        {"row": 2, "column": "id_kpm", "old": "3404********77.0", "new": "3404********0077"}
    ]
    assert NIK not in _everything_stored(loaded)


def test_the_corrected_file_comes_back_in_its_format():
    csv_table = read(ROSTER, "roster.csv")
    edits = Edits().edit(2, "jenis_kelamin", "P", "X").drop({3})
    body = corrected_file(csv_table, edits).decode("utf-8")
    assert body.splitlines() == [
        "id_pendamping,nama,jenis_kelamin,kabupaten_kota",
        "PDK001,Ani,P,Bantul",
        "PDK003,Citra,P,Sleman",
    ]

    data = xlsx(["id_kpm", "nama_usaha", "omzet_bulanan"], [["P3404-1", "=1+1", 1500000]])
    table = read(data, "u.xlsx")
    out = corrected_file(table, Edits().edit(2, "nama_usaha", "=2+2", "=1+1"))
    ws = load_workbook(io.BytesIO(out)).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows == [["id_kpm", "nama_usaha", "omzet_bulanan"], ["P3404-1", "=2+2", 1500000]]
    assert ws.cell(2, 2).data_type == "s"  # text, never a formula


def test_the_grid_holds_only_rows_with_problems_a_page_at_a_time_identifiers_masked(loaded):
    from dataclasses import replace

    from atlas.ingest import upload_screen

    head = ["id_kpm", "nama_usaha", "sektor", "kabupaten_kota", "omzet_bulanan"]
    rows = [[f"P3404-{i:06d}", f"Usaha {i}", "kuliner", "Sleman", 1] for i in range(200)]
    for i in range(0, 120, 2):  # 60 rows with an unknown sector, among 200
        rows[i][2] = "bukan-sektor"
    rows[4][0] = NIK  # a NIK typed as text, in a refused row: shown masked
    upload = upload_screen.Upload("u.xlsx", xlsx(head, rows))
    first = upload_screen.screen(upload, loaded, STAFF, "id")
    grid = first.grid
    assert (grid.total_rows, grid.pages, len(grid.rows)) == (60, 2, upload_screen.GRID_ROWS)
    assert grid.rows[:3] == [2, 4, 6] and grid.faulty[0] == {"sektor"}
    assert grid.shown[2]["id_kpm"] == "3404********0077"
    assert NIK not in repr(first)

    second = upload_screen.screen(replace(upload, page=1), loaded, STAFF, "id")
    assert second.grid.rows == list(range(102, 122, 2))
    # The sector retyped on the second page, the rest of that page left out.
    leave = second.grid.leave_out_column
    change = {
        "edited_rows": {
            0: {"sektor": "kuliner"},
            **{i: {leave: True} for i in range(1, len(second.grid.rows))},
        }
    }
    fixed = upload_screen.with_grid_change(replace(upload, page=1), second.grid, change)
    assert fixed.revision == 1 and len(fixed.edits.dropped) == 9
    after = upload_screen.screen(fixed, loaded, STAFF, "id")
    # The fixed and the left-out rows stay where they were, saying so: nothing moved under
    # the person's cursor, and the editor keeps its key (its scroll and its state).
    assert after.grid.total_rows == 50 and after.grid.pages == 2 and after.grid.page == 1
    assert after.grid.rows == second.grid.rows and after.grid.key == second.grid.key
    assert after.grid.fixed == [True] + [False] * 9
    assert after.grid.left_out == [False] + [True] * 9
    assert after.grid.problems[:2] == ["✓ Sudah benar", "Dilewati: baris ini tidak disimpan"]
    # A left-out row taken back in has its problem again.
    back = upload_screen.with_grid_change(fixed, after.grid, {"edited_rows": {1: {leave: False}}})
    again = upload_screen.screen(back, loaded, STAFF, "id")
    assert again.grid.total_rows == 51 and "sektor:" in again.grid.problems[1]
    assert after.result.counts["rows"] == 191
