"""The briefing as a PDF: A4 landscape, four pages (figures and narrative; map; charts; the
training's impact).

Drawn with matplotlib so the pages use the same fonts and colours as the charts; TrueType
fonts are embedded (``pdf.fonttype`` 42) so the text can be searched and copied.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages

from atlas.core.i18n import t
from atlas.screens.charts import CHARTS
from atlas.screens.reports import Report

A4_LANDSCAPE = (11.69, 8.27)
INK, MUTED, ACCENT, CARD = "#1f2933", "#52606d", "#1d6fa5", "#f2f5f8"
DEMO_INK, DEMO_FILL = "#8a3c00", "#fff1e0"  # 7:1 contrast: the mark must be read


def _image(fig, png: bytes, rect: tuple[float, float, float, float]) -> None:
    ax = fig.add_axes(rect)
    ax.imshow(plt.imread(io.BytesIO(png)))
    ax.axis("off")


def _header(fig, r: Report, page: int) -> None:
    fig.text(0.04, 0.95, r.title, fontsize=17, fontweight="bold", color=INK)
    fig.text(0.04, 0.917, r.subtitle, fontsize=9.5, color=MUTED)
    # On the right, below the title's line: a long (English) title never runs into them.
    fig.text(0.96, 0.924, r.freshness, fontsize=8.5, color=MUTED, ha="right")
    fig.text(0.96, 0.906, r.filter_text, fontsize=8.5, color=MUTED, ha="right")
    fig.add_artist(plt.Line2D([0.04, 0.96], [0.9, 0.9], color=ACCENT, linewidth=1.2))
    fig.text(0.96, 0.025, t("brief.page", r.lang, n=page), fontsize=8, color=MUTED, ha="right")
    fig.text(0.04, 0.025, t("attribution", r.lang), fontsize=6.5, color=MUTED)
    if r.demo_mark:
        fig.text(
            0.96,
            0.972,
            r.demo_mark,
            fontsize=8.5,
            fontweight="bold",
            color=DEMO_INK,
            ha="right",
            bbox={"boxstyle": "round,pad=0.3", "facecolor": DEMO_FILL, "edgecolor": DEMO_INK},
        )


def _figures_page(r: Report):
    fig = plt.figure(figsize=A4_LANDSCAPE)
    _header(fig, r, 1)
    cols, w, h = 4, 0.215, 0.1
    for i, item in enumerate(r.figures):
        row, col = divmod(i, cols)
        x, y = 0.04 + col * (w + 0.0133), 0.77 - row * (h + 0.018)
        fig.add_artist(
            plt.Rectangle((x, y), w, h, transform=fig.transFigure, facecolor=CARD, edgecolor="none")
        )
        fig.text(x + 0.01, y + h - 0.022, item.label, fontsize=9, color=MUTED)
        if item.note:  # in full: a note cut to "…Bali, NTB," left NTT out
            fig.text(x + 0.01, y + h - 0.042, item.note, fontsize=7.5, color=ACCENT)
        fig.text(x + 0.01, y + 0.014, item.value, fontsize=19, fontweight="bold", color=INK)
    text = "\n".join(textwrap.fill(p, 125) for p in r.narrative)
    fig.text(0.04, 0.43, text, fontsize=10.5, color=INK, va="top", linespacing=1.6)
    ax = fig.add_axes((0.04, 0.07, 0.92, 0.2))
    ax.axis("off")
    table = ax.table(
        cellText=r.table.values,
        colLabels=list(r.table.columns),
        loc="upper center",
        cellLoc="right",
        colLoc="right",
    )
    table.auto_set_font_size(False)
    table.set_fontsize(8.5)
    table.scale(1, 1.25)
    for (row, col), cell in table.get_celld().items():
        cell.set_edgecolor("#d9e2ec")
        if row == 0:
            cell.set_facecolor(CARD)
            cell.set_text_props(fontweight="bold", color=INK)
        if col == 0:
            cell.set_text_props(ha="left")
            cell._loc = "left"
    return fig


def _map_page(r: Report):
    fig = plt.figure(figsize=A4_LANDSCAPE)
    _header(fig, r, 2)
    if r.map_png:
        _image(fig, r.map_png, (0.04, 0.06, 0.92, 0.82))
    return fig


def _charts_page(r: Report):
    fig = plt.figure(figsize=A4_LANDSCAPE)
    _header(fig, r, 3)
    slots = [(0.04, 0.47), (0.52, 0.47), (0.04, 0.06), (0.52, 0.06)]
    for (x, y), key in zip(slots, CHARTS):
        if key in r.charts:
            _image(fig, r.charts[key], (x, y, 0.44, 0.4))
        else:  # one line saying why, where the chart would be
            title = t(f"brief.chart.{key}", r.lang)
            fig.text(x, y + 0.38, title, fontsize=10, fontweight="bold", color=INK, va="top")
            why = textwrap.fill(r.gaps[key], 70)
            fig.text(x, y + 0.33, why, fontsize=9, color=MUTED, va="top", linespacing=1.4)
    return fig


def _impact_page(r: Report):
    """The training-impact headline, its notes and the event-study chart."""
    fig = plt.figure(figsize=A4_LANDSCAPE)
    _header(fig, r, 4)
    section = r.impact
    fig.text(0.04, 0.86, section.title, fontsize=13, fontweight="bold", color=INK, va="top")
    fig.text(
        0.04,
        0.82,
        textwrap.fill(section.headline, 110),
        fontsize=12,
        color=INK,
        va="top",
        linespacing=1.4,
    )
    notes = "\n".join(textwrap.fill(n, 150) for n in section.notes)
    fig.text(0.04, 0.72, notes, fontsize=8.5, color=MUTED, va="top", linespacing=1.5)
    if section.chart:  # none when there is no estimate: the notes above say why
        _image(fig, section.chart, (0.16, 0.05, 0.68, 0.56))
    return fig


def render(r: Report) -> bytes:
    buf = io.BytesIO()
    with (
        matplotlib.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"}),
        PdfPages(buf, metadata={"Title": r.title, "Subject": r.freshness}) as pdf,
    ):
        pages = (_figures_page, _map_page, _charts_page) + ((_impact_page,) if r.impact else ())
        for make in pages:
            fig = make(r)
            pdf.savefig(fig)
            plt.close(fig)
    return buf.getvalue()
