"""``pip install .`` gives a ``pkh-atlas`` command equal to ``python -m atlas``.

CI installs the project into its own environment on Python 3.13 (``.ci/run``) and names it
in ``ATLAS_INSTALLED_VENV``; the commands run in an empty folder with no ``PYTHONPATH``, so
only what the package carries can be used: the migrations, the boundary files and their
checksums. The database, the key and the secrets go to the folder the command runs in.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

VENV = os.environ.get("ATLAS_INSTALLED_VENV", "")


@pytest.fixture(scope="module")
def command() -> Path:
    if not VENV:
        pytest.skip("no installed package (ATLAS_INSTALLED_VENV=/path/to/venv with pip install .)")
    path = Path(VENV) / "bin" / "pkh-atlas"
    assert path.exists(), f"`pip install .` made no pkh-atlas command in {VENV}"
    return path


def _run(command: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATLAS_", "DATABASE_URL"))}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(command), *args],
        check=False,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_installed_command_sets_up_and_answers_in_an_empty_folder(command, tmp_path):
    installed = _run(command, tmp_path, "--help")
    assert installed.returncode == 0, installed.stderr
    assert "setup" in installed.stdout and "import" in installed.stdout
    setup = _run(command, tmp_path, "setup")
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "checksum cocok" in setup.stdout + setup.stderr
    assert (tmp_path / "data" / "atlas.db").is_file()
    summary = _run(command, tmp_path, "summary", "--json", "--as-of", "2020-10-16")
    assert summary.returncode == 0, summary.stderr
    figures = json.loads(summary.stdout)
    assert figures["facilitators_roster"] == 4371
    assert figures["trained"] == 3359
    assert figures["enterprises"] == 37222
    assert figures["graduated"] == 2230
    # The code ran from the installed package, never from a checkout.
    where = subprocess.run(
        [str(Path(VENV) / "bin" / "python"), "-c", "import atlas; print(atlas.__file__)"],
        check=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert "site-packages" in where.stdout
