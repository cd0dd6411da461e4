"""The map(s) of one explorer view as data: single, side by side, or a difference map.

``layers`` decides what the map shows for a filter, a view, a principal and a language
(regions, their colours and tooltips, legend, circles, venues, enterprise points); the page
gets it as ``maps.ViewSpec`` (shapes as URLs of ``geo.served``, fetched once by the
browser), the standalone HTML download as one folium map with the shapes inline.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd

from atlas.core import areas, config
from atlas.core.access import Principal
from atlas.core.filters import Filter, format_waves
from atlas.core.i18n import fmt_int, t
from atlas.core.labels import label
from atlas.core.mapview import MapView, scope
from atlas.core.regions import level_of
from atlas.store import db, detail, queries
from geo import boundaries, maps, served
from geo.metrics import METRICS, build_circles, build_difference, build_layer, values


@dataclass
class Layers:
    """What ``maps`` needs to draw the view: one part per map (layer, legend, circles)."""

    level: str
    within: str | None
    figures: pd.DataFrame  # the regions on the (first) map with their figures
    regions: gpd.GeoDataFrame
    outlines: gpd.GeoDataFrame | None
    parts: list[tuple[maps.ChoroplethLayer, maps.Legend, maps.Circles | None]]
    venues: maps.Venues | None
    points: maps.Points | None
    points_note: str
    labels: bool
    selected: str | None


def regions(
    level: str, within: str | None, f: Filter
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame | None]:
    """The polygons to colour and the outlines drawn over them."""
    if level == "district":
        districts = boundaries.level("district")
        regencies = boundaries.level("regency")
        return districts[districts.regency_code == within], regencies[regencies.code == within]
    provinces = boundaries.level("province")
    if level == "province":
        return (provinces[provinces.code.isin(f.provinces)] if f.provinces else provinces), None
    shown = boundaries.level("regency")
    if within:
        shown = shown[shown.province_code == within]
        provinces = provinces[provinces.code == within]
    elif f.provinces:
        shown = shown[shown.province_code.isin(f.provinces)]
        provinces = provinces[provinces.code.isin(f.provinces)]
    return shown, provinces


def wave_label(waves: tuple[int, ...], lang: str) -> str:
    return (
        t("map.compare.waves", lang, waves=format_waves(waves))
        if waves
        else t("map.compare.all_waves", lang)
    )


def _venues(source: db.Source, f: Filter, lang: str) -> maps.Venues:
    df = detail.venues(source, f)
    items = [
        (
            r.venue_lat,
            r.venue_lon,
            r.venue,
            [
                t("venue.batches", lang, n=fmt_int(r.batches, lang)),
                t("venue.participants", lang, n=fmt_int(r.participants, lang)),
            ],
        )
        for r in df.itertuples()
    ]
    return maps.Venues(items=items, name=t("layer.venues", lang))


def _points(
    source: db.Source, f: Filter, view: MapView, lang: str, who: Principal
) -> tuple[maps.Points | None, str]:
    if not view.region or level_of(view.region) == "province":
        return None, t("layer.points_hint", lang)
    if not who.sees_details(view.region):
        return None, t("layer.points_denied", lang)
    df, total = detail.enterprise_points(source, f, view.region, who)
    items = [
        (
            r.lat,
            r.lon,
            [r.name, f"{label('sector', r.sector, lang)} · {label('status', r.status, lang)}"],
        )
        for r in df.itertuples()
    ]
    note = t("layer.points_note", lang, shown=fmt_int(len(items), lang), total=fmt_int(total, lang))
    return maps.Points(items=items, name=t("layer.points", lang)), note


def layers(source: db.Source, f: Filter, view: MapView, lang: str, who: Principal) -> Layers:
    """The view's map parts (two side by side when waves are compared that way).
    Raises ``boundaries.BoundariesMissing`` when the boundary files are not installed."""
    level, within = scope(view)
    metric = METRICS[view.metric]
    median = view.metric == "median_turnover"
    fig_a = queries.figures(source, f, level, within, with_median=median)
    shown, outlines = regions(level, within, f)
    venues = _venues(source, f, lang) if level != "district" else None
    points, note = _points(source, f, view, lang, who)
    labels = level == "district" or (level == "regency" and within is not None)

    def out(parts: list) -> Layers:
        return Layers(
            level, within, fig_a, shown, outlines, parts, venues, points, note, labels, view.region
        )

    if not view.compare:
        layer, legend = build_layer(fig_a, shown, view.metric, lang, method=view.method, k=view.k)
        circles = None
        if view.symbol == "circles" and metric.is_count:
            circles, legend = build_circles(fig_a, shown, view.metric, lang)
        return out([(layer, legend, circles)])

    fig_b = queries.figures(
        source, f.with_(waves=view.compare, batches=()), level, within, with_median=median
    )
    label_a, label_b = wave_label(f.waves, lang), wave_label(view.compare, lang)
    if view.compare_mode == "difference":
        layer, legend = build_difference(fig_a, fig_b, shown, view.metric, lang, label_a, label_b)
        return out([(layer, legend, None)])
    shared = pd.concat([values(fig_a, metric), values(fig_b, metric)])
    parts = []
    for fig, lab in ((fig_a, label_a), (fig_b, label_b)):
        layer, legend = build_layer(
            fig,
            shown,
            view.metric,
            lang,
            method=view.method,
            k=view.k,
            title_suffix=lab,
            shared_values=shared,
        )
        parts.append((layer, legend, None))
    return out(parts)


def _with_marks(legend: maps.Legend, venues, points) -> maps.Legend:
    """The legend lists the venue and enterprise symbols the map shows."""
    rows = list(legend.rows)
    if venues is not None and venues.items:
        rows.append(maps.LegendRow("#9e9ac8", venues.name, "venue"))
    if points is not None and points.items:
        rows.append(maps.LegendRow("#f28e2b", points.name, "point", radius=5))
    return maps.Legend(legend.title, legend.subtitle, rows)


def province_layer() -> str:
    """The file the province view draws. The country's provinces are drawn at a small
    scale, from their outline version (islets dropped, edges simplified together: 271
    against 602 KiB), the very file the regency view draws over its regencies, so a browser
    fetches it once for both views."""
    return "province-outline" if areas.current().national else "province"


def _served(drawn: Layers, asset_base: str) -> maps.Boundaries:
    """The URLs of the view's shapes (each fetched once per browser)."""
    if drawn.level == "district":
        # The regency's outline from the regencies' own file, which the browser has from
        # the level above (the lighter outline file would be a second download of 68 KB).
        source, outline = served.url(f"district-{drawn.within}", asset_base), "regency"
    elif drawn.level == "regency":
        source, outline = served.url("regency", asset_base), "province-outline"
    else:
        source, outline = served.url(province_layer(), asset_base), None
    outlines = drawn.outlines
    has_outline = outline is not None and outlines is not None and len(outlines)
    return maps.Boundaries(
        regions=source,
        outline=served.url(outline, asset_base) if has_outline else None,
        outline_codes=tuple(outlines.code) if has_outline else (),
    )


def view_specs(drawn: Layers, lang: str, asset_base: str) -> list[maps.ViewSpec]:
    """The page's views: values, colours and tooltips; shapes by URL."""
    source = _served(drawn, asset_base)
    linked = len(drawn.parts) > 1
    return [
        maps.view_spec(
            layer,
            _with_marks(legend, drawn.venues, drawn.points),
            source,
            selected=drawn.selected,
            circles=circles,
            venues=drawn.venues,
            points=drawn.points,
            labels=drawn.labels,
            failed=t("map.load_failed", lang),
            link=linked,
            list_label=t("map.list", lang),
        )
        for layer, legend, circles in drawn.parts
    ]


def _shapes(level: str) -> dict:
    shapes = dict(boundaries.geometry_mapping(level))
    if level == "district":
        shapes.update(boundaries.geometry_mapping("regency", outline=True))
    elif level == "regency":
        shapes.update(boundaries.geometry_mapping("province", outline=True))
    return shapes


def standalone(drawn: Layers, lang: str) -> folium.Map:
    """The first map whole, shapes inline: the HTML download, which works offline."""
    layer, legend, circles = drawn.parts[0]
    return maps.choropleth(
        layer,
        _with_marks(legend, drawn.venues, drawn.points),
        outlines=drawn.outlines,
        shapes=_shapes(drawn.level),
        selected=drawn.selected,
        circles=circles,
        venues=drawn.venues,
        points=drawn.points,
        labels=drawn.labels,
        attribution=t("attribution", lang),
        credits_label=t("map.credits", lang),
        tile_url=config.tile_url(),
        tile_attribution=config.tile_attribution(),
    )
