"""Run a parser in a child process with memory and time limits.

A spreadsheet library may ask for tens of gigabytes on a small hostile file, and a failed
allocation in native code aborts the whole process: on the upload page that was the
Streamlit server, with every user's session. Here the parser runs in a child started from a
clean fork server (not forked from the multi-threaded server itself), under ``RLIMIT_AS``
(address space) and a wall-clock limit, and only its result comes back. When the child dies
or overruns, the caller gets ``Overrun`` and the server goes on.
"""

from __future__ import annotations

import multiprocessing
import resource
import traceback
from collections.abc import Callable
from typing import Any

MEMORY_MB = 2048  # address space of the child on top of what it has at start
SECONDS = 300.0  # a 25 MB file is read in well under a minute

_ctx = None


class Overrun(RuntimeError):
    """The child ran out of memory or time, or died; ``reason`` is "memory", "time" or "crash"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _context():
    global _ctx
    if _ctx is None:
        _ctx = multiprocessing.get_context("forkserver")
        # Imported once in the fork server, so each child starts with them loaded.
        _ctx.set_forkserver_preload(["atlas.ingest.read", "python_calamine"])
    return _ctx


def _vm_size() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except OSError:
        return 0


def _child(conn, memory_mb: int, fn: Callable, args: tuple) -> None:  # runs in the child
    limit = _vm_size() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        result = ("ok", fn(*args))
    except MemoryError:
        result = ("memory", None)
    except BaseException as exc:  # noqa: BLE001 - handed back to the caller to raise
        result = ("raised", (exc, traceback.format_exc()))
    try:
        conn.send(result)
    except Exception as exc:  # noqa: BLE001 - e.g. an exception that cannot be pickled
        conn.send(("raised", (RuntimeError(f"{type(exc).__name__}: {exc}"), "")))
    finally:
        conn.close()


def call(fn: Callable, *args: Any, memory_mb: int = MEMORY_MB, seconds: float = SECONDS) -> Any:
    """``fn(*args)`` in a bounded child process; its exceptions are raised here as they were."""
    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, memory_mb, fn, args), daemon=True)
    proc.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise Overrun("time" if proc.is_alive() else "crash")
        try:
            status, value = receive.recv()
        except EOFError:  # died before answering (a native abort, the OOM killer)
            raise Overrun("crash") from None
    finally:
        receive.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    if status == "memory":
        raise Overrun("memory")
    if status == "raised":
        raise value[0]
    return value
