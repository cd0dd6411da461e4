"""The briefing as a PowerPoint deck (16:9): title, figures, map, charts, the training's
impact, table of provinces (ten rows a slide), the year's graduations against the target.

Built on blank slides with our own text boxes so every slide has the same fonts, colours and
footer whatever template the deck is pasted into.
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from atlas.core.i18n import t
from atlas.screens.reports import Report

INK, MUTED, ACCENT, CARD = (
    RGBColor(0x1F, 0x29, 0x33),
    RGBColor(0x52, 0x60, 0x6D),
    RGBColor(0x1D, 0x6F, 0xA5),
    RGBColor(0xF2, 0xF5, 0xF8),
)
DEMO_INK, DEMO_FILL = RGBColor(0x8A, 0x3C, 0x00), RGBColor(0xFF, 0xF1, 0xE0)
FONT = "Calibri"
W, H = Inches(13.333), Inches(7.5)


def _text(
    slide,
    x,
    y,
    w,
    h,
    text: str,
    size: int,
    *,
    bold: bool = False,
    color: RGBColor = INK,
    align=PP_ALIGN.LEFT,
) -> None:
    box = slide.shapes.add_textbox(x, y, w, h)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = FONT
        run.font.color.rgb = color


def _demo_mark(slide, r: Report) -> None:
    """ "Data contoh (ilustratif)" in the top right corner of a slide built on demo data: a
    slide copied into another deck still says so."""
    if not r.demo_mark:
        return
    box = slide.shapes.add_textbox(Inches(9.8), Inches(0.02), Inches(3.3), Inches(0.3))
    box.fill.solid()
    box.fill.fore_color.rgb = DEMO_FILL
    box.line.color.rgb = DEMO_INK
    frame = box.text_frame
    frame.word_wrap = True
    para = frame.paragraphs[0]
    para.alignment = PP_ALIGN.CENTER
    run = para.add_run()
    run.text = r.demo_mark
    run.font.size = Pt(11)
    run.font.bold = True
    run.font.name = FONT
    run.font.color.rgb = DEMO_INK


def _slide(prs: Presentation, r: Report, heading: str):
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    _demo_mark(slide, r)
    # The heading stops where the freshness box starts: long headings wrap, never run under it.
    _text(slide, Inches(0.5), Inches(0.3), Inches(8.2), Inches(0.7), heading, 26, bold=True)
    _text(
        slide,
        Inches(8.8),
        Inches(0.35),
        Inches(4.0),
        Inches(0.6),
        f"{r.freshness}\n{r.filter_text}",
        10,
        color=MUTED,
        align=PP_ALIGN.RIGHT,
    )
    line = slide.shapes.add_connector(1, Inches(0.5), Inches(1.05), Inches(12.83), Inches(1.05))
    line.line.color.rgb = ACCENT
    _text(
        slide,
        Inches(0.5),
        Inches(7.0),
        Inches(12),
        Inches(0.4),
        t("attribution", r.lang),
        8,
        color=MUTED,
    )
    return slide


def _picture(slide, png: bytes, x, y, max_w, max_h, alt: str) -> None:
    pic = slide.shapes.add_picture(io.BytesIO(png), x, y)
    pic._element.nvPicPr.cNvPr.set("descr", alt)  # the picture's alt text in PowerPoint
    scale = min(max_w / pic.width, max_h / pic.height)
    pic.width, pic.height = int(pic.width * scale), int(pic.height * scale)
    pic.left = int(x + (max_w - pic.width) / 2)


def render(r: Report) -> bytes:
    """The deck: title, figures, map, charts, impact, table, graduations against the target
    (one function per slide)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = W, H
    slides = (_title_slide, _figures_slide, _map_slide, _chart_slides, _impact_slide, _table)
    for add in (*slides, _graduation_slide):
        add(prs, r)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _title_slide(prs: Presentation, r: Report) -> None:
    title = prs.slides.add_slide(prs.slide_layouts[6])
    _demo_mark(title, r)
    band = title.shapes.add_shape(1, 0, Inches(2.3), W, Inches(2.6))
    band.fill.solid()
    band.fill.fore_color.rgb = ACCENT
    band.line.fill.background()
    _text(
        title,
        Inches(0.8),
        Inches(2.45),
        Inches(11.7),
        Inches(1.3),
        r.title,
        34,
        bold=True,
        color=RGBColor(0xFF, 0xFF, 0xFF),
    )
    _text(
        title,
        Inches(0.8),
        Inches(3.75),
        Inches(11.7),
        Inches(0.9),
        r.subtitle,
        16,
        color=RGBColor(0xFF, 0xFF, 0xFF),
    )
    _text(
        title,
        Inches(0.8),
        Inches(5.3),
        Inches(11.7),
        Inches(0.9),
        f"{r.freshness}\n{r.filter_text}",
        14,
        color=MUTED,
    )


def _figures_slide(prs: Presentation, r: Report) -> None:
    slide = _slide(prs, r, t("brief.title", r.lang).split(" — ")[0])
    cols, w, h, gap = 4, Inches(2.95), Inches(1.05), Inches(0.17)
    for i, item in enumerate(r.figures):
        row, col = divmod(i, cols)
        x, y = Inches(0.5) + col * (w + gap), Inches(1.3) + row * (h + gap)
        card = slide.shapes.add_shape(1, x, y, w, h)
        card.fill.solid()
        card.fill.fore_color.rgb = CARD
        card.line.fill.background()
        # Label, then the note in full under it (it was cut to 40 characters), then the value:
        # three boxes stacked, each as tall as its line (text size × 1,2 plus the insets).
        inner, left = w - Inches(0.1), x + Inches(0.05)
        _text(slide, left, y, inner, Inches(0.29), item.label, 11, color=MUTED)
        if item.note:
            _text(slide, left, y + Inches(0.29), inner, Inches(0.24), item.note, 8, color=ACCENT)
        _text(slide, left, y + Inches(0.54), inner, Inches(0.5), item.value, 24, bold=True)
    _text(slide, Inches(0.5), Inches(5.1), Inches(12.3), Inches(1.8), "\n".join(r.narrative), 14)


def _map_slide(prs: Presentation, r: Report) -> None:
    if r.map_png:
        slide = _slide(prs, r, r.map_title or t("brief.map.title", r.lang))
        _picture(
            slide, r.map_png, Inches(0.5), Inches(1.2), Inches(12.3), Inches(5.7), r.alts["map"]
        )


def _chart_slides(prs: Presentation, r: Report) -> None:
    for keys in (("cumulative", "provinces"), ("sectors", "status")):
        heading = " · ".join(
            t(f"brief.chart.{'cumulative' if k == 'cumulative' else k}", r.lang) for k in keys
        )
        slide = _slide(
            prs, r, heading if len(heading) < 60 else t("brief.title", r.lang).split(" — ")[0]
        )
        for i, key in enumerate(keys):
            left = Inches(0.5) + i * Inches(6.25)
            if key not in r.charts:  # one line saying why, where the chart would be
                title = t(f"brief.chart.{key}", r.lang)
                _text(slide, left, Inches(1.4), Inches(6.0), Inches(0.5), title, 14, bold=True)
                why = r.gaps[key]
                _text(slide, left, Inches(1.9), Inches(6.0), Inches(1.2), why, 12, color=MUTED)
                continue
            _picture(slide, r.charts[key], left, Inches(1.4), Inches(6.0), Inches(5.4), r.alts[key])


def _impact_slide(prs: Presentation, r: Report) -> None:
    if r.impact:
        section = r.impact
        slide = _slide(prs, r, section.title)
        # Headline (two lines at most), notes (three), then the chart down to the footer.
        _text(slide, Inches(0.5), Inches(1.15), Inches(12.3), Inches(0.85), section.headline, 18)
        _text(
            slide,
            Inches(0.5),
            Inches(2.05),
            Inches(12.3),
            Inches(1.0),
            "\n".join(section.notes),
            10,
            color=MUTED,
        )
        if section.chart:  # none when there is no estimate: the notes above say why
            _picture(
                slide,
                section.chart,
                Inches(2.2),
                Inches(3.1),
                Inches(8.9),
                Inches(3.85),
                section.alt,
            )


# Rows of the table by province on one slide; the country's 38 take four slides.
ROWS_PER_SLIDE = 10


def _table(prs: Presentation, r: Report) -> None:
    heading = t("brief.table", r.lang)
    parts = range(0, max(len(r.table), 1), ROWS_PER_SLIDE)
    for i, start in enumerate(parts, start=1):
        title = f"{heading} ({i}/{len(parts)})" if len(parts) > 1 else heading
        slide = _slide(prs, r, title)
        _table_shape(slide, r.table.iloc[start : start + ROWS_PER_SLIDE], Inches(1.4), 14, 0.5)


def _graduation_slide(prs: Presentation, r: Report) -> None:
    """The year's graduations against the target: the headline, the table (by centre in the
    country's deployment, else by province) and what is counted."""
    section = r.graduation
    if section is None:
        return
    slide = _slide(prs, r, section.title)
    _text(slide, Inches(0.5), Inches(1.15), Inches(12.3), Inches(0.85), section.headline, 18)
    table = section.by_province if section.by_area.empty else section.by_area
    _table_shape(slide, table, Inches(2.1), 13, 0.4)
    _text(slide, Inches(0.5), Inches(6.3), Inches(12.3), Inches(0.6), section.note, 10, color=MUTED)


def _table_shape(slide, df, top, size: int, row_inches: float) -> None:
    """``df`` as a table from ``top``, ``size``-point text in rows ``row_inches`` high: a
    header row in the accent colour, the first column left-aligned and the rest right."""
    rows, cols = df.shape
    shape = slide.shapes.add_table(
        rows + 1, cols, Inches(0.5), top, Inches(12.3), Emu(Inches(row_inches) * (rows + 1))
    )
    table = shape.table
    for c, name in enumerate(df.columns):
        cell = table.cell(0, c)
        cell.text = str(name)
        cell.fill.solid()
        cell.fill.fore_color.rgb = ACCENT
    for rr in range(rows):
        for c in range(cols):
            table.cell(rr + 1, c).text = str(df.iat[rr, c])
    for rr in range(rows + 1):
        for c in range(cols):
            for para in table.cell(rr, c).text_frame.paragraphs:
                para.alignment = PP_ALIGN.LEFT if c == 0 else PP_ALIGN.RIGHT
                for run in para.runs:
                    run.font.size = Pt(size)
                    run.font.name = FONT
                    run.font.bold = rr == 0
