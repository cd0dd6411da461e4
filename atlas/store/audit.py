"""The audit log: sign-ins (failed ones too), imports, undos, user changes, exports.

``detail`` holds counts, filters, file names and usernames, never personal data; the
sign-in throttle (``atlas.web.auth``) counts failed attempts from here, so every replica
sees the same count.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Connection, Engine, insert, select

from atlas.core.access import Principal
from atlas.store.models import AuditEvent

ACTIONS = (
    "sign_in",
    "sign_in_failed",
    "sign_in_throttled",
    "sign_out",
    "import",
    "undo",
    "export",
    "user_add",
    "user_change",
    "user_disable",
    "user_enable",
    "user_password",
    "user_unlocked",
    "import_checked",
    "setting",
    "demo_removed",
    "target_set",
    "target_removed",
)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def record(
    bind: Engine | Connection,
    action: str,
    actor: Principal | str | None,
    *,
    target: str | None = None,
    detail: dict | None = None,
    client: str | None = None,
    at: datetime | None = None,
) -> None:
    """Write one event; inside ``bind``'s transaction when it is a connection, so an import
    and its audit line commit (or roll back) together."""
    assert action in ACTIONS, action
    name = actor.username if isinstance(actor, Principal) else actor
    values = {
        "at": at or _now(),
        "actor": (name or None) and name[:80],
        "action": action,
        "target": target[:255] if target else None,
        "detail": json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
        "client": client[:64] if client else None,
    }
    if isinstance(bind, Connection):
        bind.execute(insert(AuditEvent).values(**values))
    else:
        with bind.begin() as conn:
            conn.execute(insert(AuditEvent).values(**values))


def detail_text(detail: str | None) -> str:
    """``{"kind": "roster", "new": 2}`` -> ``kind=roster, new=2`` for the log table."""
    if not detail:
        return ""
    values = json.loads(detail)
    if isinstance(values, dict):
        return ", ".join(f"{k}={v}" for k, v in values.items())
    return str(values)


def recent(
    engine: Engine, *, limit: int = 500, action: str | None = None, actor: str | None = None
) -> list[dict]:
    stmt = select(*AuditEvent.__table__.c).order_by(AuditEvent.id.desc()).limit(limit)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if actor:
        stmt = stmt.where(AuditEvent.actor == actor)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]
