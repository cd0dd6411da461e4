"""Imports on SQLite and PostgreSQL: dry run, commit, idempotence, undo, references."""

import pytest
from sqlalchemy import func, select

from atlas import queries
from atlas.access import Principal
from atlas.filters import Filter
from atlas.ingest import importer
from atlas.models import Batch, Enterprise, Facilitator, ImportRun, RegionAlias, Training

OPERATOR = Principal("operator", "data_staff")


ROSTER = (
    b"id_pendamping,nama,jenis_kelamin,kabupaten_kota\n"
    b"PDX001,Sri Baru,P,Sleman\nPDX002,Budi Baru,L,Slemann\nPD34040001,Nama Baru,P,Sleman\n"
)


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
        assert (
            conn.execute(
                select(func.count()).select_from(ImportRun).where(ImportRun.kind == "roster")
            ).scalar()
            == 0
        )


def test_commit_then_same_file_again_then_undo(loaded):
    before = roster_total(loaded)
    with loaded.connect() as conn:
        old_name = conn.execute(
            select(Facilitator.name).where(Facilitator.official_id == "PD34040001")
        ).scalar()
    r = importer.run(
        loaded, ROSTER, "roster.csv", dry_run=False, accept_matches=True, actor=OPERATOR
    )
    assert r.status == "committed"
    assert r.counts == {"rows": 3, "new": 2, "updated": 1, "unchanged": 0, "rejected": 0}
    assert roster_total(loaded) == before + 2
    with loaded.connect() as conn:
        run = conn.execute(select(ImportRun).where(ImportRun.id == r.run_id)).mappings().one()
        assert "content" not in run and run["user_name"] == "operator"  # no file kept: NIKs
        assert (
            conn.execute(
                select(RegionAlias.code).where(RegionAlias.alias_key == "slemann")
            ).scalar()
            == "34.04"
        )
    again = importer.run(
        loaded, ROSTER, "roster.csv", dry_run=False, accept_matches=True, actor=OPERATOR
    )
    assert again.status == "unchanged" and again.counts["unchanged"] == 3
    importer.undo(loaded, r.run_id, OPERATOR)
    assert roster_total(loaded) == before
    with loaded.connect() as conn:
        assert (
            conn.execute(
                select(Facilitator.name).where(Facilitator.official_id == "PD34040001")
            ).scalar()
            == old_name
        )
        assert (
            conn.execute(select(ImportRun.status).where(ImportRun.id == r.run_id)).scalar()
            == "undone"
        )


def test_only_valid_rows(loaded):
    data = b"id_pendamping,nama,kabupaten_kota\nPDY1,Ani,Bantul\nPDY2,Ana,Semarang\n"
    assert importer.run(loaded, data, "r.csv", dry_run=False, actor=OPERATOR).status == "rejected"
    r = importer.run(loaded, data, "r.csv", dry_run=False, only_valid=True, actor=OPERATOR)
    assert r.status == "committed" and r.counts["new"] == 1 and r.rejected_rows == [3]


def test_batches_and_participants(loaded):
    batches = b"angkatan,gelombang,tanggal_mulai,tanggal_selesai,moda\n147,XI,01/12/2020,12/12/2020,daring\n"
    assert (
        importer.run(loaded, batches, "b.csv", dry_run=False, actor=OPERATOR).status == "committed"
    )
    parts = (
        b"id_pendamping,gelombang,angkatan,status\nPD34040001,XI,147,terdaftar\n"
        b"PD34040002,X,147,terdaftar\nNOPE,XI,147,terdaftar\nPD34040003,XI,999,terdaftar\n"
    )
    r = importer.run(loaded, parts, "p.csv", actor=OPERATOR)
    keys = {(p.row, p.key) for p in r.problems}
    assert keys == {(3, "u.batch_two_waves"), (4, "u.unknown_facilitator"), (5, "u.unknown_batch")}
    wrong = importer.run(
        loaded, b"id_pendamping,gelombang,angkatan\nPD34040002,X,147\n", "w.csv", actor=OPERATOR
    )
    assert [(p.row, p.key) for p in wrong.problems] == [(2, "u.wrong_wave")]
    r = importer.run(loaded, parts, "p.csv", dry_run=False, only_valid=True, actor=OPERATOR)
    assert r.status == "committed"
    with loaded.connect() as conn:
        bid = conn.execute(select(Batch.id).where(Batch.number == 147)).scalar()
        assert (
            conn.execute(
                select(func.count()).select_from(Training).where(Training.batch_id == bid)
            ).scalar()
            == 1
        )


def test_undo_refused_while_a_later_run_depends_on_it(loaded):
    roster = b"id_pendamping,nama,kabupaten_kota\nPDZ1,Ani,Bantul\n"
    first = importer.run(loaded, roster, "r.csv", dry_run=False, actor=OPERATOR)
    ents = (
        b"id_kpm,nama_usaha,sektor,kabupaten_kota,id_pendamping\n"
        b"3402014508900001,Warung Ani,kuliner,Bantul,PDZ1\n"
    )
    second = importer.run(loaded, ents, "e.csv", dry_run=False, actor=OPERATOR)
    assert second.status == "committed"
    with pytest.raises(importer.UndoRefused) as err:
        importer.undo(loaded, first.run_id, OPERATOR)
    assert err.value.key == "undo.referenced"
    importer.undo(loaded, second.run_id, OPERATOR)
    importer.undo(loaded, first.run_id, OPERATOR)


def test_a_reference_removed_while_the_file_is_checked_rejects_it_whole(loaded):
    roster = b"id_pendamping,nama,kabupaten_kota\nPDZ2,Ani,Bantul\n"
    first = importer.run(loaded, roster, "r.csv", dry_run=False, actor=OPERATOR)
    ents = (
        b"id_kpm,nama_usaha,sektor,kabupaten_kota,id_pendamping\n"
        b"3402014508900002,Warung Ani,kuliner,Bantul,PDZ2\n"
    )

    def undo_the_roster_meanwhile(_fraction, stage):
        # Another operator's undo lands after this file was checked (PDZ2 existed), before it is saved.
        if stage == "save":
            importer.undo(loaded, first.run_id, OPERATOR)

    with loaded.connect() as conn:
        before = conn.execute(select(func.count()).select_from(Enterprise)).scalar()
    r = importer.run(
        loaded, ents, "e.csv", dry_run=False, actor=OPERATOR, progress=undo_the_roster_meanwhile
    )
    assert r.status == "rejected" and [p.key for p in r.problems] == ["u.conflict"]
    with loaded.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Enterprise)).scalar() == before
        assert (
            conn.execute(select(Facilitator.id).where(Facilitator.official_id == "PDZ2")).first()
            is None
        )
        runs = dict(
            conn.execute(
                select(ImportRun.kind, ImportRun.status).where(
                    ImportRun.kind.in_(["roster", "enterprise"])
                )
            ).all()
        )
    assert runs == {"roster": "undone"}  # the rejected file left no run behind
    # Checked again, the file now names an unknown facilitator: the user sees why.
    again = importer.run(loaded, ents, "e.csv", actor=OPERATOR)
    assert [p.key for p in again.problems] == ["u.unknown_facilitator"]


def _database_text(engine) -> str:
    """Everything the database holds, as text: the file itself (and its write-ahead log) on
    SQLite, every row of every table on PostgreSQL."""
    from pathlib import Path

    from sqlalchemy import text

    if engine.dialect.name == "sqlite":
        engine.dispose()
        path = Path(engine.url.database)
        return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists()).decode(
            "latin-1"
        )
    with engine.connect() as conn:
        tables = (
            conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
            .scalars()
            .all()
        )
        return "\n".join(
            str(v)
            for t in tables
            for v in conn.execute(text(f'SELECT t::text FROM "{t}" t')).scalars()
        )


def test_nik_never_stored_in_clear(loaded):
    niks = ["3402014508900009", "3471015005850002", "9904011212800003"]
    ents = (
        "id_kpm,nama_usaha,sektor,kabupaten_kota\n"
        f"{niks[0]},Toko,warung,Bantul\n"
        f"{niks[1]},Kopi,kuliner,Kota Yogyakarta\n"
        f"{niks[2]},Sepatu,jasa,Sleman\n"
    ).encode()  # no province 99: rejected, in the error report
    res = importer.run(loaded, ents, "e.csv", dry_run=False, only_valid=True, actor=OPERATOR)
    assert res.status == "committed" and res.counts["rejected"] == 1
    with loaded.connect() as conn:
        row = conn.execute(
            select(Enterprise.kpm_hash, Enterprise.kpm_masked).where(Enterprise.name == "Toko")
        ).one()
        report = conn.execute(
            select(ImportRun.error_report).where(ImportRun.id == res.run_id)
        ).scalar()
    assert row.kpm_masked == "3402********0009" and niks[0] not in row.kpm_hash
    assert "9904********0003" in report  # the rejected row is reported, masked
    stored = _database_text(loaded)
    assert "3402********0009" in stored  # the scan does see the data
    assert [n for n in niks if n in stored] == []


def test_unusable_files(loaded):
    assert importer.run(loaded, b"", "x.csv", actor=OPERATOR).status == "unusable"
    r = importer.run(loaded, b"foo,bar\n1,2\n", "x.csv", actor=OPERATOR)
    assert r.status == "unusable" and r.problems[0].key == "u.unknown_kind"


def test_only_data_roles_import_and_only_their_own_undo(loaded):
    from atlas.access import ANONYMOUS, Denied

    for who in (ANONYMOUS, Principal("v", "viewer"), Principal("k", "coordinator", province="34")):
        with pytest.raises(Denied):
            importer.run(loaded, ROSTER, "roster.csv", actor=who)  # a dry run too
    run = importer.run(
        loaded, ROSTER, "roster.csv", dry_run=False, accept_matches=True, actor=OPERATOR
    )
    with pytest.raises(importer.UndoRefused) as err:
        importer.undo(loaded, run.run_id, Principal("lain", "data_staff"))
    assert err.value.key == "undo.not_yours"
    with pytest.raises(importer.UndoRefused):
        importer.undo(loaded, run.run_id, Principal("v", "viewer"))
    importer.undo(loaded, run.run_id, Principal("kepala", "admin"))  # admins may undo any run
    from atlas import audit

    assert [e["action"] for e in audit.recent(loaded)][:2] == ["undo", "import"]


def test_the_first_real_import_ends_the_demo_in_its_transaction(loaded):
    """ATLAS_PUBLIC_ACCESS=auto opens the aggregate pages only on demo data: a committed
    import of people's data closes them (and drops the "illustrative" banner) at once."""
    from atlas import access, db

    def is_demo():
        with loaded.connect() as conn:
            return db.get_meta(conn, "demo") == "1"

    assert is_demo() and access.public_pages_open("auto", is_demo())
    importer.run(loaded, ROSTER, "roster.csv", actor=OPERATOR)  # a dry run changes nothing
    assert is_demo()
    r = importer.run(
        loaded, ROSTER, "roster.csv", dry_run=False, accept_matches=True, actor=OPERATOR
    )
    assert r.status == "committed"
    assert not is_demo() and not access.public_pages_open("auto", is_demo())
    importer.undo(loaded, r.run_id, OPERATOR)
    assert not is_demo()  # undone, it stays closed until an admin opens the pages
