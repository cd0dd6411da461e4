"""Cached access to the database and the boundaries — the only caching layer.

The engine and the boundary geometry are process-wide resources (never mutated). Query
results are cached by value and keyed on the data version stored in the database, so a
commit in any process is seen by every process on its next rerun.
"""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import pandas as pd
import streamlit as st
from sqlalchemy import Engine, select

from atlas import db, queries
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


@st.cache_data(show_spinner=False, max_entries=512)
def _figures(version: str, waves: tuple, batches: tuple, provinces: tuple, as_of: date,
             level: str) -> pd.DataFrame:
    f = Filter(waves=waves, batches=batches, provinces=provinces, as_of=as_of)
    return queries.figures(engine(), f, level)


def figures(f: Filter, level: str = "total") -> pd.DataFrame:
    return _figures(data_version(), f.waves, f.batches, f.provinces, f.as_of, level)


@st.cache_data(show_spinner=False)
def _provinces(version: str) -> dict[str, str]:
    with engine().connect() as conn:
        rows = conn.execute(select(Region.code, Region.name).where(Region.level == "province")
                            .order_by(Region.code)).all()
    return dict(rows)


def provinces() -> dict[str, str]:
    return _provinces(data_version())


@st.cache_data(show_spinner=False)
def _waves(version: str) -> pd.DataFrame:
    with engine().connect() as conn:
        rows = conn.execute(select(Wave.number, Wave.start_date, Wave.end_date)
                            .order_by(Wave.number)).all()
    return pd.DataFrame(rows, columns=["number", "start_date", "end_date"])


def waves() -> pd.DataFrame:
    return _waves(data_version())


@st.cache_data(show_spinner=False)
def _meta(version: str) -> dict[str, str]:
    with engine().connect() as conn:
        return {k: db.get_meta(conn, k) or "" for k in ("demo", "last_import_at")}


def meta() -> dict[str, str]:
    return _meta(data_version())
