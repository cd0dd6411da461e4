"""Shared by the database tests: a database with a small demo dataset, and a workbook built
from rows (typed cells, as a spreadsheet program writes them)."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from sqlalchemy import and_, func, select

from atlas.store import demo
from atlas.store.models import Enterprise


@pytest.fixture
def loaded(engine):
    """``engine`` (each kind of database) with the demo data at 1 % of its size."""
    demo.load(engine, scale=0.01)
    return engine


def xlsx(header: list[str], rows: list[list[object]]) -> bytes:
    """A one-sheet workbook ("Data") with ``header`` and ``rows``, cells typed as given."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def recount(engine, start: date, end: date) -> int:
    """The graduations dated between ``start`` and ``end``, from the raw rows."""
    dated = Enterprise.graduation_date.between(start, end)
    with engine.connect() as conn:
        return conn.execute(
            select(func.count()).where(and_(Enterprise.graduated.is_(True), dated))
        ).scalar()
