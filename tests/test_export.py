"""`python -m atlas export`: the PDF, the PowerPoint and the map picture."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

PROJECT = Path(__file__).resolve().parent.parent


def export(url, out, *args):
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        check=False,
        args=[sys.executable, "-m", "atlas", "export", "--out", str(out), *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture(scope="module")
def pdf_id(_demo_sqlite_url, tmp_path_factory):
    out = tmp_path_factory.mktemp("exp") / "ringkasan.pdf"
    proc = export(_demo_sqlite_url, out, "--format", "pdf")
    assert proc.returncode == 0, proc.stderr
    return PdfReader(out)


def test_pdf_carries_the_figures(pdf_id):
    text = "\n".join(p.extract_text() for p in pdf_id.pages)
    assert "4.371" in text and "3.359" in text and "420" in text
    assert "Hingga 16 Oktober 2020" in text
    assert "cahyadsn/wilayah_boundaries" in text


def test_pdf_has_the_impact_page_marked_as_demo(pdf_id):
    page = pdf_id.pages[3].extract_text()
    assert "Dampak diklat" in page and "Data contoh (ilustratif)" in page
    assert "×" in page and "poin persen per tahun" in page


def test_pdf_is_a4_landscape_in_four_pages(pdf_id):
    assert len(pdf_id.pages) == 4
    box = pdf_id.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def _pptx_content(path):
    deck = Presentation(path)
    texts, pictures = [], 0
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.shape_type == 13:
                pictures += 1
            if shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]
    return deck, " ".join(texts), pictures


def test_pptx_has_figures_map_and_charts(_demo_sqlite_url, tmp_path):
    out = tmp_path / "ringkasan.pptx"
    assert export(_demo_sqlite_url, out, "--format", "pptx").returncode == 0
    deck, text, pictures = _pptx_content(out)
    assert len(deck.slides) == 7
    assert pictures == 6  # the map, four charts and the event study
    assert "4.371" in text and "3.359" in text and "Jawa Timur" in text
    impact = " ".join(s.text_frame.text for s in deck.slides[5].shapes if s.has_text_frame)
    assert "Dampak diklat" in impact and "poin persen per tahun" in impact
    assert "Data contoh (ilustratif)" in impact


def test_english_exports(_demo_sqlite_url, tmp_path):
    out = tmp_path / "briefing.pptx"
    assert export(_demo_sqlite_url, out, "--format", "pptx", "--lang", "en").returncode == 0
    _, text, _ = _pptx_content(out)
    assert "4,371" in text and "Facilitator target" in text and "Target pendamping" not in text
    pdf = tmp_path / "briefing.pdf"
    assert export(_demo_sqlite_url, pdf, "--format", "pdf", "--lang", "en").returncode == 0
    assert "By 16 October 2020" in "".join(p.extract_text() for p in PdfReader(pdf).pages)


def test_filters_reach_the_export(_demo_sqlite_url, tmp_path):
    out = tmp_path / "ix.pdf"
    assert export(_demo_sqlite_url, out, "--format", "pdf", "--gelombang", "IX").returncode == 0
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    # The filter as people read it, not URL parameters or province codes.
    assert "Gelombang IX" in text and "gelombang=IX" not in text


def test_png_map(_demo_sqlite_url, tmp_path):
    from PIL import Image

    out = tmp_path / "peta.png"
    assert export(_demo_sqlite_url, out, "--format", "png").returncode == 0
    assert Image.open(io.BytesIO(out.read_bytes())).size[0] > 1000


def test_bad_export_arguments(_demo_sqlite_url, tmp_path):
    proc = export(_demo_sqlite_url, tmp_path / "x", "--format", "doc")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    proc = export(_demo_sqlite_url, tmp_path / "no" / "such" / "x.pdf", "--format", "pdf")
    assert proc.returncode == 2 and "Tidak dapat menulis" in proc.stderr


@pytest.mark.parametrize("fmt", ["pdf", "pptx"])
def test_a_wave_in_progress_is_told_against_its_own_figures(_demo_sqlite_url, tmp_path, fmt):
    """The wave IX briefing on 16 October 2020 said "0 dari 4.371 pendamping", "0 dari 146
    angkatan" and "0 dari 11 gelombang" for a wave of 420 people in 14 batches."""
    out = tmp_path / f"w9.{fmt}"
    proc = export(_demo_sqlite_url, out, "--format", fmt, "--gelombang", "IX")
    assert proc.returncode == 0, proc.stderr
    if fmt == "pdf":
        text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    else:
        text = "\n".join(
            s.text_frame.text
            for slide in Presentation(out).slides
            for s in slide.shapes
            if s.has_text_frame
        )
    flat = " ".join(text.split())
    assert "belum ada dari 420 peserta terpilih" in flat
    for said in ("0 dari 4.371", "dari 146", "dari 11"):
        assert said not in flat, said
    if fmt == "pptx":  # the PDF draws its figures and the map's title into pictures
        assert "dari 14" in flat and "Peserta terpilih per kabupaten/kota" in flat
    # Nothing to draw says why in one line, in place of a chart of one dot: the cumulative
    # across waves of a single wave. (The impact section's notes say why it has no chart.)
    assert "Hanya gelombang IX yang terpilih" in flat
    assert "belum ada pendamping yang selesai diklat" in flat
