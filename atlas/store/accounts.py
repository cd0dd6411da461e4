"""The accounts' rows: users, their sessions, and the failed sign-ins the audit log holds.

Statements only; the rules (who may change what, throttling, hashing, tokens) are
``atlas.web.auth``'s, which calls these inside its own transactions.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, and_, func, insert, or_, select, update

from atlas.store.models import AppUser, AuditEvent, Region, UserSession

LISTED = ("username", "display_name", "role", "province_code", "area_code", "active", "created_at")
_PRINCIPAL = (
    AppUser.username,
    AppUser.role,
    AppUser.province_code,
    AppUser.area_code,
    AppUser.display_name,
)


def user(conn: Connection, username: str) -> dict | None:
    """Every column of the account named ``username``."""
    query = select(*AppUser.__table__.c).where(AppUser.username == username)
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def users(conn: Connection) -> list[dict]:
    """The accounts as the admin page lists them, by name (no password hashes)."""
    cols = [AppUser.__table__.c[name] for name in LISTED]
    return [dict(r) for r in conn.execute(select(*cols).order_by(AppUser.username)).mappings()]


def is_province(conn: Connection, code: str) -> bool:
    query = select(func.count()).select_from(Region)
    return bool(conn.execute(query.where(Region.code == code, Region.level == "province")).scalar())


def active_admins(conn: Connection) -> int:
    query = select(func.count()).select_from(AppUser)
    return (
        conn.execute(query.where(AppUser.role == "admin", AppUser.active.is_(True))).scalar() or 0
    )


def add(conn: Connection, **values: object) -> None:
    conn.execute(insert(AppUser).values(**values))


def change(conn: Connection, user_id: int, **values: object) -> None:
    conn.execute(update(AppUser).where(AppUser.id == user_id).values(**values))


# ---- sessions ---------------------------------------------------------------------------


def add_session(
    conn: Connection, token_hash: str, user_id: int, now: datetime, expires: datetime
) -> None:
    row = {"token_hash": token_hash, "user_id": user_id, "created_at": now, "expires_at": expires}
    conn.execute(insert(UserSession).values(**row))


def _live(token_hash: str | set[str], now: datetime | None) -> list:
    """A session's row is live when it is not revoked (and, at ``now``, not expired) and its
    account is active."""
    by_hash = (
        UserSession.token_hash.in_(token_hash)
        if isinstance(token_hash, set)
        else UserSession.token_hash == token_hash
    )
    where = [by_hash, UserSession.revoked_at.is_(None)]
    if now is not None:
        where += [UserSession.expires_at > now, AppUser.active.is_(True)]
    return where


def session_principal(conn: Connection, token_hash: str, now: datetime) -> dict | None:
    """The account (name, role, province, display name) of a live session."""
    query = select(*_PRINCIPAL).join(UserSession, UserSession.user_id == AppUser.id)
    row = conn.execute(query.where(and_(*_live(token_hash, now)))).mappings().first()
    return dict(row) if row else None


def live_session(conn: Connection, token_hash: str, now: datetime):
    """(id, user_id) of a live session row, or None."""
    query = select(UserSession.id, UserSession.user_id).join(
        AppUser, AppUser.id == UserSession.user_id
    )
    return conn.execute(query.where(*_live(token_hash, now))).first()


def spend(conn: Connection, session_id: int, now: datetime) -> bool:
    """Revoke one session row; False when another request revoked it first."""
    spent = conn.execute(
        update(UserSession)
        .where(UserSession.id == session_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return spent.rowcount == 1


def open_sessions(conn: Connection, token_hashes: set[str]) -> list:
    """(id, username) of the sessions among ``token_hashes`` not yet revoked."""
    query = select(UserSession.id, AppUser.username).join(
        AppUser, AppUser.id == UserSession.user_id
    )
    return conn.execute(query.where(*_live(token_hashes, None))).all()


def revoke(conn: Connection, now: datetime, *, ids: list[int] = (), user_id: int | None = None):
    """Revoke the sessions ``ids``, or every open session of ``user_id``."""
    where = (
        [UserSession.user_id == user_id, UserSession.revoked_at.is_(None)]
        if user_id is not None
        else [UserSession.id.in_(list(ids))]
    )
    conn.execute(update(UserSession).where(*where).values(revoked_at=now))


# ---- failed sign-ins --------------------------------------------------------------------


def _channel(console_client: str, console: bool):
    if console:
        return AuditEvent.client == console_client
    return or_(AuditEvent.client.is_(None), AuditEvent.client != console_client)


def account_failures(
    conn: Connection, since: datetime, name: str, console_client: str, console: bool
) -> int:
    """The account's failed sign-ins on one channel (the console's, or the web's) since
    ``since``; a later successful sign-in or an unlock clears the count."""
    cleared = (
        select(func.max(AuditEvent.at))
        .where(
            or_(
                and_(AuditEvent.action == "sign_in", AuditEvent.actor == name),
                and_(AuditEvent.action == "user_unlocked", AuditEvent.target == name),
            )
        )
        .scalar_subquery()
    )
    return _failures(
        conn,
        AuditEvent.actor == name,
        _channel(console_client, console),
        AuditEvent.at >= since,
        AuditEvent.at >= func.coalesce(cleared, since),
    )


def client_failures(conn: Connection, since: datetime, client: str) -> int:
    """A client's failed sign-ins on any account since ``since`` (no success clears them)."""
    return _failures(conn, AuditEvent.client == client, AuditEvent.at >= since)


def _failures(conn: Connection, *where) -> int:
    query = select(func.count()).select_from(AuditEvent)
    return conn.execute(query.where(AuditEvent.action == "sign_in_failed", *where)).scalar() or 0
