"""The map page's table of the regions on the map: what the page shows under the map and what
its CSV and XLSX downloads hold (one frame for both, so they never differ)."""

from __future__ import annotations

import pandas as pd

from atlas.core.i18n import MISSING, t

# (figure, header key). Training is recorded per regency, so the district table has the
# enterprise figures only (columns of dashes would say nothing).
_TRAINING = (
    ("facilitators_roster", "m.roster"),
    ("participants", "m.participants"),
    ("trained", "m.trained"),
    ("in_training", "m.in_training"),
    ("planned", "m.planned"),
    ("coverage", "m.coverage_pct"),
)
_ENTERPRISES = (
    ("enterprises", "m.enterprises"),
    ("enterprises_active", "m.enterprises_active"),
    ("graduated", "m.graduated"),
)


def region_table(
    figures: pd.DataFrame,
    level: str,
    lang: str,
    without_district: dict[str, int] | None = None,
    status_note: str | None = None,
) -> pd.DataFrame:
    """One row per region of ``level`` with headers in ``lang``: the region column is named
    after the level (Provinsi, Kabupaten/Kota, Kecamatan), coverage is a percentage, and a
    figure with no value is "—", never "None" or an empty cell. At district level,
    ``without_district`` (the regency's enterprises with no recorded district) becomes a last
    row, so that the rows add up to the regency's total. ``status_note``: said in the header
    of the active enterprises, which are the latest upload's (``labels.status_note``), so
    that the downloads say it too."""
    columns = _ENTERPRISES if level == "district" else _TRAINING + _ENTERPRISES
    out = pd.DataFrame(
        {"code": figures["code"], "name": figures["name"]}
        | {c: figures[c] for c, _ in columns if c in figures}
    )
    if "coverage" in out:
        out["coverage"] = (out["coverage"] * 100).round(1)
    if level == "district" and without_district and without_district.get("enterprises"):
        extra = {"code": MISSING, "name": t("map.without_district", lang)}
        extra |= {c: without_district.get(c) for c, _ in columns}
        out = pd.concat([out, pd.DataFrame([extra])], ignore_index=True)
    for col in out.columns[out.isna().any()]:  # only these: the others stay numbers
        out[col] = out[col].astype(object).where(out[col].notna(), MISSING)
    headers = {"code": t("map.col.code", lang), "name": t(f"ctl.level.{level}", lang)}
    headers |= {c: t(key, lang) for c, key in columns}
    if status_note:
        headers["enterprises_active"] += f" ({status_note})"
    return out.rename(columns=headers)


def percent_columns(lang: str) -> tuple[str, ...]:
    """The headers of the table's columns that hold percentages."""
    return (t("m.coverage_pct", lang),)
