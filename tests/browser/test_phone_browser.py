"""A coordinator on a phone (390×844, issue #32): the map on the first screen, its labels
apart and inside it, the filters behind a labelled button, the credits one small sign."""

import pytest

from .conftest import MAP, click_region, wait_for_app

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _phone(offline, url: str, lang: str = "id"):
    page = offline.page()
    page.set_viewport_size(PHONE)
    page.goto(url + ("&lang=en" if lang == "en" else ""))
    wait_for_app(page)
    page.wait_for_function(
        """(sel) => { const f = document.querySelector(sel);
           return f && f.contentDocument &&
                  f.contentDocument.querySelector('path.leaflet-interactive'); }""",
        arg=MAP,
        timeout=30_000,
    )
    page.wait_for_timeout(500)
    return page


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_map_is_on_a_phones_first_screen(live_app, offline, lang):
    page = _phone(offline, live_app + "/?gelombang=I-IX", lang)
    box = page.locator(MAP).first.bounding_box()
    assert box["y"] <= 300, box  # it began 715 px down, after 11 figures and 3 controls
    assert box["height"] >= 0.55 * PHONE["height"], box
    # The headline is one line (it scrolls sideways to the rest).
    tops = {
        round(m.bounding_box()["y"])
        for m in page.locator(".st-key-headline [data-testid=stMetric]").all()
    }
    assert len(tops) == 1, tops
    button = page.locator('[data-testid="stExpandSidebarButton"]')
    label = button.evaluate("b => getComputedStyle(b, '::after').content")
    assert label == ('"Saring"' if lang == "id" else '"Filters"')
    # The six provinces fill the map's width (fitted into a portrait frame they had been a
    # thin band of about a fifth of its height, and narrower).
    inside = page.locator(MAP).first.element_handle().content_frame()
    spread = inside.evaluate(
        """() => { const boxes = [...document.querySelectorAll('path.leaflet-interactive')]
                      .map(p => p.getBoundingClientRect());
                   const w = Math.max(...boxes.map(b => b.right)) - Math.min(...boxes.map(b => b.left));
                   const h = Math.max(...boxes.map(b => b.bottom)) - Math.min(...boxes.map(b => b.top));
                   return Math.max(w / innerWidth, h / innerHeight); }"""
    )
    assert spread >= 0.6, spread
    frame = page.frame_locator(MAP).first
    credits = frame.locator(".atlas-attribution")
    assert credits.bounding_box()["height"] <= 24  # closed: one small sign
    credits.locator("summary").click()
    assert "wilayah_boundaries" in credits.inner_text()


def test_labels_never_overlap_or_leave_the_map(live_app, offline):
    """At NTT the labels had piled up and were cut at the edge ("MangManggarai…")."""
    page = _phone(offline, live_app + "/?wilayah=53.12&tingkat=kabupaten")
    frame = page.locator(MAP).first.element_handle().content_frame()
    frame.wait_for_function(
        """() => [...document.querySelectorAll('.atlas-label')]
             .filter(el => getComputedStyle(el).visibility !== 'hidden').length >= 5""",
        timeout=15_000,
    )
    boxes = frame.evaluate(
        """() => [...document.querySelectorAll('.atlas-label')]
             .filter(el => getComputedStyle(el).visibility !== 'hidden')
             .map(el => { const r = el.firstChild.getBoundingClientRect();
                          return [r.left, r.top, r.right, r.bottom]; })"""
    )
    width, height = frame.evaluate("() => [innerWidth, innerHeight]")
    assert len(boxes) >= 5  # the larger regions keep their names
    for i, (left, top, right, bottom) in enumerate(boxes):
        assert left >= 0 and top >= 0 and right <= width and bottom <= height, boxes[i]
        for other in boxes[i + 1 :]:
            apart = right <= other[0] or other[2] <= left or bottom <= other[1] or other[3] <= top
            assert apart, (boxes[i], other)


def test_after_a_tap_the_regions_panel_is_in_view(live_app, offline):
    """A tap on a regency opens its panel where the eye is (it began a screen lower, with
    no cue), its figures two per row."""
    page = _phone(offline, live_app + "/?gelombang=I-IX")
    click_region(page, -10.0, 120.5)  # inside Sumba Timur, far from its smaller neighbours
    page.locator(".st-key-panel_open").wait_for(timeout=30_000)
    wait_for_app(page)
    sheet = page.locator(".st-key-detail").bounding_box()
    assert 0 <= sheet["y"] < PHONE["height"] and sheet["y"] + sheet["height"] <= PHONE["height"] + 1
    assert "Kabupaten Sumba Timur" in page.locator(".st-key-panel_open").inner_text()
    # The regions are fitted above the sheet (they had been drawn under it).
    page.wait_for_timeout(1000)
    frame = page.locator(MAP).first.element_handle().content_frame()
    bottom = frame.evaluate(
        """() => Math.max(...[...document.querySelectorAll('path.leaflet-interactive')]
                 .map(p => p.getBoundingClientRect().bottom))"""
    )
    assert page.locator(MAP).first.bounding_box()["y"] + bottom <= sheet["y"] + 2
    cards = page.locator(".st-key-panel_open [data-testid=stMetric]").all()[:2]
    first, second = (c.bounding_box() for c in cards)
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"]  # side by side


@pytest.mark.parametrize("lang", ["id", "en"])
def test_titles_and_the_trail_fit_a_phone(live_app, offline, lang):
    """On a phone the impact page's title took three lines and its verdict the whole first
    screen; the map's breadcrumb two lines with a gap (issue #32)."""
    page = _phone(offline, live_app + "/?tingkat=kecamatan&wilayah=53.02", lang)
    crumbs = page.locator(".st-key-breadcrumb").bounding_box()
    assert crumbs["height"] < 45, crumbs  # one line
    page.goto(live_app + "/impact" + ("?lang=en" if lang == "en" else ""))
    wait_for_app(page)
    lines = page.locator("h1").first.evaluate(
        """h => { const walk = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
                  let text = walk.nextNode();
                  while (text && !text.textContent.trim()) text = walk.nextNode();
                  const range = document.createRange(); range.selectNodeContents(text);
                  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; }"""
    )
    assert lines <= 2, lines
    verdict = page.locator("h3").first.bounding_box()
    assert verdict["y"] + verdict["height"] < PHONE["height"], verdict  # whole on screen one


# In the map's frame: a point inside Sumba Timur, 7 px from Sumba Tengah and more than 14 px
# from every other region (a finger aimed at Sumba Tengah landing just beside it), in page
# pixels of the frame.
_BESIDE_SUMBA_TENGAH = """() => {
  const m = window.map, layers = {};
  m.atlasRegions.layer.eachLayer(l => { layers[l.feature.properties.code] = l; });
  const small = layers["53.17"], big = layers["53.11"], size = m.getSize();
  const others = Object.values(layers).filter(l => l !== small && l !== big);
  const far = (q, l) => l._parts.every(ring => ring.every((a, i) =>
    L.LineUtil.pointToSegmentDistance(q, ring[(i || ring.length) - 1], a) > 14));
  for (const ring of small._parts) for (const v of ring) {
    for (let a = 0; a < 16; a++) {
      const q = L.point(v.x + 7 * Math.cos(a * Math.PI / 8), v.y + 7 * Math.sin(a * Math.PI / 8));
      const c = m.layerPointToContainerPoint(q);
      if (c.x < 20 || c.y < 20 || c.x > size.x - 20 || c.y > size.y - 20) continue;
      if (big._containsPoint(q) && !small._containsPoint(q) && others.every(l => far(q, l))) {
        const r = m.getContainer().getBoundingClientRect();
        return [c.x + r.left, c.y + r.top];
      }
    }
  }
  return null;
}"""


@pytest.mark.parametrize("width", [390, 1440])
def test_a_tap_beside_a_small_region_selects_it_on_a_phone(live_app, offline, width):
    """A tap aimed at Sumba Tengah that lands just inside Sumba Timur selects Sumba Tengah
    on a phone; with a mouse on a wide screen the region under the pointer is selected."""
    from .conftest import map_ready

    page = offline.page()
    page.set_viewport_size({"width": width, "height": PHONE["height"]})
    page.goto(live_app + "/?gelombang=I-IX")
    wait_for_app(page)
    frame = map_ready(page)
    frame.evaluate("() => window.map.setView([-9.65, 119.95], 9, {animate: false})")
    page.wait_for_timeout(1000)
    x, y = frame.evaluate(_BESIDE_SUMBA_TENGAH)
    box = page.locator(MAP).first.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_function("() => location.search.includes('wilayah=53.1')", timeout=30_000)
    wait_for_app(page)
    chosen = "53.17" if width == PHONE["width"] else "53.11"  # Sumba Tengah, Sumba Timur
    assert f"wilayah={chosen}" in page.url


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_list_of_regions_is_one_tap_away(live_app, offline, lang):
    """Regions too small for a finger: on a phone the map has a button that brings the
    ranked list of its regions into view (it was a long scroll away)."""
    page = _phone(offline, live_app + "/?gelombang=I-IX", lang)
    button = page.frame_locator(MAP).first.locator(".atlas-list")
    assert button.inner_text().endswith("Daftar wilayah" if lang == "id" else "List of regions")
    ranking = page.locator(".st-key-ranking_list")
    assert ranking.bounding_box()["y"] > PHONE["height"]  # below the first screen
    button.click()
    page.wait_for_timeout(1200)  # a smooth scroll
    box = ranking.bounding_box()
    assert -2 <= box["y"] < PHONE["height"] / 2, box
