"""Settings, read once from the environment.

Every setting has a default that works on a fresh clone (SQLite + demo data under ``data/``).
docs/CONFIGURATION.md lists them; ``tests/unit/test_config.py`` keeps the two in step.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# Where the code is: the checkout, or site-packages after `pip install .`.
CODE_DIR = Path(__file__).resolve().parents[2]
# Where the database, the key and the secrets live: the checkout (beside the code, as
# `./run.sh` keeps them); installed as a package, the folder the command runs in.
PROJECT_DIR = CODE_DIR if (CODE_DIR / "home.py").is_file() else Path.cwd()
DATA_DIR = PROJECT_DIR / "data"

# name -> (default, help). The default may be a callable evaluated lazily.
SETTINGS: dict[str, tuple[str, str]] = {
    "DATABASE_URL": (
        "sqlite:///data/atlas.db",
        (
            "SQLAlchemy URL. SQLite paths are relative to the project folder; "
            "PostgreSQL e.g. postgresql+psycopg://user@host:5432/atlas"
        ),
    ),
    "ATLAS_AREA": (
        "yogyakarta",
        (
            "The working area served, by code: padang, bandung, yogyakarta, banjarmasin, makassar, "
            "jayapura (a regional centre's provinces) or nasional (all 38 provinces)"
        ),
    ),
    "ATLAS_GEO_SOURCE": (
        "geo/data",
        (
            "Where `setup` takes the boundary files from: a folder or an http(s) URL of one; "
            "by default the files shipped with the project, checked where they are"
        ),
    ),
    "ATLAS_GEO_DIR": (
        "geo/data",
        (
            "Where the app reads the boundary files; `setup` copies them here from ATLAS_GEO_SOURCE "
            "when the two differ (every file checked against geo/checksums.sha256)"
        ),
    ),
    "ATLAS_ENV": (
        "development",
        (
            "`production` refuses to start without ATLAS_SECRET_KEY (no key file is created) and "
            "marks the session cookie Secure"
        ),
    ),
    "ATLAS_SECRET_KEY": (
        "",
        "Key for the keyed hash of NIKs; when empty (development only), data/secret.key is created once",
    ),
    "ATLAS_TILE_URL": (
        "",
        "Optional map tile URL template ({z}/{x}/{y}); empty = no tiles (works offline)",
    ),
    "ATLAS_TILE_ATTRIBUTION": ("", "Attribution text for the configured tiles"),
    "ATLAS_DEFAULT_AS_OF": ("2020-10-16", "Default 'as of' date (YYYY-MM-DD)"),
    "ATLAS_PUBLIC_ACCESS": (
        "auto",
        (
            "May visitors who have not signed in see the aggregate pages (map, briefing)? yes, no, or "
            "auto: only while the database holds the demo data. Admins can override it in the app"
        ),
    ),
    "ATLAS_SESSION_HOURS": ("12", "How long a sign-in lasts (hours), across browser refreshes"),
    "ATLAS_ALLOWED_HOSTS": (
        "localhost,127.0.0.1,::1",
        (
            "Host names the server answers (comma-separated, `*.example.go.id` for a domain): set "
            "the public name behind a proxy. Any other Host header is refused, which defeats DNS "
            "rebinding"
        ),
    ),
    "ATLAS_TRUST_PROXY": (
        "no",
        (
            "yes when a reverse proxy sets X-Forwarded-For: the client address for throttling and the "
            "audit log is then read from it (never set it without such a proxy: clients could forge it)"
        ),
    ),
}

# Settings may also come from .streamlit/secrets.toml (git-ignored), e.g. ATLAS_SECRET_KEY = "…";
# the environment wins. Read here (not through st.secrets) so the CLI sees the same values.
SECRETS_FILE = PROJECT_DIR / ".streamlit" / "secrets.toml"


class MissingSecret(RuntimeError):
    """A secret production mode requires is not configured."""


def _secrets_file() -> dict:
    try:
        with SECRETS_FILE.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def _get(name: str) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        value = str(_secrets_file().get(name, "") or "")
    return value or SETTINGS[name][0]


def value(name: str) -> str:
    """A documented setting's effective value (environment, secrets.toml, default)."""
    return _get(name)


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


def _geo_path(name: str) -> Path:
    """A boundary folder setting: by default the files shipped with the code (in the
    checkout or the installed package), otherwise relative to the project folder."""
    value = _get(name)
    if value == SETTINGS[name][0]:
        return CODE_DIR / value
    return _project_path(value)


def geo_dir() -> Path:
    return _geo_path("ATLAS_GEO_DIR")


def geo_source() -> str:
    value = _get("ATLAS_GEO_SOURCE")
    if value.startswith(("http://", "https://", "file://")):
        return value
    return str(_geo_path("ATLAS_GEO_SOURCE"))


def tile_url() -> str:
    return _get("ATLAS_TILE_URL")


def tile_attribution() -> str:
    return _get("ATLAS_TILE_ATTRIBUTION")


def production() -> bool:
    return _get("ATLAS_ENV").strip().lower() == "production"


PUBLIC_ACCESS = ("auto", "yes", "no")


def public_access() -> str:
    """yes / no / auto; anything unknown means no (the safe side)."""
    value = _get("ATLAS_PUBLIC_ACCESS").strip().lower()
    return value if value in PUBLIC_ACCESS else "no"


def trust_proxy() -> bool:
    return _get("ATLAS_TRUST_PROXY").strip().lower() in ("yes", "true", "1")


def allowed_hosts() -> list[str]:
    """``ATLAS_ALLOWED_HOSTS`` as a list of host names (without ports), lower case."""
    names = [n.strip().lower() for n in _get("ATLAS_ALLOWED_HOSTS").split(",")]
    return [n.removeprefix("[").removesuffix("]") for n in names if n]


def session_hours() -> float:
    try:
        hours = float(_get("ATLAS_SESSION_HOURS"))
    except ValueError:
        return float(SETTINGS["ATLAS_SESSION_HOURS"][0])
    return min(max(hours, 0.25), 24 * 30)


def default_as_of() -> date:
    return date.fromisoformat(_get("ATLAS_DEFAULT_AS_OF"))


def secret_key() -> bytes:
    """The key for hashing NIKs: from the environment, else a per-installation file.

    The file is created once with mode 0600 so that a fresh clone works without any
    configuration while no key ever sits in the repository. In production the key must be
    configured: a key file silently created on one replica would differ from the others'.
    """
    value = os.environ.get("ATLAS_SECRET_KEY") or str(
        _secrets_file().get("ATLAS_SECRET_KEY", "") or ""
    )
    if value:
        return value.encode()
    if production():
        raise MissingSecret(
            "ATLAS_SECRET_KEY belum diatur (mode produksi). Setel variabel lingkungan ATLAS_SECRET_KEY "
            "atau isi .streamlit/secrets.toml; buat kunci dengan: "
            "python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    path = DATA_DIR / "secret.key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        # Written in full under a private name, then linked into place: another process
        # starting at the same moment (two `atlas setup`, the app and a CLI command) either
        # wins the link or finds the whole key — never an empty file, never a crash.
        fd, tmp = tempfile.mkstemp(dir=DATA_DIR, prefix=".secret.key.")
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process won: its key is the installation's
        finally:
            os.unlink(tmp)
    return path.read_text().strip().encode()


# Settings whose value is never shown, not even to admins.
SECRET_SETTINGS = frozenset({"ATLAS_SECRET_KEY"})


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    secret: bool = False

    def shown(self) -> str:
        """The value as the admin page lists it: a secret as •••, the database URL with its
        password masked."""
        if self.secret:
            return "•••"
        if self.name == "DATABASE_URL":
            # Imported here: every upload's reading child process imports this module, and
            # SQLAlchemy took 150 of its 210 ms.
            from sqlalchemy.engine import make_url

            return make_url(database_url()).render_as_string(hide_password=True)
        return value(self.name)


def documented_settings() -> list[Setting]:
    return [Setting(name, d, h, name in SECRET_SETTINGS) for name, (d, h) in SETTINGS.items()]
