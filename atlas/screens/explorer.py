"""The map page's screen model: everything the explorer draws for one filter, view, principal
and language, computed in one call (``explore``) and cached whole by ``ui.cache.explorer``,
the way ``atlas.screens.reports.Report`` is for the briefing. The page only draws it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from atlas.core import areas, config
from atlas.core.access import Principal
from atlas.core.filters import Filter, format_waves
from atlas.core.i18n import fmt_date_short, fmt_int, md, t, tmd
from atlas.core.labels import area_root, filter_part, filter_summary, status_note
from atlas.core.mapview import MapView, Notice, crumbs, scope
from atlas.core.regions import province_of
from atlas.screens import map_layers, region_panel
from atlas.screens.headline import Figure, headline
from atlas.screens.ranking import Ranking, ranking
from atlas.screens.region_panel import Panel
from atlas.screens.region_table import region_table
from atlas.store import db, detail, origin, queries
from geo import boundaries, maps

# Notices about the view that are information, not a problem with the link.
INFO_NOTICES = ("view.district_metric", "view.circles_counts")
MAP_KEYS = ("map-a", "map-b")


@dataclass
class Explorer:
    lang: str
    view: MapView
    level: str  # of the regions on the map
    within: str | None  # the province or regency they lie in
    headline: list[Figure]
    compared_with: str | None  # what the second value of each headline figure is
    warnings: list[str]  # what was wrong with the link (ignored)
    empty: str | None  # the filters that emptied the selection, when it is empty
    resettable: bool  # filters emptied it (offer to reset them), not a database without data
    infos: list[str]  # about the view (e.g. a metric that does not exist at this level)
    notes: list[str]  # under the map: what it shows, points, enterprises without district
    crumbs: list[tuple[str | None, str]]  # (code, name) from the root to the selected region
    options: dict[str, str]  # code -> name of the regions on the map (the region picker)
    regions: pd.DataFrame  # the regions on the map with their figures
    table: pd.DataFrame  # the same as shown and downloaded (headers in the language)
    # What a downloaded table says of itself (the XLSX's notes sheet): the selection and
    # its date, the demo mark while demo rows are counted, the latest upload's status.
    table_notes: list[str]
    table_demo: bool  # demo rows are counted: the file names say so
    maps: list[maps.ViewSpec]  # one, or two side by side; empty without boundaries
    error: str | None  # why there is no map
    panel: Panel | None  # of the selected region
    ranking: Ranking | None  # the regions on the map by the metric, the weakest first

    @property
    def side_by_side(self) -> bool:
        return len(self.maps) > 1

    @property
    def map_keys(self) -> tuple[str, ...]:
        return MAP_KEYS[: len(self.maps)]


def default_metric(source: db.Source, f: Filter, who: Principal) -> str:
    """The metric of a link that names none (``metric_for`` the selection's totals):
    coordinators, who look for where their regions lag, open on coverage."""
    metric = metric_for(queries.figures(source, f).iloc[0])
    return "coverage" if metric == "trained" and who.role == "coordinator" else metric


def metric_for(total: pd.Series) -> str:
    """The trained, or the selected participants when nobody in the selection (``total``,
    a ``queries.figures`` row) has finished training yet."""
    return "trained" if total.trained else "participants"


def _warnings(view_notices: list[Notice], problems: list[str], lang: str) -> list[str]:
    bad = list(problems) + [
        tmd(n.key, lang, **n.params)
        for n in view_notices
        if n.key.startswith("view.") and n.key not in INFO_NOTICES
    ]
    return [t("filter.url_notice", lang, problems=" · ".join(bad))] if bad else []


def _infos(level: str, view_notices: list[Notice], lang: str) -> list[str]:
    keys = {n.key for n in view_notices if n.key in INFO_NOTICES}
    if level == "district":
        keys.add("view.district_metric")
    return [t(k, lang) for k in sorted(keys)]


def _origin(source: db.Source) -> tuple[date | None, bool]:
    """The day of the latest enterprise upload, and whether demo rows are counted."""
    with db.reading(source) as conn:
        return origin.status_date(conn), origin.demo_rows(conn)


def _table_notes(f: Filter, demo: bool, stale: str | None, lang: str) -> list[str]:
    when = t("dl.note.as_of", lang, as_of=fmt_date_short(f.as_of, lang))
    notes = [" · ".join(p for p in (t("app.title", lang), filter_summary(f, lang), when) if p)]
    notes += [t("demo.mark", lang)] if demo else []
    return notes + ([stale] if stale else [])


def _status_info(f: Filter, status_day: date, lang: str) -> str:
    as_of, day = fmt_date_short(f.as_of, lang), fmt_date_short(status_day, lang)
    return t("status.latest_upload.info", lang, as_of=as_of, date=day)


def _notes(drawn: map_layers.Layers, without: dict | None, regency: str, lang: str) -> list[str]:
    level_name = t(f"ctl.level.{drawn.level}", lang)
    out = [
        t("map.caption", lang, level=level_name.lower() if lang == "id" else level_name)
        + " "
        + drawn.points_note
    ]
    if without and without["enterprises"]:
        n = fmt_int(without["enterprises"], lang)
        out.append(t("map.without_district_note", lang, n=n, regency=md(regency)))
    return out


def _centre_crumb(f: Filter, view: MapView) -> list[tuple[str, str]]:
    """The country's breadcrumb names the regional centre between Indonesia and a province
    (Indonesia › Regional III Yogyakarta › DI Yogyakarta › …), or the centre chosen as a
    filter; its code is ``@`` and the centre's (a crumb that chooses the centre)."""
    if not areas.current().national:
        return []
    centre = areas.of_province(province_of(view.region)) if view.region else None
    centre = centre or areas.whole_centre(f.provinces)
    return [(f"@{centre.code}", centre.title)] if centre else []


def explore(
    source: db.Source,
    f: Filter,
    view: MapView,
    who: Principal,
    lang: str,
    *,
    view_notices: tuple[Notice, ...] = (),
    problems: tuple[str, ...] = (),
    asset_base: str = "",
) -> Explorer:
    """The explorer for a filter and a view, as ``who`` may see it, every figure from one
    snapshot of the database. ``view_notices`` and ``problems``: what reading the link found
    (view and filter); ``asset_base``: the server's base URL path (the shapes' URLs start
    with it)."""
    with db.snapshot(source) as snap:
        return _explore(snap, f, view, who, lang, view_notices, problems, asset_base)


def _explore(
    snap: db.Source,
    f: Filter,
    view: MapView,
    who: Principal,
    lang: str,
    view_notices: tuple[Notice, ...],
    problems: tuple[str, ...],
    asset_base: str,
) -> Explorer:
    total = queries.figures(snap, f, with_median=True).iloc[0]
    other = None
    if view.compare:
        other = queries.figures(
            snap, f.with_(waves=view.compare, batches=()), with_median=True
        ).iloc[0]
    status_day, demo = _origin(snap)
    note = status_note(f.as_of, status_day, lang)  # short: the table's header
    said = status_note(f.as_of, status_day, lang, "status.latest_upload.panel")
    info = _status_info(f, status_day, lang) if note else None
    # Each figure's chip names the other set by its numerals only ("I-IV: 1.115 · +565"), and
    # one line above the row says what they are: with the full label in every chip the row
    # took three lines.
    figures = headline(total, lang, other, format_waves(view.compare), said)
    compared_with = (
        t("headline.compared", lang, waves=map_layers.wave_label(view.compare, lang))
        if view.compare
        else None
    )
    empty, parts = None, ""
    if queries.is_empty(total):
        parts = " · ".join(filter_part(f, d, lang) for d in queries.emptied_by(snap, f))
        # No filter to blame: the database holds nothing yet (a new area's deployment).
        empty = t("empty.selection", lang, parts=parts) if parts else t("brief.n.nothing", lang)

    path = dict(detail.region_path(snap, view.region)) if view.region else {}
    trail = [(None, area_root(lang)), *_centre_crumb(f, view)]
    trail += [(c, path.get(c, c)) for c in crumbs(view)]
    drawn, specs, error = None, [], None
    try:
        drawn = map_layers.layers(snap, f, view, lang, who)
        specs = map_layers.view_specs(drawn, lang, asset_base)
        on_map, level, within = drawn.figures, drawn.level, drawn.within
    except boundaries.BoundariesMissing as exc:
        error = t("err.boundaries_missing", lang, path=exc.path, source=config.geo_source())
        level, within = scope(view)
        on_map = queries.figures(snap, f, level, within)
    without = None
    if level == "district":
        without = queries.without_district(snap, f, within)
    regency = path.get(within, within) if within else ""
    return Explorer(
        lang=lang,
        view=view,
        level=level,
        within=within,
        headline=figures,
        compared_with=compared_with,
        warnings=_warnings(list(view_notices), list(problems), lang),
        empty=empty,
        resettable=bool(parts),
        infos=_infos(level, list(view_notices), lang) + ([info] if info else []),
        notes=_notes(drawn, without, regency, lang) if drawn else [],
        crumbs=trail,
        options=dict(zip(on_map.code, on_map.name)),
        regions=on_map,
        table=region_table(on_map, level, lang, without, note),
        table_notes=_table_notes(f, demo, info, lang),
        table_demo=demo,
        maps=specs,
        error=error,
        panel=region_panel.panel(snap, f, view.region, lang, who, said) if view.region else None,
        ranking=ranking(on_map, view.metric, level, lang),
    )


def standalone(source: db.Source, f: Filter, view: MapView, who: Principal, lang: str):
    """The first map of the view as one folium map with its shapes inline (the HTML
    download, built when clicked)."""
    with db.snapshot(source) as snap:
        return map_layers.standalone(map_layers.layers(snap, f, view, lang, who), lang)
