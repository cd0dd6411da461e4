"""Imports on SQLite and PostgreSQL: dry run, commit, idempotence, undo, references."""

import pytest
from sqlalchemy import func, select

from atlas import demo, queries
from atlas.filters import Filter
from atlas.access import Principal
from atlas.ingest import importer
from atlas.models import Batch, Enterprise, Facilitator, ImportRun, RegionAlias, Training

OPERATOR = Principal("operator", "data_staff")


@pytest.fixture
def loaded(engine):
    demo.load(engine, scale=0.01)
    return engine


ROSTER = (b"id_pendamping,nama,jenis_kelamin,kabupaten_kota\n"
          b"PDX001,Sri Baru,P,Sleman\nPDX002,Budi Baru,L,Slemann\nPD34040001,Nama Baru,P,Sleman\n")


def roster_total(engine):
    return queries.summary(engine, Filter())["facilitators_roster"]


def test_dry_run_writes_nothing(loaded):
    before = roster_total(loaded)
    r = importer.run(loaded, ROSTER, "roster.csv", actor=OPERATOR)
    assert r.kind == "roster" and r.dry_run
    assert r.status == "rejected"  # a fuzzy region match awaits confirmation
    assert [(m.row, m.match.code) for m in r.matches] == [(3, "34.04")]
    assert roster_total(loaded) == before
    with loaded.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ImportRun).where(ImportRun.kind == "roster")).scalar() == 0


def test_commit_then_same_file_again_then_undo(loaded):
    before = roster_total(loaded)
    with loaded.connect() as conn:
        old_name = conn.execute(select(Facilitator.name).where(Facilitator.official_id == "PD34040001")).scalar()
    r = importer.run(loaded, ROSTER, "roster.csv", dry_run=False, accept_matches=True, actor=OPERATOR)
    assert r.status == "committed"
    assert r.counts == {"rows": 3, "new": 2, "updated": 1, "unchanged": 0, "rejected": 0}
    assert roster_total(loaded) == before + 2
    with loaded.connect() as conn:
        run = conn.execute(select(ImportRun).where(ImportRun.id == r.run_id)).mappings().one()
        assert "content" not in run and run["user_name"] == "operator"  # no file kept: NIKs
        assert conn.execute(select(RegionAlias.code).where(RegionAlias.alias_key == "slemann")).scalar() == "34.04"
    again = importer.run(loaded, ROSTER, "roster.csv", dry_run=False, accept_matches=True, actor=OPERATOR)
    assert again.status == "unchanged" and again.counts["unchanged"] == 3
    importer.undo(loaded, r.run_id, OPERATOR)
    assert roster_total(loaded) == before
    with loaded.connect() as conn:
        assert conn.execute(select(Facilitator.name).where(Facilitator.official_id == "PD34040001")).scalar() == old_name
        assert conn.execute(select(ImportRun.status).where(ImportRun.id == r.run_id)).scalar() == "undone"


def test_only_valid_rows(loaded):
    data = (b"id_pendamping,nama,kabupaten_kota\nPDY1,Ani,Bantul\nPDY2,Ana,Semarang\n")
    assert importer.run(loaded, data, "r.csv", dry_run=False, actor=OPERATOR).status == "rejected"
    r = importer.run(loaded, data, "r.csv", dry_run=False, only_valid=True, actor=OPERATOR)
    assert r.status == "committed" and r.counts["new"] == 1 and r.rejected_rows == [3]


def test_batches_and_participants(loaded):
    batches = b"angkatan,gelombang,tanggal_mulai,tanggal_selesai,moda\n147,XI,01/12/2020,12/12/2020,daring\n"
    assert importer.run(loaded, batches, "b.csv", dry_run=False, actor=OPERATOR).status == "committed"
    parts = (b"id_pendamping,gelombang,angkatan,status\nPD34040001,XI,147,terdaftar\n"
             b"PD34040002,X,147,terdaftar\nNOPE,XI,147,terdaftar\nPD34040003,XI,999,terdaftar\n")
    r = importer.run(loaded, parts, "p.csv", actor=OPERATOR)
    keys = {(p.row, p.key) for p in r.problems}
    assert keys == {(3, "u.batch_two_waves"), (4, "u.unknown_facilitator"), (5, "u.unknown_batch")}
    wrong = importer.run(loaded, b"id_pendamping,gelombang,angkatan\nPD34040002,X,147\n", "w.csv", actor=OPERATOR)
    assert [(p.row, p.key) for p in wrong.problems] == [(2, "u.wrong_wave")]
    r = importer.run(loaded, parts, "p.csv", dry_run=False, only_valid=True, actor=OPERATOR)
    assert r.status == "committed"
    with loaded.connect() as conn:
        bid = conn.execute(select(Batch.id).where(Batch.number == 147)).scalar()
        assert conn.execute(select(func.count()).select_from(Training).where(Training.batch_id == bid)).scalar() == 1


def test_undo_refused_while_a_later_run_depends_on_it(loaded):
    roster = b"id_pendamping,nama,kabupaten_kota\nPDZ1,Ani,Bantul\n"
    first = importer.run(loaded, roster, "r.csv", dry_run=False, actor=OPERATOR)
    ents = (b"id_kpm,nama_usaha,sektor,kabupaten_kota,id_pendamping\n"
            b"3402014508900001,Warung Ani,kuliner,Bantul,PDZ1\n")
    second = importer.run(loaded, ents, "e.csv", dry_run=False, actor=OPERATOR)
    assert second.status == "committed"
    with pytest.raises(importer.UndoRefused) as err:
        importer.undo(loaded, first.run_id, OPERATOR)
    assert err.value.key == "undo.referenced"
    importer.undo(loaded, second.run_id, OPERATOR)
    importer.undo(loaded, first.run_id, OPERATOR)


def test_nik_never_stored_in_clear(loaded):
    ents = b"id_kpm,nama_usaha,sektor,kabupaten_kota\n3402014508900009,Toko,warung,Bantul\n"
    assert importer.run(loaded, ents, "e.csv", dry_run=False, actor=OPERATOR).status == "committed"
    with loaded.connect() as conn:
        row = conn.execute(select(Enterprise.kpm_hash, Enterprise.kpm_masked).where(Enterprise.name == "Toko")).one()
        runs = conn.execute(select(ImportRun.error_report)).scalars().all()
    assert row.kpm_masked == "3402********0009" and "3402014508900009" not in row.kpm_hash
    assert all("3402014508900009" not in (r or "") for r in runs)


def test_unusable_files(loaded):
    assert importer.run(loaded, b"", "x.csv", actor=OPERATOR).status == "unusable"
    r = importer.run(loaded, b"foo,bar\n1,2\n", "x.csv", actor=OPERATOR)
    assert r.status == "unusable" and r.problems[0].key == "u.unknown_kind"
