"""Did the training speed KPM families to graduation? The training-impact screen model.

Facilitators were trained wave by wave across 2020: in any month some had been trained and
others not yet — a staggered rollout. Two views of the same enterprise histories:

* **Time to graduation** (descriptive): Kaplan–Meier curves (lifelines) of the share of KPM
  graduated by months since their enterprise started, censored at the as-of date, by the
  accompanying facilitator's wave and by whether that facilitator was trained by the as-of
  date. Groups differ in more than training, so the curves describe; they do not prove.
* **Event study** (the estimate): each facilitator's monthly graduation rate (graduations in
  the month per 100 of their KPM not yet graduated at its start), relative to the first full
  month after their batch ended. Callaway & Sant'Anna's group-time ATT (the ``differences``
  package, outcome regression weighted by the KPM at risk, analytic standard errors from
  the influence function, which is clustered by facilitator) with facilitators not yet
  trained as controls: it stays unbiased when the effect differs between waves and over
  time, where a two-way fixed-effects regression would compare early-trained with
  already-trained facilitators. Why this package and not pyfixest: bench/RESULTS.md.

What is compared, and what it needs (no anticipation, parallel trends), is said on the page
(``impact.caveat.*`` in ``atlas.core.i18n``). Below the sizes in ``MIN_*`` the page says the data
is too thin instead of drawing a noisy curve. Aggregates only: no name or identifier leaves
this module.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from atlas.core.filters import Filter, to_roman
from atlas.core.regions import level_of, regency_of
from atlas.store import db, queries
from atlas.store import histories as histories_cells
from atlas.store.histories import month_index
from atlas.store.models import NOT_COMPLETED_STATUSES

WINDOW = 12  # months before and after training shown by the event study
# Too thin below these: a curve needs its KPM and some graduations; the event study needs
# trained facilitators, facilitators not yet trained to compare them with, and months
# before training to check the trends.
MIN_CURVE_KPM = 50
MIN_CURVE_GRADUATIONS = 10
MIN_TREATED_FACILITATORS = 30
MIN_CONTROL_FACILITATORS = 30
MIN_PRE_MONTHS = 3
AT_RISK_TICKS = (0, 12, 24, 36, 48)  # months since start at which the numbers at risk are shown
ESTIMATOR = "Callaway & Sant'Anna (2021), differences 0.3: ATTgt, not-yet-treated controls"


@dataclass(frozen=True)
class Histories:
    """The selection's enterprise histories as of a date: the cells of ``atlas.store.histories``
    (counted by the database, not read one by one). Months are indices: year × 12 + month − 1.

    ``rows``: ``facilitator`` (−1 without one), ``start`` (the enterprise's start month; NaN
    when it has no start date, started in the as-of date's month or later, or graduated with
    no date: such rows count for the map's figures but not for the analysis),
    ``graduation`` (month of graduation before the as-of date's month, else NaN), ``n``
    (enterprises; a facilitator's cells may repeat a start and graduation, once per
    regency), ``graduated``
    (of them, with the stored flag set, whatever its date: what the map counts).
    ``facilitators``: ``facilitator``, ``wave`` (of the current batch), ``trained_from`` (the
    month after the batch ended, if it ended before the as-of date and was not failed or
    left; else NaN)."""

    rows: pd.DataFrame
    facilitators: pd.DataFrame
    as_of: date

    @property
    def as_of_month(self) -> int:
        return month_index(self.as_of)


@dataclass(frozen=True)
class Curve:
    key: str  # "wave:3", "trained", "not_trained", "no_batch"
    months: tuple[int, ...]
    graduated_pct: tuple[float, ...]  # 100 × (1 − survival)
    lower_pct: tuple[float, ...]
    upper_pct: tuple[float, ...]
    at_risk: tuple[int, ...]  # at AT_RISK_TICKS (those within the curve's months)
    kpm: int
    graduations: int


@dataclass(frozen=True)
class EventPoint:
    period: int  # months since training (0: the first full month after the batch ended)
    att: float  # percentage points of the monthly graduation rate
    lower: float
    upper: float


@dataclass(frozen=True)
class Estimate:
    """The average effect over the months after training, in percentage points of the
    monthly graduation rate; ``per_year`` is twelve months of it."""

    pp_per_month: float
    lower: float
    upper: float
    std_error: float
    # The Wald test that every month before training shows no effect (parallel trends):
    # a small p-value says the trends differed before training and the estimate is doubtful.
    pretrend_p: float

    @property
    def per_year(self) -> tuple[float, float, float]:
        return 12 * self.pp_per_month, 12 * self.lower, 12 * self.upper


@dataclass(frozen=True)
class Impact:
    as_of: date
    kpm: int  # enterprises in the selection at the as-of date, as on the map
    graduated: int  # graduated by the as-of date, as on the map
    # The analysis counts whole months: starts and graduations through ``through``, the last
    # day of the month before the as-of date's.
    through: date
    graduated_by_as_of: int  # with a graduation date on or before ``through``
    facilitators: int
    trained_facilitators: int  # trained by the as-of date
    first_month: str | None  # the event study's months, YYYY-MM
    last_month: str | None
    baseline_rate: float | None  # pp per month among facilitators not yet trained
    curves_by_wave: tuple[Curve, ...]
    curves_by_training: tuple[Curve, ...]
    events: tuple[EventPoint, ...]
    overall: Estimate | None
    estimator: str
    thin: tuple[str, ...]  # message keys: why a part is not shown


def histories(source: db.Source, f: Filter, region: str | None = None) -> Histories:
    """The selection's enterprise histories (``atlas.store.histories.selection``)."""
    return prepare(*histories_cells.selection(source, f, region), f.as_of)


def prepare(found: pd.DataFrame, facs: pd.DataFrame, as_of: date) -> Histories:
    """Typed frames as of ``as_of``, in whole months: the analysis counts the enterprises
    started, and the graduations, before the as-of date's month (the event study's months
    run through the month before it). Who was trained by ``as_of``: a facilitator is trained
    from the month after their batch ended, if that batch ended before the as-of date and
    was not failed or left."""
    end = pd.to_datetime(facs.end)
    completed = (
        ~facs.status.isin(NOT_COMPLETED_STATUSES) & end.notna() & (end < pd.Timestamp(as_of))
    )
    month = end.dt.year * 12 + end.dt.month  # the month after the end: (month − 1) + 1
    facilitators = pd.DataFrame(
        {
            "facilitator": facs.facilitator.astype(np.int64),
            "wave": facs.wave.fillna(0).astype(np.int64),
            "trained_from": month.where(completed).astype(float),
        }
    )
    as_of_month = month_index(as_of)
    start = np.array(found.start, dtype=float)
    graduation = np.array(found.graduation, dtype=float)
    start[(start < 0) | (start >= as_of_month)] = np.nan
    graduation[(graduation < 0) | (graduation >= as_of_month) | np.isnan(start)] = np.nan
    out = pd.DataFrame(
        {
            "facilitator": found.facilitator.to_numpy(dtype=np.int64),
            "start": start,
            "graduation": graduation,
            "n": found.n.to_numpy(dtype=np.int64),
            "graduated": found.graduated.to_numpy(dtype=np.int64),
        }
    )
    return Histories(out, facilitators, as_of)


def _label(index: float) -> str:
    """A month index as YYYY-MM."""
    year, month = divmod(int(index), 12)
    return f"{year:04d}-{month + 1:02d}"


def panel(h: Histories) -> pd.DataFrame:
    """Facilitator × month: KPM at risk at the start of the month (started in an earlier
    month, not graduated before it), graduations in the month, the rate per 100 at risk and
    the facilitator's cohort (month index of ``trained_from`` from the panel's first month;
    NaN: not trained within the window). Months run from WINDOW before the first cohort to
    the last full month before the as-of date. Facilitator-months with nobody at risk have
    no rate and are left out."""
    empty = pd.DataFrame(columns=["entity", "time", "at_risk", "graduations", "rate", "cohort"])
    fr = h.rows[(h.rows.facilitator >= 0) & h.rows.start.notna()]
    trained = h.facilitators.set_index("facilitator").trained_from
    cohorts = trained.reindex(fr.facilitator.unique()).dropna()
    if fr.empty or cohorts.empty:
        return empty
    base = int(cohorts.min()) - WINDOW
    months = h.as_of_month - base  # through the month before the as-of date's
    if months <= 0:
        return empty
    ids, entity = np.unique(fr.facilitator.to_numpy(), return_inverse=True)
    start = fr.start.to_numpy() - base
    grad = fr.graduation.to_numpy() - base
    n = fr.n.to_numpy(dtype=float)
    first = np.clip(start + 1, 0, None)
    stop = np.where(np.isnan(grad), months - 1, grad)  # at risk through the graduation month
    keep = (first <= stop) & (first < months) & (stop >= 0)
    # Entries and exits as differences along each facilitator's months, summed by bincount
    # over flat (facilitator, month) indices: np.add.at took 0,3 s for 2,5 million cells.
    width = months + 1
    size = len(ids) * width
    row = entity[keep] * width
    risk = np.bincount(row + first[keep].astype(int), n[keep], size) - np.bincount(
        row + np.minimum(stop[keep] + 1, months).astype(int), n[keep], size
    )
    risk = risk.reshape(len(ids), width).cumsum(axis=1)[:, :months]
    hit = keep & ~np.isnan(grad) & (grad < months)
    grads = np.bincount(entity[hit] * width + grad[hit].astype(int), n[hit], size)
    grads = grads.reshape(len(ids), width)[:, :months]
    cohort = trained.reindex(ids).to_numpy(dtype=float) - base
    cohort = np.where(cohort <= months - 1, cohort, np.nan)
    out = pd.DataFrame(
        {
            "entity": np.repeat(ids, months),
            "time": np.tile(np.arange(months), len(ids)),
            "at_risk": risk.ravel(),
            "graduations": grads.ravel(),
            "cohort": np.repeat(cohort, months),
        }
    )
    out = out[out.at_risk > 0].reset_index(drop=True)
    out["rate"] = 100 * out.graduations / out.at_risk
    out.attrs["base"] = _label(base)
    out.attrs["months"] = months
    return out


def _curve(
    key: str, durations: np.ndarray, observed: np.ndarray, weights: np.ndarray, horizon: int
) -> Curve | None:
    from lifelines import KaplanMeierFitter

    if weights.sum() < MIN_CURVE_KPM or weights[observed].sum() < MIN_CURVE_GRADUATIONS:
        return None
    grid = np.arange(0, horizon + 1)
    kmf = KaplanMeierFitter(alpha=0.05).fit(durations, observed, timeline=grid, weights=weights)
    surv = kmf.survival_function_.iloc[:, 0].to_numpy()
    ci = kmf.confidence_interval_survival_function_
    at_risk = tuple(
        int(weights[durations >= tick].sum()) for tick in AT_RISK_TICKS if tick <= horizon
    )
    return Curve(
        key=key,
        months=tuple(int(m) for m in grid),
        graduated_pct=tuple(np.round(100 * (1 - surv), 2)),
        lower_pct=tuple(np.round(100 * (1 - ci.iloc[:, 1].to_numpy()), 2)),
        upper_pct=tuple(np.round(100 * (1 - ci.iloc[:, 0].to_numpy()), 2)),
        at_risk=at_risk,
        kpm=int(weights.sum()),
        graduations=int(weights[observed].sum()),
    )


def survival(h: Histories) -> tuple[tuple[Curve, ...], tuple[Curve, ...]]:
    """Kaplan–Meier curves of whole months from an enterprise's start to its family's
    graduation, censored at the end of the month before the as-of date: (by wave, trained
    versus not yet trained).
    Groups under the MIN_CURVE_* sizes are left out."""
    fr = h.rows[h.rows.start.notna()]
    if fr.empty:
        return (), ()
    people = h.facilitators.set_index("facilitator")
    wave = people.wave.reindex(fr.facilitator).fillna(0).to_numpy()
    trained = people.trained_from.reindex(fr.facilitator).notna().to_numpy()
    observed = fr.graduation.notna().to_numpy()
    end = np.where(observed, fr.graduation.to_numpy(), h.as_of_month)
    durations = np.clip(end - fr.start.to_numpy(), 0, None)
    # One row per wave, training, duration and outcome, weighted by its enterprises: the
    # same curves from a few thousand rows instead of millions (lifelines sorts what it is
    # given). Counted by bincount over a mixed-radix key: no sort of the millions either.
    span = int(durations.max()) + 1
    key = ((wave.astype(np.int64) * 2 + trained) * span + durations.astype(np.int64)) * 2
    totals = np.bincount(key + observed, weights=fr.n.to_numpy(dtype=float))
    (present,) = np.nonzero(totals)
    weights = totals[present]
    rest, observed = np.divmod(present, 2)
    rest, durations = np.divmod(rest, span)
    wave, trained = np.divmod(rest, 2)
    observed, trained = observed.astype(bool), trained.astype(bool)
    horizon = int(durations.max())
    by_wave = [
        _curve(
            f"wave:{int(w)}" if w else "no_batch",
            durations[sel],
            observed[sel],
            weights[sel],
            horizon,
        )
        for w in sorted(np.unique(wave))
        for sel in [wave == w]
    ]
    by_training = [
        _curve("trained", durations[trained], observed[trained], weights[trained], horizon),
        _curve("not_trained", durations[~trained], observed[~trained], weights[~trained], horizon),
    ]
    return tuple(c for c in by_wave if c), tuple(c for c in by_training if c)


def event_study(p: pd.DataFrame) -> tuple[tuple[EventPoint, ...], Estimate | None, tuple[str, ...]]:
    """The event study on a facilitator-month ``panel``: points from −WINDOW to +WINDOW
    (relative to the month before training, which is 0 by construction), the average effect
    after training, and the reasons (message keys) when the data is too thin for it."""
    if p.empty:
        return (), None, ("impact.thin.no_training",)
    per_entity = p.groupby("entity").cohort.first()
    treated = int(per_entity.notna().sum())
    # Who can be compared with the first trained: those not trained within the window, and
    # those trained later (not yet trained at the time). One wave alone has none.
    controls = int(per_entity.isna().sum() + (per_entity > per_entity.min()).sum())
    thin = []
    if treated < MIN_TREATED_FACILITATORS:
        thin.append("impact.thin.treated")
    if controls < MIN_CONTROL_FACILITATORS:
        thin.append("impact.thin.controls")
    if per_entity.min() < MIN_PRE_MONTHS:
        thin.append("impact.thin.pre")
    if thin:
        return (), None, tuple(thin)
    try:
        return _fit(p)
    except (ValueError, IndexError, ZeroDivisionError, np.linalg.LinAlgError):
        # A selection the estimator cannot take (e.g. no comparison left for some month):
        # said on the page, never a traceback.
        return (), None, ("impact.thin.estimator",)


def _column(nrows: int, ary, fill_idx, sparse_func=None):
    """``differences``' ``get_sparse_array``, built as CSR at once: the original fills an
    empty LIL array, whose constructor makes one Python list per row — per group-time, one
    per facilitator. At 50.000 facilitators that was 10 of the event study's 15 s. Same
    values: ``fill_idx`` holds distinct sample rows (``np.argwhere``)."""
    from scipy.sparse import csr_array

    fill_idx = np.asarray(fill_idx).ravel()
    values = np.broadcast_to(np.asarray(ary, dtype=float).ravel(), fill_idx.shape)
    return csr_array((values, (fill_idx, np.zeros_like(fill_idx))), shape=(nrows, 1))


def _fit(p: pd.DataFrame) -> tuple[tuple[EventPoint, ...], Estimate | None, tuple[str, ...]]:
    from differences import ATTgt
    from differences.models.attgt import attgt_cal
    from differences.models.attgt.utility_ntl import wald_pre_test

    # Installed for good rather than around the fit: sessions fit in parallel threads, and
    # a swap undone by one would leave another half way; both functions give the same.
    attgt_cal.get_sparse_array = _column
    with warnings.catch_warnings():
        # "entities dropped because always treated": facilitators whose KPM were first at
        # risk after their training; they carry no before-and-after comparison.
        warnings.simplefilter("ignore")
        # Only the columns the fit reads: the estimator copies its rows once per group-time.
        data = p[["entity", "time", "rate", "at_risk", "cohort"]].set_index(["entity", "time"])
        att = ATTgt(data=data, cohort_column="cohort", base_period="universal")
        # Weighted by the KPM at risk: the effect on the average family's monthly chance,
        # and a facilitator-month of one family (a rate of 0 or 100) no longer counts as
        # much as one of thirty. Unweighted, the pre-trend test rejected far more often
        # than 5 % on demo data generated with no effect at all (3 of 6 seeds at p < 0,07).
        att.fit(
            formula="rate",
            control_group="not_yet_treated",
            weights_column="at_risk",
            progress_bar=False,
        )
        by_period = att.aggregate("event")
        simple = att.aggregate("simple")
        # ATTgt.wald_pre_test() passes an argument its own results() no longer takes
        # (differences 0.3.0); the module function it wraps takes the fitted group-times.
        pretest = wald_pre_test(att._result_dict["full_sample"]["ATTgt_ntl"])
    by_period.columns = [c[-1] for c in by_period.columns]
    simple.columns = [c[-1] for c in simple.columns]
    points = tuple(
        EventPoint(int(k), float(r.ATT), float(r.lower), float(r.upper))
        for k, r in by_period.iterrows()
        if -WINDOW <= k <= WINDOW and np.isfinite(r.ATT)
    )
    row = simple.iloc[0]
    overall = Estimate(
        float(row.ATT),
        float(row.lower),
        float(row.upper),
        float(row.std_error),
        float(pretest["p_value"]),
    )
    return points, overall, ()


def build(source: db.Source, f: Filter, region: str | None = None) -> Impact:
    """The page's screen model for a selection (pure of the UI; cached by the page). The
    KPM and graduations it shares with the map are the map's, to the day; the analysis
    stops at the end of the month before (``graduated_by_as_of``)."""
    with db.snapshot(source) as snap:
        kpm, graduated = _as_on_the_map(snap, f, region)
        found = histories(snap, f, region)
    return replace(from_histories(found), kpm=kpm, graduated=graduated)


def _as_on_the_map(source: db.Source, f: Filter, region: str | None) -> tuple[int, int]:
    """The selection's enterprises and graduated KPM at the as-of date, read as the map
    reads them."""
    if region and level_of(region) == "district":
        rows = queries.figures(source, f, "district", regency_of(region))
        row = rows[rows.code == region].iloc[0]
    else:
        row = queries.figures(source, f, "total", region).iloc[0]
    return int(row.enterprises), int(row.graduated)


def from_histories(h: Histories) -> Impact:
    rows = h.rows
    p = panel(h)
    curves_by_wave, curves_by_training = survival(h)
    events, overall, thin = event_study(p)
    if not rows.n.sum():
        thin = ("impact.thin.empty",)  # nothing at all: not a question of training
    controls = p[p.cohort.isna() | (p.time < p.cohort)] if not p.empty else p
    baseline = (
        float(100 * controls.graduations.sum() / controls.at_risk.sum())
        if len(controls) and controls.at_risk.sum()
        else None
    )
    present = rows.facilitator[rows.facilitator >= 0].unique()
    trained = h.facilitators.set_index("facilitator").trained_from.reindex(present)
    first = p.attrs.get("base")
    last = _label(h.as_of_month - 1) if first else None
    return Impact(
        as_of=h.as_of,
        kpm=int(rows.n.sum()),
        graduated=int(rows.graduated.sum()),
        through=h.as_of.replace(day=1) - timedelta(days=1),
        graduated_by_as_of=int(rows.n[rows.graduation.notna()].sum()),
        facilitators=len(present),
        trained_facilitators=int(trained.notna().sum()),
        first_month=first,
        last_month=last,
        baseline_rate=baseline,
        curves_by_wave=curves_by_wave,
        curves_by_training=curves_by_training,
        events=events,
        overall=overall,
        estimator=ESTIMATOR,
        thin=thin,
    )


def curve_label_params(key: str) -> dict:
    """Parameters of a curve's label (``impact.curve.*``): the wave in Roman numerals."""
    if key.startswith("wave:"):
        return {"wave": to_roman(int(key.split(":")[1]))}
    return {}


def as_dict(i: Impact) -> dict:
    """The CLI's ``impact --json``: the overall estimate and what it rests on."""
    est = i.overall
    return {
        "as_of": i.as_of.isoformat(),
        "estimator": i.estimator,
        "outcome": "monthly graduation rate of a facilitator's KPM, percentage points",
        "effect_pp_per_month": None if est is None else round(est.pp_per_month, 4),
        "ci95_pp_per_month": None if est is None else [round(est.lower, 4), round(est.upper, 4)],
        "effect_pp_per_year": None if est is None else round(est.per_year[0], 3),
        "ci95_pp_per_year": None
        if est is None
        else [round(est.per_year[1], 3), round(est.per_year[2], 3)],
        "pretrend_p_value": None if est is None else round(est.pretrend_p, 4),
        "baseline_pp_per_month": None if i.baseline_rate is None else round(i.baseline_rate, 4),
        "facilitators": i.facilitators,
        "trained_facilitators": i.trained_facilitators,
        "kpm": i.kpm,
        "graduated": i.graduated,
        "graduated_by_as_of": i.graduated_by_as_of,
        "counted_through": i.through.isoformat(),
        "periods": {"first": i.first_month, "last": i.last_month, "window": WINDOW},
        "event_study": [
            {
                "period": e.period,
                "att": round(e.att, 4),
                "ci95": [round(e.lower, 4), round(e.upper, 4)],
            }
            for e in i.events
        ],
        "too_thin": list(i.thin),
    }
