"""`python -m atlas import|history|undo`: the JSON contract and exit codes, on both engines."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from atlas.core.access import SYSTEM
from atlas.store import demo
from atlas.web import auth

PROJECT = Path(__file__).resolve().parent.parent


STAFF_PASSWORD = "staf-rahasia-123"


@pytest.fixture
def url(engine):
    demo.load(engine, scale=0.01)
    auth.add_user(engine, "staf", STAFF_PASSWORD, "data_staff", actor=SYSTEM)
    return engine.url.render_as_string(hide_password=False)


def cli(url, *args):
    """As the data staff account ``staf`` (ATLAS_USER / ATLAS_AS_PASSWORD)."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ATLAS_USER": "staf",
        "ATLAS_AS_PASSWORD": STAFF_PASSWORD,
    }
    return subprocess.run(
        check=False,
        args=[sys.executable, "-m", "atlas", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def imp(url, path, *args):
    proc = cli(url, "import", str(path), "--json", *args)
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.strip() else None, proc


FILES = {
    "roster": "id_pendamping,nama,jenis_kelamin,kabupaten_kota\nPDC1,Ani,P,Bantul\nPDC2,Budi,L,Sleman\n",
    "batches": "angkatan,gelombang,tanggal_mulai,tanggal_selesai,moda\n150,XI,01/12/2020,12/12/2020,daring\n",
    "participants": "id_pendamping,gelombang,angkatan,status\nPD34040001,XI,150,terdaftar\n",
    "enterprises": "id_kpm,nama_usaha,sektor,kabupaten_kota,omzet_bulanan\n3404014508900001,Warung,kuliner,Sleman,Rp 1.500.000\n",
}


def test_contract_on_all_four_kinds(url, tmp_path):
    for kind, text in FILES.items():  # in this order: participants need the batch
        path = tmp_path / f"{kind}.csv"
        path.write_text(text)
        code, out, proc = imp(url, path, "--dry-run")
        assert code == 0, proc.stdout + proc.stderr
        assert set(out) == {
            "kind",
            "dry_run",
            "status",
            "run_id",
            "counts",
            "errors",
            "warnings",
            "matches",
        }
        assert (out["kind"], out["dry_run"], out["status"]) == (kind, True, "ok")
        assert set(out["counts"]) == {
            "rows",
            "new",
            "updated",
            "unchanged",
            "keyed_by_nik",
            "rejected",
        }
        code, out, _ = imp(url, path)
        assert (code, out["status"]) == (0, "committed") and out["run_id"]
        code, out, _ = imp(url, path)
        assert (code, out["status"]) == (0, "unchanged")


def test_rejected_rows_exit_1_with_row_and_column(url, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("id_pendamping,nama,kabupaten_kota\nPDC9,Ani,Semarang\n")
    code, out, _ = imp(url, path)
    assert code == 1 and out["status"] == "rejected"
    err = out["errors"][0]
    assert (err["row"], err["column"], err["value"]) == (2, "kabupaten_kota", "Semarang")
    assert "Kabupaten Semarang" in err["suggestion"]


def test_fuzzy_matches_need_accept_matches(url, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("id_pendamping,nama,kabupaten_kota\nPDC8,Ani,Slemann\n")
    code, out, _ = imp(url, path)
    assert code == 1 and out["matches"][0]["code"] == "34.04"
    code, out, _ = imp(url, path, "--accept-matches")
    assert code == 0 and out["status"] == "committed"


def test_unusable_file_exit_2(url, tmp_path):
    path = tmp_path / "program.xlsx"
    path.write_bytes(b"MZ\x90\x00not a spreadsheet")
    code, out, proc = imp(url, path)
    assert code == 2 and out["status"] == "rejected" and out["errors"][0]["row"] is None
    assert proc.stderr.strip()
    assert cli(url, "import", str(tmp_path / "missing.csv")).returncode == 2
    assert cli(url, "import", str(path), "--kind", "nonsense").returncode == 2


def test_history_and_undo(url, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(FILES["roster"])
    _, out, _ = imp(url, path)
    runs = json.loads(cli(url, "history", "--json").stdout)
    assert runs[0]["id"] == out["run_id"] and runs[0]["status"] == "committed"
    assert cli(url, "undo", str(out["run_id"])).returncode == 0
    assert json.loads(cli(url, "history", "--json").stdout)[0]["status"] == "undone"
    again = cli(url, "undo", str(out["run_id"]))
    assert again.returncode == 2 and "hanya impor yang tersimpan" in again.stderr


@pytest.mark.parametrize(
    ("which", "said", "peak_mb"),
    [
        ("FAR_CORNER.xlsx", "Lembar kerja terbentang sampai sel", 300),
        ("FAR_ROW.xlsx", "Lembar kerja terbentang sampai sel", 300),
        ("RAGGED_CSV.csv", "Baris 2 berkas punya lebih dari 200 kolom", 300),
        # The reader's native side holds every cell's copy of the string (320 MB) in the
        # child until the text bound stops it.
        ("SHARED_TEXT.xlsx", "lebih dari 100 juta karakter", 500),
    ],
)
def test_a_tiny_hostile_file_is_refused_without_a_memory_spike(url, tmp_path, which, said, peak_mb):
    """Two-kilobyte files whose one far cell made the reader ask for 33 GB (the process
    aborted) or 976 MB, a 2 MB csv padded to 3,7 GB, a 170 KB xlsx of one shared string:
    refused with status 2 and a message, nothing stored; the whole command, parsing child
    included, stays under ``peak_mb`` (measured by a fresh parent that only waits for it)."""
    from tests import hostile_files

    path = tmp_path / which
    path.write_bytes(getattr(hostile_files, which.split(".")[0]))
    watcher = (
        "import resource, subprocess, sys; "
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "sys.stderr.write(p.stderr); sys.stdout.write(p.stdout); "
        "print('PEAK_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
        "sys.exit(p.returncode)"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ATLAS_USER": "staf",
        "ATLAS_AS_PASSWORD": STAFF_PASSWORD,
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            watcher,
            sys.executable,
            "-m",
            "atlas",
            "import",
            str(path),
            "--dry-run",
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert said in proc.stderr and "Traceback" not in proc.stderr
    peak_kb = int(proc.stdout.rsplit("PEAK_KB", 1)[1])
    assert peak_kb < peak_mb * 1024
