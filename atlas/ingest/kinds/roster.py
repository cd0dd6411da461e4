"""Daftar Pendamping: the facilitators, one row each, keyed by their official id."""

from __future__ import annotations

from dataclasses import dataclass

from atlas.ingest.kinds.base import FACILITATOR_ID, REGENCY, Column, Kind, Problem, References


@dataclass(frozen=True)
class Roster(Kind):
    def rows(
        self, records: list[dict], refs: References, header: dict[str, str]
    ) -> tuple[list[dict], list[Problem]]:
        rows = [
            {
                "official_id": r["id_pendamping"],
                "name": r["nama"],
                "sex": r.get("jenis_kelamin"),
                "regency_code": r["kabupaten_kota"],
                "role": r.get("jabatan", "Pendamping Sosial"),
                "joined_date": r.get("tanggal_bergabung"),
                "_row": r["_row"],
            }
            for r in records
        ]
        return rows, []


KIND = Roster(
    name="roster",
    title="Daftar Pendamping",
    columns=(
        Column("id_pendamping", True, FACILITATOR_ID, text=True, example="PD34040001"),
        Column("nama", True, ("nama pendamping", "nama lengkap", "name"), example="Sri Lestari"),
        Column(
            "jenis_kelamin",
            False,
            ("jk", "l/p", "sex", "gender", "jenis kelamin"),
            example="P",
            choices="sex",
        ),
        Column("kabupaten_kota", True, REGENCY, example="Kabupaten Sleman"),
        Column("provinsi", False, ("prov", "province"), example="DI Yogyakarta"),
        Column(
            "jabatan",
            False,
            ("peran", "role", "posisi"),
            example="Pendamping Sosial",
            choices="role",
        ),
        Column(
            "tanggal_bergabung",
            False,
            ("tgl bergabung", "mulai tugas", "joined", "tmt"),
            example="04/01/2016",
        ),
    ),
    row_noun="pendamping",
    table="facilitator",
    key=("official_id",),
    file_key=("id_pendamping",),
)
