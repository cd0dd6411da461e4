"""Training impact: did KPM families graduate sooner once their facilitator was trained?"""

import streamlit as st

from atlas.core import urls
from atlas.core.i18n import t, tmd
from atlas.screens.impact_screen import region_options
from ui import cache, chrome, sidebar

ctx = chrome.start("impact")
lang = ctx.lang
f, problems = sidebar.sidebar(lang)

st.markdown(f"# {t('impact.title', lang)} {chrome.demo_badge(ctx)}")
st.caption(t("impact.subtitle", lang))  # the demo mark once: the badge beside the title
if problems:
    st.warning(
        t("filter.url_notice", lang, problems=" · ".join(problems)), icon=":material/warning:"
    )
labels = region_options(cache.region_names(), f.provinces, lang)
options = list(labels)
wanted = st.query_params.get(urls.IMPACT_REGION)
region = st.columns([1, 2])[0].selectbox(
    t("impact.region", lang),
    options,
    index=options.index(wanted) if wanted in options else 0,
    format_func=labels.get,
)
if wanted and wanted not in options:
    st.warning(tmd("impact.region.unknown", lang, value=wanted[:40]), icon=":material/warning:")
if region != wanted:
    if region:
        st.query_params[urls.IMPACT_REGION] = region
    else:
        st.query_params.pop(urls.IMPACT_REGION, None)

screen = cache.impact_screen(f, region, lang)

if screen.verdict:
    st.markdown(f"### {screen.verdict}")
if screen.headline:
    st.markdown(screen.headline)
    if screen.baseline:
        st.markdown(screen.baseline)
    (st.info if screen.pretrend_ok else st.warning)(
        screen.pretrend,
        icon=":material/check_circle:" if screen.pretrend_ok else ":material/warning:",
    )
for message in screen.thin:
    st.warning(message, icon=":material/info:")

cols = st.columns(len(screen.figures))
for col, item in zip(cols, screen.figures):
    col.metric(
        item.label,
        item.value,
        delta=item.note or None,  # the date or base of the figure, under it
        delta_color="off",
        delta_arrow="off",
        border=True,
    )

st.markdown(f"## {t('impact.section.event', lang)}")
chart, side = st.columns([3, 2])
chart.image(screen.charts["event"], width="stretch", alt=screen.alts["event"])
if screen.method:
    side.caption(screen.method)

st.markdown(f"## {t('impact.section.survival', lang)}")
for key in ("km_wave", "km_training"):
    chart, side = st.columns([3, 2])
    chart.image(screen.charts[key], width="stretch", alt=screen.alts[key])
    table = screen.at_risk[key]
    if not table.empty:
        side.caption(t("impact.at_risk", lang))
        # Every group in view: a table that scrolls hides the last waves.
        side.dataframe(table, hide_index=True, width="stretch", height=35 * (len(table) + 1) + 3)

st.markdown(f"## {t('impact.section.caveats', lang)}")
for text in screen.caveats:
    st.markdown(text)

chrome.footer(ctx, f.as_of)
