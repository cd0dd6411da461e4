"""Choropleth classes (mapclassify) with DHIS2-style legend rows.

Missing values form a "no data" class that never looks like zero; exact zeros get a class
of their own; the positive values are classified by the chosen method.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

METHODS = {
    "quantiles": mapclassify.Quantiles,
    "natural_breaks": mapclassify.NaturalBreaks,
    "equal_interval": mapclassify.EqualInterval,
}
# ColorBrewer YlGnBu (colour-blind safe) without its near-white first steps, so the lowest
# class stays visibly different from the white "0" class. Each class is at least 5 L* darker
# than the one before, so the classes read apart by lightness alone: in greyscale and for
# every kind of colour blindness (tests/unit/test_classify.py).
PALETTE = {
    3: ["#7fcdbb", "#2c7fb8", "#253494"],
    4: ["#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    5: ["#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
    6: ["#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
    7: ["#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58"],
}
ZERO_COLOR = "#ffffff"
NODATA_COLOR = "#c8c8c8"


@dataclass(frozen=True)
class LegendClass:
    lower: float | None
    upper: float | None
    color: str
    count: int
    kind: str = "range"  # range / zero / nodata


@dataclass(frozen=True)
class Classification:
    colors: pd.Series  # index aligned with the values, one colour per region
    kinds: pd.Series  # range / zero / nodata
    classes: list[LegendClass]
    method: str
    k: int


def _palette(k: int) -> list[str]:
    k = max(1, k)
    if k in PALETTE:
        return PALETTE[k]
    if k < 3:
        return PALETTE[3][-k:]
    return PALETTE[7][:k]


def classify(values: pd.Series, method: str = "quantiles", k: int = 5) -> Classification:
    if method not in METHODS:
        raise ValueError(f"unknown classification method {method!r}")
    values = pd.to_numeric(values, errors="coerce")
    nodata = values.isna()
    zero = values.eq(0) & ~nodata
    positive = values[~nodata & ~zero]
    colors = pd.Series(NODATA_COLOR, index=values.index, dtype=object)
    kinds = pd.Series("nodata", index=values.index, dtype=object)
    colors[zero] = ZERO_COLOR
    kinds[zero] = "zero"
    classes: list[LegendClass] = []
    k_used = 0
    if len(positive):
        k_used = int(min(k, positive.nunique()))
        if k_used == 1:
            bins = np.array([positive.max()])
            yb = np.zeros(len(positive), dtype=int)
        else:
            with warnings.catch_warnings():
                # mapclassify lowers k itself when values repeat; the legend shows the k used.
                warnings.simplefilter("ignore", UserWarning)
                clf = METHODS[method](positive.to_numpy(dtype=float), k=k_used)
            bins, yb = np.asarray(clf.bins), np.asarray(clf.yb)
            k_used = len(bins)
        palette = _palette(k_used)
        colors[positive.index] = [palette[i] for i in yb]
        kinds[positive.index] = "range"
        lower = float(positive.min())
        for i, upper in enumerate(bins):
            n = int((yb == i).sum())
            classes.append(LegendClass(lower, float(upper), palette[i], n))
            lower = float(upper)
    if zero.any():
        classes.insert(0, LegendClass(0.0, 0.0, ZERO_COLOR, int(zero.sum()), "zero"))
    if nodata.any():
        classes.append(LegendClass(None, None, NODATA_COLOR, int(nodata.sum()), "nodata"))
    return Classification(colors, kinds, classes, method, k_used)


def apply_classes(values: pd.Series, clf: Classification) -> tuple[pd.Series, pd.Series]:
    """Colours and kinds of ``values`` in classes computed elsewhere (shared legends)."""
    values = pd.to_numeric(values, errors="coerce")
    ranges = [c for c in clf.classes if c.kind == "range"]
    colors, kinds = [], []
    for v in values:
        if pd.isna(v):
            colors.append(NODATA_COLOR)
            kinds.append("nodata")
        elif v == 0 and any(c.kind == "zero" for c in clf.classes):
            colors.append(ZERO_COLOR)
            kinds.append("zero")
        else:
            match = next((c for c in ranges if v <= c.upper), ranges[-1] if ranges else None)
            colors.append(match.color if match else NODATA_COLOR)
            kinds.append("range" if match else "nodata")
    return (
        pd.Series(colors, index=values.index, dtype=object),
        pd.Series(kinds, index=values.index, dtype=object),
    )


# ColorBrewer RdBu (5 steps each side of white), negative first.
DIVERGING = ["#b2182b", "#d6604d", "#f4a582", "#92c5de", "#4393c3", "#2166ac"]


def classify_diverging(values: pd.Series, k_side: int = 3) -> Classification:
    """Classes for a difference: reds below zero, blues above, white for no change."""
    values = pd.to_numeric(values, errors="coerce")
    nodata = values.isna()
    zero = values.eq(0) & ~nodata
    colors = pd.Series(NODATA_COLOR, index=values.index, dtype=object)
    kinds = pd.Series("nodata", index=values.index, dtype=object)
    colors[zero] = ZERO_COLOR
    kinds[zero] = "zero"
    classes: list[LegendClass] = []
    extent = float(values.abs().max()) if (~nodata).any() else 0.0
    if extent > 0:
        edges = np.linspace(0, extent, k_side + 1)
        neg_palette = DIVERGING[:k_side][::-1]  # light to dark going down
        pos_palette = DIVERGING[k_side:]
        for sign, palette in ((-1, neg_palette), (1, pos_palette)):
            for i in range(k_side):
                lo, hi = edges[i], edges[i + 1]
                mag = values.abs()
                mask = ~nodata & ~zero & (np.sign(values) == sign) & (mag > lo) & (mag <= hi)
                if i == 0:
                    mask |= ~nodata & ~zero & (np.sign(values) == sign) & (mag <= lo)
                colors[mask] = palette[i]
                kinds[mask] = "range"
                if mask.any():
                    bounds = (sign * lo, sign * hi) if sign > 0 else (sign * hi, sign * lo)
                    classes.append(LegendClass(bounds[0], bounds[1], palette[i], int(mask.sum())))
        classes.sort(key=lambda c: c.lower)
    if zero.any():
        idx = next((i for i, c in enumerate(classes) if c.lower >= 0), len(classes))
        classes.insert(idx, LegendClass(0.0, 0.0, ZERO_COLOR, int(zero.sum()), "zero"))
    if nodata.any():
        classes.append(LegendClass(None, None, NODATA_COLOR, int(nodata.sum()), "nodata"))
    return Classification(colors, kinds, classes, "diverging", 2 * k_side)
