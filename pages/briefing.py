"""Leadership briefing: figures against target, progress by wave, map picture, exports."""

from html import escape

import pandas as pd
import streamlit as st

from atlas.filters import to_roman
from atlas.i18n import t
from atlas.labels import label, province_short
from ui import cache, chrome, filters

ctx = chrome.start("briefing")
lang = ctx.lang
f, problems = filters.sidebar(lang)
present = st.query_params.get("presentasi") == "ya"

if present:
    st.html("""<style>
      [data-testid="stMetricValue"] { font-size: 3.4rem !important; }
      [data-testid="stMetricLabel"] p { font-size: 1.25rem !important; }
      .atlas-narrative { font-size: 1.6rem; line-height: 1.5; }
    </style>""")

report = cache.report(f, lang)
b = report.briefing
st.title(report.title)
st.caption(f"{report.subtitle} · {report.freshness}")
if not present:
    chrome.demo_banner(ctx)
if problems:
    st.warning(t("filter.url_notice", lang, problems=" · ".join(problems)), icon=":material/warning:")

c1, c2, c3 = st.columns([2, 2, 3])
mode = c1.toggle(t("brief.present", lang), value=present, help=t("brief.present.help", lang))
if mode != present:
    if mode:
        st.query_params["presentasi"] = "ya"
    else:
        st.query_params.pop("presentasi", None)
    st.rerun()
pdf, pptx = cache.exports(f, lang)
c2.download_button(t("brief.download_pdf", lang), pdf, report.file_name("pdf"), "application/pdf",
                   icon=":material/picture_as_pdf:", width="stretch")
c3.download_button(t("brief.download_pptx", lang), pptx, report.file_name("pptx"),
                   "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                   icon=":material/slideshow:", width="content")

shown = report.figures[:8] if present else report.figures
for start in range(0, len(shown), 4):
    cols = st.columns(4)
    for col, item in zip(cols, shown[start:start + 4]):
        col.metric(item.label, item.value, delta=item.note or None, delta_color="off",
                   delta_arrow="off", border=True)

st.markdown("<div class='atlas-narrative'>" + "<br>".join(
    escape(p) for p in report.narrative) + "</div>", unsafe_allow_html=True)

if report.map_png:
    st.image(report.map_png, width="stretch")

if not present:
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('brief.chart.cumulative', lang)}**")
        waves = b.waves.assign(wave=[f"{n:02d} {to_roman(n)}" for n in b.waves.wave_number],
                               trained_cumulative=b.waves.trained_cumulative.where(b.waves.state == "done"))
        st.line_chart(waves.set_index("wave")[["plan_cumulative", "trained_cumulative"]].rename(
            columns={"plan_cumulative": t("brief.chart.plan", lang),
                     "trained_cumulative": t("brief.chart.trained", lang)}),
            color=["#c8c8c8", "#253494"], height=280)
        st.markdown(f"**{t('brief.chart.sectors', lang)}**")
        sectors = pd.DataFrame({t("col.sector", lang): [label("sector", s, lang) for s in b.sectors.sector],
                                t("col.enterprises", lang): b.sectors.enterprises})
        st.bar_chart(sectors, x=t("col.sector", lang), y=t("col.enterprises", lang), horizontal=True,
                     color="#41b6c4", height=280)
    with right:
        st.markdown(f"**{t('brief.chart.provinces', lang)}**")
        prov = pd.DataFrame({
            t("map.col.province", lang): [province_short(c, lang) for c in b.provinces.code],
            t("m.roster", lang): b.provinces.facilitators_roster,
            t("m.trained", lang): b.provinces.trained,
        }).set_index(t("map.col.province", lang))
        st.bar_chart(prov, horizontal=True, stack=False, color=["#c7e9b4", "#253494"], height=280)
        st.markdown(f"**{t('brief.chart.status', lang)}**")
        status = b.status_by_wave.assign(
            wave=[f"{n:02d} {to_roman(n)}" for n in b.status_by_wave.wave_number],
            status=[label("status", s, lang) for s in b.status_by_wave.status])
        st.bar_chart(status, x="wave", y="enterprises", color="status", stack="normalize", height=280)
    st.markdown(f"**{t('brief.table', lang)}**")
    st.dataframe(report.table, hide_index=True, width="stretch")

chrome.footer(ctx, f.as_of)
