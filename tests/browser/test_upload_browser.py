"""Data staff's journey in the browser: template, mistakes, error report, fix, confirm, save,
see the map change, undo, see it return."""

import io
import os
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from .conftest import add_user, download, sign_in, start_app, stop_app, wait_for_app, wait_idle

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("ATLAS_SHOTS", "/tmp"))


@pytest.fixture(scope="module")
def staff_app(_demo_sqlite_url, geo_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("upload") / "atlas.db"
    shutil.copy(_demo_sqlite_url.removeprefix("sqlite:///"), path)
    add_user(f"sqlite:///{path}", "operator", "data_staff")
    add_user(f"sqlite:///{path}", "pemirsa", "viewer")
    url, proc = start_app(f"sqlite:///{path}", geo_dir, path.with_suffix(".log"))
    yield url
    stop_app(proc)


def roster_figure(page, base):
    page.goto(base + "/")
    wait_for_app(page)
    m = page.locator('[data-testid="stMetric"]').first
    return m.locator('[data-testid="stMetricValue"]').inner_text()


def filled(template: bytes, rows) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb["Data"]
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            ws.cell(row=i, column=j, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(page, name, data):
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[
            {
                "name": name,
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": data,
            }
        ]
    )
    page.wait_for_timeout(1500)
    wait_idle(page)


def edit_cell(page, row: int, header: str, text: str) -> None:
    """Type ``text`` into the grid's cell at ``row`` (0: the first row) of the file's column
    ``header`` as a person does: select the first row's first file column (right after the
    pinned problems and the leave-out tick; the columns with a problem come first), move
    there with the arrow keys, type at once and press Enter (keys typed before the cell's
    editor opened had been lost). The grid is drawn on a canvas; its accessible table names
    the columns and says which cell is selected."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.locator('[data-testid="data-grid-canvas"]').bounding_box()
    selected = grid.locator('[aria-selected="true"]')
    for _ in range(5):  # a click while the grid is still drawing is not taken
        # Right of the row numbers, the problems and the tick, below the header row.
        page.mouse.move(box["x"] + 400, box["y"] + 35 + 17)
        page.mouse.down()
        page.mouse.up()
        page.wait_for_timeout(300)
        if selected.count():
            break
    titles = [
        title.replace("⚠", "").strip()
        for title in grid.locator('[role="columnheader"]').all_inner_texts()
    ]
    column = titles.index(header) - titles.index("Lewati") - 1
    for _ in range(row):
        page.keyboard.press("ArrowDown")
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    # Columns: row numbers, problems, the tick, then the file's.
    grid.locator(f'[data-testid="glide-cell-{3 + column}-{row}"][aria-selected="true"]').wait_for(
        state="attached"
    )
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    wait_idle(page)


def test_data_staff_journey(staff_app, offline):
    """Three kinds of mistakes (a value outside the list, an unknown regency, an impossible
    date) fixed in the grid, saved; the map changes; undone after confirming; it returns."""
    page = offline.page()
    sign_in(page, staff_app, "operator")
    before = roster_figure(page, staff_app)
    page.goto(staff_app + "/upload")
    template = Path(download(page, "Daftar Pendamping").path()).read_bytes()
    head = [c.value for c in openpyxl.load_workbook(io.BytesIO(template))["Data"][1]]

    def row(*values):
        out = [None] * len(head)
        for name, value in zip(
            ("id_pendamping", "nama", "jenis_kelamin", "kabupaten_kota", "tanggal_bergabung"),
            values,
        ):
            out[head.index(name)] = value
        return out

    bad = filled(
        template,
        [
            row("PDW001", "Ani", "X", "Kabupaten Bantul", "2020-02-03"),
            row("PDW002", "Budi", "L", "Planet Mars", "2020-02-03"),
            row("PDW003", "Citra", "P", "Kabupaten Sleman", "31/02/2020"),
        ],
    )
    upload(page, "roster.xlsx", bad)
    body = page.inner_text("body")
    assert "3 baris bermasalah (3 masalah)" in body
    page.screenshot(path=str(SHOTS / "upload-grid.png"), full_page=True)
    report_file = download(page, "Unduh laporan kesalahan (xlsx)")
    report = openpyxl.load_workbook(io.BytesIO(Path(report_file.path()).read_bytes())).active
    assert report.max_row == 4 and "Kesalahan" in [c.value for c in report[1]]

    # Fixed in place, each change checked again at once: the row stays, marked fixed.
    edit_cell(page, 0, "jenis_kelamin", "P")
    assert "2 baris bermasalah" in page.inner_text("body")
    edit_cell(page, 1, "kabupaten_kota", "Kabupaten Kulon Progo")
    assert "1 baris bermasalah" in page.inner_text("body")
    page.screenshot(path=str(SHOTS / "upload-grid-fixing.png"), full_page=True)
    edit_cell(page, 2, "tanggal_bergabung", "28/02/2020")
    body = page.inner_text("body")
    assert "bermasalah" not in body and "Semua baris valid" in body
    page.get_by_text("Koreksi di aplikasi (3)").click()
    page.wait_for_timeout(1000)  # the expander opens
    page.screenshot(path=str(SHOTS / "upload-fixed.png"), full_page=True)
    page.get_by_role("button", name="Simpan", exact=True).click()
    wait_idle(page)
    assert "Tersimpan sebagai impor #" in page.inner_text("body")

    after = roster_figure(page, staff_app)
    assert int(after.replace(".", "")) == int(before.replace(".", "")) + 3

    page.goto(staff_app + "/history")
    wait_idle(page)
    page.get_by_text(re.compile(r"Koreksi di aplikasi pada impor #")).first.click()
    page.wait_for_timeout(1000)
    cells = page.locator('[data-testid="stDataFrame"] [role="gridcell"]').all_inner_texts()
    assert "Kabupaten Kulon Progo" in cells and "28/02/2020" in cells
    page.screenshot(path=str(SHOTS / "history-corrections.png"), full_page=True)
    page.get_by_role("button", name="Batalkan impor").click()
    wait_idle(page)
    # Asked first, with what it will remove; nothing is undone at one click.
    assert "menghapus 3 baris" in page.inner_text("body")
    page.get_by_role("button", name=re.compile(r"^Ya, batalkan impor #")).click()
    wait_idle(page)
    assert "3 baris tambahannya dihapus" in page.inner_text("body")
    assert roster_figure(page, staff_app) == before
    assert offline.blocked == []


def test_the_grid_keeps_its_place_after_an_edit(staff_app, offline):
    """After each edit the grid had scrolled back to its first row (issue #32): a fix far
    down a long list of refused rows keeps the rows in view, and the fixed row stays where
    it was, saying so."""
    page = offline.page()
    sign_in(page, staff_app, "operator")
    page.goto(staff_app + "/upload")
    wait_idle(page)
    rows = "".join(f"PDS{i:03d},Nama {i},X,Kabupaten Bantul\n" for i in range(40))
    data = ("id_pendamping,nama,jenis_kelamin,kabupaten_kota\n" + rows).encode()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "panjang.csv", "mimeType": "text/csv", "buffer": data}]
    )
    page.wait_for_timeout(1500)
    wait_idle(page)
    assert "40 baris bermasalah" in page.inner_text("body")
    scroller = page.locator('[data-testid="stDataFrame"] .dvn-scroller').first
    scroller.evaluate("s => s.scrollTo(0, 900)")
    page.wait_for_timeout(500)
    top = scroller.evaluate("s => s.scrollTop")
    assert top > 500
    # The first row in view, right of the problems and the tick: its jenis_kelamin.
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.locator('[data-testid="data-grid-canvas"]').bounding_box()
    page.mouse.click(box["x"] + 400, box["y"] + 35 + 40)
    selected = grid.locator('[aria-selected="true"][data-testid^="glide-cell-3-"]')
    selected.wait_for(state="attached")
    row = int(selected.get_attribute("data-testid").rsplit("-", 1)[1])
    page.keyboard.type("P")
    page.keyboard.press("Enter")
    wait_idle(page)
    assert "39 baris bermasalah" in page.inner_text("body")
    page.wait_for_timeout(600)
    scroller = page.locator('[data-testid="stDataFrame"] .dvn-scroller').first
    assert abs(scroller.evaluate("s => s.scrollTop") - top) < 5
    cells = grid.locator(f'[data-testid="glide-cell-1-{row}"]').inner_text()
    assert "Sudah benar" in cells
    page.screenshot(path=str(SHOTS / "upload-grid-kept-place.png"))


def test_a_hostile_file_leaves_the_server_serving_everyone(staff_app, offline):
    """The 2 KB files that made the reader ask for 33 GB (and took the server, with every
    user's session, down) get a message; another user's map goes on working meanwhile."""
    from tests import hostile_files

    viewer = offline.context.browser.new_context()
    other = viewer.new_page()
    # Signed in: once the journey above saved real data, the map is closed to visitors.
    sign_in(other, staff_app, "pemirsa")
    other.goto(staff_app + "/")
    wait_for_app(other)

    page = offline.page()
    sign_in(page, staff_app, "operator")
    page.goto(staff_app + "/upload")
    wait_idle(page)
    for name in ("FAR_CORNER", "FAR_ROW"):
        upload(page, f"{name}.xlsx", getattr(hostile_files, name))
        assert "Lembar kerja terbentang sampai sel" in page.inner_text("body")

    other.get_by_text("Kabupaten/Kota").first.wait_for()
    other.reload()
    wait_for_app(other)  # the other session's page still answers, on the same server
    assert other.locator('[data-testid="stMetric"]').count() > 0
    viewer.close()
    assert offline.blocked == []


def _shown(locator) -> str:
    """What a person sees in an element: its text with the generated (::after) content, and
    without what CSS hides."""
    return locator.evaluate(
        """el => [el, ...el.querySelectorAll('*')].map(e => {
             const own = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('');
             const after = getComputedStyle(e, '::after').content;
             const seen = parseFloat(getComputedStyle(e).fontSize) > 0 ? own : '';
             return seen + (after && after !== 'none' ? JSON.parse(after) : '');
           }).join('')"""
    )


def test_streamlit_s_own_words_in_indonesian(staff_app, offline):
    """Streamlit has no setting for its own English ("Upload", "No results", "Press Enter to
    apply", "Select all"): the Indonesian interface shows Indonesian words in their place."""
    page = offline.page()
    sign_in(page, staff_app, "operator")
    page.goto(staff_app + "/upload")
    wait_idle(page)
    zone = page.locator('[data-testid="stFileUploaderDropzone"]')
    from atlas.ingest.read import MAX_FILE_BYTES

    limit = f"Maks. {MAX_FILE_BYTES // 2**20} MB per berkas · XLSX atau CSV"
    assert "Pilih berkas" in _shown(zone) and limit in _shown(zone)
    assert "Upload" not in _shown(zone) and "per file" not in _shown(zone)
    page.goto(staff_app + "/")
    wait_for_app(page)
    waves = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] input').first
    waves.click()
    listbox = page.locator('[role="listbox"]').first
    listbox.wait_for()
    assert "Select all" not in listbox.inner_text()
    page.keyboard.type("zzz")
    page.wait_for_selector('[role="listbox"][data-empty="true"]')
    empty = _shown(page.locator('[role="listbox"][data-empty="true"]'))
    assert "Tidak ada yang cocok" in empty and "No results" not in empty
    page.keyboard.press("Escape")  # clears the typed text
    page.keyboard.press("Escape")  # closes the list
    batches = page.get_by_label("Angkatan", exact=True)
    batches.click()
    page.keyboard.type("113")
    hint = page.locator('[data-testid="InputInstructions"]')
    hint.wait_for(state="attached")  # its own text has no size: Playwright calls it hidden
    assert _shown(hint) == "Tekan Enter untuk menerapkan"
    assert offline.blocked == []
