"""Tables on a page: the one way the app shows a frame of figures in a grid."""

from __future__ import annotations

import json
from typing import NamedTuple

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


class FixGrid(NamedTuple):
    """What ``st.data_editor`` is given for the upload page's grid."""

    styled: Styler
    config: dict
    order: list[str]
    disabled: list[str]
    row_height: int | None


_RED, _GREEN, _GREY = "color: #b42318", "color: #067647", "color: #667085"
# px: pinned, it must leave a phone (390 px) room for the columns to fix beside it; the
# text wraps instead (and a click on it shows it whole).
_PROBLEM_WIDTH = 210
_CHARS_PER_LINE = 27  # of the problems column at that width


def fix_grid(grid, lang: str) -> FixGrid:
    """The rows with problems (``atlas.ingest.upload_screen.Grid``) as the upload page's
    editable grid: the row number as index, the problems first (read-only, pinned, wrapped
    whole: red, or green once fixed), a "leave out" tick, then the file's columns as text —
    those with a problem on this page first, marked in their heading (they had been
    off-screen to the right)."""
    problems, leave = grid.problems_column, grid.leave_out_column
    frame = pd.DataFrame(
        [
            {problems: p, leave: out, **{c: shown[h] for c, h in zip(grid.columns, grid.headers)}}
            for p, out, shown in zip(grid.problems, grid.left_out, grid.shown)
        ],
        index=pd.Index(grid.rows, name=t("up.col.row", lang)),
        columns=[problems, leave, *grid.columns],
    ).astype({problems: "string", leave: "bool", **dict.fromkeys(grid.columns, "string")})
    colour = {
        p: _GREY if out else _GREEN if fixed else _RED
        for p, out, fixed in zip(grid.problems, grid.left_out, grid.fixed)
    }
    # Streamlit styles only the columns that cannot be edited.
    styled = frame.style.map(lambda p: colour.get(p, _RED), subset=[problems])
    faulty = set().union(*grid.faulty) if grid.faulty else set()
    config = {
        problems: st.column_config.TextColumn(problems, width=_PROBLEM_WIDTH, pinned=True),
        # Its heading whole ("Leave o…" in the small width).
        leave: st.column_config.CheckboxColumn(
            leave, help=t("up.col.leave_out_help", lang), width=100
        ),
        **{
            c: st.column_config.TextColumn(f"⚠ {h}" if h in faulty else h)
            for c, h in zip(grid.columns, grid.headers)
        },
    }
    marked = [c for c, h in zip(grid.columns, grid.headers) if h in faulty]
    order = [problems, leave, *marked, *(c for c in grid.columns if c not in marked)]
    # The row numbers and the problems are read, not edited.
    disabled = ["_index", problems]
    return FixGrid(styled, config, order, disabled, _row_height(grid.problems))


def _row_height(texts: list[str]) -> int | None:
    """Rows tall enough for the longest problem text to wrap whole (Streamlit wraps text
    only in rows taller than 64 px); None: one line is enough."""
    lines = min(5, max((len(text) // _CHARS_PER_LINE + 1 for text in texts), default=1))
    return None if lines == 1 else 16 + 20 * max(lines, 3)


# Two things the editable grid did not do by itself, done in the browser:
# - Keys typed before a cell's editor had the focus were lost ("28/02/2020" became "02/2020"
#   when typed at once): the first key opens the editor, which mounts and takes the focus a
#   moment later. Until then the keys (and an Enter, Tab or Escape after them) are held, or
#   given to it once it is there; keys that opened no editor (a read-only cell) are
#   forgotten after 0,5 s. An Enter pressed on the very last key is held for 0,15 s (taken
#   at once, the edit did not always reach the app).
# - After each edit the grid is drawn anew (Streamlit 1.67 lost edits made while it merged a
#   kept editor's state with new data), and it opened scrolled back to the top left. Its
#   place is remembered and given back to the new grid of the same rows (``window.atlasGrid``).
_GRID_HELP = """<script>
(() => {
  if (window.atlasGridHelp) return;
  window.atlasGridHelp = true;
  let held = "", since = 0, done = null, place = null;
  const editor = () => document.querySelector("textarea.gdg-input");
  const ends = (key) => key === "Enter" || key === "Tab" || key === "Escape";
  const press = (box, key) => box.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
  const give = (box, text) => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set.call(box, text);
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.focus();
    box.setSelectionRange(text.length, text.length);
  };
  let typed = 0;
  document.addEventListener("input", (e) => {
    if (e.target.matches && e.target.matches("textarea.gdg-input")) typed = Date.now();
  }, true);
  document.addEventListener("keydown", (e) => {
    // An Enter right on the last key was taken before the editor had the text: it waits.
    const late = 150 - (Date.now() - typed);
    if (e.isTrusted && ends(e.key) && late > 0 && e.target.matches("textarea.gdg-input")) {
      e.preventDefault();
      e.stopPropagation();
      setTimeout(() => press(e.target, e.key), late);
      return;
    }
    const inGrid = e.target.closest && e.target.closest('[data-testid="stDataFrame"]');
    if (!inGrid || e.target.matches("textarea, input")) return;
    const printable = e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey;
    const box = editor();
    if (held && Date.now() - since > 500) held = "";
    if (box && printable) give(box, box.value + e.key);
    else if (box && ends(e.key)) press(box, e.key);
    else if (box || (!printable && !(held && ends(e.key)))) return;
    else if (!printable) done = e.key;
    else if (!held) { held = e.key; since = Date.now(); return; }  // it opens the editor
    else held += e.key;
    e.preventDefault();
    e.stopPropagation();
  }, true);
  document.addEventListener("scroll", (e) => {
    const t = e.target;
    if (t.classList && t.classList.contains("dvn-scroller") && t.scrollHeight > 0)
      place = { grid: window.atlasGrid, left: t.scrollLeft, top: t.scrollTop, seen: t };
  }, true);
  new MutationObserver(() => {
    const box = editor();
    if (box && held) {
      const text = held, key = done;
      held = "";
      done = null;
      give(box, text);
      if (key) press(box, key);
    }
    const scroller = document.querySelector('[data-testid="stDataFrame"] .dvn-scroller');
    if (scroller && place && scroller !== place.seen && place.grid === window.atlasGrid) {
      const { left, top } = place;
      place.seen = scroller;
      for (const wait of [0, 100, 300]) setTimeout(() => scroller.scrollTo(left, top), wait);
    }
  }).observe(document.body, { childList: true, subtree: true });
})();
</script>"""


def grid_help(grid_id: str) -> None:
    """The editable grid's help in the browser (``_GRID_HELP``), for the grid of ``grid_id``:
    the place kept is given back only to a grid of the same rows."""
    st.html(
        f"<script>window.atlasGrid = {json.dumps(grid_id)};</script>{_GRID_HELP}",
        unsafe_allow_javascript=True,
    )
