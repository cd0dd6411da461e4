"""Hostile text in every free-text column of all four kinds, imported as data staff would,
then looked at in Chromium: no script runs (no dialog, no global set), the map is still
drawn, and every text shows as typed — in venue and enterprise tooltips and in the tables.

The payloads break out of each context folium puts text in: HTML text and attributes,
JavaScript strings and template literals (backtick, ``${…}``, backslash sequences),
``</script>``, Jinja, and the line terminators U+2028/U+2029.
"""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from atlas.core.access import SYSTEM
from atlas.ingest import importer
from atlas.store.db import make_engine

from .conftest import add_user, map_ready, sign_in, start_app, stop_app, wait_for_app

pytestmark = pytest.mark.browser

PAYLOADS = [
    "`;window.__pwned=1;`",
    "${window.__pwned=2}",
    "C:\\users\\new\\x41\\u{61}\\",
    "</script><script>window.__pwned=3</script>",
    "\"'><img src=x onerror=window.__pwned=4>",
    "Warung `Bu ${nama}` \\ Sleman",
    "a\u2028b\u2029c",
    "{{ 7*7 }} {% if 1 %}x{% endif %}",
]
# Inside Kabupaten Sleman (34.04), around Depok and Mlati.
SPOTS = [(-7.745 + 0.004 * i, 110.38 + 0.004 * i) for i in range(len(PAYLOADS))]


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def _files() -> list[tuple[str, bytes]]:
    ids = [f"PX{i:03d}" for i in range(len(PAYLOADS))]
    roster = _csv(
        ["id_pendamping", "nama", "jenis_kelamin", "kabupaten_kota"],
        [[i, p, "P", "Kabupaten Sleman"] for i, p in zip(ids, PAYLOADS)],
    )
    batches = _csv(
        [
            "angkatan",
            "gelombang",
            "tanggal_mulai",
            "tanggal_selesai",
            "moda",
            "tempat",
            "lintang",
            "bujur",
        ],
        [
            [901 + n, "I", "2020-02-10", "2020-02-21", "luring", p, lat, lon]
            for n, (p, (lat, lon)) in enumerate(zip(PAYLOADS, SPOTS))
        ],
    )
    participants = _csv(
        ["id_pendamping", "nama", "gelombang", "angkatan", "status"],
        [[i, p, "I", 901 + n, "lulus"] for n, (i, p) in enumerate(zip(ids, PAYLOADS))],
    )
    enterprises = _csv(
        [
            "id_usaha",
            "id_kpm",
            "nama_usaha",
            "sektor",
            "status_usaha",
            "kabupaten_kota",
            "id_pendamping",
            "lintang",
            "bujur",
        ],
        [
            [
                f"UX{n:03d}",
                f"340401010190{n:04d}",
                p,
                "kuliner",
                "berkembang",
                "Kabupaten Sleman",
                ids[n],
                lat,
                lon,
            ]
            for n, (p, (lat, lon)) in enumerate(zip(PAYLOADS, SPOTS))
        ],
    )
    return [
        ("roster.csv", roster),
        ("batches.csv", batches),
        ("participants.csv", participants),
        ("enterprises.csv", enterprises),
    ]


@pytest.fixture(scope="module")
def payload_app(_demo_sqlite_url, geo_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("payloads") / "atlas.db"
    shutil.copy(_demo_sqlite_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    for name, data in _files():
        res = importer.run(engine, data, name, dry_run=False, actor=SYSTEM)
        assert res.status == "committed", (name, [p.key for p in res.problems][:3])
    engine.dispose()
    add_user(url, "koordinator", "coordinator", province="34")
    base, proc = start_app(url, geo_dir, path.with_suffix(".log"))
    yield base
    stop_app(proc)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_payloads_in_every_kind_show_as_text_and_never_run(payload_app, offline):
    page = offline.page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, payload_app, "koordinator")  # DIY's names and points are theirs to see
    page.goto(payload_app + "/?gelombang=I&wilayah=34.04")
    wait_for_app(page)
    frame = map_ready(page)
    assert frame.locator("path.leaflet-interactive").count() >= 5  # DIY's regencies drawn

    # Every venue's tooltip (the new batches are classroom batches with coordinates).
    venues = frame.locator(".atlas-venue")
    seen = set()
    for n in range(venues.count()):
        venues.nth(n).dispatch_event("mouseover")
        seen.add(_flat(frame.locator(".leaflet-tooltip").last.inner_text()))
        venues.nth(n).dispatch_event("mouseout")
    for payload in PAYLOADS:
        assert any(_flat(payload) in text for text in seen), payload

    # Every enterprise point's tooltip.
    texts = frame.evaluate("""() => new Promise(done => {
        let group = null; window.map.eachLayer(l => { if (l.getLayers && l.zoomToShowLayer) group = l; });
        const out = []; const markers = group.getLayers();
        for (const m of markers) { const t = m.getTooltip(); const d = document.createElement('div');
            d.innerHTML = t.getContent(); out.push(d.innerText); }
        done(out);
    })""")
    for payload in PAYLOADS:
        assert any(_flat(payload) in _flat(t) for t in texts), payload

    # Facilitator names and venues in the detail tables.
    cells = page.locator(
        '[data-testid="stDataFrame"] [role="gridcell"], [data-testid="stDataFrame"] td, '
        "table.atlas-table td"
    )
    venue_cells = {_flat(c) for c in cells.all_inner_texts()}
    page.get_by_role("tab", name="Pendamping").click()
    page.wait_for_timeout(800)
    name_cells = {_flat(c) for c in cells.all_inner_texts()}
    for payload in PAYLOADS:  # venues sit in a details cell with the batch's other facts
        assert any(_flat(payload) in cell for cell in venue_cells), payload
        assert _flat(payload) in name_cells, payload

    for doc in (page, frame):
        assert doc.evaluate("() => window.__pwned === undefined")
        assert doc.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    page.wait_for_timeout(500)
    assert dialogs == []
    assert offline.blocked == []
