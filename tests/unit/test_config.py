from pathlib import Path

from atlas.core import config


def test_every_setting_is_documented():
    readme = (Path(config.PROJECT_DIR) / "docs" / "CONFIGURATION.md").read_text()
    missing = [s.name for s in config.documented_settings() if f"`{s.name}`" not in readme]
    assert missing == []


def test_database_url_defaults_to_sqlite_in_data(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config.database_url() == f"sqlite:///{config.PROJECT_DIR / 'data' / 'atlas.db'}"


def test_postgres_urls_get_the_psycopg_driver(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert config.database_url() == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert config.database_url() == "postgresql+psycopg://u@h/db"


def test_the_admin_page_never_shows_a_secret_or_a_password(monkeypatch):
    monkeypatch.setenv("ATLAS_SECRET_KEY", "k" * 64)
    monkeypatch.setenv("DATABASE_URL", "postgresql://atlas:hunter2@db.example:5432/atlas")
    shown = {s.name: s.shown() for s in config.documented_settings()}
    assert shown["ATLAS_SECRET_KEY"] == "•••"
    assert "hunter2" not in shown["DATABASE_URL"] and "db.example" in shown["DATABASE_URL"]
    assert "k" * 64 not in " ".join(shown.values())
