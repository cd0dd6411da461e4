"""Data staff: every import with who, when, file, kind, counts and status; undo."""

import pandas as pd
import streamlit as st

from atlas.core.i18n import fmt_datetime, fmt_int, t, tmd
from atlas.ingest import importer, report
from ui import account, cache, chrome, tables

ctx = chrome.start("history")  # stops here for anyone but data staff and admins
lang = ctx.lang
st.title(t("hist.title", lang))


def kind_name(kind: str) -> str:
    """An import's kind by its name in the user's language (the demo load included)."""
    return t("hist.demo", lang) if kind == "demo" else t(f"up.kind.{kind}", lang)


runs = report.history(cache.engine())
if runs:
    df = pd.DataFrame(runs).drop(columns="corrections")
    df["id"] = [f"#{i}" for i in df.id]  # a run's number, as the undo list names it
    df["created_at"] = [fmt_datetime(v, lang) for v in df.created_at]
    df["kind"] = [kind_name(k) for k in df.kind]
    df["status"] = [t(f"hist.status.{v}", lang) for v in df.status]
    tables.grid(df.rename(columns={c: t(f"hist.col.{c}", lang) for c in df.columns}), lang)
# What data staff corrected in the app before saving, per run that had corrections.
for run in runs:
    if run["corrections"]:
        with st.expander(t("hist.corrections", lang, run=run["id"])):
            tables.grid(tables.corrections_frame(run["corrections"], lang), lang)

undoable = report.undoable(runs, ctx.principal)
RESULT, PENDING = "undo_result", "undo_pending"


def label(run: dict) -> str:
    return f"#{run['id']} · {kind_name(run['kind'])} · {run['file_name']}"


st.subheader(t("hist.undo", lang))
# What the last undo did stays on the page until the person dismisses it.
if result := st.session_state.get(RESULT):
    ok, message = result
    (st.success if ok else st.error)(message)
    if st.button(t("hist.dismiss", lang), key="undo_dismiss"):
        del st.session_state[RESULT]
        st.rerun()
if not undoable:
    st.caption(t("hist.none", lang))
else:
    run_id = st.selectbox(
        t("hist.undo_pick", lang),
        options=[r["id"] for r in undoable],
        format_func=lambda i: next(label(r) for r in undoable if r["id"] == i),
    )
    run = next(r for r in undoable if r["id"] == run_id)
    if st.button(t("hist.undo", lang), key="undo_ask"):
        st.session_state[PENDING] = run_id
    # Asked first, with what it will remove and restore; nothing happens at one click.
    if st.session_state.get(PENDING) == run_id:
        effect = importer.undo_effect(cache.engine(), run_id)
        counts = {k: fmt_int(v, lang) for k, v in effect.items()}
        st.warning(
            tmd(
                "hist.confirm",
                lang,
                run=run_id,
                kind=kind_name(run["kind"]),
                file=run["file_name"],
                **counts,
            ),
            icon=":material/undo:",
        )
        row = st.container(horizontal=True)
        if row.button(t("hist.confirm_yes", lang, run=run_id), type="primary", key="undo_yes"):
            del st.session_state[PENDING]
            try:
                importer.undo(cache.engine(), run_id, ctx.principal, client=account.client_id())
            except importer.UndoRefused as exc:
                st.session_state[RESULT] = (False, t(exc.key, lang, **exc.params))
            else:
                st.session_state[RESULT] = (True, t("hist.undone", lang, run=run_id, **counts))
            st.rerun()
        if row.button(t("hist.confirm_no", lang), key="undo_no"):
            del st.session_state[PENDING]
            st.rerun()

chrome.footer(ctx, cache.default_as_of())
