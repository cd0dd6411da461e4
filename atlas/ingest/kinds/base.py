"""What every spreadsheet kind is (docs/DOMAIN.md, "Spreadsheet contracts"): its columns, with
the header spellings people use and the closed list each takes; the table its rows go to and
their natural key; and the rules that differ by kind, as methods a kind overrides — the row
mapping with its references resolved, rules within a row and across the file, what a commit
does besides writing the rows.

Free of the database and of SQLAlchemy: the child process that reads an upload imports the
columns (``atlas.ingest.read`` finds the header row by them) and must start at once. What a
kind needs from the database (``needs``) the importer looks up and hands over as
``References``; what a commit does after the rows (``after_commit``) is named, and done by
``atlas.store.imports``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from atlas.ingest.values import key_form


@dataclass(frozen=True)
class Column:
    name: str  # the template's header
    required: bool
    synonyms: tuple[str, ...] = ()
    text: bool = False  # formatted as text in the template (IDs, NIK, codes)
    help_id: str = ""
    example: str = ""
    choices: str | None = None  # the closed list it takes (``values.ALLOWED``), if any

    def spellings(self) -> set[str]:
        return {key_form(self.name), *(key_form(s) for s in self.synonyms)}


@dataclass(frozen=True)
class Problem:
    """A refused cell, row or file: the row as the spreadsheet numbers it (None: the whole
    file), the column as the file names it, the value, a message key and its parameters."""

    row: int | None
    column: str
    value: str
    key: str
    params: dict = field(default_factory=dict)
    suggestion: str | None = None


@dataclass
class References:
    """What a file's rows refer to in the database, looked up by the importer as the kind's
    ``needs`` say."""

    key: bytes  # the secret of the keyed hashes (a KPM's NIK)
    facilitators: dict[str, int] = field(default_factory=dict)  # official id -> row id
    batches: dict[int, tuple[int, int]] = field(default_factory=dict)  # number -> (id, wave)


@dataclass(frozen=True)
class Kind:
    name: str
    title: str  # Indonesian name of the sheet
    columns: tuple[Column, ...]
    table: str  # where its rows go
    key: tuple[str, ...]  # the rows' natural key in that table
    file_key: tuple[str, ...]  # the same key as the file's columns
    row_noun: str  # what one row is, in the template's guide ("Satu baris = satu …")
    needs: tuple[str, ...] = ()  # "facilitators", "batches": looked up for ``rows``
    after_commit: tuple[str, ...] = ()  # what a commit or an undo does after the rows
    started: str = "tanggal_mulai_usaha"  # the plausible range of its ``tanggal_mulai``

    def by_key(self) -> dict[str, Column]:
        return {k: c for c in self.columns for k in c.spellings()}

    def rows(
        self, records: list[dict], refs: References, header: dict[str, str]
    ) -> tuple[list[dict], list[Problem]]:
        """Checked records → table rows, references resolved; and the rows refused for a
        reference that does not exist. ``header``: column name → header as the file has it."""
        raise NotImplementedError

    def row_problems(self, r: dict, header: dict[str, str]) -> list[Problem]:
        """Rules between the cells of one record."""
        return []

    def file_problems(self, records: list[dict], header: dict[str, str]) -> list[Problem]:
        """Rules across the rows of the file, beside the natural key's duplicates."""
        return []

    def place_problems(self, records: list[dict], header: dict[str, str]) -> list[Problem]:
        """Rules against the boundaries (a point outside its own region)."""
        return []

    def keyed_by_nik(
        self, records: list[dict], good: list[dict], existing: dict, others: set[int]
    ) -> set[int]:
        """Rows whose outcome (new, updated, unchanged) would tell something of a KPM's NIK:
        counted together. ``others``: the runs, among those that wrote the matched rows, of
        someone else."""
        return set()

    def insert_order(self, rows: list[dict]) -> list[dict]:
        """The order new rows are written in."""
        return rows

    def enrolled(self, new: list[dict]) -> list[int]:
        """Facilitators whose counts change because of new rows beyond the rows' own."""
        return []


def batch_waves(records: list[dict], header: dict[str, str]) -> list[Problem]:
    """A batch given two different waves in one file."""
    out = []
    wave_of: dict[int, tuple[int, int]] = {}
    for r in records:
        if "angkatan" in r and "gelombang" in r:
            first = wave_of.setdefault(r["angkatan"], (r["gelombang"], r["_row"]))
            if first[0] != r["gelombang"]:
                params = {"batch": r["angkatan"], "wave": first[0], "first": first[1]}
                out.append(
                    Problem(
                        r["_row"],
                        header["gelombang"],
                        str(r["gelombang"]),
                        "u.batch_two_waves",
                        params,
                    )
                )
    return out


def unknown_facilitator(r: dict, header: dict[str, str]) -> Problem:
    return Problem(r["_row"], header["id_pendamping"], r["id_pendamping"], "u.unknown_facilitator")


# Header spellings shared by several kinds.
REGENCY = (
    "kabupaten/kota",
    "kab/kota",
    "kabupaten",
    "kota",
    "kabkota",
    "regency",
    "kode wilayah",
    "kode kabupaten",
    "wilayah",
)
FACILITATOR_ID = (
    "id pendamping",
    "id_pendamping",
    "nomor pendamping",
    "no pendamping",
    "kode pendamping",
    "facilitator id",
    "nip",
)
LATITUDE = ("latitude", "lat")
LONGITUDE = ("longitude", "lon", "lng", "long")
