"""Removing the demo data (#30): an admin's "remove the demo data first" and
``atlas demo --remove`` delete the demo's rows in one audited transaction, leave people's
imports alone, and refuse — changing nothing — while imported rows depend on demo rows."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from atlas.core.access import Denied, Principal
from atlas.core.filters import Filter
from atlas.ingest import importer
from atlas.store import audit, db, demo, origin, queries, setup
from atlas.store.models import Enterprise, Facilitator, ImportRun, Training

ADMIN = Principal("admin", "admin")
STAFF = Principal("operator", "data_staff")

REAL_ROSTER = (
    b"id_pendamping,nama,jenis_kelamin,kabupaten_kota\n"
    b"PDX001,Sri Nyata,P,Sleman\nPDX002,Budi Nyata,L,Bantul\n"
)
REAL_ENTERPRISES = (
    b"id_kpm,nama_usaha,sektor,status_usaha,kabupaten_kota,id_pendamping,tanggal_mulai,"
    b"graduasi,tanggal_graduasi\n"
    b"3404014508900001,Warung Nyata,kuliner,berkembang,Sleman,PDX001,01/03/2019,ya,15/10/2020\n"
    b"3404014508900002,Jahit Nyata,jasa,tidak aktif,Bantul,PDX002,01/11/2020,tidak,\n"
    b"3404014508900003,Tani Nyata,pertanian,rintisan,Sleman,,,tidak,\n"
)


def _import(engine, data: bytes, name: str):
    res = importer.run(engine, data, name, dry_run=False, accept_matches=True, actor=STAFF)
    assert res.status == "committed", res
    return res


def _counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.__tablename__: conn.execute(select(func.count()).select_from(t)).scalar()
            for t in (Facilitator, Training, Enterprise)
        }


def test_removal_leaves_the_real_rows_and_figures_equal_a_recount(loaded):
    _import(loaded, REAL_ROSTER, "roster.csv")
    _import(loaded, REAL_ENTERPRISES, "usaha.csv")
    with loaded.connect() as conn:
        real_before = conn.execute(
            select(Enterprise.enterprise_code, Enterprise.name, Enterprise.graduated)
            .join(ImportRun, ImportRun.id == Enterprise.import_run_id)
            .where(ImportRun.kind != "demo")
            .order_by(Enterprise.enterprise_code)
        ).all()
    gone = demo.remove(loaded, ADMIN, client="test")
    assert gone.enterprises > 0 and gone.facilitators > 0
    assert _counts(loaded) == {"facilitator": 2, "training": 0, "enterprise": 3}
    with loaded.connect() as conn:
        real_after = conn.execute(
            select(Enterprise.enterprise_code, Enterprise.name, Enterprise.graduated).order_by(
                Enterprise.enterprise_code
            )
        ).all()
        assert not origin.demo_rows(conn) and not origin.only_demo(conn)
        assert db.get_meta(conn, "demo") == "0"
    assert real_after == real_before
    # The figures are the real rows' own, at any date (a recount of the three rows above).
    for as_of, (enterprises, active, graduated) in {
        date(2020, 10, 16): (2, 2, 1),  # the November start not yet; graduated the 15th
        date(2020, 10, 14): (2, 2, 0),
        date(2021, 1, 1): (3, 2, 1),
    }.items():
        s = queries.summary(loaded, Filter(as_of=as_of))
        assert (s["facilitators_roster"], s["participants"]) == (2, 0)
        assert (s["enterprises"], s["enterprises_active"], s["graduated"]) == (
            enterprises,
            active,
            graduated,
        )
    events = audit.recent(loaded, limit=5)
    assert events[0]["action"] == "demo_removed" and events[0]["actor"] == "admin"


def test_removal_refuses_while_imported_rows_refer_to_demo_rows(loaded):
    """An enterprise of a real import accompanied by a demo facilitator: removing the demo
    would orphan it. Refused, with what to do; nothing changed."""
    with loaded.connect() as conn:
        demo_id = conn.execute(select(Facilitator.official_id).limit(1)).scalar()
    data = REAL_ENTERPRISES.replace(b",PDX001,", b"," + demo_id.encode() + b",")
    data = b"\n".join(line for line in data.split(b"\n") if b"PDX002" not in line)
    _import(loaded, data, "usaha.csv")
    before = _counts(loaded)
    with pytest.raises(demo.DemoInUse) as caught:
        demo.remove(loaded, ADMIN)
    assert caught.value.key == "demo.referenced" and caught.value.params == {"n": 1}
    assert _counts(loaded) == before
    with loaded.connect() as conn:
        assert origin.demo_rows(conn)


def test_removal_refuses_while_an_import_replaced_demo_rows(loaded):
    """A real roster that updated a demo facilitator: undoing it after the removal would
    bring the demo's values back, unmarked. Refused until that import is undone."""
    with loaded.connect() as conn:
        demo_id = conn.execute(select(Facilitator.official_id).limit(1)).scalar()
    roster = REAL_ROSTER + f"{demo_id},Nama Baru,P,Sleman\n".encode()
    run = _import(loaded, roster, "roster.csv")
    with pytest.raises(demo.DemoInUse) as caught:
        demo.remove(loaded, ADMIN)
    assert caught.value.key == "demo.replaced" and caught.value.params == {"runs": f"#{run.run_id}"}
    importer.undo(loaded, run.run_id, STAFF)
    demo.remove(loaded, ADMIN)
    assert _counts(loaded) == {"facilitator": 0, "training": 0, "enterprise": 0}


def test_only_an_admin_removes_the_demo_and_setup_does_not_bring_it_back(loaded):
    with pytest.raises(Denied):
        demo.remove(loaded, STAFF)
    demo.remove(loaded, ADMIN)
    setup.run(loaded, install_boundaries=False, demo_scale=0.01)
    assert _counts(loaded) == {"facilitator": 0, "training": 0, "enterprise": 0}
    with pytest.raises(demo.DemoInUse) as caught:
        demo.remove(loaded, ADMIN)
    assert caught.value.key == "demo.none"
