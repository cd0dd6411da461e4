"""Data staff: every import with who, when, file, kind, counts and status; undo."""

import pandas as pd
import streamlit as st

from atlas.i18n import fmt_datetime, t
from atlas.ingest import importer, report
from ui import cache, chrome, session, tables

ctx = chrome.start("history")  # stops here for anyone but data staff and admins
lang = ctx.lang
st.title(t("hist.title", lang))

runs = report.history(cache.engine())
if runs:
    df = pd.DataFrame(runs)
    df["id"] = [f"#{i}" for i in df.id]  # a run's number, as the undo list names it
    df["created_at"] = [fmt_datetime(v, lang) for v in df.created_at]
    df["kind"] = [t(f"up.kind.{k}", lang) if k != "demo" else t("hist.demo", lang) for k in df.kind]
    df["status"] = [t(f"hist.status.{v}", lang) for v in df.status]
    tables.grid(df.rename(columns={c: t(f"hist.col.{c}", lang) for c in df.columns}), lang)

# Data staff may undo their own runs, admins any (importer.undo enforces it again).
undoable = [
    r
    for r in runs
    if r["status"] == "committed" and r["kind"] != "demo" and ctx.principal.may_undo(r["user"])
]
st.subheader(t("hist.undo", lang))
if not undoable:
    st.caption(t("hist.none", lang))
else:
    run_id = st.selectbox(
        t("hist.undo_pick", lang),
        options=[r["id"] for r in undoable],
        format_func=lambda i: next(
            f"#{r['id']} · {r['kind']} · {r['file_name']}" for r in undoable if r["id"] == i
        ),
    )
    if st.button(t("hist.undo", lang), type="primary"):
        try:
            importer.undo(cache.engine(), run_id, ctx.principal, client=session.client_id())
        except importer.UndoRefused as exc:
            st.error(t(exc.key, lang, **exc.params))
        else:
            st.success(t("hist.undone", lang, run=run_id))
            st.rerun()

chrome.footer(ctx, cache.default_as_of())
