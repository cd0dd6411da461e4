"""The event study's facilitator-month panel, on histories small enough to count by hand."""

from datetime import date

import numpy as np
import pandas as pd

from atlas import impact

AS_OF = date(2020, 6, 16)  # last full month: May 2020


def m(year: int, month: int) -> int:
    return year * 12 + month - 1


def _histories():
    # As the database counts them: (facilitator, start month, graduation month by the as-of
    # date, enterprises, of them with the graduated flag).
    rows = pd.DataFrame(
        [
            (1, m(2019, 1), m(2020, 3), 1, 1),
            (1, m(2019, 12), None, 1, 0),
            (1, m(2019, 1), None, 1, 1),  # graduated after the as-of date: still at risk
            (2, m(2019, 1), m(2019, 12), 1, 1),
            (3, m(2019, 6), None, 1, 0),
            (3, None, None, 1, 0),  # started after the as-of date: counted, not analysed
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
    assert (i.kpm, i.graduated, i.graduated_by_as_of) == (6, 3, 2)
    assert (i.facilitators, i.trained_facilitators) == (3, 1)


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
    # Cohorts: month index of the training month; NaN for not trained.
    cohorts = p.groupby("entity").cohort.first()
    assert cohorts.loc[1] == 12 and np.isnan(cohorts.loc[2]) and np.isnan(cohorts.loc[3])
    assert p.graduations.sum() == 2
