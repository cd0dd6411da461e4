"""Map metrics: which figure a choropleth shows, how it is formatted and explained.

Turns a figures frame (``atlas.queries.figures``) into a ``ChoroplethLayer`` and ``Legend``
for ``geo.maps`` — plain data in, plain data out, so that tests can check every label.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from atlas.i18n import fmt_int, fmt_pct, t
from geo.classify import classify
from geo.maps import ChoroplethLayer, Legend, LegendRow


@dataclass(frozen=True)
class Metric:
    key: str
    column: str
    kind: str  # count / share

    def label(self, lang: str) -> str:
        return t(f"map.metric.{self.key}", lang)

    def format(self, value: float | None, lang: str) -> str:
        if value is None or pd.isna(value):
            return t("map.legend.nodata", lang)
        return fmt_pct(value, lang) if self.kind == "share" else fmt_int(value, lang)


METRICS = {
    m.key: m
    for m in (
        Metric("trained", "trained", "count"),
        Metric("coverage", "coverage", "share"),
        Metric("participants", "participants", "count"),
    )
}
DEFAULT_METRIC = "trained"


def _values(figures: pd.DataFrame, metric: Metric) -> pd.Series:
    values = figures.set_index("code")[metric.column].astype(float)
    if metric.kind == "count":
        # A regency without a roster has no data, not zero trained.
        roster = figures.set_index("code").facilitators_roster
        values = values.where(roster > 0)
    return values


def _tooltip_lines(row: pd.Series, lang: str) -> list[tuple[str, str]]:
    return [
        (t("map.tooltip.roster", lang), fmt_int(row.facilitators_roster, lang)),
        (t("map.tooltip.trained", lang), fmt_int(row.trained, lang)),
        (t("map.tooltip.coverage", lang),
         fmt_pct(row.coverage, lang) if pd.notna(row.coverage) else t("map.legend.nodata", lang)),
        (t("map.tooltip.participants", lang), fmt_int(row.participants, lang)),
    ]


def build_layer(
    figures: pd.DataFrame,
    regions: gpd.GeoDataFrame,
    metric_key: str,
    lang: str,
    *,
    method: str = "quantiles",
    k: int = 5,
) -> tuple[ChoroplethLayer, Legend]:
    metric = METRICS[metric_key]
    values = _values(figures, metric).reindex(regions.code)
    clf = classify(values, method, k)
    tooltips = {row.code: _tooltip_lines(row, lang) for row in figures.itertuples()}
    layer = ChoroplethLayer(regions=regions, fills=clf.colors, kinds=clf.kinds, tooltips=tooltips)

    rows = []
    for c in clf.classes:
        if c.kind == "nodata":
            label = t("map.legend.nodata", lang)
        elif c.kind == "zero":
            label = t("map.legend.zero", lang)
        elif c.lower == c.upper:
            label = metric.format(c.upper, lang)
        else:
            label = f"{metric.format(c.lower, lang)} – {metric.format(c.upper, lang)}"
        rows.append(LegendRow(c.color, f"{label} ({fmt_int(c.count, lang)})", c.kind))
    subtitle = t("map.legend.classes", lang, n=clf.k,
                 method=t(f"map.legend.method.{method}", lang)) if clf.k else ""
    return layer, Legend(title=metric.label(lang), subtitle=subtitle, rows=rows)
