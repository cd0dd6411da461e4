"""A static map image (no tiles, no browser): legend, title, north arrow, scale bar, attribution.

Used by the briefing page and its PDF/PowerPoint exports. Colours and classes are the web
map's (``geo.metrics.build_layer``), so the picture and the interactive map agree.
"""

from __future__ import annotations

import io
import math

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrow, Patch, Rectangle

from geo.maps import ChoroplethLayer, Legend

BACKGROUND = "#e8eef3"
FONT = "DejaVu Sans"


def _scale_bar(ax, lat: float) -> None:
    """A 100/200 km bar at the lower left, sized for the map's latitude."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km_per_degree = 111.32 * math.cos(math.radians(lat))
    span_km = (x1 - x0) * km_per_degree
    length_km = next(k for k in (500, 200, 100, 50, 20, 10, 5) if k <= span_km / 5)
    length = length_km / km_per_degree
    bx, by = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.06
    h = (y1 - y0) * 0.012
    ax.add_patch(Rectangle((bx, by), length / 2, h, facecolor="#222", edgecolor="#222", zorder=5))
    ax.add_patch(
        Rectangle(
            (bx + length / 2, by), length / 2, h, facecolor="white", edgecolor="#222", zorder=5
        )
    )
    ax.text(bx, by + 2.2 * h, "0", fontsize=7, ha="center", family=FONT, zorder=5)
    ax.text(
        bx + length, by + 2.2 * h, f"{length_km} km", fontsize=7, ha="center", family=FONT, zorder=5
    )


def _north_arrow(ax, label: str) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    x, y = x1 - (x1 - x0) * 0.04, y1 - (y1 - y0) * 0.22
    ax.add_patch(
        FancyArrow(
            x,
            y,
            0,
            (y1 - y0) * 0.1,
            width=(x1 - x0) * 0.006,
            head_width=(x1 - x0) * 0.02,
            head_length=(y1 - y0) * 0.04,
            color="#222",
            zorder=5,
        )
    )
    ax.text(
        x,
        y + (y1 - y0) * 0.15,
        label,
        ha="center",
        va="bottom",
        fontsize=10,
        fontweight="bold",
        family=FONT,
        zorder=5,
    )


def render(
    layer: ChoroplethLayer,
    legend: Legend,
    *,
    title: str,
    attribution: str,
    outlines: gpd.GeoDataFrame | None = None,
    north: str = "U",
    size: tuple[float, float] = (11.0, 5.2),
    dpi: int = 160,
    legend_scale: float = 1.0,
) -> bytes:
    """PNG bytes of the choropleth. ``legend_scale`` enlarges the legend (a projector)."""
    gdf = layer.regions[["code", "geometry"]].copy()
    gdf["fill"] = gdf.code.map(layer.fills).fillna("#c8c8c8")
    fig, ax = plt.subplots(figsize=size, dpi=dpi)
    fig.patch.set_facecolor("white")
    ax.set_facecolor(BACKGROUND)
    gdf.plot(ax=ax, color=gdf["fill"], edgecolor="#6b6b6b", linewidth=0.3)
    if outlines is not None and len(outlines):
        outlines.boundary.plot(ax=ax, color="#2b2b2b", linewidth=0.9)
    minx, miny, maxx, maxy = gdf.total_bounds
    padx, pady = (maxx - minx) * 0.03, (maxy - miny) * 0.12
    ax.set_xlim(minx - padx, maxx + padx)
    ax.set_ylim(miny - pady * 2.2, maxy + pady)
    ax.set_aspect(1 / math.cos(math.radians((miny + maxy) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for spine in ax.spines.values():
        spine.set_color("#9aa5b1")
    ax.set_title(title, loc="left", fontsize=13, fontweight="bold", family=FONT, pad=8)
    handles = [
        Patch(
            facecolor=r.color,
            edgecolor="#777",
            linestyle="--" if r.kind == "nodata" else "-",
            label=r.label,
        )
        for r in legend.rows
        if r.kind != "circle"
    ]
    leg = ax.legend(
        handles=handles,
        title=f"{legend.title}\n{legend.subtitle}",
        loc="lower right",
        fontsize=7.5 * legend_scale,
        title_fontsize=8 * legend_scale,
        frameon=True,
        framealpha=0.95,
    )
    leg.get_title().set_ha("left")
    _scale_bar(ax, (miny + maxy) / 2)
    _north_arrow(ax, north)
    fig.text(0.01, 0.01, attribution, fontsize=6.5, color="#444", family=FONT)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return buf.getvalue()
