"""Settings an admin changes in the app (stored in ``meta``, seen by every replica at once).

Only the public-access choice lives here; everything else is configuration from the
environment (``atlas.core.config``), which the app shows but never edits.
"""

from __future__ import annotations

from sqlalchemy import Engine

from atlas.core import config
from atlas.core.access import Denied, Principal
from atlas.store import audit, db

PUBLIC_KEY = "public_access"


def public_access(meta: dict[str, str]) -> str:
    """yes / no / auto: the admin's choice when one was made, else ATLAS_PUBLIC_ACCESS."""
    value = meta.get(PUBLIC_KEY)
    return value if value in config.PUBLIC_ACCESS else config.public_access()


def set_public_access(
    engine: Engine, value: str, *, actor: Principal, client: str | None = None
) -> None:
    if not actor.may_administer():
        raise Denied("auth.admin_only")
    if value not in config.PUBLIC_ACCESS:
        raise ValueError(value)
    with engine.begin() as conn:
        db.set_meta(conn, PUBLIC_KEY, value)
        db.bump_data_version(conn)  # cached meta (and so every replica) sees it at the next run
        audit.record(
            conn, "setting", actor, target=PUBLIC_KEY, detail={"value": value}, client=client
        )
