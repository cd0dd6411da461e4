"""The demo is deterministic: loading it twice gives the same rows."""

import hashlib

from sqlalchemy import select

from atlas.store import demo
from atlas.store.models import Enterprise, Facilitator, Training


def _digest(engine):
    h = hashlib.sha256()
    with engine.connect() as conn:
        for stmt in (
            select(Facilitator.official_id, Facilitator.name, Facilitator.regency_code).order_by(
                Facilitator.id
            ),
            select(Training.facilitator_id, Training.batch_id, Training.status).order_by(
                Training.id
            ),
            select(
                Enterprise.enterprise_code,
                Enterprise.kpm_hash,
                Enterprise.sector,
                Enterprise.status,
                Enterprise.monthly_turnover,
            ).order_by(Enterprise.id),
        ):
            for row in conn.execute(stmt):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def test_two_loads_are_identical(engine):
    if engine.dialect.name != "sqlite":
        return  # one engine is enough for determinism; figures are checked on both
    demo.load(engine, scale=0.02)
    first = _digest(engine)
    demo.load(engine, scale=0.02)
    assert _digest(engine) == first
