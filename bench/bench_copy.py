"""What writing an import's rows costs, whatever the checks: the 100.000 enterprise rows of
``bench_import``'s file, as the importer makes them, inserted into the empty database's
``enterprise`` table by ``db.bulk_insert`` (COPY on PostgreSQL, executemany on SQLite) —
with the table's foreign keys, and with them dropped (PostgreSQL) or not enforced (SQLite).
Each insert runs in a transaction that is rolled back; the median of ``--repeat`` runs.

    .venv/bin/python -m bench.bench_copy [--engines sqlite,postgresql] [--repeat 3]

Appends the figures to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from datetime import datetime

from bench.bench_import import BIG, _empty, make_files
from bench.datasets import dataset
from bench.results import record


def _rows(engine, path):
    """The file's rows as the importer writes them (read, checked, resolved)."""
    from atlas.ingest import importer
    from atlas.ingest import read as reader
    from atlas.ingest.kinds import KINDS
    from atlas.ingest.regions import RegionResolver
    from atlas.ingest.validate import check
    from atlas.store import imports

    table = reader.read(path.read_bytes(), path.name)
    kind = KINDS["enterprises"]
    with engine.connect() as conn:
        resolver = RegionResolver(*imports.regions(conn))
        provinces = imports.province_codes(conn)
        checked = check(table, kind.name, resolver, nik_provinces=provinces)
        refs = importer._references(conn, kind, checked.records)
        rows, problems = kind.rows(checked.records, refs, checked.headers.names(table.headers))
    assert not problems and len(rows) == len(table.row_numbers)
    return rows


def _insert(engine, rows, foreign_keys: bool) -> float:
    from sqlalchemy import insert, text

    from atlas.store import db
    from atlas.store.models import Enterprise, ImportRun

    with engine.connect() as conn:
        if not foreign_keys and conn.dialect.name == "sqlite":
            conn.execute(text("PRAGMA foreign_keys=OFF"))  # outside a transaction, as it must
            conn.commit()
        trans = conn.begin()
        if not foreign_keys and conn.dialect.name == "postgresql":
            for fk in Enterprise.__table__.foreign_keys:
                conn.execute(text(f'ALTER TABLE enterprise DROP CONSTRAINT "{fk.constraint.name}"'))
        run_id = conn.execute(
            insert(ImportRun)
            .values(
                kind="enterprises",
                file_name="bench",
                sha256="bench",
                user_name="bench",
                created_at=datetime.now(),
                status="committed",
            )
            .returning(ImportRun.id)
        ).scalar_one()
        started = time.perf_counter()
        db.bulk_insert(conn, Enterprise, rows, constants={"import_run_id": run_id})
        seconds = time.perf_counter() - started
        trans.rollback()
        if not foreign_keys and conn.dialect.name == "sqlite":
            conn.execute(text("PRAGMA foreign_keys=ON"))
            conn.commit()
    return seconds


def main() -> None:
    from atlas.store.db import make_engine

    ap = argparse.ArgumentParser()
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    lines = [
        f"\n## bench_copy — {datetime.now():%Y-%m-%d %H:%M}\n\n",
        (
            f"- machine: {platform.machine()}, Python {platform.python_version()}; median of "
            f"{args.repeat}; the 100,000 rows of bench_import's enterprise file as the importer "
            "makes them, inserted by `db.bulk_insert` into the empty database's `enterprise` "
            "table (indexes kept), rolled back\n"
        ),
        "\n| engine | foreign keys | seconds | rows/s |\n| --- | --- | --- | --- |\n",
    ]
    for kind in args.engines.split(","):
        big = dataset(kind, BIG)
        engine = make_engine(_empty(big))
        rows = _rows(engine, make_files(big, 100_000)[0])
        for foreign_keys in (True, False):
            seconds = statistics.median(
                _insert(engine, rows, foreign_keys) for _ in range(args.repeat)
            )
            label = "checked" if foreign_keys else "dropped / not enforced"
            lines.append(f"| {kind} | {label} | {seconds:.2f} | {len(rows) / seconds:,.0f} |\n")
            print(kind, label, seconds, flush=True)
        engine.dispose()
    record("".join(lines))


if __name__ == "__main__":
    main()
