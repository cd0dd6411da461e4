"""The country's demo (#34): every centre's facilitators, batches and enterprises, with
Yogyakarta's centre figure for figure as in its own deployment."""

from datetime import date

from sqlalchemy import select

from atlas.core import areas
from atlas.core.filters import Filter
from atlas.screens import graduation
from atlas.store import db, demo, queries, setup
from atlas.store.models import Batch, Facilitator

from .conftest import recount

YOGYAKARTA = areas.BY_CODE["yogyakarta"].provinces


def test_the_countrys_demo_keeps_yogyakartas_figures(engine, serve_area, tmp_path):
    own = db.make_engine(f"sqlite:///{tmp_path / 'yogyakarta.db'}")
    db.upgrade(own)
    setup.load_regions(own)
    demo.load(own, scale=0.01)

    serve_area("nasional")
    setup.load_regions(engine)  # the country's regions beside the six provinces'
    report = demo.load(engine, scale=0.01)
    assert report.facilitators == demo.COUNTRY_ROSTER
    with engine.connect() as conn:
        regencies = conn.execute(select(Facilitator.regency_code).distinct()).scalars()
        provinces = {code[:2] for code in regencies}
        numbers = conn.execute(select(Batch.number).order_by(Batch.number)).scalars().all()
    assert provinces == set(areas.PROVINCES)  # every province has its facilitators
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 146

    for f in (
        Filter(provinces=YOGYAKARTA),
        Filter(provinces=YOGYAKARTA, waves=(9,), as_of=date(2020, 10, 20)),
        Filter(provinces=("53",), as_of=date(2020, 6, 30)),
    ):
        assert queries.summary_by(engine, f, "regency") == queries.summary_by(own, f, "regency")
    seed = queries.summary(engine, Filter(provinces=YOGYAKARTA))
    assert (seed["facilitators_roster"], seed["batches"], seed["waves"]) == (4371, 146, 11)
    # The country's 2020 graduations against the ministry's target, equal to a recount.
    section = graduation.section(engine, date(2020, 10, 16), "id")
    assert section.target == 1_000_000
    assert section.graduated == recount(engine, date(2020, 1, 1), date(2020, 10, 16))
    day = date(2020, 10, 16)
    ours, alone = graduation.graduations(engine, day), graduation.graduations(own, day)
    assert {p: ours[p] for p in YOGYAKARTA} == {p: alone[p] for p in YOGYAKARTA}
    assert sum(ours.values()) > sum(alone.values())  # the other centres graduate too


def test_a_centres_deployment_on_the_countrys_database_counts_its_own_area(
    engine, serve_area, tmp_path
):
    # One database for the country, read by Yogyakarta's deployment: its figures are its
    # six provinces' (the roster counted the country's 40.000, the table listed 38 rows).
    own = db.make_engine(f"sqlite:///{tmp_path / 'yogyakarta.db'}")
    db.upgrade(own)
    setup.load_regions(own)
    demo.load(own, scale=0.01)
    serve_area("nasional")
    setup.load_regions(engine)
    demo.load(engine, scale=0.01)
    serve_area("yogyakarta")
    for f in (Filter(), Filter(waves=(9,)), Filter(as_of=date(2020, 6, 30))):
        assert queries.summary(engine, f) == queries.summary(own, f)
        assert queries.summary_by(engine, f, "province") == queries.summary_by(own, f, "province")
