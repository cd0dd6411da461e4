"""The map in Chromium: time from a user's action to a settled map, and the bytes sent to the
browser for it, for two versions side by side in one run (issue #13's baseline is b3ca269).

    .venv/bin/python -m bench.bench_browser [--baseline b3ca269] [--repeat 2]

Each version runs from its own checkout (the baseline from a git worktree under bench/out)
on its own SQLite database with the demo data, served by Streamlit on a free port, with the
same boundary shapes (the baseline gets today's files, unzipped, with its checksum list
rewritten to match). No request leaves the machine.

Method, per interaction, in a fresh browser for each version and network profile:

* time: from the action's committing input (the key press or click that changes the view;
  typing a wave's name into a list before it is the user's time, not the app's) to the last
  change of the page or the map's frame (a MutationObserver in every frame), once the page
  has rerun since, the script has finished, no element is stale, the map has its regions,
  and nothing has changed for 0,6 s (not counted);
* bytes: what reached the browser over HTTP (encoded sizes, from Chrome's DevTools
  protocol) and over the websocket (frame payloads), from the action until settled;
* profiles: unthrottled, and 1 Mbit/s with 150 ms round trips (Chrome's network emulation,
  which also applies to websockets).

The observer watches every frame's document once it has loaded (a frame keeps the window of
its first, empty document, where Playwright's init script ran), and the pointer is moved to
a corner after each action (a tooltip under a resting pointer is not the app's answer).
Not counted as changes: those inside the page's screen-reader announcer (a list clears what
it announced a second after it closes), and those in a map frame that is not on screen (the
current version's second map waiting off-screen; its work still delays the shown map's).
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.results import record
from tools.net import free_port

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
QUIET = 0.6  # s without any change before a view counts as settled (not counted in the time)
PROFILES = {
    "unthrottled": None,
    "1 Mbit/s 150 ms": {
        "offline": False,
        "latency": 150,
        "downloadThroughput": 1_000_000 / 8,
        "uploadThroughput": 1_000_000 / 8,
    },
}
OBSERVER = """
window.__lastChange = Date.now();
window.__ran = 0;
const watch = (doc) => {
    if (!doc || doc.__watched) return;
    doc.__watched = true;
    new MutationObserver((records) => {
        // What a screen reader is told ("9 options available") sits in a region no one sees,
        // and a list announces and then clears it a second after it closes: not the app.
        const seen = records.filter(r => !(r.target.closest
            ? r.target : r.target.parentElement)?.closest?.('[data-live-announcer]'));
        if (seen.length) window.__lastChange = Date.now();
        // A run seen while it runs, or afterwards in the records (a fast run can start and
        // end between two calls of this observer).
        const ran = records.some(r => r.attributeName === 'data-test-script-state'
            && (r.oldValue === 'running' || r.target.getAttribute(r.attributeName) === 'running'));
        if (ran || doc.querySelector('[data-test-script-state="running"]')) window.__ran = Date.now();
    }).observe(doc, {subtree: true, childList: true, attributes: true, characterData: true,
                     attributeOldValue: true});
};
watch(document);
// A frame's first document is about:blank; when the frame then loads its page, the browser
// keeps the same window for the new document (HTML's "initial about:blank" rule) and this
// script does not run again: the observer above would watch the old, empty document (a map
// frame's changes went unseen). Watch the document that is there once it has loaded.
window.addEventListener('DOMContentLoaded', () => { window.__lastChange = Date.now(); watch(document); }, true);
window.addEventListener('load', () => watch(document), true);
// A run whose messages arrive in one burst may never show "running" in the page (React draws
// the end state at once): a message from the server after the action counts as a run too.
(() => {
    const Socket = window.WebSocket;
    window.WebSocket = function (...args) {
        const socket = new Socket(...args);
        socket.addEventListener('message', () => { window.__ran = Date.now(); });
        return socket;
    };
    window.WebSocket.prototype = Socket.prototype;
    Object.assign(window.WebSocket, Socket);
})();
"""
COMMIT = "() => { window.__commit = Date.now(); }"  # the action's committing input starts now
MAP = 'iframe[title="streamlit_folium.st_folium"]'


@dataclass
class Version:
    name: str
    checkout: Path
    env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen | None = None
    url: str = ""


def _baseline(commit: str) -> Version:
    """A worktree of ``commit`` with today's boundary shapes in its own file layout."""
    tree = OUT / f"worktree-{commit}"
    if not tree.exists():
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), commit], cwd=ROOT, check=True
        )
    source = OUT / f"geo-{commit}"
    source.mkdir(parents=True, exist_ok=True)
    lines = []
    for name in ("provinces.geojson", "regencies.geojson", "districts.geojson", "regions.csv"):
        shipped = ROOT / "geo" / "data" / (name + ".gz" if name.endswith(".geojson") else name)
        data = (
            gzip.decompress(shipped.read_bytes())
            if shipped.suffix == ".gz"
            else shipped.read_bytes()
        )
        (source / name).write_bytes(data)
        lines.append(f"{hashlib.sha256(data).hexdigest()}  {name}")
    (tree / "geo" / "checksums.sha256").write_text("\n".join(lines) + "\n")
    return Version(
        commit,
        tree,
        {"ATLAS_GEO_SOURCE": str(source), "ATLAS_GEO_DIR": str(OUT / f"geo-installed-{commit}")},
    )


def serve(checkout: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """``streamlit run`` the version in ``checkout`` on a free port; returns once it listens."""
    port = free_port()
    # Versions before 2026-12-07 were served by serve.py; since then app.py is the entry.
    entry = "serve.py" if (checkout / "serve.py").exists() else "app.py"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            entry,
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
        ],
        cwd=checkout,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"{checkout} did not start")


def setup(checkout: Path, env: dict[str, str]) -> None:
    """``python -m atlas setup`` of that version (boundaries, schema, demo data)."""
    subprocess.run(
        [sys.executable, "-m", "atlas", "setup"],
        cwd=checkout,
        env=env,
        check=True,
        capture_output=True,
    )


def _start(v: Version) -> None:
    db = OUT / f"browser-{v.name}.db"
    db.unlink(missing_ok=True)
    env = {**os.environ, **v.env, "DATABASE_URL": f"sqlite:///{db}", "ATLAS_PUBLIC_ACCESS": "yes"}
    env.pop("ATLAS_ENV", None)
    setup(v.checkout, env)
    v.proc, v.url = serve(v.checkout, env)


class Meter:
    """Bytes that reach the browser, from Chrome's DevTools protocol."""

    def __init__(self, page) -> None:
        self.http = 0
        self.ws = 0
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.on("Network.loadingFinished", self._http)
        self.cdp.on("Network.responseReceived", self._url)
        self.urls: dict[str, str] = {}
        self.sizes: list[tuple[int, str]] = []
        self.cdp.on("Network.webSocketFrameReceived", self._ws)
        self.cdp.on("Network.requestWillBeSent", self._sent)

    def _sent(self, event) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _url(self, event) -> None:
        self.urls[event["requestId"]] = event["response"]["url"]

    def _http(self, event) -> None:
        size = int(event.get("encodedDataLength") or 0)
        self.http += size
        self.sizes.append((size, self.urls.get(event["requestId"], "?")))

    def _ws(self, event) -> None:
        response = event["response"]
        data = response.get("payloadData", "")
        self.ws += (
            len(base64.b64decode(data)) if response.get("opcode") == 2 else len(data.encode())
        )

    def reset(self) -> None:
        self.http = self.ws = 0
        self.sizes = []

    def throttle(self, profile: dict | None) -> None:
        if profile:
            self.cdp.send("Network.emulateNetworkConditions", profile)


def _shown(page):
    """The map frames on screen (the current version keeps a second one waiting hidden for a
    comparison)."""
    return [h.content_frame() for h in page.locator(MAP).element_handles() if h.is_visible()]


def _settle(page, start: float, timeout: float = 60) -> float:
    """Seconds from ``start`` (ms since the epoch) to the last change, once settled (and
    the page has rerun since ``start``)."""
    from playwright.sync_api import Error

    deadline = time.time() + timeout
    while time.time() < deadline:
        time.sleep(0.1)
        try:
            if page.evaluate("() => window.__ran") < start:
                continue
            idle = page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')
            if not idle.count() or page.locator('[data-stale="true"]').count():
                continue
            maps = _shown(page)
            paths = "() => document.querySelectorAll('path.leaflet-interactive').length"
            if not maps or not all(f.evaluate(paths) for f in maps):
                continue
            shown = [page.main_frame, *maps]  # a map frame off-screen is not what the user sees
            last = max(f.evaluate("() => window.__lastChange || 0") for f in shown)
            now = page.evaluate("() => Date.now()")
        except Error:  # a map frame replaced while it was read: not settled yet
            continue
        if now - last >= QUIET * 1000:
            return (last - start) / 1000
    ran = page.evaluate("() => window.__ran")
    raise TimeoutError(f"the map did not settle (rerun at {ran}, action at {start})")


def _sleman_point():
    """Inside Sleman (read once, before any timing: reading the boundaries takes a while)."""
    from geo import boundaries

    if not hasattr(_sleman_point, "p"):
        regencies = boundaries.load_level("regency").set_index("code")
        _sleman_point.p = regencies.geometry["34.04"].representative_point()
    return _sleman_point.p


def _sleman(page) -> tuple[float, float]:
    return screen_point(page, _sleman_point())


def screen_point(page, p) -> tuple[float, float]:
    """Where the point ``p`` (lon, lat) is on the page, on the map on screen."""
    page.locator(MAP).first.scroll_into_view_if_needed()
    frame = _shown(page)[0]
    x, y = frame.evaluate(
        """([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);
           const r = window.map.getContainer().getBoundingClientRect();
           return [p.x + r.left, p.y + r.top]; }""",
        [p.y, p.x],
    )
    box = page.locator(MAP).first.bounding_box()
    return box["x"] + x, box["y"] + y


def _input(page, label: str):
    widgets = page.locator('[data-testid="stMultiSelect"], [data-testid="stSelectbox"]')
    name = page.locator("label", has_text=re.compile(f"^{re.escape(label)}$"))
    box = widgets.filter(has=name).first.locator("input")
    box.scroll_into_view_if_needed()
    return box


def _pick(page, label: str, typed: str) -> None:
    """Choose an option of a multiselect or selectbox by typing into it."""
    _input(page, label).click()
    page.keyboard.type(typed)
    page.evaluate(COMMIT)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def _click(page, locator) -> None:
    locator.scroll_into_view_if_needed()
    page.evaluate(COMMIT)
    locator.click()


def _click_sleman(page) -> None:
    x, y = _sleman(page)
    page.evaluate(COMMIT)
    page.mouse.click(x, y)


def _interactions(v: Version):
    """(name, action) in the order a coordinator would do them; each version through its
    own controls (the comparison moved from a text field to a wave list)."""
    new = any((v.checkout / entry).exists() for entry in ("serve.py", "home.py"))

    def compare_on(page):
        if new:
            page.get_by_role("button", name="Legenda & banding").click()
            _pick(page, "Bandingkan dengan gelombang", "I ·")
            page.keyboard.press("Escape")
        else:
            page.get_by_text("Legenda · Bandingkan dengan gelombang").click()
            field_ = page.get_by_role("textbox", name="Bandingkan dengan gelombang")
            field_.fill("I")
            page.evaluate(COMMIT)
            field_.press("Enter")

    def compare_off(page):
        if new:
            page.get_by_role("button", name="Legenda & banding").click()
            _input(page, "Bandingkan dengan gelombang").click()
            page.evaluate(COMMIT)
            page.keyboard.press("Backspace")
            page.keyboard.press("Escape")
            page.keyboard.press("Escape")
        else:
            field_ = page.get_by_role("textbox", name="Bandingkan dengan gelombang")
            field_.fill("")
            page.evaluate(COMMIT)
            field_.press("Enter")

    return [
        ("wave filter (IX)", lambda page: _pick(page, "Gelombang", "IX")),
        ("click on Sleman", _click_sleman),
        (
            "districts of Sleman",
            lambda page: _click(page, page.get_by_role("button", name="Lihat per kecamatan")),
        ),
        (
            "breadcrumb back",
            lambda page: _click(page, page.get_by_role("button", name="› DI Yogyakarta")),
        ),
        (
            "metric: in training",
            lambda page: _pick(page, "Tampilkan di peta", "Sedang diklat"),
        ),
        ("comparison on", compare_on),
        ("comparison off", compare_off),
    ]


def _run(v: Version, browser, profile: str) -> list[tuple[str, float, int, int]]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(OBSERVER)
    page = context.new_page()
    # Not blocked by routing (Playwright turns the HTTP cache off when it routes requests, and
    # the cache is what this measures); counted, and the run refused, if anything leaves.
    outside = []
    page.on(
        "request",
        lambda r: None if r.url.startswith((v.url, "data:", "blob:")) else outside.append(r.url),
    )
    meter = Meter(page)
    meter.throttle(PROFILES[profile])
    rows = []
    start = page.evaluate("() => Date.now()") if page.url != "about:blank" else time.time() * 1000
    page.goto(v.url + "/", timeout=300_000)
    rows.append(("first load", _settle(page, start), meter.http, meter.ws))
    _sleman_point()
    for name, act in _interactions(v):
        meter.reset()
        try:
            act(page)
            # The pointer rests where the action left it; once the layout changes, a help
            # icon can slide under it and show its tooltip half a second later, which is not
            # the app answering. Moved out of the way (at once, so inside the timed span).
            page.mouse.move(5, 5)
            start = page.evaluate("() => window.__commit")
            seconds = _settle(page, start)
        except Exception:
            page.screenshot(path=str(OUT / f"failed-{v.name}.png"))
            print(f"{v.name}, {profile}: {name} failed at {page.url}", file=sys.stderr)
            raise
        print(
            f"{v.name:8} {profile:18} {name:22} {seconds:6.2f} s {meter.http:9d} + {meter.ws:9d} B"
        )
        if os.environ.get("BENCH_VERBOSE"):
            for size, url in sorted(meter.sizes, reverse=True)[:4]:
                print(f"    {size:9d} {url[-90:]}")
        rows.append((name, seconds, meter.http, meter.ws))
    context.close()
    if outside:
        raise RuntimeError(f"{v.name} reached outside the machine: {outside[:3]}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", default="b3ca269")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    versions = [_baseline(args.baseline), Version("current", ROOT)]
    try:
        for v in versions:
            _start(v)
        results: dict[tuple[str, str, str], list[tuple[float, int, int]]] = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium"
            )
            for _ in range(args.repeat):
                for profile in os.environ.get("BENCH_PROFILES", "|".join(PROFILES)).split("|"):
                    for v in versions:  # alternated, so that drift in the machine hits both
                        for name, s, http, ws in _run(v, browser, profile):
                            results.setdefault((profile, name, v.name), []).append((s, http, ws))
            browser.close()
    finally:
        for v in versions:
            if v.proc:
                v.proc.terminate()
    record(_table(results, [v.name for v in versions], args.repeat))


def _table(results, names: list[str], repeat: int) -> str:
    from statistics import median

    title = (
        f"\n## Map in Chromium, {names[0]} against {names[1]} "
        f"({time.strftime('%Y-%m-%d %H:%M')}, median of {repeat}, 1440×900, demo data, SQLite)\n"
    )
    head = f"| profile | interaction | {names[0]} s | {names[1]} s | ratio | {names[0]} KB"
    lines = [
        title,
        head + f" | {names[1]} KB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    keys = sorted({(p, n) for p, n, _ in results}, key=lambda k: (list(PROFILES).index(k[0]),))
    order = ["first load"] + [n for n, _ in _interactions(Version("x", ROOT))]
    keys.sort(key=lambda k: (list(PROFILES).index(k[0]), order.index(k[1])))
    for profile, name in keys:
        a, b = (results[(profile, name, v)] for v in names)
        sa, sb = median(r[0] for r in a), median(r[0] for r in b)
        ka = median((r[1] + r[2]) / 1024 for r in a)
        kb = median((r[1] + r[2]) / 1024 for r in b)
        lines.append(
            f"| {profile} | {name} | {sa:.2f} | {sb:.2f} | {sb / sa:.2f} | {ka:.0f} | {kb:.0f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
