"""No text is cut or runs out of its box in the briefing's PDF and PowerPoint, for several
filters and both languages.

The PDF is measured as matplotlib lays it out (each text's rendered extent against its page,
its card and its table cell, and against the other texts). The PowerPoint names Calibri; it
is measured with Carlito, Calibri's metric twin (the same advance widths; LibreOffice shows
the deck in it where Calibri is missing), from Debian's fonts-crosextra-carlito."""

import io
import os
import re
from itertools import combinations
from pathlib import Path

import pytest
from matplotlib.patches import Rectangle
from PIL import ImageFont
from pptx import Presentation
from pptx.util import Emu, Pt

from atlas.core.filters import Filter
from atlas.exports import deck as powerpoint
from atlas.exports import pdf
from atlas.screens import reports

FILTERS = {
    "all": Filter(),
    "wave IX, DIY and Jawa Timur": Filter(waves=(9,), provinces=("34", "35")),
    "empty (Bali, wave IX)": Filter(waves=(9,), provinces=("51",)),
    "five provinces, sectors": Filter(
        provinces=("33", "34", "35", "51", "52"), sectors=("kuliner", "perdagangan", "jasa")
    ),
}
CARLITO = Path("/usr/share/fonts/truetype/crosextra/Carlito-{}.ttf")


CASES = [(k, lang) for k in FILTERS for lang in ("id", "en")]


@pytest.fixture(scope="module", params=CASES, ids=[f"{k}, {lang}" for k, lang in CASES])
def report(request, _demo_sqlite_url):
    # Layout does not depend on the database engine: the demo on SQLite only.
    from atlas.store.db import make_engine

    name, lang = request.param
    engine = make_engine(_demo_sqlite_url)
    try:
        return reports.build(engine, FILTERS[name], lang)
    finally:
        engine.dispose()


def _inside(inner, outer, slack: float = 0.5) -> bool:
    return (
        inner.x0 >= outer.x0 - slack
        and inner.x1 <= outer.x1 + slack
        and inner.y0 >= outer.y0 - slack
        and inner.y1 <= outer.y1 + slack
    )


def _pdf_problems(fig) -> list[str]:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    texts = [t for t in fig.texts if t.get_text().strip()]
    boxes = {id(t): t.get_window_extent(renderer) for t in texts}
    out = [f"off the page: {t.get_text()!r}" for t in texts if not _inside(boxes[id(t)], page)]
    for a, b in combinations(texts, 2):
        if boxes[id(a)].overlaps(boxes[id(b)]):
            out.append(f"overlap: {a.get_text()!r} / {b.get_text()!r}")
    cards = [p for p in fig.artists if isinstance(p, Rectangle)]
    for card in cards:
        area = card.get_window_extent(renderer)
        for t in texts:
            anchored = area.contains(*fig.transFigure.transform(t.get_position()))
            if anchored and not _inside(boxes[id(t)], area):
                out.append(f"out of its card: {t.get_text()!r}")
    for ax in fig.axes:
        for table in ax.tables:
            for cell in table.get_celld().values():
                if not _inside(cell.get_window_extent(renderer), page):
                    out.append(f"table cell off the page: {cell.get_text().get_text()!r}")
                text = cell.get_text()
                if text.get_text() and not _inside(
                    text.get_window_extent(renderer), cell.get_window_extent(renderer)
                ):
                    out.append(f"out of its cell: {text.get_text()!r}")
    return out


def test_pdf_text_stays_in_its_boxes(report):
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf.render(report))).pages[0].extract_text()
    for item in report.figures:  # every note in full (they were cut to 44 characters)
        assert item.note in text
    _every_page_fits(report)


def _every_page_fits(report) -> None:
    import matplotlib.pyplot as plt

    for n, make in enumerate(pdf._pages(report), start=1):
        fig = make(report, n)
        try:
            assert not _pdf_problems(fig), (n, _pdf_problems(fig))
        finally:
            plt.close(fig)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_countrys_briefing_fits_its_pages(serve_area, tmp_path, lang):
    # The country's 38 provinces: the subtitle named all 38 across the freshness line, and
    # the table by province ran off the first page. Now counted, and on pages of its own;
    # the year's graduations against the national target get a page too.
    from atlas.store import db, demo, setup

    serve_area("nasional")
    engine = db.make_engine(f"sqlite:///{tmp_path / 'country.db'}")
    db.upgrade(engine)
    setup.load_regions(engine)
    demo.load(engine, scale=0.01)
    report = reports.build(engine, Filter(), lang)
    assert len(report.table) == 38 and report.graduation is not None
    assert "38" in report.subtitle and "Aceh" not in report.subtitle
    _every_page_fits(report)
    pages = pdf._pages(report)
    assert len(pages) == 3 + 2 + 1 + 1  # figures, map, charts; 38 rows on 2; impact; graduation
    deck = Presentation(io.BytesIO(powerpoint.render(report)))
    assert not _pptx_problems(deck)
    low = [
        (n, shape.name)
        for n, slide in enumerate(deck.slides, 1)
        for shape in slide.shapes
        if shape.top + shape.height > deck.slide_height
    ]
    assert not low, low  # the 38-row table ran 12 inches below the slide
    titles = [sl.shapes[1].text_frame.text for sl in deck.slides if len(sl.shapes) > 1]
    assert sum("(4/4)" in x for x in titles) == 1


def _lines(text: str, font: ImageFont.FreeTypeFont, width: float) -> int:
    """Lines a paragraph takes when wrapped at spaces in ``width`` points (font at 10× size
    for precision); a single word wider than the box counts as overflowing."""
    lines, current = 1, ""
    for word in text.split(" "):
        trial = f"{current} {word}".strip()
        if font.getlength(trial) / 10 <= width:
            current = trial
        elif not current or font.getlength(word) / 10 > width:
            return 10**6  # a word that cannot fit on any line
        else:
            lines, current = lines + 1, word
    return lines


def _carlito(style: str) -> str:
    path = str(CARLITO).format(style)
    if not Path(path).exists():
        reason = f"{path} missing: apt-get install fonts-crosextra-carlito"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def _pptx_problems(deck: Presentation) -> list[str]:
    out = []
    for number, slide in enumerate(deck.slides, 1):
        boxes = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]
        for shape in boxes:
            frame = shape.text_frame
            width = Emu(shape.width - frame.margin_left - frame.margin_right).pt
            height = Emu(shape.height - frame.margin_top - frame.margin_bottom).pt
            used = 0.0
            for para in frame.paragraphs:
                runs = para.runs or []
                size = max((r.font.size or Pt(18)).pt for r in runs) if runs else 18
                bold = any(r.font.bold for r in runs)
                font = ImageFont.truetype(_carlito("Bold" if bold else "Regular"), int(size * 10))
                used += _lines(para.text, font, width) * size * 1.2
            if used > height + 1:
                out.append(f"slide {number}: {frame.text!r} needs {used:.0f} pt of {height:.0f}")
        for a, b in combinations(boxes, 2):
            apart = (
                a.left + a.width <= b.left
                or b.left + b.width <= a.left
                or a.top + a.height <= b.top
                or b.top + b.height <= a.top
            )
            if not apart:
                out.append(f"slide {number}: {a.text_frame.text!r} overlaps {b.text_frame.text!r}")
    return out


def test_pptx_text_fits_its_boxes(report):
    deck = Presentation(io.BytesIO(powerpoint.render(report)))
    problems = _pptx_problems(deck)
    assert not problems, problems
    text = " ".join(s.text_frame.text for sl in deck.slides for s in sl.shapes if s.has_text_frame)
    for item in report.figures:  # every note in full
        assert item.note in text


def test_demo_data_is_marked_on_every_page_and_slide(report):
    from pypdf import PdfReader

    mark = report.demo_mark
    assert mark in ("Data contoh (ilustratif)", "Sample data (illustrative)")
    pages = PdfReader(io.BytesIO(pdf.render(report))).pages
    assert all(mark in p.extract_text() for p in pages)
    deck = Presentation(io.BytesIO(powerpoint.render(report)))
    for slide in deck.slides:
        assert any(s.has_text_frame and s.text_frame.text == mark for s in slide.shapes)


# Numbers with thousands grouped the other language's way: "11,515" in Indonesian (where
# the comma is the decimal mark) or "11.515" in English.
WRONG_GROUPING = {"id": re.compile(r"\d,\d{3}(?!\d)"), "en": re.compile(r"\d\.\d{3}(?!\d)")}


def _chart_texts(report, monkeypatch) -> list[str]:
    """Every text matplotlib draws in the four charts: titles, tick labels, bar labels,
    legends."""
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    from atlas.screens import charts

    seen: list[str] = []

    def keep(fig) -> bytes:
        fig.canvas.draw()
        seen.extend(t.get_text() for t in fig.findobj(Text) if t.get_text())
        plt.close(fig)
        return b""

    monkeypatch.setattr(charts, "_png", keep)
    charts.all_charts(report.briefing, report.lang)
    return seen


def test_numbers_in_the_language_s_format_in_charts_and_exports(report, monkeypatch):
    from pypdf import PdfReader

    wrong = WRONG_GROUPING[report.lang]
    labels = _chart_texts(report, monkeypatch)
    assert any(re.search(r"\d", s) for s in labels)  # the charts do carry numbers
    assert not [s for s in labels if wrong.search(s)], [s for s in labels if wrong.search(s)]
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.render(report))).pages)
    deck = Presentation(io.BytesIO(powerpoint.render(report)))
    slides = " ".join(
        s.text_frame.text for sl in deck.slides for s in sl.shapes if s.has_text_frame
    ) + " ".join(
        cell.text
        for sl in deck.slides
        for s in sl.shapes
        if s.has_table
        for row in s.table.rows
        for cell in row.cells
    )
    for name, text in (("PDF", pdf_text), ("PowerPoint", slides)):
        # Dates and times ("08.17", "2020") are not grouped numbers; a thousands figure is.
        found = [m.group() for m in wrong.finditer(text)]
        assert not found, (name, found)
    alts = " ".join(report.alts.values())
    assert not wrong.search(alts), alts
