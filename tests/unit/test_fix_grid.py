"""The upload page's grid of rows with problems (``ui.tables.fix_grid``), as data staff see it."""

from atlas.ingest.upload_screen import Grid
from ui.tables import fix_grid


def test_the_columns_with_a_problem_come_first_after_the_pinned_problems():
    """The column to fix had been off-screen to the right of a wide file (issue #32)."""
    headers = ["id_usaha", "id_kpm", "nama_usaha", "sektor", "kabupaten_kota", "tanggal_mulai"]
    grid = Grid(
        headers=headers,
        columns=headers,
        rows=[7, 9],
        shown=[dict.fromkeys(headers, "x"), dict.fromkeys(headers, "y")],
        problems=["tanggal_mulai: bukan tanggal", "sektor: tidak dikenal"],
        faulty=[{"tanggal_mulai"}, {"sektor"}],
        page=0,
        pages=1,
        total_rows=2,
    )
    frame, _, config, order = fix_grid(grid, "id")
    problems = order[0]
    assert problems == "Masalah" and config[problems]["pinned"] is True
    assert order[1:3] == ["sektor", "tanggal_mulai"]  # in the file's order
    assert sorted(order) == sorted(frame.columns)
