"""The four spreadsheet kinds, one module each (columns, closed lists, row mapping,
references, natural key, after-commit effects), on the shape of ``base.Kind``."""

from atlas.ingest.kinds import batches, enterprises, participants, roster
from atlas.ingest.kinds.base import Column, Kind, Problem, References

KINDS: dict[str, Kind] = {
    k.name: k for k in (roster.KIND, batches.KIND, participants.KIND, enterprises.KIND)
}

__all__ = ["KINDS", "Column", "Kind", "Problem", "References"]
