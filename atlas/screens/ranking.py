"""Where to act: the regions on the map ranked by the map's metric, the weakest first (the
lowest coverage, the fewest trained …), or the most first for a metric where more is not
better (planned, in training). What the map page shows beside the map, each row a way into
the region."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas.core.i18n import t
from geo.metrics import METRICS, values

# Metrics where a low value is not a shortfall: ranked the most first.
MOST_FIRST = ("in_training", "planned")


@dataclass(frozen=True)
class Ranking:
    title: str  # "Kabupaten/Kota menurut Cakupan, terendah dulu"
    rows: pd.DataFrame  # code, then the region's name and the value as shown (headers named)

    @property
    def codes(self) -> list[str]:
        return list(self.rows.code)


def ranking(on_map: pd.DataFrame, metric_key: str, level: str, lang: str) -> Ranking | None:
    """The regions of ``on_map`` (a ``queries.figures`` frame) by the metric; those without
    a value (no roster to measure coverage against) left out. None when none has one."""
    metric = METRICS[metric_key]
    found = values(on_map, metric).dropna()
    if found.empty:
        return None
    names = on_map.set_index("code").name
    order = pd.DataFrame({"code": found.index, "value": found.to_numpy()})
    order["name"] = order.code.map(names)
    most_first = metric_key in MOST_FIRST
    order = order.sort_values(["value", "name"], ascending=[not most_first, True])
    rows = pd.DataFrame(
        {
            "code": order.code.to_numpy(),
            t(f"ctl.level.{level}", lang): order.name.to_numpy(),
            # The title names the metric; a long name cut the column off in the panel.
            t("rank.value", lang): [metric.format(v, lang) for v in order.value],
        }
    )
    which = "rank.most_first" if most_first else "rank.weakest_first"
    title = t(which, lang, level=t(f"ctl.level.{level}", lang), metric=metric.label(lang))
    return Ranking(title, rows.reset_index(drop=True))
