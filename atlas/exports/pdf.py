"""The briefing as a PDF: A4 landscape, a page each for the figures and narrative, the map,
the charts, the training's impact and, when a target is set, the year's graduations against
it. The table by province sits under the narrative, or on pages of its own when it is long
(the country's 38 provinces).

Drawn with matplotlib so the pages use the same fonts and colours as the charts; TrueType
fonts are embedded (``pdf.fonttype`` 42) so the text can be searched and copied.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")
from functools import partial

import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages

from atlas.core.i18n import t
from atlas.screens.charts import CHARTS
from atlas.screens.reports import Report

A4_LANDSCAPE = (11.69, 8.27)
INK, MUTED, ACCENT, CARD = "#1f2933", "#52606d", "#1d6fa5", "#f2f5f8"
DEMO_INK, DEMO_FILL = "#8a3c00", "#fff1e0"  # 7:1 contrast: the mark must be read
TABLE_UNDER_NARRATIVE = 8  # rows; a longer table gets pages of its own
TABLE_ROWS_PER_PAGE = 20


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


def _table(fig, df, rect: tuple[float, float, float, float]) -> None:
    """``df`` as a table in ``rect``: the first column left-aligned, the rest right."""
    ax = fig.add_axes(rect)
    ax.axis("off")
    table = ax.table(
        cellText=df.values,
        colLabels=list(df.columns),
        loc="upper center",
        cellLoc="right",
        colLoc="right",
    )
    table.auto_set_font_size(False)
    table.set_fontsize(8.5)
    table.auto_set_column_width([0])  # the names: "Kepulauan Bangka Belitung" in full
    table.scale(1, 1.25)
    for (row, col), cell in table.get_celld().items():
        cell.set_edgecolor("#d9e2ec")
        if row == 0:
            cell.set_facecolor(CARD)
            cell.set_text_props(fontweight="bold", color=INK)
        if col == 0:
            cell.set_text_props(ha="left")
            cell._loc = "left"


def _figures_page(r: Report, n: int):
    fig = plt.figure(figsize=A4_LANDSCAPE)
    _header(fig, r, n)
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
    if len(r.table) <= TABLE_UNDER_NARRATIVE:
        _table(fig, r.table, (0.04, 0.07, 0.92, 0.2))
    return fig


def _table_page(r: Report, n: int, rows: slice):
    """Part of a long table by province, with its heading."""
    fig = plt.figure(figsize=A4_LANDSCAPE)
    _header(fig, r, n)
    fig.text(0.04, 0.86, t("brief.table", r.lang), fontsize=13, fontweight="bold", color=INK)
    _table(fig, r.table.iloc[rows], (0.04, 0.06, 0.92, 0.77))
    return fig


def _map_page(r: Report, n: int):
    fig = plt.figure(figsize=A4_LANDSCAPE)
    _header(fig, r, n)
    if r.map_png:
        _image(fig, r.map_png, (0.04, 0.06, 0.92, 0.82))
    return fig


def _charts_page(r: Report, n: int):
    fig = plt.figure(figsize=A4_LANDSCAPE)
    _header(fig, r, n)
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


def _impact_page(r: Report, n: int):
    """The training-impact headline, its notes and the event-study chart."""
    fig = plt.figure(figsize=A4_LANDSCAPE)
    _header(fig, r, n)
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


def _graduation_page(r: Report, n: int):
    """The year's graduations against the target: the headline, the table (by centre in
    the country's deployment, else by province), what is counted."""
    fig = plt.figure(figsize=A4_LANDSCAPE)
    _header(fig, r, n)
    section = r.graduation
    fig.text(0.04, 0.86, section.title, fontsize=13, fontweight="bold", color=INK, va="top")
    headline = textwrap.fill(section.headline, 110)
    fig.text(0.04, 0.82, headline, fontsize=12, color=INK, va="top", linespacing=1.4)
    table = section.by_province if section.by_area.empty else section.by_area
    _table(fig, table, (0.04, 0.2, 0.92, 0.55))
    note = textwrap.fill(section.note, 150)
    fig.text(0.04, 0.12, note, fontsize=8.5, color=MUTED, va="top", linespacing=1.5)
    return fig


def _pages(r: Report) -> list:
    pages = [_figures_page, _map_page, _charts_page]
    if len(r.table) > TABLE_UNDER_NARRATIVE:
        step = TABLE_ROWS_PER_PAGE
        pages += [
            partial(_table_page, rows=slice(i, i + step)) for i in range(0, len(r.table), step)
        ]
    if r.impact:
        pages.append(_impact_page)
    if r.graduation:
        pages.append(_graduation_page)
    return pages


def render(r: Report) -> bytes:
    buf = io.BytesIO()
    with (
        matplotlib.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"}),
        PdfPages(buf, metadata={"Title": r.title, "Subject": r.freshness}) as pdf,
    ):
        for n, make in enumerate(_pages(r), start=1):
            fig = make(r, n)
            pdf.savefig(fig)
            plt.close(fig)
    return buf.getvalue()
