"""Map page (the app's home): training reach and KPM enterprises by region."""

import streamlit as st

from atlas import config
from atlas.headline import headline
from atlas.i18n import fmt_int, md, t
from atlas.labels import filter_part
from atlas.mapview import scope
from atlas.queries import is_empty
from atlas.region_table import region_table
from geo import boundaries
from ui import cache, canvas, chrome, detail, downloads, filters, mapview

ctx = chrome.start("map")
lang = ctx.lang
f, problems = filters.sidebar(lang)
total = cache.figures(f, with_median=True).iloc[0]
view, notices = mapview.current(default_metric="trained" if total.trained else "participants")
mapview.sync_url(view)

chrome.compact_page()
st.markdown(f"#### {t('app.title', lang)} {chrome.demo_badge(ctx)}")
st.caption(t("app.subtitle", lang))
bad_link = problems + [
    m
    for n, m in zip(notices, mapview.notices_text(notices, lang))
    if n.key.startswith("view.") and n.key not in ("view.district_metric", "view.circles_counts")
]
infos = {n.key for n in notices if n.key in ("view.district_metric", "view.circles_counts")}
if view.level == "district":
    infos.add("view.district_metric")

# Notices come and go; in one container they never move the map to another place on the
# page, which would make the browser build the map again.
with st.container():
    if bad_link:
        st.warning(
            t("filter.url_notice", lang, problems=" · ".join(bad_link)), icon=":material/warning:"
        )
    if is_empty(total):
        parts = " · ".join(filter_part(f, d, lang) for d in cache.emptied_by(f))
        st.warning(t("empty.selection", lang, parts=parts), icon=":material/filter_alt_off:")
        filters.reset_button(lang, key="empty_reset")

# The headline: one compact row (it wraps on a phone); with a comparison, each figure also
# gives the other wave set's value and the difference.
other = None
if view.compare:
    other = cache.figures(f.with_(waves=view.compare, batches=()), with_median=True).iloc[0]
figures_row = headline(total, lang, other, canvas.wave_label(view.compare, lang))
with st.container(horizontal=True, gap=None, key="headline"):
    for fig in figures_row:
        st.metric(
            fig.label,
            fig.value,
            delta=fig.compared,
            delta_color="off",
            delta_arrow="off",
            help=fig.help,
            width="content",
        )

mapview.breadcrumb(view, lang)
level, within = scope(view)
on_map = cache.figures(f, level, within)
# Enterprises whose file gave no district: not on the district map, but counted in the table.
without = cache.without_district(f, within) if level == "district" else None
mapview.controls(view, lang, dict(zip(on_map.code, on_map.name)), filters.wave_labels(lang))

map_col, detail_col = (
    st.columns([7, 3], gap="medium")
    if not view.compare or view.compare_mode != "side"
    else (st.container(), st.container())
)
with map_col:
    try:
        drawn, note = canvas.build(view, f, lang, ctx.principal)
    except boundaries.BoundariesMissing as exc:
        st.error(t("err.boundaries_missing", lang, path=exc.path, source=config.geo_source()))
        drawn = None
    else:
        canvas.show(drawn)
        for key in sorted(infos):
            st.caption(f":material/info: {t(key, lang)}")
        level_name = t(f"ctl.level.{level}", lang)
        st.caption(
            t("map.caption", lang, level=level_name.lower() if lang == "id" else level_name)
            + " "
            + note
        )
        if without and without["enterprises"]:
            st.caption(
                t(
                    "map.without_district_note",
                    lang,
                    n=fmt_int(without["enterprises"], lang),
                    regency=md(cache.region_names().get(within, within)),
                )
            )
    mapview.drill_button(view, lang)
with detail_col, st.container(key="detail"):
    detail.panel(f, view.region, lang, ctx.principal)

downloads.section(
    region_table(on_map, level, lang, without),
    drawn.standalone if drawn else None,
    f,
    view,
    lang,
    ctx.principal,
)
chrome.footer(ctx, f.as_of)
