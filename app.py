"""Map page (the app's home): training reach by regency, filtered by wave, batch, province."""

import streamlit as st
from streamlit_folium import st_folium

from atlas import config
from atlas.i18n import fmt_int, fmt_pct, t
from geo import boundaries, maps
from geo.metrics import DEFAULT_METRIC, METRICS, build_layer
from ui import cache, chrome, filters

ctx = chrome.start("map")
lang = ctx.lang
f, problems = filters.sidebar(lang)

st.title(t("app.title", lang))
st.caption(t("app.subtitle", lang))
chrome.demo_banner(ctx)
if problems:
    st.warning(t("filter.url_notice", lang, problems=" · ".join(problems)), icon=":material/warning:")

total = cache.figures(f).iloc[0]
cols = st.columns(6)
cols[0].metric(t("m.roster", lang), fmt_int(total.facilitators_roster, lang),
               help=t("m.roster.help", lang))
cols[1].metric(t("m.trained", lang), fmt_int(total.trained, lang),
               delta=t("m.of_target", lang, pct=fmt_pct(total.coverage, lang)),
               delta_color="off", delta_arrow="off", help=t("m.trained.help", lang))
cols[2].metric(t("m.in_training", lang), fmt_int(total.in_training, lang))
cols[3].metric(t("m.planned", lang), fmt_int(total.planned, lang))
cols[4].metric(t("m.batches", lang), fmt_int(total.batches, lang))
cols[5].metric(t("m.waves", lang), fmt_int(total.waves, lang))

metric = st.query_params.get("metrik", DEFAULT_METRIC)
if metric not in METRICS:
    st.warning(t("filter.url_notice", lang, problems=f"metrik={metric}"), icon=":material/warning:")
    metric = DEFAULT_METRIC
metric = st.segmented_control(t("map.metric", lang), options=list(METRICS), default=metric,
                              format_func=lambda k: METRICS[k].label(lang), key="metric") or metric
if metric == DEFAULT_METRIC:
    st.query_params.pop("metrik", None)
else:
    st.query_params["metrik"] = metric

regency_figures = cache.figures(f, "regency")
try:
    regencies = cache.level_geometry("regency")
    provinces = cache.level_geometry("province")
except boundaries.BoundariesMissing as exc:
    st.error(t("err.boundaries_missing", lang, path=exc.path, source=config.geo_source()))
else:
    if f.provinces:
        regencies = regencies[regencies.province_code.isin(f.provinces)]
        provinces = provinces[provinces.code.isin(f.provinces)]
    layer, legend = build_layer(regency_figures, regencies, metric, lang)
    m = maps.choropleth(
        layer, legend, outlines=provinces, attribution=t("attribution", lang),
        tile_url=config.tile_url(), tile_attribution=config.tile_attribution(),
        asset_base=st.get_option("server.baseUrlPath"),
    )
    st_folium(m, key="peta", height=600, width=None, returned_objects=[])
    st.caption(t("map.caption", lang))

with st.expander(t("map.table", lang)):
    table = regency_figures[regency_figures.facilitators_roster > 0]
    st.dataframe(
        table[["code", "name", "facilitators_roster", "trained", "in_training", "planned",
               "coverage"]].rename(columns={
                   "code": t("map.col.code", lang), "name": t("map.col.name", lang),
                   "facilitators_roster": t("m.roster", lang), "trained": t("m.trained", lang),
                   "in_training": t("m.in_training", lang), "planned": t("m.planned", lang),
                   "coverage": t("m.coverage", lang)}),
        hide_index=True, width="stretch",
        column_config={t("m.coverage", lang): st.column_config.NumberColumn(format="percent")},
    )

chrome.footer(ctx, f.as_of)
