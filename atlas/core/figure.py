"""A figure as the pages and the exports show it: a label, a formatted value, a note."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Figure:
    label: str
    value: str
    note: str = ""
