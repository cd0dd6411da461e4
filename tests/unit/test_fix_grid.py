"""The upload page's grid of rows with problems (``ui.tables.fix_grid``), as data staff see it."""

from atlas.ingest.upload_screen import Grid
from ui.tables import fix_grid

HEADERS = ["id_usaha", "id_kpm", "nama_usaha", "sektor", "kabupaten_kota", "tanggal_mulai"]


def grid(problems: list[str], **fields) -> Grid:
    n = len(problems)
    return Grid(
        headers=HEADERS,
        columns=HEADERS,
        rows=list(range(7, 7 + n)),
        shown=[dict.fromkeys(HEADERS, "x")] * n,
        original=[dict.fromkeys(HEADERS, "x")] * n,
        problems=problems,
        faulty=fields.pop("faulty", [set()] * n),
        page=0,
        pages=1,
        total_rows=n,
        left_out=fields.pop("left_out", [False] * n),
        fixed=fields.pop("fixed", [False] * n),
        key="grid_test",
        problems_column="Masalah",
        leave_out_column="Lewati",
    )


def test_the_columns_with_a_problem_come_first_after_the_pinned_problems():
    """The column to fix had been off-screen to the right of a wide file (issue #32)."""
    shape = fix_grid(
        grid(
            ["tanggal_mulai: bukan tanggal", "sektor: tidak dikenal"],
            faulty=[{"tanggal_mulai"}, {"sektor"}],
        ),
        "id",
    )
    assert shape.order[0] == "Masalah" and shape.config["Masalah"]["pinned"] is True
    assert shape.order[1] == "Lewati"  # the tick that leaves a row out, right beside it
    assert shape.order[2:4] == ["sektor", "tanggal_mulai"]  # in the file's order
    assert sorted(shape.order) == sorted(shape.styled.data.columns)
    assert "Masalah" in shape.disabled and "Lewati" not in shape.disabled


def test_a_long_problem_is_wrapped_whole_not_cut():
    """ "…Tulis misalnya 16/10," was all a person saw of a long problem (issue #32): rows
    grow tall enough for it to wrap (Streamlit wraps only rows taller than 64 px)."""
    short = fix_grid(grid(["sektor: tidak dikenal"]), "id")
    assert short.row_height is None
    long = "tanggal_mulai: “31/02/2020” bukan tanggal. Tulis misalnya 16/10/2019 atau 2019-10-16."
    assert fix_grid(grid([long]), "id").row_height > 64


def test_fixed_and_left_out_rows_stay_and_say_so():
    shape = fix_grid(
        grid(
            ["✓ Sudah benar", "Dilewati", "sektor: x"],
            left_out=[False, True, False],
            fixed=[True, False, False],
        ),
        "id",
    )
    frame = shape.styled.data
    assert list(frame["Lewati"]) == [False, True, False]
    css = shape.styled._compute().ctx
    colours = [css[(i, 0)][0][1] for i in range(3)]
    assert colours == ["#067647", "#667085", "#b42318"]  # green, grey, red
