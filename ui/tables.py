"""Tables on a page: the one way the app shows a frame of figures in a grid."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from atlas.core.i18n import fmt_cell, fmt_pct, t


def grid(table: pd.DataFrame, lang: str, percent: tuple[str, ...] = ()) -> None:
    """``table`` in a data grid, its numbers formatted in the user's language ("46.110"):
    Streamlit's grid would show "46110" whatever the language. The cells keep their
    numbers, so a column still sorts by value. ``percent``: columns of percentages (59,5),
    shown with their sign as every percentage is (59,5%)."""
    styled = table.style.format(lambda v: fmt_cell(v, lang))
    shares = [c for c in percent if c in table.columns]
    if shares:
        as_pct = lambda v: fmt_pct(v / 100, lang) if isinstance(v, (int, float)) else v
        styled = styled.format(as_pct, subset=shares)
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
    )


def fix_grid(grid, lang: str) -> tuple[pd.DataFrame, Styler, dict, list[str]]:
    """The rows with problems (``atlas.ingest.upload_screen.Grid``) as the upload page's editable
    grid: the row number as index, the problems first (read-only, in red, pinned), then the
    file's columns as text — those with a problem on this page first, marked in their heading
    (they had been off-screen to the right). Returns the frame, its styling, the columns'
    configuration and their order."""
    problems = t("up.col.message", lang)
    while problems in grid.columns:  # a file may have a column of that name
        problems += " "
    frame = pd.DataFrame(
        [
            {problems: p, **{c: shown[h] for c, h in zip(grid.columns, grid.headers)}}
            for p, shown in zip(grid.problems, grid.shown)
        ],
        index=pd.Index(grid.rows, name=t("up.col.row", lang)),
        columns=[problems, *grid.columns],
        dtype="string",
    )
    # Red, as a problem reads (Streamlit styles only the columns that cannot be edited).
    styled = frame.style.map(lambda _: "color: #b42318", subset=[problems])
    faulty = set().union(*grid.faulty) if grid.faulty else set()
    config = {
        problems: st.column_config.TextColumn(problems, width="large", pinned=True),
        **{
            c: st.column_config.TextColumn(f"⚠ {h}" if h in faulty else h)
            for c, h in zip(grid.columns, grid.headers)
        },
    }
    marked = [c for c, h in zip(grid.columns, grid.headers) if h in faulty]
    order = [problems, *marked, *(c for c in grid.columns if c not in marked)]
    return frame, styled, config, order
