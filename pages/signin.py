"""Sign in with a local account (or the organisation's SSO when configured); change own password."""

import streamlit as st

from atlas.core import config, urls
from atlas.core.i18n import fmt_num, t, tmd
from atlas.core.labels import role_label
from atlas.web import auth
from ui import account, cache, chrome

ctx = chrome.start("signin")
lang = ctx.lang
who = ctx.principal
st.title(t("signin.title", lang))
st.html("<style>[data-testid='stForm'] { max-width: 480px; }</style>")  # not 1.300 px wide

# Only the app's own pages are valid targets after sign-in (no open redirect).
TARGETS = {key: path for key, path, _ in chrome.PAGES}
target = TARGETS.get(st.query_params.get(urls.NEXT, ""), "home.py")
keep = {urls.LANG: lang} if lang != "id" else {}

if who.signed_in:
    st.success(
        tmd(
            "signin.done",
            lang,
            name=who.display_name or who.username,
            role=role_label(who.role, lang, who.province, who.area),
        )
    )
    st.caption(t("signin.expires", lang, hours=fmt_num(config.session_hours(), lang, 0)))
    with st.form("own_password", clear_on_submit=True):
        st.markdown(f"**{t('signin.own_password', lang)}**")
        new = st.text_input(
            t("signin.new_password", lang), type="password", autocomplete="new-password"
        )
        if st.form_submit_button(t("signin.own_password", lang)):
            try:
                auth.reset_password(
                    cache.engine(), who.username or "", new, actor=who, client=account.client_id()
                )
            except auth.AuthError as exc:
                st.error(t(exc.key, lang, **exc.params))
            else:
                account.sign_out()  # every session of the account ended with the change
                st.success(t("signin.password_changed", lang))
                st.rerun()
else:
    public = t("signin.public_yes" if ctx.public_open else "signin.public_no", lang)
    st.markdown(t("signin.intro", lang, public=public))
    with st.form("signin"):
        username = st.text_input(
            t("signin.username", lang), autocomplete="username", key="signin_user"
        )
        password = st.text_input(
            t("signin.password", lang),
            type="password",
            autocomplete="current-password",
            key="signin_password",
        )
        submitted = st.form_submit_button(t("signin.submit", lang), type="primary")
    if submitted:
        try:
            account.sign_in(username, password)
        except auth.AuthError as exc:
            st.error(t(exc.key, lang, **exc.params), icon=":material/error:")
        else:
            st.switch_page(target, query_params=keep)
    if account.oidc_configured():
        st.divider()
        if getattr(st.user, "is_logged_in", False):
            # The identity provider knows them, this installation does not (or not any more).
            st.warning(tmd("signin.sso_unknown", lang, email=st.user.get("email") or "?"))
            st.button(t("nav.signout", lang), on_click=st.logout)
        else:
            st.button(t("signin.sso", lang), on_click=st.login, icon=":material/key:")

chrome.footer(ctx, cache.default_as_of())
