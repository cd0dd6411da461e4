"""Roles through the command line: `users`, and who may import, see the history and undo."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from atlas.store import audit
from atlas.store.db import make_engine

PROJECT = Path(__file__).resolve().parent.parent
ADMIN_PW = "admin-rahasia-123"
PW = "pengguna-rahasia-1"


@pytest.fixture
def url(_demo_sqlite_url, tmp_path):
    path = tmp_path / "atlas.db"
    shutil.copy(_demo_sqlite_url.removeprefix("sqlite:///"), path)
    return f"sqlite:///{path}"


def cli(url, *args, user=None, password=None, new_password=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ATLAS_USER", "ATLAS_AS_", "ATLAS_PASSWORD"))
    }
    env["DATABASE_URL"] = url
    if user:
        env["ATLAS_USER"] = user
    if password:
        env["ATLAS_AS_PASSWORD"] = password
    if new_password:
        env["ATLAS_PASSWORD"] = new_password
    return subprocess.run(
        check=False,
        args=[sys.executable, "-m", "atlas", *args],
        cwd=PROJECT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def ok(proc):
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def refused(proc, text):
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert text in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_users_from_the_first_admin_on(url, tmp_path):
    ok(cli(url, "users", "add", "kepala", "--role", "admin", new_password=ADMIN_PW))  # bootstrap
    refused(cli(url, "users", "add", "kedua", "--role", "admin", new_password=PW), "Hanya admin")
    refused(
        cli(url, "users", "add", "x", "--role", "admin"), "ATLAS_PASSWORD"
    )  # no terminal, no variable
    as_admin = {"user": "kepala", "password": ADMIN_PW}
    ok(cli(url, "users", "add", "staf", "--role", "data_staff", new_password=PW, **as_admin))
    ok(cli(url, "users", "add", "lain", "--role", "data_staff", new_password=PW, **as_admin))
    ok(cli(url, "users", "add", "lihat", "--role", "viewer", new_password=PW, **as_admin))
    refused(
        cli(url, "users", "add", "koor", "--role", "coordinator", new_password=PW, **as_admin),
        "kode provinsi",
    )
    ok(
        cli(
            url,
            "users",
            "add",
            "koor",
            "--role",
            "coordinator",
            "--province",
            "35",
            new_password=PW,
            **as_admin,
        )
    )
    refused(cli(url, "users", "list", user="kepala", password="salah-sekali-1"), "salah")
    refused(cli(url, "users", "list", user="staf", password=PW), "Hanya admin")
    users = json.loads(ok(cli(url, "users", "list", "--json", **as_admin)))
    assert {u["username"]: u["role"] for u in users} == {
        "kepala": "admin",
        "staf": "data_staff",
        "lain": "data_staff",
        "lihat": "viewer",
        "koor": "coordinator",
    }
    assert all("password" not in k for u in users for k in u)

    # Import, history and undo need the right account.
    roster = tmp_path / "r.csv"
    roster.write_text("id_pendamping,nama,kabupaten_kota\nPDQ1,Ani,Bantul\n")
    refused(cli(url, "import", str(roster)), "--as")
    refused(cli(url, "import", str(roster), user="lihat", password=PW), "Hanya operator data")
    refused(cli(url, "history", user="koor", password=PW), "operator data")
    out = json.loads(ok(cli(url, "import", str(roster), "--json", user="staf", password=PW)))
    run = str(out["run_id"])
    refused(
        cli(url, "undo", run, user="lain", password=PW), "hanya dapat membatalkan impornya sendiri"
    )
    ok(cli(url, "undo", run, user="staf", password=PW))

    # Disabled accounts cannot act; reset passwords replace the old one.
    ok(cli(url, "users", "disable", "staf", **as_admin))
    refused(cli(url, "history", user="staf", password=PW), "salah")
    ok(cli(url, "users", "enable", "staf", **as_admin))
    ok(cli(url, "users", "reset-password", "staf", new_password="baru-sekali-123", **as_admin))
    refused(cli(url, "history", user="staf", password=PW), "salah")
    ok(cli(url, "history", user="staf", password="baru-sekali-123"))
    ok(cli(url, "users", "role", "lihat", "--role", "data_staff", **as_admin))

    log = audit.recent(make_engine(url))
    done = {(e["actor"], e["action"]) for e in log}
    assert {
        ("kepala", "user_add"),
        ("staf", "import"),
        ("staf", "undo"),
        ("kepala", "user_disable"),
        ("kepala", "user_password"),
        ("kepala", "user_change"),
        ("kepala", "sign_in_failed"),
    } <= done
    assert all(e["client"] == "cli" for e in log)


def test_brute_force_from_the_command_line_is_held(url):
    ok(cli(url, "users", "add", "kepala", "--role", "admin", new_password=ADMIN_PW))
    for i in range(5):
        refused(cli(url, "users", "list", user="kepala", password=f"tebakan-{i:05d}"), "salah")
    refused(cli(url, "users", "list", user="kepala", password=ADMIN_PW), "Terlalu banyak percobaan")


def test_export_is_logged(url, tmp_path):
    out = tmp_path / "ringkasan.pdf"
    ok(cli(url, "export", "--format", "pdf", "--out", str(out), "--gelombang", "IX"))
    event = audit.recent(make_engine(url), action="export")[0]
    assert event["target"] == "ringkasan.pdf" and '"gelombang": "IX"' in event["detail"]


def test_guessing_on_the_web_never_shuts_the_console_out(url):
    """Five wrong passwords for an admin's name on the sign-in page held the account
    everywhere: the right password was refused on the web and on the command line, and no
    new admin could be made. The web's hold stays on the web; the console (whoever holds
    the database's credentials) can unlock the account or reset its password, audited."""
    from atlas.web import auth

    engine = make_engine(url)
    ok(cli(url, "users", "add", "kepala", "--role", "admin", new_password=ADMIN_PW))
    for i in range(5):
        with pytest.raises(auth.AuthError):
            auth.authenticate(engine, "kepala", f"tebakan-{i:05d}", "203.0.113.9")
    with pytest.raises(auth.AuthError, match="auth.throttled"):
        auth.authenticate(engine, "kepala", ADMIN_PW, "198.51.100.7")  # held on the web
    ok(cli(url, "users", "list", user="kepala", password=ADMIN_PW))  # not on the console

    ok(cli(url, "users", "unlock", "kepala"))  # no --as: the console
    assert auth.authenticate(engine, "kepala", ADMIN_PW, "198.51.100.7").role == "admin"

    # Held on the console too: the console's own way back in still works.
    for i in range(5):
        refused(cli(url, "users", "list", user="kepala", password=f"tebakan-{i:05d}"), "salah")
    refused(cli(url, "users", "list", user="kepala", password=ADMIN_PW), "Terlalu banyak")
    ok(cli(url, "users", "reset-password", "kepala", new_password="baru-lagi-12345"))
    ok(cli(url, "users", "unlock", "kepala"))
    ok(cli(url, "users", "list", user="kepala", password="baru-lagi-12345"))
    refused(cli(url, "users", "unlock", "tidak-ada"), "tidak ada")
    done = {(e["actor"], e["action"], e["target"]) for e in audit.recent(engine)}
    assert {("konsol", "user_unlocked", "kepala"), ("konsol", "user_password", "kepala")} <= done


def test_demo_remove_from_the_console_or_an_admin_only(url):
    """``atlas demo --remove``: data staff are refused; an admin (or the console, which
    loads the demo too) removes it, audited; a second time there is nothing to remove."""
    ok(cli(url, "users", "add", "kepala", "--role", "admin", new_password=ADMIN_PW))
    as_admin = {"user": "kepala", "password": ADMIN_PW}
    ok(cli(url, "users", "add", "staf", "--role", "data_staff", new_password=PW, **as_admin))
    refused(cli(url, "demo", "--remove", user="staf", password=PW), "Hanya admin")
    said = ok(cli(url, "demo", "--remove", **as_admin))
    assert said.startswith("Data contoh dihapus: 4.371 pendamping, 146 angkatan")
    summary = json.loads(ok(cli(url, "summary", "--json")))
    assert (summary["facilitators_roster"], summary["enterprises"]) == (0, 0)
    refused(cli(url, "demo", "--remove"), "Tidak ada data contoh")
    from atlas.store import audit
    from atlas.store.db import make_engine

    (event,) = audit.recent(make_engine(url), action="demo_removed")
    assert event["actor"] == "kepala"
