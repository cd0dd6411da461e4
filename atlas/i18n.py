"""Texts in Bahasa Indonesia (default) and English, and locale-aware formatting (babel).

Numbers and dates are formatted by babel, never by hand: 4.371 / 76,8% / 16 Oktober 2020
in Indonesian; 4,371 / 76.8% / 16 October 2020 in English.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

LANGS = ("id", "en")
DEFAULT_LANG = "id"
_LOCALES = {"id": "id_ID", "en": "en_GB"}

MESSAGES: dict[str, dict[str, str]] = {
    # --- filters ---------------------------------------------------------------------
    "filter.wave.bad": {
        "id": "Gelombang “{value}” tidak dikenali. Tulis angka 1–11 atau angka Romawi I–XI, "
        "misalnya IX, I-VIII atau 1,3,5.",
        "en": "Wave “{value}” is not understood. Use 1–11 or Roman numerals I–XI, "
        "e.g. IX, I-VIII or 1,3,5.",
    },
    "filter.wave.range": {
        "id": "Gelombang “{value}” di luar rentang: program ini punya gelombang I–XI.",
        "en": "Wave “{value}” is out of range: this programme has waves I–XI.",
    },
    "filter.wave.reversed": {
        "id": "Rentang gelombang “{value}” terbalik; tulis dari yang kecil, misalnya I-VIII.",
        "en": "Wave range “{value}” is reversed; write the smaller first, e.g. I-VIII.",
    },
    "filter.wave.empty": {
        "id": "Gelombang kosong (“{value}”). Contoh: IX atau I-VIII.",
        "en": "No wave given (“{value}”). Example: IX or I-VIII.",
    },
    "filter.batch.bad": {
        "id": "Angkatan “{value}” tidak dikenali. Tulis nomor angkatan, misalnya 113-126 atau 5,7.",
        "en": "Batch “{value}” is not understood. Use batch numbers, e.g. 113-126 or 5,7.",
    },
    "filter.batch.range": {
        "id": "Nomor angkatan “{value}” di luar rentang yang wajar.",
        "en": "Batch number “{value}” is out of range.",
    },
    "filter.batch.reversed": {
        "id": "Rentang angkatan “{value}” terbalik; tulis dari yang kecil, misalnya 113-126.",
        "en": "Batch range “{value}” is reversed; write the smaller first, e.g. 113-126.",
    },
    "filter.batch.empty": {
        "id": "Angkatan kosong (“{value}”). Contoh: 113-126.",
        "en": "No batch given (“{value}”). Example: 113-126.",
    },
    "filter.province.bad": {
        "id": "Kode provinsi “{value}” tidak dikenal. Kode yang berlaku: {codes}.",
        "en": "Province code “{value}” is unknown. Valid codes: {codes}.",
    },
    "filter.province.empty": {
        "id": "Provinsi kosong (“{value}”). Contoh: 34,35.",
        "en": "No province given (“{value}”). Example: 34,35.",
    },
    "filter.date.bad": {
        "id": "Tanggal “{value}” tidak dikenali. Tulis TTTT-BB-HH atau HH/BB/TTTT, "
        "misalnya 2020-10-16.",
        "en": "Date “{value}” is not understood. Use YYYY-MM-DD or DD/MM/YYYY, e.g. 2020-10-16.",
    },
    "filter.url_notice": {
        "id": "Sebagian alamat tautan tidak dapat dipakai dan diabaikan: {problems}",
        "en": "Part of the link could not be used and was ignored: {problems}",
    },
    # --- app chrome ------------------------------------------------------------------
    "app.title": {"id": "PKH Atlas", "en": "PKH Atlas"},
    "app.subtitle": {
        "id": "Jangkauan Diklat P2K2/FDS pendamping PKH dan usaha KPM — wilayah kerja "
        "BBPPKS Yogyakarta",
        "en": "Reach of PKH facilitator training (Diklat P2K2/FDS) and KPM enterprises — "
        "working area of BBPPKS Yogyakarta",
    },
    "nav.map": {"id": "Peta", "en": "Map"},
    "nav.about": {"id": "Tentang data", "en": "About the data"},
    "nav.language": {"id": "Bahasa", "en": "Language"},
    "demo.banner": {
        "id": "Data contoh (ilustratif), disusun agar sesuai dengan angka berita BBPPKS "
        "Yogyakarta 16 Oktober 2020. Bukan data pendamping atau KPM yang sebenarnya.",
        "en": "Illustrative demo data, built to match the figures of the BBPPKS Yogyakarta "
        "article of 16 October 2020. Not real facilitators or families.",
    },
    "freshness": {
        "id": "Per {as_of} · impor terakhir: {last_import}",
        "en": "As of {as_of} · last import: {last_import}",
    },
    "freshness.none": {"id": "belum ada", "en": "none yet"},
    # --- filters sidebar ---------------------------------------------------------------
    "f.header": {"id": "Saring", "en": "Filter"},
    "f.waves": {"id": "Gelombang", "en": "Wave (gelombang)"},
    "f.waves.help": {
        "id": "Kosong = semua gelombang.",
        "en": "Empty = all waves.",
    },
    "f.batches": {"id": "Angkatan", "en": "Batch (angkatan)"},
    "f.batches.help": {
        "id": "Nomor angkatan, misalnya 113-126 atau 5,7. Kosong = semua.",
        "en": "Batch numbers, e.g. 113-126 or 5,7. Empty = all.",
    },
    "f.provinces": {"id": "Provinsi", "en": "Province"},
    "f.provinces.help": {"id": "Kosong = keenam provinsi.", "en": "Empty = all six provinces."},
    "f.as_of": {"id": "Per tanggal", "en": "As of"},
    "f.as_of.help": {
        "id": "Angkatan yang selesai sebelum tanggal ini dihitung telah dilatih; yang sedang "
        "berjalan dihitung sedang diklat; yang belum mulai dihitung rencana.",
        "en": "Batches that ended before this date count as trained; running batches as in "
        "training; batches not yet started as planned.",
    },
    "f.reset": {"id": "Atur ulang", "en": "Reset"},
    "f.all": {"id": "Semua", "en": "All"},
    # --- figures ---------------------------------------------------------------------
    "m.roster": {"id": "Target pendamping", "en": "Facilitator target"},
    "m.roster.help": {
        "id": "Jumlah pendamping PKH dalam daftar (roster) wilayah terpilih: sasaran diklat.",
        "en": "PKH facilitators on the roster of the selected area: the training target.",
    },
    "m.participants": {"id": "Peserta terpilih", "en": "Selected participants"},
    "m.trained": {"id": "Telah dilatih", "en": "Trained"},
    "m.trained.help": {
        "id": "Peserta angkatan yang telah selesai pada tanggal acuan (tidak termasuk yang "
        "tidak lulus atau mengundurkan diri).",
        "en": "Participants of batches finished by the as-of date (excluding those who failed "
        "or withdrew).",
    },
    "m.in_training": {"id": "Sedang diklat", "en": "In training"},
    "m.planned": {"id": "Rencana", "en": "Planned"},
    "m.batches": {"id": "Angkatan", "en": "Batches"},
    "m.waves": {"id": "Gelombang", "en": "Waves"},
    "m.enterprises": {"id": "Usaha KPM", "en": "KPM enterprises"},
    "m.enterprises_active": {"id": "Usaha aktif", "en": "Active enterprises"},
    "m.coverage": {"id": "Cakupan", "en": "Coverage"},
    "m.of_target": {"id": "{pct} dari target", "en": "{pct} of target"},
    # --- map ---------------------------------------------------------------------------
    "map.metric": {"id": "Tampilkan di peta", "en": "Show on the map"},
    "map.metric.trained": {"id": "Pendamping telah dilatih (jumlah)", "en": "Facilitators trained (count)"},
    "map.metric.coverage": {"id": "Cakupan diklat (% roster)", "en": "Training coverage (% of roster)"},
    "map.metric.participants": {"id": "Peserta terpilih (jumlah)", "en": "Selected participants (count)"},
    "map.legend.nodata": {"id": "Tidak ada data", "en": "No data"},
    "map.legend.zero": {"id": "0 (nihil)", "en": "0 (none)"},
    "map.legend.method.quantiles": {"id": "kuantil", "en": "quantiles"},
    "map.legend.classes": {"id": "{n} kelas, metode {method}", "en": "{n} classes, {method}"},
    "map.tooltip.roster": {"id": "Roster", "en": "Roster"},
    "map.tooltip.trained": {"id": "Telah dilatih", "en": "Trained"},
    "map.tooltip.participants": {"id": "Peserta terpilih", "en": "Selected participants"},
    "map.tooltip.coverage": {"id": "Cakupan", "en": "Coverage"},
    "map.caption": {
        "id": "Peta kabupaten/kota. Tanpa latar peta internet: batas wilayah digambar dari "
        "berkas lokal.",
        "en": "Regency map. No internet background: boundaries are drawn from local files.",
    },
    "map.table": {"id": "Tabel per kabupaten/kota", "en": "Table by regency"},
    "map.col.code": {"id": "Kode", "en": "Code"},
    "map.col.name": {"id": "Kabupaten/Kota", "en": "Regency"},
    "map.col.province": {"id": "Provinsi", "en": "Province"},
    "attribution": {
        "id": "Batas wilayah: cahyadsn/wilayah_boundaries (MIT), kode wilayah: cahyadsn/wilayah "
        "(MIT), Kepmendagri No 300.2.2-2138 Tahun 2025",
        "en": "Boundaries: cahyadsn/wilayah_boundaries (MIT), region codes: cahyadsn/wilayah "
        "(MIT), Kepmendagri No 300.2.2-2138 Tahun 2025",
    },
    # --- problems --------------------------------------------------------------------
    "err.boundaries_missing": {
        "id": "Berkas batas wilayah belum terpasang di {path}. Jalankan `python -m atlas setup` "
        "(atau `./run.sh`) untuk memasangnya dari {source}.",
        "en": "The boundary files are not installed in {path}. Run `python -m atlas setup` "
        "(or `./run.sh`) to install them from {source}.",
    },
    "err.db_empty": {
        "id": "Basis data belum disiapkan. Jalankan `python -m atlas setup` untuk membuat "
        "skema dan memuat data contoh.",
        "en": "The database is not set up. Run `python -m atlas setup` to create the schema "
        "and load the demo data.",
    },
    "err.db_unavailable": {
        "id": "Basis data tidak dapat dihubungi: {detail}",
        "en": "The database cannot be reached: {detail}",
    },
    # --- about page ------------------------------------------------------------------
    "about.title": {"id": "Tentang data", "en": "About the data"},
}


def t(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**params) if params else text


def normalise_lang(value: str | None) -> str:
    return value if value in LANGS else DEFAULT_LANG


def fmt_int(value: float | int | None, lang: str = DEFAULT_LANG) -> str:
    if value is None:
        return "–"
    return format_decimal(round(value), locale=_LOCALES[lang])


def fmt_num(value: float | None, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    if value is None:
        return "–"
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=_LOCALES[lang])


def fmt_pct(fraction: float | None, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """A fraction (0.768) as a percentage (76,8%)."""
    if fraction is None:
        return "–"
    pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
    return format_percent(fraction, format=pattern, locale=_LOCALES[lang])


def fmt_date(value: date | None, lang: str = DEFAULT_LANG) -> str:
    if value is None:
        return "–"
    return format_date(value, format="d MMMM y", locale=_LOCALES[lang])


def fmt_date_short(value: date, lang: str = DEFAULT_LANG) -> str:
    """``16 Okt 2020`` / ``16 Oct 2020``."""
    return format_date(value, format="d MMM y", locale=_LOCALES[lang])


def fmt_datetime(value: datetime | None, lang: str = DEFAULT_LANG) -> str:
    if value is None:
        return "–"
    return format_datetime(value, format="d MMMM y HH.mm" if lang == "id" else "d MMMM y HH:mm",
                           locale=_LOCALES[lang])
