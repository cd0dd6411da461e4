"""Server settings and code rules that keep the app hard to abuse."""

import ast
import tomllib
from pathlib import Path

import pytest

from atlas.core import config
from atlas.ingest.read import MAX_FILE_BYTES

ROOT = Path(config.PROJECT_DIR)
APP_CODE = [
    *ROOT.glob("atlas/**/*.py"),
    *ROOT.glob("geo/*.py"),
    *ROOT.glob("ui/*.py"),
    *ROOT.glob("pages/*.py"),
    ROOT / "home.py",
    ROOT / "app.py",
    ROOT / "app.py",
]


def test_streamlit_server_settings():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["server"]["enableXsrfProtection"] is True
    assert cfg["server"].get("enableCORS", True) is True
    assert cfg["server"]["maxUploadSize"] * 1024 * 1024 == MAX_FILE_BYTES
    assert cfg["browser"]["gatherUsageStats"] is False
    # Loopback unless opened on purpose: with ATLAS_TRUST_PROXY=yes, anyone reaching a replica
    # directly could forge X-Forwarded-For.
    assert cfg["server"]["address"] == "127.0.0.1"
    unit = (ROOT / "deploy" / "systemd" / "pkh-atlas@.service").read_text()
    assert "--server.address 127.0.0.1" in unit
    # No traceback or exception text in a browser, whoever runs the app and how.
    assert cfg["client"]["showErrorDetails"] == "none"
    assert "ATLAS_ALLOWED_HOSTS" in unit


def test_secrets_and_data_stay_out_of_git():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".streamlit/secrets.toml" in ignored and "/data/*" in ignored
    assert (
        not (ROOT / ".streamlit" / "secrets.toml").exists() or ".streamlit/secrets.toml" in ignored
    )


def _sql_text_calls(path: Path) -> list[str]:
    """SQL handed over as a string that is not a constant: ``text(<not a literal>)`` (the
    sqlalchemy function, imported by name) or any ``exec_driver_sql``/``.execute("…")``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func, arg = node.func, node.args[0]
        literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
        if (
            isinstance(func, ast.Name)
            and func.id == "text"
            and not literal
            or isinstance(func, ast.Attribute)
            and func.attr == "exec_driver_sql"
            or isinstance(func, ast.Attribute)
            and func.attr == "execute"
            and isinstance(arg, ast.JoinedStr)
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_queries_are_built_not_pasted():
    """Every query is built with SQLAlchemy expressions (bound parameters). SQL as text appears
    only as constant strings (no formatting, so no user value can reach it)."""
    found = [
        hit for path in APP_CODE if "migrations" not in path.parts for hit in _sql_text_calls(path)
    ]
    assert found == []


def test_production_needs_a_configured_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("ATLAS_ENV", "production")
    monkeypatch.delenv("ATLAS_SECRET_KEY")
    monkeypatch.setattr(config, "SECRETS_FILE", tmp_path / "secrets.toml")
    with pytest.raises(config.MissingSecret, match="ATLAS_SECRET_KEY"):
        config.secret_key()
    (tmp_path / "secrets.toml").write_text('ATLAS_SECRET_KEY = "dari-berkas-rahasia"\n')
    assert config.secret_key() == b"dari-berkas-rahasia"
    monkeypatch.setenv("ATLAS_SECRET_KEY", "dari-lingkungan")
    assert config.secret_key() == b"dari-lingkungan"  # the environment wins


def test_security_md_names_only_tests_that_exist():
    """SECURITY.md's table is the proof list: every test it names must exist (and so run)."""
    import re

    text = (ROOT / "SECURITY.md").read_text()
    missing, last_file = [], None
    for file_part, name in re.findall(r"(tests/[\w/]+\.py)?::(\w+)", text):
        last_file = file_part or last_file
        source = (ROOT / last_file).read_text()
        if f"def {name}(" not in source:
            missing.append(f"{last_file}::{name}")
    assert len(re.findall(r"::\w+", text)) >= 30 and missing == []


def test_css_text_cannot_leave_its_string_or_the_style_element():
    """Texts shown through CSS ``content`` (Streamlit's own words, in ui.chrome) are written
    as CSS strings: a quote, a backslash or "</style>" in a translation stays text."""
    from ui.chrome import _css_string, _replace_text

    assert _css_string('a"b\\c</style><script>') == '"a\\"b\\\\c\\3C /style>\\3C script>"'
    css = _replace_text(".x", "Pilih berkas")
    assert (
        css == '.x { font-size: 0; }\n.x::after { font-size: 0.875rem; content: "Pilih berkas"; }\n'
    )


def test_processes_starting_together_share_one_key(monkeypatch, tmp_path):
    """Two processes started at once (two `atlas setup`, or the app and a CLI command) both
    find no key file: the one that loses the race uses the winner's key — it crashed with
    FileExistsError — and no process ever reads a key file created but not yet written."""
    import secrets

    monkeypatch.delenv("ATLAS_SECRET_KEY", raising=False)
    monkeypatch.delenv("ATLAS_ENV", raising=False)
    monkeypatch.setattr(config, "SECRETS_FILE", tmp_path / "secrets.toml")
    monkeypatch.setattr(config, "DATA_DIR", tmp_path / "data")
    # The loser's view: the file did not exist when it looked, and exists when it creates it.
    winner = secrets.token_hex(32)
    real_exists = Path.exists

    def late(path):
        if path.name == "secret.key" and not real_exists(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(winner)
            return False
        return real_exists(path)

    monkeypatch.setattr(Path, "exists", late)
    assert config.secret_key() == winner.encode()
    monkeypatch.setattr(Path, "exists", real_exists)
    assert (tmp_path / "data" / "secret.key").read_text() == winner


def test_the_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    """It holds password hashes, names and the audit log: 0600, with its -wal and -shm
    files, whether it is new or was left 0644 by an earlier version."""
    import stat

    from sqlalchemy import text

    from atlas.store.db import make_engine

    old = tmp_path / "old.db"
    for path in (tmp_path / "new" / "atlas.db", old):
        if path == old:
            path.touch(mode=0o644)
            path.chmod(0o644)
        engine = make_engine(f"sqlite:///{path}")
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
            files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
            assert all(f.exists() for f in files)
            modes = {f.name: stat.S_IMODE(f.stat().st_mode) for f in files}
        engine.dispose()
        assert set(modes.values()) == {0o600}, modes
