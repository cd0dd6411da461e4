"""Settings, read once from the environment.

Every setting has a default that works on a fresh clone (SQLite + demo data under ``data/``).
The README's "Configuration" table lists them; ``tests/test_config.py`` keeps the two in step.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"

# name -> (default, help). The default may be a callable evaluated lazily.
SETTINGS: dict[str, tuple[str, str]] = {
    "DATABASE_URL": (
        "sqlite:///data/atlas.db",
        "SQLAlchemy URL. SQLite paths are relative to the project folder; "
        "PostgreSQL e.g. postgresql+psycopg://user@host:5432/atlas",
    ),
    "ATLAS_GEO_SOURCE": (
        "../shared/geo",
        "Where `setup` takes the boundary files from: a folder or an http(s) URL of one",
    ),
    "ATLAS_GEO_DIR": ("data/geo", "Where the boundary files are installed (git-ignored)"),
    "ATLAS_SECRET_KEY": (
        "",
        "Key for the keyed hash of NIKs; when empty, setup creates data/secret.key once",
    ),
    "ATLAS_TILE_URL": (
        "",
        "Optional map tile URL template ({z}/{x}/{y}); empty = no tiles (works offline)",
    ),
    "ATLAS_TILE_ATTRIBUTION": ("", "Attribution text for the configured tiles"),
    "ATLAS_DEFAULT_AS_OF": ("2020-10-16", "Default 'as of' date (YYYY-MM-DD)"),
    "ATLAS_ANONYMOUS_ROLE": (
        "viewer",
        "What a visitor who has not signed in may do: viewer (aggregates only), coordinator "
        "(facilitator names too) or data_staff (uploads too) — the last two for demos and tests only",
    ),
}


def _get(name: str) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        return SETTINGS[name][0]
    return value


def _project_path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else (PROJECT_DIR / path)


def database_url() -> str:
    """The database URL; a relative SQLite path is resolved against the project folder."""
    url = _get("DATABASE_URL")
    if url.startswith("postgres://"):  # the Heroku-style spelling SQLAlchemy 2 refuses
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    prefix = "sqlite:///"
    if url.startswith(prefix) and url != "sqlite:///:memory:":
        rest = url[len(prefix) :]
        if not rest.startswith("/"):
            url = prefix + str(_project_path(rest))
    return url


def geo_dir() -> Path:
    return _project_path(_get("ATLAS_GEO_DIR"))


def geo_source() -> str:
    value = _get("ATLAS_GEO_SOURCE")
    if value.startswith(("http://", "https://", "file://")):
        return value
    return str(_project_path(value))


def tile_url() -> str:
    return _get("ATLAS_TILE_URL")


def tile_attribution() -> str:
    return _get("ATLAS_TILE_ATTRIBUTION")


ANONYMOUS_ROLES = ("viewer", "coordinator", "data_staff")


def anonymous_role() -> str:
    """The role of a visitor who has not signed in; anything unknown means viewer."""
    value = _get("ATLAS_ANONYMOUS_ROLE")
    return value if value in ANONYMOUS_ROLES else "viewer"


def default_as_of() -> date:
    return date.fromisoformat(_get("ATLAS_DEFAULT_AS_OF"))


def secret_key() -> bytes:
    """The key for hashing NIKs: from the environment, else a per-installation file.

    The file is created once with mode 0600 so that a fresh clone works without any
    configuration while no key ever sits in the repository.
    """
    value = os.environ.get("ATLAS_SECRET_KEY", "")
    if value:
        return value.encode()
    path = DATA_DIR / "secret.key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


def documented_settings() -> list[Setting]:
    return [Setting(name, d, h) for name, (d, h) in SETTINGS.items()]
