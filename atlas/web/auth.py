"""Local accounts: argon2id password hashes, sign-in with throttling, sessions, user changes.

No Streamlit here: the sign-in page, the admin page and ``python -m atlas users`` call these
functions, and every change is written to the audit log in the same transaction.

Sessions are random tokens; the database keeps only their SHA-256, with an expiry and a
revocation time, and every page run looks the token up again — so a disabled account, a
changed role or a signed-out session takes effect at the next click, on every replica.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from atlas.core import areas, config
from atlas.core.access import ROLES, Principal
from atlas.store import accounts, audit, db

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,79}$")
# Failed sign-ins within WINDOW: an account is held after ACCOUNT_LIMIT, a client (IP address)
# after CLIENT_LIMIT (one client guessing many accounts).
WINDOW = timedelta(minutes=15)
ACCOUNT_LIMIT = 5
CLIENT_LIMIT = 20
# The audit log's client for everything done from the command line; its sign-ins are held
# apart from the web's (``_same_channel``).
CONSOLE_CLIENT = "cli"

_hasher = PasswordHasher()  # argon2id, the library's recommended parameters


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so that a wrong name costs as much time
    as a wrong password and response times do not tell which accounts exist. Built on first
    use, not at import: every command-line call imports this module and most never sign in."""
    return _hasher.hash(secrets.token_hex(16))


def prepare() -> None:
    """Build the dummy hash now, so that a server's first sign-in with an unknown name takes
    no longer than the others (``app.py`` calls this before it listens)."""
    _dummy_hash()


class AuthError(Exception):
    """A refused sign-in or user change; ``key`` is an i18n message key."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def normalise_username(name: str) -> str:
    return (name or "").strip().lower()


def check_username(name: str) -> str:
    name = normalise_username(name)
    if not USERNAME.match(name):
        raise AuthError("auth.bad_username")
    return name


def check_password(username: str, password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise AuthError("auth.password_short", n=MIN_PASSWORD)
    if normalise_username(password) == normalise_username(username):
        raise AuthError("auth.password_is_name")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _principal(user: dict) -> Principal:
    return Principal(
        username=user["username"],
        role=user["role"],
        province=user["province_code"],
        display_name=user["display_name"] or user["username"],
        area=user.get("area_code"),
    )


def _check_role(
    conn: Connection, role: str, province: str | None, area: str | None = None
) -> tuple[str | None, str | None]:
    """(province, area) the account is scoped to: a coordinator's province (or, in the
    country's deployment, a whole centre's area); any other role's area, if given."""
    if role not in ROLES:
        raise AuthError("auth.bad_role", roles=", ".join(ROLES))
    area = _check_area(area)
    province = (province or "").strip() if role == "coordinator" else ""
    # A coordinator has a province, unless a whole centre's area is given.
    needs_province = role == "coordinator" and (province or not area)
    if needs_province and not accounts.is_province(conn, province):
        raise AuthError("auth.bad_province")
    if area and province and province not in areas.named(area).provinces:
        raise AuthError("auth.province_outside_area", province=province, area=area)
    return province or None, area


def _scope_detail(role: str, province: str | None, area: str | None) -> dict:
    # An account of the whole deployment is logged as before areas existed.
    return {"role": role, "province": province} | ({"area": area} if area else {})


def _check_area(area: str | None) -> str | None:
    area = (area or "").strip().lower()
    if not area:
        return None
    centre = areas.BY_CODE.get(area)
    if centre is None or centre.national:
        codes = ", ".join(a.code for a in areas.CENTRES)
        raise AuthError("auth.bad_area", value=area, codes=codes)
    return area


# ---- users ------------------------------------------------------------------------------


def add_user(
    engine: Engine,
    username: str,
    password: str,
    role: str,
    *,
    actor: Principal,
    province: str | None = None,
    display_name: str | None = None,
    client: str | None = None,
    area: str | None = None,
) -> None:
    """Create an account. ``actor`` must be an admin, except for the very first admin of an
    installation (created from the terminal: there is nobody to sign in as yet)."""
    username = check_username(username)
    check_password(username, password)
    with engine.begin() as conn:
        if not actor.may_administer() and not (role == "admin" and _admin_count(conn) == 0):
            raise AuthError("auth.admin_only")
        province, area = _check_role(conn, role, province, area)
        if accounts.user(conn, username):
            raise AuthError("auth.exists", name=username)
        accounts.add(
            conn,
            username=username,
            display_name=(display_name or username).strip()[:120],
            password_hash=hash_password(password),
            role=role,
            province_code=province,
            area_code=area,
            active=True,
            created_at=_now(),
        )
        audit.record(
            conn,
            "user_add",
            actor if actor.signed_in else username,
            target=username,
            detail=_scope_detail(role, province, area),
            client=client,
        )


def _admin_count(conn: Connection) -> int:
    return accounts.active_admins(conn)


def list_users(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        return accounts.users(conn)


def _require_admin(actor: Principal) -> None:
    if not actor.may_administer():
        raise AuthError("auth.admin_only")


def _existing(conn: Connection, username: str) -> dict:
    row = accounts.user(conn, normalise_username(username))
    if row is None:
        raise AuthError("auth.no_such_user", name=username)
    return row


def _revoke_sessions(conn: Connection, user_id: int) -> None:
    accounts.revoke(conn, _now(), user_id=user_id)


def set_active(
    engine: Engine, username: str, active: bool, *, actor: Principal, client: str | None = None
) -> None:
    _require_admin(actor)
    with engine.begin() as conn:
        row = _existing(conn, username)
        if not active and row["username"] == actor.username:
            raise AuthError("auth.not_yourself")
        if not active and row["role"] == "admin" and row["active"] and _admin_count(conn) <= 1:
            raise AuthError("auth.last_admin")
        accounts.change(conn, row["id"], active=active)
        if not active:
            _revoke_sessions(conn, row["id"])
        audit.record(
            conn,
            "user_enable" if active else "user_disable",
            actor,
            target=row["username"],
            client=client,
        )


def change_role(
    engine: Engine,
    username: str,
    role: str,
    *,
    actor: Principal,
    province: str | None = None,
    client: str | None = None,
    area: str | None = None,
) -> None:
    _require_admin(actor)
    with engine.begin() as conn:
        row = _existing(conn, username)
        province, area = _check_role(conn, role, province, area)
        if row["role"] == "admin" and role != "admin" and _admin_count(conn) <= 1:
            raise AuthError("auth.last_admin")
        accounts.change(conn, row["id"], role=role, province_code=province, area_code=area)
        audit.record(
            conn,
            "user_change",
            actor,
            target=row["username"],
            detail=_scope_detail(role, province, area),
            client=client,
        )


def reset_password(
    engine: Engine, username: str, password: str, *, actor: Principal, client: str | None = None
) -> None:
    """Admins reset anyone's password; everyone may change their own. Open sessions end."""
    with engine.begin() as conn:
        row = _existing(conn, username)
        if not actor.may_administer() and actor.username != row["username"]:
            raise AuthError("auth.admin_only")
        check_password(row["username"], password)
        accounts.change(conn, row["id"], password_hash=hash_password(password))
        _revoke_sessions(conn, row["id"])
        audit.record(conn, "user_password", actor, target=row["username"], client=client)


# ---- sign-in ----------------------------------------------------------------------------


def _account_failures(conn: Connection, since: datetime, name: str, client: str) -> int:
    """Failures from the command line hold the account on the command line, failures from
    the web on the web: five wrong passwords typed on the sign-in page for an admin's name
    had shut the console out too, and with it every way back in."""
    console = client == CONSOLE_CLIENT
    return accounts.account_failures(conn, since, name, CONSOLE_CLIENT, console)


def unlock(engine: Engine, username: str, *, actor: Principal, client: str | None = None) -> None:
    """End the hold on an account that too many failed sign-ins put on it (the client's own
    hold stays). Admins, and the console."""
    with engine.begin() as conn:
        row = _existing(conn, username)
        if not actor.may_administer():
            raise AuthError("auth.admin_only")
        audit.record(conn, "user_unlocked", actor, target=row["username"], client=client)


def authenticate(
    engine: Engine, username: str, password: str, client: str, now: datetime | None = None
) -> Principal:
    """The principal for a correct username and password; ``AuthError`` otherwise.

    The same message for an unknown name, a wrong password and a disabled account. While an
    account or a client is held, even the right password is refused (``auth.throttled``).
    """
    now = now or _now()
    name = normalise_username(username)[:80]
    # The refusal is raised after the transaction commits: the failed attempt must be counted.
    refusal = None
    with engine.begin() as conn:
        # Counting the failures and recording this attempt must be one step per account and
        # per client: twelve attempts at once had all been checked against the same count.
        db.lock(conn, f"sign-in account {name}", f"sign-in client {client}")
        since = now - WINDOW
        if (
            _account_failures(conn, since, name, client) >= ACCOUNT_LIMIT
            or accounts.client_failures(conn, since, client) >= CLIENT_LIMIT
        ):
            audit.record(conn, "sign_in_throttled", name, client=client, at=now)
            refusal = AuthError("auth.throttled", minutes=int(WINDOW.total_seconds() // 60))
        else:
            row = accounts.user(conn, name)
            try:
                _hasher.verify(row["password_hash"] if row else _dummy_hash(), password or "")
                ok = row is not None and bool(row["active"])
            except (VerificationError, InvalidHashError):
                ok = False
            if ok:
                if _hasher.check_needs_rehash(row["password_hash"]):
                    accounts.change(conn, row["id"], password_hash=hash_password(password))
                audit.record(conn, "sign_in", name, client=client, at=now)
            else:
                audit.record(conn, "sign_in_failed", name, client=client, at=now)
                refusal = AuthError("auth.failed")
    if refusal is not None:
        raise refusal
    return _principal(row)


def principal_for_email(
    engine: Engine, email: str | None, client: str | None = None
) -> Principal | None:
    """An OIDC sign-in (``st.login``) is let in only when an admin created an active account
    whose username is that e-mail address; the identity provider proves who, we decide what."""
    name = normalise_username(email or "")
    if not name:
        return None
    with engine.connect() as conn:
        row = accounts.user(conn, name)
    return _principal(row) if row and row["active"] else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


SESSION_COOKIE = "atlas_session"
TICKET_SECONDS = 60
# A ticket's row is stored under the digest of this prefix + the ticket, so a ticket is never
# accepted as a session token (resolve_session digests the bare value).
_TICKET = "ticket:"


def _new_session(conn: Connection, user_id: int, now: datetime, seconds: float, key: str) -> None:
    accounts.add_session(conn, _digest(key), user_id, now, now + timedelta(seconds=seconds))


def start_session(engine: Engine, principal: Principal, now: datetime | None = None) -> str:
    now = now or _now()
    token = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        row = _existing(conn, principal.username or "")
        _new_session(conn, row["id"], now, config.session_hours() * 3600, token)
    return token


def cookie_ticket(engine: Engine, principal: Principal, now: datetime | None = None) -> str:
    """A one-time ticket, valid for a minute, that the browser exchanges (``redeem_ticket``,
    through the server's ``/_atlas/cookie``) for a session cookie scripts cannot read
    (HttpOnly). Only the ticket ever reaches the page, never a session token."""
    now = now or _now()
    ticket = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        row = _existing(conn, principal.username or "")
        _new_session(conn, row["id"], now, TICKET_SECONDS, _TICKET + ticket)
    return ticket


def redeem_ticket(engine: Engine, ticket: object, now: datetime | None = None) -> str | None:
    """Spend a ticket: a new session token for the cookie, or None when the ticket is unknown,
    spent, expired, or its account disabled. A ticket works once, even when two requests
    race (the update that spends it must change exactly one row)."""
    if not isinstance(ticket, str) or not ticket or len(ticket) > 200:
        return None
    now = now or datetime.now()
    with engine.begin() as conn:
        row = accounts.live_session(conn, _digest(_TICKET + ticket), now)
        if row is None or not accounts.spend(conn, row.id, now):
            return None
        token = secrets.token_urlsafe(32)
        _new_session(conn, row.user_id, now, config.session_hours() * 3600, token)
    return token


def resolve_session(
    engine: Engine, token: str | None, now: datetime | None = None
) -> Principal | None:
    """The signed-in principal of a session token, or None when it is unknown (tampered),
    expired, revoked, or its account is disabled."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    now = now or datetime.now()
    with engine.connect() as conn:
        row = accounts.session_principal(conn, _digest(token), now)
    return _principal(row) if row else None


def end_session(engine: Engine, *tokens: str | None, client: str | None = None) -> None:
    """Sign out: the tab's session and the cookie's (one sign-in has both), one audit event."""
    digests = {_digest(t) for t in tokens if isinstance(t, str) and t}
    if not digests:
        return
    with engine.begin() as conn:
        rows = accounts.open_sessions(conn, digests)
        if rows:
            accounts.revoke(conn, _now(), ids=[r.id for r in rows])
            audit.record(conn, "sign_out", rows[0].username, client=client)
