"""Map controls: level, breadcrumb, region selectbox, metric, legend, comparison — in the URL.

The URL is the single source of truth for the view. Each widget is set from it before it is
drawn and writes its change back through a callback, so a click on the map, a breadcrumb,
a widget and a pasted link all go through the same functions of ``atlas.core.mapview``.
"""

from __future__ import annotations

import streamlit as st

from atlas.core import areas, mapview, urls
from atlas.core.filters import MAX_WAVE
from atlas.core.i18n import t
from atlas.core.mapview import MapView, Notice
from atlas.core.regions import level_of
from geo.metrics import METHOD_KEYS, METRICS
from ui import cache, sidebar

ENTERPRISE_METRICS = tuple(k for k, m in METRICS.items() if m.enterprise)
COUNT_METRICS = tuple(k for k, m in METRICS.items() if m.is_count)
_HANDLED_CLICK = "_map_click_handled"


def _exists(code: str) -> bool:
    return code in cache.region_names()


def current(default_metric: str | None = None) -> tuple[MapView, list[Notice]]:
    """The view in the URL. ``default_metric`` applies when the URL names none (e.g. the
    selected participants when nobody in the selection has finished training yet)."""
    if default_metric is not None:
        st.session_state["_default_metric"] = default_metric
    default_metric = st.session_state.get("_default_metric", "trained")
    params = {k: st.query_params.get(k) for k in urls.VIEW.values() if k in st.query_params}
    return mapview.from_query(
        params,
        _exists,
        tuple(METRICS),
        ENTERPRISE_METRICS,
        COUNT_METRICS,
        default_metric=default_metric,
    )


def write(view: MapView) -> None:
    view = mapview.normalise(view, ENTERPRISE_METRICS, COUNT_METRICS)
    wanted = mapview.to_query(view, st.session_state.get("_default_metric", "trained"))
    for key in urls.VIEW.values():
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def sync_url(view: MapView) -> None:
    """Rewrite the URL in canonical form (drops what was invalid)."""
    write(view)


def _change(**changes: object) -> None:
    view, _ = current()
    write(view.with_(**changes))


def _from_widget(attr: str, key: str) -> None:
    value = st.session_state.get(key)
    if value is None:
        return
    _change(**{attr: value})


def _select_region() -> None:
    code = st.session_state.get("v_region")
    view, _ = current()
    if code:
        write(mapview.after_click(view, code))
    else:
        write(view.with_(region=None, level="province" if view.level == "province" else "regency"))


def open_region(code: str) -> None:
    """Select ``code`` as a click on the map does (the ranking's rows)."""
    if _exists(code):
        view, _ = current()
        write(mapview.after_click(view, code))


_WHOLE_PAGE = "_crumb_changed_filter"


def _crumb(code: str | None) -> None:
    view, _ = current()
    if code and code.startswith("@"):  # a regional centre (the country's breadcrumb)
        sidebar.choose_provinces(areas.named(code[1:]).provinces)
        # A filter changed: the whole page reruns, not only the map's fragment (a callback
        # cannot ask for it, so the breadcrumb does when it is drawn next).
        st.session_state[_WHOLE_PAGE] = True
        code = None
    write(mapview.go_to_crumb(view, code))


def _compare() -> None:
    _change(compare=tuple(sorted(st.session_state.get("v_compare") or ())))


def map_changed(map_key: str) -> None:
    """st_folium's ``on_change`` callback: a click that the map reported becomes the view in
    the URL, once (the component's value persists across reruns). As a callback it runs
    before the map's fragment does, so that one run draws the new view; read after the map
    was drawn, a click needed a second run."""
    returned = st.session_state.get(map_key)
    code = mapview.click_code(returned)
    if not code or not _exists(code):
        return
    # The click's position makes a second click on the same region a new click (the map
    # component lives on across views, and its value persists).
    token = (map_key, code, str((returned or {}).get("last_object_clicked")))
    if st.session_state.get(_HANDLED_CLICK) == token:
        return
    st.session_state[_HANDLED_CLICK] = token
    open_region(code)


def breadcrumb(trail: list[tuple[str | None, str]]) -> None:
    """``trail``: (code, name) from the root to the selected region (the screen model's)."""
    if st.session_state.pop(_WHOLE_PAGE, False):
        st.rerun(scope="app")
    # Always one container (the map below keeps its place on the page); empty at the top,
    # where there is nowhere to go back to and the map has no room to spare.
    with st.container(horizontal=True, gap="small", key="breadcrumb"):
        for i, (code, name) in enumerate(trail if len(trail) > 1 else []):
            last = i == len(trail) - 1
            st.button(
                ("› " if i else "") + name,
                key=f"crumb_{(code or 'root').replace('@', 'centre_')}",
                type="tertiary",
                disabled=last,
                on_click=_crumb,
                args=(code,),
            )


def _show(key: str, value: object) -> None:
    """Put the view's value into its widget, only when the widget shows another: a value
    written into a widget's state is sent to the browser and applied again there, after the
    run has ended (eight controls redrawn late on every run, a filter change included)."""
    if st.session_state.get(key) != value:
        st.session_state[key] = value


def controls(
    view: MapView, lang: str, options: dict[str, str], wave_labels: dict[int, str]
) -> None:
    """One row: level switch, region selectbox, metric, and a popover with the legend's
    classification and the comparison. ``options``: code -> name on the current map;
    ``wave_labels``: the wave filter's option labels (the comparison uses the same)."""
    levels = list(mapview.LEVELS)
    can_district = bool(view.region) and level_of(view.region) != "province"
    _show("v_level", view.level)
    _show("v_metric", view.metric)
    region_options = [""] + list(options)
    _show("v_region", view.region if view.region in options else "")

    # The level switch needs room for its three options ("Province · Regency/City · District").
    c1, c2, c3, c4, c5 = st.columns([3.9, 2.1, 2.4, 1.5, 1.6], vertical_alignment="bottom")
    c1.segmented_control(
        t("ctl.level", lang),
        options=levels if can_district else levels[:2],
        key="v_level",
        format_func=lambda lv: t(f"ctl.level.{lv}", lang),
        on_change=_from_widget,
        args=("level", "v_level"),
        help=None if can_district else t("ctl.level.district_help", lang),
    )
    c2.selectbox(
        t("ctl.select", lang),
        options=region_options,
        key="v_region",
        format_func=lambda c: options.get(c, t("ctl.select.none", lang)),
        on_change=_select_region,
        help=t("ctl.select.help", lang),
    )
    metric_keys = list(ENTERPRISE_METRICS if view.level == "district" else METRICS)
    c3.selectbox(
        t("map.metric", lang),
        options=metric_keys,
        key="v_metric",
        format_func=lambda k: METRICS[k].label(lang),
        on_change=_from_widget,
        args=("metric", "v_metric"),
    )
    with c4.popover(t("ctl.legend_short", lang), icon=":material/tune:", width="stretch"):
        _legend_options(view, lang)
    # The comparison has a control of its own (it was hidden inside the legend's), which
    # stands out while a comparison is on.
    on = "primary" if view.compare else "secondary"
    with c5.popover(
        t("ctl.compare_short", lang), icon=":material/compare:", type=on, width="stretch"
    ):
        _compare_options(view, lang, wave_labels)


def _legend_options(view: MapView, lang: str) -> None:
    _show("v_method", view.method)
    _show("v_k", view.k)
    _show("v_symbol", view.symbol)
    # The symbol's two buttons ("Proportional circles") on a row of their own: beside the
    # classification and the classes' five buttons they were cut off.
    c1, c2 = st.columns(2)
    c1.selectbox(
        t("ctl.method", lang),
        options=list(METHOD_KEYS),
        key="v_method",
        format_func=lambda m: t(f"map.legend.method.{m}", lang),
        on_change=_from_widget,
        args=("method", "v_method"),
    )
    # Buttons, not a slider: the page already has their code, and a slider's (with the date
    # library it needs, 85 KB) would arrive when the popover first opens.
    c2.segmented_control(
        t("ctl.k", lang),
        options=list(mapview.K_RANGE),
        key="v_k",
        required=True,
        on_change=_from_widget,
        args=("k", "v_k"),
    )
    symbols = ["area", "circles"] if view.metric in COUNT_METRICS else ["area"]
    st.segmented_control(
        t("ctl.symbol", lang),
        options=symbols,
        key="v_symbol",
        format_func=lambda s: t(f"ctl.symbol.{s}", lang),
        on_change=_from_widget,
        args=("symbol", "v_symbol"),
    )


def _compare_options(view: MapView, lang: str, wave_labels: dict[int, str]) -> None:
    _show("v_compare", list(view.compare))
    _show("v_compare_mode", view.compare_mode)
    # The same kind of control as the sidebar's wave filter.
    st.multiselect(
        t("ctl.compare", lang),
        options=list(range(1, MAX_WAVE + 1)),
        format_func=wave_labels.__getitem__,
        key="v_compare",
        help=t("ctl.compare.help", lang),
        on_change=_compare,
        placeholder=t("ctl.compare.none", lang),
        select_all=False,  # waves are picked one by one: "Select all" is English and pointless
    )
    st.segmented_control(
        t("ctl.compare_mode", lang),
        options=["side", "difference"],
        key="v_compare_mode",
        format_func=lambda m: t(f"ctl.compare_mode.{m}", lang),
        on_change=_from_widget,
        args=("compare_mode", "v_compare_mode"),
    )


def drill_button(view: MapView, lang: str) -> None:
    if view.region and level_of(view.region) == "regency" and view.level != "district":
        st.button(
            t("ctl.show_districts", lang),
            icon=":material/zoom_in:",
            on_click=_change,
            kwargs={"level": "district"},
        )
