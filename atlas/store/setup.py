"""First-run setup: boundary files, schema, reference regions, demo data when empty.

Each step is reported as it ends (``on_step``) with what it did and how long it took, so the
first minutes on a new machine are never silent.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine

from atlas.core import areas, config, progress
from atlas.store import aggregates, db, demo, queries
from atlas.store.models import Facilitator, ImportRun, Region
from geo import boundaries


@dataclass
class SetupReport:
    boundaries_installed: list[str] = field(default_factory=list)
    regions_loaded: int = 0
    demo: demo.DemoReport | None = None


def load_regions(engine: Engine) -> int:
    """Add the area's regions from the installed ``regions.csv`` that the region table does
    not hold yet (all of them on a new database; another area's on one that served
    another); returns how many were added."""
    regions = boundaries.load_regions()
    with engine.begin() as conn:
        held = set(conn.execute(select(Region.code)).scalars())
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "level": r.level,
                "parent_code": r.parent_code or None,
                "kind": r.kind,
            }
            for r in regions.itertuples()
            if r.code not in held
        ]
        if rows:
            conn.execute(insert(Region), rows)
    queries.forget_regions()
    return len(rows)


def refresh_outdated_aggregates(engine: Engine, report: progress.Report = progress.silent) -> bool:
    """Rebuild the summary tables when a migration added or changed one."""
    with engine.begin() as conn:
        has_data = conn.execute(select(func.count()).select_from(Facilitator)).scalar()
        if not has_data or db.get_meta(conn, "aggregates_version") == aggregates.VERSION:
            return False
        aggregates.refresh(conn, report)
    aggregates.tidy(engine)
    return True


def regency_shapes() -> dict:
    gdf = boundaries.load_level("regency")
    return dict(zip(gdf.code, gdf.geometry))


@dataclass
class Step:
    key: str  # i18n key of what was done (setup.*)
    seconds: float
    params: dict = field(default_factory=dict)


StepReporter = Callable[[Step], None]


@contextmanager
def _timed(on_step: StepReporter | None, key: str) -> Iterator[dict]:
    """Times the block; the block fills in the params (and may change the key)."""
    params: dict = {}
    started = time.perf_counter()
    yield params
    if on_step:
        on_step(Step(params.pop("key", key), time.perf_counter() - started, params))


def run(
    engine: Engine,
    *,
    install_boundaries: bool = True,
    load_demo: bool = True,
    demo_scale: float = 1.0,
    on_step: StepReporter | None = None,
    report: progress.Report = progress.silent,
) -> SetupReport:
    """Every step of a first start, each only if needed; ``on_step`` is told each step as
    it ends, ``report`` the progress of the long ones (the demo, a summary rebuild)."""
    result = SetupReport()
    if install_boundaries:
        with _timed(on_step, "setup.boundaries_checked") as p:
            result.boundaries_installed = boundaries.install()
            p["path"] = config.geo_dir()
            if result.boundaries_installed:
                p.update(key="setup.boundaries_installed", source=config.geo_source())
    with _timed(on_step, "setup.schema") as p:
        db.check_connection(engine)
        db.upgrade(engine)
        p["url"] = engine.url.render_as_string(hide_password=True)
    with _timed(on_step, "setup.regions") as p:
        result.regions_loaded = load_regions(engine)
        if not result.regions_loaded:
            p["key"] = "setup.regions_present"
    with _timed(on_step, "setup.aggregates_current") as p:
        if refresh_outdated_aggregates(engine, report):
            p["key"] = "setup.aggregates_rebuilt"
    if load_demo:
        with _timed(on_step, "setup.demo_present") as p:
            with engine.connect() as conn:
                # Never held data: no facilitator, and no run (a removed demo leaves its run,
                # and an admin who removed it does not want it back at the next start).
                empty = not any(
                    conn.execute(select(func.count()).select_from(t)).scalar()
                    for t in (Facilitator, ImportRun)
                )
            if empty and not demo.covers(areas.current()):
                p.update(key="setup.demo_not_for_area", area=areas.current().title)
            elif empty:
                result.demo = demo.load(
                    engine, scale=demo_scale, regency_shapes=regency_shapes(), report=report
                )
                p.update(
                    key="setup.demo_loaded",
                    facilitators=result.demo.facilitators,
                    batches=result.demo.batches,
                    enterprises=result.demo.enterprises,
                )
    return result
