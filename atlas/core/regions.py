"""Region codes (Kepmendagri): ``34`` a province, ``34.04`` a regency, ``34.04.01`` a district.

What a code says about itself — its level and the regions it lies in — is read here, not by
counting dots or slicing where it is used.
"""

from __future__ import annotations

from typing import Literal

# The levels a figure is grouped by; "total" is everything selected, one row.
Level = Literal["total", "province", "regency", "district"]
RegionLevel = Literal["province", "regency", "district"]


def level_of(code: str) -> RegionLevel:
    """``34`` province, ``34.04`` regency, ``34.04.01`` district."""
    return {0: "province", 1: "regency"}.get(code.count("."), "district")  # type: ignore[return-value]


def path_of(code: str) -> list[str]:
    """The codes from the province down to ``code`` itself: ``34.04.01`` gives ``34``,
    ``34.04``, ``34.04.01``."""
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def province_of(code: str) -> str:
    """The province a region lies in (a province is its own)."""
    return code.split(".")[0]


def regency_of(code: str) -> str | None:
    """The regency a regency or district lies in; None for a province."""
    path = path_of(code)
    return path[1] if len(path) > 1 else None
