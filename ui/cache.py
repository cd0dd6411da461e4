"""Cached access to the database and the screen models — the app's caching layer.

The engine is a process-wide resource. Screen models (``atlas.screens.explorer``, ``atlas.screens.reports``)
and lookups are cached whole, by value, keyed on the data version stored in the database, so
a commit in any process is seen by every process on its next rerun. (The boundaries are read
once per process in ``geo.boundaries``.)
"""

from __future__ import annotations

import folium
import pandas as pd
import streamlit as st
from sqlalchemy import Engine, event
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from atlas.core import labels
from atlas.core.access import Principal
from atlas.core.filters import Filter
from atlas.core.mapview import MapView, Notice
from atlas.screens import explorer
from atlas.store import db, lookups
from geo import boundaries

_RUN_MEMO = "_atlas_run_memo"  # on Streamlit's context of the running session


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    made = db.make_engine()
    # A commit made by this thread (an import, an undo, a setting) is seen by the rest of
    # its run: what the run had read is forgotten.
    event.listen(made, "commit", lambda _conn: _forget_run())
    return made


def _this_run() -> dict | None:
    """What the current run of a page has read (None outside a run: the CLI, a test's own
    calls). ScriptRunContext.reset gives every run, fragment runs included, a new
    ``cursors`` dict; the memo holds the run's dict, so it cannot match a later run's."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return None
    memo = getattr(ctx, _RUN_MEMO, None)
    if memo is None or memo[0] is not ctx.cursors:
        memo = (ctx.cursors, {})
        setattr(ctx, _RUN_MEMO, memo)
    return memo[1]


def _forget_run() -> None:
    run = _this_run()
    if run is not None:
        run.clear()


def data_version() -> str:
    """The data version, read once per run: every lookup of one run sees the same data, and
    a full run of the map page asks the database once instead of nine times."""
    run = _this_run()
    if run is None:
        return db.data_version(engine())
    if "version" not in run:
        run["version"] = db.data_version(engine())
    return run["version"]


def _key(f: Filter) -> tuple:
    """The filter as plain hashable values (the cache key)."""
    return (f.waves, f.batches, f.provinces, f.as_of, f.sectors, f.statuses)


def _unkey(key: tuple) -> Filter:
    waves, batches, provinces, as_of, sectors, statuses = key
    return Filter(
        waves=waves,
        batches=batches,
        provinces=provinces,
        as_of=as_of,
        sectors=sectors,
        statuses=statuses,
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _default_metric(version: str, key: tuple) -> str:
    return explorer.default_metric(engine(), _unkey(key))


def default_metric(f: Filter) -> str:
    """The metric of a link that names none (see ``atlas.screens.explorer``)."""
    return _default_metric(data_version(), _key(f))


# Screen models are small (values, colours, tooltips, tables of the regions on the map), so
# many fit; one entry is one view of one filter for one principal in one language.
@st.cache_data(show_spinner=False, max_entries=512)
def _explorer(
    version: str,
    key: tuple,
    view: MapView,
    who: Principal,
    lang: str,
    notices: tuple[Notice, ...],
    problems: tuple[str, ...],
    base: str,
) -> explorer.Explorer:
    return explorer.explore(
        engine(),
        _unkey(key),
        view,
        who,
        lang,
        view_notices=notices,
        problems=problems,
        asset_base=base,
    )


def explorer_screen(
    f: Filter,
    view: MapView,
    who: Principal,
    lang: str,
    notices: tuple[Notice, ...] = (),
    problems: tuple[str, ...] = (),
) -> explorer.Explorer:
    """The map page's screen model. ``who`` is part of the key: what it shows depends on it."""
    base = st.get_option("server.baseUrlPath")
    args = (data_version(), _key(f), view, who, lang, notices, problems, base)
    # Once per run: a full run of the map page asks twice (the notices above the map, and
    # the map's fragment), and every answer of st.cache_data is a copy to unpickle.
    run = _this_run()
    if run is None:
        return _explorer(*args)
    last = run.get("explorer")  # (arguments, screen); compared, as notices hold dicts
    if last is None or last[0] != args:
        last = run["explorer"] = (args, _explorer(*args))
    return last[1]


def standalone_map(f: Filter, view: MapView, who: Principal, lang: str) -> folium.Map:
    """The view's first map with its shapes inline (the HTML download; built when clicked)."""
    return explorer.standalone(engine(), f, view, who, lang)


@st.cache_data(show_spinner=False)
def _region_names(version: str) -> dict[str, str]:
    return lookups.region_names(engine())


def region_names() -> dict[str, str]:
    """Every region code with its name (provinces, regencies, districts)."""
    return _region_names(data_version())


@st.cache_data(show_spinner=False)
def _provinces(version: str) -> dict[str, str]:
    return lookups.provinces(engine())


def provinces() -> dict[str, str]:
    return _provinces(data_version())


@st.cache_data(show_spinner=False)
def _waves(version: str) -> pd.DataFrame:
    return lookups.waves(engine())


@st.cache_data(show_spinner=False)
def _wave_labels(version: str, lang: str) -> dict[int, str]:
    starts = {
        int(w.number): (None if pd.isna(w.start_date) else w.start_date)
        for w in _waves(version).itertuples()
    }
    return labels.wave_options(starts, lang)


def wave_labels(lang: str) -> dict[int, str]:
    """The wave lists' option labels (a format_func is called for every option on every
    run, so they are made once per data version)."""
    return _wave_labels(data_version(), lang)


@st.cache_data(show_spinner=False)
def _meta(version: str) -> dict[str, str]:
    """``atlas.store.lookups.page_meta``, once per data version."""
    return lookups.page_meta(engine())


def meta() -> dict[str, str]:
    return _meta(data_version())


@st.cache_data(show_spinner=False, max_entries=32)
def _impact(version: str, key: tuple, region: str | None):
    """The training-impact estimates, computed once per data version, filter and region for
    both pages that show them (the impact page in either language, and the briefing)."""
    from atlas.analysis import impact

    return impact.build(engine(), _unkey(key), region)


@st.cache_data(show_spinner=False, max_entries=32)
def _report(version: str, key: tuple, lang: str, presentation: bool = False):
    from atlas.screens import reports

    return reports.build(
        engine(),
        _unkey(key),
        lang,
        presentation=presentation,
        estimates=_impact(version, key, None),
    )


def report(f: Filter, lang: str, presentation: bool = False):
    """The briefing content (figures, narrative, map picture, charts) for a filter; for a
    projector with ``presentation``."""
    return _report(data_version(), _key(f), lang, presentation)


@st.cache_data(show_spinner=False, max_entries=32)
def _impact_screen(version: str, key: tuple, region: str | None, lang: str):
    from atlas.screens import impact_screen

    m = _meta(version)
    estimates = _impact(version, key, region)
    return impact_screen.from_impact(
        estimates, lang, m["demo_rows"] == "1", m["demo_effect"] or None
    )


def impact_screen(f: Filter, region: str | None, lang: str):
    """The training-impact page (estimates, charts, texts) for a filter and a region."""
    return _impact_screen(data_version(), _key(f), region, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _exports(version: str, key: tuple, lang: str) -> tuple[bytes, bytes]:
    from atlas.exports import deck, pdf

    r = _report(version, key, lang)
    return pdf.render(r), deck.render(r)


def exports(f: Filter, lang: str) -> tuple[bytes, bytes]:
    """(PDF, PowerPoint) of the briefing for a filter."""
    return _exports(data_version(), _key(f), lang)


@st.cache_data(show_spinner=False)
def _template(version: str, kind: str) -> bytes:
    from atlas.ingest import templates

    return templates.build(kind, boundaries.load_regions())


def template(kind: str) -> bytes:
    """The xlsx template of one upload kind (regency dropdowns from the installed list)."""
    return _template(data_version(), kind)


def default_as_of():
    from atlas.core import config

    return config.default_as_of()


_UPLOAD_SCREEN = "_upload_screen"


def upload_screen(upload, who: Principal, lang: str, progress=None):
    """The upload page's screen model (``atlas.ingest.upload_screen``) for this tab's file: kept in
    the tab's state, one at a time, and checked again only when the file, a decision about
    it, the data or the language changed (a check of a large file takes seconds)."""
    from atlas.ingest import upload_screen

    key = (upload.fingerprint(), data_version(), who, lang)
    last = st.session_state.get(_UPLOAD_SCREEN)
    if last is None or last[0] != key:
        last = (key, upload_screen.screen(upload, engine(), who, lang, progress))
        st.session_state[_UPLOAD_SCREEN] = last
        if progress:
            progress(1.0, "done")  # also when the check stopped early (a refused file)
    return last[1]


def forget_upload_screen() -> None:
    st.session_state.pop(_UPLOAD_SCREEN, None)
