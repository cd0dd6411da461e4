"""Build and show the map(s) for a view: single, side by side, or a difference map.

The page keeps one map component per map slot for the whole session: its base
(``maps.base_map``) never changes, and each view is a ``maps.ViewLayer`` that
streamlit-folium swaps in without rebuilding the map. The boundaries come from
``geo.served`` URLs, fetched once by the browser and then cached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from atlas import config
from atlas.access import Principal
from atlas.filters import Filter, format_waves
from atlas.i18n import fmt_int, t
from atlas.labels import label
from atlas.mapview import MapView, scope
from geo import boundaries, maps, served
from geo.metrics import METRICS, build_circles, build_difference, build_layer, values
from ui import cache, mapview

MAP_HEIGHT = 560  # with the rows above it, the map fits a 900 px high window


@dataclass
class Canvas:
    figures: pd.DataFrame  # the figures of the regions on the map (the downloadable table)
    views: list[maps.ViewLayer]
    keys: list[str]
    lang: str
    standalone: Callable[[], folium.Map]  # the first map whole, for the HTML download


def _regions(
    level: str, within: str | None, f: Filter
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame | None]:
    """The polygons to colour and the outlines drawn over them."""
    if level == "district":
        districts = cache.level_geometry("district")
        regions = districts[districts.regency_code == within]
        regencies = cache.level_geometry("regency")
        return regions, regencies[regencies.code == within]
    provinces = cache.level_geometry("province")
    if level == "province":
        regions = provinces
        if f.provinces:
            regions = regions[regions.code.isin(f.provinces)]
        return regions, None
    regions = cache.level_geometry("regency")
    if within:
        regions = regions[regions.province_code == within]
        provinces = provinces[provinces.code == within]
    elif f.provinces:
        regions = regions[regions.province_code.isin(f.provinces)]
        provinces = provinces[provinces.code.isin(f.provinces)]
    return regions, provinces


def wave_label(waves: tuple[int, ...], lang: str) -> str:
    return (
        t("map.compare.waves", lang, waves=format_waves(waves))
        if waves
        else t("map.compare.all_waves", lang)
    )


def _venues(f: Filter, lang: str) -> maps.Venues:
    df = cache.region_detail("venues", f)
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


def _points(f: Filter, view: MapView, lang: str, who: Principal) -> tuple[maps.Points | None, str]:
    if not view.region or view.region.count(".") == 0:
        return None, t("layer.points_hint", lang)
    if not who.sees_details(view.region):
        return None, t("layer.points_denied", lang)
    df, total = cache.region_detail("points", f, view.region, who=who)
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


def _shapes(level: str) -> dict:
    shapes = dict(boundaries.geometry_mapping(level))
    if level == "district":
        shapes.update(boundaries.geometry_mapping("regency", outline=True))
    elif level == "regency":
        shapes.update(boundaries.geometry_mapping("province", outline=True))
    return shapes


def _served(level: str, within: str | None, outlines) -> maps.Boundaries:
    """The URLs of the view's shapes (each fetched once per browser)."""
    base = st.get_option("server.baseUrlPath")
    if level == "district":
        regions, outline = served.url(f"district-{within}", base), "regency-outline"
    elif level == "regency":
        regions, outline = served.url("regency", base), "province-outline"
    else:
        regions, outline = served.url("province", base), None
    has_outline = outline is not None and outlines is not None and len(outlines)
    return maps.Boundaries(
        regions=regions,
        outline=served.url(outline, base) if has_outline else None,
        outline_codes=tuple(outlines.code) if has_outline else (),
    )


def _with_marks(legend: maps.Legend, venues, points) -> maps.Legend:
    """The legend lists the venue and enterprise symbols the map shows."""
    rows = list(legend.rows)
    if venues is not None and venues.items:
        rows.append(maps.LegendRow("#9e9ac8", venues.name, "venue"))
    if points is not None and points.items:
        rows.append(maps.LegendRow("#f28e2b", points.name, "point", radius=5))
    return maps.Legend(legend.title, legend.subtitle, rows)


def build(view: MapView, f: Filter, lang: str, who: Principal) -> tuple[Canvas, str]:
    """The map(s) for the view and a note about enterprise points."""
    level, within = scope(view)
    metric = METRICS[view.metric]
    median = view.metric == "median_turnover"
    fig_a = cache.figures(f, level, within, with_median=median)
    regions, outlines = _regions(level, within, f)
    venues = _venues(f, lang) if level != "district" else None
    points, note = _points(f, view, lang, who)
    source = _served(level, within, outlines)
    labels = level == "district" or (level == "regency" and within is not None)
    failed = t("map.load_failed", lang)

    def views(layers: list) -> list[maps.ViewLayer]:
        linked = len(layers) > 1
        return [
            maps.view_layer(
                layer,
                _with_marks(legend, venues, points),
                source,
                selected=view.region,
                circles=circles,
                venues=venues,
                points=points,
                labels=labels,
                failed=failed,
                link=linked,
            )
            for layer, legend, circles in layers
        ]

    def standalone(layer, legend, circles=None):
        def make() -> folium.Map:
            return maps.choropleth(
                layer,
                _with_marks(legend, venues, points),
                outlines=outlines,
                shapes=_shapes(level),
                selected=view.region,
                circles=circles,
                venues=venues,
                points=points,
                labels=labels,
                attribution=t("attribution", lang),
                tile_url=config.tile_url(),
                tile_attribution=config.tile_attribution(),
            )

        return make

    if not view.compare:
        layer, legend = build_layer(fig_a, regions, view.metric, lang, method=view.method, k=view.k)
        circles = None
        if view.symbol == "circles" and metric.is_count:
            circles, legend = build_circles(fig_a, regions, view.metric, lang)
        parts = [(layer, legend, circles)]
        return Canvas(fig_a, views(parts), ["map-a"], lang, standalone(*parts[0])), note

    f_b = f.with_(waves=view.compare, batches=())
    fig_b = cache.figures(f_b, level, within, with_median=median)
    label_a, label_b = wave_label(f.waves, lang), wave_label(view.compare, lang)
    if view.compare_mode == "difference":
        layer, legend = build_difference(fig_a, fig_b, regions, view.metric, lang, label_a, label_b)
        parts = [(layer, legend, None)]
        return Canvas(fig_a, views(parts), ["map-a"], lang, standalone(*parts[0])), note
    shared = pd.concat([values(fig_a, metric), values(fig_b, metric)])
    parts = []
    for fig, lab in ((fig_a, label_a), (fig_b, label_b)):
        layer, legend = build_layer(
            fig,
            regions,
            view.metric,
            lang,
            method=view.method,
            k=view.k,
            title_suffix=lab,
            shared_values=shared,
        )
        parts.append((layer, legend, None))
    return Canvas(fig_a, views(parts), ["map-a", "map-b"], lang, standalone(*parts[0])), note


def _base(lang: str) -> folium.Map:
    # Built afresh each run (a few milliseconds): st_folium adds the view to the map it is given.
    return maps.base_map(
        attribution=t("attribution", lang),
        tile_url=config.tile_url(),
        tile_attribution=config.tile_attribution(),
        asset_base=st.get_option("server.baseUrlPath"),
    )


def show(canvas: Canvas) -> None:
    """Draw the maps; a click selects or drills down (handled in ui.mapview)."""
    one = len(canvas.views) == 1
    cols = [st.container()] if one else st.columns(2)
    for col, view, key in zip(cols, canvas.views, canvas.keys):
        with col:
            out = st_folium(
                _base(canvas.lang),
                key=key,
                height=MAP_HEIGHT if one else MAP_HEIGHT - 80,
                width=None,
                feature_group_to_add=view,
                returned_objects=["last_active_drawing", "last_object_clicked"],
            )
            mapview.handle_click(out, key)
