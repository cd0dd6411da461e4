"""What every page shares: page setup, language, navigation, data checks, footer.

Pages call ``start(page_key)`` first. It sets the page up, finds out who is signed in,
renders the sidebar navigation (our own ``st.page_link`` list, translated and filtered by
role), and stops the page — server side, before any of its own code runs — when the visitor
may not use it (``atlas.core.access.PAGE_RULES``), or with a clear message when the database or
its schema is not ready; never with a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

from atlas.core import access, areas, config, failures, urls
from atlas.core.access import Principal
from atlas.core.i18n import LANGS, fmt_date, fmt_datetime, normalise_lang, t, tmd
from atlas.core.labels import role_label
from atlas.screens import site
from ui import account, cache

# A local file: an icon name (":material/…") makes the browser fetch it from the internet.
FAVICON = Path(__file__).resolve().parent.parent / "static" / "favicon.png"
PAGES = (
    ("map", "home.py", ":material/map:"),
    ("briefing", "pages/briefing.py", ":material/summarize:"),
    ("impact", "pages/impact.py", ":material/trending_up:"),
    ("upload", "pages/upload.py", ":material/upload_file:"),
    ("history", "pages/history.py", ":material/history:"),
    ("admin", "pages/admin.py", ":material/admin_panel_settings:"),
    ("about", "pages/about.py", ":material/info:"),
)
SIGNIN = "pages/signin.py"
# Query parameters that belong to one page and must not follow the user to another.


@dataclass(frozen=True)
class PageContext:
    lang: str
    demo: bool  # the figures include the demo's rows: every page carries the mark
    principal: Principal
    public_open: bool


def _lang() -> str:
    lang = normalise_lang(st.query_params.get(urls.LANG))
    return lang


def _link(path: str, label: str, icon: str, params: dict) -> None:
    try:
        st.page_link(path, label=label, icon=icon, query_params=params)
    except StreamlitAPIException:
        # Only when a page runs as its own entrypoint (AppTest.from_file on a page): the
        # other pages are then unknown to Streamlit.
        pass


def page_link(page_key: str, label: str) -> None:
    """A link to another page carrying the shared parameters (language, filter), as the
    navigation's do."""
    shared = {k: v for k, v in st.query_params.to_dict().items() if k not in urls.PAGE_ONLY}
    path, icon = next((path, icon) for key, path, icon in PAGES if key == page_key)
    _link(path, label, icon, shared)


def _nav(lang: str, who: Principal, public_open: bool) -> None:
    shared = {k: v for k, v in st.query_params.to_dict().items() if k not in urls.PAGE_ONLY}
    with st.sidebar:
        st.markdown(f"### {t('app.title', lang)}")
        for key, path, icon in PAGES:
            # Hiding a link is no defence: start() stops the page itself for the wrong role.
            if access.page_allowed(who, key, public_open):
                _link(path, t(f"nav.{key}", lang), icon, shared)
        if who.signed_in:
            st.caption(
                tmd(
                    "nav.signed_in",
                    lang,
                    name=who.display_name or who.username,
                    role=role_label(who.role, lang, who.province, who.area),
                )
            )
            if st.button(t("nav.signout", lang), icon=":material/logout:", key="signout"):
                account.sign_out()
                st.rerun()
        else:
            _link(SIGNIN, t("nav.signin", lang), ":material/login:", shared)
        choice = st.segmented_control(
            t("nav.language", lang),
            options=list(LANGS),
            default=lang,
            format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
            key="lang_switch",
        )
        if choice and choice != lang:
            if choice == "id":
                del st.query_params[urls.LANG]
            else:
                st.query_params[urls.LANG] = choice
            st.rerun()


def start(page_key: str) -> PageContext:
    st.set_page_config(
        page_title=f"{t('nav.' + page_key, _lang())} · PKH Atlas",
        page_icon=str(FAVICON),
        layout="wide",
    )
    lang = _lang()
    st.html(_BASE)
    _streamlit_words(lang)
    try:
        config.secret_key()
        areas.current()
        ready = site.ready(cache.engine())
    except config.MissingSecret as exc:
        st.error(t("err.secret_missing", lang, detail=str(exc)))
        st.stop()
    except areas.UnknownArea as exc:
        st.error(t("err.area_unknown", lang, value=exc.code, codes=", ".join(areas.BY_CODE)))
        st.stop()
    except site.DatabaseUnavailable as exc:
        # Where the database is (account, host, port, name) is for the server's log only.
        st.error(t("err.db_unavailable", lang, id=failures.log_unavailable(exc)))
        st.stop()
    if not ready:
        st.error(t("err.db_empty", lang))
        st.stop()
    meta = cache.meta()
    who = account.current()
    # Open to visitors while the demo is all there is; marked while any demo row is shown.
    public_open = site.public_open(meta)
    _nav(lang, who, public_open)
    account.write_cookie()
    if not access.page_allowed(who, page_key, public_open):
        _refuse(page_key, who, lang)
    return PageContext(
        lang=lang,
        demo=meta.get("demo_rows") == "1",
        principal=who,
        public_open=public_open,
    )


def _refuse(page_key: str, who: Principal, lang: str) -> None:
    """Stop the page for a visitor who may not use it: anonymous ones are sent to sign in
    (and brought back afterwards), signed-in ones are told their role does not allow it."""
    st.title(t(f"nav.{page_key}", lang))
    if who.signed_in:
        st.error(
            t("acc.page_denied", lang, role=role_label(who.role, lang, who.province, who.area)),
            icon=":material/lock:",
        )
    else:
        st.warning(t("acc.sign_in_needed", lang), icon=":material/lock:")
        params = {urls.NEXT: page_key} | ({urls.LANG: lang} if lang != "id" else {})
        _link(SIGNIN, t("nav.signin", lang), ":material/login:", params)
    st.stop()


def demo_banner(ctx: PageContext) -> None:
    if ctx.demo:
        st.info(t("demo.banner", ctx.lang), icon=":material/science:")


def demo_badge(ctx: PageContext) -> str:
    """Markdown for a badge beside a page title that marks demo data ("" on real data): the
    map page has no room for the banner above the map."""
    if not ctx.demo:
        return ""
    return f":blue-badge[:material/science: {t('demo.badge', ctx.lang)}]"


def freshness(ctx: PageContext, as_of: date) -> str:
    # Read when the footer is drawn, not when the page started: an import or an undo earlier
    # in the same run shows at once.
    stamp = cache.meta().get("last_import_at")
    last = (
        fmt_datetime(datetime.fromisoformat(stamp), ctx.lang)
        if stamp
        else t("freshness.none", ctx.lang)
    )
    return t("freshness", ctx.lang, as_of=fmt_date(as_of, ctx.lang), last_import=last)


def footer(ctx: PageContext, as_of: date) -> None:
    """How fresh the figures are. The boundaries' credits are not repeated here: they stay
    with the boundaries (the map's "i", the briefing's picture, the exports) and on the
    About page, once each."""
    st.caption(freshness(ctx, as_of))


# The map page puts the map on the first screen: less space above the content, smaller
# figures in the headline row. (Streamlit has no setting for either.)
_COMPACT = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; padding-bottom: 2rem; }
.st-key-headline [data-testid="stMetricValue"], .st-key-detail [data-testid="stMetricValue"] {
  font-size: 1.3rem; line-height: 1.6rem; }
.st-key-headline [data-testid="stMetricLabel"] p { font-size: 0.78rem; }
.st-key-headline [data-testid="stMetric"] { padding-right: 1.1rem; }
.st-key-headline { row-gap: 0.1rem; }
[data-testid="stMainBlockContainer"] h4 { padding-top: 0; padding-bottom: 0; }
/* Without a comparison the second map waits off-screen, loaded and sized but unseen and out
   of the tab order (ui.canvas). */
.st-key-map_b:has([data-map-b="waiting"]) {
  position: absolute; left: -10000px; width: 600px; visibility: hidden; }
.st-key-map_b [data-testid="stElementContainer"]:has([data-map-b]) { display: none; }
/* On a phone Streamlit's header bar (the sidebar button) lies over the page's top: keep the
   title below it. */
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-top: 3.75rem; }
  /* A phone sees the map on its first screen (issue #32): the subtitle goes, the headline is
     one line that scrolls sideways to the rest, and the controls come after the map. */
  .st-key-page_intro [data-testid="stCaptionContainer"] { display: none; }
  .st-key-headline { flex-wrap: nowrap !important; overflow-x: auto; }
  .st-key-headline > div { flex: 0 0 auto; }
  [data-testid="stLayoutWrapper"]:has(> .st-key-map_controls) { order: 1; }
  [data-testid="stLayoutWrapper"]:has(> .st-key-region_table_open) { order: 2; }
  /* An opened region's panel is a sheet over the map's lower part, in view after the tap
     (it began a screen lower, with no cue); its figures two per row. */
  .st-key-detail:has(.st-key-panel_open) { position: fixed; left: 0; right: 0; bottom: 0;
    z-index: 100; max-height: 42vh; overflow-y: auto; background: #fff;
    padding: 0.25rem 1rem 1rem; border-radius: 0.75rem 0.75rem 0 0;
    box-shadow: 0 -2px 12px rgba(0, 0, 0, 0.25); }
  [data-testid="stMainBlockContainer"]:has(.st-key-panel_open) { padding-bottom: 45vh; }
  .st-key-detail [data-testid="stHorizontalBlock"] { flex-wrap: nowrap; }
  .st-key-detail [data-testid="stColumn"] { min-width: 0 !important; flex: 1 1 0 !important; }
  /* The breadcrumb's crumbs close together, on a second line only when they must (the
     country's: Indonesia › Regional III Yogyakarta › DI Yogyakarta; one line sideways hid
     the province off-screen). The selected region, its last crumb, is named in the
     panel's heading. */
  .st-key-breadcrumb { flex-wrap: wrap !important; row-gap: 0; column-gap: 0.25rem; }
  .st-key-breadcrumb > div { flex: 0 0 auto; width: auto !important; }
  .st-key-breadcrumb button { min-height: 1.9rem; padding-top: 0; padding-bottom: 0; }
  .st-key-breadcrumb:has(> div:nth-child(2)) > div:last-child { display: none; } }
</style>"""


def compact_page() -> None:
    st.html(_COMPACT)


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal: quotes and backslashes escaped, and "<" written as
    a CSS escape so that no text can close the style element."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return '"' + body.replace("<", "\\3C ") + '"'


def _replace_text(selector: str, text: str, size: str = "0.875rem") -> str:
    """CSS that shows ``text`` instead of the text of ``selector``: the original shrinks to
    nothing and the new text is drawn after it. Screen readers get both (hiding the original
    with ``visibility`` would leave the uploader's button without a name for them)."""
    return (
        f"{selector} {{ font-size: 0; }}\n"
        f"{selector}::after {{ font-size: {size}; content: {_css_string(text)}; }}\n"
    )


# Streamlit fades captions (opacity 0.6) to 4,0:1 against white, under WCAG AA's 4,5:1, and
# further when they sit in a coloured box: this grey, unfaded, is 5,8:1 (5,3:1 on the
# sidebar's grey).
_BASE = """<style>
[data-testid="stCaptionContainer"] { opacity: 1; color: #5f6670; }
/* Tabs that do not fit go to a second line: a row that scrolled hid the last one ("Tre›"). */
[data-testid="stTabs"] [role="tablist"] { flex-wrap: wrap; }
/* So do the options of a switch in a narrow column ("Kecamat…"). */
[data-testid="stButtonGroup"] > div { flex-wrap: wrap; }
/* On a phone a page title took three or four lines of a 390 px screen, and the impact
   page's verdict the whole first screen (issue #32). */
@media (max-width: 640px) {
  h1 { font-size: 1.75rem !important; line-height: 1.2 !important; }
  h2 { font-size: 1.35rem !important; }
  h3 { font-size: 1.15rem !important; line-height: 1.35 !important; }
}
</style>"""


def _streamlit_words(lang: str) -> None:
    """Streamlit's own English words in the Indonesian interface, where Streamlit has no
    setting for them: "No results" in a list, "Press Enter to apply" under a text field,
    the uploader's "Upload" button. (Multiselects have no "Select all": ``select_all=False``
    where they are built, as an empty list already means all.) In either language, the
    sidebar's "»" on a narrow screen is labelled as what it opens: the filters."""
    css = (
        '[data-testid="stExpandSidebarButton"]::after { content: '
        + _css_string(t("filter.open", lang))
        + "; font-size: 0.95rem; margin-left: 0.2rem; color: #1f2933; }\n"
        '[data-testid="stExpandSidebarButton"] { border: 1px solid #c4cbd3; border-radius: 0.5rem;'
        " padding: 0.15rem 0.6rem 0.15rem 0.3rem; width: auto; }\n"
    )
    if lang == "en":
        st.html(f"<style>{css}</style>")
        return
    css += _replace_text(
        '[role="listbox"][data-empty="true"] [role="option"] span', t("st.no_results", lang)
    )
    css += _replace_text(
        '[data-testid="InputInstructions"]', t("st.press_enter", lang), size="0.75rem"
    )
    css += _replace_text(
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p',
        t("st.upload", lang),
    )
    st.html(f"<style>{css}</style>")


def uploader_note(note: str, lang: str) -> None:
    """The uploader's own line ("20MB per file • XLSX, CSV") in the user's words."""
    if lang != "en":
        selector = '[data-testid="stFileUploaderDropzoneInstructions"] span'
        st.html(f"<style>{_replace_text(selector, note)}</style>")
