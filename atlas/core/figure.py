"""A figure as the pages and the exports show it: a label, a formatted value, and what may
go with it — a note under it, the compared wave set's value, a help text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    note: str = ""
    compared: str | None = None  # with a comparison: "I-IV: 1.115 · +565"
    help: str | None = None
