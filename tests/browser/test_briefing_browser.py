"""Leadership journey: open the briefing, download the PDF and the PowerPoint."""

import pytest
from pptx import Presentation
from pypdf import PdfReader

from .conftest import download, wait_for_app

pytestmark = pytest.mark.browser


def metric(page, label: str) -> str:
    """The value of the figure with this label."""
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def test_leadership_journey(live_app, offline):
    page = offline.page()
    page.goto(live_app + "/briefing?gelombang=I-IX")
    wait_for_app(page)
    body = page.inner_text("body")
    assert "Hingga 16 Oktober 2020, 3.359 dari 4.371 pendamping (76,8%)" in body
    assert page.locator('[data-testid="stImage"] img').count() >= 1  # the static map

    pdf_file = download(page, "Unduh PDF")
    assert pdf_file.suggested_filename == "ringkasan-pkh_gelombang-I-IX_2020-10-16_id.pdf"
    pdf = PdfReader(pdf_file.path())
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "4.371" in text and "3.359" in text and "Gelombang I-IX" in text

    pptx_file = download(page, "Unduh PowerPoint")
    assert pptx_file.suggested_filename == "ringkasan-pkh_gelombang-I-IX_2020-10-16_id.pptx"
    deck = Presentation(pptx_file.path())
    assert len(deck.slides) == 7

    # The training's impact: its headline on the briefing, then its own page, same filter
    # (a page link once arrived with it and lost it on the first run: all waves shown).
    assert "Dampak diklat" in body and "kemungkinan besar antara" in body
    kpm = metric(page, "Usaha KPM")
    page.get_by_text("Rincian, kurva waktu sampai graduasi dan batasnya").click()
    page.get_by_text("Dampak diklat pada graduasi KPM").wait_for(timeout=60_000)
    wait_for_app(page)
    assert "dengan keyakinan 95%" in page.inner_text("body")
    assert page.locator('[data-testid="stImage"] img').count() == 3
    assert metric(page, "KPM dalam pilihan") == kpm
    assert "gelombang=I-IX" in page.url
    assert offline.blocked == []


def test_presentation_mode_hides_the_sidebar_and_keeps_the_demo_mark(live_app, offline):
    page = offline.page()
    page.goto(live_app + "/briefing?gelombang=IX&provinsi=34,35&presentasi=ya")
    wait_for_app(page)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    heading = page.locator("h1").first
    assert "Data contoh (ilustratif)" in heading.inner_text()
    # Without the sidebar, the page says what it is filtered on, in words.
    assert "Gelombang IX · DIY, Jawa Timur" in page.inner_text("body")
    page.goto(live_app + "/briefing?gelombang=IX")
    wait_for_app(page)
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    assert offline.blocked == []


def test_an_empty_selection_and_the_demo_mark_in_the_page_pdf_and_powerpoint(live_app, offline):
    """Bali + wave IX (no wave IX batch in Bali): the page, the PDF and the PowerPoint say
    that nothing matches and which filters empty it, with "—" for shares and no NaN; every
    PDF page and every slide carries the demo mark."""
    page = offline.page()
    page.goto(live_app + "/briefing?gelombang=IX&provinsi=51")
    wait_for_app(page)
    body = page.inner_text("body")
    sentence = "Tidak ada peserta diklat maupun usaha KPM untuk pilihan ini"
    assert sentence in body and "Gelombang: IX · Provinsi: Bali" in body
    assert "NaN" not in body and "0 dari 170" not in body
    coverage = page.locator('[data-testid="stMetric"]', has_text="Cakupan diklat")
    assert coverage.locator('[data-testid="stMetricValue"]').inner_text().strip() == "—"

    pdf = PdfReader(download(page, "Unduh PDF").path())
    pages = [p.extract_text() for p in pdf.pages]
    assert all("Data contoh (ilustratif)" in text for text in pages)
    whole = " ".join(" ".join(pages).split())
    assert sentence in whole and "Gelombang IX · Bali" in whole and "NaN" not in whole

    deck = Presentation(download(page, "Unduh PowerPoint").path())
    for slide in deck.slides:
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert "Data contoh (ilustratif)" in texts
    words = " ".join(s.text_frame.text for sl in deck.slides for s in sl.shapes if s.has_text_frame)
    assert sentence in words and "NaN" not in words
    assert offline.blocked == []
