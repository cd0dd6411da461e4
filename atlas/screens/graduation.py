"""The year's graduations against the target (the briefing's section).

The ministry aimed to graduate one million KPM families from PKH in 2020. A target is set per
year and area (``atlas.store.targets``); this counts the graduations of the as-of date's year
up to that date — every wave and batch, the whole working area — by province and, in the
country's deployment, by regional centre, beside their targets. Counted as the graduated
figure at the date less the one at the end of the year before, from the same summaries as
every other figure: a graduation recorded without a date belongs to no year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from atlas.core import areas
from atlas.core.filters import Filter
from atlas.core.i18n import MISSING, fmt_date, fmt_int, fmt_pct, t
from atlas.store import db, queries, targets


@dataclass(frozen=True)
class GraduationSection:
    title: str  # "Graduasi 2020 terhadap target"
    headline: str  # the year's graduations, and their share of the area's target
    by_area: pd.DataFrame  # the centres, their graduations and targets (the country's only)
    by_province: pd.DataFrame  # each province's graduations, formatted
    note: str  # what is counted, and where a target is set
    graduated: int  # the year's graduations up to the date, in the whole area
    target: int | None  # the area's target for the year


def graduations(source: db.Source, as_of: date) -> dict[str, int]:
    """Graduations by province code in ``as_of``'s year up to ``as_of``."""
    year_before = date(as_of.year - 1, 12, 31)
    with db.snapshot(source) as snap:
        now = queries.figures_at(snap, Filter(as_of=as_of), "province")
        then = queries.figures_at(snap, Filter(as_of=year_before), "province")
    before = dict(zip(then.code, then.graduated))
    return {c: int(n - before.get(c, 0)) for c, n in zip(now.code, now.graduated)}


def section(source: db.Source, as_of: date, lang: str) -> GraduationSection | None:
    """The section for the as-of date's year; None when no target of this deployment's
    area (or, in the country's, of any centre) is set for that year."""
    here = areas.current()
    year = as_of.year
    set_for = targets.of_year(source, year)
    if not any(a.code in set_for for a in targets.settable_areas()):
        return None
    counted = graduations(source, as_of)
    total = sum(counted.values())
    target = set_for.get(here.code)
    params = {"n": fmt_int(total, lang), "year": year, "date": fmt_date(as_of, lang)}
    if target:
        share = fmt_pct(total / target, lang)
        headline = t("grad.headline", lang, share=share, target=fmt_int(target, lang), **params)
    else:
        headline = t("grad.headline.no_target", lang, area=here.title, **params)
    return GraduationSection(
        title=t("grad.title", lang, year=year),
        headline=headline,
        by_area=_by_area(counted, set_for, year, lang) if here.national else pd.DataFrame(),
        by_province=_by_province(counted, year, lang),
        note=t("grad.note", lang),
        graduated=total,
        target=target,
    )


def _share(n: int, target: int | None, lang: str) -> str:
    return fmt_pct(n / target, lang) if target else MISSING


def _by_area(counted: dict[str, int], set_for: dict[str, int], year: int, lang: str):
    """Each centre, then the whole country."""
    rows = []
    for centre in (*areas.CENTRES, areas.current()):
        n = sum(counted.get(p, 0) for p in centre.provinces)
        target = set_for.get(centre.code)
        rows.append(
            {
                t("grad.col.area", lang): centre.title,
                t("grad.col.graduated", lang, year=year): fmt_int(n, lang),
                t("grad.col.target", lang): fmt_int(target, lang) if target else MISSING,
                t("grad.col.share", lang): _share(n, target, lang),
            }
        )
    return pd.DataFrame(rows)


def _by_province(counted: dict[str, int], year: int, lang: str) -> pd.DataFrame:
    here = areas.current()
    # The country's provinces by centre, each in its centre's order.
    codes = [p for a in areas.CENTRES for p in a.provinces] if here.national else here.provinces
    rows = []
    for code in codes:
        row = {t("grad.col.province", lang): areas.full_name(code)}
        if here.national:
            row[t("grad.col.area", lang)] = areas.of_province(code).title
        row[t("grad.col.graduated", lang, year=year)] = fmt_int(counted.get(code, 0), lang)
        rows.append(row)
    return pd.DataFrame(rows)
