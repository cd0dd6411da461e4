"""Map metrics: which figure a map shows, how it is formatted, classified and explained.

Turns figures frames (``atlas.store.queries.figures``) into ``ChoroplethLayer``/``Legend`` (and
proportional circles) for ``geo.maps`` — plain data in, plain data out, so that tests can
check every label.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import pandas as pd

from atlas.core.i18n import fmt_int, fmt_num, fmt_pct, t
from atlas.core.regions import level_of
from geo.classify import DIVERGING, apply_classes, classify, classify_diverging
from geo.maps import ChoroplethLayer, Circles, Legend, LegendRow


@dataclass(frozen=True)
class Metric:
    key: str
    column: str
    kind: str  # count / share / money / ratio
    enterprise: bool = False  # exists at district level too

    def label(self, lang: str) -> str:
        return t(f"map.metric.{self.key}", lang)

    def format(self, value: float | None, lang: str) -> str:
        if value is None or pd.isna(value):
            return t("map.legend.nodata", lang)
        if self.kind == "share":
            return fmt_pct(value, lang)
        if self.kind == "money":
            return "Rp " + fmt_int(value, lang)
        if self.kind == "ratio":
            return fmt_num(value, lang, 1)
        return fmt_int(value, lang)

    @property
    def is_count(self) -> bool:
        return self.kind == "count"


METRICS = {
    m.key: m
    for m in (
        Metric("trained", "trained", "count"),
        Metric("coverage", "coverage", "share"),
        Metric("in_training", "in_training", "count"),
        Metric("planned", "planned", "count"),
        Metric("participants", "participants", "count"),
        Metric("enterprises", "enterprises", "count", enterprise=True),
        Metric("active_share", "active_share", "share", enterprise=True),
        Metric("graduated", "graduated", "count", enterprise=True),
        Metric("median_turnover", "median_turnover", "money", enterprise=True),
        Metric("enterprises_per_trained", "enterprises_per_trained", "ratio"),
    )
}
DEFAULT_METRIC = "trained"
DISTRICT_DEFAULT_METRIC = "enterprises"
METHOD_KEYS = ("quantiles", "natural_breaks", "equal_interval")


def values(figures: pd.DataFrame, metric: Metric) -> pd.Series:
    """The metric per region code; missing where there is nothing to measure."""
    df = figures.set_index("code")
    if metric.column not in df.columns:
        return pd.Series(np.nan, index=df.index)
    vals = df[metric.column].astype(float)
    if not metric.enterprise and "facilitators_roster" in df.columns:
        # A regency without a roster has no data, not zero trained.
        vals = vals.where(df.facilitators_roster > 0)
    return vals


def tooltip_lines(row, lang: str, district: bool = False) -> list[tuple[str, str]]:
    """The figures of one region (a row of ``figures`` as a named tuple) for its tooltip."""
    lines = []
    if not district:
        lines += [
            (t("m.roster", lang), fmt_int(row.facilitators_roster, lang)),
            (t("m.trained", lang), fmt_int(row.trained, lang)),
            (
                t("m.coverage", lang),
                fmt_pct(row.coverage, lang)
                if pd.notna(row.coverage)
                else t("map.legend.nodata", lang),
            ),
            (t("m.participants", lang), fmt_int(row.participants, lang)),
        ]
    lines.append((t("m.enterprises", lang), fmt_int(row.enterprises, lang)))
    return lines


def _legend_rows(clf, lang: str, range_label, zero_key: str = "map.legend.zero") -> list[LegendRow]:
    """One legend row per class, with how many regions it holds; ``range_label(class)``
    writes the range classes."""
    rows = []
    for c in clf.classes:
        if c.kind == "nodata":
            label = t("map.legend.nodata", lang)
        elif c.kind == "zero":
            label = t(zero_key, lang)
        else:
            label = range_label(c)
        rows.append(LegendRow(c.color, f"{label} ({fmt_int(c.count, lang)})", c.kind))
    return rows


def _range(metric: Metric, lang: str):
    def label(c) -> str:
        if c.lower == c.upper:
            return metric.format(c.upper, lang)
        return f"{metric.format(c.lower, lang)} – {metric.format(c.upper, lang)}"

    return label


def _subtitle(method: str, k: int, lang: str, metric: Metric) -> str:
    parts = []
    if k:
        parts.append(
            t("map.legend.classes", lang, n=k, method=t(f"map.legend.method.{method}", lang))
        )
    if metric.kind == "money":
        parts.append(t("map.legend.median_note", lang))
    return "; ".join(parts)


def build_layer(
    figures: pd.DataFrame,
    regions: gpd.GeoDataFrame,
    metric_key: str,
    lang: str,
    *,
    method: str = "quantiles",
    k: int = 5,
    title_suffix: str = "",
    shared_values: pd.Series | None = None,
) -> tuple[ChoroplethLayer, Legend]:
    """A choropleth of one metric. ``shared_values`` classifies against a larger set (so two
    maps side by side share their classes)."""
    metric = METRICS[metric_key]
    vals = values(figures, metric).reindex(regions.code)
    if shared_values is None:
        clf = classify(vals, method, k)
        colors, kinds = clf.colors, clf.kinds
    else:
        clf = classify(shared_values.reset_index(drop=True), method, k)
        colors, kinds = apply_classes(vals, clf)
        # The legend counts this map's regions, not both maps'.
        counts = colors.value_counts()
        classes = [replace(c, count=int(counts.get(c.color, 0))) for c in clf.classes]
        clf = replace(clf, classes=[c for c in classes if c.count or c.kind == "range"])
    district = bool(len(regions)) and level_of(str(regions.code.iloc[0])) == "district"
    tooltips = {}
    for row in figures.itertuples(index=False):  # named tuples: iterrows builds a Series per row
        lines = tooltip_lines(row, lang, district)
        if metric.key not in ("trained", "coverage", "participants", "enterprises"):
            lines.append((metric.label(lang), metric.format(vals.get(row.code), lang)))
        tooltips[row.code] = lines
    layer = ChoroplethLayer(regions=regions, fills=colors, kinds=kinds, tooltips=tooltips)
    title = metric.label(lang) + (f" — {title_suffix}" if title_suffix else "")
    return layer, Legend(
        title=title,
        subtitle=_subtitle(method, clf.k, lang, metric),
        rows=_legend_rows(clf, lang, _range(metric, lang)),
    )


def build_difference(
    fig_a: pd.DataFrame,
    fig_b: pd.DataFrame,
    regions: gpd.GeoDataFrame,
    metric_key: str,
    lang: str,
    label_a: str,
    label_b: str,
) -> tuple[ChoroplethLayer, Legend]:
    """A diverging map of A − B, the legend saying which is which."""
    metric = METRICS[metric_key]
    a = values(fig_a, metric).reindex(regions.code)
    b = values(fig_b, metric).reindex(regions.code)
    diff = a - b
    clf = classify_diverging(diff)
    tooltips = {
        code: [
            (label_a, metric.format(a.get(code), lang)),
            (label_b, metric.format(b.get(code), lang)),
            (t("map.compare.difference", lang), _signed(diff.get(code), metric, lang)),
        ]
        for code in regions.code
    }
    layer = ChoroplethLayer(regions=regions, fills=clf.colors, kinds=clf.kinds, tooltips=tooltips)
    rows = _legend_rows(
        clf,
        lang,
        lambda c: f"{_signed(c.lower, metric, lang)} … {_signed(c.upper, metric, lang)}",
        zero_key="map.compare.same",
    )
    title = f"{metric.label(lang)}: {label_a} − {label_b}"
    subtitle = t("map.compare.legend", lang, a=label_a, b=label_b)
    return layer, Legend(title=title, subtitle=subtitle, rows=rows)


def _signed(value: float | None, metric: Metric, lang: str) -> str:
    if value is None or pd.isna(value):
        return t("map.legend.nodata", lang)
    text = metric.format(abs(value), lang)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def build_circles(
    figures: pd.DataFrame,
    regions: gpd.GeoDataFrame,
    metric_key: str,
    lang: str,
    max_radius: float = 26.0,
) -> tuple[Circles, Legend]:
    """Proportional circles (area ∝ value) for count metrics."""
    metric = METRICS[metric_key]
    vals = values(figures, metric).reindex(regions.code)
    vmax = float(vals.max()) if vals.notna().any() and vals.max() > 0 else 0.0
    pts = regions.set_index("code").geometry.representative_point()
    names = regions.set_index("code").name
    items = []
    for code, v in vals.items():
        if pd.isna(v) or v <= 0 or vmax == 0:
            continue
        p = pts[code]
        items.append(
            (p.y, p.x, max_radius * float(np.sqrt(v / vmax)), names[code], metric.format(v, lang))
        )
    samples = [s for s in (vmax, vmax / 4, vmax / 16) if s >= 1] if vmax else []
    rows = [
        LegendRow(
            DIVERGING[-1],
            metric.format(s, lang),
            "circle",
            radius=max_radius * float(np.sqrt(s / vmax)),
        )
        for s in samples
    ]
    legend = Legend(title=metric.label(lang), subtitle=t("map.legend.circles", lang), rows=rows)
    return Circles(items=items, color="#225ea8"), legend
