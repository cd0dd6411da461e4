"""Leadership briefing: figures against target, progress by wave, map picture, exports."""

from html import escape

import streamlit as st

from atlas.core import urls
from atlas.core.i18n import t
from ui import cache, chrome, downloads, sidebar

ctx = chrome.start("briefing")
lang = ctx.lang
f, problems = sidebar.sidebar(lang)
present = st.query_params.get(urls.PRESENT) == "ya"

if present:
    # For a projector: no sidebar (the filters stay in the link), large figures and text;
    # the map picture then spans the page, with a larger legend (cache.report below).
    st.html("""<style>
      [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
      [data-testid="stExpandSidebarButton"] { display: none !important; }
      [data-testid="stMetricValue"] { font-size: 3.4rem !important; }
      [data-testid="stMetricLabel"] p { font-size: 1.25rem !important; }
      .atlas-narrative { font-size: 1.6rem; line-height: 1.5; }
    </style>""")

report = cache.report(f, lang, presentation=present)
# The demo mark beside the title in both modes, once (a projected page is photographed too).
st.markdown(f"# {report.title} {chrome.demo_badge(ctx)}")
# The filters show in the sidebar; a projected page has none, so it says them.
filters_text = f" · {report.filter_text}" if present else ""
st.caption(f"{report.subtitle} · {report.freshness}{filters_text}")
if problems:
    st.warning(
        t("filter.url_notice", lang, problems=" · ".join(problems)), icon=":material/warning:"
    )

c1, c2, c3 = st.columns([3, 2, 2])  # the two downloads the same width
mode = c1.toggle(t("brief.present", lang), value=present, help=t("brief.present.help", lang))
if mode != present:
    if mode:
        st.query_params[urls.PRESENT] = "ya"
    else:
        st.query_params.pop(urls.PRESENT, None)
    st.rerun()
downloads.button(
    c2,
    t("brief.download_pdf", lang),
    lambda: cache.exports(f, lang)[0],
    report.file_name("pdf"),
    "application/pdf",
    who=ctx.principal,
    icon=":material/picture_as_pdf:",
)
downloads.button(
    c3,
    t("brief.download_pptx", lang),
    lambda: cache.exports(f, lang)[1],
    report.file_name("pptx"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    who=ctx.principal,
    icon=":material/slideshow:",
)

shown = report.figures[:8] if present else report.figures
for start in range(0, len(shown), 4):
    cols = st.columns(4)
    for col, item in zip(cols, shown[start : start + 4]):
        col.metric(
            item.label,
            item.value,
            delta=item.note or None,
            delta_color="off",
            delta_arrow="off",
            border=True,
        )

st.markdown(
    "<div class='atlas-narrative'>" + "<br>".join(escape(p) for p in report.narrative) + "</div>",
    unsafe_allow_html=True,
)

if report.map_png:
    st.image(report.map_png, width="stretch", alt=report.alts["map"])

if not present:
    # The same pictures as in the PDF and the PowerPoint: numbers formatted for the language.
    left, right = st.columns(2)
    for col, keys in ((left, ("cumulative", "sectors")), (right, ("provinces", "status"))):
        for key in keys:
            if key in report.charts:
                col.image(report.charts[key], width="stretch", alt=report.alts[key])
            else:  # one line saying why, where the chart would be
                col.markdown(f"**{t(f'brief.chart.{key}', lang)}**")
                col.caption(report.gaps[key])
    st.markdown(f"**{t('brief.table', lang)}**")
    st.dataframe(report.table, hide_index=True, width="stretch")

if report.graduation:
    st.markdown(f"## {report.graduation.title}")
    st.markdown(f"**{report.graduation.headline}**")
    if not report.graduation.by_area.empty:
        st.dataframe(report.graduation.by_area, hide_index=True, width="stretch")
    if not present:
        st.dataframe(report.graduation.by_province, hide_index=True, width="stretch")
    st.caption(report.graduation.note)

if report.impact and not present:
    st.markdown(f"## {report.impact.title}")
    st.markdown(f"**{report.impact.headline}**")
    if report.impact.chart:
        chart, notes = st.columns([3, 2])
        chart.image(report.impact.chart, width="stretch", alt=report.impact.alt)
    else:  # no estimate: the notes say why, with no empty chart beside them
        notes = st.container()
    for note in report.impact.notes:
        notes.caption(note)
    chrome.page_link("impact", t("brief.impact.more", lang))

chrome.footer(ctx, f.as_of)
