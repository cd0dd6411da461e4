"""Nothing cut (issue #32): at a desk and on a phone, in both languages, no button, tab,
metric label or popover button shows less than its text ("Legend…", "Tre›", an impact card's
"Pendamping sudah diklat (dar…"), nor lies partly outside the box that clips it (a
level switch's "Kecamat…" past its column, a tab row scrolled to "Tre›")."""

import pytest

from .conftest import wait_for_app

pytestmark = pytest.mark.browser

# The visible elements whose text must fit, and any part of them that could cut it.
OVERFLOWING = """() => [...document.querySelectorAll(
        'button, [role="tab"], [data-testid="stMetricLabel"], [data-testid="stMetricValue"]')]
    .filter(el => el.offsetParent !== null && el.getBoundingClientRect().width > 0)
    // A phone's closed sidebar lies left of the screen: what it holds is not shown.
    .filter(el => el.getBoundingClientRect().right > 0)
    .flatMap(el => [el, ...el.querySelectorAll('p, span, div')])
    // An icon is a word drawn as one glyph ("restart_alt"): its box is the glyph's.
    .filter(el => !el.closest('[data-testid="stIconMaterial"]'))
    .filter(el => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
    .map(el => el.textContent.trim().slice(0, 60) + ' ' + el.scrollWidth + '>' + el.clientWidth)"""

# Those that lie partly outside an ancestor that clips or scrolls them. The headline of a
# phone scrolls sideways by design (ui.chrome); the breadcrumb wraps.
CLIPPED = """() => [...document.querySelectorAll(
        'button, [role="tab"], [data-testid="stMetricLabel"]')]
    .filter(el => el.offsetParent !== null && el.getBoundingClientRect().width > 0)
    .filter(el => el.getBoundingClientRect().right > 0)
    .filter(el => !el.closest('.st-key-headline, [data-testid="stSidebar"]'))
    .filter(el => {
        const r = el.getBoundingClientRect();
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX === "visible") continue;
            const c = a.getBoundingClientRect();
            if (r.left < c.left - 1 || r.right > c.right + 1) return true;
        }
        return false;
    })
    .map(el => el.textContent.trim().slice(0, 60))"""


@pytest.mark.parametrize("path", ["/?wilayah=34.04", "/briefing?gelombang=IX", "/impact?x=1"])
@pytest.mark.parametrize("width,height", [(1440, 900), (390, 844)])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_nothing_is_cut(live_app, offline, lang, width, height, path):
    page = offline.page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_app + path + ("&lang=en" if lang == "en" else ""))
    wait_for_app(page)
    page.wait_for_timeout(500)
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate(CLIPPED) == []
