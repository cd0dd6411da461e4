"""Map page (the app's home): training reach and KPM enterprises by region.

Everything shown comes from one screen model (``atlas.screens.explorer.Explorer``); this page and
``ui/`` only draw it.
"""

import streamlit as st

from atlas.core.i18n import t
from atlas.core.labels import app_subtitle
from atlas.screens.explorer import Explorer
from ui import cache, canvas, chrome, downloads, map_controls, panel, ranking, sidebar

ctx = chrome.start("map")
lang = ctx.lang
f, problems = sidebar.sidebar(lang)
view, notices = map_controls.current(default_metric=cache.default_metric(f, ctx.principal))
map_controls.sync_url(view)
screen = cache.explorer_screen(f, view, ctx.principal, lang, tuple(notices), tuple(problems))

chrome.compact_page()
with st.container(key="page_intro"):
    st.markdown(f"#### {t('app.title', lang)} {chrome.demo_badge(ctx)}")
    st.caption(app_subtitle(lang))

# Notices come and go; in one container they never move the map to another place on the
# page, which would make the browser build the map again.
with st.container():
    for warning in screen.warnings:
        st.warning(warning, icon=":material/warning:")
    if screen.empty:
        st.warning(screen.empty, icon=":material/filter_alt_off:")
        if screen.resettable:
            sidebar.reset_button(lang, key="empty_reset")


def headline(screen: Explorer) -> None:
    """One compact row (it wraps on a phone); with a comparison, each figure also gives the
    other wave set's value and the difference. The caption's container is always there, so
    that turning the comparison on moves nothing below it: a map that stays at the same place
    in the page keeps its frame and only swaps its layer."""
    with st.container():
        if screen.compared_with:
            st.caption(screen.compared_with)
    with st.container(horizontal=True, gap=None, key="headline"):
        for fig in screen.headline:
            st.metric(
                fig.label,
                fig.value,
                delta=fig.compared,
                delta_color="off",
                delta_arrow="off",
                help=fig.help,
                width="content",
            )


@st.fragment
def explorer() -> None:
    """The headline, breadcrumb, controls, map(s), panel and table. A click, a breadcrumb or
    a control reruns only this part (the sidebar stays as it is, which the browser then does
    not redraw). The headline is in it because the comparison, a control, changes it."""
    view, notices = map_controls.current(default_metric=cache.default_metric(f, ctx.principal))
    map_controls.sync_url(view)
    screen = cache.explorer_screen(f, view, ctx.principal, lang, tuple(notices), tuple(problems))
    headline(screen)
    map_controls.breadcrumb(screen.crumbs)
    with st.container(key="map_controls"):  # after the map on a phone (ui/chrome's CSS)
        map_controls.controls(view, lang, screen.options, cache.wave_labels(lang))

    # Two columns either way: the map, and its panel beside it, under the second map's slot
    # (ui.canvas). Each map keeps its place, and its frame, when the comparison turns on.
    cols = st.columns([1, 1] if screen.side_by_side else [7, 3], gap="medium")
    with cols[0]:
        if screen.error:
            st.error(screen.error)
        else:
            canvas.show(screen, cols)
            for info in screen.infos:
                st.caption(f":material/info: {info}")
            for note in screen.notes:
                st.caption(note)
        map_controls.drill_button(view, lang)
    with cols[1], st.container(key="detail"):
        panel.panel(screen.panel, lang)
        if screen.panel is None:  # where to act, until a region is opened
            ranking.ranking(screen.ranking, lang)

    downloads.section(
        screen.table,
        None if screen.error else (lambda: cache.standalone_map(f, view, ctx.principal, lang)),
        f,
        view,
        lang,
        ctx.principal,
        screen.table_notes,
        screen.table_demo,
    )


explorer()
chrome.footer(ctx, f.as_of)
