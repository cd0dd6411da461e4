"""Usaha KPM: household enterprises, keyed by their code (``id_usaha``, or one made from the
household's NIK and the enterprise's name). A NIK is stored only as a keyed hash and a mask;
rows keyed by a NIK are counted so that their outcome tells nothing of it."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from atlas.core.privacy import mask_id, nik_hash
from atlas.ingest.kinds.base import (
    FACILITATOR_ID,
    LATITUDE,
    LONGITUDE,
    REGENCY,
    Column,
    Kind,
    Problem,
    References,
    unknown_facilitator,
)
from atlas.ingest.values import key_form


def enterprise_code(kpm_hash: str, name: str, key: bytes) -> str:
    """The code of an enterprise imported without ``id_usaha``: the same household and name
    give the same code (a file uploaded again updates its rows), but nothing of the
    household's hash shows in it — the code was ``USH-<hash[:12]>-<NAME>``, which tied a
    household's enterprises together for anyone who saw two codes."""
    label = key_form(name)[:20].upper()
    digest = hmac.new(key, f"usaha|{kpm_hash}|{label}".encode(), "sha256").hexdigest()
    return f"USH-{digest[:16].upper()}"


def _row(r: dict, facilitator: int | None, key: bytes) -> dict:
    digest = nik_hash(r["id_kpm"], key)
    return {
        "enterprise_code": r.get("id_usaha") or enterprise_code(digest, r["nama_usaha"], key),
        "kpm_hash": digest,
        "kpm_masked": mask_id(r["id_kpm"]),
        "name": r["nama_usaha"],
        "sector": r["sektor"],
        "status": r.get("status_usaha", "rintisan"),
        "regency_code": r["kabupaten_kota"],
        "district_code": r.get("kecamatan"),  # resolved in the check
        "facilitator_id": facilitator,
        "monthly_turnover": r.get("omzet_bulanan"),
        "workers": r.get("tenaga_kerja"),
        "start_date": r.get("tanggal_mulai"),
        "graduated": bool(r.get("graduasi", False)),
        "graduation_date": r.get("tanggal_graduasi"),
        "lat": r.get("lintang"),
        "lon": r.get("bujur"),
        "_row": r["_row"],
    }


@dataclass(frozen=True)
class Enterprises(Kind):
    def rows(
        self, records: list[dict], refs: References, header: dict[str, str]
    ) -> tuple[list[dict], list[Problem]]:
        rows, problems = [], []
        for r in records:
            official = r.get("id_pendamping")
            facilitator = refs.facilitators.get(official) if official else None
            if official and facilitator is None:
                problems.append(unknown_facilitator(r, header))
            else:
                rows.append(_row(r, facilitator, refs.key))
        return rows, problems

    def row_problems(self, r: dict, header: dict[str, str]) -> list[Problem]:
        out = []
        if r.get("tanggal_graduasi") and not r.get("graduasi", False):
            out.append(Problem(r["_row"], header["graduasi"], "", "u.graduation_date_without"))
        if ("lintang" in r) != ("bujur" in r):
            out.append(Problem(r["_row"], header["lintang"], "", "u.half_coordinate"))
        return out

    def place_problems(self, records: list[dict], header: dict[str, str]) -> list[Problem]:
        """An enterprise whose coordinates lie outside its own regency is refused (the point
        or the regency is wrong, and the map would show it in the wrong place); checked
        against the boundaries, with ~2 km of tolerance for their generalised outlines."""
        # Imported here: the columns above are read by the upload's reading child process,
        # which has no use for the boundaries.
        from geo import boundaries

        located = [r for r in records if "lintang" in r and "bujur" in r and "kabupaten_kota" in r]
        if not located:
            return []
        try:
            ok = boundaries.inside(
                "regency",
                [r["kabupaten_kota"] for r in located],
                [r["lintang"] for r in located],
                [r["bujur"] for r in located],
            )
        except boundaries.BoundariesMissing:
            return []
        return [
            Problem(
                r["_row"],
                header["lintang"],
                f"{r['lintang']}, {r['bujur']}",
                "u.outside_regency",
                {"code": r["kabupaten_kota"]},
            )
            for r, inside in zip(located, ok)
            if not inside
        ]

    def keyed_by_nik(
        self, records: list[dict], good: list[dict], existing: dict, others: set[int]
    ) -> set[int]:
        """Rows without ``id_usaha`` (their key comes from the household's NIK) whose outcome
        would tell whether that NIK has this enterprise: new, or matching a row someone else
        imported. Rows matching the person's own earlier rows say nothing they do not know."""
        keyless = {r["_row"] for r in records if not r.get("id_usaha")}
        return {
            r["_row"]
            for r in good
            if r["_row"] in keyless
            and (
                (old := existing.get((r["enterprise_code"],))) is None
                or old["import_run_id"] in others
            )
        }

    def insert_order(self, rows: list[dict]) -> list[dict]:
        # In facilitator order: the facilitator index of a large table then takes them in one
        # sweep instead of at random places (100.000 rows into 5 million on SQLite: 1,5 ->
        # 1,25 s). Their ids follow that order, not the file's.
        return sorted(rows, key=lambda r: r["facilitator_id"] or 0)


KIND = Enterprises(
    name="enterprises",
    title="Usaha KPM",
    columns=(
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
        Column(
            "sektor",
            True,
            ("jenis usaha", "bidang usaha", "sector"),
            example="kuliner",
            choices="sector",
        ),
        Column(
            "status_usaha",
            False,
            ("status", "kondisi usaha"),
            example="berkembang",
            choices="enterprise_status",
        ),
        Column("kabupaten_kota", True, REGENCY, example="Kabupaten Sleman"),
        Column("kecamatan", False, ("district", "kec"), example="Gamping"),
        Column("id_pendamping", False, FACILITATOR_ID, text=True, example="PD34040001"),
        Column(
            "omzet_bulanan",
            False,
            ("omzet", "omset", "omset bulanan", "turnover", "pendapatan"),
            example="Rp 1.500.000",
        ),
        Column("tenaga_kerja", False, ("jumlah tenaga kerja", "pekerja", "workers"), example="2"),
        Column("tanggal_mulai", False, ("tgl mulai", "mulai usaha", "start"), example="01/03/2019"),
        Column(
            "graduasi",
            False,
            ("status graduasi", "graduated", "sudah graduasi"),
            example="tidak",
            choices="yes_no",
        ),
        Column("tanggal_graduasi", False, ("tgl graduasi", "graduation date"), example=""),
        Column("lintang", False, LATITUDE, example="-7.72"),
        Column("bujur", False, LONGITUDE, example="110.36"),
    ),
    row_noun="usaha",
    table="enterprise",
    key=("enterprise_code",),
    file_key=("id_usaha",),
    needs=("facilitators",),
)
