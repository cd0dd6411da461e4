"""What the training-impact page shows, in the user's language: one ``ImpactScreen`` built
from ``atlas.analysis.impact`` (the estimates) for a filter, a region and a language. The page only
draws it; the briefing's impact section and its PDF and PowerPoint page read the same
headline and chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from atlas.analysis import impact
from atlas.analysis.impact import Impact
from atlas.core.figure import Figure
from atlas.core.i18n import fmt_date_short, fmt_int, fmt_month, fmt_num, fmt_pct, t
from atlas.core.regions import level_of, province_of
from atlas.screens import charts

PRETREND_ALPHA = 0.05  # below this p-value the page warns that the trends differed before


@dataclass(frozen=True)
class ImpactScreen:
    lang: str
    impact: Impact
    verdict: str | None  # the finding in one plain sentence (markdown), first; None: thin
    headline: str | None  # the effect in figures (markdown); None when too thin
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


@dataclass(frozen=True)
class ImpactSection:
    """The briefing's part of the impact page: what the PDF page and the slide carry."""

    title: str
    headline: str  # plain text (no markdown): the verdict, or why there is none

    notes: tuple[str, ...]  # the comparison rate, the pre-trend check, the method
    chart: bytes | None  # the event study; None when there is none (the notes say why)
    alt: str


def briefing_section(i: Impact, lang: str) -> ImpactSection:
    """The verdict first; the effect in figures, the comparison rate, the pre-trend check and
    the method as its notes."""
    found, figures = verdict(i, lang), headline(i, lang)
    notes = (
        (figures, _baseline(i, lang), _pretrend(i, lang)[0], _method(i, lang))
        if found
        else tuple(t(k, lang) for k in i.thin)
    )
    no_event = _why_not_drawn(i, lang)[0]
    return ImpactSection(
        title=t("nav.impact", lang),
        headline=(found or t("impact.headline.none", lang)).replace("**", ""),
        notes=tuple(n.replace("**", "") for n in notes if n),
        chart=charts.event_study(i.events, lang, no_event) if i.events else None,
        alt=_event_alt(i, lang, no_event),
    )


def _why_not_drawn(i: Impact, lang: str) -> tuple[str | None, str | None]:
    """What an empty event-study or survival chart says: an empty selection has no data; a
    selection with KPM is too thin (the page's notes say why for the event study; a curve
    needs ``MIN_CURVE_*``). None: the default, "no data"."""
    if not i.kpm:
        return None, None
    return t("impact.chart.thin.event", lang), t(
        "impact.chart.thin.km",
        lang,
        kpm=fmt_int(impact.MIN_CURVE_KPM, lang),
        graduations=fmt_int(impact.MIN_CURVE_GRADUATIONS, lang),
    )


def region_options(
    names: dict[str, str], provinces: tuple[str, ...], lang: str
) -> dict[str | None, str]:
    """The regions one may pick, code -> label: the whole selection (None) first, then each
    province followed by its regencies (indented with a dash), within the province filter
    when it is set; districts are too small for an estimate."""
    codes = [
        c
        for c in names
        if level_of(c) != "district" and (not provinces or province_of(c) in provinces)
    ]
    shown = {None: t("impact.region.all", lang)}
    # Sorted by code: "34", "34.01", …, "35".
    for c in sorted(codes):
        shown[c] = names[c] if level_of(c) == "province" else f"— {names[c]}"
    return shown


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


def verdict(i: Impact, lang: str) -> str | None:
    """The finding in one plain sentence, first: how many times as fast KPM graduate once
    their facilitator is trained (the monthly graduation rate with the effect against the
    rate without), and how sure that is, in words."""
    est, base = i.overall, i.baseline_rate
    if est is None or not base:
        return None
    ratio, low, high = (
        max(0.0, (base + x) / base) for x in (est.pp_per_month, est.lower, est.upper)
    )
    key = (
        "impact.verdict.faster"
        if est.lower > 0
        else "impact.verdict.slower"
        if est.upper < 0
        else "impact.verdict.unclear"
    )
    return t(key, lang, ratio=_pp(ratio, lang), low=_pp(low, lang), high=_pp(high, lang))


def _pretrend(i: Impact, lang: str) -> tuple[str | None, bool]:
    """The pre-trend check in words, and whether it passed."""
    est = i.overall
    if est is None:
        return None, True
    ok = est.pretrend_p >= PRETREND_ALPHA
    key = "impact.pretrend.ok" if ok else "impact.pretrend.bad"
    return t(key, lang, p=fmt_num(est.pretrend_p, lang, digits=2)), ok


def _baseline(i: Impact, lang: str) -> str | None:
    if i.overall is None or i.baseline_rate is None:
        return None
    return t(
        "impact.headline.baseline",
        lang,
        rate=fmt_num(i.baseline_rate, lang, digits=2),
        year=fmt_num(12 * i.baseline_rate, lang, digits=1),
    )


def _method(i: Impact, lang: str) -> str | None:
    if i.overall is None:
        return None
    first, last = (_month(m, lang) for m in (i.first_month, i.last_month))
    return t("impact.method", lang, first=first, last=last)


def _month(month: str | None, lang: str) -> str:
    """``2019-03`` in words (``Maret 2019``)."""
    if not month:
        return "—"
    year, number = map(int, month.split("-"))
    return fmt_month(date(year, number, 1), lang)


def _empty_alt(title: str, why: str | None, lang: str) -> str:
    """The text for screen readers of a chart drawn empty: its title and why (one line)."""
    return f"{title}: {' '.join(why.split())}." if why else t("alt.empty", lang, title=title)


def _event_alt(i: Impact, lang: str, why: str | None) -> str:
    est = i.overall
    if est is None:
        return _empty_alt(t("impact.chart.event", lang), why, lang)
    return t(
        "impact.chart.event.alt",
        lang,
        effect=fmt_num(est.pp_per_month, lang, digits=2),
        low=fmt_num(est.lower, lang, digits=2),
        high=fmt_num(est.upper, lang, digits=2),
    )


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


def _km_alt(curves, title: str, lang: str, why: str | None) -> str:
    if not curves:
        return _empty_alt(title, why, lang)
    at = 24
    values = "; ".join(
        f"{charts.curve_label(c.key, lang)} {fmt_pct(c.graduated_pct[at] / 100, lang)}"
        for c in curves
        if len(c.graduated_pct) > at
    )
    return t("impact.chart.km.alt", lang, n=len(curves), values=values or "—")


def from_impact(i: Impact, lang: str, demo: bool, demo_effect: str | None) -> ImpactScreen:
    """The page for the estimates ``i``; on demo data (``demo``) it names the effect the
    generator planted (``demo_effect``, the ``meta`` value)."""
    figures = (
        Figure(t("impact.m.kpm", lang), fmt_int(i.kpm, lang)),
        Figure(
            t("impact.m.graduated", lang),
            fmt_int(i.graduated, lang),
            t("impact.m.graduated.note", lang, date=fmt_date_short(i.as_of, lang)),
        ),
        Figure(
            t("impact.m.graduated_by", lang),
            fmt_int(i.graduated_by_as_of, lang),
            t("impact.m.graduated_by.note", lang, date=fmt_date_short(i.through, lang)),
        ),
        Figure(
            t("impact.m.trained", lang),
            fmt_int(i.trained_facilitators, lang),
            t("impact.m.trained.note", lang, total=fmt_int(i.facilitators, lang)),
        ),
    )
    pretrend, pretrend_ok = _pretrend(i, lang)
    km_wave_title = t("impact.chart.km_wave", lang)
    km_training_title = t("impact.chart.km_training", lang)
    no_event, no_curve = _why_not_drawn(i, lang)
    chart_images = {
        "event": charts.event_study(i.events, lang, no_event),
        "km_wave": charts.survival(i.curves_by_wave, km_wave_title, lang, no_curve),
        "km_training": charts.survival(i.curves_by_training, km_training_title, lang, no_curve),
    }
    alts = {
        "event": _event_alt(i, lang, no_event),
        "km_wave": _km_alt(i.curves_by_wave, km_wave_title, lang, no_curve),
        "km_training": _km_alt(i.curves_by_training, km_training_title, lang, no_curve),
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
        verdict=verdict(i, lang),
        headline=headline(i, lang),
        baseline=_baseline(i, lang),
        pretrend=pretrend,
        pretrend_ok=pretrend_ok,
        figures=figures,
        charts=chart_images,
        alts=alts,
        at_risk={
            "km_wave": _at_risk(i.curves_by_wave, lang),
            "km_training": _at_risk(i.curves_by_training, lang),
        },
        method=_method(i, lang),
        caveats=tuple(caveats),
        thin=tuple(t(k, lang) for k in i.thin),
    )
