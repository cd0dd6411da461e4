"""A file's header row against the spreadsheet kinds (``atlas.ingest.kinds``): which column
each header is, which kind a header row is, which headers hold KPM identifiers."""

from __future__ import annotations

from dataclasses import dataclass

from atlas.ingest.kinds import KINDS, Column, Kind
from atlas.ingest.values import key_form


@dataclass
class HeaderMap:
    kind: Kind
    columns: dict[int, Column]  # position in the file -> column
    unknown: list[tuple[int, str]]  # headers nobody recognised
    missing: list[Column]  # required columns not found

    def names(self, headers: list[str]) -> dict[str, str]:
        """Each of the kind's column names → its header as the file writes it (the name
        itself for a column the file lacks), for the messages."""
        written = {c.name: headers[i] for i, c in self.columns.items()}
        return {c.name: written.get(c.name, c.name) for c in self.kind.columns}


def map_headers(headers: list[str], kind: Kind, manual: dict[str, str] | None = None) -> HeaderMap:
    """Match a header row to a kind's columns (``manual``: header as written -> column name)."""
    by_key = kind.by_key()
    named = {c.name: c for c in kind.columns}
    columns: dict[int, Column] = {}
    unknown = []
    for i, header in enumerate(headers):
        col = None
        if manual and header in manual:
            col = named.get(manual[header])
        col = col or by_key.get(key_form(header))
        if col is None or col in columns.values():
            if header.strip():
                unknown.append((i, header))
            continue
        columns[i] = col
    missing = [c for c in kind.columns if c.required and c not in columns.values()]
    return HeaderMap(kind, columns, unknown, missing)


def header_score(cells: list[str]) -> int:
    """How many cells of a row are known headers of any kind (to find the header row)."""
    keys = {k for kind in KINDS.values() for c in kind.columns for k in c.spellings()}
    return sum(1 for cell in cells if key_form(cell) in keys)


def detect_kind(headers: list[str]) -> str | None:
    """The kind whose required columns the headers cover best; None when nothing fits."""
    best, best_score = None, (0, 0)
    for name, kind in KINDS.items():
        hm = map_headers(headers, kind)
        required = sum(1 for c in kind.columns if c.required)
        score = (required - len(hm.missing), len(hm.columns))
        if not hm.missing and score > best_score:
            best, best_score = name, score
    return best


def private_headers(headers: list[str]) -> set[str]:
    """The headers of a file that hold KPM identifiers (NIK or the programme's own), under
    any of their spellings, whatever kind the file is."""
    found = map_headers(headers, KINDS["enterprises"]).columns
    return {headers[i] for i, c in found.items() if c.name == "id_kpm"}
