"""What every page reads beside its own screen model: the database (its engine, whether it
answers and is set up, the data version), the small lists every page shows (region names,
provinces, waves, the site's state) and the record of a download. ``ui/`` calls these, never
the store itself (the import contracts in ``pyproject.toml`` keep it so)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from atlas.core import access
from atlas.core.access import Principal
from atlas.store import audit, db, lookups, site_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

DatabaseUnavailable = db.DatabaseUnavailable
data_version = db.data_version
region_names = lookups.region_names
provinces = lookups.provinces
waves = lookups.waves
page_meta = lookups.page_meta


def engine(on_commit: Callable[[], None]) -> Engine:
    """The process's engine; ``on_commit`` is called after each commit made through it."""
    made = db.make_engine()
    db.on_commit(made, on_commit)
    return made


def ready(engine: Engine) -> bool:
    """Whether the schema is set up and current; ``DatabaseUnavailable`` when the database
    does not answer."""
    db.check_connection(engine)
    return db.schema_is_current(engine)


def public_access(meta: dict[str, str]) -> str:
    """yes / no / auto, as the admin or the settings chose (``page_meta``'s values)."""
    return site_settings.public_access(meta)


def public_open(meta: dict[str, str]) -> bool:
    """Whether visitors may open the aggregate pages: under ``auto``, while the demo is all
    there is."""
    return access.public_pages_open(public_access(meta), meta.get("demo") == "1")


def record_download(
    engine: Engine, who: Principal, file_name: str, size: int, client: str | None
) -> None:
    """A file someone downloaded, in the audit log."""
    audit.record(engine, "export", who, target=file_name, client=client, detail={"bytes": size})
