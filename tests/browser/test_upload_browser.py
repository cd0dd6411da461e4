"""Data staff's journey in the browser: template, mistakes, error report, fix, confirm, save,
see the map change, undo, see it return."""

import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from .conftest import add_user, download, sign_in, start_app, stop_app, wait_for_app, wait_idle

pytestmark = pytest.mark.browser


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


def test_data_staff_journey(staff_app, offline):
    page = offline.page()
    sign_in(page, staff_app, "operator")
    before = roster_figure(page, staff_app)
    page.goto(staff_app + "/upload")
    template = Path(download(page, "Daftar Pendamping").path()).read_bytes()

    bad = filled(
        template, [["PDW001", "Ani", "X", "Kabupaten Bantul"], ["PDW002", "Budi", "L", "Semarang"]]
    )
    upload(page, "roster.xlsx", bad)
    body = page.inner_text("body")
    assert "2 masalah" in body
    grid = '[data-testid="stDataFrame"] [role="gridcell"]'
    page.wait_for_selector(grid, state="attached")  # the table's cells come a moment after the text
    cells = page.locator(grid).all_inner_texts()
    assert "jenis_kelamin" in cells and "kabupaten_kota" in cells
    report_file = download(page, "Unduh laporan kesalahan (xlsx)")
    report = openpyxl.load_workbook(io.BytesIO(Path(report_file.path()).read_bytes())).active
    assert report.max_row == 3 and "Kesalahan" in [c.value for c in report[1]]

    good = filled(
        template, [["PDW001", "Ani", "P", "Kabupaten Bantul"], ["PDW002", "Budi", "L", "Slemann"]]
    )
    upload(page, "roster-fixed.xlsx", good)
    page.get_by_text("“Slemann” = Kabupaten Sleman").click()
    wait_idle(page)
    page.get_by_role("button", name="Simpan", exact=True).click()
    wait_idle(page)
    assert "Tersimpan sebagai impor #" in page.inner_text("body")

    after = roster_figure(page, staff_app)
    assert int(after.replace(".", "")) == int(before.replace(".", "")) + 2

    page.goto(staff_app + "/history")
    wait_idle(page)
    page.get_by_role("button", name="Batalkan impor").click()
    wait_idle(page)
    # Asked first, with what it will remove; nothing is undone at one click.
    assert "menghapus 2 baris" in page.inner_text("body")
    page.get_by_role("button", name=re.compile(r"^Ya, batalkan impor #")).click()
    wait_idle(page)
    assert "2 baris tambahannya dihapus" in page.inner_text("body")
    assert roster_figure(page, staff_app) == before
    assert offline.blocked == []


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
