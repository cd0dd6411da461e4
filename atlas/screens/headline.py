"""The map page's headline row as data: each figure's label, value, and — when waves are
compared — the other wave set's value with the difference (this set minus that one)."""

from __future__ import annotations

import pandas as pd

from atlas.core.figure import Figure
from atlas.core.i18n import fmt_int, fmt_money_short, fmt_num, fmt_pct, missing, t

# (field, label key, kind, help key); kind: count, share or money.
_FIELDS = (
    ("facilitators_roster", "m.roster", "count", "m.roster.help"),
    ("trained", "m.trained", "count", "m.trained.help"),
    ("coverage", "m.coverage", "share", None),
    ("in_training", "m.in_training", "count", None),
    ("planned", "m.planned", "count", None),
    ("batches", "m.batches", "count", None),
    ("waves", "m.waves", "count", None),
    ("enterprises", "m.enterprises", "count", None),
    ("active_share", "m.enterprises_active", "share", None),
    ("graduated", "m.graduated", "count", None),
    ("median_turnover", "d.median", "money", "map.legend.median_note"),
)


def _value(kind: str, value: object, lang: str) -> str:
    if kind == "share":
        return fmt_pct(value, lang)
    if kind == "money":
        return fmt_money_short(value, lang)
    return fmt_int(value, lang)


def _difference(kind: str, a: object, b: object, lang: str) -> str:
    if missing(a) or missing(b):
        return t("headline.no_difference", lang)
    diff = float(a) - float(b)  # type: ignore[arg-type]
    sign = "+" if diff > 0 else "−" if diff < 0 else "±"
    if kind == "share":  # percentage points, not a percentage of a percentage
        return f"{sign}{fmt_num(abs(diff) * 100, lang)} {t('headline.points', lang)}"
    return sign + _value(kind, abs(diff), lang)


# Figures that do not depend on the waves (the roster is every facilitator to be trained):
# against another wave set they are always the same, so no comparison is shown for them.
_NOT_BY_WAVE = {"facilitators_roster"}
# Figures that come from the latest upload whatever the as-of date (``labels.status_note``).
_LATEST_UPLOAD = {"active_share", "median_turnover"}


def headline(
    total: pd.Series,
    lang: str,
    other: pd.Series | None = None,
    other_label: str = "",
    status_note: str | None = None,
) -> list[Figure]:
    """One figure per headline field; ``other``: the compared wave set's totals;
    ``status_note``: said on the figures that are the latest upload's."""
    out = []
    for field, key, kind, help_key in _FIELDS:
        compared = None
        if other is not None and field not in _NOT_BY_WAVE:
            b = other[field]
            compared = (
                f"{other_label}: {_value(kind, b, lang)} · "
                f"{_difference(kind, total[field], b, lang)}"
            )
        helps = [t(help_key, lang)] if help_key else []
        if status_note and field in _LATEST_UPLOAD:
            helps.insert(0, status_note)
        out.append(
            Figure(
                t(key, lang),
                _value(kind, total[field], lang),
                compared=compared,
                help=" · ".join(helps) or None,
            )
        )
    return out
