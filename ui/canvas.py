"""Build and show the map(s) for a view: single, side by side, or a difference map."""

from __future__ import annotations

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
from geo import boundaries, maps
from geo.metrics import METRICS, build_circles, build_difference, build_layer, values
from ui import cache, mapview

MAP_HEIGHT = 620


@dataclass
class Canvas:
    figures: pd.DataFrame  # the figures of the regions on the map (the downloadable table)
    maps: list[folium.Map]
    keys: list[str]


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


def _one_map(
    layer,
    legend,
    outlines,
    level: str,
    view: MapView,
    lang: str,
    venues: maps.Venues | None,
    points: maps.Points | None,
    circles: maps.Circles | None = None,
) -> folium.Map:
    return maps.choropleth(
        layer,
        legend,
        outlines=outlines,
        shapes=_shapes(level),
        outline_name=t("layer.outlines_regency" if level == "district" else "layer.outlines", lang),
        selected=view.region,
        circles=circles,
        venues=venues,
        points=points,
        attribution=t("attribution", lang),
        tile_url=config.tile_url(),
        tile_attribution=config.tile_attribution(),
        asset_base=st.get_option("server.baseUrlPath"),
    )


def build(view: MapView, f: Filter, lang: str, who: Principal) -> tuple[Canvas, str]:
    """The map(s) for the view and a note about enterprise points."""
    level, within = scope(view)
    metric = METRICS[view.metric]
    median = view.metric == "median_turnover"
    fig_a = cache.figures(f, level, within, with_median=median)
    regions, outlines = _regions(level, within, f)
    venues = _venues(f, lang) if level != "district" else None
    points, note = _points(f, view, lang, who)

    if not view.compare:
        if view.symbol == "circles" and metric.is_count:
            circles, legend = build_circles(fig_a, regions, view.metric, lang)
            layer, _ = build_layer(fig_a, regions, view.metric, lang, method=view.method, k=view.k)
            m = _one_map(layer, legend, outlines, level, view, lang, venues, points, circles)
        else:
            layer, legend = build_layer(
                fig_a, regions, view.metric, lang, method=view.method, k=view.k
            )
            m = _one_map(layer, legend, outlines, level, view, lang, venues, points)
        return Canvas(fig_a, [m], [_key(view, "a")]), note

    f_b = f.with_(waves=view.compare, batches=())
    fig_b = cache.figures(f_b, level, within, with_median=median)
    label_a, label_b = wave_label(f.waves, lang), wave_label(view.compare, lang)
    if view.compare_mode == "difference":
        layer, legend = build_difference(fig_a, fig_b, regions, view.metric, lang, label_a, label_b)
        m = _one_map(layer, legend, outlines, level, view, lang, venues, points)
        return Canvas(fig_a, [m], [_key(view, "diff")]), note
    shared = pd.concat([values(fig_a, metric), values(fig_b, metric)])
    out = []
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
        out.append(_one_map(layer, legend, outlines, level, view, lang, venues, points))
    return Canvas(fig_a, out, [_key(view, "a"), _key(view, "b")]), note


def _key(view: MapView, which: str) -> str:
    # A new component per level/scope, so a click on one map never replays on the next.
    level, within = scope(view)
    return f"map-{which}-{level}-{within or 'all'}"


def show(canvas: Canvas) -> None:
    """Draw the maps; a click selects or drills down (handled in ui.mapview)."""
    if len(canvas.maps) == 1:
        out = st_folium(
            canvas.maps[0],
            key=canvas.keys[0],
            height=MAP_HEIGHT,
            width=None,
            returned_objects=["last_active_drawing"],
        )
        mapview.handle_click(out, canvas.keys[0])
        return
    cols = st.columns(2)
    for col, m, key in zip(cols, canvas.maps, canvas.keys):
        with col:
            out = st_folium(
                m,
                key=key,
                height=MAP_HEIGHT - 80,
                width=None,
                returned_objects=["last_active_drawing"],
            )
            mapview.handle_click(out, key)
