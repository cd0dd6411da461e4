"""Accounts, sign-in, throttling, sessions and the audit log, on SQLite and PostgreSQL."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from atlas.core.access import ANONYMOUS, SYSTEM, Principal
from atlas.store import audit
from atlas.store.models import AppUser, AuditEvent, UserSession
from atlas.web import auth

PW = "benar-sekali-123"
T0 = datetime(2026, 11, 28, 9, 0, 0)


@pytest.fixture
def users(engine):
    e = engine
    auth.add_user(e, "admin", PW, "admin", actor=ANONYMOUS)  # the first admin needs nobody
    admin = auth.authenticate(e, "admin", PW, "test")
    auth.add_user(e, "Staf", PW, "data_staff", actor=admin, display_name="Staf Data")
    auth.add_user(e, "koor", PW, "coordinator", actor=admin, province="34")
    return e, admin


def actions(engine, **kw):
    return [ev["action"] for ev in audit.recent(engine, **kw)]


def test_passwords_are_argon2_hashes_never_clear(users):
    e, _ = users
    with e.connect() as conn:
        hashes = conn.execute(select(AppUser.password_hash)).scalars().all()
    assert len(hashes) == 3 and all(h.startswith("$argon2id$") and PW not in h for h in hashes)


def test_sign_in_and_the_same_refusal_for_every_wrong_case(users):
    e, admin = users
    staff = auth.authenticate(e, "  STAF ", PW, "c1")  # names are case- and space-insensitive
    assert staff == Principal("staf", "data_staff", None, "Staf Data")
    refusals = []
    for name, pw in (("staf", "salah-sekali-1"), ("tidak-ada", PW), ("staf", "")):
        with pytest.raises(auth.AuthError) as err:
            auth.authenticate(e, name, pw, "c1")
        refusals.append(err.value.key)
    auth.set_active(e, "staf", False, actor=admin)
    with pytest.raises(auth.AuthError) as err:
        auth.authenticate(e, "staf", PW, "c1")
    assert set(refusals + [err.value.key]) == {"auth.failed"}
    assert actions(e, action="sign_in_failed") and len(actions(e, action="sign_in_failed")) == 4


def test_failed_attempts_are_throttled_per_account(users):
    e, _ = users
    for i in range(auth.ACCOUNT_LIMIT):
        with pytest.raises(auth.AuthError):
            auth.authenticate(e, "staf", f"tebakan-{i:04d}", f"c{i}", now=T0)
    with pytest.raises(auth.AuthError) as err:  # even the right password, from a new client
        auth.authenticate(e, "staf", PW, "fresh", now=T0 + timedelta(minutes=1))
    assert err.value.key == "auth.throttled"
    assert (
        auth.authenticate(e, "koor", PW, "fresh", now=T0 + timedelta(minutes=1)).role
        == "coordinator"
    )
    later = T0 + auth.WINDOW + timedelta(minutes=1)
    assert auth.authenticate(e, "staf", PW, "fresh", now=later).username == "staf"
    assert "sign_in_throttled" in actions(e)


def test_failed_attempts_are_throttled_per_client(users):
    e, _ = users
    for i in range(auth.CLIENT_LIMIT):  # one client, many (made-up) accounts
        with pytest.raises(auth.AuthError):
            auth.authenticate(e, f"tebak{i}", "apa-saja-1234", "10.0.0.9", now=T0)
    with pytest.raises(auth.AuthError) as err:
        auth.authenticate(e, "koor", PW, "10.0.0.9", now=T0 + timedelta(minutes=2))
    assert err.value.key == "auth.throttled"
    assert (
        auth.authenticate(e, "koor", PW, "10.0.0.10", now=T0 + timedelta(minutes=2)).username
        == "koor"
    )


def test_sessions_tampered_expired_revoked_disabled(users):
    e, admin = users
    staff = auth.authenticate(e, "staf", PW, "c")
    token = auth.start_session(e, staff, now=T0)
    assert auth.resolve_session(e, token, now=T0 + timedelta(hours=1)) == staff
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (flipped, token + "x", "", None, "x" * 5000, 12345):
        assert auth.resolve_session(e, bad, now=T0) is None
    assert auth.resolve_session(e, token, now=T0 + timedelta(hours=13)) is None  # 12 h by default
    with e.connect() as conn:  # only the digest is stored
        assert conn.execute(select(UserSession.token_hash)).scalar() != token
    auth.end_session(e, token)
    assert auth.resolve_session(e, token, now=T0 + timedelta(hours=1)) is None

    second = auth.start_session(e, staff)
    auth.change_role(e, "staf", "viewer", actor=admin)  # a role change applies at the next run
    assert auth.resolve_session(e, second).role == "viewer"
    auth.set_active(e, "staf", False, actor=admin)
    assert auth.resolve_session(e, second) is None
    auth.set_active(e, "staf", True, actor=admin)
    assert auth.resolve_session(e, second) is None  # disabling ended the session for good


def test_password_reset_ends_sessions_and_needs_the_right(users):
    e, admin = users
    staff = auth.authenticate(e, "staf", PW, "c")
    token = auth.start_session(e, staff)
    with pytest.raises(auth.AuthError):
        auth.reset_password(e, "koor", "baru-sekali-123", actor=staff)  # not theirs
    auth.reset_password(e, "staf", "baru-sekali-123", actor=staff)  # their own
    assert auth.resolve_session(e, token) is None
    auth.reset_password(e, "staf", "lagi-baru-12345", actor=admin)
    assert auth.authenticate(e, "staf", "lagi-baru-12345", "c").username == "staf"
    with pytest.raises(auth.AuthError) as err:
        auth.reset_password(e, "staf", "pendek", actor=admin)
    assert err.value.key == "auth.password_short"


def test_account_rules(users):
    e, admin = users
    staff = auth.authenticate(e, "staf", PW, "c")
    cases = [
        (lambda: auth.add_user(e, "baru", PW, "viewer", actor=staff), "auth.admin_only"),
        (lambda: auth.add_user(e, "kedua", PW, "admin", actor=ANONYMOUS), "auth.admin_only"),
        (lambda: auth.add_user(e, "baru", PW, "coordinator", actor=admin), "auth.bad_province"),
        (
            lambda: auth.add_user(e, "baru", PW, "coordinator", actor=admin, province="11"),
            "auth.bad_province",
        ),
        (lambda: auth.add_user(e, "baru", PW, "superuser", actor=admin), "auth.bad_role"),
        (
            lambda: auth.add_user(e, "a'; DROP TABLE app_user;--", PW, "viewer", actor=admin),
            "auth.bad_username",
        ),
        (lambda: auth.add_user(e, "staf", PW, "viewer", actor=admin), "auth.exists"),
        (lambda: auth.add_user(e, "baru", "baru", "viewer", actor=admin), "auth.password_short"),
        (
            lambda: auth.add_user(e, "baru-sekali-123", "baru-sekali-123", "viewer", actor=admin),
            "auth.password_is_name",
        ),
        (lambda: auth.set_active(e, "admin", False, actor=admin), "auth.not_yourself"),
        (lambda: auth.change_role(e, "admin", "viewer", actor=admin), "auth.last_admin"),
        (lambda: auth.set_active(e, "koor", False, actor=staff), "auth.admin_only"),
        (lambda: auth.change_role(e, "tidak-ada", "viewer", actor=admin), "auth.no_such_user"),
    ]
    for call, key in cases:
        with pytest.raises(auth.AuthError) as err:
            call()
        assert err.value.key == key
    assert [u["username"] for u in auth.list_users(e)] == ["admin", "koor", "staf"]


def test_every_change_is_in_the_audit_log(users):
    e, admin = users
    auth.change_role(e, "koor", "coordinator", actor=admin, province="35", client="10.1.1.1")
    auth.set_active(e, "koor", False, actor=admin)
    auth.set_active(e, "koor", True, actor=admin)
    auth.reset_password(e, "koor", "baru-sekali-123", actor=admin)
    log = audit.recent(e)
    assert [ev["action"] for ev in log][:4] == [
        "user_password",
        "user_enable",
        "user_disable",
        "user_change",
    ]
    change = log[3]
    assert (
        change["actor"] == "admin" and change["target"] == "koor" and change["client"] == "10.1.1.1"
    )
    assert audit.detail_text(change["detail"]) == "role=coordinator, province=35"
    assert actions(e).count("user_add") == 3
    assert all("benar-sekali" not in (ev["detail"] or "") for ev in log)  # no password anywhere


def test_system_principal_is_no_account(users):
    e, _ = users
    with pytest.raises(auth.AuthError):
        auth.start_session(e, SYSTEM)  # "sistem" cannot be signed in as


def test_a_cookie_ticket_buys_one_session_once(users):
    """The page only ever holds a ticket: it is not a session, it works once within a minute,
    and two requests racing with the same ticket get one session between them."""
    import threading

    e, admin = users
    staff = auth.authenticate(e, "staf", PW, "c")
    ticket = auth.cookie_ticket(e, staff, now=T0)
    assert auth.resolve_session(e, ticket, now=T0) is None  # a ticket is no session token
    assert auth.redeem_ticket(e, ticket, now=T0 + timedelta(seconds=61)) is None  # expired
    ticket = auth.cookie_ticket(e, staff)
    token = auth.redeem_ticket(e, ticket)
    assert token and auth.resolve_session(e, token) == staff
    assert auth.redeem_ticket(e, ticket) is None  # spent
    for bad in ("", None, 12345, "x" * 5000, ticket + "x"):
        assert auth.redeem_ticket(e, bad) is None

    ticket = auth.cookie_ticket(e, staff)
    results: list = []
    barrier = threading.Barrier(8)

    def race():
        barrier.wait()
        results.append(auth.redeem_ticket(e, ticket))

    threads = [threading.Thread(target=race) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sum(r is not None for r in results) == 1

    ticket = auth.cookie_ticket(e, staff)
    auth.set_active(e, "staf", False, actor=admin)
    assert auth.redeem_ticket(e, ticket) is None  # a disabled account gets no cookie


def test_sign_out_ends_the_tab_and_the_cookie_session_with_one_event(users):
    e, _ = users
    staff = auth.authenticate(e, "staf", PW, "c")
    tab = auth.start_session(e, staff)
    cookie = auth.redeem_ticket(e, auth.cookie_ticket(e, staff))
    auth.end_session(e, tab, cookie, client="c")
    assert auth.resolve_session(e, tab) is None and auth.resolve_session(e, cookie) is None
    assert actions(e).count("sign_out") == 1


def _at_once(engine, attempts) -> None:
    import threading

    barrier = threading.Barrier(len(attempts))

    def go(name, password, client):
        barrier.wait()
        try:
            auth.authenticate(engine, name, password, client, now=T0)
        except auth.AuthError:
            pass

    threads = [threading.Thread(target=go, args=a) for a in attempts]
    for th in threads:
        th.start()
    for th in threads:
        th.join()


def _evaluated(engine, **where) -> int:
    with engine.connect() as conn:
        q = (
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.action.in_(["sign_in", "sign_in_failed"]),
                *[getattr(AuditEvent, k) == v for k, v in where.items()],
            )
        )
        return conn.execute(q).scalar()


def test_thirty_attempts_at_once_are_held_to_the_limits(users):
    """The count of failures and the record of an attempt are one step: thirty guesses at once
    get no more evaluations than the limits allow, and the right password is then refused.
    (A right password among the guesses is not used here: its success would clear the count,
    as it should, and make the number of evaluations depend on the threads' order.)"""
    e, _ = users
    _at_once(e, [("staf", f"tebakan-{i:04d}", f"10.1.0.{i}") for i in range(30)])
    assert _evaluated(e, actor="staf") <= auth.ACCOUNT_LIMIT
    with pytest.raises(auth.AuthError) as err:
        auth.authenticate(e, "staf", PW, "10.1.0.99", now=T0)
    assert err.value.key == "auth.throttled"

    _at_once(e, [(f"orang{i}", "apa-saja-1234", "10.2.0.1") for i in range(30)])
    assert _evaluated(e, client="10.2.0.1") <= auth.CLIENT_LIMIT


def test_accounts_scoped_to_a_centres_area(users, serve_area):
    # The country's deployment (#34): a centre's staff see their area's personal data only.
    from atlas.store import setup

    e, admin = users
    serve_area("nasional")
    setup.load_regions(e)
    auth.add_user(e, "padang1", PW, "coordinator", actor=admin, area="padang")
    auth.add_user(e, "staf_jyp", PW, "data_staff", actor=admin, area="Jayapura")
    padang = auth.authenticate(e, "padang1", PW, "test")
    assert padang.area == "padang" and padang.province is None
    assert padang.sees_details("13.71") and not padang.sees_details("34.04")
    staff = auth.authenticate(e, "staf_jyp", PW, "test")
    assert staff.area == "jayapura" and staff.sees_details("91.03.01")
    assert not staff.sees_details("34.04") and not staff.sees_details(None)
    assert admin.sees_details("34.04") and admin.sees_details(None)  # the whole deployment
    for kwargs, key in (
        ({"area": "nasional"}, "auth.bad_area"),
        ({"area": "jogja"}, "auth.bad_area"),
        ({"area": "padang", "province": "34"}, "auth.province_outside_area"),
    ):
        with pytest.raises(auth.AuthError) as exc:
            auth.add_user(e, "x_" + key[-4:], PW, "coordinator", actor=admin, **kwargs)
        assert exc.value.key == key
    auth.change_role(e, "padang1", "coordinator", actor=admin, province="13", area="padang")
    scoped = auth.authenticate(e, "padang1", PW, "test")
    assert scoped.province == "13" and not scoped.sees_details("12.01")
    changes = [ev for ev in audit.recent(e) if ev["target"] == "padang1"]
    assert changes and all("padang" in str(ev["detail"]) for ev in changes)
