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

from atlas import demo, impact, queries, setup
from atlas.db import make_engine
from atlas.filters import Filter, parse_provinces, parse_waves


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


def planted_effect(h: impact.Histories, effect: float) -> float:
    """The generator's effect in percentage points of the monthly graduation rate, averaged
    over trained facilitator-months (the estimator's target), from the generator's hazard."""
    fr = h.frame[h.frame.facilitator >= 0].reset_index(drop=True)
    p = impact.panel(h)
    base = pd.Period(p.attrs["base"])
    months = p.attrs["months"]
    start_month = impact._month_index(fr.start, base)
    grad_month = impact._month_index(fr.graduation, base)
    eligible_from = fr.start + pd.Timedelta(days=demo.GRADUATION_DELAY_DAYS)
    hazard = demo.GRADUATION_HAZARD
    cells = []
    for t in range(months):
        month_start = (base + t).to_timestamp()
        at_risk = (start_month < t) & (np.isnan(grad_month) | (grad_month >= t))
        # Share of the month in which the family could graduate (the generator's delay).
        month_end = (base + t + 1).to_timestamp()
        exposed = (
            (month_end - eligible_from.clip(lower=month_start)).dt.days.clip(lower=0)
            / (month_end - month_start).days
        ).to_numpy()
        diff = np.exp(-hazard * exposed) - np.exp(-effect * hazard * exposed)
        cell = pd.DataFrame({"facilitator": fr.facilitator[at_risk], "diff": diff[at_risk]})
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
    truth = planted_effect(impact.histories(planted, f), demo.TRAINING_EFFECT)
    est = result.overall
    assert est is not None and not result.thin
    assert 0.1 < truth < 0.5  # the generator's effect is of the size the docs state
    assert est.lower <= truth <= est.upper, (truth, est)
    assert est.lower > 0  # and the data is rich enough to tell it from no effect


def test_with_no_effect_the_interval_covers_zero(no_effect):
    f = Filter()
    result = impact.build(no_effect, f)
    assert planted_effect(impact.histories(no_effect, f), 1.0) == 0
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
