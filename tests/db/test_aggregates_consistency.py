"""After random sequences of imports and undos, every summary table equals a recomputation
from the raw tables (imports and undos add their deltas to the summaries), on both engines."""

import random

import pandas as pd
import pytest
from sqlalchemy import func, select

from atlas.core.access import Principal
from atlas.core.filters import Filter
from atlas.ingest import importer
from atlas.store import aggregates, db, demo, histories
from atlas.store.models import (
    ENTERPRISE_STATUSES,
    SECTORS,
    TRAINING_STATUSES,
    AggHistory,
    Enterprise,
    Facilitator,
    Region,
)

STAFF = Principal("operator", "data_staff")
TABLES = aggregates.SUMMARY_TABLES


def snapshot(conn):
    """Every summary table's rows, agg_history's parts merged (as a full rebuild writes
    them), without keeping the merge."""
    out = {}
    # Its own transaction (or a savepoint in the caller's), rolled back: no write lock stays.
    with conn.begin_nested() if conn.in_transaction() else conn.begin() as merged:
        ids = conn.execute(select(AggHistory.facilitator_id).distinct()).scalars().all()
        histories.merge(conn, ids)
        for table in TABLES:
            cols = [c for c in table.__table__.c if c.name != "id"]
            rows = conn.execute(select(*cols)).all()
            out[table.__tablename__] = sorted(
                tuple(round(v, 6) if isinstance(v, float) else v for v in r) for r in rows
            )
        merged.rollback()
    return out


def history_cells(conn, raw):
    """The impact page's cells, from agg_history as it is (parts unmerged) or the raw table."""
    found = histories.selection_cells(conn, Filter(), raw=raw)
    return found.groupby(["facilitator", "start", "graduation"]).sum().sort_index()


def recomputed(engine):
    """What a full rebuild gives, without keeping it."""
    with engine.connect() as conn:
        trans = conn.begin()
        aggregates.refresh(conn)
        snap = snapshot(conn)
        trans.rollback()
    return snap


def csv(header, rows):
    return (
        ",".join(header) + "\n" + "\n".join(",".join(str(v) for v in r) for r in rows) + "\n"
    ).encode()


class Story:
    """Random but reproducible imports of every kind, in small files."""

    def __init__(self, engine, seed):
        self.rng = random.Random(seed)
        self.engine = engine
        with engine.connect() as conn:
            self.regencies = (
                conn.execute(
                    select(Region.code).where(Region.level == "regency").order_by(Region.code)
                )
                .scalars()
                .all()
            )
            self.districts = (
                conn.execute(
                    select(Region.code).where(Region.level == "district").order_by(Region.code)
                )
                .scalars()
                .all()
            )
        self.n = 0
        self.batches = [149, 150]
        self.waves = dict.fromkeys(self.batches, "XI")
        # A small cast, so that the same facilitators move, train and accompany enterprises
        # (elsewhere than in their own regency): the cases an incremental refresh can get wrong.
        with engine.connect() as conn:
            ids = (
                conn.execute(select(Facilitator.official_id).order_by(Facilitator.id))
                .scalars()
                .all()
            )
        self.cast = self.rng.sample(ids, 8)

    def facilitators(self, k):
        return self.rng.sample(self.cast, k)

    def roster(self):
        rows = []
        for _ in range(self.rng.randint(1, 4)):  # newcomers
            self.n += 1
            rows.append(
                (
                    f"PDR{self.n:05d}",
                    f"Nama {self.n}",
                    self.rng.choice("LP"),
                    self.rng.choice(self.regencies),
                )
            )
        for fid in self.facilitators(self.rng.randint(1, 3)):  # moved to another regency
            rows.append(
                (fid, f"Pindah {fid}", self.rng.choice("LP"), self.rng.choice(self.regencies))
            )
        return csv(("id_pendamping", "nama", "jenis_kelamin", "kabupaten_kota"), rows)

    def batches_file(self):
        # New dates, and at times another wave: every summary cell of the batch keeps its key
        # and changes its attributes.
        number = self.rng.choice(self.batches)
        day = self.rng.randint(1, 20)
        self.waves[number] = self.rng.choice(["XI", "XII"])
        return csv(
            ("angkatan", "gelombang", "tanggal_mulai", "tanggal_selesai", "moda"),
            [
                (
                    number,
                    self.waves[number],
                    f"{day:02d}/11/2020",
                    f"{day + 5:02d}/11/2020",
                    "daring",
                )
            ],
        )

    def participants(self):
        rows = []
        for fid in self.facilitators(self.rng.randint(1, 5)):
            number = self.rng.choice(self.batches)
            rows.append((fid, self.waves[number], number, self.rng.choice(TRAINING_STATUSES)))
        return csv(("id_pendamping", "gelombang", "angkatan", "status"), rows)

    def enterprises(self):
        rows = []
        for fid in self.facilitators(self.rng.randint(1, 6)):
            self.n += 1
            district = self.rng.choice(self.districts)
            regency = district[:5]
            nik = f"{regency.replace('.', '')}01450890{self.n % 10000:04d}"
            rows.append(
                (
                    f"USH-R-{self.n:06d}",
                    nik,
                    f"Usaha {self.n}",
                    self.rng.choice(SECTORS),
                    self.rng.choice(ENTERPRISE_STATUSES),
                    regency,
                    district,
                    fid,
                    self.rng.choice(["", 250000, 1500000, 7000000]),
                )
            )
        with self.engine.connect() as conn:  # and an existing one changes status and regency
            (code,) = conn.execute(
                select(Enterprise.enterprise_code)
                .order_by(Enterprise.id)
                .limit(1)
                .offset(self.rng.randint(0, 50))
            ).one()
        rows.append(
            (
                code,
                "3404014508900001",
                "Pindahan",
                self.rng.choice(SECTORS),
                self.rng.choice(ENTERPRISE_STATUSES),
                self.rng.choice(self.regencies),
                "",
                "",
                900000,
            )
        )
        return csv(
            (
                "id_usaha",
                "id_kpm",
                "nama_usaha",
                "sektor",
                "status_usaha",
                "kabupaten_kota",
                "kecamatan",
                "id_pendamping",
                "omzet_bulanan",
            ),
            rows,
        )


# agg_history's parts merged one facilitator at a time (``ADD_CHUNK``), at every change
# (``MAX_PARTS`` 1), after a few, or after more than the story makes.
@pytest.mark.parametrize(("seed", "chunk", "parts"), [(1, 1, 2), (2, 5000, 1), (7, 5000, 50)])
def test_summaries_equal_a_recomputation_after_random_imports_and_undos(
    engine, seed, chunk, parts, monkeypatch
):
    monkeypatch.setattr(histories, "ADD_CHUNK", chunk)
    monkeypatch.setattr(histories, "MAX_PARTS", parts)
    demo.load(engine, scale=0.01)
    story = Story(engine, seed)
    # Both batches first, so that participants always have a batch to join.
    for number in story.batches:
        data = csv(
            ("angkatan", "gelombang", "tanggal_mulai", "tanggal_selesai", "moda"),
            [(number, "XI", "01/11/2020", "06/11/2020", "daring")],
        )
        assert (
            importer.run(engine, data, f"b{number}.csv", dry_run=False, actor=STAFF).status
            == "committed"
        )
    runs, steps = [], []
    for step in range(14):
        kind = story.rng.choice(["roster", "batches", "participants", "enterprises", "undo"])
        if kind == "undo" and runs:
            run_id = runs.pop(story.rng.randrange(len(runs)))
            try:
                importer.undo(engine, run_id, STAFF)
            except importer.UndoRefused:
                runs.append(run_id)
        elif kind != "undo":
            data = {
                "roster": story.roster,
                "batches": story.batches_file,
                "participants": story.participants,
                "enterprises": story.enterprises,
            }[kind]()
            res = importer.run(
                engine,
                data,
                f"{kind}-{step}.csv",
                dry_run=False,
                only_valid=True,
                accept_matches=True,
                actor=STAFF,
            )
            assert res.status in ("committed", "unchanged", "rejected"), res.problems
            if res.status == "committed":
                runs.append(res.run_id)
        steps.append(kind)
        with engine.connect() as conn:
            kept = snapshot(conn)
        assert kept == recomputed(engine), f"after steps {steps}"
        with db.snapshot(engine) as conn:
            found = histories.selection_cells(conn, Filter())
            summary, raw = history_cells(conn, raw=False), history_cells(conn, raw=True)
            most = conn.execute(
                select(func.count())
                .select_from(AggHistory)
                .group_by(AggHistory.regency_code, AggHistory.facilitator_id)
                .order_by(func.count().desc())
                .limit(1)
            ).scalar()
        pd.testing.assert_frame_equal(summary, raw, check_dtype=False, obj=f"{steps}")
        # Parts are summed as read: no cell is negative or counts nothing.
        assert (found.n > 0).all() and found.graduated.between(0, found.n).all(), steps
        assert most <= parts, steps  # rows with too many parts were merged
    assert len(set(steps)) >= 4  # the story exercised most kinds of change
