"""Every row of an upload checked at once: typed records plus every problem by row and column.

Pure functions over a ``read.Table``: nothing touches the database here. Problems carry the
row number as the spreadsheet shows it, the column as the file names it, the value, a
message key for ``atlas.core.i18n`` and a suggestion where one exists. Fuzzy region matches are
returned separately: they need a person's confirmation before a commit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import repeat
from operator import itemgetter

from atlas.core.privacy import mask_id
from atlas.core.regions import province_of
from atlas.ingest import values as v
from atlas.ingest.kinds import KINDS, Column, Kind, Problem
from atlas.ingest.read import Cell, Table
from atlas.ingest.regions import RegionMatch, RegionResolver
from atlas.ingest.schema import HeaderMap, map_headers
from atlas.ingest.values import ValueProblem
from atlas.store.models import Batch, Enterprise, Facilitator
from geo import boundaries


@dataclass(frozen=True)
class Match:
    row: int
    column: str
    value: str
    match: RegionMatch


@dataclass
class Checked:
    kind: str
    headers: HeaderMap
    records: list[dict]  # valid rows, typed; "_row" holds the spreadsheet row number
    problems: list[Problem]
    matches: list[Match]  # fuzzy region matches awaiting confirmation

    @property
    def rejected_rows(self) -> set[int]:
        return {p.row for p in self.problems if p.row is not None}


# Free text: a cell's text is already clean (``read``); identifiers are compared in capitals.
# Each is checked against the length of the column that stores it, so that what the check
# accepts the database takes (a long name passed the check, then failed the commit).
_TEXT = {
    "id_pendamping": Facilitator.official_id,
    "id_usaha": Enterprise.enterprise_code,
    "nama": Facilitator.name,
    "tempat": Batch.venue,
    "nama_usaha": Enterprise.name,
}
_IDS = {"id_pendamping", "id_usaha"}


def _date_ranges(today: date) -> dict[str, tuple[date, date]]:
    """Plausible dates per column: the programme (PKH began in 2007; Diklat batches from 2015,
    planned up to five years ahead); enterprises started within living memory."""
    return {
        "tanggal_bergabung": (date(2007, 1, 1), today),
        "tanggal_mulai_batch": (date(2015, 1, 1), today + timedelta(days=5 * 366)),
        "tanggal_mulai_usaha": (date(1950, 1, 1), today),
        "tanggal_graduasi": (date(2007, 1, 1), today),
    }


def _text(cell: Cell, name: str, limit: int) -> str:
    text = v.parse_id(cell.text, cell.value, cell.is_number) if name in _IDS else cell.text
    if len(text) > limit:
        raise ValueProblem("v.too_long", n=len(text), max=limit)
    return text


def _parsers(kind: Kind, nik_provinces: set[str]) -> dict[str, Callable[[Cell], object]]:
    """How each column's cells are typed, by column name (a closed list's column takes its
    list, ``_parser``)."""
    lat_range, lon_range = boundaries.extent()  # the area's provinces, with a margin
    lat = lambda c: v.parse_coordinate(c.value, *lat_range)
    lon = lambda c: v.parse_coordinate(c.value, *lon_range)
    ranges = _date_ranges(date.today())
    return {
        "tanggal_bergabung": lambda c: v.parse_date_within(c.value, *ranges["tanggal_bergabung"]),
        "gelombang": lambda c: v.parse_wave(c.value),
        "angkatan": lambda c: v.parse_batch(c.value),
        "tanggal_mulai": lambda c: v.parse_date_within(c.value, *ranges[kind.started]),
        "tanggal_selesai": lambda c: v.parse_date_within(c.value, *ranges["tanggal_mulai_batch"]),
        "lintang": lat,
        "bujur": lon,
        "nilai_pre": lambda c: v.parse_score(c.value),
        "nilai_post": lambda c: v.parse_score(c.value),
        "id_kpm": lambda c: v.parse_kpm_id(c.value, c.is_number, nik_provinces),
        "omzet_bulanan": lambda c: v.parse_money(c.value),
        "tenaga_kerja": lambda c: v.parse_int(c.value, minimum=0, maximum=10_000),
        "graduasi": lambda c: v.parse_yes_no(c.value),
        "tanggal_graduasi": lambda c: v.parse_date_within(c.value, *ranges["tanggal_graduasi"]),
    }


def _parser(col: Column, parsers: dict) -> Callable[[Cell], object]:
    if col.name in parsers:
        return parsers[col.name]
    return lambda c, choices=col.choices: v.parse_choice(c.value, choices)


_ABSENT = object()  # an empty cell: the field is left out of the record


def check(
    table: Table,
    kind: str,
    resolver: RegionResolver,
    *,
    manual_headers: dict[str, str] | None = None,
    nik_provinces: set[str] | None = None,
) -> Checked:
    """Type and check every row of ``table`` as ``kind``; all problems at once.

    Column by column: files repeat the same few values thousands of times (regions, sectors,
    dates, amounts), so each distinct cell of a column is parsed once and its result (value
    or problem) reused. Problems come out in row order, then column order, as a person reads
    the sheet.
    """
    spec = KINDS[kind]
    hm = map_headers(table.headers, spec, manual_headers)
    run = _Check(table, hm, resolver, _parsers(spec, nik_provinces or set()))
    run.provinces()  # first: a regency name is resolved within its row's province
    run.control_characters()
    for pos, col in hm.columns.items():
        if col.name not in ("provinsi", "kecamatan"):
            run.column(pos, col)
    run.districts()  # last: within each row's regency
    missing = [
        Problem(None, c.name, "", "u.missing_column", {"column": c.name}) for c in hm.missing
    ]
    records, problems = run.records(spec)
    problems = missing + problems + _duplicates(spec, records, run.header)
    bad = {p.row for p in problems if p.row is not None}
    good = [r for r in records if r["_row"] not in bad]
    return Checked(kind, hm, good, problems, run.matches)


class _Check:
    """One check's state: the columns typed so far (``fields``), the problems by row, the
    region matches awaiting confirmation."""

    def __init__(self, table: Table, hm: HeaderMap, resolver: RegionResolver, parsers: dict):
        self.table, self.hm, self.resolver, self.parsers = table, hm, resolver, parsers
        self.header = hm.names(table.headers)
        self.row_nos = table.row_numbers
        self.by_row: dict[int, list[Problem]] = {}
        self.matches: list[Match] = []
        self.fields: list[tuple[str, list]] = []
        self.within: list = [None] * len(self.row_nos)  # each row's province
        self.kpm = self.header.get("id_kpm") if "id_kpm" in self._mapped() else None

    def _mapped(self) -> set[str]:
        return {c.name for c in self.hm.columns.values()}

    def _position(self, name: str) -> int | None:
        return next((i for i, c in self.hm.columns.items() if c.name == name), None)

    def problem(self, i: int, header: str, text: str, exc: ValueProblem) -> None:
        params = exc.params
        if header == self.kpm:  # a KPM's identifier, valid or not, is never shown back in clear
            text = mask_id(text)
            params = {k: mask_id(p) if k == "value" else p for k, p in params.items()}
        self.by_row.setdefault(i, []).append(
            Problem(self.row_nos[i], header, text, exc.key, params, exc.suggestion)
        )

    def control_characters(self) -> None:
        """Control characters, in any mapped column."""
        for pos in self.hm.columns:
            texts = [c.text for c in self.table.columns[pos]]
            if v.CONTROL.search("\n".join(texts)):
                for i, text in enumerate(texts):
                    if v.CONTROL.search(text):
                        self.problem(
                            i, self.table.headers[pos], text, ValueProblem("v.control_char")
                        )

    def provinces(self) -> None:
        pos = self._position("provinsi")
        if pos is None:
            return
        header, cells = self.table.headers[pos], self.table.columns[pos]
        found_all = _resolved(cells, lambda text, _: self.resolver.province(text), repeat(None))
        for i, found in enumerate(found_all):
            if isinstance(found, ValueProblem):
                self.problem(i, header, cells[i].text, found)
            elif found is not _ABSENT:
                self.within[i] = found
        self.fields.append(("provinsi", [_ABSENT if p is None else p for p in self.within]))

    def column(self, pos: int, col: Column) -> None:
        header, cells = self.table.headers[pos], self.table.columns[pos]
        if col.name == "kabupaten_kota":
            parsed, clean = self._regencies(cells), False
        elif col.name in _TEXT:
            parsed, clean = _text_column(cells, col)
        else:
            parsed, outcomes = _parse_column(cells, _parser(col, self.parsers))
            clean = not any(
                o is _ABSENT and col.required or type(o) is ValueProblem for o in outcomes
            )
        if not clean:  # the usual column has nothing to report, nothing to replace
            self.settle(header, cells, parsed, col.required)
        self.fields.append((col.name, parsed))

    def _regencies(self, cells: list[Cell]) -> list:
        """Each row's regency, within its province when the file has a province column;
        without one, a name several provinces share ("Banjar") is read in the province the
        file's other rows lie in, when most of them lie in one."""
        parsed = _resolved(cells, self.resolver.regency, self.within)
        if any(p is not None for p in self.within):
            return parsed
        provinces = Counter(province_of(m.code) for m in parsed if type(m) is RegionMatch)
        if not provinces:
            return parsed
        home, count = provinces.most_common(1)[0]
        if count * 2 <= sum(provinces.values()):
            return parsed
        ambiguous = [type(p) is ValueProblem and p.key == "v.region_ambiguous" for p in parsed]
        if not any(ambiguous):
            return parsed
        retried = _resolved(cells, self.resolver.regency, [home] * len(cells))
        return [
            r if a and type(r) is RegionMatch else p for p, r, a in zip(parsed, retried, ambiguous)
        ]

    def districts(self) -> None:
        pos = self._position("kecamatan")
        if pos is None:
            return
        header, cells = self.table.headers[pos], self.table.columns[pos]
        regencies = dict(self.fields).get("kabupaten_kota", [None] * len(self.row_nos))
        within = [r if type(r) is str else None for r in regencies]
        # None: the row's regency is not known (the row is refused for that already).
        found = _resolved(cells, self.resolver.district, within)
        parsed = [_ABSENT if p is None else p for p in found]
        self.settle(header, cells, parsed, required=False)
        self.fields.append(("kecamatan", parsed))

    def settle(self, header: str, cells: list[Cell], parsed: list, required: bool) -> None:
        """Report each refused cell of a column, queue its region matches for confirmation,
        and leave in ``parsed`` what the record takes (``_ABSENT`` for a refused cell)."""
        for i, found in enumerate(parsed):
            if found is _ABSENT:
                if required:
                    self.problem(i, header, "", ValueProblem("v.required"))
            elif type(found) is ValueProblem:
                self.problem(i, header, cells[i].text, found)
                parsed[i] = _ABSENT
            elif type(found) is RegionMatch:
                if found.needs_confirmation:
                    self.matches.append(Match(self.row_nos[i], header, cells[i].text, found))
                parsed[i] = found.code

    def records(self, kind: Kind) -> tuple[list[dict], list[Problem]]:
        """The rows as records (the typed fields a row has), and the problems by row, the
        kind's rules within a row included."""
        records, problems = [], []
        for i, row_no in enumerate(self.row_nos):
            record: dict = {"_row": row_no}
            for name, parsed in self.fields:
                value = parsed[i]
                if value is not _ABSENT:
                    record[name] = value
            row_problems = self.by_row.get(i, []) + kind.row_problems(record, self.header)
            if row_problems:
                problems += row_problems
            else:
                records.append(record)
        return records, problems


def _text_column(cells: list[Cell], col: Column) -> tuple[list, bool]:
    """A free-text column's values, and whether it is clean (nothing to report)."""
    texts = list(map(itemgetter(0), cells))
    limit = _TEXT[col.name].type.length
    if max(map(len, texts), default=0) > limit or (
        col.name in _IDS and any(c.is_number for c in cells)
    ):  # the rare column that needs a look at each cell
        parsed, _ = _parse_column(cells, lambda c, n=col.name, m=limit: _text(c, n, m))
    elif col.name in _IDS:
        parsed = [t.upper() if t else _ABSENT for t in texts]
    else:
        parsed = [t or _ABSENT for t in texts]
    clean = (not col.required or _ABSENT not in parsed) and not any(
        type(p) is ValueProblem for p in parsed
    )
    return parsed, clean


def _parse_column(cells: list[Cell], parse: Callable[[Cell], object]) -> tuple[list, Collection]:
    """Each cell's value, ``_ABSENT`` (empty) or ``ValueProblem``, and the distinct outcomes;
    each distinct cell parsed once. Text cells are their own key; for typed ones the type is
    part of it (``1``, ``1.0`` and ``True`` are equal keys, but their messages differ)."""
    memo: dict = {}

    def first(key: object, cell: Cell) -> object:
        found = memo[key] = _attempt(parse, cell) if cell.text else _ABSENT
        return found

    parsed = [
        memo[k] if (k := c if type(c.value) is str else (c, type(c.value))) in memo else first(k, c)
        for c in cells
    ]
    return parsed, memo.values()


def _resolved(
    cells: list[Cell], resolve: Callable[[str, object], object], within: Iterable
) -> list:
    """Each cell's region (``resolve(text, within)``: a regency within its row's province),
    ``_ABSENT`` or ``ValueProblem``; each spelling resolved once per ``within``."""
    memo: dict = {}
    out = []
    for cell, context in zip(cells, within):
        if not cell.text:
            out.append(_ABSENT)
            continue
        key = (cell.text, context)
        found = memo.get(key, _ABSENT)
        if found is _ABSENT:
            found = memo[key] = _attempt(resolve, cell.text, context)
        out.append(found)
    return out


def _attempt(parse: Callable, *args: object) -> object:
    """The parsed value, or the ``ValueProblem`` raised (kept, so it can be memoised)."""
    try:
        return parse(*args)
    except ValueProblem as exc:
        return exc


def _duplicates(kind: Kind, records: list[dict], header: dict[str, str]) -> list[Problem]:
    """The same natural key twice in one file, and the kind's rules across the file."""
    out = []
    keys = kind.file_key
    seen: dict[tuple, int] = {}
    for r in records:
        if not all(k in r for k in keys):
            continue
        key = tuple(r[k] for k in keys)
        if key in seen:
            value = " / ".join(map(str, key))
            params = {"first": seen[key]}
            out.append(Problem(r["_row"], header[keys[0]], value, "u.duplicate", params))
        else:
            seen[key] = r["_row"]
    return out + kind.file_problems(records, header)
