"""Demo data never passes for real (#30), in Chromium: on the demo database, data staff are
told before saving that their file joins demo data; after the save the map, the briefing
and its PDF stay marked and visitors are shut out; after the undo everything is as before,
public access included."""

import re
import shutil

import pytest
from pypdf import PdfReader

from .conftest import add_user, download, sign_in, start_app, stop_app, wait_for_app, wait_idle

pytestmark = pytest.mark.browser

MARK = "Data contoh (ilustratif)"
ROSTER = b"id_pendamping,nama,jenis_kelamin,kabupaten_kota\nPDV001,Ani Nyata,P,Bantul\n"


@pytest.fixture(scope="module")
def demo_app(_demo_sqlite_url, geo_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("origin") / "atlas.db"
    shutil.copy(_demo_sqlite_url.removeprefix("sqlite:///"), path)
    add_user(f"sqlite:///{path}", "operator", "data_staff")
    url, proc = start_app(f"sqlite:///{path}", geo_dir, path.with_suffix(".log"))
    yield url
    stop_app(proc)


def visitor_sees_the_map(browser, base: str) -> bool:
    """A visitor who has not signed in (a context of their own): the map, or the sign-in."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(base + "/")
    wait_idle(page)
    opened = page.locator('[data-testid="stMetric"]').count() > 0
    assert opened or "Silakan masuk" in page.inner_text("body")
    ctx.close()
    return opened


def marked_everywhere(page, base: str) -> None:
    """The mark on the map, on the briefing and on every page of its PDF."""
    page.goto(base + "/?per=2020-10-16")
    wait_for_app(page)
    assert MARK in page.inner_text("body")
    page.goto(base + "/briefing?per=2020-10-16")
    wait_for_app(page)
    assert MARK in page.inner_text("body")
    pdf = PdfReader(download(page, "Unduh PDF").path())
    assert all(MARK in p.extract_text() for p in pdf.pages)


def test_a_real_import_and_its_undo_on_the_demo(demo_app, offline):
    browser = offline.context.browser
    assert visitor_sees_the_map(browser, demo_app)  # ATLAS_PUBLIC_ACCESS=auto, demo only
    page = offline.page()
    sign_in(page, demo_app, "operator")
    marked_everywhere(page, demo_app)

    page.goto(demo_app + "/upload")
    wait_idle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": ROSTER}]
    )
    page.wait_for_timeout(1500)
    wait_idle(page)
    body = page.inner_text("body")
    # Said before the save, beside its buttons, with whom to ask to remove the demo first.
    assert "Basis data ini berisi data contoh" in body and "minta admin" in body
    page.get_by_role("button", name="Simpan", exact=True).click()
    wait_idle(page)
    assert "Tersimpan sebagai impor #" in page.inner_text("body")

    marked_everywhere(page, demo_app)  # the demo's rows are still counted
    assert not visitor_sees_the_map(browser, demo_app)  # people's data: closed

    page.goto(demo_app + "/history")
    wait_idle(page)
    page.get_by_role("button", name="Batalkan impor").click()
    wait_idle(page)
    page.get_by_role("button", name=re.compile(r"^Ya, batalkan impor #")).click()
    wait_idle(page)
    assert "dihapus" in page.inner_text("body")

    marked_everywhere(page, demo_app)
    assert visitor_sees_the_map(browser, demo_app)  # the demo alone again: open again
    assert offline.blocked == []
