"""`python -m atlas …` as a user runs it, on SQLite and PostgreSQL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request):
    return request.getfixturevalue(
        "_demo_sqlite_url" if request.param == "sqlite" else "_demo_pg_url"
    )


def run(url, *args):
    env = {**os.environ, "DATABASE_URL": url}
    proc = subprocess.run(
        check=False,
        args=[sys.executable, "-m", "atlas", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc


def summary(url, *args):
    proc = run(url, "summary", "--json", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_impact_json_agrees_with_the_summary(db_url):
    proc = run(db_url, "impact", "--json", "--provinsi", "33,35")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    s = summary(db_url, "--provinsi", "33,35")
    assert (out["kpm"], out["graduated"]) == (s["enterprises"], s["graduated"])
    assert out["estimator"].startswith("Callaway & Sant'Anna")
    assert out["periods"]["window"] == 12 and out["periods"]["first"] < out["periods"]["last"]
    low, high = out["ci95_pp_per_year"]
    assert low <= out["effect_pp_per_year"] <= high
    assert 0 < out["trained_facilitators"] < out["facilitators"]
    assert {e["period"] for e in out["event_study"]} >= {-1, 0}


def test_impact_says_when_the_data_is_too_thin(db_url):
    proc = run(db_url, "impact", "--gelombang", "X")
    assert proc.returncode == 0, proc.stderr
    assert "Data terlalu tipis" in proc.stdout


def test_summary_json(db_url):
    s = summary(db_url)
    assert {
        k: s[k]
        for k in (
            "facilitators_roster",
            "participants",
            "trained",
            "in_training",
            "planned",
            "batches",
            "waves",
        )
    } == {
        "facilitators_roster": 4371,
        "participants": 4371,
        "trained": 3359,
        "in_training": 420,
        "planned": 592,
        "batches": 146,
        "waves": 11,
    }
    assert {"provinces", "enterprises", "enterprises_active"} <= set(s)


def test_summary_wave_ix(db_url):
    s = summary(db_url, "--gelombang", "IX")
    assert (s["participants"], s["batches"], s["provinces"]) == (420, 14, ["34", "35", "53"])


def test_summary_of_an_empty_selection_gives_null_not_nan(db_url):
    proc = run(db_url, "summary", "--json", "--gelombang", "IX", "--provinsi", "51")
    assert proc.returncode == 0, proc.stderr
    assert "NaN" not in proc.stdout
    s = json.loads(proc.stdout)
    assert s["coverage"] is None and s["emptied_by"] == ["gelombang", "provinsi"]


def test_summary_waves_i_viii(db_url):
    s = summary(db_url, "--gelombang", "I-VIII")
    assert (s["participants"], s["trained"]) == (3359, 3359)


def test_summary_filters_combine(db_url):
    s = summary(db_url, "--angkatan", "113-126", "--provinsi", "34,35", "--as-of", "28/10/2020")
    assert s["trained"] == s["participants"] > 0 and s["provinces"] == ["34", "35"]


def test_summary_by_province(db_url):
    rows = summary(db_url, "--by", "provinsi")
    assert len(rows) == 6
    assert sum(r["facilitators_roster"] for r in rows) == 4371
    assert all({"code", "name", "participants"} <= set(r) for r in rows)


def test_summary_by_regency(db_url):
    rows = summary(db_url, "--by", "kabupaten", "--provinsi", "34")
    assert [r["code"] for r in rows] == ["34.01", "34.02", "34.03", "34.04", "34.71"]


@pytest.mark.parametrize(
    "args",
    [
        ["--gelombang", "XIV"],
        ["--angkatan", "abc"],
        ["--provinsi", "99"],
        ["--as-of", "kemarin"],
        ["--by", "desa"],
        ["--bogus"],
    ],
)
def test_invalid_arguments_exit_non_zero_with_one_line(demo_sqlite_url, args):
    proc = run(demo_sqlite_url, "summary", "--json", *args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0]


def test_unreachable_database(tmp_path):
    proc = run("postgresql+psycopg://nobody@127.0.0.1:1/none", "summary", "--json")
    assert proc.returncode == 2
    assert "DATABASE_URL" in proc.stderr and "Traceback" not in proc.stderr


def test_summary_on_an_empty_database_says_run_setup(tmp_path):
    proc = run(f"sqlite:///{tmp_path / 'empty.db'}", "summary")
    assert proc.returncode == 2
    assert "python -m atlas setup" in proc.stderr


def test_setup_then_demo_rebuild(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    proc = run(url, "setup", "--no-demo")
    assert proc.returncode == 0, proc.stderr
    proc = run(url, "demo", "--scale", "0.05")
    assert proc.returncode == 0, proc.stderr
    assert summary(url)["facilitators_roster"] == 4371


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "--json"],
        ["users", "list", "--as", "x"],
        ["history", "--as", "x"],
        ["import", "nothing.csv", "--as", "x"],
        ["setup"],
        ["export", "--format", "pdf", "--out", "x.pdf"],
    ],
)
def test_production_without_a_key_refuses_every_command(demo_sqlite_url, args):
    env = {
        **os.environ,
        "DATABASE_URL": demo_sqlite_url,
        "ATLAS_ENV": "production",
        "ATLAS_SECRET_KEY": "",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "atlas", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert "ATLAS_SECRET_KEY" in proc.stderr and proc.stdout == ""
