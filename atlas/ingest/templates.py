"""Downloadable xlsx templates: Indonesian headers, a "Petunjuk" sheet, dropdowns for the
closed lists and regions, ID/NIK/code columns formatted as text."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from atlas.core import areas
from atlas.core.filters import to_roman
from atlas.ingest.kinds import KINDS, Kind
from atlas.ingest.values import ALLOWED

ROWS = 2000  # rows that carry the dropdowns and text format

HELP = {
    "id_pendamping": "ID pendamping dari e-PKH/SIKS-NG. Ditulis sebagai teks.",
    "nama": "Nama lengkap.",
    "jenis_kelamin": "L atau P.",
    "kabupaten_kota": "Nama (mis. Kabupaten Sleman, Kota Yogyakarta) atau kode (34.04). Pilih dari daftar.",
    "provinsi": "Nama provinsi; membantu membedakan nama kabupaten/kota yang mirip.",
    "jabatan": "Pilih dari daftar jabatan.",
    "tanggal_bergabung": "Tanggal, mis. 04/01/2016 atau 4 Januari 2016.",
    "angkatan": "Nomor angkatan, mis. 113.",
    "gelombang": "I–XI (atau 1–11).",
    "tanggal_mulai": "Tanggal mulai, mis. 16/10/2020.",
    "tanggal_selesai": "Tanggal selesai, tidak boleh sebelum tanggal mulai.",
    "moda": "daring, luring atau campuran.",
    "tempat": "Tempat pelaksanaan.",
    "lintang": "Lintang (desimal, mis. -7,78). Kosongkan bila tidak ada.",
    "bujur": "Bujur (desimal, mis. 110,37). Isi bersama lintang.",
    "status": "terdaftar, lulus, tidak lulus atau mengundurkan diri.",
    "nilai_pre": "Nilai pre-test 0–100.",
    "nilai_post": "Nilai post-test 0–100.",
    "id_usaha": "Kode usaha (bila ada). Ditulis sebagai teks.",
    "id_kpm": (
        "NIK pengurus KPM (16 digit) ATAU ID KPM dari program, mis. dari e-PKH/DTKS "
        "(P3404-000123: 3–40 huruf, angka, titik, tanda hubung atau garis miring). DITULIS "
        "SEBAGAI TEKS: Excel merusak angka 16 digit, dan sel angka ditolak. 15–17 digit dibaca "
        "sebagai NIK dan harus tepat 16 digit. Besar-kecil huruf ID tidak dibedakan. Keduanya "
        "disimpan tersandi (hash berkunci dan bentuk tersamar), tidak pernah apa adanya. ID "
        "yang sama pada impor berikutnya memperbarui usaha yang sama."
    ),
    "nama_usaha": "Nama usaha.",
    "sektor": "Pilih dari daftar sektor.",
    "status_usaha": "rintisan, berkembang, mandiri atau tidak aktif.",
    "kecamatan": "Nama kecamatan di kabupaten/kota itu (boleh kosong).",
    "omzet_bulanan": "Omzet per bulan, mis. Rp 1.500.000 atau 1500000.",
    "tenaga_kerja": "Jumlah tenaga kerja (bilangan bulat).",
    "graduasi": "ya atau tidak.",
    "tanggal_graduasi": "Tanggal graduasi bila graduasi = ya.",
}
WAVES = tuple(to_roman(i) for i in range(1, 12))  # the wave column's dropdown


def _example(col) -> str:
    # "{office}": the training centre of this deployment's area (the batches' venue).
    return col.example.replace("{office}", areas.current().office)


def _lists(kind: Kind) -> dict[str, tuple[str, ...]]:
    """The dropdown of each column with a closed list (``values.ALLOWED``, which the checks
    read too), and of the wave column."""
    lists = {c.name: ALLOWED[c.choices] for c in kind.columns if c.choices}
    return lists | ({"gelombang": WAVES} if "gelombang" in {c.name for c in kind.columns} else {})


def build(kind: str, regions: pd.DataFrame) -> bytes:
    spec = KINDS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    lists = wb.create_sheet("Daftar")
    lists.sheet_state = "hidden"
    regency_names = list(regions[regions.level == "regency"].name)
    province_names = list(regions[regions.level == "province"].name)
    columns = {
        "kabupaten_kota": regency_names,
        "provinsi": province_names,
        **{k: list(v) for k, v in _lists(spec).items()},
    }
    list_ranges = {}
    for j, (name, items) in enumerate(columns.items(), start=1):
        letter = get_column_letter(j)
        lists.cell(row=1, column=j, value=name)
        for i, item in enumerate(items, start=2):
            lists.cell(row=i, column=j, value=item)
        list_ranges[name] = f"Daftar!${letter}$2:${letter}${len(items) + 1}"

    head_fill = PatternFill("solid", fgColor="1D6FA5")
    for j, col in enumerate(spec.columns, start=1):
        cell = ws.cell(row=1, column=j, value=col.name)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = head_fill
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = max(14, len(col.name) + 4)
        if col.text:
            for i in range(2, ROWS + 2):
                ws.cell(row=i, column=j).number_format = "@"
        if col.name in list_ranges:
            dv = DataValidation(
                type="list",
                formula1=f"={list_ranges[col.name]}",
                allow_blank=True,
                showErrorMessage=col.name not in ("kabupaten_kota",),
                errorTitle="Pilihan tidak ada",
                error="Pilih dari daftar.",
            )
            dv.add(f"{letter}2:{letter}{ROWS + 1}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"

    guide = wb.create_sheet("Petunjuk", 0)
    guide.append([f"Templat {spec.title} — PKH Atlas"])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append(
        [
            (
                "Isi lembar “Data” mulai baris 2. Kolom bertanda wajib harus diisi. Satu baris = satu "
                f"{spec.row_noun}."
            )
        ]
    )
    guide.append([])
    guide.append(["Kolom", "Wajib", "Penjelasan", "Contoh"])
    for c in guide[4]:
        c.font = Font(bold=True)
    for col in spec.columns:
        guide.append(
            [col.name, "wajib" if col.required else "", HELP.get(col.name, ""), _example(col)]
        )
    for letter, width in zip("ABCD", (20, 8, 80, 24)):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=5):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    wb.active = wb.sheetnames.index("Data")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
