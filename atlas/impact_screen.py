"""What the training-impact page shows, in the user's language: one ``ImpactScreen`` built
from ``atlas.impact`` (the estimates) for a filter, a region and a language. The page only
draws it; the briefing's impact section and its PDF and PowerPoint page read the same
headline and chart.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.engine import Engine

from atlas import charts, db, impact
from atlas.i18n import fmt_date, fmt_int, fmt_num, t
from atlas.impact import Impact
from atlas.reports import Figure

PRETREND_ALPHA = 0.05  # below this p-value the page warns that the trends differed before


@dataclass(frozen=True)
class ImpactScreen:
    lang: str
    impact: Impact
    headline: str | None  # the effect in words (markdown); None when too thin
    baseline: str | None
    pretrend: str | None
    pretrend_ok: bool
    figures: tuple[Figure, ...]
    charts: dict[str, bytes]  # "event", "km_wave", "km_training"
    alts: dict[str, str]
    at_risk: dict[str, pd.DataFrame]  # "km_wave", "km_training": numbers at risk
    method: str | None
    caveats: tuple[str, ...]
    thin: tuple[str, ...]  # messages
    demo_mark: str | None


def region_options(names: dict[str, str], provinces: tuple[str, ...]) -> list[str]:
    """The regions one may pick (provinces, then their regencies; within the province filter
    when it is set), by code; districts are too small for an estimate."""
    codes = [c for c in names if c.count(".") <= 1 and (not provinces or c[:2] in provinces)]
    return sorted(codes)  # "34", "34.01", …, "35": each province followed by its regencies


def _pp(value: float, lang: str) -> str:
    return fmt_num(value, lang, digits=1)


def headline(i: Impact, lang: str) -> str | None:
    est = i.overall
    if est is None:
        return None
    effect, low, high = est.per_year
    if low > 0:
        key = "impact.headline.effect"
    elif high < 0:
        key, effect, low, high = "impact.headline.drop", -effect, -high, -low
    else:
        key = "impact.headline.unclear"
    return t(key, lang, effect=_pp(effect, lang), low=_pp(low, lang), high=_pp(high, lang))


def _at_risk(curves, lang: str) -> pd.DataFrame:
    group = t("impact.at_risk.group", lang)
    rows = [
        {group: charts.curve_label(c.key, lang)}
        | {
            fmt_int(tick, lang): fmt_int(n, lang)
            for tick, n in zip(impact.AT_RISK_TICKS, c.at_risk)
        }
        for c in curves
    ]
    return pd.DataFrame(rows)


def _km_alt(curves, lang: str) -> str:
    at = 24
    values = "; ".join(
        f"{charts.curve_label(c.key, lang)} {fmt_num(c.graduated_pct[at], lang)} %"
        for c in curves
        if len(c.graduated_pct) > at
    )
    return t("impact.chart.km.alt", lang, n=len(curves), values=values or "—")


def build(engine: Engine, f, region: str | None, lang: str) -> ImpactScreen:
    with engine.connect() as conn:
        demo = db.get_meta(conn, "demo") == "1"
        demo_effect = db.get_meta(conn, "demo_effect")
    return from_impact(impact.build(engine, f, region), lang, demo, demo_effect)


def from_impact(i: Impact, lang: str, demo: bool, demo_effect: str | None) -> ImpactScreen:
    est = i.overall
    figures = (
        Figure(t("impact.m.kpm", lang), fmt_int(i.kpm, lang)),
        Figure(t("impact.m.graduated", lang), fmt_int(i.graduated, lang)),
        Figure(
            t("impact.m.graduated_by", lang, date=fmt_date(i.as_of, lang)),
            fmt_int(i.graduated_by_as_of, lang),
        ),
        Figure(
            t("impact.m.trained", lang, total=fmt_int(i.facilitators, lang)),
            fmt_int(i.trained_facilitators, lang),
        ),
    )
    pretrend_ok = est is None or est.pretrend_p >= PRETREND_ALPHA
    pretrend = (
        None
        if est is None
        else t(
            "impact.pretrend.ok" if pretrend_ok else "impact.pretrend.bad",
            lang,
            p=fmt_num(est.pretrend_p, lang, digits=2),
        )
    )
    baseline = (
        None
        if est is None or i.baseline_rate is None
        else t(
            "impact.headline.baseline",
            lang,
            rate=fmt_num(i.baseline_rate, lang, digits=2),
            year=fmt_num(12 * i.baseline_rate, lang, digits=1),
        )
    )
    km_wave_title = t("impact.chart.km_wave", lang)
    km_training_title = t("impact.chart.km_training", lang)
    chart_images = {
        "event": charts.event_study(i.events, lang),
        "km_wave": charts.survival(i.curves_by_wave, km_wave_title, lang),
        "km_training": charts.survival(i.curves_by_training, km_training_title, lang),
    }
    alts = {
        "event": t(
            "impact.chart.event.alt",
            lang,
            effect=fmt_num(est.pp_per_month, lang, digits=2),
            low=fmt_num(est.lower, lang, digits=2),
            high=fmt_num(est.upper, lang, digits=2),
        )
        if est
        else t("alt.empty", lang, title=t("impact.chart.event", lang)),
        "km_wave": _km_alt(i.curves_by_wave, lang),
        "km_training": _km_alt(i.curves_by_training, lang),
    }
    caveats = [
        t("impact.caveat.compare", lang),
        t("impact.caveat.assumptions", lang),
        t("impact.caveat.curves", lang),
        t("impact.caveat.thin", lang),
    ]
    if demo and demo_effect:
        caveats.append(
            t("impact.caveat.demo", lang, effect=fmt_num(float(demo_effect), lang, digits=1))
        )
    return ImpactScreen(
        lang=lang,
        impact=i,
        headline=headline(i, lang),
        baseline=baseline,
        pretrend=pretrend,
        pretrend_ok=pretrend_ok,
        figures=figures,
        charts=chart_images,
        alts=alts,
        at_risk={
            "km_wave": _at_risk(i.curves_by_wave, lang),
            "km_training": _at_risk(i.curves_by_training, lang),
        },
        method=t(
            "impact.method",
            lang,
            estimator=i.estimator,
            first=i.first_month or "—",
            last=i.last_month or "—",
        )
        if est
        else None,
        caveats=tuple(caveats),
        thin=tuple(t(k, lang) for k in i.thin),
        demo_mark=t("demo.mark", lang) if demo else None,
    )
