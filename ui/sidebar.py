"""The shared filter sidebar, mirrored in the URL.

The URL is read when a session starts (or when the widgets are gone, e.g. after visiting
another page) and written back in canonical form after every change, so a pasted link
reproduces the view. Bad URL values are reported and ignored, never raised.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from atlas.core import areas, urls
from atlas.core.filters import (
    MAX_WAVE,
    Filter,
    FilterError,
    format_batches,
    from_query,
    parse_batches,
    to_query,
)
from atlas.core.i18n import t, tmd
from atlas.core.labels import all_provinces, label
from atlas.core.lists import ENTERPRISE_STATUSES, SECTORS
from ui import cache

_W = {
    "waves": "f_waves",
    "batches": "f_batches",
    "provinces": "f_provinces",
    "as_of": "f_as_of",
    "sectors": "f_sectors",
    "statuses": "f_statuses",
}
_SIG = "_filters_url"
MIN_DATE, MAX_DATE = date(2019, 1, 1), date(2030, 12, 31)


def _url_values() -> dict[str, str]:
    return {key: st.query_params.get(key) for key in urls.FILTER.values() if key in st.query_params}


def _apply(f: Filter) -> None:
    st.session_state[_W["waves"]] = list(f.waves)
    st.session_state[_W["batches"]] = format_batches(f.batches)
    st.session_state[_W["provinces"]] = list(f.provinces)
    st.session_state[_W["as_of"]] = min(max(f.as_of, MIN_DATE), MAX_DATE)
    st.session_state[_W["sectors"]] = list(f.sectors)
    st.session_state[_W["statuses"]] = list(f.statuses)


def _reset() -> None:
    _apply(Filter())


def reset_button(lang: str, key: str) -> None:
    """Back to every wave, batch, province, sector and status (the sidebar's button, and the
    one offered beside an empty selection)."""
    st.button(t("f.reset", lang), on_click=_reset, key=key, icon=":material/restart_alt:")


def sidebar(lang: str) -> tuple[Filter, list[str]]:
    """Render the filter widgets; returns the filter and the problems to show the user."""
    problems = _from_url(lang)
    with st.sidebar:
        st.markdown(f"#### {t('f.header', lang)}")
        waves, batch_text, chosen_provinces, as_of = _training_widgets(lang)
        sectors, statuses = _enterprise_widgets(lang)
        reset_button(lang, key="f_reset")
    batches: tuple[int, ...] = ()
    if batch_text and batch_text.strip():
        try:
            batches = parse_batches(batch_text)
        except FilterError as exc:
            problems.append(tmd(exc.key, lang, **exc.params))
    f = Filter(
        waves=tuple(sorted(waves)),
        batches=batches,
        provinces=tuple(sorted(chosen_provinces)),
        as_of=as_of,
        sectors=tuple(v for v in SECTORS if v in sectors),
        statuses=tuple(v for v in ENTERPRISE_STATUSES if v in statuses),
    )
    _to_url(f)
    return f, problems


def _from_url(lang: str) -> list[str]:
    """The widgets set from the URL when it changed (a link, a page opened); the problems
    of its values, in words."""
    problems: list[str] = []
    url = _url_values()
    signature = tuple(sorted(url.items()))
    if st.session_state.get(_SIG) != signature or _W["waves"] not in st.session_state:
        f_url, errors = from_query(url)
        _apply(f_url)
        problems += [tmd(e.key, lang, **e.params) for e in errors]
    else:
        # Another page's widgets are other widgets: Streamlit would start this page's empty
        # (all waves) and the page link's filter would be lost. Handing each value over as
        # session state carries it (Streamlit's documented way across pages).
        for key in _W.values():
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
    return problems


def _centre_widget(lang: str) -> None:
    """The country's deployment: a regional centre chooses all its provinces at once (the
    province list below shows them, and a heading names the centre)."""
    centre = areas.whole_centre(st.session_state.get(_W["provinces"]) or ())
    value = centre.code if centre else ""
    if st.session_state.get("f_centre") != value:
        st.session_state["f_centre"] = value
    centres = {a.code: a.title for a in areas.CENTRES}
    st.selectbox(
        t("f.centre", lang),
        options=["", *centres],
        key="f_centre",
        format_func=lambda code: centres.get(code) or t("f.all", lang),
        help=t("f.centre.help", lang),
        on_change=_choose_centre,
    )


def _choose_centre() -> None:
    code = st.session_state.get("f_centre")
    choose_provinces(areas.named(code).provinces if code else ())


def choose_provinces(codes: tuple[str, ...]) -> None:
    """Select these provinces in the filter (a callback: the sidebar draws them next)."""
    st.session_state[_W["provinces"]] = sorted(codes)


def _training_widgets(lang: str) -> tuple:
    """Waves, batches (as typed), provinces and the as-of date."""
    provinces = cache.provinces()
    labels = cache.wave_labels(lang)
    waves = st.multiselect(
        t("f.waves", lang),
        options=list(range(1, MAX_WAVE + 1)),
        format_func=labels.__getitem__,
        key=_W["waves"],
        help=t("f.waves.help", lang),
        placeholder=t("f.all", lang),
        select_all=False,  # an empty list already means all
    )
    batch_text = st.text_input(
        t("f.batches", lang),
        key=_W["batches"],
        help=t("f.batches.help", lang),
        placeholder=t("f.all", lang),
    )
    if areas.current().national:
        _centre_widget(lang)
    chosen_provinces = st.multiselect(
        t("f.provinces", lang),
        options=list(provinces),
        key=_W["provinces"],
        format_func=lambda code: provinces.get(code, code),
        help=t("f.provinces.help", lang, all_provinces=all_provinces(lang)),
        placeholder=t("f.all", lang),
        select_all=False,  # an empty list already means all
    )
    as_of = st.date_input(
        t("f.as_of", lang),
        key=_W["as_of"],
        min_value=MIN_DATE,
        max_value=MAX_DATE,
        format="DD/MM/YYYY",
        help=t("f.as_of.help", lang),
    )
    return waves, batch_text, chosen_provinces, as_of


def _enterprise_widgets(lang: str) -> tuple:
    """Sectors and statuses (they filter the enterprise figures only)."""
    return tuple(
        st.multiselect(
            t(f"f.{field}", lang),
            options=list(options),
            key=_W[field],
            format_func=lambda v, list_name=list_name: label(list_name, v, lang),
            help=t("f.enterprise_help", lang),
            placeholder=t("f.all", lang),
            select_all=False,  # an empty list already means all
        )
        for field, list_name, options in (
            ("sectors", "sector", SECTORS),
            ("statuses", "status", ENTERPRISE_STATUSES),
        )
    )


def _to_url(f: Filter) -> None:
    """The filter mirrored in the URL (what a shared link carries)."""
    wanted = to_query(f)
    for key in urls.FILTER.values():
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]
    st.session_state[_SIG] = tuple(sorted(wanted.items()))
