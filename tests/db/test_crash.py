"""An import process killed (SIGKILL) in the middle of its commit leaves the database as it was."""

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sqlalchemy import text

from atlas.store import demo

PROJECT = Path(__file__).resolve().parents[2]
TABLES = (
    "facilitator",
    "training",
    "batch",
    "enterprise",
    "import_run",
    "import_change",
    "agg_roster",
    "agg_training",
    "agg_enterprise",
    "meta",
)


def snapshot(engine):
    h = hashlib.sha256()
    with engine.connect() as conn:
        for table in TABLES:
            rows = conn.execute(text(f"SELECT * FROM {table} ORDER BY 1")).all()
            h.update(f"{table}:{len(rows)}:{rows!r}".encode())
    return h.hexdigest()


def test_sigkill_during_commit(engine, tmp_path):
    demo.load(engine, scale=0.01)
    before = snapshot(engine)
    rows = "\n".join(f"PDK{i:05d},Nama {i},Kab. Sleman" for i in range(3000))
    (tmp_path / "roster.csv").write_text("id_pendamping,nama,kabupaten_kota\n" + rows + "\n")
    marker = tmp_path / "inside-commit"
    script = textwrap.dedent(f"""
        import time, pathlib
        from atlas.store.db import make_engine
        from atlas.core.access import SYSTEM
        from atlas.ingest import importer
        importer._after_rows_written = lambda: (pathlib.Path({str(marker)!r}).touch(), time.sleep(120))
        data = pathlib.Path({str(tmp_path / "roster.csv")!r}).read_bytes()
        importer.run(make_engine({engine.url.render_as_string(hide_password=False)!r}), data,
                     "roster.csv", dry_run=False, actor=SYSTEM)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=PROJECT, env=os.environ.copy())
    deadline = time.time() + 120
    while not marker.exists():
        assert proc.poll() is None, "the import ended before reaching its commit"
        assert time.time() < deadline, "the import never reached its commit"
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    engine.dispose()  # PostgreSQL rolls the dead session back; SQLite rolls back its journal
    time.sleep(0.5)
    assert snapshot(engine) == before
