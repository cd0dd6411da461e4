"""The training plan of a selection: its waves (participants by state, batches held, dates,
provinces) and its size (batches and waves), from the training summary."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import case, func, select

from atlas.core.filters import Filter
from atlas.store import conditions, db
from atlas.store.models import AggTraining, Batch, Wave
from atlas.store.queries import training_state_sums


def by_wave(source: db.Source, f: Filter) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per wave of the selection: participants by state, batches and batches held, first
    start and last end; the (wave_number, province) pairs it reaches), in wave order."""
    t = AggTraining
    where = [*conditions.training(f), t.participants > 0]
    stmt = (
        select(
            t.wave_number,
            *training_state_sums(t, f.as_of),
            func.count(func.distinct(t.batch_id)).label("batches"),
            func.count(func.distinct(case((t.end_date < f.as_of, t.batch_id)))).label(
                "batches_done"
            ),
            func.min(t.start_date).label("start_date"),
            func.max(t.end_date).label("end_date"),
        )
        .where(*where)
        .group_by(t.wave_number)
        .order_by(t.wave_number)
    )
    reached = select(t.wave_number, t.province_code).where(*where).distinct()
    with db.reading(source) as conn:
        waves = pd.DataFrame(conn.execute(stmt).mappings().all())
        provinces = pd.DataFrame(conn.execute(reached).all(), columns=["wave_number", "province"])
    return waves, provinces


def size(source: db.Source, f: Filter) -> tuple[int, int]:
    """(batches, waves) of the plan: the programme's within the province filter, or, when
    waves or batches are selected, the selection's own (the briefing of wave IX in progress
    said "0 of 146 batches" and "0 of 11 waves" for a wave of 14 batches)."""
    conds = conditions.training(f)
    batches_of = func.count(func.distinct(AggTraining.batch_id))
    with db.reading(source) as conn:
        if f.waves or f.batches:
            waves_of = func.count(func.distinct(AggTraining.wave_number))
            batches, waves = conn.execute(select(batches_of, waves_of).where(*conds)).one()
            return int(batches or 0), len(f.waves) if f.waves and not f.batches else int(waves)
        batches = conn.execute(select(batches_of).where(*conds)).scalar()
        if not conds:
            batches = conn.execute(select(func.count()).select_from(Batch)).scalar()
        waves = conn.execute(select(func.count()).select_from(Wave)).scalar()
    return int(batches or 0), int(waves or 0)
