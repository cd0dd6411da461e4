"""Data staff: templates, upload, check (dry run), name unknown columns, confirm region
matches, fix refused rows in the grid, save. What it shows is ``atlas.ingest.upload_screen``'s."""

import time

import streamlit as st

from atlas.core import progress, urls
from atlas.core.i18n import fmt_int, md, t
from atlas.ingest import corrections, report, upload_screen
from atlas.ingest.kinds import KINDS
from atlas.ingest.read import MAX_FILE_BYTES
from ui import cache, chrome, downloads, tables
from ui.account import client_id

ctx = chrome.start("upload")  # stops here for anyone but data staff and admins
lang = ctx.lang
st.title(t("up.title", lang))

st.subheader(t("up.templates", lang))
cols = st.columns(len(KINDS))
for col, name in zip(cols, KINDS):
    col.download_button(
        t(f"up.kind.{name}", lang),  # the kind by its name in the user's language
        cache.template(name),
        f"templat-{name}.xlsx",
        downloads.XLSX,
        icon=":material/download:",
        width="stretch",
        key=f"tpl_{name}",
        on_click="ignore",
    )

SAVED, ROUND = "upload_saved", "upload_round"
UPLOAD = "upload_state"  # the file being checked and what was decided about it
SEEN = "upload_seen"  # this tab's session has checked a file (a restart or reload starts anew)
st.subheader(t("up.file", lang))
# What the last save did stays here until the next file arrives; the check below is gone
# (the page resets for the next file).
if saved := st.session_state.get(SAVED):
    st.success(saved.message, icon=":material/check_circle:")
    if saved.left_out:
        downloads.button(
            st,
            t("up.error_report", lang),
            lambda body=saved.left_out: body,
            saved.left_out_name,
            downloads.XLSX,
            who=ctx.principal,
            width="content",
            key="rejected_rows",
        )
    st.caption(t("up.saved_next", lang))
    chrome.page_link("map", t("up.open_map", lang))
# A file checked in this tab that the server no longer holds (it was restarted, or the page
# reloaded): said, never lost silently; the link kept the file's mark. The uploader starts
# empty (it still showed the file's name, which the server no longer has). Asked of the
# session, not of the upload: a run that follows another in this tab may still carry the
# mark in its link when the file was replaced or taken away.
if st.query_params.get(urls.CHECKING) and not st.session_state.get(SEEN):
    st.warning(t("up.lost", lang), icon=":material/history:")
    del st.query_params[urls.CHECKING]
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
st.caption(t("up.file_help", lang))
chrome.uploader_note(t("up.limit", lang, mb=MAX_FILE_BYTES // (1024 * 1024)), lang)
upload = st.file_uploader(
    t("up.file", lang),
    type=["xlsx", "csv"],
    label_visibility="collapsed",
    max_upload_size=MAX_FILE_BYTES // (1024 * 1024),
    key=f"upload_file_{st.session_state.get(ROUND, 0)}",  # a new key empties it after a save
)
c1, c2 = st.columns(2)
kind_choice = c1.selectbox(
    t("up.kind", lang),
    options=["auto", *KINDS],
    format_func=lambda k: t(f"up.kind.{k}", lang),
    key="upload_kind",
)
if upload is None:
    if urls.CHECKING in st.query_params:  # the person took the file away
        del st.query_params[urls.CHECKING]
    st.session_state.pop(UPLOAD, None)
    cache.forget_upload_screen()
    chrome.footer(ctx, cache.default_as_of())
    st.stop()
st.session_state.pop(SAVED, None)  # a new file: the last save's summary has been read

kind = None if kind_choice == "auto" else kind_choice
last = st.session_state.get(UPLOAD)
state = upload_screen.Upload.of(last, upload.name, upload.getvalue(), upload.file_id, kind)
st.query_params[urls.CHECKING] = state.sha[:12]


def keep(new: upload_screen.Upload) -> None:
    st.session_state[UPLOAD] = new
    st.session_state[SEEN] = True


def _progress_bar():
    bar = st.progress(0.0)
    started = time.perf_counter()

    def update(fraction: float, step: str) -> None:
        elapsed = time.perf_counter() - started
        text = progress.with_time_left(t(f"up.step.{step}", lang), elapsed, fraction, lang)
        bar.progress(fraction, text=text)
        if fraction >= 1.0:
            bar.empty()

    return update


keep(state)
screen = cache.upload_screen(state, ctx.principal, lang, _progress_bar())
if len(screen.sheets) > 1:
    sheet = c2.selectbox(
        t("up.sheet", lang),
        options=screen.sheets,
        key="upload_sheet",
        index=screen.sheets.index(screen.sheet) if screen.sheet in screen.sheets else 0,
    )
    if sheet != screen.sheet:
        keep(state.with_sheet(sheet))
        st.rerun()

st.subheader(t("up.check", lang))
st.markdown(screen.count_line)
for info in screen.infos:
    st.info(info)

# Columns the app did not recognise: let the user say what they are.
if screen.unknown_headers:
    st.markdown(t("up.mapping", lang))
    manual = dict(state.manual)
    for header in screen.unknown_headers:
        choice = st.selectbox(
            md(header),
            options=screen.header_choices,
            key=f"map_{header}",
            format_func=lambda o: o or t("up.mapping.ignore", lang),
        )
        if choice and manual.get(header) != choice:
            keep(state.with_column(header, choice))
            st.rerun()

# Fuzzy region matches: one confirmation per distinct spelling.
if screen.questions:
    st.markdown(t("up.matches", lang))
    accepted = set(state.accepted)
    for q in screen.questions:
        ok = st.checkbox(q.label, key=f"match_{q.key}", value=q.key in accepted)
        (accepted.add if ok else accepted.discard)(q.key)
    if accepted != state.accepted:
        keep(state.with_confirmed(accepted))
        st.rerun()

res = screen.result
if res.status == "unchanged":
    st.success(t("up.unchanged", lang, run=res.run_id))
for message in screen.file_errors:  # the file as a whole: what to do
    st.error(message, icon=":material/block:")
if grid := screen.grid:
    st.warning(t("up.fix", lang, rows=fmt_int(grid.total_rows, lang)))
    if grid.pages > 1:
        number = st.number_input(
            t("up.grid_page", lang, pages=fmt_int(grid.pages, lang)),
            min_value=1,
            max_value=grid.pages,
            value=grid.page + 1,
            key=f"grid_page_{state.revision}",
        )
        if number - 1 != grid.page:
            keep(state.on_page(number - 1))
            st.rerun()
    shape = tables.fix_grid(grid, lang)
    tables.grid_help(grid.key)
    # A new editor for each revision: its own state holds only the edits not yet taken in.
    key = f"{grid.key}_{state.revision}"
    st.data_editor(
        shape.styled,
        column_config=shape.config,
        column_order=shape.order,
        disabled=shape.disabled,
        row_height=shape.row_height,
        width="stretch",
        key=key,
    )
    changed = upload_screen.with_grid_change(state, grid, st.session_state.get(key) or {})
    if changed is not state:
        keep(changed)
        st.rerun()
    downloads.button(
        st,
        t("up.error_report", lang),
        lambda: upload_screen.error_report(state, res.problems, lang),
        state.error_report_name(),
        downloads.XLSX,
        who=ctx.principal,
        width="content",
    )
elif screen.can_save:
    st.success(t("up.ok", lang))
if screen.corrections:
    with st.expander(t("up.corrections", lang, n=fmt_int(len(screen.corrections), lang))):
        tables.grid(corrections.table(screen.corrections, lang), lang)
        downloads.button(
            st,
            t("up.corrected_file", lang),
            lambda: upload_screen.corrected_file(state),
            state.corrected_name(),
            downloads.XLSX if state.is_xlsx() else downloads.CSV,
            who=ctx.principal,
            width="content",
            key="corrected_file",
        )

REMOVING, REMOVED = "demo_removing", "demo_removed"


def demo_removal() -> None:
    """The admin's "remove the demo data first": asked once, with what it deletes."""
    if not st.session_state.get(REMOVING):
        if st.button(t("up.demo_remove", lang), icon=":material/delete:", key="demo_ask"):
            st.session_state[REMOVING] = True
            st.rerun()
        return
    st.warning(upload_screen.demo_question(cache.engine(), lang), icon=":material/delete:")
    row = st.container(horizontal=True)
    if row.button(t("up.demo_remove_yes", lang), type="primary", key="demo_yes"):
        del st.session_state[REMOVING]
        removal = upload_screen.remove_demo(cache.engine(), ctx.principal, client_id(), lang)
        st.session_state[REMOVED] = removal
        st.rerun()
    if row.button(t("hist.confirm_no", lang), key="demo_no"):
        del st.session_state[REMOVING]
        st.rerun()


if removed := st.session_state.pop(REMOVED, None):
    (st.success if removed[0] else st.error)(removed[1])
if screen.demo_warning and (screen.can_save or screen.can_save_valid):
    st.warning(screen.demo_warning, icon=":material/science:")
    if screen.demo_removal:
        demo_removal()
b1, b2 = st.columns(2)
save = b1.button(t("up.commit", lang), type="primary", disabled=not screen.can_save, key="save_all")
save_valid = b2.button(
    t("up.commit_valid", lang), disabled=not screen.can_save_valid, key="save_valid"
)
if save or save_valid:
    done = upload_screen.save(
        state,
        cache.engine(),
        ctx.principal,
        only_valid=bool(save_valid),
        accept_matches=screen.all_confirmed,
        client=client_id(),
        progress=_progress_bar(),
    )
    if done.status == "committed":
        st.session_state[SAVED] = upload_screen.saved(state, done, bool(save_valid), lang)
        st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
        st.session_state.pop(UPLOAD, None)
        cache.forget_upload_screen()
        del st.query_params[urls.CHECKING]
        st.rerun()
    else:  # refused at the last moment (another import changed what this file refers to)
        for p in done.problems:
            if p.row is None:
                st.error(report.problem_dict(p, lang)["message"], icon=":material/block:")

chrome.footer(ctx, cache.default_as_of())
