"""Jadwal Angkatan: the training batches, keyed by their number; a commit brings the waves'
dates up to date with their batches."""

from __future__ import annotations

from dataclasses import dataclass

from atlas.ingest.kinds.base import (
    LATITUDE,
    LONGITUDE,
    Column,
    Kind,
    Problem,
    References,
    batch_waves,
)

BATCH_DAYS = 366  # a batch is a course of days or weeks; longer is a typing error


@dataclass(frozen=True)
class Batches(Kind):
    def rows(
        self, records: list[dict], refs: References, header: dict[str, str]
    ) -> tuple[list[dict], list[Problem]]:
        rows = [
            {
                "number": r["angkatan"],
                "wave_number": r["gelombang"],
                "start_date": r["tanggal_mulai"],
                "end_date": r["tanggal_selesai"],
                "mode": r.get("moda", "luring"),
                "venue": r.get("tempat"),
                "venue_lat": r.get("lintang"),
                "venue_lon": r.get("bujur"),
                "_row": r["_row"],
            }
            for r in records
        ]
        return rows, []

    def row_problems(self, r: dict, header: dict[str, str]) -> list[Problem]:
        start, end = r.get("tanggal_mulai"), r.get("tanggal_selesai")
        if start is None or end is None:
            return []
        if end < start:
            return [
                Problem(r["_row"], header["tanggal_selesai"], end.isoformat(), "u.end_before_start")
            ]
        if (end - start).days > BATCH_DAYS:
            params = {"days": (end - start).days, "max": BATCH_DAYS}
            column = header["tanggal_selesai"]
            return [Problem(r["_row"], column, end.isoformat(), "u.batch_too_long", params)]
        return []

    def file_problems(self, records: list[dict], header: dict[str, str]) -> list[Problem]:
        return batch_waves(records, header)


KIND = Batches(
    name="batches",
    title="Jadwal Angkatan",
    columns=(
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
        Column("moda", False, ("mode", "metode"), example="daring", choices="mode"),
        Column("tempat", False, ("lokasi", "venue", "tempat pelaksanaan"), example="{office}"),
        Column("lintang", False, LATITUDE, example="-7.78"),
        Column("bujur", False, LONGITUDE, example="110.37"),
    ),
    row_noun="angkatan",
    table="batch",
    key=("number",),
    file_key=("angkatan",),
    after_commit=("waves",),
    started="tanggal_mulai_batch",
)
