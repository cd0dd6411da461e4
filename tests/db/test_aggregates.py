"""Summary tables equal a recomputation from the raw tables."""

import pandas as pd
import pytest
from sqlalchemy import func, select

from atlas.store.models import (
    AggEnterprise,
    AggRoster,
    AggTraining,
    Enterprise,
    Facilitator,
    Training,
)


def test_summaries_match_raw_tables(demo_engine):
    with demo_engine.connect() as conn:
        agg_roster = conn.execute(select(func.sum(AggRoster.facilitators))).scalar()
        raw_roster = conn.execute(select(func.count()).select_from(Facilitator)).scalar()
        agg_part = conn.execute(select(func.sum(AggTraining.participants))).scalar()
        raw_part = conn.execute(select(func.count()).select_from(Training)).scalar()
        agg_ent = conn.execute(
            select(
                func.sum(AggEnterprise.enterprises),
                func.sum(AggEnterprise.turnover_sum),
                func.sum(AggEnterprise.graduated),
            )
        ).one()
        raw_ent = conn.execute(
            select(
                func.count(),
                func.sum(Enterprise.monthly_turnover),
                func.sum(func.cast(Enterprise.graduated, type_=Enterprise.workers.type)),
            )
        ).one()
        by_regency = (
            pd.DataFrame(
                conn.execute(
                    select(Facilitator.regency_code, func.count()).group_by(
                        Facilitator.regency_code
                    )
                ).all(),
                columns=["regency_code", "n"],
            )
            .set_index("regency_code")
            .n
        )
        agg_by = (
            pd.DataFrame(
                conn.execute(select(AggRoster.regency_code, AggRoster.facilitators)).all(),
                columns=["regency_code", "n"],
            )
            .set_index("regency_code")
            .n
        )
    assert agg_roster == raw_roster
    assert agg_part == raw_part
    assert tuple(agg_ent) == tuple(raw_ent)
    assert by_regency.sort_index().equals(agg_by.sort_index())


def test_after_a_full_rebuild_postgresql_summaries_are_vacuumed(engine):
    """Index-only scans of the covering indexes need the pages marked all-visible; the demo
    (a full rebuild) leaves them so on PostgreSQL. SQLite has nothing to do."""
    from sqlalchemy import text

    from atlas.store import aggregates, demo

    if engine.dialect.name != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's")
    demo.load(engine, scale=0.01)
    with engine.connect() as conn:
        visible = dict(
            conn.execute(
                text("SELECT relname, relallvisible FROM pg_class WHERE relname = ANY(:names)"),
                {"names": [t.__tablename__ for t in aggregates.SUMMARY_TABLES]},
            ).all()
        )
    assert set(visible) == {t.__tablename__ for t in aggregates.SUMMARY_TABLES}
    assert all(n > 0 for n in visible.values()), visible


def test_the_histories_summary_is_the_same_read_in_small_chunks(demo_engine, monkeypatch):
    """``histories.fill`` reads the grouping a chunk at a time (a full rebuild at 5 million
    enterprises took 1,5 GB read at once): a facilitator's cells cut by a chunk's end are
    carried to the next chunk, so every chunk size gives the same blobs."""
    from sqlalchemy import delete

    from atlas.store import histories
    from atlas.store.models import AggHistory

    def rows(conn):
        stmt = select(AggHistory.regency_code, AggHistory.facilitator_id, AggHistory.cells)
        return sorted((r, f, bytes(c)) for r, f, c in conn.execute(stmt))

    with demo_engine.connect() as conn:
        stored = rows(conn)
        conn.rollback()
        for chunk in (7, 1):
            monkeypatch.setattr(histories, "CHUNK", chunk)
            trans = conn.begin()
            conn.execute(delete(AggHistory).where(AggHistory.regency_code.like("34.%")))
            histories.fill(conn, {r for r, _, _ in stored if r.startswith("34.")})
            assert rows(conn) == stored, chunk
            trans.rollback()
    assert len(stored) > 2000


def _history_cell(n, graduated):
    return pd.DataFrame(
        {"regency": ["34.04"], "facilitator": [-1], "start": [-1], "graduation": [-1]}
        | {"n": [n], "graduated": [graduated]}
    )


def test_history_rows_in_too_many_parts_are_merged(engine, monkeypatch):
    """Each change that only adds enterprises writes a part; a row with more than
    MAX_PARTS parts is merged into one, its cells summed."""
    from atlas.store import histories
    from atlas.store.models import AggHistory

    monkeypatch.setattr(histories, "MAX_PARTS", 2)
    counts = []
    with engine.begin() as conn:
        for _ in range(3):
            histories.add(conn, [_history_cell(1, 0)])
            counts.append(conn.execute(select(func.count()).select_from(AggHistory)).scalar())
        assert counts == [1, 2, 1]
        assert histories.summary_cells(conn, [])[["n", "graduated"]].values.tolist() == [[3, 0]]


def test_history_parts_keep_a_graduation_that_moved_no_enterprise(engine, monkeypatch):
    """An enterprise without a start, marked graduated without a date: its cell is the same
    before and after (no start, no graduation month), only the graduated count moves. The
    change's part holds 0 enterprises and +1 graduated — kept, not dropped as empty — and
    the parts read, and merged, add up to it."""
    from atlas.store import histories

    cell = _history_cell
    monkeypatch.setattr(histories, "MAX_PARTS", 5)
    with engine.begin() as conn:
        histories.add(conn, [cell(2, 0)])
        histories.add(conn, [cell(-1, 0), cell(1, 1)])  # before and after the change
        assert histories.summary_cells(conn, [])[["n", "graduated"]].values.tolist() == [[2, 1]]
        histories.merge(conn, [-1])
        assert histories.summary_cells(conn, [])[["n", "graduated"]].values.tolist() == [[2, 1]]


def test_enterprises_join_their_current_batch_by_its_key_whatever_the_statistics(loaded):
    """After an ANALYZE (an operator's, or SQLite's own PRAGMA optimize), SQLite joined each
    enterprise to the subquery of current batches by scanning it: staging an import of
    20.000 rows of the demo took 4,7 s instead of 0,03 s, and a full rebuild at 5 million
    would not end. The current batches are now a table keyed by facilitator: every statement
    that joins them searches by the key, in an import's delta and in a full rebuild."""
    import re

    from sqlalchemy import event, text

    from atlas.core.access import SYSTEM
    from atlas.ingest import importer
    from atlas.store import aggregates

    if loaded.dialect.name != "sqlite":
        pytest.skip("the plans checked are SQLite's")
    with loaded.begin() as conn:
        conn.execute(text("ANALYZE"))
    plans: list[tuple[str, list]] = []

    def keep(conn, cursor, statement, params, context, many):
        # The statements that join enterprises to them (filling the table reads the subquery
        # once, as it must), explained as they run: the temporary tables exist only then.
        into = statement.split()[:3]
        if many or into[:2] != ["INSERT", "INTO"] or into[2] == "current_batch":
            return
        if re.search(r"\b(ranked|current_batch)\b", statement):
            query = statement[statement.upper().index("SELECT") :]
            plan = cursor.connection.execute("EXPLAIN QUERY PLAN " + query, params).fetchall()
            plans.append((statement[:200], [row[-1] for row in plan]))

    event.listen(loaded, "before_cursor_execute", keep)
    try:
        data = b"id_kpm,nama_usaha,sektor,kabupaten_kota\n3404014508900001,Warung,kuliner,Sleman\n"
        res = importer.run(loaded, data, "usaha.csv", dry_run=False, actor=SYSTEM)
        assert res.status == "committed"
        with loaded.begin() as conn:
            aggregates.refresh(conn)
    finally:
        event.remove(loaded, "before_cursor_execute", keep)
    assert len(plans) >= 2  # the delta's staging and the rebuild
    for statement, plan in plans:
        scans = [step for step in plan if re.match(r"SCAN (ranked|current_batch)", step)]
        assert not scans, (scans, statement)
