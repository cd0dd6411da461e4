"""Folium maps built from plain data; no Streamlit here.

Every text that reaches the map's HTML (tooltips, legend, labels) is escaped in this module,
because folium's GeoJsonTooltip writes property values into ``innerHTML`` unescaped, and its
braces too, because branca compiles every rendered piece of the map again as a Jinja template:
a name typed as ``{{ … }}`` would otherwise run on the server.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template as FoliumTemplate
from jinja2 import Template

from geo.assets import localize

BACKGROUND = "#e8eef3"  # reads as "sea/outside" without any tile layer
LEGEND_ROOM = 160  # px kept free at the bottom of the map for the legend


# Characters written as HTML character references on top of html.escape, so that one escaped
# text is safe in every context folium puts it in — and still shows exactly as typed:
# braces: branca compiles each rendered piece of the map again as a Jinja template;
# backtick, backslash, dollar: folium writes tooltip text into JavaScript template literals
#   (`...${x}...`), where a backtick ends the literal, ${ opens an expression and a backslash
#   starts an escape sequence ("C:\users" is an invalid Unicode escape: the whole map fails);
# U+2028/U+2029: line terminators, kept out of any JavaScript source.
_MORE_REFS = str.maketrans(
    {
        "{": "&#123;",
        "}": "&#125;",
        "`": "&#96;",
        "\\": "&#92;",
        "$": "&#36;",
        "\u2028": "&#8232;",
        "\u2029": "&#8233;",
    }
)


def escape(text: object) -> str:
    """Text for the map: safe as HTML text, in an HTML attribute, inside a JavaScript template
    literal or string, and in a Jinja template; shown as typed."""
    return html.escape(str(text), quote=True).translate(_MORE_REFS)


class _Map(folium.Map):
    """A folium map whose bounds are the regions' box, known when it is built: st_folium asks
    for them on every rerun, and folium would walk every coordinate of every layer."""

    def __init__(self, bounds: list[list[float]], **kwargs) -> None:
        super().__init__(**kwargs)
        self._known_bounds = bounds

    def get_bounds(self) -> list[list[float]]:
        return self._known_bounds


@dataclass(frozen=True)
class LegendRow:
    color: str
    label: str
    kind: str = "range"  # range / zero / nodata / circle
    radius: float = 0.0  # circle rows only


@dataclass(frozen=True)
class Legend:
    title: str
    subtitle: str
    rows: list[LegendRow]


@dataclass
class Circles:
    """Proportional circles: (lat, lon, radius px, name, formatted value)."""

    items: list[tuple[float, float, float, str, str]]
    color: str = "#225ea8"


@dataclass
class Points:
    """Enterprise points for a clustered layer: (lat, lon, tooltip lines)."""

    items: list[tuple[float, float, list[str]]]
    name: str
    note: str = ""


@dataclass
class Venues:
    """Training venues: (lat, lon, name, tooltip lines)."""

    items: list[tuple[float, float, str, list[str]]]
    name: str


@dataclass
class ChoroplethLayer:
    """Regions with their fill colours and tooltip lines (label, value) in plain text."""

    regions: gpd.GeoDataFrame  # code, name, geometry
    fills: pd.Series  # by code
    kinds: pd.Series  # by code: range / zero / nodata
    tooltips: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def _feature_collection(
    gdf: gpd.GeoDataFrame, props: list[str], shapes: dict[str, dict] | None
) -> dict:
    """GeoJSON of ``gdf``; ``shapes`` (code -> geometry dict, prepared once per process)
    saves converting the same polygons on every rerun."""
    from shapely.geometry import mapping

    features = []
    records = pd.DataFrame(gdf[["code", *props]]).to_dict("records")
    for record, geom in zip(records, gdf.geometry):
        geometry = shapes.get(record["code"]) if shapes else None
        features.append(
            {
                "type": "Feature",
                "geometry": geometry if geometry is not None else mapping(geom),
                "properties": {
                    k: (bool(v) if isinstance(v, np.bool_) else v) for k, v in record.items()
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def tooltip_html(name: str, lines: list[tuple[str, str]]) -> str:
    parts = [f"<b>{escape(name)}</b>"]
    parts += [f"{escape(label)}: <b>{escape(value)}</b>" for label, value in lines]
    return "<br>".join(parts)


def legend_html(legend: Legend) -> str:
    rows = []
    for row in legend.rows:
        if row.kind == "circle":
            d = max(4, round(2 * row.radius))
            rows.append(
                f'<div class="atlas-legend-row"><span class="atlas-circle" style="width:{d}px;'
                f'height:{d}px;background:{escape(row.color)}"></span>{escape(row.label)}</div>'
            )
            continue
        border = "1px dashed #777" if row.kind == "nodata" else "1px solid #888"
        rows.append(
            f'<div class="atlas-legend-row"><span class="atlas-swatch" '
            f'style="background:{escape(row.color)};border:{border}"></span>'
            f"{escape(row.label)}</div>"
        )
    return (
        f'<div class="atlas-legend-title">{escape(legend.title)}</div>'
        f'<div class="atlas-legend-sub">{escape(legend.subtitle)}</div>' + "".join(rows)
    )


class _HtmlControl(MacroElement):
    """A Leaflet control holding static HTML (already escaped), e.g. the legend."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var ctl = L.control({position: {{ this.position|tojson }}});
            ctl.onAdd = function() {
                var div = L.DomUtil.create('div', {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html_json }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            ctl.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str, css_class: str) -> None:
        super().__init__()
        self._name = "HtmlControl"
        self.position = position
        self.css_class = css_class
        # json.dumps gives a JS string literal; "</" is split so the text can never close
        # the surrounding <script> element.
        self.html_json = json.dumps(html).replace("</", "<\\/")


_CSS = f"""
<style>
.leaflet-container {{ background: {BACKGROUND}; font-family: "Source Sans Pro", sans-serif; }}
.atlas-legend {{ background: rgba(255,255,255,0.94); padding: 8px 10px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.25); font-size: 12px; line-height: 18px; max-width: 240px; }}
.atlas-legend-title {{ font-weight: 700; font-size: 13px; }}
.atlas-legend-sub {{ color: #555; margin-bottom: 4px; }}
.atlas-swatch {{ display: inline-block; width: 18px; height: 12px; margin-right: 6px;
  vertical-align: middle; }}
.atlas-circle {{ display: inline-block; border-radius: 50%; opacity: 0.75; margin: 2px 8px 2px 0;
  vertical-align: middle; border: 1px solid #fff; }}
.atlas-venue {{ width: 12px; height: 12px; transform: rotate(45deg); background: #9e9ac8;
  border: 2px solid #3f007d; box-shadow: 0 0 2px #fff; }}
.atlas-attribution {{ background: rgba(255,255,255,0.8); padding: 1px 5px; font-size: 10px;
  color: #333; max-width: 420px; }}
</style>
"""


class _PointCluster(MarkerCluster):
    """Many points as one clustered layer, built in the browser from a compact JSON array.

    Each point is [lat, lon, tooltip html]; the tooltip text was escaped in Python.
    """

    _template = FoliumTemplate(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.markerClusterGroup(
                {{ this.options|tojavascript }}
            );
            (function() {
                var pts = {{ this.points_json }};
                for (var i = 0; i < pts.length; i++) {
                    L.circleMarker([pts[i][0], pts[i][1]], {radius: 5, weight: 1,
                        color: "#5b3a00", fillColor: "#f28e2b", fillOpacity: 0.9})
                     .bindTooltip(pts[i][2])
                     .addTo({{ this.get_name() }});
                }
            })();
        {% endmacro %}
        """
    )

    def __init__(self, points: Points) -> None:
        super().__init__(name=escape(points.name), overlay=True, control=True, show=True)
        data = [
            [round(lat, 5), round(lon, 5), "<br>".join(escape(x) for x in lines)]
            for lat, lon, lines in points.items
        ]
        self.points_json = _js_literal(data)


def _js_literal(value: object) -> str:
    """JSON that is also safe inside <script>: "</" can never close the element, and no line
    terminator reaches the JavaScript source."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("</", "<\\/")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def choropleth(
    layer: ChoroplethLayer,
    legend: Legend,
    *,
    outlines: gpd.GeoDataFrame | None = None,
    outline_name: str = "outlines",
    selected: str | None = None,
    circles: Circles | None = None,
    venues: Venues | None = None,
    points: Points | None = None,
    shapes: dict[str, dict] | None = None,
    attribution: str = "",
    tile_url: str = "",
    tile_attribution: str = "",
    asset_base: str = "",
) -> folium.Map:
    """A choropleth of ``layer`` with a legend and optional circles, outlines, venues, points."""
    gdf = layer.regions[["code", "name", "geometry"]].copy()
    gdf["_fill"] = gdf.code.map(layer.fills).fillna("#c8c8c8")
    gdf["_kind"] = gdf.code.map(layer.kinds).fillna("nodata")
    if circles is not None:  # the circles carry the values; polygons become a quiet base
        gdf["_fill"] = "#f4f4f4"
        gdf["_kind"] = "range"
    gdf["_tip"] = [tooltip_html(n, layer.tooltips.get(c, [])) for c, n in zip(gdf.code, gdf.name)]
    gdf["_sel"] = gdf.code == selected
    gdf["name"] = gdf.name.map(escape)
    gdf["_fill"] = gdf["_fill"].astype(str)

    minx, miny, maxx, maxy = (float(v) for v in gdf.total_bounds)
    bounds = [[miny, minx], [maxy, maxx]]
    m = _Map(
        bounds,
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=7,
        tiles=None,
        control_scale=True,
        zoomSnap=0.25,
        minZoom=5,
        maxZoom=18,
        zoomAnimation=False,
    )
    if tile_url:
        folium.TileLayer(
            tiles=tile_url, attr=escape(tile_attribution) or " ", name="tiles", control=False
        ).add_to(m)
    m.get_root().header.add_child(folium.Element(_CSS))

    folium.GeoJson(
        _feature_collection(gdf, ["name", "_fill", "_kind", "_tip", "_sel"], shapes),
        name="regions",
        style_function=lambda feat: {
            "fillColor": feat["properties"]["_fill"],
            "fillOpacity": 0.9,
            "color": "#d7301f" if feat["properties"]["_sel"] else "#6b6b6b",
            "weight": 3.5 if feat["properties"]["_sel"] else 0.6,
            "dashArray": "3 3" if feat["properties"]["_kind"] == "nodata" else None,
        },
        highlight_function=lambda feat: {"weight": 2.5, "color": "#111111"},
        tooltip=folium.GeoJsonTooltip(fields=["_tip"], labels=False, sticky=True),
        control=False,
    ).add_to(m)

    if outlines is not None and len(outlines):
        folium.GeoJson(
            _feature_collection(outlines, [], shapes),
            name=escape(outline_name),
            style_function=lambda _feat: {"fill": False, "color": "#2b2b2b", "weight": 1.8},
            interactive=False,
        ).add_to(m)

    if circles is not None:
        group = folium.FeatureGroup(name="circles", control=False)
        for lat, lon, radius, name, value in sorted(circles.items, key=lambda i: -i[2]):
            folium.CircleMarker(
                [lat, lon],
                radius=radius,
                color="#ffffff",
                weight=1,
                fill=True,
                fill_color=circles.color,
                fill_opacity=0.7,
                tooltip=folium.Tooltip(f"<b>{escape(name)}</b><br>{escape(value)}"),
            ).add_to(group)
        group.add_to(m)

    if venues is not None and venues.items:
        group = folium.FeatureGroup(name=escape(venues.name), show=True)
        for lat, lon, name, lines in venues.items:
            folium.Marker(
                [lat, lon],
                icon=folium.DivIcon(
                    html='<div class="atlas-venue"></div>', icon_size=(14, 14), icon_anchor=(7, 7)
                ),
                tooltip=folium.Tooltip(
                    "<br>".join([f"<b>{escape(name)}</b>"] + [escape(x) for x in lines])
                ),
            ).add_to(group)
        group.add_to(m)

    if points is not None and points.items:
        _PointCluster(points).add_to(m)

    if (
        (outlines is not None and len(outlines))
        or (venues and venues.items)
        or (points and points.items)
    ):
        folium.LayerControl(collapsed=False, position="topright").add_to(m)

    _HtmlControl(legend_html(legend), "bottomright", "atlas-legend").add_to(m)
    if attribution:
        _HtmlControl(escape(attribution), "bottomleft", "atlas-attribution").add_to(m)
    # The legend and the attribution sit at the bottom; the regions are fitted above them
    # (the work area is wide and low, so this rarely costs a zoom step).
    m.fit_bounds(bounds, padding_top_left=(10, 10), padding_bottom_right=(10, LEGEND_ROOM))
    return localize(m, asset_base)
