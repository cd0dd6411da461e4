import numpy as np
import pandas as pd
import pytest

from geo.classify import NODATA_COLOR, ZERO_COLOR, classify


def test_no_data_and_zero_are_distinct_classes():
    values = pd.Series([np.nan, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], index=list("abcdefghijkl"))
    clf = classify(values, "quantiles", 5)
    assert clf.colors["a"] == NODATA_COLOR
    assert clf.colors["b"] == ZERO_COLOR
    assert NODATA_COLOR != ZERO_COLOR
    assert all(c not in (NODATA_COLOR, ZERO_COLOR) for c in clf.colors.iloc[2:])
    kinds = [c.kind for c in clf.classes]
    assert kinds[0] == "zero" and kinds[-1] == "nodata"
    assert sum(c.count for c in clf.classes) == len(values)


@pytest.mark.parametrize("method", ["quantiles", "natural_breaks", "equal_interval"])
def test_methods_give_ordered_classes(method):
    values = pd.Series(np.arange(1, 51, dtype=float))
    clf = classify(values, method, 5)
    uppers = [c.upper for c in clf.classes]
    assert uppers == sorted(uppers)
    assert uppers[-1] == 50


def test_fewer_distinct_values_than_classes():
    clf = classify(pd.Series([3.0, 3.0, 3.0]), "quantiles", 5)
    assert clf.k == 1
    assert len({clf.colors[i] for i in range(3)}) == 1


def test_all_missing():
    clf = classify(pd.Series([np.nan, np.nan]))
    assert [c.kind for c in clf.classes] == ["nodata"]


def test_unknown_method():
    with pytest.raises(ValueError):
        classify(pd.Series([1.0]), "magic")


def _lightness(color: str) -> float:
    """CIE L* of an sRGB colour (D65): how light it looks, whatever its hue."""
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    f = y ** (1 / 3) if y > 216 / 24389 else (24389 / 27 * y + 16) / 116
    return 116 * f - 16


def test_classes_read_apart_by_lightness_alone():
    """Colour-blind readers (and a greyscale print) tell the classes apart by lightness: each
    class at least 5 L* darker than the one before, the first 5 L* darker than "0"."""
    from itertools import pairwise

    from geo.classify import PALETTE

    for k, colors in PALETTE.items():
        steps = [_lightness(ZERO_COLOR)] + [_lightness(c) for c in colors]
        gaps = [a - b for a, b in pairwise(steps)]
        assert min(gaps) >= 5, (k, [round(g, 1) for g in gaps])
