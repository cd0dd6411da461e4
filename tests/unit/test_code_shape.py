"""The shape the code keeps (issue #31): pages read no database; functions fit on a screen.

The package layers are import-linter's contracts (pyproject.toml, run by CI); pages/ and
home.py are scripts, not a package, so their imports are read here. Each list of what is
still over the line may only shrink: a new page import of the store or a new long function
fails.
"""

from __future__ import annotations

import ast
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
PAGES = [PROJECT / "home.py", *sorted((PROJECT / "pages").glob("*.py"))]
# Modules a page script may not import: the database and what reads it for a screen.
STORE = ("atlas.store", "atlas.analysis", "sqlalchemy")
# Pages that still import the store: none.
PAGE_IMPORTS_LEFT: set[tuple[str, str]] = set()
MAX_LINES = 80
# Functions still longer than MAX_LINES (lines, by their first to last line): none left.
LONG_FUNCTIONS_LEFT: set[str] = set()


def _imported(tree: ast.AST) -> set[str]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_pages_read_no_database():
    found = set()
    for page in PAGES:
        for name in _imported(ast.parse(page.read_text())):
            # A module of the store (``from atlas.store import audit`` names
            # atlas.store.audit; the package alone names nothing).
            if name.startswith(STORE) and name not in ("atlas.store", "atlas.analysis"):
                found.add((page.name, name))
    assert found - PAGE_IMPORTS_LEFT == set()
    assert PAGE_IMPORTS_LEFT - found == set(), "no longer imported: take them off the list"


def _sources() -> list[Path]:
    """The project's own Python files: none in a hidden folder (``.venv``, ``.venv-3.11``,
    ``.git``), in ``build/``, in the migrations or in the benchmarks' output."""
    skip = {"build", "migrations", "out"}
    own = []
    for path in PROJECT.rglob("*.py"):
        parts = path.relative_to(PROJECT).parts
        if not (skip & set(parts)) and not any(p.startswith(".") for p in parts):
            own.append(path)
    return own


def test_no_function_is_longer_than_a_screen():
    long = set()
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text())):
            is_function = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            if is_function and node.end_lineno - node.lineno + 1 > MAX_LINES:
                long.add(f"{path.relative_to(PROJECT)}:{node.name}")
    assert long - LONG_FUNCTIONS_LEFT == set(), "split these"
    assert LONG_FUNCTIONS_LEFT - long == set(), "these are short now: take them off the list"


def _ingest_sources() -> list[Path]:
    return sorted((PROJECT / "atlas" / "ingest").rglob("*.py"))


def test_the_import_pipeline_does_not_branch_on_the_spreadsheet_kind():
    """What differs by kind is the kind's (``atlas/ingest/kinds``), not an ``if kind ==``."""
    found = [
        f"{path.relative_to(PROJECT)}:{i}"
        for path in _ingest_sources()
        for i, line in enumerate(path.read_text().splitlines(), start=1)
        if "kind ==" in line or "kind !=" in line
    ]
    assert found == []
