"""The training-impact page's computation, cold (a new process: the statistics libraries
imported, nothing cached), stage by stage.

    .venv/bin/python -m bench.bench_impact [--url DATABASE_URL]
    .venv/bin/python -m bench.bench_impact --engine sqlite --enterprises 5000000

Stages: importing lifelines and differences; the histories (the selection's cells: from
the ``agg_history`` summary, or counted from the raw table for a sector, status or district);
the facilitator-month panel; the Kaplan–Meier curves; the event study (Callaway &
Sant'Anna). Then, in the same process, what a visitor waits for on a running server (which
imports the statistics libraries when it starts, ``server.warm_imports``) with nothing
cached: the whole ``impact.build`` and the page's screen model (texts and charts), for all
enterprises and for other selections — a province, some waves, a sector (raw table).
Appends a block to bench/RESULTS.md.

With ``--browser``: the same database served (``app.py``, public access), and in Chromium
the seconds from asking for ``/impact`` (a new page load, nothing cached on the server, its
imports warmed at start) until the page is drawn (script idle, no skeleton, its charts or
its "too thin" notes shown), for the same selections.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import datetime

import sqlalchemy

from atlas.core.filters import Filter, parse_provinces, parse_waves
from bench.results import record


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=None, help="a database (default: DATABASE_URL or the demo)")
    ap.add_argument(
        "--engine", choices=["sqlite", "postgresql"], help="with --enterprises: a built dataset"
    )
    ap.add_argument("--enterprises", type=int, default=0, help="use bench/datasets of this size")
    ap.add_argument("--browser", action="store_true", help="time /impact in Chromium too")
    ap.add_argument("--area", default="yogyakarta", help="the dataset's working area")
    args = ap.parse_args()
    url = args.url
    os.environ["ATLAS_AREA"] = args.area
    if args.enterprises:
        from bench.datasets import dataset

        url = dataset(args.engine or "sqlite", args.enterprises, args.area)
    engine, stages, cold, est, counts = _cold_stages(url)
    block = _block(engine, stages, cold, est, counts, _page_times(engine))
    if args.browser:
        block += (
            "\nIn Chromium, a new load of `/impact` on a server started for this run (imports"
            " warmed, nothing cached) until the page is drawn:\n\n| selection | s |\n| --- | ---: |\n"
            + "\n".join(f"| {label} | {s:,.2f} |" for label, s in browser_times(url))
            + "\n"
        )
    record(block)


def _cold_stages(url: str | None):
    """The impact computation in a new process, stage by stage (the imports first)."""
    stages: list[tuple[str, float]] = []
    start = time.perf_counter()
    import differences  # noqa: F401  (timed: the page pays it once per process)
    import lifelines  # noqa: F401

    stages.append(("import lifelines, differences", time.perf_counter() - start))

    from atlas.analysis import impact
    from atlas.store import db
    from atlas.store.models import Enterprise, Facilitator

    engine = db.make_engine(url)
    with engine.connect() as conn:
        n_ent = conn.execute(sqlalchemy.select(sqlalchemy.func.count()).select_from(Enterprise))
        n_ent = n_ent.scalar()
        n_fac = conn.execute(sqlalchemy.select(sqlalchemy.func.count()).select_from(Facilitator))
        n_fac = n_fac.scalar()
    f = Filter()
    t = time.perf_counter()
    h = impact.histories(engine, f)
    stages.append((f"histories ({len(h.rows):,} counted rows)", time.perf_counter() - t))
    t = time.perf_counter()
    p = impact.panel(h)
    stages.append((f"panel ({len(p):,} facilitator-months)", time.perf_counter() - t))
    t = time.perf_counter()
    impact.survival(h)
    stages.append(("Kaplan–Meier curves", time.perf_counter() - t))
    t = time.perf_counter()
    _, est, _ = impact.event_study(p)
    stages.append(("event study", time.perf_counter() - t))
    cold = time.perf_counter() - start
    return engine, stages, cold, est, (n_fac, n_ent)


def _page_times(engine) -> list[tuple[str, int, float, float]]:
    """Each selection's build and screen model, the imports warm and nothing cached."""
    from atlas.analysis import impact
    from atlas.screens import impact_screen

    page = []
    for label, selection in [
        (label, Filter(provinces=p, waves=w, sectors=sectors))
        for label, p, w, sectors, _ in SELECTIONS
    ]:
        t = time.perf_counter()
        estimates = impact.build(engine, selection)
        built = time.perf_counter() - t
        t = time.perf_counter()
        impact_screen.from_impact(estimates, "id", False, None)
        page.append((label, estimates.kpm, built, time.perf_counter() - t))
    return page


def _block(engine, stages, cold: float, est, counts: tuple[int, int], page) -> str:
    n_fac, n_ent = counts
    f_as_of = Filter().as_of
    rows = "\n".join(f"| {name} | {s:,.2f} |" for name, s in stages)
    page_rows = "\n".join(
        f"| {label} | {kpm:,} | {b:,.2f} | {m:,.2f} | **{b + m:,.2f}** |"
        for label, kpm, b, m in page
    )
    effect = "—" if est is None else f"{est.pp_per_month:.3f} [{est.lower:.3f}, {est.upper:.3f}]"
    block = (
        f"\n## bench_impact — {datetime.now():%Y-%m-%d %H:%M}\n\n"
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}\n"
        f"- database: {engine.dialect.name}, {n_fac:,} facilitators, {n_ent:,} enterprises;"
        f" all of them (no filter), as of {f_as_of}; effect {effect} pp per month\n\n"
        "| stage (cold, a new process) | s |\n| --- | ---: |\n"
        f"{rows}\n| **cold total** | **{cold:,.2f}** |\n\n"
        "Then with the imports warm and nothing cached (a running server's first view):\n\n"
        "| selection | KPM | impact.build, s | screen model (texts, charts), s | page, s |\n"
        "| --- | ---: | ---: | ---: | ---: |\n"
        f"{page_rows}\n"
    )
    return block


# (label, provinces, waves, sectors, the page's query string)
SELECTIONS = [
    ("all enterprises", (), (), (), ""),
    ("NTT (province 53)", parse_provinces("53"), (), (), "provinsi=53"),
    ("waves I–IV", (), parse_waves("I-IV"), (), "gelombang=I-IV"),
    ("sector kuliner (raw table)", (), (), ("kuliner",), "sektor=kuliner"),
]


def browser_times(url: str) -> list[tuple[str, float]]:
    import shutil

    from playwright.sync_api import sync_playwright

    from bench.bench_browser import ROOT, serve

    env = {**os.environ, "DATABASE_URL": url, "ATLAS_PUBLIC_ACCESS": "yes"}
    proc, base = serve(ROOT, env)
    out = []
    try:
        time.sleep(10)  # the statistics libraries, imported in the background at start
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"))
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            # Streamlit's own scripts into the browser's cache first: the time below is the
            # page's, not a first visit's download.
            page.goto(base + "/signin")
            page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
            for label, *_, query in SELECTIONS:
                start = time.perf_counter()
                page.goto(f"{base}/impact?{query}&lang=id")
                ready = (
                    '[data-testid="stApp"][data-test-script-state="notRunning"] '
                    '[data-testid="stMetric"]'
                )
                page.locator(ready).first.wait_for(timeout=120_000)
                page.wait_for_function(
                    "() => !document.querySelector('[data-testid=stSkeleton]')"
                    " && document.querySelectorAll('[data-testid=stImage] img').length >= 3",
                    timeout=120_000,
                )
                out.append((label, time.perf_counter() - start))
            browser.close()
    finally:
        proc.terminate()
    return out


if __name__ == "__main__":
    main()
