"""An empty selection (Bali + wave IX: no wave IX batch in Bali) in every output: figures,
sentences, charts, the PDF, the PowerPoint and the CLI's JSON. No NaN, no misleading 0 %,
and the filters that empty it are named."""

import io
import json
import re

import pytest
from pptx import Presentation
from pypdf import PdfReader

from atlas.core.filters import Filter
from atlas.exports import deck as powerpoint
from atlas.exports import pdf
from atlas.screens import charts, reports
from atlas.store import queries

EMPTY = Filter(waves=(9,), provinces=("51",))
BAD = re.compile(r"\bnan\b|\bNone\b|NaN|0,0%|0\.0%", re.IGNORECASE)


def test_the_summary_gives_null_and_names_the_filters(demo_engine):
    s = queries.summary(demo_engine, EMPTY)
    assert s["coverage"] is None and s["trained"] == 0 and s["facilitators_roster"] == 170
    assert s["emptied_by"] == ["gelombang", "provinsi"]
    json.dumps(s, allow_nan=False)  # strict JSON: no NaN anywhere
    # A selection with figures names nothing and keeps its share.
    full = queries.summary(demo_engine, Filter(provinces=("51",)))
    assert "emptied_by" not in full and full["coverage"] > 0


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_figure_sentence_and_table_cell(demo_engine, lang):
    r = reports.build(demo_engine, EMPTY, lang)
    shown = [f.value for f in r.figures] + [f.note for f in r.figures]
    assert not [v for v in shown if BAD.search(v)], shown
    coverage = next(f for f in r.figures if f.label in ("Cakupan diklat", "Training coverage"))
    assert coverage.value == "—"
    assert len(r.narrative) == 1
    wave, province = (
        ("Gelombang: IX", "Provinsi: Bali")
        if lang == "id"
        else (
            "Wave (gelombang): IX",
            "Province: Bali",
        )
    )
    assert wave in r.narrative[0] and province in r.narrative[0]
    assert not BAD.search(r.narrative[0])
    cells = r.table.astype(str).to_numpy().ravel().tolist()
    assert not [c for c in cells if BAD.search(c)], cells
    assert r.filter_text == ("Gelombang IX · Bali" if lang == "id" else "Wave IX · Bali")
    assert r.subtitle.endswith("· Bali")
    # Bali's roster is still drawn; the others say in one line that there is nothing.
    assert set(r.charts) == {"provinces"}
    assert set(r.gaps) == {"cumulative", "sectors", "status"}


def test_charts_say_there_is_nothing_to_draw(demo_engine):
    """In one line where the chart would be, not a frame with nothing in it."""
    from atlas.screens import briefing

    b = briefing.build(demo_engine, EMPTY)
    assert b.empty and b.emptied_by == ("waves", "provinces")
    nothing = "Tidak ada data untuk pilihan ini"
    assert charts.gaps(b, "id") == dict.fromkeys(("cumulative", "sectors", "status"), nothing)
    assert set(charts.all_charts(b, "id")) == {"provinces"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_pdf_and_the_powerpoint(demo_engine, lang):
    r = reports.build(demo_engine, EMPTY, lang)
    document = PdfReader(io.BytesIO(pdf.render(r)))
    pages = " ".join(p.extract_text() for p in document.pages)
    # The sentence is wrapped over lines in the PDF: compare without line breaks.
    assert " ".join(r.narrative[0].split()) in " ".join(pages.split())
    assert " ".join(r.gaps["sectors"].split()) in " ".join(pages.split())
    assert not BAD.search(pages), BAD.search(pages)
    deck = Presentation(io.BytesIO(powerpoint.render(r)))
    text = " ".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    assert r.narrative[0] in text and r.gaps["sectors"] in text
    assert not BAD.search(text), BAD.search(text)


def test_bar_labels_use_the_language_s_number_format():
    # The Indonesian sector chart read "11,515 (31%)": the thousands dot swapped for a comma.
    assert charts.count_and_share(11515, 37222, "id") == "11.515 (31%)"
    assert charts.count_and_share(11515, 37222, "en") == "11,515 (31%)"
