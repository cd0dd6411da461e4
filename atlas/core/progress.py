"""Long work tells how far it is: the share done and an estimate of the time left.

A long step (the demo's enterprises, a summary rebuild, an import) calls a ``Report``
as it goes: ``report(key, done, total)``, ``key`` a message key saying what is being done.
The command line prints a line now and then (``atlas.cli``); the upload page moves an
``st.progress`` bar. Both estimate the time left with ``time_left``.
"""

from __future__ import annotations

from collections.abc import Callable

Report = Callable[[str, int, int], None]


def silent(_key: str, _done: int, _total: int) -> None:
    """A report nobody reads (the default)."""


def time_left(elapsed: float, fraction: float) -> float | None:
    """Seconds left if the rest goes at the pace so far; None while there is no pace to
    go by yet (the first second, the first 2 %) or nothing is left."""
    if elapsed < 1.0 or fraction < 0.02 or fraction >= 1.0:
        return None
    return elapsed * (1.0 - fraction) / fraction


def with_time_left(text: str, elapsed: float, fraction: float, lang: str) -> str:
    """``text``, and the time left when there is an estimate: "Memeriksa … · sekitar 40
    detik lagi"."""
    from atlas.core.i18n import fmt_duration, t

    left = time_left(elapsed, fraction)
    if left is None or left < 0.5:  # "about 0 seconds left" says nothing
        return text
    return f"{text} · {t('progress.left', lang, time=fmt_duration(left, lang))}"
