"""Small lists every page reads (region names, provinces, waves) and the settings it shows
(demo, public access): one statement each, cached by the caller on the data version."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from atlas.core import areas
from atlas.store import db, origin, site_settings
from atlas.store.models import Region, Wave


def region_names(source: db.Source) -> dict[str, str]:
    """Every region code with its name (provinces, regencies, districts)."""
    with db.reading(source) as conn:
        return dict(conn.execute(select(Region.code, Region.name)).all())


def provinces(source: db.Source) -> dict[str, str]:
    """The area's provinces (a database may also hold another area's regions)."""
    served = areas.current().provinces
    with db.reading(source) as conn:
        rows = conn.execute(
            select(Region.code, Region.name)
            .where(Region.level == "province", Region.code.in_(served))
            .order_by(Region.code)
        ).all()
    return dict(rows)


def waves(source: db.Source) -> pd.DataFrame:
    with db.reading(source) as conn:
        rows = conn.execute(
            select(Wave.number, Wave.start_date, Wave.end_date).order_by(Wave.number)
        ).all()
    return pd.DataFrame(rows, columns=["number", "start_date", "end_date"])


def page_meta(source: db.Source) -> dict[str, str]:
    """The settings every page reads, and "demo_rows" ("1" while the figures include the
    demo's rows: ``atlas.store.origin``)."""
    with db.reading(source) as conn:
        values = {
            k: db.get_meta(conn, k) or ""
            for k in ("demo", "demo_effect", "last_import_at", site_settings.PUBLIC_KEY)
        }
        return values | {"demo_rows": "1" if origin.demo_rows(conn) else ""}
