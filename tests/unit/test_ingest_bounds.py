"""Uploads cannot take the server down: sheet extents are checked before loading, and the
parser runs in a child process with memory and time limits."""

from __future__ import annotations

import os
import time

import pytest

from atlas.core.i18n import t
from atlas.ingest import read as reader
from atlas.ingest import sandbox
from tests.hostile_files import FAR_CORNER, FAR_ROW, HEADER, xlsx


@pytest.mark.parametrize(("data", "cell"), [(FAR_CORNER, "XFD1048576"), (FAR_ROW, "GR100000")])
def test_a_sheet_reaching_a_far_cell_is_refused_before_loading(data, cell):
    assert len(data) < 2500
    started = time.perf_counter()
    with pytest.raises(reader.ReadProblem) as err:
        reader.read(data, "jauh.xlsx")
    assert err.value.key == "r.sheet_extent"
    assert cell in t(err.value.key, "id", **err.value.params)
    assert time.perf_counter() - started < 10


def test_a_declared_dimension_alone_is_no_reason_to_refuse():
    table = reader.read(xlsx(HEADER, dimension="A1:XFD1048576"), "dim.xlsx")
    assert table.headers == ["id_pendamping", "nama", "kabupaten_kota"]


def test_extent_scan_sees_references_cut_by_its_chunks(monkeypatch):
    import io
    import zipfile

    data = xlsx([*HEADER] + [(f"B{r}", "x" * 3000) for r in range(3, 800)] + [("Q900", "y")])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert reader.sheet_extent(zf, "xl/worksheets/sheet1.xml")[:2] == (900, 17)


def _allocate(mb: int) -> int:
    return len(bytearray(mb * 1024 * 1024))


def _abort() -> None:
    os.abort()


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _refuse() -> None:
    raise reader.ReadProblem("r.too_wide", n=7)


def _dense_load(data: bytes) -> int:
    """The reader without the extent check: what the far-corner file did to the server."""
    import io

    import python_calamine as pc

    ws = pc.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Data")
    return len(ws.to_python(skip_empty_area=False))


def test_the_child_answers_and_raises_as_the_function_did():
    assert sandbox.call(_allocate, 10) == 10 * 1024 * 1024
    with pytest.raises(reader.ReadProblem) as err:
        sandbox.call(_refuse)
    assert err.value.params == {"n": 7}


@pytest.mark.parametrize(
    ("fn", "args", "kwargs", "reason"),
    [
        (_allocate, (3000,), {"memory_mb": 500}, "memory"),
        (_abort, (), {}, "crash"),
        (_sleep, (30,), {"seconds": 1}, "time"),
        (_dense_load, (FAR_ROW,), {"memory_mb": 500}, None),
    ],
)
def test_a_parser_that_overruns_ends_only_its_child(fn, args, kwargs, reason):
    started = time.perf_counter()
    with pytest.raises(sandbox.Overrun) as err:
        sandbox.call(fn, *args, **kwargs)
    if reason:
        assert err.value.reason == reason
    assert err.value.reason in ("memory", "crash") or reason == "time"
    assert time.perf_counter() - started < 20
    assert sandbox.call(_allocate, 1) == 1024 * 1024  # and the next call works


@pytest.mark.parametrize("data", [b"\n" * 5_000_000, b"a" + b"," * 5_000_000 + b"\n"])
def test_a_csv_is_bounded_before_it_is_parsed(data):
    """5 MB of line breaks would have become five million lists in the server's memory."""
    with pytest.raises(reader.ReadProblem) as err:
        reader.read(data, "kosong.csv")
    assert err.value.key == "r.csv_extent"


def _traced_peak_mb(fn) -> float:
    """Peak of what Python allocated while ``fn`` ran (the parsing child is another
    process: this is what the server itself holds)."""
    import tracemalloc

    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def test_a_ragged_csv_is_refused_without_building_its_rectangle():
    """One row of two million empty cells among short rows: refused as too wide, and the
    server never holds more than a few times the file."""
    from tests.hostile_files import RAGGED_CSV, ragged_csv

    for data in (RAGGED_CSV, ragged_csv(2_000)):
        problem = []

        def attempt(data=data, problem=problem) -> None:
            with pytest.raises(reader.ReadProblem) as err:
                reader.read(data, "lebar.csv")
            problem.append(err.value)

        assert _traced_peak_mb(attempt) < 50
        assert problem[0].key == "r.row_too_wide"
        assert "Baris 2" in t(problem[0].key, "id", **problem[0].params)


def test_a_csv_is_bounded_by_its_padded_rectangle():
    """Within the column limit, rows × the widest row is what the reader would build."""
    wide = b",".join([b"x"] * 150) + b"\n"
    data = b"id_pendamping,nama\n" + wide + b"PD1,Sri\n" * 30_000
    with pytest.raises(reader.ReadProblem) as err:
        reader.read(data, "persegi.csv")
    assert err.value.key == "r.csv_extent"
    # Trailing separators past the last column are no reason to refuse.
    table = reader.read(b"id_pendamping,nama" + b"," * 300 + b"\nPD1,Sri" + b"," * 300, "t.csv")
    assert table.headers == ["id_pendamping", "nama"] and len(table.columns) == 2


def test_a_shared_string_crosses_once_and_text_is_bounded():
    """Cells pointing at one long shared string: the server holds it once, and a sheet with
    more text than ``MAX_TEXT_CHARS`` is refused."""
    from tests.hostile_files import SHARED_TEXT, one_shared_string

    small = one_shared_string(1_000)
    tables = []
    assert _traced_peak_mb(lambda: tables.append(reader.read(small, "s.xlsx"))) < 60
    assert len({id(c.value) for col in tables[0].columns for c in col}) == 1
    with pytest.raises(reader.ReadProblem) as err:
        reader.read(SHARED_TEXT, "teks.xlsx")
    assert err.value.key == "r.too_much_text"
