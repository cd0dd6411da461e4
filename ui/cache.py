"""Cached access to the database and the screen models — the app's caching layer.

The engine is a process-wide resource. Screen models (``atlas.screens.explorer``, ``atlas.screens.reports``)
and lookups are cached whole, by value, keyed on the data version stored in the database, so
a commit in any process is seen by every process on its next rerun. (The boundaries are read
once per process in ``geo.boundaries``.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import folium
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from atlas.core import labels
from atlas.core.access import Principal
from atlas.core.filters import Filter
from atlas.core.mapview import MapView, Notice
from atlas.screens import explorer, site
from geo import boundaries

if TYPE_CHECKING:
    from sqlalchemy import Engine

_RUN_MEMO = "_atlas_run_memo"  # on Streamlit's context of the running session


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    # A commit made by this thread (an import, an undo, a setting) is seen by the rest of
    # its run: what the run had read is forgotten.
    return site.engine(on_commit=_forget_run)


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
        return site.data_version(engine())
    if "version" not in run:
        run["version"] = site.data_version(engine())
    return run["version"]


# One cache for every screen model and lookup: an entry is one builder's answer for one data
# version and one set of arguments. Screen models are small (values, colours, tooltips,
# tables), so many fit; the briefing's files (PDF and PowerPoint, a few MB) have a smaller
# cache of their own.
@st.cache_data(show_spinner=False, max_entries=512)
def _model(version: str, name: str, args: tuple, _build: Callable):
    return _build(engine(), *args)


@st.cache_data(show_spinner=False, max_entries=16)
def _file(version: str, name: str, args: tuple, _build: Callable):
    return _build(engine(), *args)


def cached(build: Callable, *args, files: bool = False):
    """``build(engine, *args)``, computed once per data version and arguments (``build`` is
    known by its module and name: Streamlit does not hash a parameter named ``_…``)."""
    name = f"{build.__module__}.{build.__qualname__}"
    return (_file if files else _model)(data_version(), name, args, build)


def default_metric(f: Filter, who: Principal) -> str:
    """The metric of a link that names none (see ``atlas.screens.explorer``)."""
    return cached(explorer.default_metric, f, who)


def _explorer(engine, f, view, who, lang, notices, problems, base) -> explorer.Explorer:
    return explorer.explore(
        engine, f, view, who, lang, view_notices=notices, problems=problems, asset_base=base
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
    args = (f, view, who, lang, notices, problems, st.get_option("server.baseUrlPath"))
    # Once per run: a full run of the map page asks twice (the notices above the map, and
    # the map's fragment), and every answer of st.cache_data is a copy to unpickle.
    run = _this_run()
    if run is None:
        return cached(_explorer, *args)
    last = run.get("explorer")  # (arguments, screen); compared, as notices hold dicts
    if last is None or last[0] != args:
        last = run["explorer"] = (args, cached(_explorer, *args))
    return last[1]


def standalone_map(f: Filter, view: MapView, who: Principal, lang: str) -> folium.Map:
    """The view's first map with its shapes inline (the HTML download; built when clicked)."""
    return explorer.standalone(engine(), f, view, who, lang)


def region_names() -> dict[str, str]:
    """Every region code with its name (provinces, regencies, districts)."""
    return cached(site.region_names)


def provinces() -> dict[str, str]:
    return cached(site.provinces)


def _wave_labels(engine, lang: str) -> dict[int, str]:
    waves = cached(site.waves)
    starts = {
        int(w.number): (None if pd.isna(w.start_date) else w.start_date) for w in waves.itertuples()
    }
    return labels.wave_options(starts, lang)


def wave_labels(lang: str) -> dict[int, str]:
    """The wave lists' option labels (a format_func is called for every option on every
    run, so they are made once per data version)."""
    return cached(_wave_labels, lang)


def meta() -> dict[str, str]:
    """``atlas.store.lookups.page_meta``, once per data version."""
    return cached(site.page_meta)


def _impact(engine, f: Filter, region: str | None):
    """The training-impact estimates, computed once per data version, filter and region for
    both pages that show them (the impact page in either language, and the briefing)."""
    from atlas.analysis import impact

    return impact.build(engine, f, region)


def _report(engine, f: Filter, lang: str, presentation: bool):
    from atlas.screens import reports

    estimates = cached(_impact, f, None)
    return reports.build(engine, f, lang, presentation=presentation, estimates=estimates)


def report(f: Filter, lang: str, presentation: bool = False):
    """The briefing content (figures, narrative, map picture, charts) for a filter; for a
    projector with ``presentation``."""
    return cached(_report, f, lang, presentation)


def _impact_screen(engine, f: Filter, region: str | None, lang: str):
    from atlas.screens import impact_screen

    m = meta()
    estimates = cached(_impact, f, region)
    return impact_screen.from_impact(
        estimates, lang, m["demo_rows"] == "1", m["demo_effect"] or None
    )


def impact_screen(f: Filter, region: str | None, lang: str):
    """The training-impact page (estimates, charts, texts) for a filter and a region."""
    return cached(_impact_screen, f, region, lang)


def _exports(engine, f: Filter, lang: str) -> tuple[bytes, bytes]:
    from atlas.exports import deck, pdf

    r = report(f, lang)
    return pdf.render(r), deck.render(r)


def exports(f: Filter, lang: str) -> tuple[bytes, bytes]:
    """(PDF, PowerPoint) of the briefing for a filter."""
    return cached(_exports, f, lang, files=True)


def _template(engine, kind: str) -> bytes:
    from atlas.ingest import templates

    return templates.build(kind, boundaries.load_regions())


def template(kind: str) -> bytes:
    """The xlsx template of one upload kind (regency dropdowns from the installed list)."""
    return cached(_template, kind)


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
