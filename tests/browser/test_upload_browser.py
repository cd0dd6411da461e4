"""Data staff's journey in the browser: template, mistakes, error report, fix, confirm, save,
see the map change, undo, see it return."""

import io
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
