"""The demo data reproduces the article of 16 October 2020, on SQLite and PostgreSQL."""

from datetime import date

import pandas as pd
from sqlalchemy import func, select

from atlas.core.filters import Filter, parse_waves
from atlas.store import conditions, queries
from atlas.store.models import Batch, Enterprise, Facilitator, Region, Training


def test_headline_figures(demo_engine):
    s = queries.summary(demo_engine, Filter())
    assert s["facilitators_roster"] == 4371
    assert s["participants"] == 4371
    assert s["trained"] == 3359
    assert s["in_training"] == 420
    assert s["planned"] == 592
    assert s["batches"] == 146
    assert s["waves"] == 11
    assert s["provinces"] == ["33", "34", "35", "51", "52", "53"]
    assert s["enterprises"] > 0 and 0 < s["enterprises_active"] < s["enterprises"]


def test_wave_ix(demo_engine):
    s = queries.summary(demo_engine, Filter(waves=parse_waves("IX")))
    assert s["participants"] == 420
    assert s["batches"] == 14
    assert s["in_training"] == 420 and s["trained"] == 0
    assert s["provinces"] == ["34", "35", "53"]


def test_waves_i_to_viii(demo_engine):
    s = queries.summary(demo_engine, Filter(waves=parse_waves("I-VIII")))
    assert s["participants"] == 3359 and s["trained"] == 3359
    assert s["batches"] == 112 and s["waves"] == 8


def test_waves_x_xi_hold_the_rest_after_wave_ix(demo_engine):
    s = queries.summary(demo_engine, Filter(waves=parse_waves("X-XI")))
    assert s["participants"] == 592 and s["planned"] == 592
    assert s["batches"] == 20


def test_batches_113_to_126_are_wave_ix(demo_engine):
    from atlas.core.filters import parse_batches

    s = queries.summary(demo_engine, Filter(batches=parse_batches("113-126")))
    assert s["participants"] == 420 and s["waves"] == 1


def test_by_province_adds_up(demo_engine):
    rows = queries.summary_by(demo_engine, Filter(), "province")
    assert [r["code"] for r in rows] == ["33", "34", "35", "51", "52", "53"]
    assert sum(r["facilitators_roster"] for r in rows) == 4371
    assert sum(r["trained"] for r in rows) == 3359
    big = sorted(rows, key=lambda r: -r["facilitators_roster"])[:2]
    assert {r["code"] for r in big} == {"33", "35"}  # Jawa Timur and Jawa Tengah largest


def test_by_regency_covers_all_119(demo_engine):
    rows = queries.summary_by(demo_engine, Filter(), "regency")
    assert len(rows) == 119
    assert all(r["facilitators_roster"] > 0 for r in rows)
    assert sum(r["participants"] for r in rows) == 4371
    ix = queries.summary_by(demo_engine, Filter(waves=(9,)), "regency")
    with_ix = {r["code"][:2] for r in ix if r["participants"]}
    assert with_ix == {"34", "35", "53"}
    assert len(ix) == 119  # regencies without participants are zeros, not missing


def test_province_filter_narrows_the_roster(demo_engine):
    s = queries.summary(demo_engine, Filter(provinces=("34",)))
    by = {r["code"]: r for r in queries.summary_by(demo_engine, Filter(), "province")}
    assert s["facilitators_roster"] == by["34"]["facilitators_roster"]
    assert s["provinces"] == ["34"]


def test_as_of_moves_batches_between_states(demo_engine):
    after_ix = queries.summary(demo_engine, Filter(as_of=date(2020, 10, 28)))
    assert after_ix["trained"] == 3359 + 420 and after_ix["in_training"] == 0
    before = queries.summary(demo_engine, Filter(as_of=date(2020, 1, 1)))
    assert before["trained"] == 0 and before["planned"] == 4371
    end = queries.summary(demo_engine, Filter(as_of=date(2020, 12, 31)))
    assert end["trained"] == 4371


def test_every_facilitator_in_exactly_one_batch(demo_engine):
    with demo_engine.connect() as conn:
        per = pd.DataFrame(
            conn.execute(
                select(Training.facilitator_id, func.count()).group_by(Training.facilitator_id)
            ).all()
        )
        n_fac = conn.execute(select(func.count()).select_from(Facilitator)).scalar()
        n_batches = conn.execute(select(func.count()).select_from(Batch)).scalar()
        wave_ix = conn.execute(
            select(Batch.start_date, Batch.end_date, Batch.mode)
            .where(Batch.wave_number == 9)
            .distinct()
        ).all()
    assert len(per) == n_fac == 4371
    assert set(per.iloc[:, 1]) == {1}
    assert n_batches == 146
    assert wave_ix == [(date(2020, 10, 16), date(2020, 10, 27), "daring")]


def test_enterprises_belong_to_roster_facilitators_and_their_regency(demo_engine):
    with demo_engine.connect() as conn:
        orphans = conn.execute(
            select(func.count())
            .select_from(Enterprise)
            .outerjoin(Facilitator, Facilitator.id == Enterprise.facilitator_id)
            .where(Facilitator.id.is_(None))
        ).scalar()
        elsewhere = conn.execute(
            select(func.count())
            .select_from(Enterprise)
            .join(Facilitator, Facilitator.id == Enterprise.facilitator_id)
            .where(Facilitator.regency_code != Enterprise.regency_code)
        ).scalar()
        sectors = conn.execute(select(Enterprise.sector).distinct()).scalars().all()
        statuses = conn.execute(select(Enterprise.status).distinct()).scalars().all()
        with_coords = conn.execute(select(func.count()).where(Enterprise.lat.is_not(None))).scalar()
        total = conn.execute(select(func.count()).select_from(Enterprise)).scalar()
    assert orphans == 0 and elsewhere == 0
    assert len(sectors) == 8 and len(statuses) == 4
    assert 0 < with_coords < total


def test_enterprise_coordinates_lie_inside_their_regency(demo_engine):
    import geopandas as gpd

    from geo import boundaries

    with demo_engine.connect() as conn:
        pts = pd.DataFrame(
            conn.execute(
                select(Enterprise.regency_code, Enterprise.lat, Enterprise.lon)
                .where(Enterprise.lat.is_not(None))
                .limit(500)
            ).all()
        )
    regencies = boundaries.load_level("regency").set_index("code")
    gdf = gpd.GeoDataFrame(pts, geometry=gpd.points_from_xy(pts.lon, pts.lat), crs=4326)
    inside = [
        regencies.geometry[c].buffer(1e-4).contains(p)
        for c, p in zip(gdf.regency_code, gdf.geometry)
    ]
    assert all(inside)


def test_no_nik_in_clear(demo_engine):
    with demo_engine.connect() as conn:
        rows = conn.execute(select(Enterprise.kpm_hash, Enterprise.kpm_masked).limit(200)).all()
    for digest, masked in rows:
        assert len(digest) == 64 and "********" in masked and len(masked) == 16


def test_regions_reference(demo_engine):
    with demo_engine.connect() as conn:
        counts = dict(conn.execute(select(Region.level, func.count()).group_by(Region.level)).all())
    assert counts == {"province": 6, "regency": 119, "district": 1809}


def test_provinces_reached_per_region_match_the_training_rows(demo_engine):
    from atlas.store.models import AggTraining as T

    for f in (Filter(waves=(9,)), Filter()):
        for level, col in (("province", T.province_code), ("regency", T.regency_code)):
            fig = queries.figures(demo_engine, f, level).set_index("code").provinces
            with demo_engine.connect() as conn:
                pairs = conn.execute(
                    select(col, T.province_code)
                    .distinct()
                    .where(*conditions.training(f), T.participants > 0)
                ).all()
            expected: dict = {}
            for code, province in pairs:
                expected.setdefault(code, []).append(province)
            assert {c: v for c, v in fig.items() if v} == {
                c: sorted(v) for c, v in expected.items()
            }
        total = queries.figures(demo_engine, f, "total").provinces.iloc[0]
        assert total == sorted({p for _, p in pairs})
