"""Data staff: templates, upload, check (dry run), confirm region matches, save."""

import pandas as pd
import streamlit as st

from atlas.i18n import fmt_int, fmt_num, md, t, tmd
from atlas.ingest import importer, report
from atlas.ingest.read import MAX_FILE_BYTES, ReadProblem, read
from atlas.ingest.schema import KINDS
from ui import cache, chrome, downloads, session

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
st.subheader(t("up.file", lang))
# What the last save did stays here until the next file arrives; the check below is gone
# (the page resets for the next file).
if saved := st.session_state.get(SAVED):
    st.success(saved["message"], icon=":material/check_circle:")
    if saved["report"]:
        downloads.button(
            st,
            t("up.error_report", lang),
            lambda body=saved["report"]: body,
            saved["report_name"],
            downloads.XLSX,
            who=ctx.principal,
            width="content",
            key="rejected_rows",
        )
    st.caption(t("up.saved_next", lang))
    chrome.map_link(t("up.open_map", lang))
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
    chrome.footer(ctx, cache.default_as_of())
    st.stop()
st.session_state.pop(SAVED, None)  # a new file: the last save's summary has been read

data = upload.getvalue()
sheet = None
try:
    sheets = read(data, upload.name).sheets
except ReadProblem:
    sheets = []
if len(sheets) > 1:
    sheet = c2.selectbox(
        t("up.sheet", lang),
        options=sheets,
        key="upload_sheet",
        index=sheets.index(read(data, upload.name).sheet),
    )

manual: dict[str, str] = st.session_state.setdefault("upload_mapping", {})
accepted: set = st.session_state.setdefault("upload_accepted", set())
kind = None if kind_choice == "auto" else kind_choice
engine = cache.engine()


def _progress_bar():
    bar = st.progress(0.0)

    def update(fraction: float, step: str) -> None:
        bar.progress(fraction, text=t(f"up.step.{step}", lang))
        if fraction >= 1.0:
            bar.empty()

    return update


def checked(accept: bool):
    progress = _progress_bar()
    result = importer.run(
        engine,
        data,
        upload.name,
        kind=kind,
        sheet=sheet,
        dry_run=True,
        accept_matches=accept,
        manual_headers=manual or None,
        actor=ctx.principal,
        progress=progress,
    )
    progress(1.0, "done")  # also when the check stopped early (rejected or unusable file)
    return result


res = checked(False)
st.subheader(t("up.check", lang))
count_line = st.empty()  # one line, written once the confirmations below are known
for key, params in res.warnings:
    st.info(tmd(key, lang, **params))

# Columns the app did not recognise: let the user say what they are.
if res.kind and res.status != "unusable":
    table = read(data, upload.name, sheet)
    from atlas.ingest.schema import map_headers

    hm = map_headers(table.headers, KINDS[res.kind], manual or None)
    if hm.unknown:
        st.markdown(t("up.mapping", lang))
        options = ["", *[c.name for c in KINDS[res.kind].columns if c not in hm.columns.values()]]
        for _, header in hm.unknown:
            choice = st.selectbox(
                md(header),
                options=options,
                key=f"map_{header}",
                format_func=lambda o: o or t("up.mapping.ignore", lang),
            )
            if choice and manual.get(header) != choice:
                manual[header] = choice
                st.rerun()

# Fuzzy region matches: one confirmation per distinct value.
# (A district's spelling within its regency: the same one may name districts of others.)
distinct = {}
for m in res.matches:
    distinct.setdefault(m.match.alias_key(m.value), m)
if distinct:
    st.markdown(t("up.matches", lang))
    for alias, m in distinct.items():
        ok = st.checkbox(
            tmd(
                "up.match",
                lang,
                value=m.value,
                name=m.match.name,
                score=fmt_num(m.match.score, lang),
            ),
            key=f"match_{alias}",
            value=alias in accepted,
        )
        (accepted.add if ok else accepted.discard)(alias)
all_confirmed = bool(distinct) and set(distinct) <= accepted
if all_confirmed:
    res = checked(True)
count_line.markdown(report.count_line(res, lang))

if res.status == "unchanged":
    st.success(t("up.unchanged", lang, run=res.run_id))
elif res.status == "unusable":  # the file as a whole: one message saying what to do
    for problem in res.problems:
        st.error(report.problem_dict(problem, lang)["message"], icon=":material/block:")
elif res.problems:
    st.warning(t("up.problems", lang))
    st.dataframe(
        pd.DataFrame([report.problem_dict(p, lang) for p in res.problems])
        .fillna("")
        .rename(
            columns={
                "row": t("up.col.row", lang),
                "column": t("up.col.column", lang),
                "value": t("up.col.value", lang),
                "message": t("up.col.message", lang),
                "suggestion": t("up.col.suggestion", lang),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    downloads.button(
        st,
        t("up.error_report", lang),
        lambda found=res.problems: report.error_workbook(
            read(data, upload.name, sheet), found, lang
        ),
        f"kesalahan-{upload.name.rsplit('.', 1)[0]}.xlsx",
        downloads.XLSX,
        who=ctx.principal,
        width="content",
    )
elif not distinct or all_confirmed:
    st.success(t("up.ok", lang))

can_save = res.status == "ok" and (not distinct or all_confirmed)
can_save_valid = (
    res.status in ("ok", "rejected")
    and res.counts["new"] + res.counts["updated"] > 0
    and not any(p.row is None for p in res.problems)
)
b1, b2 = st.columns(2)
save = b1.button(t("up.commit", lang), type="primary", disabled=not can_save, key="save_all")
save_valid = b2.button(
    t("up.commit_valid", lang), disabled=not can_save_valid or can_save, key="save_valid"
)
if save or save_valid:
    done = importer.run(
        engine,
        data,
        upload.name,
        kind=kind,
        sheet=sheet,
        dry_run=False,
        only_valid=bool(save_valid),
        accept_matches=all_confirmed,
        manual_headers=manual or None,
        actor=ctx.principal,
        progress=_progress_bar(),
        client=session.client_id(),
    )
    if done.status == "committed":
        rejected = done.problems if save_valid else []
        st.session_state[SAVED] = {
            "message": t(
                "up.saved",
                lang,
                run=done.run_id,
                new=fmt_int(done.counts["new"], lang),
                updated=fmt_int(done.counts["updated"], lang),
            ),
            # The rows left out, to fix and upload again (masked like every error report).
            "report": report.error_workbook(read(data, upload.name, sheet), rejected, lang)
            if rejected
            else None,
            "report_name": f"ditolak-{upload.name.rsplit('.', 1)[0]}.xlsx",
        }
        st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
        st.session_state.pop("upload_mapping", None)
        st.session_state.pop("upload_accepted", None)
        st.rerun()
    else:
        count_line.markdown(report.count_line(done, lang))
        st.warning(t("up.problems", lang))

chrome.footer(ctx, cache.default_as_of())
