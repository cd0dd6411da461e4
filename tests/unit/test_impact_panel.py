"""The event study's facilitator-month panel, on histories small enough to count by hand."""

from datetime import date

import numpy as np
import pandas as pd

from atlas import impact

AS_OF = date(2020, 6, 16)  # last full month: May 2020


def _raw(rows):
    return pd.DataFrame(
        rows,
        columns=["facilitator", "start", "graduated", "graduation", "wave", "status", "end"],
    )


def _histories():
    return impact.prepare(
        _raw(
            [
                # facilitator 1: batch ended 2020-02-21 → trained from March 2020
                (1, date(2019, 1, 10), True, date(2020, 3, 5), 1, "lulus", date(2020, 2, 21)),
                (1, date(2019, 12, 1), False, None, 1, "lulus", date(2020, 2, 21)),
                # graduated after the as-of date: still at risk, not counted as graduated here
                (1, date(2019, 1, 20), True, date(2020, 8, 1), 1, "lulus", date(2020, 2, 21)),
                # facilitator 2: batch ends after the as-of date → not yet trained
                (2, date(2019, 1, 5), True, date(2019, 12, 31), 9, "terdaftar", date(2020, 10, 27)),
                # facilitator 3: failed the training → never counted as trained
                (3, date(2019, 6, 1), False, None, 2, "tidak lulus", date(2020, 3, 13)),
                # started after the as-of date: left out
                (3, date(2020, 7, 1), False, None, 2, "tidak lulus", date(2020, 3, 13)),
            ]
        ),
        AS_OF,
    )


def test_training_and_censoring_at_the_as_of_date():
    h = _histories()
    fr = h.frame
    assert len(fr) == 5
    assert fr.trained_from.notna().tolist() == [True, True, True, False, False]
    assert fr.trained_from.iloc[0] == pd.Timestamp("2020-03-01")
    assert fr.graduation.notna().tolist() == [True, False, False, True, False]
    assert fr.graduated.tolist() == [True, False, True, True, False]  # the stored flag


def test_the_panel_counts_who_is_at_risk_each_month():
    p = impact.panel(_histories())
    # Months from 12 before the first cohort (March 2020) to May 2020.
    assert p.attrs["base"] == "2019-03" and p.attrs["months"] == 15
    at = p.set_index(["entity", "time"])
    # Facilitator 1: two families at risk from Mar 2019 (started in January), a third from
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
