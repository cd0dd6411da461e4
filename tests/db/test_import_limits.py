"""What the checks accept, the database takes; what leaves an import never shows a NIK.

Each case passed the dry run on commit b3ca269 and then crashed the commit with a traceback
(or stored something else than typed, or printed a NIK in clear). On both engines.
"""

from __future__ import annotations

import io
import json
import logging
import re

import openpyxl
import pytest
from sqlalchemy import func, select

from atlas.core.access import Principal
from atlas.ingest import importer, report
from atlas.store import aggregates
from atlas.store.models import Batch, Enterprise, Facilitator, ImportRun

from .conftest import xlsx

STAFF = Principal("operator", "data_staff")
ROSTER_HEAD = "id_pendamping,nama,jenis_kelamin,kabupaten_kota\n"
ENTERPRISE_HEAD = "id_usaha,id_kpm,nama_usaha,sektor,kabupaten_kota,omzet_bulanan\n"


def _both(engine, data: bytes, name: str):
    dry = importer.run(engine, data, name, actor=STAFF)
    real = importer.run(engine, data, name, dry_run=False, actor=STAFF)
    return dry, real


def _count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar()


@pytest.mark.parametrize(
    ("data", "name", "key"),
    [
        (
            (
                ENTERPRISE_HEAD
                + "U1,3404014508900001,Warung,kuliner,Sleman,99999999999999999999999\n"
            ).encode(),
            "besar.csv",
            "v.money_too_large",
        ),
        (
            xlsx(
                ["id_usaha", "id_kpm", "nama_usaha", "sektor", "kabupaten_kota", "omzet_bulanan"],
                [["U1", "3404014508900001", "Warung", "kuliner", "Sleman", 1e300]],
            ),
            "besar.xlsx",
            "v.money_too_large",
        ),
        ((ROSTER_HEAD + "PDL1," + "N" * 121 + ",P,Sleman\n").encode(), "panjang.csv", "v.too_long"),
        (
            (
                ROSTER_HEAD
                + "x" * 0
                + "".join(f"PDP{i},Nama {i},P,Sleman\n" for i in range(300))
                + "PDN1,Nama\x00Putus,P,Sleman\n"
            ).encode(),
            "nul.csv",
            "v.control_char",
        ),
        ((ROSTER_HEAD + "PDC1,Nama\x01Aneh,P,Sleman\n").encode(), "kendali.csv", "v.control_char"),
        (
            b"angkatan,gelombang,tanggal_mulai,tanggal_selesai\n147,XI,01/01/0001,31/12/9999\n",
            "tahun.csv",
            "v.date_range",
        ),
        (
            b"angkatan,gelombang,tanggal_mulai,tanggal_selesai\n147,XI,01/01/2020,31/12/2022\n",
            "lama.csv",
            "u.batch_too_long",
        ),
        (
            xlsx(
                ["id_pendamping", "nama", "kabupaten_kota"], [[3404014508900001, "Sri", "Sleman"]]
            ),
            "id-angka.xlsx",
            "v.id_number_long",
        ),
    ],
)
def test_what_the_commit_could_not_take_is_refused_by_the_check(loaded, data, name, key):
    before = [_count(loaded, m) for m in (Facilitator, Batch, Enterprise)]
    dry, real = _both(loaded, data, name)
    assert key in {p.key for p in dry.problems}, [p.key for p in dry.problems]
    assert dry.status == real.status == "rejected"
    assert [_count(loaded, m) for m in (Facilitator, Batch, Enterprise)] == before
    with loaded.connect() as conn:  # the NUL never cut a name short: nothing stored at all
        assert not conn.execute(
            select(Facilitator).where(Facilitator.official_id == "PDN1")
        ).first()


def test_an_integral_id_typed_as_a_number_is_stored_as_its_digits(loaded):
    data = xlsx(["id_pendamping", "nama", "kabupaten_kota"], [[34040123, "Sri", "Sleman"]])
    res = importer.run(loaded, data, "id.xlsx", dry_run=False, actor=STAFF)
    assert res.status == "committed", [p.key for p in res.problems]
    with loaded.connect() as conn:
        assert (
            conn.execute(select(Facilitator.official_id).where(Facilitator.name == "Sri")).scalar()
            == "34040123"
        )


def test_an_unexpected_failure_at_commit_is_a_message_with_an_id(loaded, monkeypatch, caplog):
    secret = "Sri Rahasia 3404014508900001"

    def broken(conn, *args, **kwargs):
        message = f"value '{secret}' does not fit"  # as a driver quotes a row
        raise RuntimeError(message)

    monkeypatch.setattr(aggregates.Delta, "apply", broken)
    data = (ROSTER_HEAD + "PDZ1,Sri Rahasia,P,Sleman\n").encode()
    with caplog.at_level(logging.ERROR, logger="atlas.import"):
        res = importer.run(loaded, data, "r.csv", dry_run=False, actor=STAFF)
    assert res.status == "rejected"
    (failed,) = [p for p in res.problems if p.key == "u.commit_failed"]
    error_id = failed.params["id"]
    message = report.problem_dict(failed, "id")["message"]
    assert error_id in message and "Traceback" not in message
    logged = caplog.text
    assert error_id in logged and "RuntimeError" in logged
    assert "Sri Rahasia" not in logged and "3404014508900001" not in logged
    with loaded.connect() as conn:
        assert not conn.execute(
            select(Facilitator).where(Facilitator.official_id == "PDZ1")
        ).first()


NIKS = [
    "3404-0101-0100-90021",
    "34O4010101000001",
    "3404.0101.0100.0009",
    "3404_0101_0100_0007",  # separators that stayed in clear
    "3404\u20130101\u20130100\u20130008",  # en dashes
]
_RUN = re.compile(r"\d(?:[^\w,;\r\n]{0,3}|_)(?:[\dOo](?:[^\w,;\r\n]{0,3}|_)){13,}\d")


def _no_nik(text: str) -> None:
    for run in _RUN.findall(text):
        assert sum(c.isdigit() for c in run) < 10 or "*" in run, run
    for nik in NIKS + ["3404014508900001"]:
        assert nik not in text


def test_no_output_of_an_import_shows_a_kpm_identifier_in_clear(loaded):
    rows = [f"U{i},{nik},Warung,kuliner,Sleman,1000\n" for i, nik in enumerate(NIKS)]
    rows.append("U9,3404014508900001,Warung,bukan-sektor,Sleman,1000\n")  # a valid NIK, bad row
    rows.append("U8,3404014508900002,Catatan 3404 0145 0890 0003,kuliner,Sleman,1000\n")
    rows.append("U7,3404014508900003,Catatan 3404_0145_0890_0006,bukan,Sleman,1000\n")
    data = (ENTERPRISE_HEAD + "".join(rows)).encode()
    res = importer.run(loaded, data, "usaha.csv", dry_run=False, only_valid=True, actor=STAFF)
    out = json.dumps(report.as_json(res), ensure_ascii=False)
    _no_nik(out)
    from atlas.ingest import read

    book = openpyxl.load_workbook(
        io.BytesIO(report.error_workbook(read.read(data, "u.csv"), res.problems, "id"))
    )
    cells = " ".join(str(c.value) for row in book.active.iter_rows() for c in row if c.value)
    _no_nik(cells)
    with loaded.connect() as conn:
        reports = conn.execute(select(ImportRun.error_report)).scalars().all()
    stored = " ".join(r for r in reports if r)
    assert "bukan-sektor" in stored  # the rejected row's report is there, masked
    _no_nik(stored)


def test_control_characters_are_written_safely_in_the_error_workbook(loaded):
    data = (ROSTER_HEAD + "PDC1,Nama\x01Aneh\x1bX,P,Sleman\n").encode()
    res = importer.run(loaded, data, "kendali.csv", actor=STAFF)
    from atlas.ingest import read

    book = report.error_workbook(read.read(data, "k.csv"), res.problems, "id")
    cells = [
        c.value for row in openpyxl.load_workbook(io.BytesIO(book)).active.iter_rows() for c in row
    ]
    assert "Nama\\x01Aneh\\x1bX" in cells


def test_an_enterprise_placed_outside_its_regency_is_refused(loaded):
    head = "id_usaha,id_kpm,nama_usaha,sektor,kabupaten_kota,lintang,bujur\n"
    rows = (
        "UA1,3404014508900011,Warung Depok,kuliner,Sleman,-7.76,110.40\n"  # in Sleman
        "UA2,3404014508900012,Warung Kupang,kuliner,Sleman,-10.17,123.60\n"  # Kupang, NTT
    )
    res = importer.run(loaded, (head + rows).encode(), "tempat.csv", actor=STAFF)
    bad = [p for p in res.problems if p.key == "u.outside_regency"]
    assert [(p.row, p.params["code"]) for p in bad] == [(3, "34.04")]
    assert "-10.17" in bad[0].value
