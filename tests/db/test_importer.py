"""Imports on SQLite and PostgreSQL: dry run, commit, idempotence, undo, references."""

import pytest
from sqlalchemy import func, select

from atlas.core import config
from atlas.core.access import Principal
from atlas.core.filters import Filter
from atlas.ingest import importer
from atlas.ingest.kinds.enterprises import enterprise_code
from atlas.store import queries
from atlas.store.models import Batch, Enterprise, Facilitator, ImportRun, RegionAlias, Training

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
    assert r.counts == {
        "rows": 3,
        "new": 2,
        "updated": 1,
        "unchanged": 0,
        "keyed_by_nik": 0,
        "rejected": 0,
    }
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
    from atlas.core.access import ANONYMOUS, Denied

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
    from atlas.store import audit

    assert [e["action"] for e in audit.recent(loaded)][:2] == ["undo", "import"]


def test_the_first_real_import_ends_the_demo_in_its_transaction(loaded):
    """ATLAS_PUBLIC_ACCESS=auto opens the aggregate pages only on demo data: a committed
    import of people's data closes them at once. The demo's rows keep their mark beside the
    real ones, and undoing the last real import returns exactly to the state before it."""
    from atlas.core import access
    from atlas.store import db, origin

    def state():
        with loaded.connect() as conn:
            only = db.get_meta(conn, "demo") == "1"
            return only, origin.demo_rows(conn), access.public_pages_open("auto", only)

    assert state() == (True, True, True)
    importer.run(loaded, ROSTER, "roster.csv", actor=OPERATOR)  # a dry run changes nothing
    assert state() == (True, True, True)
    first, second = (
        importer.run(loaded, data, name, dry_run=False, accept_matches=True, actor=OPERATOR)
        for data, name in (
            (ROSTER, "roster.csv"),
            (b"id_pendamping,nama,kabupaten_kota\nPDX009,Dewi,Bantul\n", "dua.csv"),
        )
    )
    assert (first.status, second.status) == ("committed", "committed")
    assert state() == (False, True, False)  # closed, still marked
    importer.undo(loaded, second.run_id, OPERATOR)
    assert state() == (False, True, False)  # people's data remains
    importer.undo(loaded, first.run_id, OPERATOR)
    assert state() == (True, True, True)  # as before the first import


ENTERPRISE_HEAD = "id_kpm,nama_usaha,sektor,kabupaten_kota\n"


def _candidates(niks: list[str], name: str) -> bytes:
    return (ENTERPRISE_HEAD + "".join(f"{n},{name},kuliner,Sleman\n" for n in niks)).encode()


def test_a_dry_run_is_no_oracle_for_a_households_nik(loaded):
    """An enterprise imported without id_usaha is known by its household's NIK and its name.
    Another data staff member's dry run of candidate NIKs with that name had answered "new
    1.999, unchanged 1"; such rows are now counted together, the code shows nothing of the
    household's hash, and every check is in the audit log."""
    from atlas.core.privacy import nik_hash
    from atlas.store import audit

    owner, other = Principal("pemilik", "data_staff"), Principal("penebak", "data_staff")
    secret = "3404014508900101"
    mine = _candidates([secret, "3404014508900102"], "Warung Rahasia")
    done = importer.run(loaded, mine, "usaha.csv", dry_run=False, actor=owner)
    assert done.status == "committed"
    with loaded.connect() as conn:
        codes = dict(
            conn.execute(
                select(Enterprise.kpm_hash, Enterprise.enterprise_code).where(
                    Enterprise.name == "Warung Rahasia"
                )
            ).all()
        )
    key = config.secret_key()
    assert len(codes) == 2
    for kpm_hash, code in codes.items():
        assert code.startswith("USH-") and kpm_hash[:12].upper() not in code
    assert codes[nik_hash(secret, key)] == enterprise_code(
        nik_hash(secret, key), "Warung Rahasia", key
    )

    guesses = ["3404014508900103", secret, "3404014508900104"]
    checked = importer.run(loaded, _candidates(guesses, "Warung Rahasia"), "t.csv", actor=other)
    assert checked.counts["keyed_by_nik"] == 3
    assert (checked.counts["new"], checked.counts["unchanged"], checked.counts["updated"]) == (
        0,
        0,
        0,
    )
    # The owner's own rows are told apart: they imported them.
    again = importer.run(loaded, mine, "usaha.csv", actor=owner)
    assert (again.counts["unchanged"], again.counts["keyed_by_nik"]) == (2, 0)
    # A row keyed by the file (id_usaha) is told apart for anyone.
    keyed = importer.run(
        loaded,
        b"id_usaha,id_kpm,nama_usaha,sektor,kabupaten_kota\n"
        b"UK1,3404014508900105,Toko,kuliner,Sleman\n",
        "k.csv",
        actor=other,
    )
    assert (keyed.counts["new"], keyed.counts["keyed_by_nik"]) == (1, 0)
    checks = [e for e in audit.recent(loaded) if e["action"] == "import_checked"]
    assert [e["actor"] for e in checks][:3] == ["penebak", "pemilik", "penebak"]
    assert "t.csv" in " ".join(e["detail"] for e in checks)


def test_codes_stored_with_the_households_hash_are_recoded(loaded):
    """Migration 0013: a row coded the old way gets the code the importer now makes, so a
    file uploaded again still finds it (and undo's record is changed alike)."""
    from alembic import command
    from sqlalchemy import insert, update

    from atlas.core.privacy import nik_hash
    from atlas.ingest.values import key_form
    from atlas.store import db
    from atlas.store.models import ImportChange

    owner = Principal("pemilik", "data_staff")
    data = _candidates(["3404014508900201"], "Warung Lama")
    run = importer.run(loaded, data, "lama.csv", dry_run=False, actor=owner)
    key = config.secret_key()
    digest = nik_hash("3404014508900201", key)
    old = f"USH-{digest[:12].upper()}-{key_form('Warung Lama')[:20].upper()}"  # as 4007fdd did
    cfg = db.alembic_config(loaded)
    command.downgrade(cfg, "0012")
    with loaded.begin() as conn:
        row_id = conn.execute(
            update(Enterprise)
            .where(Enterprise.kpm_hash == digest)
            .values(enterprise_code=old)
            .returning(Enterprise.id)
        ).scalar_one()
        conn.execute(
            insert(ImportChange).values(
                run_id=run.run_id,
                table_name="enterprise",
                row_id=row_id,
                action="update",
                before=f'{{"enterprise_code": "{old}", "name": "Warung Lama"}}',
            )
        )
    command.upgrade(cfg, "head")
    with loaded.connect() as conn:
        code = conn.execute(
            select(Enterprise.enterprise_code).where(Enterprise.id == row_id)
        ).scalar_one()
        before = (
            conn.execute(select(ImportChange.before).where(ImportChange.row_id == row_id))
            .scalars()
            .all()
        )
    assert code == enterprise_code(digest, "Warung Lama", key)
    assert any(code in b for b in before if b) and not any(old in b for b in before if b)
    again = importer.run(loaded, data, "lama-lagi.csv", actor=owner)
    assert again.counts["unchanged"] == 1


def test_a_centres_staff_save_their_own_areas_rows_only(loaded):
    # An account scoped to Regional I Padang: Sleman's and Bantul's rows are DI Yogyakarta's,
    # whether the file names the regency or (a participants file) the facilitator does.
    padang = Principal("staf-padang", "data_staff", area="padang")
    data = b"id_pendamping,nama,kabupaten_kota\nPDY1,Ani,Bantul\nPDY2,Ana,Sleman\n"
    r = importer.run(loaded, data, "r.csv", dry_run=False, actor=padang)
    assert r.status == "rejected" and r.rejected_rows == [2, 3]
    assert {(p.row, p.column, p.value, p.key) for p in r.problems} == {
        (2, "kabupaten_kota", "34.02", "u.outside_area"),
        (3, "kabupaten_kota", "34.04", "u.outside_area"),
    }
    assert r.problems[0].params == {"province": "DI Yogyakarta", "area": "Regional I Padang"}
    parts = b"id_pendamping,gelombang,angkatan\nPD34040001,I,1\n"
    r = importer.run(loaded, parts, "p.csv", actor=padang)
    assert [(p.row, p.column, p.key) for p in r.problems] == [
        (2, "id_pendamping", "u.outside_area")
    ]
    yogyakarta = Principal("staf-yogya", "data_staff", area="yogyakarta")
    r = importer.run(loaded, data, "r.csv", dry_run=False, actor=yogyakarta)
    assert r.status == "committed" and r.counts["new"] == 2
