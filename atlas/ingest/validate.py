"""Every row of an upload checked at once: typed records plus every problem by row and column.

Pure functions over a ``read.Table``: nothing touches the database here. Problems carry the
row number as the spreadsheet shows it, the column as the file names it, the value, a
message key for ``atlas.core.i18n`` and a suggestion where one exists. Fuzzy region matches are
returned separately: they need a person's confirmation before a commit.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import repeat
from operator import itemgetter

from atlas.core.privacy import mask_id
from atlas.ingest import values as v
from atlas.ingest.read import Cell, Table
from atlas.ingest.regions import RegionMatch, RegionResolver
from atlas.ingest.schema import KINDS, HeaderMap, map_headers
from atlas.ingest.values import ValueProblem
from atlas.store.models import Batch, Enterprise, Facilitator

LAT_RANGE, LON_RANGE = (-11.5, -5.5), (105.0, 126.0)  # the six provinces, with a margin


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    value: str
    key: str
    params: dict = field(default_factory=dict)
    suggestion: str | None = None


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
BATCH_DAYS = 366  # a batch is a course of days or weeks; longer is a typing error


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


def _parsers(kind: str, nik_provinces: set[str]) -> dict[str, Callable[[Cell], object]]:
    lat = lambda c: v.parse_coordinate(c.value, *LAT_RANGE)
    lon = lambda c: v.parse_coordinate(c.value, *LON_RANGE)
    ranges = _date_ranges(date.today())
    started = ranges["tanggal_mulai_batch" if kind == "batches" else "tanggal_mulai_usaha"]
    common = {
        "jenis_kelamin": lambda c: v.parse_choice(c.value, "sex"),
        "jabatan": lambda c: v.parse_choice(c.value, "role"),
        "tanggal_bergabung": lambda c: v.parse_date_within(c.value, *ranges["tanggal_bergabung"]),
        "gelombang": lambda c: v.parse_wave(c.value),
        "angkatan": lambda c: v.parse_batch(c.value),
        "tanggal_mulai": lambda c: v.parse_date_within(c.value, *started),
        "tanggal_selesai": lambda c: v.parse_date_within(c.value, *ranges["tanggal_mulai_batch"]),
        "moda": lambda c: v.parse_choice(c.value, "mode"),
        "lintang": lat,
        "bujur": lon,
        "status": lambda c: v.parse_choice(c.value, "training_status"),
        "nilai_pre": lambda c: v.parse_score(c.value),
        "nilai_post": lambda c: v.parse_score(c.value),
        "id_kpm": lambda c: v.parse_kpm_id(c.value, c.is_number, nik_provinces),
        "sektor": lambda c: v.parse_choice(c.value, "sector"),
        "status_usaha": lambda c: v.parse_choice(c.value, "enterprise_status"),
        "omzet_bulanan": lambda c: v.parse_money(c.value),
        "tenaga_kerja": lambda c: v.parse_int(c.value, minimum=0, maximum=10_000),
        "graduasi": lambda c: v.parse_yes_no(c.value),
        "tanggal_graduasi": lambda c: v.parse_date_within(c.value, *ranges["tanggal_graduasi"]),
    }
    if kind == "participants":
        common["status"] = lambda c: v.parse_choice(c.value, "training_status")
    return common


_ABSENT = object()  # an empty cell: the field is left out of the record


def check(  # noqa: PLR0915 (the kinds as objects split it: tests/unit/test_code_shape.py)
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
    problems = [
        Problem(None, c.name, "", "u.missing_column", {"column": c.name}) for c in hm.missing
    ]
    parsers = _parsers(kind, nik_provinces or set())
    row_nos, columns = table.row_numbers, table.columns
    by_row: dict[int, list[Problem]] = {}

    kpm = next((table.headers[i] for i, c in hm.columns.items() if c.name == "id_kpm"), None)

    def problem(i: int, header: str, text: str, exc: ValueProblem) -> None:
        params = exc.params
        if header == kpm:  # a KPM's identifier, valid or not, is never shown back in clear
            text = mask_id(text)
            params = {k: mask_id(p) if k == "value" else p for k, p in params.items()}
        by_row.setdefault(i, []).append(
            Problem(row_nos[i], header, text, exc.key, params, exc.suggestion)
        )

    # The province first: a regency name is resolved within it.
    province_pos = next((i for i, c in hm.columns.items() if c.name == "provinsi"), None)
    provinces: list = [None] * len(row_nos)
    fields: list[tuple[str, list]] = []
    if province_pos is not None:
        header, cells = table.headers[province_pos], columns[province_pos]
        found_all = _resolved(cells, lambda text, _: resolver.province(text), repeat(None))
        for i, found in enumerate(found_all):
            if isinstance(found, ValueProblem):
                problem(i, header, cells[i].text, found)
            elif found is not _ABSENT:
                provinces[i] = found
        fields.append(("provinsi", [_ABSENT if p is None else p for p in provinces]))
    for pos in hm.columns:  # control characters, in any mapped column
        texts = [c.text for c in columns[pos]]
        if v.CONTROL.search("\n".join(texts)):
            for i, text in enumerate(texts):
                if v.CONTROL.search(text):
                    problem(i, table.headers[pos], text, ValueProblem("v.control_char"))
    matches: list[Match] = []

    def settle(header: str, cells: list[Cell], parsed: list, required: bool) -> None:
        """Report each refused cell of a column, queue its region matches for confirmation,
        and leave in ``parsed`` what the record takes (``_ABSENT`` for a refused cell)."""
        for i, found in enumerate(parsed):
            if found is _ABSENT:
                if required:
                    problem(i, header, "", ValueProblem("v.required"))
            elif type(found) is ValueProblem:
                problem(i, header, cells[i].text, found)
                parsed[i] = _ABSENT
            elif type(found) is RegionMatch:
                if found.needs_confirmation:
                    matches.append(Match(row_nos[i], header, cells[i].text, found))
                parsed[i] = found.code

    district_pos = None
    for pos, col in hm.columns.items():
        if col.name == "provinsi":
            continue
        if col.name == "kecamatan":  # within its row's regency: once the regencies are known
            district_pos = pos
            continue
        header, cells = table.headers[pos], columns[pos]
        if col.name == "kabupaten_kota":
            parsed, clean = _resolved(cells, resolver.regency, provinces), False
        elif col.name in _TEXT:
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
        else:
            parsed, outcomes = _parse_column(cells, parsers[col.name])
            clean = not any(
                o is _ABSENT and col.required or type(o) is ValueProblem for o in outcomes
            )
        if clean:  # the usual column: nothing to report, nothing to replace
            fields.append((col.name, parsed))
            continue
        settle(header, cells, parsed, col.required)
        fields.append((col.name, parsed))
    if district_pos is not None:
        header, cells = table.headers[district_pos], columns[district_pos]
        regencies = dict(fields).get("kabupaten_kota", [None] * len(row_nos))
        within = [r if type(r) is str else None for r in regencies]
        # None: the row's regency is not known (the row is refused for that already).
        parsed = [_ABSENT if p is None else p for p in _resolved(cells, resolver.district, within)]
        settle(header, cells, parsed, required=False)
        fields.append(("kecamatan", parsed))
    records: list[dict] = []
    for i, row_no in enumerate(row_nos):
        record: dict = {"_row": row_no}
        for name, parsed in fields:
            value = parsed[i]
            if value is not _ABSENT:
                record[name] = value
        row_problems = by_row.get(i, [])
        row_problems += _row_rules(kind, record, row_no, hm, table)
        if row_problems:
            problems += row_problems
        else:
            records.append(record)
    problems += _duplicates(kind, records, table, hm)
    bad = {p.row for p in problems if p.row is not None}
    return Checked(kind, hm, [r for r in records if r["_row"] not in bad], problems, matches)


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


def _header_of(hm: HeaderMap, table: Table, name: str) -> str:
    return next((table.headers[i] for i, c in hm.columns.items() if c.name == name), name)


def _row_rules(kind: str, r: dict, row_no: int, hm: HeaderMap, table: Table) -> list[Problem]:
    out = []
    if (
        kind == "batches"
        and "tanggal_mulai" in r
        and "tanggal_selesai" in r
        and r["tanggal_selesai"] < r["tanggal_mulai"]
    ):
        out.append(
            Problem(
                row_no,
                _header_of(hm, table, "tanggal_selesai"),
                r["tanggal_selesai"].isoformat(),
                "u.end_before_start",
            )
        )
    if (
        kind == "batches"
        and "tanggal_mulai" in r
        and "tanggal_selesai" in r
        and (r["tanggal_selesai"] - r["tanggal_mulai"]).days > BATCH_DAYS
    ):
        out.append(
            Problem(
                row_no,
                _header_of(hm, table, "tanggal_selesai"),
                r["tanggal_selesai"].isoformat(),
                "u.batch_too_long",
                {"days": (r["tanggal_selesai"] - r["tanggal_mulai"]).days, "max": BATCH_DAYS},
            )
        )
    if kind == "enterprises":
        if r.get("tanggal_graduasi") and not r.get("graduasi", False):
            out.append(
                Problem(row_no, _header_of(hm, table, "graduasi"), "", "u.graduation_date_without")
            )
        if ("lintang" in r) != ("bujur" in r):
            out.append(Problem(row_no, _header_of(hm, table, "lintang"), "", "u.half_coordinate"))
    return out


_NATURAL_KEYS = {
    "roster": ("id_pendamping",),
    "batches": ("angkatan",),
    "participants": ("id_pendamping", "angkatan"),
    "enterprises": ("id_usaha",),
}


def _duplicates(kind: str, records: list[dict], table: Table, hm: HeaderMap) -> list[Problem]:
    """The same natural key twice in one file; a batch given two different waves."""
    out = []
    keys = _NATURAL_KEYS[kind]
    seen: dict[tuple, int] = {}
    for r in records:
        if not all(k in r for k in keys):
            continue
        key = tuple(r[k] for k in keys)
        if key in seen:
            out.append(
                Problem(
                    r["_row"],
                    _header_of(hm, table, keys[0]),
                    " / ".join(map(str, key)),
                    "u.duplicate",
                    {"first": seen[key]},
                )
            )
        else:
            seen[key] = r["_row"]
    if kind in ("batches", "participants"):
        wave_of: dict[int, tuple[int, int]] = {}
        for r in records:
            if "angkatan" in r and "gelombang" in r:
                first = wave_of.setdefault(r["angkatan"], (r["gelombang"], r["_row"]))
                if first[0] != r["gelombang"]:
                    out.append(
                        Problem(
                            r["_row"],
                            _header_of(hm, table, "gelombang"),
                            str(r["gelombang"]),
                            "u.batch_two_waves",
                            {"batch": r["angkatan"], "wave": first[0], "first": first[1]},
                        )
                    )
    return out
