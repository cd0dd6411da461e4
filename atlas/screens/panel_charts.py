"""The detail panel's small charts and tables as plain HTML, drawn on the server.

Why not Streamlit's charts: the first Vega chart of a browser visit costs a 776 KB code
chunk (vega-embed) — 6 s on a 1 Mbit/s link, for four charts of at most eleven bars each. These
are a few hundred bytes each, read the same to a screen reader (the numbers are text), and
format every number in the user's language (Vega wrote "1,260" in the Indonesian version).
The same for tables: ``st.table`` sends Arrow data, and the first one of a visit costs about
1 MB of code chunks (Arrow, the table), on the first click on the map.

Every piece of text is escaped for HTML (``html.escape``): labels come from files. Streamlit
sanitises ``st.html`` again (DOMPurify with its HTML profile, which drops SVG).
"""

from __future__ import annotations

from html import escape

import pandas as pd

from atlas.core.i18n import MISSING, fmt_cell, fmt_int

BAR = "#2c7fb8"  # the map's blue: 4,3:1 against white, visible as a graphic (WCAG 1.4.11)
DARK = "#253494"  # running totals, set apart from counts per wave


def _figure(title: str, body: str) -> str:
    return (
        '<figure style="margin:0 0 0.75rem 0">'
        f'<figcaption style="font-weight:600;margin-bottom:0.35rem">{escape(title)}</figcaption>'
        f"{body}</figure>"
    )


def bars(title: str, data: pd.DataFrame, lang: str, color: str = BAR) -> str:
    """Horizontal bars, one per row of ``data`` (label, value) in the order given, each with
    its value written beside it. Rows rather than columns even for waves: beside the map the
    panel is about 280 px wide, too narrow for eleven columns with "1.260" above each."""
    if data.empty:
        return _figure(title, f"<p>{MISSING}</p>")
    label, value = data.columns
    top = max(float(data[value].max()), 1.0)
    rows = "".join(
        f"<span>{escape(str(name))}</span>"
        f'<span><span style="display:block;background:{color};height:0.8rem;'
        f'width:{100 * float(v) / top:.1f}%;min-width:1px"></span></span>'
        f'<span style="text-align:right">{fmt_int(v, lang)}</span>'
        for name, v in zip(data[label], data[value])
    )
    # label | bar track | value: the value never runs past the panel's edge.
    grid = (
        '<div style="display:grid;grid-template-columns:minmax(2rem,auto) minmax(3rem,1fr) '
        f'max-content;gap:0.25rem 0.5rem;align-items:center;font-size:0.85rem">{rows}</div>'
    )
    return _figure(title, grid)


_CELL = "padding:0.3rem 0.5rem;border-bottom:1px solid #e6e9ef;vertical-align:top"


def table(data: pd.DataFrame, lang: str) -> str:
    """``data`` as an HTML table with a header row: every cell's whole text, wrapped (the
    panel is narrow; a grid cut names off), numbers in the user's language and right-aligned."""
    numeric = [pd.api.types.is_numeric_dtype(data[c]) for c in data.columns]
    head = "".join(
        f'<th scope="col" style="{_CELL};text-align:{"right" if n else "left"}">{escape(str(c))}</th>'
        for c, n in zip(data.columns, numeric)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td style="{_CELL}{";text-align:right" if n else ""}">'
            f"{escape(fmt_cell(v, lang)) or MISSING}</td>"
            for v, n in zip(row, numeric)
        )
        + "</tr>"
        for row in data.itertuples(index=False)
    )
    return (
        '<table class="atlas-table" style="width:100%;border-collapse:collapse;'
        f'font-size:0.85rem"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )
