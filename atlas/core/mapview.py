"""The map's view state (level, selected region, metric, legend, comparison) and its URL form.

Plain functions, so that clicks, breadcrumbs and bad links are handled and tested without a
browser: ``after_click`` is what a click on the map does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from atlas.core import areas
from atlas.core.filters import FilterError, format_waves, parse_waves
from atlas.core.regions import level_of, path_of, province_of, regency_of
from atlas.core.urls import VIEW

LEVELS = ("province", "regency", "district")
LEVEL_URL = {"province": "provinsi", "regency": "kabupaten", "district": "kecamatan"}
METHOD_URL = {"quantiles": "kuantil", "natural_breaks": "jenks", "equal_interval": "interval"}
SYMBOL_URL = {"area": "area", "circles": "lingkaran"}
COMPARE_URL = {"side": "berdampingan", "difference": "selisih"}
K_RANGE = range(3, 8)


def _first_level() -> str:
    # A regional centre's map opens on its regencies (about a hundred); the country's on its
    # 38 provinces: 514 regencies are too small to read, and a slow link downloads them only
    # when someone asks for them.
    return "province" if areas.current().national else "regency"


@dataclass(frozen=True)
class MapView:
    level: str = field(default_factory=_first_level)
    region: str | None = None
    metric: str = "trained"
    method: str = "quantiles"
    k: int = 5
    symbol: str = "area"
    compare: tuple[int, ...] = ()  # a second wave set; empty = no comparison
    compare_mode: str = "side"

    def with_(self, **changes: object) -> MapView:
        return replace(self, **changes)


@dataclass(frozen=True)
class Notice:
    key: str
    params: dict


def _inverse(mapping: dict[str, str]) -> dict[str, str]:
    return {v: k for k, v in mapping.items()}


def scope(view: MapView) -> tuple[str, str | None]:
    """(level of the map's regions, the province or regency they lie in)."""
    if view.level == "province":
        return "province", None
    if view.level == "district" and view.region:
        return "district", regency_of(view.region)
    if view.region:
        return "regency", province_of(view.region)
    return "regency", None


def after_click(view: MapView, code: str) -> MapView:
    """A click on region ``code`` of the current map: provinces drill down, others select."""
    if view.level == "province":
        return view.with_(level="regency", region=code)
    return view.with_(region=code)


def crumbs(view: MapView) -> list[str]:
    """Codes from the province down to the selected region (the breadcrumb after the root)."""
    if not view.region:
        return []
    return path_of(view.region)


def go_to_crumb(view: MapView, code: str | None) -> MapView:
    """Where a breadcrumb leads: ``None`` is the whole working area."""
    if code is None:
        return view.with_(region=None, level="province" if view.level == "province" else "regency")
    level = level_of(code)
    if level == "district":
        return view.with_(region=code, level="district")
    return view.with_(region=code, level="regency")


def from_query(
    params: dict[str, str],
    region_exists: Callable[[str], bool],
    metric_keys: tuple[str, ...],
    enterprise_metrics: tuple[str, ...],
    count_metrics: tuple[str, ...],
    default_metric: str = "trained",
) -> tuple[MapView, list[Notice]]:
    """Read the view from URL parameters; anything invalid is reported and replaced."""
    notices: list[Notice] = []
    v = MapView(metric=default_metric)

    def k_value(raw: str) -> int | None:
        # ASCII digits only: "²".isdigit() is true and int("²") raises.
        return int(raw) if raw.isascii() and raw.isdigit() and int(raw) in K_RANGE else None

    def waves_value(raw: str) -> tuple[int, ...] | None:
        try:
            return parse_waves(raw)
        except FilterError:
            return None

    # URL key -> (view attribute, parser returning None for a bad value)
    parsers = {
        VIEW["level"]: ("level", _inverse(LEVEL_URL).get),
        VIEW["metric"]: ("metric", lambda raw: raw if raw in metric_keys else None),
        VIEW["method"]: ("method", _inverse(METHOD_URL).get),
        VIEW["k"]: ("k", k_value),
        VIEW["symbol"]: ("symbol", _inverse(SYMBOL_URL).get),
        VIEW["compare"]: ("compare", waves_value),
        VIEW["compare_mode"]: ("compare_mode", _inverse(COMPARE_URL).get),
    }
    for key, (attr, parse) in parsers.items():
        if (raw := params.get(key)) is None:
            continue
        value = parse(raw)
        if value is None:
            notices.append(Notice("view.bad", {"param": key, "value": raw}))
        else:
            v = v.with_(**{attr: value})
    if (raw := params.get(VIEW["region"])) is not None:
        code = raw.strip()
        if "." not in code and code.isascii() and code.isdigit() and len(code) in (4, 6):
            code = ".".join(code[i : i + 2] for i in range(0, len(code), 2))
        if region_exists(code):
            v = v.with_(region=code)
        else:
            notices.append(Notice("view.region.bad", {"value": raw}))
    if v.level == "district" and (not v.region or level_of(v.region) == "province"):
        notices.append(Notice("view.district_needs_regency", {}))
        v = v.with_(level="regency")
    if v.level == "province" and v.region:
        # The app never selects a region on the province map (a click opens the province's
        # regencies): a link naming one without a level — the country's map opens on its
        # provinces — shows it among its neighbours.
        v = v.with_(level="district" if level_of(v.region) == "district" else "regency")
    return normalise(v, enterprise_metrics, count_metrics, notices), notices


def normalise(
    v: MapView,
    enterprise_metrics: tuple[str, ...],
    count_metrics: tuple[str, ...],
    notices: list[Notice] | None = None,
) -> MapView:
    """Make the view consistent (district maps carry enterprise metrics only; circles show
    counts only), noting what changed."""
    notices = notices if notices is not None else []
    if v.level == "district" and v.metric not in enterprise_metrics:
        notices.append(Notice("view.district_metric", {}))
        v = v.with_(metric="enterprises")
    if v.symbol == "circles" and v.metric not in count_metrics:
        notices.append(Notice("view.circles_counts", {}))
        v = v.with_(symbol="area")
    return v


def to_query(v: MapView, default_metric: str = "trained") -> dict[str, str]:
    """Canonical URL parameters (defaults left out)."""
    d = MapView(metric=default_metric)
    out: dict[str, str] = {}
    if v.level != d.level:
        out[VIEW["level"]] = LEVEL_URL[v.level]
    if v.region:
        out[VIEW["region"]] = v.region
    if v.metric != d.metric:
        out[VIEW["metric"]] = v.metric
    if v.method != d.method:
        out[VIEW["method"]] = METHOD_URL[v.method]
    if v.k != d.k:
        out[VIEW["k"]] = str(v.k)
    if v.symbol != d.symbol:
        out[VIEW["symbol"]] = SYMBOL_URL[v.symbol]
    if v.compare:
        out[VIEW["compare"]] = format_waves(v.compare)
        if v.compare_mode != d.compare_mode:
            out[VIEW["compare_mode"]] = COMPARE_URL[v.compare_mode]
    return out


def click_code(returned: dict | None) -> str | None:
    """The region code of the feature a st_folium click returned, if any."""
    if not returned:
        return None
    drawing = returned.get("last_active_drawing") or {}
    props = drawing.get("properties") or {}
    code = props.get("code")
    return code if isinstance(code, str) else None
