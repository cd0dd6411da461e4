"""Admins: accounts (add, role, disable, new password), the audit log, and settings."""

import streamlit as st

from atlas.core.access import Denied
from atlas.core.i18n import fmt_int, t, tmd
from atlas.screens import admin_screen
from atlas.web import auth
from ui import account, cache, chrome

ctx = chrome.start("admin")  # stops here for anyone but admins
lang = ctx.lang
me = ctx.principal
engine = cache.engine()
client = account.client_id()
st.title(t("admin.title", lang))

action = st.session_state.get("audit_action") or None
screen = admin_screen.build(engine, auth.list_users(engine), lang, action)
provinces, roles, centres = screen.provinces, screen.roles, screen.centres


def _area_choice(centres: dict[str, str], lang: str, current: str | None) -> str | None:
    """The centre whose area an account is scoped to (the country's deployment only)."""
    if not centres:
        return None
    codes = ["", *centres]
    return st.selectbox(
        t("admin.area", lang),
        codes,
        index=codes.index(current or "") if (current or "") in codes else 0,
        format_func=lambda c: centres.get(c) or t("admin.area.all", lang),
        help=t("admin.area.help", lang),
    )


def _attempt(action, *args, ok: str, **kwargs) -> None:
    """Run one account change; show what the rules refused in the user's language."""
    try:
        action(engine, *args, actor=me, client=client, **kwargs)
    except (auth.AuthError, Denied, admin_screen.TargetRefused) as exc:
        st.error(tmd(exc.key, lang, **exc.params))
    else:
        st.session_state["admin_notice"] = ok
        st.rerun()


def _targets(screen: admin_screen.AdminScreen) -> None:
    """The graduation targets: the list, a form to set one, a form to remove one."""
    st.markdown(f"**{t('admin.targets', lang)}**")
    st.caption(t("admin.targets.help", lang))
    if screen.targets_table.empty:
        st.caption(t("admin.targets.none", lang))
    else:
        st.dataframe(screen.targets_table, hide_index=True, width="stretch")
    areas = screen.target_areas
    with st.form("set_target", clear_on_submit=True):
        c1, c2, c3 = st.columns(3)
        year = c1.number_input(t("admin.target.year", lang), value=cache.default_as_of().year)
        area = c2.selectbox(t("admin.target.area", lang), list(areas), format_func=areas.get)
        number = c3.number_input(t("admin.target.number", lang), value=None, step=1000)
        if st.form_submit_button(t("admin.target.save", lang)):
            n = int(number or 0)
            saved = t("target.saved", lang, year=year, area=areas[area], target=fmt_int(n, lang))
            _attempt(admin_screen.set_target, int(year), area, n, ok=saved)
    if screen.target_keys:
        with st.form("remove_target"):
            keys = screen.target_keys
            pick = st.selectbox(t("admin.target.pick", lang), list(keys), format_func=keys.get)
            if st.form_submit_button(t("admin.target.remove", lang)):
                year, area = pick.split("|")
                gone = t("target.removed", lang, target=keys[pick])
                _attempt(admin_screen.remove_target, int(year), area, ok=gone)


if notice := st.session_state.pop("admin_notice", None):
    st.success(notice)

users_tab, audit_tab, settings_tab = st.tabs(
    [t("admin.users", lang), t("admin.audit", lang), t("admin.settings", lang)]
)

with users_tab:
    users = screen.users
    if not screen.users_table.empty:
        st.dataframe(screen.users_table, hide_index=True, width="stretch")

    left, right = st.columns(2, gap="large")
    with left, st.form("add_user", clear_on_submit=True):
        st.markdown(f"**{t('admin.add', lang)}**")
        name = st.text_input(t("signin.username", lang))
        display = st.text_input(t("admin.display_name", lang))
        role = st.selectbox(t("admin.role", lang), list(roles), format_func=roles.get)
        province = st.selectbox(
            t("admin.province", lang), ["", *provinces], format_func=lambda c: provinces.get(c, "–")
        )
        area = _area_choice(centres, lang, None)
        password = st.text_input(
            t("signin.password", lang), type="password", autocomplete="new-password"
        )
        if st.form_submit_button(t("admin.add", lang), type="primary"):
            _attempt(
                auth.add_user,
                name,
                password,
                role,
                province=province or None,
                area=area or None,
                display_name=display or None,
                ok=t("admin.created", lang, name=name.strip().lower()),
            )

    with right:
        names = [u["username"] for u in users]
        pick = st.selectbox(t("admin.pick", lang), names, key="admin_pick") if names else None
        current = next((u for u in users if u["username"] == pick), None)
        if current:
            with st.form("change_user"):
                new_role = st.selectbox(
                    t("admin.role", lang),
                    list(roles),
                    index=list(roles).index(current["role"]),
                    format_func=roles.get,
                )
                codes = ["", *provinces]
                new_province = st.selectbox(
                    t("admin.province", lang),
                    codes,
                    index=codes.index(current["province_code"] or ""),
                    format_func=lambda c: provinces.get(c, "–"),
                )
                new_area = _area_choice(centres, lang, current.get("area_code"))
                if st.form_submit_button(t("admin.change", lang)):
                    _attempt(
                        auth.change_role,
                        pick,
                        new_role,
                        province=new_province or None,
                        area=new_area or None,
                        ok=t("admin.changed", lang, name=pick),
                    )
            c1, c2 = st.columns(2)
            if current["active"]:
                if c1.button(t("admin.disable", lang), key="disable_user"):
                    _attempt(auth.set_active, pick, False, ok=t("admin.changed", lang, name=pick))
            elif c1.button(t("admin.enable", lang), key="enable_user"):
                _attempt(auth.set_active, pick, True, ok=t("admin.changed", lang, name=pick))
            with st.form("reset_password", clear_on_submit=True):
                new_password = st.text_input(
                    t("signin.new_password", lang), type="password", autocomplete="new-password"
                )
                if st.form_submit_button(t("admin.reset", lang)):
                    _attempt(
                        auth.reset_password,
                        pick,
                        new_password,
                        ok=t("admin.changed", lang, name=pick),
                    )

with audit_tab:
    st.selectbox(
        t("admin.audit_filter", lang),
        list(screen.actions),
        key="audit_action",
        format_func=screen.actions.get,
    )
    if not screen.audit_table.empty:
        st.dataframe(screen.audit_table, hide_index=True, width="stretch")
    else:
        st.caption("–")

with settings_tab:
    choice, options = screen.public_access, screen.public_options
    new = st.radio(
        t("admin.public", lang),
        list(options),
        index=list(options).index(choice),
        format_func=options.get,
        key="public_access",
    )
    state = t("signin.public_yes" if ctx.public_open else "signin.public_no", lang)
    st.caption(t("admin.public_now", lang, state=state))
    if new != choice:
        try:
            admin_screen.set_public_access(engine, new, actor=me, client=client)
        except Denied as exc:
            st.error(t(exc.key, lang))
        else:
            st.session_state["admin_notice"] = t("admin.saved", lang)
            st.rerun()
    _targets(screen)
    st.markdown(f"**{t('admin.config', lang)}**")
    st.dataframe(screen.settings_table, hide_index=True, width="stretch")

chrome.footer(ctx, cache.default_as_of())
