"""First-run setup: boundary files, schema, reference regions, demo data when empty."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine

from atlas import aggregates, db, demo, queries
from atlas.models import Facilitator, Region
from geo import boundaries


@dataclass
class SetupReport:
    boundaries_installed: list[str] = field(default_factory=list)
    regions_loaded: int = 0
    demo: demo.DemoReport | None = None


def load_regions(engine: Engine) -> int:
    """Fill the region table from the installed ``regions.csv`` (once)."""
    with engine.begin() as conn:
        if conn.execute(select(func.count()).select_from(Region)).scalar():
            return 0
        regions = boundaries.load_regions()
        rows = [
            {"code": r.code, "name": r.name, "level": r.level,
             "parent_code": r.parent_code or None, "kind": r.kind}
            for r in regions.itertuples()
        ]
        conn.execute(insert(Region), rows)
    queries.forget_regions()
    return len(rows)


def refresh_outdated_aggregates(engine: Engine) -> bool:
    """Rebuild the summary tables when a migration added or changed one."""
    with engine.begin() as conn:
        has_data = conn.execute(select(func.count()).select_from(Facilitator)).scalar()
        if not has_data or db.get_meta(conn, "aggregates_version") == aggregates.VERSION:
            return False
        aggregates.refresh(conn)
    aggregates.tidy(engine)
    return True


def regency_shapes() -> dict:
    gdf = boundaries.load_level("regency")
    return dict(zip(gdf.code, gdf.geometry))


def run(engine: Engine, *, install_boundaries: bool = True, load_demo: bool = True,
        demo_scale: float = 1.0) -> SetupReport:
    report = SetupReport()
    if install_boundaries and not boundaries.is_installed():
        report.boundaries_installed = boundaries.install()
    db.check_connection(engine)
    db.upgrade(engine)
    report.regions_loaded = load_regions(engine)
    refresh_outdated_aggregates(engine)
    if load_demo:
        with engine.connect() as conn:
            empty = not conn.execute(select(func.count()).select_from(Facilitator)).scalar()
        if empty:
            report.demo = demo.load(engine, scale=demo_scale, regency_shapes=regency_shapes())
    return report
