"""Data staff: every import with who, when, file, kind, counts and status; undo."""

import streamlit as st

from atlas.core.i18n import t
from atlas.ingest import history_screen, importer
from ui import account, cache, chrome, tables

ctx = chrome.start("history")  # stops here for anyone but data staff and admins
lang = ctx.lang
st.title(t("hist.title", lang))


screen = history_screen.build(cache.engine(), ctx.principal, lang)
if not screen.runs.empty:
    tables.grid(screen.runs, lang)
# What data staff corrected in the app before saving, per run that had corrections.
for run_id, corrected in screen.corrections.items():
    with st.expander(t("hist.corrections", lang, run=run_id)):
        tables.grid(corrected, lang)

RESULT, PENDING = "undo_result", "undo_pending"
st.subheader(t("hist.undo", lang))
# What the last undo did stays on the page until the person dismisses it.
if result := st.session_state.get(RESULT):
    ok, message = result
    (st.success if ok else st.error)(message)
    if st.button(t("hist.dismiss", lang), key="undo_dismiss"):
        del st.session_state[RESULT]
        st.rerun()
if not screen.undoable:
    st.caption(t("hist.none", lang))
else:
    run_id = st.selectbox(
        t("hist.undo_pick", lang), options=list(screen.undoable), format_func=screen.undoable.get
    )
    if st.button(t("hist.undo", lang), key="undo_ask"):
        st.session_state[PENDING] = run_id
    # Asked first, with what it will remove and restore; nothing happens at one click.
    if st.session_state.get(PENDING) == run_id:
        question, counts = history_screen.question(cache.engine(), screen.undo_runs[run_id], lang)
        st.warning(question, icon=":material/undo:")
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
