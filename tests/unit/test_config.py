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
