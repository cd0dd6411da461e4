"""What every page shares: page setup, language, navigation, data checks, footer.

Pages call ``start(page_key)`` first. It sets the page up, renders the sidebar navigation
(our own ``st.page_link`` list, so labels can be translated and pages later filtered by
role), and stops the page with a clear message when the database or its schema is not
ready — never with a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

from atlas import config, db
from atlas.i18n import LANGS, fmt_date, fmt_datetime, normalise_lang, t
from ui import cache

# A local file: an icon name (":material/…") makes the browser fetch it from the internet.
FAVICON = Path(__file__).resolve().parent.parent / "static" / "favicon.png"
EVERYONE = ("viewer", "coordinator", "data_staff", "admin")
DATA_ROLES = ("data_staff", "admin")
PAGES = (
    ("map", "app.py", ":material/map:", EVERYONE),
    ("briefing", "pages/briefing.py", ":material/summarize:", EVERYONE),
    ("upload", "pages/upload.py", ":material/upload_file:", DATA_ROLES),
    ("history", "pages/history.py", ":material/history:", DATA_ROLES),
    ("about", "pages/about.py", ":material/info:", EVERYONE),
)
# Query parameters that belong to one page and must not follow the user to another.
PAGE_PARAMS = {"tingkat", "wilayah", "metrik", "klasifikasi", "kelas", "simbol", "banding",
               "tampilan", "presentasi"}


@dataclass(frozen=True)
class PageContext:
    lang: str
    demo: bool
    last_import: datetime | None
    # Until sign-in exists every visitor has the anonymous role (ATLAS_ANONYMOUS_ROLE).
    role: str = "viewer"
    user: str = "anonim"


def _lang() -> str:
    lang = normalise_lang(st.query_params.get("lang"))
    return lang


def _nav(lang: str, role: str) -> None:
    shared = {k: v for k, v in st.query_params.to_dict().items() if k not in PAGE_PARAMS}
    with st.sidebar:
        st.markdown(f"### {t('app.title', lang)}")
        for key, path, icon, roles in PAGES:
            if role not in roles:
                continue  # not a defence: each page checks the role itself (require_role)
            try:
                st.page_link(path, label=t(f"nav.{key}", lang), icon=icon, query_params=shared)
            except StreamlitAPIException:
                # Only when a page runs as its own entrypoint (AppTest.from_file on a page):
                # the other pages are then unknown to Streamlit.
                continue
        choice = st.segmented_control(
            t("nav.language", lang), options=list(LANGS), default=lang,
            format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
            key="lang_switch",
        )
        if choice and choice != lang:
            if choice == "id":
                del st.query_params["lang"]
            else:
                st.query_params["lang"] = choice
            st.rerun()


def start(page_key: str) -> PageContext:
    st.set_page_config(page_title=f"{t('nav.' + page_key, _lang())} · PKH Atlas",
                       page_icon=str(FAVICON), layout="wide")
    lang = _lang()
    _nav(lang, config.anonymous_role())
    try:
        engine = cache.engine()
        db.check_connection(engine)
        ready = db.schema_is_current(engine)
    except db.DatabaseUnavailable as exc:
        st.error(t("err.db_unavailable", lang, detail=str(exc)))
        st.stop()
    if not ready:
        st.error(t("err.db_empty", lang))
        st.stop()
    meta = cache.meta()
    last = meta.get("last_import_at") or ""
    return PageContext(
        lang=lang,
        demo=meta.get("demo") == "1",
        last_import=datetime.fromisoformat(last) if last else None,
        role=config.anonymous_role(),
    )


def require_role(ctx: PageContext, roles: tuple[str, ...]) -> None:
    """Stop the page, server side, for anyone whose role is not in ``roles``."""
    if ctx.role not in roles:
        st.error(t("up.denied", ctx.lang), icon=":material/lock:")
        st.stop()


def demo_banner(ctx: PageContext) -> None:
    if ctx.demo:
        st.info(t("demo.banner", ctx.lang), icon=":material/science:")


def freshness(ctx: PageContext, as_of: date) -> str:
    last = fmt_datetime(ctx.last_import, ctx.lang) if ctx.last_import else t("freshness.none", ctx.lang)
    return t("freshness", ctx.lang, as_of=fmt_date(as_of, ctx.lang), last_import=last)


def footer(ctx: PageContext, as_of: date) -> None:
    st.caption(freshness(ctx, as_of))
    st.caption(t("attribution", ctx.lang))
