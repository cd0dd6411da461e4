"""Cached access to the database and the boundaries — the only caching layer.

The engine and the boundary geometry are process-wide resources (never mutated). Query
results are cached by value and keyed on the data version stored in the database, so a
commit in any process is seen by every process on its next rerun.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st
from sqlalchemy import Engine, select

from atlas import db, detail, queries, site_settings
from atlas.access import ANONYMOUS, Principal
from atlas.filters import Filter
from atlas.models import Region, Wave
from geo import boundaries


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    return db.make_engine()


def data_version() -> str:
    return db.data_version(engine())


@st.cache_resource(show_spinner=False)
def level_geometry(level: str) -> gpd.GeoDataFrame:
    """Boundaries of one level, loaded once per process. Callers must not mutate it."""
    return boundaries.load_level(level)


def _key(f: Filter) -> tuple:
    """The filter as plain hashable values (the cache key)."""
    return (f.waves, f.batches, f.provinces, f.as_of, f.sectors, f.statuses)


def _unkey(key: tuple) -> Filter:
    waves, batches, provinces, as_of, sectors, statuses = key
    return Filter(
        waves=waves,
        batches=batches,
        provinces=provinces,
        as_of=as_of,
        sectors=sectors,
        statuses=statuses,
    )


@st.cache_data(show_spinner=False, max_entries=512)
def _figures(
    version: str, key: tuple, level: str, within: str | None, with_median: bool
) -> pd.DataFrame:
    return queries.figures(engine(), _unkey(key), level, within, with_median=with_median)


def figures(
    f: Filter, level: str = "total", within: str | None = None, with_median: bool = False
) -> pd.DataFrame:
    return _figures(data_version(), _key(f), level, within, with_median)


@st.cache_data(show_spinner=False, max_entries=64)
def _emptied_by(version: str, key: tuple) -> tuple[str, ...]:
    return queries.emptied_by(engine(), _unkey(key))


def emptied_by(f: Filter) -> tuple[str, ...]:
    """The filter dimensions that empty an empty selection (see ``queries``)."""
    return _emptied_by(data_version(), _key(f))


@st.cache_data(show_spinner=False, max_entries=256)
def _without_district(version: str, key: tuple, regency: str) -> dict[str, int]:
    return queries.without_district(engine(), _unkey(key), regency)


def without_district(f: Filter, regency: str) -> dict[str, int]:
    """The regency's enterprise figures that have no district (see ``queries``)."""
    return _without_district(data_version(), _key(f), regency)


@st.cache_data(show_spinner=False, max_entries=256)
def _detail(version: str, what: str, key: tuple, code: str, extra: str, who: Principal) -> object:
    f = _unkey(key)
    e = engine()
    if what == "batches":
        return detail.batches(e, f, code)
    if what == "waves":
        return detail.waves(e, f, code)
    if what == "enterprises_by":
        return detail.enterprises_by(e, f, code, extra)
    if what == "facilitators":
        return detail.facilitators(e, f, code, who)
    if what == "points":
        return detail.enterprise_points(e, f, code, who)
    if what == "venues":
        return detail.venues(e, f)
    raise ValueError(what)


def region_detail(
    what: str, f: Filter, code: str = "", extra: str = "", who: Principal = ANONYMOUS
) -> object:
    """``who`` is part of the cache key: what a query returns may depend on it."""
    return _detail(data_version(), what, _key(f), code, extra, who)


@st.cache_data(show_spinner=False)
def _region_names(version: str) -> dict[str, str]:
    with engine().connect() as conn:
        return dict(conn.execute(select(Region.code, Region.name)).all())


def region_names() -> dict[str, str]:
    """Every region code with its name (provinces, regencies, districts)."""
    return _region_names(data_version())


@st.cache_data(show_spinner=False)
def _provinces(version: str) -> dict[str, str]:
    with engine().connect() as conn:
        rows = conn.execute(
            select(Region.code, Region.name).where(Region.level == "province").order_by(Region.code)
        ).all()
    return dict(rows)


def provinces() -> dict[str, str]:
    return _provinces(data_version())


@st.cache_data(show_spinner=False)
def _waves(version: str) -> pd.DataFrame:
    with engine().connect() as conn:
        rows = conn.execute(
            select(Wave.number, Wave.start_date, Wave.end_date).order_by(Wave.number)
        ).all()
    return pd.DataFrame(rows, columns=["number", "start_date", "end_date"])


def waves() -> pd.DataFrame:
    return _waves(data_version())


@st.cache_data(show_spinner=False)
def _meta(version: str) -> dict[str, str]:
    with engine().connect() as conn:
        return {
            k: db.get_meta(conn, k) or ""
            for k in ("demo", "last_import_at", site_settings.PUBLIC_KEY)
        }


def meta() -> dict[str, str]:
    return _meta(data_version())


@st.cache_data(show_spinner=False, max_entries=32)
def _report(version: str, key: tuple, lang: str):
    from atlas import reports

    return reports.build(engine(), _unkey(key), lang)


def report(f: Filter, lang: str):
    """The briefing content (figures, narrative, map picture, charts) for a filter."""
    return _report(data_version(), _key(f), lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _exports(version: str, key: tuple, lang: str) -> tuple[bytes, bytes]:
    from atlas import export_pdf, export_pptx

    r = _report(version, key, lang)
    return export_pdf.render(r), export_pptx.render(r)


def exports(f: Filter, lang: str) -> tuple[bytes, bytes]:
    """(PDF, PowerPoint) of the briefing for a filter."""
    return _exports(data_version(), _key(f), lang)


@st.cache_data(show_spinner=False)
def _template(version: str, kind: str) -> bytes:
    from atlas.ingest import templates

    return templates.build(kind, boundaries.load_regions())


def template(kind: str) -> bytes:
    """The xlsx template of one upload kind (regency dropdowns from the installed list)."""
    return _template(data_version(), kind)


def default_as_of():
    from atlas import config

    return config.default_as_of()
