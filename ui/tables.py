"""Tables on a page: the one way the app shows a frame of figures in a grid."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas.i18n import fmt_cell


def grid(table: pd.DataFrame, lang: str) -> None:
    """``table`` in a data grid, its numbers formatted in the user's language ("46.110"):
    Streamlit's grid would show "46110" whatever the language. The cells keep their
    numbers, so a column still sorts by value."""
    st.dataframe(
        table.style.format(lambda v: fmt_cell(v, lang)),
        hide_index=True,
        width="stretch",
    )
