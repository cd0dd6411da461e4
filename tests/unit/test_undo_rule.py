"""Which imports a person may undo: the history page lists them from report.undoable, and
importer.undo refuses by the same rule (issue #31: the rule left the page)."""

from atlas.core.access import Principal
from atlas.ingest.report import undoable

RUNS = [
    {"id": 1, "kind": "demo", "status": "committed", "user": "system"},
    {"id": 2, "kind": "enterprises", "status": "committed", "user": "staf"},
    {"id": 3, "kind": "roster", "status": "committed", "user": "lain"},
    {"id": 4, "kind": "roster", "status": "undone", "user": "staf"},
    {"id": 5, "kind": "batches", "status": "failed", "user": "staf"},
]


def _ids(who: Principal) -> list[int]:
    return [r["id"] for r in undoable(RUNS, who)]


def test_data_staff_undo_their_own_committed_imports():
    assert _ids(Principal("staf", "data_staff")) == [2]


def test_admins_undo_any_committed_import_but_the_demo():
    assert _ids(Principal("kepala", "admin")) == [2, 3]


def test_others_undo_nothing():
    assert _ids(Principal("koor", "coordinator", "34")) == []
    assert _ids(Principal()) == []
