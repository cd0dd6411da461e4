"""How far the package install is (``scripts/venv.sh`` runs this beside pip).

pip writes its plan (``--report``) once it has resolved the requirements, before it installs
anything; this counts the planned packages as they land in site-packages and prints a line
every few seconds with an estimate of the time left. Only the standard library: it runs
on the new environment's Python before anything is installed in it. Ends when every
planned package is there, or when pip is gone.

    python scripts/install_progress.py REPORT.json PIP_PID
"""

from __future__ import annotations

import json
import os
import re
import sys
import sysconfig
import time

EVERY = 5.0  # seconds between lines


def _key(name: str, version: str) -> str:
    return f"{re.sub(r'[-_.]+', '_', name).lower()}-{version}"


def planned(report: str) -> set[str] | None:
    """name-version of each package pip will install; None until the plan is written."""
    try:
        with open(report, encoding="utf-8") as fh:
            plan = json.load(fh)
    except (OSError, ValueError):
        return None
    return {_key(i["metadata"]["name"], i["metadata"]["version"]) for i in plan["install"]}


def installed(site: str) -> set[str]:
    """name-version of each package in ``site`` (its ``name-version.dist-info`` folder)."""
    found = set()
    for entry in os.listdir(site):
        if entry.endswith(".dist-info"):
            name, _, version = entry.removesuffix(".dist-info").rpartition("-")
            found.add(_key(name, version))
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _line(started: float, text: str) -> None:
    print(f"[{time.monotonic() - started:5.1f} s] {text}", file=sys.stderr, flush=True)


def watch(report: str, pip: int) -> None:
    site = sysconfig.get_paths()["purelib"]
    started = time.monotonic()
    plan, began, printed = None, 0.0, started
    while _alive(pip):
        time.sleep(0.5)
        if plan is None:
            plan = planned(report)
            if plan is not None:
                began = printed = time.monotonic()
                _line(started, f"installing {len(plan)} packages")
            continue
        done = len(plan & installed(site))
        if done >= len(plan):
            return
        now = time.monotonic()
        if now - printed >= EVERY:
            printed = now
            left = (now - began) * (len(plan) - done) / done if done else None
            guess = f", about {left:.0f} s left" if left is not None else ""
            _line(started, f"packages: {done} of {len(plan)} installed{guess}")


if __name__ == "__main__":
    watch(sys.argv[1], int(sys.argv[2]))
