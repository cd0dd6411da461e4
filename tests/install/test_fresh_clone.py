"""A clone with nothing beside it installs and draws its map (issue: boundaries in the repo).

The tracked files (``git ls-files``) are copied into an empty temporary folder with no
sibling ``shared``; ``python -m atlas setup`` runs there against a fresh SQLite database with
every ``ATLAS_GEO_*`` setting unset, so only what the repository carries can be used.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def _tracked_files() -> list[str]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=PROJECT, check=True, capture_output=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"not a git checkout: {exc}")
    return [name for name in out.decode().split("\0") if name]


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("alone")
    dest = root / "atlas"
    for name in _tracked_files():
        src = PROJECT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    assert not (root / "shared").exists()
    return dest


def _env(clone: Path, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATLAS_GEO", "DATABASE_URL"))}
    env["DATABASE_URL"] = f"sqlite:///{db}"
    env["PYTHONPATH"] = str(clone)  # never the original checkout
    return env


def test_setup_in_a_lone_clone_gives_every_region_and_a_map(clone: Path, tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    env = _env(clone, db)
    proc = subprocess.run(
        [sys.executable, "-m", "atlas", "setup"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert str(clone / "geo" / "data") in proc.stdout  # the clone's own files were checked
    assert "shared" not in proc.stdout + proc.stderr
    with sqlite3.connect(db) as conn:
        counts = dict(conn.execute("SELECT level, count(*) FROM region GROUP BY level").fetchall())
    assert counts == {"province": 6, "regency": 119, "district": 1809}

    # The map has geometry: every regency of the database gets a shape from the clone's files.
    code = (
        "from atlas.store import db, queries; from geo import boundaries; "
        "shapes = boundaries.geometry_mapping('regency'); "
        "fig = queries.figures(db.make_engine(), queries.Filter(), 'regency'); "
        "print(boundaries.__file__, len(shapes), sum(c in shapes for c in fig.code), "
        "sum(len(str(shapes[c]['coordinates'])) > 100 for c in fig.code))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    where, shapes, matched, drawn = proc.stdout.split()
    assert Path(where).is_relative_to(clone)
    assert (int(shapes), int(matched), int(drawn)) == (119, 119, 119)
