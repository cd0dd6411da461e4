"""The training-impact estimate recovers the effect planted in the demo generator.

The demo's graduation hazard is ``demo.TRAINING_EFFECT`` times higher from the first month
after a facilitator's batch ended. What that means in the estimator's units — percentage
points of a facilitator's monthly graduation rate, averaged over the trained
facilitator-months — depends on who is at risk when, so it is computed here from the data
and the generator's hazard, independently of the estimator: over the KPM at
risk in the months after their facilitator's training, the mean of the graduation
probability with the effect less the one without it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from atlas.analysis import impact
from atlas.core.filters import Filter, parse_provinces, parse_waves
from atlas.store import db, demo, histories, queries, setup
from atlas.store.db import make_engine
from atlas.store.models import Enterprise


def _demo_db(tmp_path_factory, effect: float) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('impact') / 'atlas.db'}"
    eng = make_engine(url)
    setup.run(eng, install_boundaries=False, load_demo=False)
    demo.load(eng, effect=effect)
    eng.dispose()
    return url


@pytest.fixture(scope="module")
def planted(tmp_path_factory, geo_dir):
    eng = make_engine(_demo_db(tmp_path_factory, demo.TRAINING_EFFECT))
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def no_effect(tmp_path_factory, geo_dir):
    eng = make_engine(_demo_db(tmp_path_factory, 1.0))
    yield eng
    eng.dispose()


def _raw_enterprises(engine) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Every enterprise's facilitator, start, flag and graduation, read one by one (not
    through ``impact``), with the start and graduation dates parsed."""
    e = Enterprise
    with engine.connect() as conn:
        raw = pd.DataFrame(
            conn.execute(
                select(e.facilitator_id, e.start_date, e.graduated, e.graduation_date)
            ).all(),
            columns=["facilitator", "start", "graduated", "graduation"],
        )
    return raw, pd.to_datetime(raw.start), pd.to_datetime(raw.graduation)


def planted_effect(engine, f: Filter, effect: float) -> float:
    """The generator's effect in percentage points of the monthly graduation rate, averaged
    over trained facilitator-months weighted by their KPM at risk (the estimator's target),
    from the enterprises one by one and the generator's hazard."""
    raw, start, grad = _raw_enterprises(engine)
    as_of = pd.Timestamp(f.as_of)
    grad = grad.where(raw.graduated & (grad <= as_of))
    start_month = (start.dt.year * 12 + start.dt.month - 1).to_numpy(dtype=float)
    grad_month = (grad.dt.year * 12 + grad.dt.month - 1).where(grad.notna()).to_numpy(dtype=float)
    eligible_from = start + pd.Timedelta(days=demo.GRADUATION_DELAY_DAYS)
    p = impact.panel(impact.histories(engine, f))
    year, month = map(int, p.attrs["base"].split("-"))
    base = year * 12 + month - 1
    cells = []
    for t in range(p.attrs["months"]):
        index = base + t
        month_start = pd.Timestamp(index // 12, index % 12 + 1, 1)
        month_end = month_start + pd.offsets.MonthBegin(1)
        at_risk = (start_month < index) & (np.isnan(grad_month) | (grad_month >= index))
        # The share of the month in which the family could graduate (the generator's delay).
        exposed = (
            (month_end - eligible_from.clip(lower=month_start)).dt.days.clip(lower=0)
            / (month_end - month_start).days
        ).to_numpy()
        calendar = demo.calendar_factor(np.array([month_start.to_datetime64()]))[0]
        hazard = demo.GRADUATION_HAZARD * calendar * exposed
        diff = np.exp(-hazard) - np.exp(-effect * hazard)
        cell = pd.DataFrame({"facilitator": raw.facilitator[at_risk], "diff": diff[at_risk]})
        cell = cell.groupby("facilitator")["diff"].agg(["mean", "size"]).reset_index()
        cell.columns = ["facilitator", "diff", "at_risk"]
        cell["time"] = t
        cells.append(cell)
    truth = pd.concat(cells).merge(
        p[["entity", "time", "cohort"]],
        left_on=["facilitator", "time"],
        right_on=["entity", "time"],
    )
    treated = truth[truth.cohort.notna() & (truth.time >= truth.cohort)]
    # The estimator weights each facilitator-month by its KPM at risk.
    return float(100 * np.average(treated["diff"], weights=treated["at_risk"]))


def test_the_estimate_recovers_the_planted_effect(planted):
    f = Filter()
    result = impact.build(planted, f)
    truth = planted_effect(planted, f, demo.TRAINING_EFFECT)
    est = result.overall
    assert est is not None and not result.thin
    assert 0.1 < truth < 0.5  # the generator's effect is of the size the docs state
    assert est.lower <= truth <= est.upper, (truth, est)
    assert est.lower > 0  # and the data is rich enough to tell it from no effect


def test_with_no_effect_the_interval_covers_zero(no_effect):
    f = Filter()
    result = impact.build(no_effect, f)
    assert planted_effect(no_effect, f, 1.0) == 0
    est = result.overall
    assert est is not None
    assert est.lower <= 0 <= est.upper, est


def test_the_months_before_training_show_no_effect(planted):
    """The parallel-trends check the page draws: the months before training, tested jointly,
    do not differ from zero; every month after training is above it."""
    result = impact.build(planted, Filter())
    before = [e for e in result.events if e.period < 0]
    assert [e.period for e in before] == list(range(-impact.WINDOW, 0))
    assert result.overall.pretrend_p > 0.05
    after = [e for e in result.events if e.period >= 0]
    assert after and all(e.att > 0 for e in after)


@pytest.mark.parametrize(
    "f",
    [
        Filter(),
        Filter(waves=parse_waves("IX")),
        Filter(provinces=parse_provinces("53"), statuses=("mandiri",)),
    ],
    ids=["all", "wave-ix", "ntt-mandiri"],
)
def test_counts_agree_with_the_map(demo_engine, f):
    result = impact.build(demo_engine, f)
    map_total = queries.figures(demo_engine, f).iloc[0]
    assert result.kpm == map_total.enterprises
    assert result.graduated == map_total.graduated


def test_a_thin_selection_says_so_instead_of_estimating(demo_engine):
    result = impact.build(demo_engine, Filter(waves=parse_waves("I")), region="34.04")
    assert result.overall is None and not result.events
    assert result.thin


def test_an_empty_selection_says_it_is_empty(demo_engine):
    result = impact.build(demo_engine, Filter(provinces=parse_provinces("51"), waves=(9,)))
    assert (result.kpm, result.overall, result.thin) == (0, None, ("impact.thin.empty",))
    assert not result.curves_by_wave and not result.events


def test_one_wave_alone_has_no_one_to_compare_with(demo_engine):
    """Everyone in the selection trained in the same month: no facilitator not yet trained
    to compare with. Said, not estimated (the estimator raised on it before)."""
    result = impact.build(demo_engine, Filter(provinces=parse_provinces("33"), waves=(1,)))
    assert result.overall is None and "impact.thin.controls" in result.thin


@pytest.mark.parametrize("raw", [False, True], ids=["summary", "raw table"])
def test_the_database_counts_the_months_as_pandas_does(demo_engine, raw):
    """Each engine's month arithmetic (SQLite's strftime, PostgreSQL's EXTRACT cast to
    integer), from the summary and from the raw table, against the enterprises read one by
    one and counted in pandas, in whole months: the starts and graduations before the
    as-of date's month."""
    f = Filter()
    as_of_month = f.as_of.year * 12 + f.as_of.month - 1
    with db.snapshot(demo_engine) as conn:
        found = histories.selection_cells(conn, f, raw=raw)
    h = impact.prepare(
        found, pd.DataFrame(columns=["facilitator", "wave", "status", "end"]), f.as_of
    )
    raw_rows, start, grad = _raw_enterprises(demo_engine)
    start_month = start.dt.year * 12 + start.dt.month - 1
    grad_month = grad.dt.year * 12 + grad.dt.month - 1
    usable = start.notna() & (start_month < as_of_month) & (~raw_rows.graduated | grad.notna())
    counted = pd.DataFrame(
        {
            "facilitator": raw_rows.facilitator.fillna(-1).astype(np.int64),
            "start": start_month.where(usable),
            "graduation": grad_month.where(
                usable & raw_rows.graduated & (grad_month < as_of_month)
            ),
        }
    )
    keys = ["facilitator", "start", "graduation"]
    expected = counted.groupby(keys, dropna=False).size().rename("n").reset_index()
    # The summary keeps a facilitator's cells per regency: the same keys may repeat.
    got = h.rows.groupby(keys, dropna=False).n.sum().reset_index()
    got = got.sort_values(keys, na_position="first").reset_index(drop=True)
    expected = expected.sort_values(keys, na_position="first").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


@pytest.mark.parametrize(
    "f, region",
    [
        (Filter(), None),
        (Filter(provinces=parse_provinces("53,52")), None),
        (Filter(waves=parse_waves("I-IV")), None),
        (Filter(batches=(101, 102, 115)), None),
        (Filter(), "33"),
        (Filter(waves=parse_waves("II-V")), "35.07"),
    ],
)
def test_the_summary_gives_the_raw_tables_histories(demo_engine, f, region):
    """``agg_history`` answers the selections it can as the raw table does: the same cells
    (summed where the summary splits a facilitator by regency), hence the same page."""
    keys = ["facilitator", "start", "graduation"]

    def cells(raw):
        with db.snapshot(demo_engine) as conn:
            found = histories.selection_cells(conn, f, region, raw=raw)
        return found.groupby(keys).sum().sort_index()

    summary = cells(raw=False)
    assert summary.n.sum() > 0
    pd.testing.assert_frame_equal(summary, cells(raw=True), check_dtype=False)


def test_a_thin_selection_says_why_its_charts_are_empty(demo_engine):
    """KPM but too few for the estimate and the curves: the charts (and their text for
    screen readers) say the data is too thin, not that there is none; an empty selection
    still says there is no data."""
    from atlas.screens import impact_screen

    thin = impact.build(demo_engine, Filter(provinces=parse_provinces("53")), region="53.05")
    assert thin.kpm > 0 and thin.overall is None and not thin.curves_by_training
    screen = impact_screen.from_impact(thin, "id", True, "2")
    assert "Terlalu tipis untuk studi peristiwa" in screen.alts["event"]
    assert "Tiap kurva perlu sedikitnya 50 KPM dan 10 graduasi" in screen.alts["km_training"]
    empty = impact.build(demo_engine, Filter(provinces=parse_provinces("51"), waves=(9,)))
    en = impact_screen.from_impact(empty, "en", True, "2")
    assert "no data for this selection" in en.alts["event"]
    assert "no data for this selection" in en.alts["km_wave"]


def test_the_facilitators_reconcile_with_the_maps(demo_engine):
    """The impact page counted 3.349 trained of 4.356 facilitators, the map 3.359 of 4.371,
    and neither said why: the impact page counts the facilitators who have KPM. Its figure
    says so, and the numbers are the map's less the facilitators without KPM."""
    from sqlalchemy import distinct, func

    from atlas.screens import impact_screen
    from atlas.store.models import Batch, Facilitator, Training

    f = Filter()
    found = impact.build(demo_engine, f)
    on_map = queries.summary(demo_engine, f)
    with demo_engine.connect() as conn:
        with_kpm = (
            select(Enterprise.facilitator_id)
            .where(Enterprise.facilitator_id.is_not(None))
            .distinct()
        )
        without = conn.execute(
            select(func.count()).select_from(Facilitator).where(Facilitator.id.not_in(with_kpm))
        ).scalar()
        trained_without = conn.execute(
            select(func.count(distinct(Training.facilitator_id)))
            .join(Batch, Batch.id == Training.batch_id)
            .where(
                Training.status == "lulus",
                Batch.end_date < f.as_of,
                Training.facilitator_id.not_in(with_kpm),
            )
        ).scalar()
    assert found.facilitators == on_map["facilitators_roster"] - without
    assert found.trained_facilitators == on_map["trained"] - trained_without
    screen = impact_screen.from_impact(found, "id", demo=True, demo_effect=None)
    shown = next(
        x for x in screen.figures if x.value == f"{found.trained_facilitators:,}".replace(",", ".")
    )
    assert shown.label == "Pendamping sudah diklat"
    assert shown.note == f"dari {found.facilitators:,} yang punya KPM".replace(",", ".")
