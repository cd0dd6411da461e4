"""Run a parser in a child process with memory and time limits.

A spreadsheet library may ask for tens of gigabytes on a small hostile file, and a failed
allocation in native code aborts the whole process: on the upload page that was the
Streamlit server, with every user's session. Here the parser runs in a fresh interpreter
(``python -m atlas.ingest.sandbox``) under ``RLIMIT_AS`` (address space) and a wall-clock
limit; the function and its arguments go in on stdin and the result comes back on stdout,
both pickled. When the child dies or overruns, the caller gets ``Overrun`` and the server
goes on.

Why not ``multiprocessing``: its children re-import the parent's ``__main__``, and in a
Streamlit server that is the page script being run (the upload page ran again inside the
child). A plain subprocess inherits nothing but the environment.
"""

from __future__ import annotations

import pickle
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

MEMORY_MB = 2048  # address space of the child on top of what it has at start
SECONDS = 300.0  # a 25 MB file is read in well under a minute
PROJECT_DIR = Path(__file__).resolve().parents[2]


class Overrun(RuntimeError):
    """The child ran out of memory or time, or died; ``reason`` is "memory", "time" or "crash"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def call(fn: Callable, *args: Any, memory_mb: int = MEMORY_MB, seconds: float = SECONDS) -> Any:
    """``fn(*args)`` in a bounded child process; its exceptions are raised here as they were.
    ``fn`` must be importable by name (a module-level function)."""
    payload = pickle.dumps((fn, args, memory_mb), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "atlas.ingest.sandbox"],
            input=payload,
            capture_output=True,
            timeout=seconds,
            cwd=PROJECT_DIR,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise Overrun("time") from None
    if proc.returncode != 0 or not proc.stdout:
        raise Overrun("crash")
    status, value = pickle.loads(proc.stdout)
    if status == "memory":
        raise Overrun("memory")
    if status == "raised":
        raise value
    return value


def _vm_size() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except OSError:
        return 0


def _child() -> None:
    fn, args, memory_mb = pickle.loads(sys.stdin.buffer.read())
    limit = _vm_size() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        result = ("ok", fn(*args))
    except MemoryError:
        result = ("memory", None)
    except Exception as exc:  # noqa: BLE001 - handed back to the caller to raise
        result = ("raised", exc)
    try:
        out = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:  # the result is too large to send back within the limit
        out = pickle.dumps(("memory", None))
    except Exception as exc:  # noqa: BLE001 - an exception or value that cannot be pickled
        out = pickle.dumps(("raised", RuntimeError(f"{type(exc).__name__}: {exc}")))
    sys.stdout.buffer.write(out)
    sys.stdout.flush()


if __name__ == "__main__":
    _child()
