"""No message ever shows an unfilled placeholder, and none fails for a missing one.

``i18n.t`` formats a message only when it is given parameters: a call that gives none shows
"{value}" as it stands (an unknown district was reported as «Kecamatan “{value}” …»; so
were an unknown facilitator and batch), and a call that gives some but not all raises
KeyError. Every call in the app's code that names a
message by a literal key — ``t``/``tmd``, ``ValueProblem``, ``Problem`` — is read here, and the
parameters it passes are compared with the placeholders of the message in both languages.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from atlas.core.i18n import MESSAGES

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    [*ROOT.glob("atlas/**/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("pages/*.py")]
    + [ROOT / "home.py", ROOT / "app.py"]
)


def _placeholders(key: str) -> set[str]:
    return {
        field.split(".")[0].split("[")[0]
        for text in MESSAGES[key].values()
        for _, field, _, _ in string.Formatter().parse(text)
        if field
    }


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _calls():
    """(where, key, given parameter names) of every call with a literal message key; calls
    that pass ``**parameters`` or a parameter dict built elsewhere are left out."""
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            name = _name(node.func)
            if any(k.arg is None for k in node.keywords):
                continue
            if name in ("t", "tmd") and node.args and (key := _literal(node.args[0])):
                yield where, key, {k.arg for k in node.keywords}
            elif name == "ValueProblem" and node.args and (key := _literal(node.args[0])):
                yield where, key, {k.arg for k in node.keywords} - {"suggestion"}
            elif name == "Problem" and len(node.args) >= 4 and (key := _literal(node.args[3])):
                params = node.args[4] if len(node.args) > 4 else None
                params = next((k.value for k in node.keywords if k.arg == "params"), params)
                # report.problem_dict gives a problem's own value as "value".
                if params is None:
                    yield where, key, {"value"}
                elif isinstance(params, ast.Dict) and all(_literal(k) for k in params.keys):
                    yield where, key, {"value"} | {k.value for k in params.keys}


CALLS = list(_calls())


def test_the_calls_are_found():
    # The reader finds the calls it checks (a refactoring that hid them would pass silently).
    assert len(CALLS) > 300
    keys = {key for _, key, _ in CALLS}
    assert {"u.unknown_district", "v.kpm_id", "u.unknown_facilitator"} <= keys


@pytest.mark.parametrize(("where", "key", "given"), CALLS, ids=[c[0] for c in CALLS])
def test_every_message_gets_exactly_its_parameters(where, key, given):
    assert key in MESSAGES, f"{where}: no message {key}"
    wanted = _placeholders(key)
    assert wanted <= given, f"{where}: {key} needs {sorted(wanted - given)}"
    if given:  # t() formats: an extra parameter is harmless, a missing one a KeyError
        for text in MESSAGES[key].values():
            text.format(**dict.fromkeys(given, "x"))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_problem_names_its_value_in_its_message(lang):
    from atlas.ingest.report import problem_dict
    from atlas.ingest.validate import Problem

    for key in ("u.unknown_district", "u.unknown_facilitator", "u.unknown_batch"):
        message = problem_dict(Problem(2, "Kolom", "Ngagglikk", key), lang)["message"]
        assert "Ngagglikk" in message and "{" not in message
