"""The event study's facilitator-month panel, on histories small enough to count by hand."""

from dataclasses import astuple
from datetime import date

import numpy as np
import pandas as pd

from atlas.analysis import impact

AS_OF = date(2020, 6, 16)  # last full month: May 2020


def m(year: int, month: int) -> int:
    return year * 12 + month - 1


def _histories():
    # Cells as the database counts them (atlas.store.histories): facilitator, start month,
    # graduation month (−1: none), enterprises, of them with the graduated flag.
    rows = pd.DataFrame(
        [
            (1, m(2019, 1), m(2020, 3), 1, 1),
            (1, m(2019, 12), -1, 1, 0),
            (1, m(2019, 1), m(2020, 8), 1, 1),  # graduated after the as-of date: at risk
            (2, m(2019, 1), m(2019, 12), 1, 1),
            (3, m(2019, 6), -1, 1, 0),
            (3, m(2020, 7), -1, 1, 0),  # started after the as-of date: counted, not analysed
            (3, -1, -1, 1, 1),  # graduated, no dates: counted, not analysed
            # Whole months: the as-of date's month is not counted yet.
            (4, m(2019, 5), m(2020, 6), 1, 1),  # graduated in it: at risk through May
            (4, m(2020, 6), -1, 1, 0),  # started in it: counted, not analysed
        ],
        columns=["facilitator", "start", "graduation", "n", "graduated"],
    )
    facs = pd.DataFrame(
        [
            (1, 1, "lulus", date(2020, 2, 21)),  # trained from March 2020
            (2, 9, "terdaftar", date(2020, 10, 27)),  # ends after the as-of date: not yet
            (3, 2, "tidak lulus", date(2020, 3, 13)),  # failed: never counted as trained
        ],
        columns=["facilitator", "wave", "status", "end"],
    )
    return impact.prepare(rows, facs, AS_OF)


def test_who_is_trained_by_the_as_of_date():
    h = _histories()
    trained = h.facilitators.set_index("facilitator").trained_from
    assert trained.loc[1] == m(2020, 3)
    assert np.isnan(trained.loc[2]) and np.isnan(trained.loc[3])
    i = impact.from_histories(h)
    assert (i.kpm, i.graduated, i.graduated_by_as_of) == (9, 5, 2)
    assert i.through == date(2020, 5, 31)
    assert (i.facilitators, i.trained_facilitators) == (4, 1)


def test_the_panel_counts_who_is_at_risk_each_month():
    p = impact.panel(_histories())
    # Months from 12 before the first cohort (March 2020) to May 2020.
    assert p.attrs["base"] == "2019-03" and p.attrs["months"] == 15
    at = p.set_index(["entity", "time"])
    # Facilitator 1: two families at risk from Feb 2019 (started in January), a third from
    # January 2020; the first graduates in March 2020 (at risk that month, gone after).
    assert at.loc[(1, 0), "at_risk"] == 2  # March 2019
    assert at.loc[(1, 10), "at_risk"] == 3  # January 2020
    assert at.loc[(1, 12), ["at_risk", "graduations"]].tolist() == [3, 1]  # March 2020
    assert at.loc[(1, 13), "at_risk"] == 2  # April 2020: the graduate is no longer at risk
    assert at.loc[(1, 12), "rate"] == 100 / 3
    # Facilitator 2: graduated in December 2019, nobody at risk afterwards (no rows).
    assert at.loc[(2, 9), ["at_risk", "graduations"]].tolist() == [1, 1]
    assert (2, 10) not in at.index
    # Facilitator 4: at risk from June 2019 to the last full month, May 2020; the graduation
    # in June 2020 is after it.
    assert at.loc[(4, 3), "at_risk"] == 1 and (4, 2) not in at.index
    assert at.loc[(4, 14), ["at_risk", "graduations"]].tolist() == [1, 0]
    assert at.loc[4].at_risk.max() == 1
    # Cohorts: month index of the training month; NaN for not trained.
    cohorts = p.groupby("entity").cohort.first()
    assert cohorts.loc[1] == 12 and np.isnan(cohorts.loc[2]) and np.isnan(cohorts.loc[3])
    assert np.isnan(cohorts.loc[4])
    assert p.graduations.sum() == 2


def _synthetic_panel(seed: int = 3, entities: int = 240, months: int = 30) -> pd.DataFrame:
    """Facilitator-months in three cohorts and a never-trained group, with an effect."""
    rng = np.random.default_rng(seed)
    cohort = rng.choice([14.0, 18.0, 22.0, np.nan], size=entities)
    time = np.tile(np.arange(months), entities)
    cohorts = np.repeat(cohort, months)
    at_risk = rng.integers(5, 40, size=entities * months).astype(float)
    after = ~np.isnan(cohorts) & (time >= cohorts)
    graduations = rng.binomial(at_risk.astype(int), np.where(after, 0.04, 0.02)).astype(float)
    return pd.DataFrame(
        {
            "entity": np.repeat(np.arange(entities), months),
            "time": time,
            "at_risk": at_risk,
            "graduations": graduations,
            "rate": 100 * graduations / at_risk,
            "cohort": cohorts,
        }
    )


def test_the_fast_influence_columns_give_what_differences_gives(monkeypatch):
    """``impact._column`` replaces ``differences``' slow ``get_sparse_array``: the same
    arrays, and the same event study and overall estimate to the last digit."""
    from differences.models.attgt import attgt_cal
    from differences.models.attgt.utility_ntl import get_sparse_array
    from scipy.sparse import lil_array

    rng = np.random.default_rng(0)
    idx = np.sort(rng.choice(500, size=120, replace=False))
    values = rng.normal(size=120)
    for ary in (values, 7):
        slow = get_sparse_array(nrows=500, ary=ary, fill_idx=idx, sparse_func=lil_array)
        fast = impact._column(nrows=500, ary=ary, fill_idx=idx, sparse_func=lil_array)
        assert fast.shape == slow.shape
        np.testing.assert_array_equal(fast.toarray(), slow.toarray())

    p = _synthetic_panel()
    fast_points, fast_overall, _ = impact._fit(p)
    monkeypatch.setattr(impact, "_column", get_sparse_array)
    try:
        slow_points, slow_overall, _ = impact._fit(p)
    finally:
        attgt_cal.get_sparse_array = get_sparse_array
    assert fast_overall is not None and fast_overall.pp_per_month > 0
    # The base period's bounds are NaN in both: compared as arrays, NaN equal to NaN.
    np.testing.assert_array_equal(
        [astuple(e) for e in fast_points], [astuple(e) for e in slow_points]
    )
    np.testing.assert_array_equal(astuple(fast_overall), astuple(slow_overall))
