"""Every page in both languages, checked by axe-core against WCAG 2.1 A and AA: no serious
or critical finding (contrast, text alternatives, names of controls, keyboard access)."""

import shutil

import pytest

from . import axe
from .conftest import add_user, sign_in, start_app, stop_app, wait_idle

pytestmark = pytest.mark.browser

PUBLIC = [
    "/",
    "/?gelombang=V-VIII&banding=I-IV",  # comparison
    "/?gelombang=IX&provinsi=51",  # an empty selection
    "/briefing",
    "/briefing?presentasi=ya",
    "/about",
    "/signin",
]
STAFF = ["/upload", "/history"]
ADMIN = ["/admin"]
PANEL = "/?wilayah=34.04&gelombang=IX"  # a regency selected: the detail panel and its tables


@pytest.fixture(scope="module")
def app_with_accounts(_demo_sqlite_url, geo_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("a11y") / "atlas.db"
    shutil.copy(_demo_sqlite_url.removeprefix("sqlite:///"), path)
    add_user(f"sqlite:///{path}", "operator", "data_staff")
    add_user(f"sqlite:///{path}", "pengelola", "admin")
    url, proc = start_app(f"sqlite:///{path}", geo_dir, path.with_suffix(".log"))
    yield url
    stop_app(proc)


def _check(page, base: str, paths: list[str], lang: str) -> dict[str, list]:
    found = {}
    for path in paths:
        sep = "&" if "?" in path else "?"
        page.goto(base + path + (f"{sep}lang=en" if lang == "en" else ""))
        wait_idle(page)
        page.wait_for_timeout(500)
        if "wilayah=" in path:  # every tab of the panel, as a person would open them
            for tab in page.get_by_role("tab").all():
                tab.click()
                page.wait_for_timeout(200)
                found.update({f"{path} [{tab.inner_text()}]": axe.violations(page)})
        found[path] = axe.violations(page)
    return {k: v for k, v in found.items() if v}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_serious_accessibility_finding_on_any_page(browser, app_with_accounts, lang):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        problems = _check(page, app_with_accounts, PUBLIC, lang)
        sign_in(page, app_with_accounts, "operator")
        problems |= _check(page, app_with_accounts, STAFF, lang)
        page.goto(app_with_accounts + "/")
        wait_idle(page)
        page.get_by_role("button", name="Keluar").click()
        wait_idle(page)
        sign_in(page, app_with_accounts, "pengelola")
        problems |= _check(page, app_with_accounts, ADMIN, lang)
        assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
    finally:
        context.close()


def test_the_detail_panel_tables_reach_the_keyboard(browser, app_with_accounts):
    """The panel's tables fit its width (two columns: what, and its details), so nothing
    scrolls sideways in a box the keyboard cannot reach."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=True)
    try:
        problems = _check(context.new_page(), app_with_accounts, [PANEL], "id")
        assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
    finally:
        context.close()
