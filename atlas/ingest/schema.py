"""The four spreadsheet kinds (docs/DOMAIN.md, "Spreadsheet contracts"): their columns, the header
synonyms people use, and detecting the kind from a header row."""

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

    def spellings(self) -> set[str]:
        return {key_form(self.name), *(key_form(s) for s in self.synonyms)}


@dataclass(frozen=True)
class Kind:
    name: str
    title: str  # Indonesian name of the sheet
    columns: tuple[Column, ...] = field(default_factory=tuple)

    def by_key(self) -> dict[str, Column]:
        return {k: c for c in self.columns for k in c.spellings()}


_REGENCY = (
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
_FACILITATOR_ID = (
    "id pendamping",
    "id_pendamping",
    "nomor pendamping",
    "no pendamping",
    "kode pendamping",
    "facilitator id",
    "nip",
)

KINDS: dict[str, Kind] = {
    "roster": Kind(
        "roster",
        "Daftar Pendamping",
        (
            Column("id_pendamping", True, _FACILITATOR_ID, text=True, example="PD34040001"),
            Column(
                "nama", True, ("nama pendamping", "nama lengkap", "name"), example="Sri Lestari"
            ),
            Column(
                "jenis_kelamin", False, ("jk", "l/p", "sex", "gender", "jenis kelamin"), example="P"
            ),
            Column("kabupaten_kota", True, _REGENCY, example="Kabupaten Sleman"),
            Column("provinsi", False, ("prov", "province"), example="DI Yogyakarta"),
            Column("jabatan", False, ("peran", "role", "posisi"), example="Pendamping Sosial"),
            Column(
                "tanggal_bergabung",
                False,
                ("tgl bergabung", "mulai tugas", "joined", "tmt"),
                example="04/01/2016",
            ),
        ),
    ),
    "batches": Kind(
        "batches",
        "Jadwal Angkatan",
        (
            Column("angkatan", True, ("no angkatan", "nomor angkatan", "batch"), example="113"),
            Column("gelombang", True, ("wave", "gel"), example="IX"),
            Column(
                "tanggal_mulai",
                True,
                ("tgl mulai", "mulai", "start", "start date"),
                example="16/10/2020",
            ),
            Column(
                "tanggal_selesai",
                True,
                ("tgl selesai", "selesai", "end", "end date"),
                example="27/10/2020",
            ),
            Column("moda", False, ("mode", "metode"), example="daring"),
            Column(
                "tempat",
                False,
                ("lokasi", "venue", "tempat pelaksanaan"),
                example="BBPPKS Yogyakarta",
            ),
            Column("lintang", False, ("latitude", "lat"), example="-7.78"),
            Column("bujur", False, ("longitude", "lon", "lng", "long"), example="110.37"),
        ),
    ),
    "participants": Kind(
        "participants",
        "Peserta Diklat",
        (
            Column("id_pendamping", True, _FACILITATOR_ID, text=True, example="PD34040001"),
            Column(
                "nama", False, ("nama peserta", "nama pendamping", "name"), example="Sri Lestari"
            ),
            Column("kabupaten_kota", False, _REGENCY, example="Kabupaten Sleman"),
            Column("gelombang", True, ("wave", "gel"), example="IX"),
            Column("angkatan", True, ("no angkatan", "batch"), example="113"),
            Column("status", False, ("status kelulusan", "kelulusan", "hasil"), example="lulus"),
            Column(
                "nilai_pre", False, ("pre test", "pretest", "nilai pretest", "pre"), example="62,5"
            ),
            Column(
                "nilai_post",
                False,
                ("post test", "posttest", "nilai posttest", "post"),
                example="84",
            ),
        ),
    ),
    "enterprises": Kind(
        "enterprises",
        "Usaha KPM",
        (
            Column(
                "id_usaha",
                False,
                ("kode usaha", "no usaha", "enterprise id"),
                text=True,
                example="USH-3404-0000001",
            ),
            Column(
                "id_kpm",
                True,
                ("nik", "nik kpm", "nik pengurus", "id kpm", "kpm id", "id kpm program"),
                text=True,
                example="3404014508900001",
            ),
            Column(
                "nama_usaha",
                True,
                ("nama usaha kpm", "usaha", "business name"),
                example="Warung Bu Sri",
            ),
            Column("sektor", True, ("jenis usaha", "bidang usaha", "sector"), example="kuliner"),
            Column("status_usaha", False, ("status", "kondisi usaha"), example="berkembang"),
            Column("kabupaten_kota", True, _REGENCY, example="Kabupaten Sleman"),
            Column("kecamatan", False, ("district", "kec"), example="Gamping"),
            Column("id_pendamping", False, _FACILITATOR_ID, text=True, example="PD34040001"),
            Column(
                "omzet_bulanan",
                False,
                ("omzet", "omset", "omset bulanan", "turnover", "pendapatan"),
                example="Rp 1.500.000",
            ),
            Column(
                "tenaga_kerja", False, ("jumlah tenaga kerja", "pekerja", "workers"), example="2"
            ),
            Column(
                "tanggal_mulai", False, ("tgl mulai", "mulai usaha", "start"), example="01/03/2019"
            ),
            Column(
                "graduasi",
                False,
                ("status graduasi", "graduated", "sudah graduasi"),
                example="tidak",
            ),
            Column("tanggal_graduasi", False, ("tgl graduasi", "graduation date"), example=""),
            Column("lintang", False, ("latitude", "lat"), example="-7.72"),
            Column("bujur", False, ("longitude", "lon", "lng", "long"), example="110.36"),
        ),
    ),
}


@dataclass
class HeaderMap:
    kind: Kind
    columns: dict[int, Column]  # position in the file -> column
    unknown: list[tuple[int, str]]  # headers nobody recognised
    missing: list[Column]  # required columns not found


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
