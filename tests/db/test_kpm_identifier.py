"""The id_kpm contract (issue #14): a KPM is named by its NIK or by the programme's own KPM
identifier (e-PKH, DTKS: ``P3404-000123``). A number cell is refused, 15–17 digits are
checked as a NIK, anything else of 3–40 letters, digits, dots, dashes or slashes is accepted;
either kind is stored only as a keyed hash and a masked form. On both engines."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from atlas.core.access import Principal
from atlas.ingest import importer
from atlas.store.models import Enterprise

from .conftest import xlsx

STAFF = Principal("operator", "data_staff")
HEAD = ["id_kpm", "nama_usaha", "sektor", "kabupaten_kota", "omzet_bulanan"]
NIK = "3404014508900077"
PROGRAMME_ID = "P3404-000123"


def _xlsx(rows: list[list[object]]) -> bytes:
    return xlsx(HEAD, rows)


def _problems(res) -> list[tuple[int, str]]:
    return [(p.row, p.key) for p in res.problems]


def _enterprises(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Enterprise)).scalar()


def test_a_nik_typed_as_a_number_is_refused(loaded):
    res = importer.run(
        loaded, _xlsx([[3404014508900077, "Warung", "kuliner", "Sleman", 1]]), "a.xlsx", actor=STAFF
    )
    assert _problems(res) == [(2, "v.nik_number")]


def test_a_short_id_typed_as_a_number_is_refused_with_its_own_message(loaded):
    res = importer.run(
        loaded, _xlsx([[123456, "Warung", "kuliner", "Sleman", 1]]), "a.xlsx", actor=STAFF
    )
    assert _problems(res) == [(2, "v.kpm_id_number")]


@pytest.mark.parametrize("nik", ["340401450890007", "34040145089000771", "3404 0145 0890 007"])
def test_a_nik_of_the_wrong_length_is_refused(loaded, nik):
    before = _enterprises(loaded)
    res = importer.run(
        loaded,
        _xlsx([[nik, "Warung", "kuliner", "Sleman", 1]]),
        "a.xlsx",
        dry_run=False,
        actor=STAFF,
    )
    assert _problems(res) == [(2, "v.nik_digits")]
    assert nik not in str(res.problems[0].value)  # shown back masked
    assert _enterprises(loaded) == before


@pytest.mark.parametrize("bad", ["P3", "P3404 000123", "P3404_000123", "P" * 41, "-P3404"])
def test_an_identifier_outside_the_contract_is_refused(loaded, bad):
    res = importer.run(
        loaded, _xlsx([[bad, "Warung", "kuliner", "Sleman", 1]]), "a.xlsx", actor=STAFF
    )
    assert _problems(res) == [(2, "v.kpm_id")]


def test_a_programme_id_is_accepted_and_the_same_id_updates_the_same_enterprise(loaded):
    before = _enterprises(loaded)
    rows = [
        [PROGRAMME_ID, "Warung Bu Sri", "kuliner", "Sleman", "1500000"],
        [NIK, "Toko", "kuliner", "Sleman", 2],
    ]
    res = importer.run(loaded, _xlsx(rows), "a.xlsx", dry_run=False, actor=STAFF)
    assert res.problems == [] and _enterprises(loaded) == before + 2
    # Again, the ID typed in lower case, with another turnover: the same enterprise, updated.
    again = [["p3404-000123", "Warung Bu Sri", "kuliner", "Sleman", "2000000"]]
    res = importer.run(loaded, _xlsx(again), "b.xlsx", dry_run=False, actor=STAFF)
    assert res.problems == [] and _enterprises(loaded) == before + 2
    with loaded.connect() as conn:
        row = conn.execute(
            select(Enterprise.kpm_masked, Enterprise.monthly_turnover).where(
                Enterprise.name == "Warung Bu Sri"
            )
        ).one()
    assert row == ("P34******123", 2_000_000)


def _everything_stored(engine) -> str:
    """Every byte of the database as text: the SQLite file (and its journal), or on
    PostgreSQL every row of every table."""
    if engine.dialect.name == "sqlite":
        path = Path(engine.url.database)
        files = [path, *path.parent.glob(path.name + "-*")]
        return " ".join(f.read_bytes().decode("latin-1") for f in files)
    with engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        return " ".join(
            str(r[0])
            for name in tables
            for r in conn.execute(text(f'SELECT t::text FROM "{name}" t'))
        )


def test_no_identifier_of_either_kind_is_stored_in_clear(loaded):
    rows = [
        [PROGRAMME_ID, "Warung Bu Sri", "kuliner", "Sleman", 1],
        [NIK, "Toko", "kuliner", "Sleman", 2],
    ]
    res = importer.run(loaded, _xlsx(rows), "a.xlsx", dry_run=False, actor=STAFF)
    assert res.problems == []
    # And a rejected row with an identifier (its error report is stored).
    bad = [["P3404-000999", "Warung", "bukan-sektor", "Sleman", 1]]
    importer.run(loaded, _xlsx(bad), "b.xlsx", dry_run=False, only_valid=True, actor=STAFF)
    loaded.dispose()  # SQLite: everything written to the file
    stored = _everything_stored(loaded)
    assert "Warung Bu Sri" in stored  # the check reads what is stored
    for clear in (PROGRAMME_ID, PROGRAMME_ID.lower(), "P3404-000999", NIK, "3404-000123"):
        assert clear not in stored
