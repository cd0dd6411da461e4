"""Peserta Diklat: who took part in which batch, keyed by facilitator and batch; both must
exist already (the roster and the batch schedule come first)."""

from __future__ import annotations

from dataclasses import dataclass

from atlas.ingest.kinds.base import (
    FACILITATOR_ID,
    REGENCY,
    Column,
    Kind,
    Problem,
    References,
    batch_waves,
    unknown_facilitator,
)


@dataclass(frozen=True)
class Participants(Kind):
    def rows(
        self, records: list[dict], refs: References, header: dict[str, str]
    ) -> tuple[list[dict], list[Problem]]:
        rows, problems = [], []
        for r in records:
            found = self._references(r, refs, header)
            if isinstance(found, list):
                problems += found
                continue
            facilitator, batch = found
            rows.append(
                {
                    "facilitator_id": facilitator,
                    "batch_id": batch,
                    "status": r.get("status", "terdaftar"),
                    "pre_score": r.get("nilai_pre"),
                    "post_score": r.get("nilai_post"),
                    "_row": r["_row"],
                }
            )
        return rows, problems

    @staticmethod
    def _references(r: dict, refs: References, header: dict[str, str]):
        """(facilitator id, batch id), or the problems of the row's references."""
        problems = []
        if r["id_pendamping"] not in refs.facilitators:
            problems.append(unknown_facilitator(r, header))
        batch = refs.batches.get(r["angkatan"])
        if batch is None:
            column, value = header["angkatan"], str(r["angkatan"])
            problems.append(Problem(r["_row"], column, value, "u.unknown_batch"))
        elif batch[1] != r["gelombang"]:
            params = {"batch": r["angkatan"], "wave": batch[1]}
            column, value = header["gelombang"], str(r["gelombang"])
            problems.append(Problem(r["_row"], column, value, "u.wrong_wave", params))
        return problems or (refs.facilitators[r["id_pendamping"]], batch[0])

    def file_problems(self, records: list[dict], header: dict[str, str]) -> list[Problem]:
        return batch_waves(records, header)

    def enrolled(self, new: list[dict]) -> list[int]:
        # A participants file moves the facilitators it enrols to a new current batch.
        return [r["facilitator_id"] for r in new]


KIND = Participants(
    name="participants",
    title="Peserta Diklat",
    columns=(
        Column("id_pendamping", True, FACILITATOR_ID, text=True, example="PD34040001"),
        Column("nama", False, ("nama peserta", "nama pendamping", "name"), example="Sri Lestari"),
        Column("kabupaten_kota", False, REGENCY, example="Kabupaten Sleman"),
        Column("gelombang", True, ("wave", "gel"), example="IX"),
        Column("angkatan", True, ("no angkatan", "batch"), example="113"),
        Column(
            "status",
            False,
            ("status kelulusan", "kelulusan", "hasil"),
            example="lulus",
            choices="training_status",
        ),
        Column("nilai_pre", False, ("pre test", "pretest", "nilai pretest", "pre"), example="62,5"),
        Column(
            "nilai_post", False, ("post test", "posttest", "nilai posttest", "post"), example="84"
        ),
    ),
    row_noun="peserta",
    table="training",
    key=("facilitator_id", "batch_id"),
    file_key=("id_pendamping", "angkatan"),
    needs=("facilitators", "batches"),
)
