"""Region detail queries and the enterprise/district figures, on both engines."""

from datetime import date

import pandas as pd
import pytest

from atlas.core.access import ANONYMOUS, Denied, Principal
from atlas.core.filters import Filter
from atlas.store import conditions, detail, queries
from atlas.store.models import TURNOVER_BANDS

IX = Filter(waves=(9,))


def test_sleman_batches_in_wave_ix(demo_engine):
    df = detail.batches(demo_engine, IX, "34.04")
    assert not df.empty
    assert set(df.wave_number) == {9}
    assert set(df["mode"]) == {"daring"}
    assert (df.start_date == date(2020, 10, 16)).all() and (df.end_date == date(2020, 10, 27)).all()
    assert set(df.state) == {"in_training"}
    total = queries.figures(demo_engine, IX, "regency").set_index("code").participants["34.04"]
    assert df.participants.sum() == total


def test_region_waves_trend_is_cumulative(demo_engine):
    df = detail.waves(demo_engine, Filter(), "34")
    assert (
        df.participants.sum()
        == queries.summary(demo_engine, Filter(provinces=("34",)))["participants"]
    )
    assert df.trained_cumulative.is_monotonic_increasing


@pytest.mark.parametrize("by", ["sector", "status"])
def test_enterprises_by(demo_engine, by):
    df = detail.enterprises_by(demo_engine, Filter(), "34.04", by)
    fig = queries.figures(demo_engine, Filter(), "regency").set_index("code").loc["34.04"]
    assert df.enterprises.sum() == fig.enterprises


def test_sector_and_status_filters_narrow_enterprises_only(demo_engine):
    all_ = queries.summary(demo_engine, Filter())
    kul = queries.summary(demo_engine, Filter(sectors=("kuliner",)))
    assert 0 < kul["enterprises"] < all_["enterprises"]
    assert kul["trained"] == all_["trained"]
    inactive = queries.summary(demo_engine, Filter(statuses=("tidak aktif",)))
    assert inactive["enterprises_active"] == 0
    assert inactive["enterprises"] == all_["enterprises"] - all_["enterprises_active"]


COORD_DIY = Principal("koor", "coordinator", province="34")
STAFF = Principal("staf", "data_staff")


def test_facilitators_named_only_for_roles_that_need_them(demo_engine):
    named, is_named = detail.facilitators(demo_engine, IX, "34.04", COORD_DIY)
    assert is_named and {"official_id", "name"} <= set(named.columns)
    for who in (Principal("v", "viewer"), ANONYMOUS, Principal("k", "coordinator", province="35")):
        counts, is_named = detail.facilitators(demo_engine, IX, "34.04", who)
        assert not is_named and "name" not in counts.columns and "official_id" not in counts.columns
        assert counts.facilitators.sum() == len(named)
    # A coordinator of Jawa Timur sees names in Jawa Timur, aggregates in DIY (above).
    assert detail.facilitators(
        demo_engine, Filter(), "35.07", Principal("k", "coordinator", province="35")
    )[1]


def test_enterprise_points_refused_without_the_right(demo_engine):
    for who in (ANONYMOUS, Principal("v", "viewer"), Principal("k", "coordinator", province="35")):
        with pytest.raises(Denied):
            detail.enterprise_points(demo_engine, Filter(), "34.04", who)
    assert detail.enterprise_points(demo_engine, Filter(), "34.04", COORD_DIY)[1] > 0


def test_district_figures_carry_enterprises_not_training(demo_engine):
    df = queries.figures(demo_engine, Filter(), "district", "34.04")
    assert len(df) == 17  # Sleman has 17 kecamatan
    assert df.trained.isna().all() and df.facilitators_roster.isna().all()
    assert df.enterprises.sum() > 0
    regency = (
        queries.figures(demo_engine, Filter(), "regency").set_index("code").enterprises["34.04"]
    )
    assert df.enterprises.sum() <= regency  # enterprises without a district are not placed
    with pytest.raises(ValueError):
        queries.figures(demo_engine, Filter(), "district")


def test_median_turnover_is_close_to_the_true_median(demo_engine):
    from sqlalchemy import select

    from atlas.store.models import Enterprise

    est = queries.figures(demo_engine, Filter(), "province", with_median=True).set_index("code")
    with demo_engine.connect() as conn:
        raw = pd.DataFrame(
            conn.execute(select(Enterprise.regency_code, Enterprise.monthly_turnover)).all()
        )
    raw["p"] = raw.regency_code.str[:2]
    true = raw.groupby("p").monthly_turnover.median()
    for code, value in true.items():
        assert abs(est.median_turnover[code] - value) / value < 0.15


def test_enterprise_points_are_bounded(demo_engine, monkeypatch):
    pts, total = detail.enterprise_points(demo_engine, Filter(), "34.04", STAFF)
    assert len(pts) == total > 0
    monkeypatch.setattr(detail, "POINT_LIMIT", 3)
    pts, total = detail.enterprise_points(demo_engine, Filter(), "34.04", STAFF)
    assert len(pts) == 3 and total > 3
    assert detail.enterprise_points(demo_engine, IX, "34.04", STAFF)[1] < total


def test_venues_of_classroom_waves(demo_engine):
    df = detail.venues(demo_engine, Filter(waves=(1, 2)))
    assert len(df) >= 1 and df.participants.sum() > 0
    assert detail.venues(demo_engine, IX).empty  # wave IX was online


def test_region_path(demo_engine):
    assert detail.region_path(demo_engine, "34.04.01")[:2] == [
        ("34", "DI Yogyakarta"),
        ("34.04", "Kabupaten Sleman"),
    ]


def _median_by_definition(counts: pd.Series) -> float | None:
    """The band median written out: walk the bands up to the one holding half the enterprises."""
    counts = counts[counts > 0].sort_index()
    total, cum = counts.sum(), 0
    for band, n in counts.items():
        if (cum + n) * 2 >= total:
            lower = TURNOVER_BANDS[band]
            if band == 0:
                return 0.0
            upper = TURNOVER_BANDS[band + 1] if band + 1 < len(TURNOVER_BANDS) else lower * 2
            return lower + (upper - lower) * (total / 2 - cum) / n
        cum += n
    return None


@pytest.mark.parametrize(
    "f",
    [
        Filter(),
        Filter(waves=(9,)),
        Filter(batches=(101, 102)),
        Filter(sectors=("kuliner",)),
        Filter(provinces=("35",), statuses=("mandiri",)),
        Filter(provinces=("53",)),
    ],
)
@pytest.mark.parametrize("level", ["total", "province", "regency"])
def test_medians_found_by_the_database_follow_the_definition(demo_engine, f, level):
    from sqlalchemy import select

    from atlas.store.models import AggTurnover as T

    est = queries.figures(demo_engine, f, level, with_median=True).set_index("code").median_turnover
    key = {"total": None, "province": T.province_code, "regency": T.regency_code}[level]
    with demo_engine.connect() as conn:
        rows = pd.DataFrame(
            conn.execute(
                select(T.province_code if key is None else key, T.band, T.enterprises).where(
                    *conditions.enterprises(f, T)
                )
            ).all(),
            columns=["code", "band", "n"],
        )
    if level == "total":
        rows["code"] = "all"
    expected = {
        code: _median_by_definition(g.groupby("band").n.sum()) for code, g in rows.groupby("code")
    }
    assert expected, "the filter should match some enterprises"
    for code, value in est.items():
        if code in expected:
            assert value == pytest.approx(expected[code], rel=1e-9), code
        else:
            assert pd.isna(value), code


@pytest.mark.parametrize(
    "f",
    [Filter(), IX, Filter(sectors=("kuliner",)), Filter(statuses=("mandiri",), waves=(5, 6))],
    ids=["all", "wave-ix", "sector", "status-waves"],
)
def test_districts_plus_the_unassigned_equal_every_regency(demo_engine, f):
    """Every regency of DI Yogyakarta: its districts' enterprise figures plus those with no
    recorded district equal its own, whichever summary table the filter reads."""
    regencies = queries.figures(demo_engine, f, "regency", "34").set_index("code")
    gaps = 0
    for code, row in regencies.iterrows():
        districts = queries.figures(demo_engine, f, "district", code)
        without = queries.without_district(demo_engine, f, code)
        for name in ("enterprises", "enterprises_active", "graduated"):
            assert districts[name].sum() + without[name] == row[name], (code, name)
            assert without[name] >= 0
        gaps += without["enterprises"]
    if f == Filter():
        assert gaps > 0  # the demo has enterprises with no district


def test_enterprise_points_follow_the_facilitators_current_batch(loaded):
    """A facilitator who retook the training in a later wave counts in that wave only, as
    on the map: the points of the two waves together are those of each, never the same
    enterprise twice."""
    from sqlalchemy import insert, select, update

    from atlas.store import aggregates
    from atlas.store.models import Batch, Enterprise, Training

    with loaded.begin() as conn:
        regency, fid, wave, start = conn.execute(
            select(
                Enterprise.regency_code,
                Training.facilitator_id,
                Batch.wave_number,
                Batch.start_date,
            )
            .join(Training, Training.facilitator_id == Enterprise.facilitator_id)
            .join(Batch, Batch.id == Training.batch_id)
            .where(Batch.wave_number < 11)
            .order_by(Enterprise.id)
            .limit(1)
        ).one()
        later, retake_wave = conn.execute(
            select(Batch.id, Batch.wave_number)
            .where(Batch.start_date > start, Batch.wave_number != wave)
            .order_by(Batch.start_date)
        ).first()
        conn.execute(insert(Training).values(facilitator_id=fid, batch_id=later, status="lulus"))
        # Points need coordinates; the small demo has none without boundary shapes.
        conn.execute(
            update(Enterprise).where(Enterprise.regency_code == regency).values(lat=-7.7, lon=110.4)
        )
        aggregates.refresh(conn)

    def points(*waves):
        return detail.enterprise_points(loaded, Filter(waves=waves), regency, STAFF)[1]

    assert points(retake_wave) > 0
    assert points(wave) + points(retake_wave) == points(*sorted((wave, retake_wave)))
    on_map = queries.figures(loaded, Filter(waves=(wave,)), "regency").set_index("code")
    assert points(wave) <= on_map.loc[regency].enterprises
