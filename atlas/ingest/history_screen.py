"""What the import history page shows, in the user's language: every run (who, when, file,
kind, counts, status), what was corrected in the app before each save, and the runs this
person may undo, each with the question the page asks before undoing it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from atlas.core.access import Principal
from atlas.core.i18n import fmt_datetime, fmt_int, t, tmd
from atlas.ingest import corrections, importer, report
from atlas.ingest.kinds import KINDS

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass(frozen=True)
class HistoryScreen:
    runs: pd.DataFrame  # shown: one row per run, newest first, headers translated
    corrections: dict[int, pd.DataFrame]  # run id -> what was corrected before its save
    undoable: dict[int, str]  # run id -> its label in the undo list, newest first
    undo_runs: dict[int, dict]  # run id -> the run (kind, file name) for the question


def kind_name(kind: str, lang: str) -> str:
    """An import's kind by its name in the user's language (the demo load included)."""
    return t(f"up.kind.{kind}", lang) if kind in KINDS else t("hist.demo", lang)


def build(engine: Engine, who: Principal, lang: str) -> HistoryScreen:
    runs = report.history(engine)
    undoable = report.undoable(runs, who)
    return HistoryScreen(
        runs=_runs_table(runs, lang),
        corrections={
            r["id"]: corrections.table(r["corrections"], lang) for r in runs if r["corrections"]
        },
        undoable={
            r["id"]: f"#{r['id']} · {kind_name(r['kind'], lang)} · {r['file_name']}"
            for r in undoable
        },
        undo_runs={r["id"]: r for r in undoable},
    )


def _runs_table(runs: list[dict], lang: str) -> pd.DataFrame:
    if not runs:
        return pd.DataFrame()
    df = pd.DataFrame(runs).drop(columns="corrections")
    df["id"] = [f"#{i}" for i in df.id]  # a run's number, as the undo list names it
    df["created_at"] = [fmt_datetime(v, lang) for v in df.created_at]
    df["kind"] = [kind_name(k, lang) for k in df.kind]
    df["status"] = [t(f"hist.status.{v}", lang) for v in df.status]
    return df.rename(columns={c: t(f"hist.col.{c}", lang) for c in df.columns})


def question(engine: Engine, run: dict, lang: str) -> tuple[str, dict[str, str]]:
    """What the page asks before undoing ``run`` (what it will remove and restore), and
    those counts formatted, for the message after."""
    counts = {k: fmt_int(v, lang) for k, v in importer.undo_effect(engine, run["id"]).items()}
    kind = kind_name(run["kind"], lang)
    text = tmd("hist.confirm", lang, run=run["id"], kind=kind, file=run["file_name"], **counts)
    return text, counts
