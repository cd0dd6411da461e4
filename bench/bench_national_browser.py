"""The country's map in Chromium (#34): the first visit and a click at the regency level,
where all 514 regencies are drawn, against Yogyakarta's map (119 regencies) served from the
same database, side by side in one run.

    .venv/bin/python -m bench.bench_national_browser [--enterprises 10000000] [--repeat 2]

Both are the current checkout, on the country's dataset (``bench.datasets``, built once),
unthrottled and at 1 Mbit/s with 150 ms round trips; times and bytes are measured as in
``bench.bench_browser`` (from the committing input to the last change of a settled page;
HTTP bytes as encoded, websocket frames as sent). Targets (#34): a click settles in ≤ 0,5 s
and sends ≤ 100 KB; a first visit downloads ≤ 1,5 MB of boundaries.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from statistics import median

from bench.bench_browser import (
    COMMIT,
    OBSERVER,
    PROFILES,
    ROOT,
    Meter,
    _click,
    _settle,
    screen_point,
)
from bench.bench_browser import serve as serve_checkout
from bench.datasets import dataset
from bench.results import record

AREAS = ("nasional", "yogyakarta")


# Banyuwangi: a regency large enough to hit on the whole country's map at its first zoom
# (Sleman is a few pixels there), in both deployments.
REGENCY = "35.10"


def _interactions():
    return [
        ("click on a regency (Banyuwangi)", _click_regency),
        (
            "its districts",
            lambda page: _click(page, page.get_by_role("button", name="Lihat per kecamatan")),
        ),
        (
            "breadcrumb back",
            lambda page: _click(page, page.get_by_role("button", name="› Jawa Timur")),
        ),
    ]


def _point():
    from geo import boundaries

    if not hasattr(_point, "p"):
        regencies = boundaries.load_level("regency").set_index("code")
        _point.p = regencies.geometry[REGENCY].representative_point()
    return _point.p


def _click_regency(page) -> None:
    x, y = screen_point(page, _point())
    page.evaluate(COMMIT)
    page.mouse.click(x, y)


def _boundary_bytes(meter: Meter) -> int:
    return sum(size for size, url in meter.sizes if "/_atlas/geo/" in url)


def _run(base: str, browser, profile: str) -> list[tuple[str, float, int, int]]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(OBSERVER)
    page = context.new_page()
    meter = Meter(page)
    meter.throttle(PROFILES[profile])
    start = time.time() * 1000
    page.goto(base + "/?tingkat=kabupaten", timeout=300_000)
    rows = [("first visit (regencies)", _settle(page, start), meter.http, meter.ws)]
    rows.append(("  of which boundaries", 0.0, _boundary_bytes(meter), 0))
    _point()  # read before any timing
    for name, act in _interactions():
        meter.reset()
        try:
            act(page)
        except Exception:
            page.screenshot(path=str(ROOT / "bench" / "out" / "failed-national.png"))
            raise
        page.mouse.move(5, 5)
        rows.append(
            (name, _settle(page, page.evaluate("() => window.__commit")), meter.http, meter.ws)
        )
    context.close()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--enterprises", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    url = dataset("sqlite", args.enterprises, "nasional")
    servers = {}
    try:
        for area in AREAS:
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "ATLAS_AREA": area,
                "ATLAS_PUBLIC_ACCESS": "yes",
            }
            env.pop("ATLAS_ENV", None)
            servers[area] = serve_checkout(ROOT, env)
        results: dict[tuple[str, str, str], list] = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium"
            )
            for _ in range(args.repeat):
                for profile in PROFILES:
                    for area in AREAS:  # alternated: drift in the machine hits both
                        for name, s, http, ws in _run(servers[area][1], browser, profile):
                            print(
                                f"{area:10} {profile:16} {name:26} {s:6.2f} s {http:9d} + {ws:8d} B"
                            )
                            results.setdefault((profile, name, area), []).append((s, http, ws))
            browser.close()
    finally:
        for proc, _ in servers.values():
            proc.terminate()
    record(_table(results, args))


def _table(results, args) -> str:
    title = (
        f"\n## The country's map in Chromium, nasional against yogyakarta "
        f"({time.strftime('%Y-%m-%d %H:%M')}, median of {args.repeat}, 1440×900, "
        f"{args.enterprises:,} enterprises, SQLite, one database)\n"
    )
    lines = [
        title,
        "| profile | interaction | nasional s | yogyakarta s | nasional KB | yogyakarta KB |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for profile, name in dict.fromkeys((p, n) for p, n, _ in results):
        a, b = (results[(profile, name, area)] for area in AREAS)
        secs = [median(r[0] for r in x) for x in (a, b)]
        kb = [median(r[1] + r[2] for r in x) / 1024 for x in (a, b)]
        lines.append(
            f"| {profile} | {name} | {secs[0]:.2f} | {secs[1]:.2f} | {kb[0]:,.0f} | {kb[1]:,.0f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
