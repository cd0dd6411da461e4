"""Everything a briefing export carries, built once: figures, narrative, map picture, charts.

The PDF (``atlas.exports.pdf``), the PowerPoint (``atlas.exports.deck``) and the page all read
a ``Report``; file names carry the as-of date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from atlas.analysis import impact
from atlas.core import areas
from atlas.core.figure import Figure
from atlas.core.filters import Filter, file_slug, to_roman
from atlas.core.i18n import fmt_date, fmt_datetime, fmt_int, fmt_money_short, fmt_pct, t
from atlas.core.labels import all_provinces, filter_summary, provinces_text, status_note
from atlas.screens import briefing, charts, explorer, graduation, impact_screen
from atlas.screens.briefing import Briefing
from atlas.screens.graduation import GraduationSection
from atlas.screens.impact_screen import ImpactSection
from atlas.store import db, origin, queries


@dataclass
class Report:
    lang: str
    briefing: Briefing
    title: str
    subtitle: str
    freshness: str
    filter_text: str
    figures: list[Figure]
    narrative: list[str]
    map_png: bytes | None
    charts: dict[str, bytes]  # the charts that have something to show
    # Why each of the others (``charts.CHARTS``) is not drawn: one line in its place.
    gaps: dict[str, str]
    # Text alternatives stating the main figures: "map" and the keys of ``charts``.
    alts: dict[str, str]
    table: pd.DataFrame  # by province, formatted
    # "Data contoh (ilustratif)" on every page, slide and screen when the data is the demo;
    # None on real data.
    demo_mark: str | None = None
    # The map's title: coverage, or the selected participants when nobody in the selection
    # has finished training yet (a wave in progress), as the map page chooses.
    map_title: str = ""
    # The training-impact page's headline and event-study chart (its own page in the PDF
    # and the PowerPoint).
    impact: ImpactSection | None = None
    # The as-of year's graduations against the area's target, when one is set.
    graduation: GraduationSection | None = None

    def file_name(self, ext: str) -> str:
        """``ringkasan-pkh_gelombang-IX_2020-10-16_id.pdf``: the selection, the date, the
        language (the briefing of one wave and of all waves had one name)."""
        f = self.briefing.filter
        parts = ["ringkasan-pkh", file_slug(f), f.as_of.isoformat(), self.lang]
        return "_".join(p for p in parts if p) + f".{ext}"


def figures(b: Briefing, lang: str, status: str | None = None) -> list[Figure]:
    """The briefing's figures; ``status``: said on those that are the latest upload's."""
    tot = b.total
    change = b.change_since_previous_wave()
    pct = fmt_pct(tot.coverage, lang)
    return [
        Figure(t("m.roster", lang), fmt_int(tot.facilitators_roster, lang)),
        Figure(
            t("m.trained", lang),
            fmt_int(tot.trained, lang),
            t("brief.change", lang, n=fmt_int(change[0], lang), wave=to_roman(change[1]))
            if change
            else "",
        ),
        Figure(t("m.in_training", lang), fmt_int(tot.in_training, lang)),
        Figure(t("m.planned", lang), fmt_int(tot.planned, lang)),
        Figure(t("brief.coverage", lang), pct),
        Figure(
            t("brief.batches_held", lang),
            fmt_int(b.batches_held, lang),
            t("brief.of", lang, n=fmt_int(b.batches_total, lang)),
        ),
        Figure(
            t("brief.waves_held", lang),
            fmt_int(b.waves_held, lang),
            t("brief.of", lang, n=fmt_int(b.waves_total, lang)),
        ),
        Figure(
            t("brief.provinces_reached", lang),
            fmt_int(len(b.provinces_reached), lang),
            # All six would not fit beside the figure (it was cut to "…Bali, NTB,").
            all_provinces(lang)
            if set(b.provinces_reached) >= set(areas.current().provinces)
            else provinces_text(b.provinces_reached, lang),
        ),
        Figure(t("m.enterprises", lang), fmt_int(tot.enterprises, lang)),
        Figure(t("m.enterprises_active", lang), fmt_pct(tot.active_share, lang), status or ""),
        Figure(t("m.graduated", lang), fmt_int(tot.graduated, lang)),
        Figure(
            t("d.median", lang),
            fmt_money_short(tot.median_turnover, lang),
            status or t("map.legend.median_note", lang),
        ),
    ]


def province_table(b: Briefing, lang: str) -> pd.DataFrame:
    p = b.provinces
    return pd.DataFrame(
        {
            t("map.col.province", lang): p.name,
            t("m.roster", lang): [fmt_int(v, lang) for v in p.facilitators_roster],
            t("m.trained", lang): [fmt_int(v, lang) for v in p.trained],
            # In an empty selection a share of 0 % would read as a finding: "—" instead.
            t("m.coverage", lang): [fmt_pct(None if b.empty else v, lang) for v in p.coverage],
            t("m.in_training", lang): [fmt_int(v, lang) for v in p.in_training],
            t("m.planned", lang): [fmt_int(v, lang) for v in p.planned],
            t("m.enterprises", lang): [fmt_int(v, lang) for v in p.enterprises],
        }
    )


MAP_TITLES = {"coverage": "brief.map.title", "participants": "brief.map.title.participants"}


def map_metric(b: Briefing) -> str:
    """What the briefing's map shows: coverage, or, while nobody in the selection has
    finished training (a wave in progress), its participants — as the map page opens
    (``explorer.metric_for``; a coverage map of wave IX on 16 October 2020 was all white,
    "0 (nihil) (119)")."""
    return "coverage" if explorer.metric_for(b.total) == "trained" else "participants"


def map_alt(b: Briefing, regions: int, lang: str, metric: str = "coverage") -> str:
    """The map picture's text alternative: how many regencies it colours, and the overall
    figure it shows."""
    tot = b.total
    return t(
        "alt.map" if metric == "coverage" else "alt.map.participants",
        lang,
        title=t(MAP_TITLES[metric], lang),
        regions=fmt_int(regions, lang),
        pct=fmt_pct(tot.coverage, lang),
        trained=fmt_int(tot.trained, lang),
        roster=fmt_int(tot.facilitators_roster, lang),
        participants=fmt_int(tot.participants, lang),
    )


def map_picture(
    source: db.Source, f: Filter, lang: str, legend_scale: float = 1.0, metric: str = "coverage"
) -> tuple[bytes | None, int]:
    """The static map of ``metric`` (``map_metric``) and the number of regencies on it;
    (None, 0) when the boundary files are missing. ``legend_scale`` enlarges its legend
    (presentation mode)."""
    from geo import boundaries, static_map
    from geo.metrics import build_layer

    try:
        regencies = boundaries.load_level("regency")
        provinces = boundaries.load_level("province")
    except boundaries.BoundariesMissing:
        return None, 0
    if f.provinces:
        regencies = regencies[regencies.province_code.isin(f.provinces)]
        provinces = provinces[provinces.code.isin(f.provinces)]
    fig = queries.figures(source, f, "regency")
    layer, legend = build_layer(fig, regencies, metric, lang)
    png = static_map.render(
        layer,
        legend,
        title=t(MAP_TITLES[metric], lang),
        attribution=t("attribution", lang),
        outlines=provinces,
        north=t("brief.north", lang),
        legend_scale=legend_scale,
    )
    return png, len(regencies)


def build(
    source: db.Source,
    f: Filter,
    lang: str,
    *,
    presentation: bool = False,
    estimates: impact.Impact | None = None,
) -> Report:
    """The briefing for a filter; ``presentation``: for a projector (a larger map legend).
    ``estimates``: the training-impact estimates of ``f`` when the caller has them already
    (the app computes them once for the impact page and the briefing)."""
    with db.snapshot(source) as snap:
        last = db.get_meta(snap, "last_import_at") or ""
        demo = origin.demo_rows(snap)  # real rows beside them or not
        status = status_note(f.as_of, origin.status_date(snap), lang)
        last_import = datetime.fromisoformat(last) if last else None
        b = briefing.build(snap, f, last_import)
        metric = map_metric(b)
        map_png, map_regions = map_picture(
            snap, f, lang, legend_scale=1.7 if presentation else 1.0, metric=metric
        )
        freshness = t(
            "freshness",
            lang,
            as_of=fmt_date(f.as_of, lang),
            last_import=fmt_datetime(last_import, lang)
            if last_import
            else t("freshness.none", lang),
        )
        return Report(
            lang=lang,
            briefing=b,
            title=t("brief.title", lang),
            subtitle=t(
                "brief.subtitle",
                lang,
                office=areas.current().office,
                provinces=provinces_text(f.provinces, lang),
            ),
            freshness=freshness,
            filter_text=filter_summary(f, lang),
            figures=figures(b, lang, status),
            narrative=briefing.narrative(b, lang),
            map_png=map_png,
            charts=charts.all_charts(b, lang),
            gaps=charts.gaps(b, lang),
            alts=charts.alt_texts(b, lang) | {"map": map_alt(b, map_regions, lang, metric)},
            table=province_table(b, lang),
            demo_mark=t("demo.mark", lang) if demo else None,
            map_title=t(MAP_TITLES[metric], lang),
            impact=impact_screen.briefing_section(estimates or impact.build(snap, f), lang),
            graduation=graduation.section(snap, f.as_of, lang),
        )
