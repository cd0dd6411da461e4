"""What an import says: the CLI's JSON contract, a text summary, history, the error report."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

import pandas as pd

from atlas.core.access import Principal
from atlas.core.i18n import fmt_int, fmt_num, t
from atlas.core.privacy import redact_niks, shown_cell
from atlas.core.sheets import safe_frame
from atlas.ingest.importer import Result, may_be_undone
from atlas.ingest.schema import private_headers
from atlas.ingest.values import CONTROL
from atlas.store import imports

if TYPE_CHECKING:
    from sqlalchemy import Engine


def problem_dict(p, lang: str) -> dict:
    """One problem as every output shows it (page, JSON, error workbook): NIK-like runs masked
    whatever column they are in (the id_kpm column is masked whole in ``validate``)."""
    return {
        "row": p.row,
        "column": p.column or None,
        "value": redact_niks(p.value) or None,
        # The cell's value fills "{value}" unless the problem says otherwise: a message that
        # names the cell needs no parameter of its own (it showed "{value}" as it stood).
        "message": redact_niks(t(p.key, lang, **({"value": p.value} | p.params))),
        "suggestion": redact_niks(p.suggestion) if p.suggestion else p.suggestion,
    }


def as_json(res: Result, lang: str = "id") -> dict:
    status = {"unusable": "rejected"}.get(res.status, res.status)
    return {
        "kind": res.kind,
        "dry_run": res.dry_run,
        "status": status,
        "run_id": res.run_id,
        "counts": res.counts,
        "errors": [problem_dict(p, lang) for p in res.problems],
        "warnings": [{"message": t(k, lang, **params)} for k, params in res.warnings],
        "matches": [
            {
                "row": m.row,
                "column": m.column,
                "value": redact_niks(m.value),
                "code": m.match.code,
                "name": m.match.name,
                "score": m.match.score,
            }
            for m in res.matches
        ],
    }


def as_text(out: dict) -> str:
    c = out["counts"]
    lines = [
        (
            f"{out['kind']}: {out['status']} (baris {c['rows']}, baru {c['new']}, diubah {c['updated']}, "
            f"sama {c['unchanged']}, ditolak {c['rejected']})"
        )
    ]
    if c.get("keyed_by_nik"):
        lines.append("  " + t("up.count.keyed_by_nik", "id", n=fmt_int(c["keyed_by_nik"], "id")))
    lines += [
        f"  baris {e['row'] or '-'} · {e['column'] or '-'} · {e['value'] or ''}: {e['message']}"
        + (f" (saran: {e['suggestion']})" if e["suggestion"] else "")
        for e in out["errors"]
    ]
    lines += [
        f"  cocok? baris {m['row']}: “{m['value']}” → {m['name']} ({fmt_num(m['score'], 'id')})"
        for m in out["matches"]
    ]
    return "\n".join(lines)


def undoable(runs: list[dict], actor: Principal) -> list[dict]:
    """The runs of ``history`` that ``actor`` may undo: committed imports (not the demo), their
    own for data staff, any for admins (``importer.undo`` checks it again)."""
    return [r for r in runs if may_be_undone(r["status"], r["kind"]) and actor.may_undo(r["user"])]


def history(engine: Engine) -> list[dict]:
    """Every import run, newest first, as the history page and ``atlas history`` list them."""
    with engine.connect() as conn:
        rows = imports.runs(conn)
    return [
        {
            "id": r.id,
            "created_at": r.created_at,
            "user": r.user_name,
            "kind": r.kind,
            "file_name": r.file_name,
            "status": r.status,
            "inserted": r.inserted,
            "updated": r.updated,
            "unchanged": r.unchanged,
            "rejected": r.rejected,
            # What was corrected in the app before saving (``corrections.log``, masked).
            "corrections": json.loads(r.corrections) if r.corrections else [],
        }
        for r in rows
    ]


def error_workbook(table, problems, lang: str) -> bytes:
    """The rejected rows plus an error column, to fix and upload again. The file's id_kpm
    column is masked whole (``private_headers``), NIK-like runs everywhere, and control
    characters are shown as ``\\xNN`` (a worksheet cannot hold them)."""
    private = private_headers(table.headers)
    by_row: dict[int | None, list[str]] = {}
    for p in problems:
        d = problem_dict(p, lang)
        by_row.setdefault(p.row, []).append(
            f"{p.column}: {d['message']}" if p.column else d["message"]
        )
    hidden = [h in private for h in table.headers]

    def shown(text: str, hide: bool) -> str:
        text = shown_cell(text, hide)
        return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)

    records = []
    for row_no, cells in table.rows:
        if row_no in by_row:
            records.append(
                [row_no]
                + [shown(c.text, h) for c, h in zip(cells, hidden)]
                + [shown(" | ".join(by_row[row_no]), False)]
            )
    df = pd.DataFrame(records, columns=[t("rep.row", lang), *table.headers, t("rep.errors", lang)])
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        safe_frame(df).to_excel(writer, index=False, sheet_name="Kesalahan")
        if None in by_row:
            pd.DataFrame({t("rep.errors", lang): by_row[None]}).to_excel(
                writer, index=False, sheet_name="Berkas"
            )
    return buf.getvalue()


def count_line(res: Result, lang: str) -> str:
    """The check's one count line, in the terms of the list of problems below it: rows with
    problems and how many problems, rows waiting for a region name to be confirmed (a
    "rejected" count mixed the two, and stood beside a different number of problems)."""
    fmt = {k: fmt_int(v, lang) for k, v in res.counts.items()}
    parts = [t("up.counts", lang, **fmt)]
    by_row = [p for p in res.problems if p.row is not None]
    if by_row:
        rows = {p.row for p in by_row}
        parts.append(
            t(
                "up.count.problems",
                lang,
                rows=fmt_int(len(rows), lang),
                n=fmt_int(len(by_row), lang),
            )
        )
    if keyed := res.counts.get("keyed_by_nik"):
        parts.append(t("up.count.keyed_by_nik", lang, n=fmt_int(keyed, lang)))
    if file_level := [p for p in res.problems if p.row is None]:
        parts.append(t("up.count.file_problems", lang, n=fmt_int(len(file_level), lang)))
    pending = set(res.rejected_rows) - {p.row for p in by_row}
    if pending:
        parts.append(t("up.count.pending", lang, rows=fmt_int(len(pending), lang)))
    return " · ".join(parts)
