"""Folium maps built from plain data; no Streamlit here.

A map is two parts. ``base_map`` is the same for every view (the page keeps one map and
never rebuilds it); ``ViewLayer`` holds one view: each region's colour, tooltip and label,
the legend, circles, venues and enterprise points, and where the boundaries come from. In
the app the boundaries are URLs of files the browser fetches once and keeps
(``geo.served``), so a new view sends only its values; ``choropleth`` puts both parts in
one map with the boundaries inline, for the standalone HTML download.

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
import pandas as pd
from folium import FeatureGroup
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster
from folium.template import Template as FoliumTemplate

from geo import boundaries
from geo.assets import localize
from geo.direct import Direct, Text, template

BACKGROUND = "#e8eef3"  # reads as "sea/outside" without any tile layer
LEGEND_ROOM = 40  # px kept free at the bottom of the map for the attribution and scale


# Characters written as HTML character references on top of html.escape, so that one escaped
# text is safe in every context folium puts it in — and still shows exactly as typed:
# braces: branca compiles each rendered piece of the map again as a Jinja template;
# backtick, backslash, dollar: folium writes tooltip text into JavaScript template literals
#   (`...${x}...`), where a backtick ends the literal, ${ opens an expression and a backslash
#   starts an escape sequence ("C:\users" is an invalid Unicode escape: the whole map fails);
# line breaks, U+2028/U+2029: line terminators, kept out of any JavaScript source (and so
#   one escaped text is the same inside a JSON string as outside it).
_MORE_REFS = str.maketrans(
    {
        "{": "&#123;",
        "}": "&#125;",
        "`": "&#96;",
        "\\": "&#92;",
        "$": "&#36;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\u2028": "&#8232;",
        "\u2029": "&#8233;",
    }
)


def _center() -> list[float]:
    """The middle of the area's provinces: where the map is before a view fits its regions."""
    (south, north), (west, east) = boundaries.extent()
    return [(south + north) / 2, (west + east) / 2]


def escape(text: object) -> str:
    """Text for the map: safe as HTML text, in an HTML attribute, inside a JavaScript template
    literal or string, and in a Jinja template; shown as typed."""
    return html.escape(str(text), quote=True).translate(_MORE_REFS)


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


def tooltip_html(name: str, lines: list[tuple[str, str]]) -> str:
    parts = [f"<b>{escape(name)}</b>"]
    parts += [f"{escape(label)}: <b>{escape(value)}</b>" for label, value in lines]
    return "<br>".join(parts)


def legend_html(legend: Legend) -> str:
    """The legend as a disclosure: the title stays visible when a small map folds it away."""
    rows = []
    for row in legend.rows:
        if row.kind in ("circle", "venue", "point"):
            d = max(4, round(2 * row.radius)) if row.kind == "circle" else 10
            rows.append(
                f'<div class="atlas-legend-row"><span class="atlas-{row.kind}" style="width:{d}px;'
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
        f'<details open><summary class="atlas-legend-title">{escape(legend.title)}</summary>'
        f'<div class="atlas-legend-sub">{escape(legend.subtitle)}</div>{"".join(rows)}</details>'
    )


# The legend and the attribution share the bottom edge: each may take at most half of the
# map's width less its 10 px margin and a 4 px gap, padding included (vw: the map fills its
# frame), so they never overlap (46vw plus padding and margins did on maps under 600 px).
_CSS = f"""
<style>
.leaflet-container {{ background: {BACKGROUND}; font-family: "Source Sans Pro", sans-serif; }}
.atlas-legend {{ background: rgba(255,255,255,0.94); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.25); font-size: 12px; line-height: 17px;
  box-sizing: border-box; max-width: min(230px, calc(50vw - 14px)); max-height: 45vh;
  overflow-y: auto; }}
.atlas-legend summary {{ cursor: pointer; }}
.atlas-legend-title {{ font-weight: 700; font-size: 13px; }}
.atlas-legend-sub {{ color: #555; margin-bottom: 4px; }}
.atlas-swatch {{ display: inline-block; width: 18px; height: 12px; margin-right: 6px;
  vertical-align: middle; }}
.atlas-circle {{ display: inline-block; border-radius: 50%; opacity: 0.75; margin: 2px 8px 2px 0;
  vertical-align: middle; border: 1px solid #fff; }}
.atlas-point {{ display: inline-block; border-radius: 50%; margin: 2px 8px 2px 4px;
  vertical-align: middle; border: 1px solid #5b3a00; }}
.atlas-venue, .atlas-legend .atlas-venue {{ display: inline-block; width: 10px; height: 10px;
  transform: rotate(45deg); background: #9e9ac8; border: 2px solid #3f007d;
  box-shadow: 0 0 2px #fff; }}
.atlas-legend .atlas-venue {{ margin: 2px 10px 2px 4px; vertical-align: middle; }}
.atlas-attribution {{ background: rgba(255,255,255,0.85); padding: 1px 5px; font-size: 10px;
  color: #333; box-sizing: border-box; max-width: calc(50vw - 14px); border-radius: 3px; }}
.atlas-attribution summary {{ cursor: pointer; list-style: none; display: inline-block;
  width: 16px; height: 16px; line-height: 15px; border: 1.5px solid #333; border-radius: 50%;
  text-align: center; font: bold 12px Georgia, serif; box-sizing: border-box; }}
.atlas-attribution details[open] summary {{ margin-right: 4px; }}
.atlas-attribution summary::-webkit-details-marker {{ display: none; }}
.atlas-label {{ background: none; border: none; box-shadow: none; color: #1a1a1a;
  font-size: 11px; font-weight: 600; white-space: nowrap; pointer-events: none;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; }}
.atlas-label div {{ transform: translate(-50%, -50%); }}
.atlas-list {{ background: #fff; border: 2px solid rgba(0, 0, 0, 0.2); border-radius: 4px;
  padding: 4px 9px; font: 13px/1.3 sans-serif; color: #1f2933; cursor: pointer; }}
.atlas-error {{ background: #fff3cd; padding: 6px 9px; border-radius: 4px; font-size: 12px; }}
</style>
"""


# streamlit-component-lib adds a <style> with the page's theme to the map's frame on every
# render (every run of the page that gives the map new arguments): after a hundred clicks the
# frame holds a hundred identical style sheets, and each new one makes the browser restyle
# the map's every shape again. A style sheet that the frame already has is not added again
# (the theme's is added empty and filled just after; it is compared then, and a changed
# theme is copied into the one kept).
_ONE_OF_EACH_STYLE = """(function () {
  var head = document.head;
  if (!head || head.atlasOneStyle) { return; }
  head.atlasOneStyle = true;
  var append = head.appendChild;
  function same(el) {
    var styles = head.getElementsByTagName('style');
    for (var i = 0; i < styles.length; i++) {
      if (styles[i] !== el && styles[i].textContent === el.textContent) { return styles[i]; }
    }
    return null;
  }
  head.appendChild = function (el) {
    if (el && el.tagName === 'STYLE' && el.textContent && same(el)) { return el; }
    if (el && el.tagName === 'STYLE' && !el.textContent && head.atlasTheme) {
      setTimeout(function () {
        if (el.textContent !== head.atlasTheme.textContent) {
          head.atlasTheme.textContent = el.textContent;
        }
      }, 0);
      return el;
    }
    if (el && el.tagName === 'STYLE' && !el.textContent) { head.atlasTheme = el; }
    return append.call(head, el);
  };
})();"""


def _js_literal(value: object) -> str:
    """JSON that is also safe inside <script>: "</" can never close the element, and no line
    terminator reaches the JavaScript source."""
    return (
        json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        .replace("</", "<\\/")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


class _Script(Direct):
    """A fixed piece of the base map's script; ``{map}`` stands for the map's variable."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self._name = "Script"
        self._template = template(
            "{% macro script(this, kwargs) %}"
            + code.replace("{map}", "{{ this._parent.get_name() }}")
            + "{% endmacro %}"
        )


class _ClusterAssets(JSCSSMixin, Direct):
    """Leaflet.markercluster's files, on the base map: a view with enterprise points may come
    later, and the map's frame loads its scripts only once."""

    default_js = MarkerCluster.default_js
    default_css = MarkerCluster.default_css
    _template = template("")


class _Map(folium.Map, Direct):
    """folium's map, its pieces rendered directly (``geo.direct``)."""


def base_map(
    *,
    attribution: str = "",
    credits_label: str = "",
    tile_url: str = "",
    tile_attribution: str = "",
    asset_base: str = "",
) -> folium.Map:
    """The part of a map that every view shares: the frame, the optional tiles, the scale
    (metric only) and the boundary attribution, a small "ⓘ" named ``credits_label`` that
    opens to it (in full it took six lines and a sixth of a phone's map). Views are added
    as ``ViewSpec.layer()``."""
    m = _Map(
        location=_center(),
        zoom_start=5,
        tiles=None,
        control_scale=False,
        zoomSnap=0.25,
        minZoom=3,  # the whole country fits a phone at 3.5
        maxZoom=18,
        zoomAnimation=False,
    )
    if tile_url:
        folium.TileLayer(
            tiles=tile_url, attr=escape(tile_attribution) or " ", name="tiles", control=False
        ).add_to(m)
    m.get_root().header.add_child(Text(_CSS), name="atlas_css")
    _ClusterAssets().add_to(m)
    _Script("L.control.scale({imperial: false, position: 'bottomleft'}).addTo({map});").add_to(m)
    _Script(_ONE_OF_EACH_STYLE).add_to(m)
    if attribution:
        _Script(
            "(function () { var c = L.control({position: 'bottomleft'});"
            " c.onAdd = function () { var d = L.DomUtil.create('div', 'atlas-attribution');"
            " d.innerHTML = " + _js_literal(_credits(attribution, credits_label)) + ";"
            " L.DomEvent.disableClickPropagation(d); return d; };"
            " c.addTo({map}); })();"
        ).add_to(m)
    return localize(m, asset_base)


def _credits(attribution: str, label: str) -> str:
    """The attribution behind a small circled "i" that opens to it (escaped for HTML; drawn
    by CSS: the map's fonts have no "ⓘ" glyph)."""
    name = escape(label or attribution)
    return (
        f'<details><summary title="{name}" aria-label="{name}">i</summary>'
        f"{escape(attribution)}</details>"
    )


@dataclass(frozen=True)
class Boundaries:
    """Where a view's shapes come from: a URL the browser fetches (and caches), or the
    GeoJSON itself (the standalone download). ``outline_codes`` picks the outlines drawn."""

    regions: str | dict
    outline: str | dict | None = None
    outline_codes: tuple[str, ...] = ()


class ViewLayer(FeatureGroup, Direct):
    """One view of the map (see the module's docstring). Its script draws the regions once
    their shapes have arrived, fits the map to them when they differ from the last view's
    (a user's own zoom survives a filter change), and adds and removes the legend and the
    layer switch with itself."""

    _template = FoliumTemplate(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        (function (group, map, view) {
            group.atlasOverlays = [];
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "atlas-legend");
                div.innerHTML = view.legend;
                // Folded on a phone; open on a desktop, side by side too (a fifth of the map).
                if (map.getSize().x < 420) { div.querySelector("details").open = false; }
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            // A region too small for a finger is one tap away: on a narrow map a button
            // leads to the page's list of the level's regions (the ranking, or the controls'
            // list of regions while a region's panel is open).
            var lister = L.control({position: "topright"});
            lister.onAdd = function () {
                var button = L.DomUtil.create("button", "atlas-list");
                button.type = "button";
                button.textContent = "\u2630 " + view.list;
                L.DomEvent.disableClickPropagation(button);
                L.DomEvent.on(button, "click", function () {
                    var doc = window.parent.document;
                    var list = doc.querySelector(".st-key-ranking_list") ||
                               doc.querySelector(".st-key-map_controls");
                    if (list) { list.scrollIntoView({behavior: "smooth", block: "start"}); }
                });
                return button;
            };
            var switcher = null;
            var fresh = false;  // this view moved the map to its regions
            var shown;  // called once the view is on the map, at the frame's size
            var onShown = new Promise(function (resolve) { shown = resolve; });
            var waiting = null;  // the wait for the frame's new width (below)
            group.on("add", function () {
                // Turning the comparison on or off changes the columns: Streamlit hands the
                // view over first and gives the frame its column's width a moment later.
                // The view waits for that width (at most a quarter of a second), so it is
                // drawn once, at its size, instead of at the old size and then again.
                var host = window.frameElement;
                var box = host && host.parentElement;
                if (box && Math.abs(box.clientWidth - host.clientWidth) > 1) {
                    var timer = setTimeout(function () { if (waiting) { waiting(); } }, 250);
                    waiting = function () {
                        window.removeEventListener("resize", waiting);
                        clearTimeout(timer);
                        waiting = null;
                        if (map.hasLayer(group)) { show(); }
                    };
                    window.addEventListener("resize", waiting);
                    return;
                }
                show();
            });
            function show() {
                // The frame may have a new size already: Leaflet learns it now, so this view
                // is drawn once, at that size, and not again when the resize event comes.
                map.invalidateSize({pan: false});
                legend.addTo(map);
                if (view.list && phone()) { lister.addTo(map); }
                if (group.atlasOverlays.length) {
                    var named = {};
                    group.atlasOverlays.forEach(function (o) { named[o[0]] = o[1]; });
                    switcher = L.control.layers(null, named, {collapsed: map.getSize().x < 420});
                    switcher.addTo(map);
                }
                var key = JSON.stringify(view.bounds);
                fresh = map.atlasBounds !== key;
                if (fresh) {
                    map.atlasBounds = key;
                    fit();
                }
                map.on("resize", refit);
                if (map.atlasFitted !== fitting()) { refit(); }  // resized since it was fitted
                // The panel's sheet comes with the page's run, around the map's drawing.
                [150, 600].forEach(function (ms) { setTimeout(refit, ms); });
                shown();
            }
            group.on("remove", function () {
                if (waiting) {
                    window.removeEventListener("resize", waiting);
                    waiting = null;
                }
                legend.remove();
                lister.remove();
                if (switcher) { switcher.remove(); }
                map.off("resize", refit);
                if (map.atlasRegions) { map.atlasRegions.layer.removeEventParent(group); }
            });
            // The regions are fitted above the legend, so it covers none of them; again when
            // the frame changes size (it grows to its height after the first drawing).
            function fit() {
                var room = Math.max(view.pad, legend.getContainer().offsetHeight + 14,
                                    covered() + 10);
                // At once: an animated move redraws the regions every frame for a quarter
                // of a second, and a linked map follows each step.
                map.fitBounds(view.bounds, {paddingTopLeft: [10, 10],
                                            paddingBottomRight: [10, room], animate: false});
                map.atlasFitted = fitting();
                // After a resize Leaflet (1.9.3, shipped in static/vendor) fires its own
                // "moveend" 200 ms later, and cancels it when a pan follows, not when a new
                // zoom does: this fit has just fired one at the final size, so that late one
                // would only draw every region again (and wake a linked map).
                clearTimeout(map._sizeTimer);
            }
            function fitting() {
                return JSON.stringify(view.bounds) + " " + map.getSize() + " " + covered();
            }
            // On a phone an open region's panel is a sheet over the page's lower part
            // (ui.chrome): the regions are fitted above it (they had been drawn under it).
            function covered() {
                try {
                    var sheet = window.parent.document.querySelector(
                        ".st-key-detail:has(.st-key-panel_open)");
                    if (!sheet || window.parent.getComputedStyle(sheet).position !== "fixed") {
                        return 0;
                    }
                    var frame = window.frameElement.getBoundingClientRect();
                    var hidden = frame.bottom - sheet.getBoundingClientRect().top;
                    return Math.round(Math.max(0, Math.min(frame.height * 0.7, hidden)));
                } catch (e) { return 0; }
            }
            // A frame that changes width reports several sizes in a row: fitted once, at the
            // next frame.
            var refitting = false;
            function refit() {
                if (refitting) { return; }
                refitting = true;
                requestAnimationFrame(function () {
                    refitting = false;
                    if (!map.hasLayer(group)) { return; }  // a later view has the map
                    if (map.atlasFitted !== fitting()) { fit(); }
                });
            }
            // Every other frame of the page that this one may read (the maps are frames of
            // the same origin): fn gets its window.
            function otherFrames(fn) {
                var frames = [];
                try { frames = window.parent.document.querySelectorAll("iframe"); } catch (e) {}
                Array.prototype.forEach.call(frames, function (frame) {
                    var w = null;
                    try { w = frame.contentWindow; void w.document; } catch (e) { return; }
                    if (w && w !== window) { fn(w); }
                });
            }
            if (view.link) {
                // Side by side: each map sits in a frame of its own (same origin); a move of
                // one is applied to the others, which then do not pass it on.
                var follow = function () {
                    if (map.atlasFollowing) { return; }
                    otherFrames(function (w) {
                        var other = w.map;
                        if (!other || other === map || !other.atlasLinked) { return; }
                        if (other.getZoom() === map.getZoom()
                            && other.getCenter().equals(map.getCenter())) { return; }
                        other.atlasFollowing = true;
                        other.setView(map.getCenter(), map.getZoom(), {animate: false});
                        other.atlasFollowing = false;
                    });
                };
                map.atlasLinked = true;
                map.on("moveend", follow);
                group.on("remove", function () {
                    map.atlasLinked = false;
                    map.off("moveend", follow);
                });
            }
            // streamlit-folium (0.27.4, pinned) reports every change 250 ms late: its updates
            // are debounced, for the stream of a map being dragged. A click is reported at
            // once, as its own update would report it (the returned objects only), and marked
            // as reported, so that the late update finds nothing new and sends nothing.
            group.on("click", function () {
                setTimeout(function () {  // after streamlit-folium's own handler has run
                    var g = window.__GLOBAL_DATA__;
                    if (!g || !g.returned_objects) { return; }
                    var all = {last_object_clicked: g.last_object_clicked,
                               last_active_drawing: g.last_active_drawing};
                    var out = {};
                    Object.keys(all).forEach(function (k) {
                        if (g.returned_objects.indexOf(k) >= 0) { out[k] = all[k]; }
                    });
                    if (JSON.stringify(g.previous_data) === JSON.stringify(out)) { return; }
                    g.previous_data = out;
                    window.parent.postMessage({isStreamlitMessage: true,
                                               type: "streamlit:setComponentValue",
                                               value: out, dataType: "json"}, "*");
                }, 0);
            });
            var cache = window.atlasShapes = window.atlasShapes || {};
            // Shapes once read, as plain data: another map of the page (a frame of the same
            // origin) takes them from here instead of reading and parsing the file again.
            var read = window.atlasShapesRead = window.atlasShapesRead || {};
            function fromSibling(src) {
                var found = null;
                otherFrames(function (w) {
                    var other = w.atlasShapesRead;
                    if (!found && other && other[src]) { found = other[src]; }
                });
                return found;
            }
            function load(src) {
                if (typeof src !== "string") { return Promise.resolve(src); }
                if (!cache[src]) {
                    var known = read[src] || fromSibling(src);
                    if (known) {
                        read[src] = known;
                        cache[src] = Promise.resolve(known);
                    } else {
                        cache[src] = fetch(src, {credentials: "same-origin"}).then(function (r) {
                            if (!r.ok) { throw new Error("HTTP " + r.status); }
                            return r.json();
                        }).then(function (data) { read[src] = data; return data; });
                        cache[src].catch(function () { delete cache[src]; });
                    }
                }
                return cache[src];
            }
            // The regions stay on the map from one view to the next while their shapes and
            // their set are the same (a filter, a metric, a selection, a comparison): the
            // next view only restyles them and gives them its tooltips, instead of building
            // every polygon again. They report their events through the current view's group
            // (event parent), as if they were in it: clicks reach streamlit-folium that way.
            function style(code) {
                var s = map.atlasRegions.view.style[code];
                return {fillColor: s[0], fillOpacity: 0.9, weight: s[2] ? 3.5 : 0.6,
                        color: s[2] ? "#d7301f" : "#6b6b6b",
                        dashArray: s[1] === "nodata" ? "3 3" : null};
            }
            // A finger is wider than a small region: on a narrow or touch screen a tap within
            // 12 px of a region less than half the size of the one under it selects the small
            // one (a tap aimed at Sumba Tengah had selected Sumba Timur). Once per map, for
            // whichever regions it shows; before Leaflet's own handler, which it replaces.
            if (!map.atlasTap) {
                map.atlasTap = true;
                map.getContainer().addEventListener("click", function (e) {
                    var touch = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
                    var kept = map.atlasRegions;
                    if (!kept || !(touch || phone())) { return; }
                    var near = nearestSmall(kept.layer, e.target, map.mouseEventToLayerPoint(e), 12);
                    if (!near) { return; }
                    e.stopPropagation();
                    var p = map.mouseEventToLayerPoint(e);
                    near.fire("click", {latlng: map.layerPointToLatLng(p), layerPoint: p,
                                        containerPoint: map.layerPointToContainerPoint(p),
                                        originalEvent: e}, true);
                }, true);
            }
            // A phone: the page is narrow (ui.chrome's phone layout), not only this map (side
            // by side, each map of a desktop page is narrow too).
            function phone() {
                var page = window;
                try { page = window.parent.matchMedia ? window.parent : window; } catch (e) {}
                return page.matchMedia("(max-width: 640px)").matches;
            }
            function nearestSmall(regions, target, p, tolerance) {
                var area = function (l) {
                    var b = l._pxBounds;
                    return (b.max.x - b.min.x) * (b.max.y - b.min.y);
                };
                var under = null;
                regions.eachLayer(function (l) { if (l._path === target) { under = l; } });
                if (!under || !under._pxBounds) { return null; }
                var best = null, limit = area(under) / 2;
                regions.eachLayer(function (l) {
                    if (l === under || !l._parts || !l._pxBounds || area(l) >= limit) { return; }
                    var b = l._pxBounds;
                    if (p.x < b.min.x - tolerance || p.x > b.max.x + tolerance ||
                        p.y < b.min.y - tolerance || p.y > b.max.y + tolerance) { return; }
                    var close = l._parts.some(function (ring) {
                        for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
                            if (L.LineUtil.pointToSegmentDistance(p, ring[j], ring[i]) <= tolerance) {
                                return true;
                            }
                        }
                        return false;
                    });
                    if (close) { best = l; limit = area(l); }
                });
                return best;
            }
            var codes = Object.keys(view.style).sort().join(" ");
            Promise.all([load(view.regions), view.outline ? load(view.outline) : null, onShown])
            .then(function (shapes) {
                if (!map.hasLayer(group)) { return; }  // replaced by a later view meanwhile
                var kept = map.atlasRegions;
                var regions;
                if (kept && kept.src === view.regions && kept.codes === codes) {
                    kept.view = view;
                    regions = kept.layer;
                    regions.eachLayer(function (layer) {
                        var code = layer.feature.properties.code;
                        layer.setStyle(style(code));
                        layer.setTooltipContent(view.tips[code]);
                    });
                } else {
                    if (kept) { map.removeLayer(kept.layer); }
                    map.atlasRegions = {src: view.regions, codes: codes, view: view};
                    regions = L.geoJSON(shapes[0], {
                        filter: function (f) {
                            return Object.prototype.hasOwnProperty.call(view.style, f.properties.code);
                        },
                        style: function (f) { return style(f.properties.code); },
                        onEachFeature: function (f, layer) {
                            layer.bindTooltip(view.tips[f.properties.code], {sticky: true});
                            layer.on("mouseover", function () {
                                layer.setStyle({weight: 2.5, color: "#111111"});
                            });
                            layer.on("mouseout", function () {
                                layer.setStyle(style(f.properties.code));
                            });
                        }
                    });
                    map.atlasRegions.layer = regions;
                    regions.addTo(map);
                }
                regions.addEventParent(group);
                regions.bringToBack();
                if (shapes[1]) {
                    var wanted = {};
                    view.outlineCodes.forEach(function (c) { wanted[c] = true; });
                    var outline = L.geoJSON(shapes[1], {
                        filter: function (f) { return wanted[f.properties.code] === true; },
                        style: function () { return {fill: false, color: "#2b2b2b", weight: 1.8}; },
                        interactive: false
                    });
                    group.addLayer(outline);
                }
                regions.eachLayer(function (layer) {
                    if (view.style[layer.feature.properties.code][2]) { layer.bringToFront(); }
                });
                // Again now: on a first visit the frame reaches its size while shapes load.
                if (fresh) { fit(); }
                // Labels come largest region first; one that would overlap a label already
                // shown, or run past the map's edge, is hidden until the view leaves it room
                // (at NTT they had piled up: "MangManggarai…", "Sumb…").
                var labels = view.labels.map(function (l) {
                    var marker = L.marker([l[0], l[1]], {
                        icon: L.divIcon({className: "atlas-label", html: "<div>" + l[2] + "</div>",
                                         iconSize: null}),
                        interactive: false, keyboard: false
                    });
                    group.addLayer(marker);
                    return marker;
                });
                var declutter = function () {
                    var edge = map.getContainer().getBoundingClientRect();
                    if (!edge.width || !edge.height) { return; }  // not laid out yet
                    var shown = [];
                    labels.forEach(function (marker) {
                        var el = marker.getElement();
                        if (!el || !el.firstChild) { return; }
                        el.style.visibility = "";
                        var r = el.firstChild.getBoundingClientRect();
                        var out = r.left < edge.left || r.top < edge.top ||
                                  r.right > edge.right || r.bottom > edge.bottom;
                        var hit = shown.some(function (s) {
                            return r.left < s.right && s.left < r.right &&
                                   r.top < s.bottom && s.top < r.bottom;
                        });
                        if (out || hit) { el.style.visibility = "hidden"; } else { shown.push(r); }
                    });
                };
                if (labels.length) {
                    declutter();
                    // And again once the frame has settled: judged while the map was still
                    // being fitted, every label had been found outside it and stayed hidden.
                    [100, 400, 1200].forEach(function (ms) { setTimeout(declutter, ms); });
                    map.on("zoomend moveend resize viewreset", declutter);
                    // The frame gets its size from the page after the map is drawn, without
                    // telling Leaflet: watched here, or labels judged in a 0 px frame stay hidden.
                    var watch = window.ResizeObserver ? new ResizeObserver(declutter) : null;
                    if (watch) { watch.observe(map.getContainer()); }
                    group.on("remove", function () {
                        map.off("zoomend moveend resize viewreset", declutter);
                        if (watch) { watch.disconnect(); }
                    });
                }
                group.eachLayer(function (layer) {
                    if (layer.atlasFront && layer.bringToFront) { layer.bringToFront(); }
                });
            })
            .catch(function (error) {
                var note = L.control({position: "topleft"});
                note.onAdd = function () {
                    var div = L.DomUtil.create("div", "atlas-error");
                    div.textContent = view.failed + " (" + error.message + ")";
                    return div;
                };
                note.addTo(map);
                group.on("remove", function () { note.remove(); });
            });
            group.addTo(map);
        })({{ this.get_name() }}, {{ this._parent.get_name() }}, {{ this.view_json }});
        {% endmacro %}
        """
    )

    def __init__(self, view: dict) -> None:
        # Named as folium names a FeatureGroup: streamlit-folium refers to the view's variable
        # by that name when it swaps views.
        super().__init__(name="view", control=False)
        self.view_json = _js_literal(view)


class _Marks(Direct):
    """Circles, venues or points of a view, built in the browser from one compact array
    ([lat, lon, tooltip html, radius]); tooltips were escaped in Python. Venues and points
    are listed in the view's layer switch."""

    _template = FoliumTemplate(
        """
        {% macro script(this, kwargs) %}
        (function (group, items) {
            var layer = {{ this.kind_js }};
            layer.atlasFront = true;
            for (var i = 0; i < items.length; i++) {
                var it = items[i];
                {{ this.make_js }}.bindTooltip(it[2]).addTo(layer);
            }
            layer.addTo(group);
            {% if this.name_json %}group.atlasOverlays.push([{{ this.name_json }}, layer]);{% endif %}
        })({{ this._parent.get_name() }}, {{ this.items_json }});
        {% endmacro %}
        """
    )

    def __init__(self, kind: str, items: list, name: str | None, color: str = "") -> None:
        super().__init__()
        self._name = "Marks"
        self.items_json = _js_literal(items)
        self.name_json = _js_literal(escape(name)) if name else ""
        if kind == "points":
            self.kind_js = "L.markerClusterGroup({maxClusterRadius: 40})"
            self.make_js = (
                "L.circleMarker([it[0], it[1]], {radius: 5, weight: 1, color: '#5b3a00',"
                " fillColor: '#f28e2b', fillOpacity: 0.9})"
            )
        elif kind == "venues":
            self.kind_js = "L.featureGroup()"
            self.make_js = (
                "L.marker([it[0], it[1]], {icon: L.divIcon({className: '',"
                " html: '<div class=atlas-venue></div>', iconSize: [14, 14],"
                " iconAnchor: [7, 7]})})"
            )
        else:
            self.kind_js = "L.featureGroup()"
            self.make_js = (
                "L.circleMarker([it[0], it[1]], {radius: it[3], color: '#ffffff', weight: 1,"
                f" fill: true, fillColor: {_js_literal(color)}, fillOpacity: 0.7}})"
            )


def _shapes_inline(gdf: gpd.GeoDataFrame, shapes: dict[str, dict] | None) -> dict:
    from shapely.geometry import mapping

    features = [
        {
            "type": "Feature",
            "properties": {"code": code},
            "geometry": (shapes or {}).get(code) or mapping(geom),
        }
        for code, geom in zip(gdf.code, gdf.geometry)
    ]
    return {"type": "FeatureCollection", "features": features}


@dataclass(frozen=True)
class ViewSpec:
    """One view as plain data (cached and pickled with the page's screen model): the dict
    the view's script reads, and its marks as (kind, [lat, lon, tooltip html, radius], layer
    name, colour). ``layer`` makes the folium group each run (streamlit-folium changes the
    group it is given, so a cached one is never handed to it)."""

    view: dict
    marks: tuple[tuple[str, list, str | None, str], ...] = ()

    def layer(self) -> ViewLayer:
        out = ViewLayer(self.view)
        for kind, items, name, color in self.marks:
            _Marks(kind, items, name, color).add_to(out)
        return out


def view_spec(
    layer: ChoroplethLayer,
    legend: Legend,
    boundaries: Boundaries,
    *,
    selected: str | None = None,
    circles: Circles | None = None,
    venues: Venues | None = None,
    points: Points | None = None,
    labels: bool = False,
    failed: str = "",
    link: bool = False,
    list_label: str = "",
) -> ViewSpec:
    """One view: the regions' colours, tooltips (escaped here) and, with ``labels``, their
    names on the map; the legend; circles, venues and points. ``link``: the view's map pans
    and zooms together with the other linked maps of the page (side by side). ``list_label``:
    on a narrow map, a button of that name leads to the page's list of the regions."""
    codes = list(layer.regions.code)
    fills = layer.fills.reindex(codes).fillna("#c8c8c8")
    kinds = layer.kinds.reindex(codes).fillna("nodata")
    if circles is not None:  # the circles carry the values; polygons become a quiet base
        fills[:], kinds[:] = "#f4f4f4", "range"
    minx, miny, maxx, maxy = (float(v) for v in layer.regions.total_bounds)
    names = dict(zip(layer.regions.code, layer.regions.name))
    view = {
        "regions": boundaries.regions,
        "outline": boundaries.outline,
        "outlineCodes": list(boundaries.outline_codes),
        "style": {
            c: [str(fill), str(kind), int(c == selected)]
            for c, fill, kind in zip(codes, fills, kinds)
        },
        "tips": {c: tooltip_html(names[c], layer.tooltips.get(c, [])) for c in codes},
        "labels": [],
        "legend": legend_html(legend),
        "bounds": [[round(miny, 4), round(minx, 4)], [round(maxy, 4), round(maxx, 4)]],
        "pad": LEGEND_ROOM,
        "failed": escape(failed),
        "link": link,
        "list": list_label,  # set as text, not HTML
    }
    if labels:
        # Largest first (by the box around it: an area in degrees would only warn): where
        # labels would collide, the map keeps the larger region's.
        box = layer.regions.geometry.bounds
        size = (box.maxx - box.minx) * (box.maxy - box.miny)
        regions = layer.regions.assign(_size=size).sort_values(
            "_size", ascending=False, kind="stable"
        )
        spots = regions.geometry.representative_point()
        view["labels"] = [
            [round(p.y, 4), round(p.x, 4), escape(_short(names[c]))]
            for c, p in zip(regions.code, spots)
        ]
    marks = []
    if circles is not None:
        items = [
            [round(lat, 5), round(lon, 5), f"<b>{escape(name)}</b><br>{escape(value)}", radius]
            for lat, lon, radius, name, value in sorted(circles.items, key=lambda i: -i[2])
        ]
        marks.append(("circles", items, None, circles.color))
    if venues is not None and venues.items:
        items = [
            [round(lat, 5), round(lon, 5), "<br>".join([f"<b>{escape(n)}</b>", *map(escape, ls)])]
            for lat, lon, n, ls in venues.items
        ]
        marks.append(("venues", items, venues.name, ""))
    if points is not None and points.items:
        items = [
            [round(lat, 5), round(lon, 5), "<br>".join(escape(x) for x in lines)]
            for lat, lon, lines in points.items
        ]
        marks.append(("points", items, points.name, ""))
    return ViewSpec(view, tuple(marks))


def _short(name: str) -> str:
    """A label for the map: "Kabupaten Sleman" → "Sleman", "Kota Yogyakarta" stays."""
    for prefix in ("Kabupaten ", "Kab. "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def choropleth(
    layer: ChoroplethLayer,
    legend: Legend,
    *,
    outlines: gpd.GeoDataFrame | None = None,
    selected: str | None = None,
    circles: Circles | None = None,
    venues: Venues | None = None,
    points: Points | None = None,
    shapes: dict[str, dict] | None = None,
    labels: bool = False,
    attribution: str = "",
    credits_label: str = "",
    tile_url: str = "",
    tile_attribution: str = "",
    asset_base: str = "",
) -> folium.Map:
    """The whole map in one piece, boundaries inline: it works as a file on its own (the
    standalone HTML download)."""
    m = base_map(
        attribution=attribution,
        credits_label=credits_label,
        tile_url=tile_url,
        tile_attribution=tile_attribution,
        asset_base=asset_base,
    )
    inline = Boundaries(
        regions=_shapes_inline(layer.regions, shapes),
        outline=_shapes_inline(outlines, shapes) if outlines is not None else None,
        outline_codes=tuple(outlines.code) if outlines is not None else (),
    )
    spec = view_spec(
        layer,
        legend,
        inline,
        selected=selected,
        circles=circles,
        venues=venues,
        points=points,
        labels=labels,
    )
    spec.layer().add_to(m)
    return localize(m, asset_base)
