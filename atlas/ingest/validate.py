"""Every row of an upload checked at once: typed records plus every problem by row and column.

Pure functions over a ``read.Table``: nothing touches the database here. Problems carry the
row number as the spreadsheet shows it, the column as the file names it, the value, a
message key for ``atlas.i18n`` and a suggestion where one exists. Fuzzy region matches are
returned separately: they need a person's confirmation before a commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from atlas.ingest import values as v
from atlas.ingest.read import Cell, Table
from atlas.ingest.regions import RegionMatch, RegionResolver
from atlas.ingest.schema import KINDS, HeaderMap, map_headers
from atlas.ingest.values import ValueProblem

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


def _parsers(kind: str, nik_provinces: set[str]) -> dict[str, Callable[[Cell], object]]:
    lat = lambda c: v.parse_coordinate(c.value, *LAT_RANGE)  # noqa: E731
    lon = lambda c: v.parse_coordinate(c.value, *LON_RANGE)  # noqa: E731
    common = {
        "id_pendamping": lambda c: v.clean(c.text).upper(),
        "nama": lambda c: v.clean(c.text),
        "jenis_kelamin": lambda c: v.parse_choice(c.value, "sex"),
        "jabatan": lambda c: v.parse_choice(c.value, "role"),
        "tanggal_bergabung": lambda c: v.parse_date(c.value),
        "gelombang": lambda c: v.parse_wave(c.value),
        "angkatan": lambda c: v.parse_batch(c.value),
        "tanggal_mulai": lambda c: v.parse_date(c.value),
        "tanggal_selesai": lambda c: v.parse_date(c.value),
        "moda": lambda c: v.parse_choice(c.value, "mode"),
        "tempat": lambda c: v.clean(c.text),
        "lintang": lat,
        "bujur": lon,
        "status": lambda c: v.parse_choice(c.value, "training_status"),
        "nilai_pre": lambda c: v.parse_score(c.value),
        "nilai_post": lambda c: v.parse_score(c.value),
        "id_usaha": lambda c: v.clean(c.text).upper(),
        "id_kpm": lambda c: v.parse_nik(c.value, c.is_number, nik_provinces),
        "nama_usaha": lambda c: v.clean(c.text),
        "sektor": lambda c: v.parse_choice(c.value, "sector"),
        "status_usaha": lambda c: v.parse_choice(c.value, "enterprise_status"),
        "kecamatan": lambda c: v.clean(c.text),
        "omzet_bulanan": lambda c: v.parse_money(c.value),
        "tenaga_kerja": lambda c: v.parse_int(c.value, minimum=0, maximum=10_000),
        "graduasi": lambda c: v.parse_yes_no(c.value),
        "tanggal_graduasi": lambda c: v.parse_date(c.value),
    }
    if kind == "participants":
        common["status"] = lambda c: v.parse_choice(c.value, "training_status")
    return common


def check(table: Table, kind: str, resolver: RegionResolver, *,
          manual_headers: dict[str, str] | None = None,
          nik_provinces: set[str] | None = None) -> Checked:
    """Type and check every row of ``table`` as ``kind``; all problems at once."""
    spec = KINDS[kind]
    hm = map_headers(table.headers, spec, manual_headers)
    problems = [Problem(None, c.name, "", "u.missing_column", {"column": c.name}) for c in hm.missing]
    records: list[dict] = []
    matches: list[Match] = []
    parsers = _parsers(kind, nik_provinces or set())
    province_pos = next((i for i, c in hm.columns.items() if c.name == "provinsi"), None)
    # Files repeat the same few region names thousands of times: resolve each spelling once.
    memo: dict[tuple, object] = {}

    def regency(text: str, province: str | None):  # noqa: ANN202
        key = (text, province)
        if key not in memo:
            try:
                memo[key] = resolver.regency(text, province)
            except ValueProblem as exc:
                memo[key] = exc
        found = memo[key]
        if isinstance(found, ValueProblem):
            raise found
        return found
    for row_no, cells in table.rows:
        record: dict = {"_row": row_no}
        row_problems: list[Problem] = []
        province = None
        if province_pos is not None and cells[province_pos].text:
            try:
                province = resolver.province(cells[province_pos].text)
                record["provinsi"] = province
            except ValueProblem as exc:
                row_problems.append(Problem(row_no, table.headers[province_pos], cells[province_pos].text,
                                            exc.key, exc.params, exc.suggestion))
        for pos, col in hm.columns.items():
            cell = cells[pos]
            header = table.headers[pos]
            if col.name == "provinsi":
                continue
            if not cell.text:
                if col.required:
                    row_problems.append(Problem(row_no, header, "", "v.required"))
                continue
            try:
                if col.name == "kabupaten_kota":
                    match = regency(cell.text, province)
                    if match.needs_confirmation:
                        matches.append(Match(row_no, header, cell.text, match))
                    record[col.name] = match.code
                else:
                    record[col.name] = parsers[col.name](cell)
            except ValueProblem as exc:
                row_problems.append(Problem(row_no, header, cell.text, exc.key, exc.params,
                                            exc.suggestion))
        row_problems += _row_rules(kind, record, row_no, hm, table)
        if row_problems:
            problems += row_problems
        else:
            records.append(record)
    problems += _duplicates(kind, records, table, hm)
    bad = {p.row for p in problems if p.row is not None}
    return Checked(kind, hm, [r for r in records if r["_row"] not in bad], problems, matches)


def _header_of(hm: HeaderMap, table: Table, name: str) -> str:
    return next((table.headers[i] for i, c in hm.columns.items() if c.name == name), name)


def _row_rules(kind: str, r: dict, row_no: int, hm: HeaderMap, table: Table) -> list[Problem]:
    out = []
    if kind == "batches" and "tanggal_mulai" in r and "tanggal_selesai" in r \
            and r["tanggal_selesai"] < r["tanggal_mulai"]:
        out.append(Problem(row_no, _header_of(hm, table, "tanggal_selesai"), r["tanggal_selesai"].isoformat(),
                           "u.end_before_start"))
    if kind == "enterprises":
        if r.get("tanggal_graduasi") and not r.get("graduasi", False):
            out.append(Problem(row_no, _header_of(hm, table, "graduasi"), "", "u.graduation_date_without"))
        if ("lintang" in r) != ("bujur" in r):
            out.append(Problem(row_no, _header_of(hm, table, "lintang"), "", "u.half_coordinate"))
    return out


_NATURAL_KEYS = {"roster": ("id_pendamping",), "batches": ("angkatan",),
                 "participants": ("id_pendamping", "angkatan"), "enterprises": ("id_usaha",)}


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
            out.append(Problem(r["_row"], _header_of(hm, table, keys[0]), " / ".join(map(str, key)),
                               "u.duplicate", {"first": seen[key]}))
        else:
            seen[key] = r["_row"]
    if kind in ("batches", "participants"):
        wave_of: dict[int, tuple[int, int]] = {}
        for r in records:
            if "angkatan" in r and "gelombang" in r:
                first = wave_of.setdefault(r["angkatan"], (r["gelombang"], r["_row"]))
                if first[0] != r["gelombang"]:
                    out.append(Problem(r["_row"], _header_of(hm, table, "gelombang"), str(r["gelombang"]),
                                       "u.batch_two_waves", {"batch": r["angkatan"], "wave": first[0],
                                                              "first": first[1]}))
    return out
