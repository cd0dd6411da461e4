"""Texts in Bahasa Indonesia (default) and English, and locale-aware formatting (babel).

Numbers and dates are formatted by babel, never by hand: 4.371 / 76,8% / 16 Oktober 2020
in Indonesian; 4,371 / 76.8% / 16 October 2020 in English.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import numpy as np
import pandas as pd
from babel import Locale
from babel.dates import format_date, format_datetime, format_interval
from babel.numbers import format_compact_decimal, format_decimal, format_percent

LANGS = ("id", "en")
DEFAULT_LANG = "id"
# Parsed once: babel parses a locale named by a string on every call, half the time of
# formatting a number (a map's tooltips format a thousand of them).
_LOCALES = {"id": Locale.parse("id_ID"), "en": Locale.parse("en_GB")}

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
    "filter.sector.bad": {
        "id": "Sektor “{value}” tidak dikenal. Pilihan: {allowed}.",
        "en": "Sector “{value}” is unknown. Choices: {allowed}.",
    },
    "filter.status.bad": {
        "id": "Status usaha “{value}” tidak dikenal. Pilihan: {allowed}.",
        "en": "Enterprise status “{value}” is unknown. Choices: {allowed}.",
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
    "demo.badge": {
        "id": "Data contoh (ilustratif), bukan data sebenarnya",
        "en": "Illustrative demo data, not real",
    },
    "demo.mark": {"id": "Data contoh (ilustratif)", "en": "Sample data (illustrative)"},
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
    "m.coverage_pct": {"id": "Cakupan (%)", "en": "Coverage (%)"},
    "m.graduated": {"id": "KPM graduasi", "en": "Graduated KPM"},
    "m.of_target": {"id": "{pct} dari target", "en": "{pct} of target"},
    "m.active_pct": {"id": "{pct} aktif", "en": "{pct} active"},
    # --- map ---------------------------------------------------------------------------
    "map.metric": {"id": "Tampilkan di peta", "en": "Show on the map"},
    "map.metric.trained": {
        "id": "Pendamping telah dilatih (jumlah)",
        "en": "Facilitators trained (count)",
    },
    "map.metric.coverage": {
        "id": "Cakupan diklat (% roster)",
        "en": "Training coverage (% of roster)",
    },
    "map.metric.participants": {
        "id": "Peserta terpilih (jumlah)",
        "en": "Selected participants (count)",
    },
    "map.legend.nodata": {"id": "Tidak ada data", "en": "No data"},
    "map.legend.zero": {"id": "0 (nihil)", "en": "0 (none)"},
    "map.legend.method.quantiles": {"id": "kuantil", "en": "quantiles"},
    "map.legend.classes": {"id": "{n} kelas, metode {method}", "en": "{n} classes, {method}"},
    "map.tooltip.roster": {"id": "Roster", "en": "Roster"},
    "map.tooltip.trained": {"id": "Telah dilatih", "en": "Trained"},
    "map.tooltip.participants": {"id": "Peserta terpilih", "en": "Selected participants"},
    "map.tooltip.coverage": {"id": "Cakupan", "en": "Coverage"},
    "empty.selection": {
        "id": "Tidak ada peserta diklat maupun usaha KPM untuk pilihan ini. Pilihan ini "
        "dikosongkan oleh **{parts}**: ubah filter itu, atau atur ulang semua filter.",
        "en": "No training participants and no KPM enterprises match this selection. It is "
        "emptied by **{parts}**: change that filter, or reset all filters.",
    },
    "empty.plain": {
        "id": "Tidak ada peserta diklat maupun usaha KPM untuk pilihan ini ({parts}). Ubah "
        "atau hapus saringan itu untuk melihat angkanya.",
        "en": "No training participants and no KPM enterprises match this selection ({parts}). "
        "Change or remove that filter to see figures.",
    },
    "map.without_district": {
        "id": "(tanpa kecamatan)",
        "en": "(no district)",
    },
    "map.without_district_note": {
        "id": "{n} usaha KPM di {regency} tidak mencatat kecamatan, sehingga tidak tergambar di "
        "peta ini; angkanya ada di baris “tanpa kecamatan” pada tabel.",
        "en": "{n} KPM enterprises in {regency} have no recorded district, so this map does not "
        "show them; they are in the “no district” row of the table.",
    },
    "d.without_district": {
        "id": "Termasuk {n} usaha tanpa kecamatan tercatat (tidak tergambar di peta kecamatan).",
        "en": "Includes {n} enterprises with no recorded district (not on the district map).",
    },
    "map.load_failed": {
        "id": "Batas wilayah tidak dapat dimuat; muat ulang halaman",
        "en": "The boundaries could not be loaded; reload the page",
    },
    "map.caption": {
        "id": "Peta {level}. Tanpa latar peta internet: batas wilayah digambar dari berkas lokal.",
        "en": "{level} map. No internet background: boundaries are drawn from local files.",
    },
    "map.table": {
        "id": "Tabel wilayah di peta dan unduhan",
        "en": "Table of the regions on the map, downloads",
    },
    "map.col.code": {"id": "Kode", "en": "Code"},
    "map.col.name": {"id": "Kabupaten/Kota", "en": "Regency"},
    "map.col.province": {"id": "Provinsi", "en": "Province"},
    "attribution": {
        "id": "Batas wilayah: cahyadsn/wilayah_boundaries (MIT), kode wilayah: cahyadsn/wilayah "
        "(MIT), Kepmendagri No 300.2.2-2138 Tahun 2025",
        "en": "Boundaries: cahyadsn/wilayah_boundaries (MIT), region codes: cahyadsn/wilayah "
        "(MIT), Kepmendagri No 300.2.2-2138 Tahun 2025",
    },
    # --- map explorer ------------------------------------------------------------------
    "map.metric.in_training": {"id": "Sedang diklat (jumlah)", "en": "In training (count)"},
    "map.metric.planned": {"id": "Rencana diklat (jumlah)", "en": "Planned (count)"},
    "map.metric.enterprises": {"id": "Usaha KPM (jumlah)", "en": "KPM enterprises (count)"},
    "map.metric.active_share": {"id": "Usaha aktif (%)", "en": "Active enterprises (%)"},
    "map.metric.graduated": {"id": "KPM graduasi (jumlah)", "en": "Graduated KPM (count)"},
    "map.metric.median_turnover": {"id": "Median omzet bulanan", "en": "Median monthly turnover"},
    "map.metric.enterprises_per_trained": {
        "id": "Usaha per pendamping terlatih",
        "en": "Enterprises per trained facilitator",
    },
    "map.legend.method.natural_breaks": {
        "id": "jeda alami (Jenks)",
        "en": "natural breaks (Jenks)",
    },
    "map.legend.method.equal_interval": {"id": "interval sama", "en": "equal interval"},
    "demo.none": {
        "id": "Tidak ada data contoh untuk dihapus.",
        "en": "There is no demo data to remove.",
    },
    "demo.referenced": {
        "id": "Data contoh belum bisa dihapus: {n} baris hasil impor merujuk pendamping atau "
        "angkatan data contoh. Impor dulu daftar pendamping dan jadwal angkatan yang asli, "
        "atau batalkan impor itu, lalu coba lagi.",
        "en": "The demo data cannot be removed yet: {n} imported rows refer to demo "
        "facilitators or batches. Import the real roster and batch schedule first, or undo "
        "those imports, then try again.",
    },
    "demo.replaced": {
        "id": "Data contoh belum bisa dihapus: impor {runs} mengubah baris data contoh, dan "
        "membatalkannya nanti akan mengembalikan nilai contoh. Batalkan impor itu dulu, hapus "
        "data contoh, lalu impor lagi.",
        "en": "The demo data cannot be removed yet: import {runs} changed demo rows, and "
        "undoing it later would bring the demo values back. Undo that import first, remove "
        "the demo data, then import again.",
    },
    "demo.removed": {
        "id": "Data contoh dihapus: {facilitators} pendamping, {batches} angkatan, "
        "{trainings} peserta, {enterprises} usaha. Data hasil impor tetap.",
        "en": "Demo data removed: {facilitators} facilitators, {batches} batches, "
        "{trainings} participants, {enterprises} enterprises. Imported data stays.",
    },
    # Short: under a figure in the briefing's cards, the PDF and the slides; a table header.
    "status.latest_upload": {
        "id": "unggahan {date}",
        "en": "as uploaded {date}",
    },
    "dl.notes": {"id": "Catatan", "en": "Notes"},
    "dl.note.as_of": {"id": "per {as_of}", "en": "as of {as_of}"},
    "status.latest_upload.panel": {
        "id": "Status (aktif) dan omzet usaha per unggahan terakhir, {date}",
        "en": "Enterprise status (active) and turnover as of the latest upload, {date}",
    },
    "status.latest_upload.info": {
        "id": "Jumlah usaha dan KPM graduasi dihitung per {as_of}; status (aktif) dan omzet "
        "usaha tidak punya riwayat, jadi menurut unggahan terakhir ({date}).",
        "en": "Enterprises and graduated KPM are counted as of {as_of}; enterprise status "
        "(active) and turnover have no history, so they are the latest upload's ({date}).",
    },
    "map.legend.median_note": {
        "id": "perkiraan dari kelompok omzet",
        "en": "estimated from turnover bands",
    },
    "map.legend.circles": {
        "id": "luas lingkaran sebanding dengan nilai",
        "en": "circle area proportional to value",
    },
    "map.compare.difference": {"id": "Selisih", "en": "Difference"},
    "map.compare.same": {"id": "sama (selisih 0)", "en": "no change (0)"},
    "map.compare.legend": {
        "id": "biru: {a} lebih tinggi; merah: {b} lebih tinggi",
        "en": "blue: {a} higher; red: {b} higher",
    },
    "map.compare.all_waves": {"id": "semua gelombang", "en": "all waves"},
    "map.compare.waves": {"id": "Gelombang {waves}", "en": "Wave {waves}"},
    "ctl.compare.none": {"id": "Tidak dibandingkan", "en": "No comparison"},
    "ctl.legend_short": {"id": "Legenda & banding", "en": "Legend & compare"},
    "ctl.level": {"id": "Tingkat wilayah", "en": "Level"},
    "ctl.level.province": {"id": "Provinsi", "en": "Province"},
    "ctl.level.regency": {"id": "Kabupaten/Kota", "en": "Regency/City"},
    "ctl.level.district": {"id": "Kecamatan", "en": "District"},
    "ctl.level.district_help": {
        "id": "Pilih satu kabupaten/kota dahulu untuk melihat kecamatannya.",
        "en": "Select a regency first to see its districts.",
    },
    "ctl.root": {"id": "Wilayah kerja (6 provinsi)", "en": "Working area (6 provinces)"},
    "ctl.select": {"id": "Pilih wilayah", "en": "Select a region"},
    "ctl.select.none": {"id": "— tidak ada —", "en": "— none —"},
    "ctl.select.help": {
        "id": "Sama dengan mengeklik wilayah di peta.",
        "en": "The same as clicking on the map.",
    },
    "ctl.legend": {"id": "Legenda", "en": "Legend"},
    "ctl.method": {"id": "Metode klasifikasi", "en": "Classification"},
    "ctl.k": {"id": "Jumlah kelas", "en": "Classes"},
    "ctl.symbol": {"id": "Simbol", "en": "Symbol"},
    "ctl.symbol.area": {"id": "Warna wilayah", "en": "Shaded areas"},
    "ctl.symbol.circles": {"id": "Lingkaran proporsional", "en": "Proportional circles"},
    "ctl.compare": {"id": "Bandingkan dengan gelombang", "en": "Compare with waves"},
    "ctl.compare.help": {
        "id": "Kosong = tanpa perbandingan. Gelombang yang dipilih di filter samping "
        "dibandingkan dengan gelombang ini.",
        "en": "Empty = no comparison. The waves chosen in the sidebar filter are compared "
        "with these.",
    },
    "ctl.compare_mode": {"id": "Tampilan perbandingan", "en": "Comparison view"},
    "ctl.compare_mode.side": {"id": "Berdampingan", "en": "Side by side"},
    "ctl.compare_mode.difference": {"id": "Peta selisih", "en": "Difference map"},
    "ctl.show_districts": {"id": "Lihat per kecamatan", "en": "Show districts"},
    "layer.outlines": {"id": "Batas provinsi", "en": "Province outlines"},
    "layer.outlines_regency": {"id": "Batas kabupaten/kota", "en": "Regency outlines"},
    "layer.venues": {"id": "Tempat diklat (luring)", "en": "Training venues (classroom)"},
    "layer.points": {"id": "Usaha KPM (titik)", "en": "KPM enterprises (points)"},
    "layer.points_note": {
        "id": "Titik usaha: {shown} dari {total} usaha berkoordinat ditampilkan.",
        "en": "Enterprise points: {shown} of {total} enterprises with coordinates shown.",
    },
    "layer.points_hint": {
        "id": "Titik usaha KPM tampil setelah memilih kabupaten/kota atau kecamatan.",
        "en": "KPM enterprise points appear once a regency or district is selected.",
    },
    "venue.batches": {"id": "{n} angkatan", "en": "{n} batches"},
    "venue.participants": {"id": "{n} peserta", "en": "{n} participants"},
    "view.bad": {
        "id": "nilai “{value}” untuk {param} tidak dikenali",
        "en": "value “{value}” for {param} is not understood",
    },
    "view.region.bad": {
        "id": "wilayah “{value}” tidak ada dalam daftar kode wilayah",
        "en": "region “{value}” is not in the list of region codes",
    },
    "view.district_needs_regency": {
        "id": "tingkat kecamatan memerlukan satu kabupaten/kota terpilih",
        "en": "the district level needs a selected regency",
    },
    "view.district_metric": {
        "id": "Data diklat tercatat per kabupaten/kota; di tingkat kecamatan peta menampilkan "
        "data usaha KPM.",
        "en": "Training is recorded per regency; at district level the map shows KPM "
        "enterprise figures.",
    },
    "view.circles_counts": {
        "id": "Lingkaran proporsional hanya untuk jumlah; persentase dan rata-rata ditampilkan "
        "sebagai warna wilayah.",
        "en": "Proportional circles are for counts only; shares and averages are shown as "
        "shaded areas.",
    },
    # --- detail panel ------------------------------------------------------------------
    "d.title": {"id": "Rincian wilayah", "en": "Region detail"},
    "d.hint": {
        "id": "Klik satu wilayah di peta (atau pilih di atas peta) untuk melihat angkatan, "
        "pendamping dan usaha KPM-nya.",
        "en": "Click a region on the map (or choose it above the map) to see its batches, "
        "facilitators and KPM enterprises.",
    },
    "d.batches": {"id": "Angkatan", "en": "Batches"},
    "d.facilitators": {"id": "Pendamping", "en": "Facilitators"},
    "d.enterprises": {"id": "Usaha KPM", "en": "KPM enterprises"},
    "d.trend": {"id": "Tren per gelombang", "en": "Trend across waves"},
    "headline.points": {"id": "poin", "en": "pts"},
    "headline.compared": {
        "id": "Dibandingkan dengan {waves}: di bawah tiap angka, nilainya dan selisihnya",
        "en": "Compared with {waves}: under each figure, its value there and the difference",
    },
    "headline.no_difference": {"id": "selisih —", "en": "difference —"},
    "d.trend.participants": {
        "id": "Peserta diklat per gelombang",
        "en": "Training participants per wave",
    },
    "d.trend.cumulative": {"id": "Telah dilatih, kumulatif", "en": "Trained, cumulative"},
    "d.no_batches": {
        "id": "Tidak ada peserta dari wilayah ini pada saringan terpilih.",
        "en": "No participants from this region in the selection.",
    },
    "d.district_training": {
        "id": "Diklat tercatat per kabupaten/kota; lihat kabupaten/kota induknya.",
        "en": "Training is recorded per regency; see the parent regency.",
    },
    "d.facilitators_aggregate": {
        "id": "Nama pendamping hanya terlihat oleh koordinator, operator data dan admin; di sini "
        "jumlahnya per jabatan dan status.",
        "en": "Facilitator names are visible to coordinators, data staff and admins only; here "
        "are counts by role and status.",
    },
    "d.facilitators_limit": {
        "id": "Menampilkan {shown} pendamping pertama.",
        "en": "Showing the first {shown} facilitators.",
    },
    "d.facilitators_province": {
        "id": "Pilih satu kabupaten/kota untuk melihat pendampingnya.",
        "en": "Select a regency to see its facilitators.",
    },
    "d.by_sector": {"id": "Menurut sektor", "en": "By sector"},
    "d.by_status": {"id": "Menurut status usaha", "en": "By status"},
    "d.median": {"id": "Median omzet", "en": "Median turnover"},
    "col.wave": {"id": "Gelombang", "en": "Wave"},
    "col.wave_batch": {"id": "Gel. · angkatan", "en": "Wave · batch"},
    "col.details": {"id": "Rincian", "en": "Details"},
    "d.participants_n": {"id": "{n} peserta", "en": "{n} participants"},
    "d.in_batch": {"id": "gel. {wave} · angkatan {batch}", "en": "wave {wave} · batch {batch}"},
    "col.batch": {"id": "Angkatan", "en": "Batch"},
    "col.dates": {"id": "Tanggal", "en": "Dates"},
    "col.mode": {"id": "Moda", "en": "Mode"},
    "col.venue": {"id": "Tempat", "en": "Venue"},
    "col.participants": {"id": "Peserta", "en": "Participants"},
    "col.state": {"id": "Keadaan", "en": "State"},
    "col.id": {"id": "ID pendamping", "en": "Facilitator ID"},
    "col.name": {"id": "Nama", "en": "Name"},
    "col.sex": {"id": "L/P", "en": "Sex"},
    "col.role": {"id": "Jabatan", "en": "Role"},
    "col.status": {"id": "Status", "en": "Status"},
    "col.count": {"id": "Jumlah", "en": "Count"},
    "col.sector": {"id": "Sektor", "en": "Sector"},
    "col.enterprises": {"id": "Usaha", "en": "Enterprises"},
    "col.graduated": {"id": "Graduasi", "en": "Graduated"},
    "col.trained_cumulative": {"id": "Telah dilatih (kumulatif)", "en": "Trained (cumulative)"},
    "state.done": {"id": "selesai", "en": "finished"},
    "state.in_training": {"id": "berjalan", "en": "running"},
    "state.planned": {"id": "rencana", "en": "planned"},
    "state.not_completed": {"id": "tidak selesai", "en": "not completed"},
    "f.sectors": {"id": "Sektor usaha", "en": "Enterprise sector"},
    "f.statuses": {"id": "Status usaha", "en": "Enterprise status"},
    "f.enterprise_help": {
        "id": "Hanya berlaku untuk angka usaha KPM.",
        "en": "Applies to KPM enterprise figures only.",
    },
    # --- downloads ----------------------------------------------------------------------
    "dl.header": {"id": "Unduh", "en": "Download"},
    "dl.csv": {"id": "Tabel (CSV)", "en": "Table (CSV)"},
    "dl.xlsx": {"id": "Tabel (Excel)", "en": "Table (Excel)"},
    "dl.html": {"id": "Peta (HTML)", "en": "Map (HTML)"},
    # --- briefing -----------------------------------------------------------------------
    "nav.briefing": {"id": "Ringkasan pimpinan", "en": "Leadership briefing"},
    "brief.title": {
        "id": "Ringkasan Diklat P2K2/FDS Pendamping PKH",
        "en": "PKH Facilitator Training (Diklat P2K2/FDS) — Briefing",
    },
    "brief.subtitle": {
        "id": "BBPPKS Yogyakarta · {provinces}",
        "en": "BBPPKS Yogyakarta · {provinces}",
    },
    "brief.n.trained": {
        "id": "Hingga {date}, {trained} dari {roster} pendamping ({pct}) telah menyelesaikan diklat",
        "en": "By {date}, {trained} of {roster} facilitators ({pct}) had completed the training",
    },
    "brief.n.none_yet": {
        "id": "Hingga {date}, belum ada dari {participants} peserta terpilih yang menyelesaikan "
        "diklat",
        "en": "By {date}, not one of the {participants} selected participants had completed "
        "the training",
    },
    "brief.n.nothing": {
        "id": "Belum ada peserta diklat maupun usaha KPM yang tercatat.",
        "en": "No training participants and no KPM enterprises are recorded yet.",
    },
    "brief.n.running": {
        "id": "; gelombang {wave} ({batches} angkatan, {participants} peserta dari {provinces}) "
        "sedang berlangsung",
        "en": "; wave {wave} ({batches} batches, {participants} participants from {provinces}) "
        "is under way",
    },
    "brief.n.planned": {
        "id": "Gelombang {waves} ({batches} angkatan, {participants} peserta) direncanakan sesudahnya.",
        "en": "Waves {waves} ({batches} batches, {participants} participants) are planned next.",
    },
    "brief.n.enterprises": {
        "id": "Keluarga yang didampingi menjalankan {enterprises} usaha KPM, {active} di antaranya "
        "aktif; {graduated} KPM telah graduasi.",
        "en": "The families accompanied run {enterprises} KPM enterprises, {active} of them "
        "active; {graduated} KPM have graduated.",
    },
    "brief.coverage": {"id": "Cakupan diklat", "en": "Training coverage"},
    "brief.batches_held": {"id": "Angkatan selesai", "en": "Batches held"},
    "brief.waves_held": {"id": "Gelombang selesai", "en": "Waves held"},
    "brief.of": {"id": "dari {n}", "en": "of {n}"},
    "brief.provinces_reached": {"id": "Provinsi terjangkau", "en": "Provinces reached"},
    "brief.change": {"id": "+{n} pada gelombang {wave}", "en": "+{n} in wave {wave}"},
    "brief.chart.one_wave": {
        "id": "Hanya gelombang {wave} yang terpilih: kumulatif antargelombang tidak berlaku; "
        "kemajuannya ada pada angka di atas.",
        "en": "Only wave {wave} is selected: a cumulative across waves does not apply; its "
        "progress is in the figures above.",
    },
    "chart.empty": {
        "id": "Tidak ada data untuk pilihan ini",
        "en": "No data for this selection",
    },
    "brief.chart.cumulative": {
        "id": "Kumulatif telah dilatih per gelombang dibanding rencana",
        "en": "Cumulative trained by wave against plan",
    },
    "brief.chart.plan": {
        "id": "Rencana (kumulatif peserta)",
        "en": "Plan (cumulative participants)",
    },
    "brief.chart.trained": {"id": "Telah dilatih (kumulatif)", "en": "Trained (cumulative)"},
    "brief.chart.provinces": {
        "id": "Telah dilatih dibanding roster per provinsi",
        "en": "Trained against roster by province",
    },
    "brief.chart.sectors": {"id": "Sektor usaha KPM", "en": "KPM enterprise sectors"},
    "brief.chart.status": {
        "id": "Status usaha menurut gelombang pendamping",
        "en": "Enterprise status by facilitator's wave",
    },
    "alt.cumulative": {
        "id": "{title}: {trained} telah dilatih hingga gelombang {wave}; rencana {plan} "
        "peserta hingga gelombang {last}.",
        "en": "{title}: {trained} trained by wave {wave}; a plan of {plan} participants by "
        "wave {last}.",
    },
    "alt.provinces": {"id": "{title}: {items}.", "en": "{title}: {items}."},
    "alt.province": {"id": "{name} {trained} dari {roster}", "en": "{name} {trained} of {roster}"},
    "alt.sectors": {"id": "{title}: {items}.", "en": "{title}: {items}."},
    "alt.status": {
        "id": "{title}: dari seluruh usaha, {items}.",
        "en": "{title}: of all enterprises, {items}.",
    },
    "alt.map": {
        "id": "{title}: {regions} kabupaten/kota; cakupan keseluruhan {pct} ({trained} dari "
        "{roster} pendamping).",
        "en": "{title}: {regions} regencies; overall coverage {pct} ({trained} of {roster} "
        "facilitators).",
    },
    "alt.map.participants": {
        "id": "{title}: {regions} kabupaten/kota; {participants} peserta terpilih, belum ada "
        "yang selesai diklat.",
        "en": "{title}: {regions} regencies; {participants} selected participants, not yet "
        "trained.",
    },
    "alt.empty": {
        "id": "{title}: tidak ada data untuk pilihan ini.",
        "en": "{title}: no data for this selection.",
    },
    "brief.map.title.participants": {
        "id": "Peserta terpilih per kabupaten/kota",
        "en": "Selected participants by regency",
    },
    "brief.map.title": {
        "id": "Cakupan diklat per kabupaten/kota",
        "en": "Training coverage by regency",
    },
    "brief.table": {"id": "Rincian per provinsi", "en": "By province"},
    "brief.present": {"id": "Mode presentasi", "en": "Presentation mode"},
    "brief.present.help": {
        "id": "Huruf besar, hanya yang penting — untuk layar proyektor.",
        "en": "Large type, only what matters — for a projector.",
    },
    "brief.download_pdf": {"id": "Unduh PDF", "en": "Download PDF"},
    "brief.download_pptx": {"id": "Unduh PowerPoint", "en": "Download PowerPoint"},
    "brief.north": {"id": "U", "en": "N"},
    "brief.page": {"id": "Halaman {n}", "en": "Page {n}"},
    "brief.generated": {"id": "Dibuat {when}", "en": "Generated {when}"},
    "admin.col.setting": {"id": "Pengaturan", "en": "Setting"},
    "admin.col.value": {"id": "Nilai", "en": "Value"},
    "brief.all_provinces": {"id": "keenam provinsi", "en": "all six provinces"},
    "brief.filter.none": {"id": "Seluruh data", "en": "All data"},
    "brief.filter.waves": {"id": "Gelombang {waves}", "en": "Waves {waves}"},
    "brief.filter.wave": {"id": "Gelombang {waves}", "en": "Wave {waves}"},
    "brief.filter.batches": {"id": "Angkatan {batches}", "en": "Batches {batches}"},
    # --- cell values (upload) ---------------------------------------------------------------
    "v.required": {"id": "Wajib diisi.", "en": "Required."},
    "v.control_char": {
        "id": "Sel berisi karakter kendali yang tidak terlihat. Ketik ulang isinya (atau tempel "
        "sebagai teks biasa), lalu unggah lagi.",
        "en": "The cell holds an invisible control character. Type its content again (or paste "
        "as plain text), then upload again.",
    },
    "v.too_long": {
        "id": "Terlalu panjang: {n} karakter, paling banyak {max}.",
        "en": "Too long: {n} characters, at most {max}.",
    },
    "v.money_too_large": {
        "id": "Omzet “{value}” tidak masuk akal untuk usaha KPM (paling banyak Rp {max} per "
        "bulan). Periksa angkanya.",
        "en": "Turnover “{value}” is not plausible for a KPM enterprise (at most Rp {max} a "
        "month). Check the number.",
    },
    "v.date_range": {
        "id": "Tanggal {value} di luar rentang yang masuk akal ({earliest} s.d. {latest}). "
        "Periksa tahunnya.",
        "en": "Date {value} is outside the plausible range ({earliest} to {latest}). Check the "
        "year.",
    },
    "v.id_number": {
        "id": "ID “{value}” tersimpan sebagai angka pecahan. Format kolom sebagai Teks lalu ketik "
        "ulang ID-nya.",
        "en": "ID “{value}” was stored as a decimal number. Format the column as Text and type "
        "the ID again.",
    },
    "v.id_number_long": {
        "id": "ID {value} tersimpan sebagai angka: Excel hanya menyimpan 15 digit, jadi digit "
        "terakhir mungkin sudah hilang. Format kolom sebagai Teks lalu ketik ulang ID-nya.",
        "en": "ID {value} was stored as a number: Excel keeps only 15 digits, so the last ones "
        "may be lost. Format the column as Text and type the ID again.",
    },
    "v.date": {
        "id": "“{value}” bukan tanggal. Tulis misalnya 16/10/2020, 2020-10-16 atau 16 Oktober 2020.",
        "en": "“{value}” is not a date. Write e.g. 16/10/2020, 2020-10-16 or 16 October 2020.",
    },
    "v.date_impossible": {
        "id": "Tanggal “{value}” tidak ada di kalender.",
        "en": "Date “{value}” does not exist.",
    },
    "v.money": {
        "id": "“{value}” bukan jumlah uang. Tulis misalnya Rp 1.500.000 atau 1500000.",
        "en": "“{value}” is not an amount. Write e.g. Rp 1.500.000 or 1500000.",
    },
    "v.negative": {
        "id": "Nilai “{value}” tidak boleh negatif.",
        "en": "“{value}” cannot be negative.",
    },
    "v.int": {"id": "“{value}” bukan bilangan bulat.", "en": "“{value}” is not a whole number."},
    "v.range": {
        "id": "{value} di luar rentang {minimum}–{maximum}.",
        "en": "{value} is outside {minimum}–{maximum}.",
    },
    "v.score": {"id": "Nilai “{value}” harus angka 0–100.", "en": "Score “{value}” must be 0–100."},
    "v.coordinate": {
        "id": "Koordinat “{value}” harus angka antara {lo} dan {hi}.",
        "en": "Coordinate “{value}” must be a number between {lo} and {hi}.",
    },
    "v.wave": {
        "id": "Gelombang “{value}” tidak dikenali: tulis I–XI atau 1–11.",
        "en": "Wave “{value}” is not understood: write I–XI or 1–11.",
    },
    "v.batch": {
        "id": "Angkatan “{value}” tidak dikenali: tulis nomor angkatan, misalnya 101.",
        "en": "Batch “{value}” is not understood: write the batch number, e.g. 101.",
    },
    "v.choice": {
        "id": "“{value}” tidak ada dalam daftar. Pilihan: {allowed}.",
        "en": "“{value}” is not in the list. Choices: {allowed}.",
    },
    "v.nik_number": {
        "id": "NIK tersimpan sebagai angka sehingga Excel hanya menyimpan 15 digit dan digit "
        "terakhir hilang. Format kolom NIK sebagai Teks (atau awali dengan tanda ') lalu "
        "ketik ulang NIK dari dokumen aslinya.",
        "en": "The NIK was stored as a number, so Excel kept only 15 digits and the last digit "
        "is lost. Format the NIK column as Text (or start with ') and type the NIK again "
        "from the original document.",
    },
    "v.kpm_id": {
        "id": "“{value}” bukan NIK (16 digit) dan bukan ID KPM program: ID KPM berisi 3–40 huruf, "
        "angka, titik, tanda hubung atau garis miring, misalnya P3404-000123.",
        "en": "“{value}” is neither a NIK (16 digits) nor a programme KPM ID: a KPM ID has 3–40 "
        "letters, digits, dots, dashes or slashes, for example P3404-000123.",
    },
    "v.kpm_id_number": {
        "id": "ID KPM tersimpan sebagai angka. Format kolom id_kpm sebagai Teks lalu ketik ulang "
        "ID dari sumbernya (Excel dapat mengubah angka: nol di depan hilang).",
        "en": "The KPM ID was stored as a number. Format the id_kpm column as Text and type the "
        "ID again from its source (Excel may change numbers: leading zeros are lost).",
    },
    "v.nik_digits": {
        "id": "NIK harus 16 digit angka (terbaca {n} digit).",
        "en": "A NIK has 16 digits (found {n}).",
    },
    "v.nik_region": {
        "id": "Kode wilayah NIK “{value}” bukan kode provinsi.",
        "en": "The region block of the NIK “{value}” is not a province code.",
    },
    "v.nik_date": {
        "id": "Blok tanggal lahir NIK “{value}” tidak mungkin.",
        "en": "The birth-date block of the NIK “{value}” is impossible.",
    },
    "v.province": {
        "id": "Provinsi “{value}” tidak dikenal.",
        "en": "Province “{value}” is unknown.",
    },
    "v.region_code": {
        "id": "Kode wilayah “{value}” tidak ada dalam daftar kabupaten/kota.",
        "en": "Region code “{value}” is not a regency in the list.",
    },
    "v.region_ambiguous": {
        "id": "“{value}” bisa berarti {options}. Tulis “Kabupaten …” atau “Kota …”, atau kodenya.",
        "en": "“{value}” could mean {options}. Write “Kabupaten …” or “Kota …”, or its code.",
    },
    "v.region_unknown": {
        "id": "Kabupaten/kota “{value}” tidak ditemukan.",
        "en": "Regency “{value}” was not found.",
    },
    # --- reading files (upload) ------------------------------------------------------------
    "r.empty": {"id": "Berkas kosong.", "en": "The file is empty."},
    "r.too_big": {
        "id": "Berkas lebih besar dari {mb} MB. Pecah menjadi beberapa berkas.",
        "en": "The file is larger than {mb} MB. Split it into several files.",
    },
    "r.not_spreadsheet": {
        "id": "“{name}” bukan lembar kerja. Unggah berkas .xlsx atau .csv (unduh templatnya).",
        "en": "“{name}” is not a spreadsheet. Upload an .xlsx or .csv file (download the template).",
    },
    "r.corrupt": {
        "id": "Berkas xlsx rusak dan tidak dapat dibaca. Simpan ulang dari Excel lalu unggah lagi.",
        "en": "The xlsx file is damaged. Save it again from Excel and upload it again.",
    },
    "r.zip_bomb": {
        "id": "Isi berkas terlalu besar setelah dibuka (kemungkinan berkas berbahaya). Berkas ditolak.",
        "en": "The file expands to far too much data (possibly hostile). It was refused.",
    },
    "r.password": {
        "id": "Berkas dilindungi kata sandi. Buka di Excel, hapus kata sandinya, simpan, lalu unggah lagi.",
        "en": "The file is password-protected. Open it in Excel, remove the password, save and upload again.",
    },
    "r.xls": {
        "id": "Format .xls lama tidak didukung. Simpan sebagai .xlsx lalu unggah lagi.",
        "en": "The old .xls format is not supported. Save as .xlsx and upload again.",
    },
    "r.no_rows": {
        "id": "Berkas hanya berisi judul kolom tanpa baris data.",
        "en": "The file has column headers but no data rows.",
    },
    "r.sheet": {
        "id": "Lembar “{sheet}” tidak ada. Lembar yang ada: {sheets}.",
        "en": "Sheet “{sheet}” does not exist. Sheets: {sheets}.",
    },
    "r.too_wide": {
        "id": "Berkas punya lebih dari {n} kolom berisi. Hapus kolom yang tidak dipakai.",
        "en": "The file has more than {n} filled columns. Delete the unused ones.",
    },
    "r.row_too_wide": {
        "id": "Baris {row} berkas punya lebih dari {n} kolom (dihitung dari tanda pemisahnya). "
        "Hapus koma atau titik koma yang berlebih di baris itu, lalu unggah lagi.",
        "en": "Row {row} of the file has more than {n} columns (counted by its separators). "
        "Delete the extra commas or semicolons on that row, then upload again.",
    },
    "r.too_much_text": {
        "id": "Lembar kerja berisi lebih dari {n} juta karakter teks, terlalu banyak untuk "
        "dibaca. Pecah menjadi beberapa berkas, lalu unggah lagi.",
        "en": "The worksheet holds more than {n} million characters of text, too much to read. "
        "Split it into several files, then upload again.",
    },
    "r.sheet_extent": {
        "id": "Lembar kerja terbentang sampai sel {cell}: lebih dari {n} sel, terlalu besar untuk "
        "dibaca. Biasanya ada isi atau format di sel yang jauh; hapus baris dan kolom kosong di "
        "luar data (atau salin data ke berkas baru), simpan, lalu unggah lagi.",
        "en": "The worksheet reaches cell {cell}: more than {n} cells, too large to read. Usually "
        "something sits in a far-away cell; delete the empty rows and columns beyond the data (or "
        "copy the data into a new file), save and upload again.",
    },
    "r.csv_extent": {
        "id": "Berkas CSV berisi lebih dari {n} sel (atau terlalu banyak baris), terlalu besar untuk "
        "dibaca. Pecah menjadi beberapa berkas, lalu unggah lagi.",
        "en": "The CSV file holds more than {n} cells (or too many lines), too large to read. Split "
        "it into several files, then upload again.",
    },
    "r.overrun_memory": {
        "id": "Berkas ini memerlukan terlalu banyak memori untuk dibaca dan ditolak. Simpan ulang "
        "dari Excel hanya dengan data yang diperlukan, lalu unggah lagi.",
        "en": "Reading this file needs too much memory, so it was refused. Save it again from "
        "Excel with only the data needed, then upload again.",
    },
    "r.overrun_time": {
        "id": "Membaca berkas ini terlalu lama dan dihentikan. Pecah menjadi beberapa berkas yang "
        "lebih kecil, lalu unggah lagi.",
        "en": "Reading this file took too long and was stopped. Split it into smaller files, then "
        "upload again.",
    },
    "r.overrun_crash": {
        "id": "Berkas ini tidak dapat dibaca (pembacanya berhenti). Simpan ulang dari Excel sebagai "
        ".xlsx atau .csv, lalu unggah lagi.",
        "en": "This file could not be read (the reader stopped). Save it again from Excel as .xlsx or "
        ".csv, then upload again.",
    },
    "r.cell_too_long": {
        "id": "Ada sel yang berisi lebih dari {n} karakter. Periksa isi berkas.",
        "en": "A cell holds more than {n} characters. Check the file.",
    },
    "r.formulas": {
        "id": "Berkas berisi rumus; yang dibaca adalah nilai hasil rumus yang tersimpan. Bila sel "
        "rumus terbaca kosong, buka dan simpan berkas di Excel lalu unggah lagi.",
        "en": "The file holds formulas; their saved results are read. If formula cells read as "
        "empty, open and save the file in Excel, then upload again.",
    },
    "r.merged": {
        "id": "Lembar berisi sel gabungan (merge); hanya sel kiri atas yang terbaca.",
        "en": "The sheet has merged cells; only the top-left cell of each is read.",
    },
    "r.repeated_headers": {
        "id": "Ada judul kolom yang muncul lebih dari sekali: yang pertama dipakai, yang lain "
        "dinamai ulang ({names}). Hapus kolom ganda bila tidak diperlukan.",
        "en": "Some column headers appear more than once: the first is used, the others were "
        "renamed ({names}). Delete the duplicate columns if they are not needed.",
    },
    "r.unnamed_columns": {
        "id": "{n} kolom berisi data tanpa judul kolom dan diabaikan.",
        "en": "{n} columns hold data but have no header and were ignored.",
    },
    # --- row rules (upload) -------------------------------------------------------------------
    "u.missing_column": {
        "id": "Kolom wajib “{column}” tidak ada. Tambahkan kolom itu atau petakan kolom yang sesuai.",
        "en": "Required column “{column}” is missing. Add it or map the matching column.",
    },
    "u.commit_failed": {
        "id": "Penyimpanan gagal karena kesalahan tak terduga; tidak ada yang tersimpan. Sebutkan "
        "kode {id} kepada admin.",
        "en": "Saving failed with an unexpected error; nothing was stored. Quote code {id} to the "
        "admin.",
    },
    "u.outside_regency": {
        "id": "Koordinat ini berada di luar {code} (kabupaten/kota baris ini). Periksa lintang, bujur "
        "dan kabupaten/kotanya; baris ditolak.",
        "en": "These coordinates lie outside {code} (this row's regency). Check the latitude, "
        "longitude and regency; the row is refused.",
    },
    "u.batch_too_long": {
        "id": "Angkatan berlangsung {days} hari; paling lama {max} hari. Periksa tanggal mulai dan "
        "selesainya.",
        "en": "The batch lasts {days} days; at most {max}. Check its start and end dates.",
    },
    "u.end_before_start": {
        "id": "Tanggal selesai sebelum tanggal mulai.",
        "en": "The end date is before the start date.",
    },
    "u.graduation_date_without": {
        "id": "Ada tanggal graduasi tetapi graduasi bukan “ya”.",
        "en": "A graduation date is given but graduasi is not “ya”.",
    },
    "u.half_coordinate": {
        "id": "Isi lintang dan bujur keduanya, atau kosongkan keduanya.",
        "en": "Give both latitude and longitude, or neither.",
    },
    "u.duplicate": {
        "id": "Baris ganda: sama dengan baris {first}.",
        "en": "Duplicate of row {first}.",
    },
    "u.batch_two_waves": {
        "id": "Angkatan {batch} sudah tercatat di gelombang {wave} (baris {first}); satu angkatan hanya di satu gelombang.",
        "en": "Batch {batch} is already in wave {wave} (row {first}); a batch belongs to one wave.",
    },
    "u.unknown_facilitator": {
        "id": "ID pendamping “{value}” tidak ada di daftar pendamping. Unggah Daftar Pendamping dahulu.",
        "en": "Facilitator ID “{value}” is not on the roster. Upload the roster first.",
    },
    "u.unknown_batch": {
        "id": "Angkatan {value} belum ada. Unggah Jadwal Angkatan dahulu.",
        "en": "Batch {value} does not exist yet. Upload the batch schedule first.",
    },
    "u.wrong_wave": {
        "id": "Angkatan {batch} tercatat di gelombang {wave}, bukan {value}.",
        "en": "Batch {batch} is recorded in wave {wave}, not {value}.",
    },
    "u.unknown_district": {
        "id": "Kecamatan “{value}” tidak ada di kabupaten/kota itu.",
        "en": "District “{value}” is not in that regency.",
    },
    "u.district_ambiguous": {
        "id": "Kecamatan “{value}” bisa berarti {options}. Tulis nama kecamatan yang dimaksud.",
        "en": "District “{value}” could be {options}. Write the name of the district meant.",
    },
    "u.conflict": {
        "id": "Data yang dirujuk berkas ini diubah impor lain pada saat yang sama. Periksa ulang lalu simpan lagi.",
        "en": "Data this file refers to was changed by another import at the same time. Check again, then save.",
    },
    "u.unknown_kind": {
        "id": "Jenis berkas tidak dikenali dari judul kolomnya ({value}). Pilih jenisnya atau pakai templat.",
        "en": "The kind of file cannot be told from its headers ({value}). Choose the kind or use a template.",
    },
    "rep.row": {"id": "Baris", "en": "Row"},
    "rep.errors": {"id": "Kesalahan", "en": "Problems"},
    "undo.unknown": {"id": "Impor #{run} tidak ada.", "en": "Import #{run} does not exist."},
    "undo.not_committed": {
        "id": "Impor #{run} berstatus {status}; hanya impor yang tersimpan dapat dibatalkan.",
        "en": "Import #{run} is {status}; only committed imports can be undone.",
    },
    "undo.later_run": {
        "id": "Impor #{later} yang lebih baru mengubah baris yang sama. Batalkan impor #{later} dahulu.",
        "en": "A later import (#{later}) changed the same rows. Undo #{later} first.",
    },
    "undo.referenced": {
        "id": "Data dari impor #{run} dirujuk oleh impor lain (peserta atau usaha). Batalkan impor itu dahulu.",
        "en": "Rows of import #{run} are referred to by another import (participants or enterprises). Undo that one first.",
    },
    # --- upload page ---------------------------------------------------------------------
    "nav.upload": {"id": "Unggah data", "en": "Upload data"},
    "nav.history": {"id": "Riwayat impor", "en": "Import history"},
    "up.title": {"id": "Unggah data", "en": "Upload data"},
    "up.denied": {
        "id": "Halaman ini untuk operator data dan admin. Masuk dengan akun yang berhak.",
        "en": "This page is for data staff and admins. Sign in with an account that may use it.",
    },
    "up.templates": {"id": "1. Unduh templat", "en": "1. Download a template"},
    "up.file": {"id": "2. Pilih berkas (xlsx atau csv)", "en": "2. Choose a file (xlsx or csv)"},
    "up.file_help": {
        "id": "Seret berkas ke kotak di bawah, atau klik “Pilih berkas” untuk memilihnya dari komputer.",
        "en": "Drag the file onto the box below, or click “Upload” to pick it from your computer.",
    },
    "up.limit": {
        "id": "Maks. {mb} MB per berkas · XLSX atau CSV",
        "en": "Up to {mb} MB per file · XLSX or CSV",
    },
    "st.no_results": {"id": "Tidak ada yang cocok", "en": "No results"},
    "st.press_enter": {"id": "Tekan Enter untuk menerapkan", "en": "Press Enter to apply"},
    "st.upload": {"id": "Pilih berkas", "en": "Upload"},
    "up.kind": {"id": "Jenis data", "en": "Kind of data"},
    "up.kind.auto": {"id": "Kenali dari judul kolom", "en": "Detect from the headers"},
    "up.kind.roster": {"id": "Daftar Pendamping", "en": "Facilitator roster"},
    "up.kind.batches": {"id": "Jadwal Angkatan", "en": "Batch schedule"},
    "up.kind.participants": {"id": "Peserta Diklat", "en": "Training participants"},
    "up.kind.enterprises": {"id": "Usaha KPM", "en": "KPM enterprises"},
    "up.sheet": {"id": "Lembar", "en": "Sheet"},
    "up.check": {
        "id": "3. Hasil pemeriksaan (belum disimpan)",
        "en": "3. Check result (nothing saved yet)",
    },
    "up.counts": {
        "id": "Baris {rows} · baru {new} · diubah {updated} · sama {unchanged}",
        "en": "Rows {rows} · new {new} · updated {updated} · unchanged {unchanged}",
    },
    "up.ok": {
        "id": "Semua baris valid. Periksa angka di atas lalu simpan.",
        "en": "Every row is valid. Check the counts above, then save.",
    },
    "up.unchanged": {
        "id": "Berkas yang sama sudah diimpor (impor #{run}); tidak ada yang berubah.",
        "en": "The same file was already imported (import #{run}); nothing changes.",
    },
    "up.count.problems": {
        "id": "{rows} baris bermasalah ({n} masalah)",
        "en": "{rows} rows with problems ({n} problems)",
    },
    "up.count.file_problems": {
        "id": "{n} masalah pada berkas",
        "en": "{n} problems with the file",
    },
    "up.demo_mix": {
        "id": "**Basis data ini berisi data contoh (ilustratif).** Data yang Anda simpan akan "
        "dihitung bersama data contoh, dan setiap halaman serta unduhan tetap bertanda “Data "
        "contoh” selama data contoh masih ada. Halaman peta, ringkasan dan dampak ditutup bagi "
        "pengunjung yang belum masuk. Membatalkan impor ini (Riwayat impor) mengembalikan "
        "keadaan sebelumnya.",
        "en": "**This database holds illustrative demo data.** What you save will be counted "
        "together with the demo data, and every page and download stays marked “Sample data” "
        "while the demo data remains. The map, briefing and impact pages close to visitors who "
        "have not signed in. Undoing this import (Import history) returns to how it was.",
    },
    "up.demo_remove_ask": {
        "id": "Agar hanya data asli yang dihitung, minta admin menghapus data contoh lebih dulu.",
        "en": "To count the real data alone, ask an admin to remove the demo data first.",
    },
    "up.demo_remove_admin": {
        "id": "Agar hanya data asli yang dihitung, hapus data contoh lebih dulu (tombol di bawah).",
        "en": "To count the real data alone, remove the demo data first (button below).",
    },
    "up.demo_remove": {"id": "Hapus data contoh lebih dulu", "en": "Remove the demo data first"},
    "up.demo_remove_confirm": {
        "id": "Menghapus data contoh akan **menghapus {facilitators} pendamping, {batches} "
        "angkatan, {trainings} peserta dan {enterprises} usaha** data contoh. Data hasil impor "
        "tetap. Tidak dapat dibatalkan (data contoh dapat dimuat lagi dengan `atlas demo` "
        "selama belum ada data asli). Lanjutkan?",
        "en": "Removing the demo data will **delete {facilitators} facilitators, {batches} "
        "batches, {trainings} participants and {enterprises} enterprises** of demo data. "
        "Imported data stays. This cannot be undone (the demo can be loaded again with "
        "`atlas demo` while there is no real data). Go ahead?",
    },
    "up.demo_remove_yes": {"id": "Ya, hapus data contoh", "en": "Yes, remove the demo data"},
    "up.count.keyed_by_nik": {
        "id": "{n} usaha tanpa id_usaha: baru, atau memperbarui usaha yang diimpor orang lain "
        "(tidak dirinci, agar tidak ada yang dapat menebak NIK dari hasilnya)",
        "en": "{n} enterprises without id_usaha: new, or updating enterprises someone else "
        "imported (not told apart, so that nobody can guess a NIK from the result)",
    },
    "up.count.pending": {
        "id": "{rows} baris menunggu konfirmasi nama wilayah",
        "en": "{rows} rows await a confirmed region name",
    },
    "up.saved_next": {
        "id": "Unggah berkas berikutnya di bawah, atau lihat hasilnya di peta.",
        "en": "Upload the next file below, or see the result on the map.",
    },
    "up.open_map": {"id": "Buka peta", "en": "Open the map"},
    "up.error_report": {
        "id": "Unduh laporan kesalahan (xlsx)",
        "en": "Download the error report (xlsx)",
    },
    "up.matches": {
        "id": "Nama wilayah yang mirip — konfirmasi satu per satu:",
        "en": "Similar region names — confirm each one:",
    },
    "up.match": {
        "id": "“{value}” = {name} (kemiripan {score})",
        "en": "“{value}” = {name} (similarity {score})",
    },
    "up.mapping": {
        "id": "Kolom yang tidak dikenali — pilih artinya:",
        "en": "Unrecognised columns — choose what they mean:",
    },
    "up.mapping.ignore": {"id": "(abaikan)", "en": "(ignore)"},
    "up.commit": {"id": "Simpan", "en": "Save"},
    "up.commit_valid": {"id": "Simpan baris yang valid saja", "en": "Save the valid rows only"},
    "up.saved": {
        "id": "Tersimpan sebagai impor #{run}: {new} baru, {updated} diubah{keyed}. Peta dan ringkasan sudah memakai data baru.",
        "en": "Saved as import #{run}: {new} new, {updated} updated{keyed}. The map and briefing already use the new data.",
    },
    "up.saved.keyed_by_nik": {
        "id": ", {n} usaha tanpa id_usaha baru atau diperbarui",
        "en": ", {n} enterprises without id_usaha new or updated",
    },
    "up.step.read": {"id": "Membaca berkas…", "en": "Reading the file…"},
    "up.step.check": {"id": "Memeriksa setiap baris…", "en": "Checking every row…"},
    "up.step.compare": {
        "id": "Membandingkan dengan data tersimpan…",
        "en": "Comparing with the stored data…",
    },
    "up.step.save": {"id": "Menyimpan…", "en": "Saving…"},
    "up.step.done": {"id": "Selesai", "en": "Done"},
    "up.col.row": {"id": "Baris", "en": "Row"},
    "up.col.column": {"id": "Kolom", "en": "Column"},
    "up.col.value": {"id": "Isi", "en": "Value"},
    "up.col.message": {"id": "Masalah", "en": "Problem"},
    "up.col.suggestion": {"id": "Saran", "en": "Suggestion"},
    "up.col.old": {"id": "Isi lama", "en": "Old value"},
    "up.col.new": {"id": "Isi baru", "en": "New value"},
    "up.fix": {
        "id": "{rows} baris bermasalah. Perbaiki isinya langsung di tabel (setiap perubahan"
        " diperiksa lagi), atau hapus barisnya; lalu simpan.",
        "en": "{rows} rows have problems. Fix them right in the table (each change is checked"
        " again), or delete the row; then save.",
    },
    "up.grid_page": {"id": "Halaman (dari {pages})", "en": "Page (of {pages})"},
    "up.corrections": {
        "id": "Koreksi di aplikasi ({n})",
        "en": "Corrections made in the app ({n})",
    },
    "up.corrections.dropped": {"id": "baris dihapus", "en": "row deleted"},
    "up.corrected_file": {
        "id": "Unduh berkas yang sudah dikoreksi",
        "en": "Download the corrected file",
    },
    "up.lost": {
        "id": "Berkas yang tadi diperiksa tidak lagi ada di server (server dimulai ulang atau"
        " halaman dimuat ulang). Tidak ada yang disimpan: pilih berkasnya lagi.",
        "en": "The file checked earlier is no longer on the server (the server restarted or the"
        " page was reloaded). Nothing was saved: choose the file again.",
    },
    "hist.corrections": {
        "id": "Koreksi di aplikasi pada impor #{run}",
        "en": "Corrections made in the app in import #{run}",
    },
    "hist.title": {"id": "Riwayat impor", "en": "Import history"},
    "hist.col.id": {"id": "#", "en": "#"},
    "hist.col.created_at": {"id": "Waktu", "en": "When"},
    "hist.col.user": {"id": "Oleh", "en": "By"},
    "hist.col.kind": {"id": "Jenis", "en": "Kind"},
    "hist.col.file_name": {"id": "Berkas", "en": "File"},
    "hist.col.status": {"id": "Status", "en": "Status"},
    "hist.col.inserted": {"id": "Baru", "en": "New"},
    "hist.col.updated": {"id": "Diubah", "en": "Updated"},
    "hist.col.unchanged": {"id": "Sama", "en": "Unchanged"},
    "hist.col.rejected": {"id": "Ditolak", "en": "Rejected"},
    "hist.status.committed": {"id": "tersimpan", "en": "committed"},
    "hist.status.undone": {"id": "dibatalkan", "en": "undone"},
    "hist.status.dry_run": {"id": "uji coba", "en": "dry run"},
    "hist.status.failed": {"id": "gagal", "en": "failed"},
    "hist.demo": {"id": "data contoh", "en": "demo data"},
    "hist.undo": {"id": "Batalkan impor", "en": "Undo import"},
    "hist.undo_pick": {"id": "Impor yang dibatalkan", "en": "Import to undo"},
    "hist.undone": {
        "id": "Impor #{run} dibatalkan: {removed} baris tambahannya dihapus, {restored} baris yang "
        "diubahnya dikembalikan. Data kembali seperti sebelum impor itu.",
        "en": "Import #{run} undone: its {removed} added rows were removed and the {restored} rows "
        "it changed were restored. The data is back to before it.",
    },
    "hist.confirm": {
        "id": "Membatalkan impor #{run} ({kind}, {file}) akan **menghapus {removed} baris** yang "
        "ditambahkannya dan **mengembalikan {restored} baris** yang diubahnya ke isi sebelumnya. "
        "Lanjutkan?",
        "en": "Undoing import #{run} ({kind}, {file}) will **remove the {removed} rows** it added "
        "and **restore the {restored} rows** it changed to what they were. Go ahead?",
    },
    "hist.confirm_yes": {"id": "Ya, batalkan impor #{run}", "en": "Yes, undo import #{run}"},
    "hist.confirm_no": {"id": "Tidak", "en": "No"},
    "hist.dismiss": {"id": "Tutup pesan", "en": "Dismiss"},
    "hist.none": {
        "id": "Belum ada impor yang dapat dibatalkan.",
        "en": "No import can be undone yet.",
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
    "err.unexpected": {
        "id": "Maaf, halaman ini mengalami kesalahan yang tidak terduga (kode {id}). Muat ulang "
        "halaman; bila terulang, sampaikan kode ini kepada admin.",
        "en": "Sorry, this page met an unexpected error (code {id}). Reload the page; if it "
        "happens again, give this code to an admin.",
    },
    "err.db_unavailable": {
        "id": "Data sedang tidak dapat dibuka karena basis data tidak dapat dihubungi. Coba lagi "
        "sebentar lagi; bila berlanjut, sampaikan kode {id} kepada admin.",
        "en": "The data cannot be opened now: the database cannot be reached. Try again in a "
        "moment; if it goes on, give the code {id} to an admin.",
    },
    # --- about page ------------------------------------------------------------------
    "about.title": {"id": "Tentang data", "en": "About the data"},
    # --- accounts, roles, audit ---------------------------------------------------------
    "nav.signin": {"id": "Masuk", "en": "Sign in"},
    "nav.admin": {"id": "Admin", "en": "Admin"},
    "nav.signed_in": {
        "id": "Masuk sebagai **{name}** · {role}",
        "en": "Signed in as **{name}** · {role}",
    },
    "nav.signout": {"id": "Keluar", "en": "Sign out"},
    "role.viewer": {"id": "pemirsa", "en": "viewer"},
    "role.coordinator": {"id": "koordinator {province}", "en": "coordinator {province}"},
    "role.data_staff": {"id": "operator data", "en": "data staff"},
    "role.admin": {"id": "admin", "en": "admin"},
    "nav.impact": {"id": "Dampak diklat", "en": "Training impact"},
    "impact.title": {
        "id": "Dampak diklat pada graduasi KPM",
        "en": "The training's impact on KPM graduation",
    },
    "impact.subtitle": {
        "id": "Apakah keluarga KPM lebih cepat graduasi setelah pendampingnya selesai diklat? "
        "Pendamping dilatih bergelombang sepanjang 2020, jadi pada bulan yang sama sebagian "
        "sudah diklat dan sebagian belum: itulah pembandingnya.",
        "en": "Do KPM families graduate sooner once their facilitator has finished training? "
        "Facilitators were trained wave by wave across 2020, so in any month some had been "
        "trained and others not yet: that is the comparison.",
    },
    "impact.region": {"id": "Wilayah", "en": "Region"},
    "impact.region.unknown": {
        "id": "Wilayah «{value}» tidak dikenal (atau di luar saringan provinsi); ditampilkan "
        "semua wilayah dalam saringan.",
        "en": "Region «{value}» is unknown (or outside the province filter); all regions in "
        "the filter are shown.",
    },
    "impact.region.all": {"id": "Semua wilayah dalam saringan", "en": "All regions in the filter"},
    "impact.headline.effect": {
        "id": "Setelah pendampingnya selesai diklat, peluang graduasi KPM naik ≈ **{effect} poin "
        "persen per tahun** (IK 95 %: {low} s.d. {high}).",
        "en": "Once their facilitator has finished training, KPM families' chance of graduating "
        "rises by ≈ **{effect} percentage points per year** (95 % CI: {low} to {high}).",
    },
    "impact.headline.drop": {
        "id": "Setelah pendampingnya selesai diklat, peluang graduasi KPM turun ≈ **{effect} "
        "poin persen per tahun** (IK 95 %: {low} s.d. {high}).",
        "en": "Once their facilitator has finished training, KPM families' chance of graduating "
        "falls by ≈ **{effect} percentage points per year** (95 % CI: {low} to {high}).",
    },
    "impact.headline.unclear": {
        "id": "Dampak diklat belum terlihat pasti: perkiraannya **{effect} poin persen per "
        "tahun**, tetapi IK 95 % ({low} s.d. {high}) mencakup nol.",
        "en": "No clear impact of the training: the estimate is **{effect} percentage points "
        "per year**, but its 95 % CI ({low} to {high}) includes zero.",
    },
    "brief.impact.more": {
        "id": "Rincian, kurva waktu sampai graduasi dan batasnya",
        "en": "Details, time-to-graduation curves and the limits",
    },
    "impact.headline.none": {
        "id": "Dampak diklat tidak diperkirakan untuk pilihan ini.",
        "en": "The training's impact is not estimated for this selection.",
    },
    "impact.headline.baseline": {
        "id": "Sebagai pembanding: tanpa diklat, {rate} KPM per 100 graduasi setiap bulan "
        "(≈ {year} per tahun).",
        "en": "For comparison: without training, {rate} KPM in 100 graduate each month "
        "(≈ {year} a year).",
    },
    "impact.pretrend.ok": {
        "id": "Bulan-bulan sebelum diklat tidak menunjukkan beda tren (uji bersama: p = {p}).",
        "en": "The months before training show no difference in trends (joint test: p = {p}).",
    },
    "impact.pretrend.bad": {
        "id": "Sebelum diklat, tren KPM yang dibandingkan sudah berbeda (uji bersama: p = {p}): "
        "perkiraan dampak ini diragukan.",
        "en": "Before training, the trends of the families compared already differed (joint "
        "test: p = {p}): this impact estimate is doubtful.",
    },
    "impact.m.kpm": {"id": "KPM dalam pilihan", "en": "KPM in the selection"},
    # Labels short enough for a card at 1440 px; their date and base under the figure.
    "impact.m.graduated": {"id": "KPM graduasi, seperti di peta", "en": "Graduated, as on the map"},
    "impact.m.graduated.note": {"id": "s.d. {date}", "en": "by {date}"},
    "impact.m.graduated_by": {
        "id": "KPM graduasi, untuk analisis",
        "en": "Graduated, for the analysis",
    },
    "impact.m.graduated_by.note": {
        "id": "s.d. {date} (bulan penuh)",
        "en": "by {date} (whole months)",
    },
    "impact.m.trained": {"id": "Pendamping sudah diklat", "en": "Facilitators trained"},
    "impact.m.trained.note": {
        "id": "dari {total} yang punya KPM",
        "en": "of {total} with KPM",
    },
    "impact.section.event": {"id": "Sebelum dan sesudah diklat", "en": "Before and after training"},
    "impact.section.survival": {"id": "Waktu sampai graduasi", "en": "Time to graduation"},
    "impact.section.caveats": {
        "id": "Cara membaca dan batasnya",
        "en": "How to read this, and its limits",
    },
    "impact.chart.event": {
        "id": "Laju graduasi bulanan: beda di sekitar diklat",
        "en": "Monthly graduation rate: the change around training",
    },
    "impact.chart.event.x": {
        "id": "Bulan sejak diklat selesai (0 = bulan pertama sesudahnya)",
        "en": "Months since training ended (0 = the first month after)",
    },
    "impact.chart.event.y": {"id": "Poin persen per bulan", "en": "Percentage points per month"},
    "impact.chart.event.before": {
        "id": "Sebelum diklat (uji tren)",
        "en": "Before training (trend check)",
    },
    "impact.chart.event.after": {"id": "Sesudah diklat", "en": "After training"},
    "impact.chart.event.ci": {"id": "IK 95 %", "en": "95 % CI"},
    "impact.chart.event.alt": {
        "id": "Grafik studi peristiwa: sebelum diklat titik-titik di sekitar nol; sesudah diklat "
        "rata-rata {effect} poin persen per bulan (IK 95 %: {low} s.d. {high}).",
        "en": "Event-study chart: before training the points lie around zero; after training "
        "{effect} percentage points per month on average (95 % CI: {low} to {high}).",
    },
    "impact.chart.km_wave": {
        "id": "KPM graduasi menurut gelombang diklat pendamping",
        "en": "KPM graduated, by the facilitator's training wave",
    },
    "impact.chart.km_training": {
        "id": "KPM graduasi: pendamping sudah atau belum diklat",
        "en": "KPM graduated: facilitator trained or not yet",
    },
    "impact.chart.km.x": {
        "id": "Bulan sejak usaha dimulai",
        "en": "Months since the enterprise started",
    },
    "impact.chart.km.y": {"id": "% KPM graduasi", "en": "% of KPM graduated"},
    "impact.chart.km.alt": {
        "id": "Kurva Kaplan–Meier, {n} kelompok. Setelah 24 bulan: {values}.",
        "en": "Kaplan–Meier curves, {n} groups. After 24 months: {values}.",
    },
    "impact.curve.wave": {"id": "Gelombang {wave}", "en": "Wave {wave}"},
    "impact.curve.trained": {"id": "Pendamping sudah diklat", "en": "Facilitator trained"},
    "impact.curve.not_trained": {
        "id": "Pendamping belum diklat",
        "en": "Facilitator not yet trained",
    },
    "impact.curve.no_batch": {"id": "Tanpa angkatan", "en": "No batch"},
    "impact.at_risk": {
        "id": "KPM yang masih diikuti (belum graduasi) pada bulan ke-",
        "en": "KPM still followed (not graduated) at month",
    },
    "impact.at_risk.group": {"id": "Kelompok", "en": "Group"},
    "impact.method": {
        "id": "Metode: {estimator}. Bulan {first} s.d. {last}; laju graduasi per pendamping per "
        "bulan, ditimbang jumlah KPM yang belum graduasi.",
        "en": "Method: {estimator}. Months {first} to {last}; graduation rate per facilitator "
        "per month, weighted by the KPM not yet graduated.",
    },
    "impact.caveat.compare": {
        "id": "**Yang dibandingkan.** Untuk setiap pendamping, laju graduasi bulanan KPM "
        "dampingannya sesudah diklat dibandingkan dengan sebelum diklat, dan perubahan itu "
        "dibandingkan dengan perubahan pada pendamping yang pada bulan yang sama belum diklat "
        "(estimator Callaway & Sant'Anna untuk peluncuran bertahap). Pendamping yang sudah "
        "diklat tidak pernah dipakai sebagai pembanding.",
        "en": "**What is compared.** For each facilitator, the monthly graduation rate of "
        "their KPM after training is compared with before, and that change with the change "
        "among facilitators not yet trained in the same months (Callaway & Sant'Anna's "
        "estimator for staggered rollouts). Facilitators already trained are never used as "
        "the comparison.",
    },
    "impact.caveat.assumptions": {
        "id": "**Anggapannya.** (1) Tidak ada antisipasi: KPM tidak berubah sebelum "
        "pendampingnya selesai diklat. (2) Tren sejajar: tanpa diklat, laju graduasi kedua "
        "kelompok akan berubah dengan cara yang sama. Titik-titik sebelum diklat di grafik "
        "adalah pemeriksaannya: mestinya di sekitar nol. Keduanya tidak bisa dibuktikan, "
        "hanya diperiksa.",
        "en": "**The assumptions.** (1) No anticipation: families do not change before their "
        "facilitator finishes training. (2) Parallel trends: without training, both groups' "
        "graduation rates would have moved alike. The points before training in the chart "
        "are the check: they should lie around zero. Neither can be proven, only checked.",
    },
    "impact.caveat.curves": {
        "id": "**Kurva waktu sampai graduasi** hanya menggambarkan: kelompok gelombang berbeda "
        "dalam banyak hal selain diklat. Analisis menghitung bulan penuh, sampai akhir bulan "
        "sebelum tanggal acuan: usaha yang belum graduasi saat itu dihitung sampai di situ "
        "(disensor). Angka dampak di atas berasal dari studi peristiwa, "
        "bukan dari kurva ini.",
        "en": "**The time-to-graduation curves** describe only: the waves differ in much "
        "besides training. The analysis counts whole months, through the end of the month "
        "before the as-of date: families not graduated by then count until then (censored). "
        "The impact figure above comes from the event study, not from these curves.",
    },
    "impact.caveat.thin": {
        "id": "**Bila data terlalu tipis** halaman ini tidak menggambar: kurva perlu sedikitnya "
        "50 KPM dan 10 graduasi; studi peristiwa perlu sedikitnya 30 pendamping sudah diklat, "
        "30 pembanding yang belum, dan 3 bulan sebelum diklat. Sesudah bulan terakhir ada "
        "pendamping yang belum diklat, tidak ada lagi pembanding: bulan-bulan itu tidak "
        "diperkirakan.",
        "en": "**When the data is too thin** this page does not draw: a curve needs at least "
        "50 KPM and 10 graduations; the event study needs at least 30 trained facilitators, "
        "30 not yet trained to compare with, and 3 months before training. After the last "
        "month in which some facilitators were not yet trained there is no comparison left: "
        "those months are not estimated.",
    },
    "impact.caveat.demo": {
        "id": "**Data contoh.** Pembuat data contoh menanam dampak yang diketahui: peluang "
        "graduasi bulanan {effect} kali lebih tinggi mulai bulan setelah angkatan pendamping "
        "selesai. Halaman ini harus menemukannya kembali.",
        "en": "**Demo data.** The demo generator planted a known effect: the monthly chance "
        "of graduating is {effect} times higher from the month after the facilitator's batch "
        "ended. This page must find it again.",
    },
    "impact.thin.estimator": {
        "id": "Dampak tidak dapat diperkirakan untuk pilihan ini: perbandingannya terlalu "
        "sedikit. Perluas pilihan (provinsi, gelombang, wilayah).",
        "en": "The impact cannot be estimated for this selection: too few comparisons. Widen "
        "the selection (province, waves, region).",
    },
    "impact.thin.empty": {
        "id": "Pilihan ini tidak berisi usaha KPM. Longgarkan saringan (provinsi, gelombang, "
        "sektor, status) atau pilih wilayah lain.",
        "en": "This selection holds no KPM enterprises. Loosen the filters (province, waves, "
        "sector, status) or pick another region.",
    },
    "impact.thin.no_training": {
        "id": "Data terlalu tipis: dalam pilihan ini belum ada pendamping yang selesai diklat "
        "sebelum tanggal acuan, jadi belum ada yang bisa dibandingkan.",
        "en": "Too little data: no facilitator in this selection had finished training before "
        "the as-of date, so there is nothing to compare yet.",
    },
    "impact.thin.treated": {
        "id": "Data terlalu tipis: perlu sedikitnya 30 pendamping yang sudah diklat dengan KPM "
        "dampingan. Perluas pilihan (provinsi, gelombang, wilayah).",
        "en": "Too little data: at least 30 trained facilitators with KPM are needed. Widen the "
        "selection (province, waves, region).",
    },
    "impact.thin.controls": {
        "id": "Data terlalu tipis: perlu sedikitnya 30 pendamping yang belum diklat sebagai "
        "pembanding. Tambahkan gelombang yang lebih akhir atau majukan tanggal acuan.",
        "en": "Too little data: at least 30 facilitators not yet trained are needed for the "
        "comparison. Add later waves or move the as-of date earlier.",
    },
    "impact.chart.thin.event": {
        "id": "Terlalu tipis untuk studi peristiwa: lihat catatan di atas",
        "en": "Too thin for the event study: see the note above",
    },
    "impact.chart.thin.km": {
        "id": "Tiap kurva perlu sedikitnya {kpm} KPM dan {graduations} graduasi:\n"
        "tidak ada kelompok yang cukup dalam pilihan ini",
        "en": "Each curve needs at least {kpm} KPM and {graduations} graduations:\n"
        "no group in this selection has that many",
    },
    "impact.thin.pre": {
        "id": "Data terlalu tipis: perlu sedikitnya 3 bulan data sebelum diklat untuk "
        "memeriksa tren.",
        "en": "Too little data: at least 3 months of data before training are needed to check "
        "the trends.",
    },
    "acc.denied": {
        "id": "Peran Anda tidak mengizinkan tindakan ini.",
        "en": "Your role does not allow this.",
    },
    "acc.points": {
        "id": "Titik usaha KPM hanya untuk koordinator provinsi itu, operator data dan admin.",
        "en": "KPM enterprise points are for that province's coordinator, data staff and admins only.",
    },
    "acc.import": {
        "id": "Hanya operator data dan admin yang boleh memeriksa atau mengimpor berkas.",
        "en": "Only data staff and admins may check or import files.",
    },
    "acc.history": {
        "id": "Riwayat impor hanya untuk operator data dan admin.",
        "en": "The import history is for data staff and admins only.",
    },
    "acc.sign_in_needed": {
        "id": "Halaman ini hanya untuk pengguna yang sudah masuk. Silakan masuk dahulu.",
        "en": "This page is for signed-in users. Please sign in first.",
    },
    "acc.page_denied": {
        "id": "Halaman ini tidak untuk peran Anda ({role}). Minta admin bila Anda memerlukannya.",
        "en": "This page is not for your role ({role}). Ask an admin if you need it.",
    },
    "layer.points_denied": {
        "id": "Titik usaha KPM (lokasi rumah tangga) hanya tampil untuk koordinator provinsi ini, operator data dan admin.",
        "en": "KPM enterprise points (household locations) are shown only to this province's coordinator, "
        "data staff and admins.",
    },
    "undo.not_yours": {
        "id": "Impor #{run} dibuat oleh {user}; operator data hanya dapat membatalkan impornya sendiri. Minta admin.",
        "en": "Import #{run} was made by {user}; data staff can undo only their own imports. Ask an admin.",
    },
    "auth.failed": {
        "id": "Nama pengguna atau kata sandi salah, atau akun nonaktif.",
        "en": "Wrong username or password, or the account is disabled.",
    },
    "auth.throttled": {
        "id": "Terlalu banyak percobaan gagal. Coba lagi dalam {minutes} menit atau minta admin mengatur ulang kata sandi.",
        "en": "Too many failed attempts. Try again in {minutes} minutes or ask an admin to reset the password.",
    },
    "auth.bad_username": {
        "id": "Nama pengguna 3–80 karakter: huruf kecil, angka, titik, garis bawah, minus atau @.",
        "en": "Usernames are 3–80 characters: lower-case letters, digits, dot, underscore, minus or @.",
    },
    "auth.password_short": {
        "id": "Kata sandi minimal {n} karakter.",
        "en": "Passwords need at least {n} characters.",
    },
    "auth.password_is_name": {
        "id": "Kata sandi tidak boleh sama dengan nama pengguna.",
        "en": "The password must not be the username.",
    },
    "auth.bad_role": {
        "id": "Peran harus salah satu dari: {roles}.",
        "en": "The role must be one of: {roles}.",
    },
    "auth.bad_province": {
        "id": "Koordinator perlu kode provinsi yang dilayani (34, 33, 35, 51, 52 atau 53).",
        "en": "A coordinator needs the code of a served province (34, 33, 35, 51, 52 or 53).",
    },
    "auth.admin_only": {
        "id": "Hanya admin yang boleh mengelola akun.",
        "en": "Only admins may manage accounts.",
    },
    "auth.exists": {"id": "Akun {name} sudah ada.", "en": "Account {name} already exists."},
    "auth.no_such_user": {"id": "Akun {name} tidak ada.", "en": "There is no account {name}."},
    "auth.not_yourself": {
        "id": "Anda tidak dapat menonaktifkan akun Anda sendiri.",
        "en": "You cannot disable your own account.",
    },
    "auth.last_admin": {
        "id": "Ini admin aktif terakhir; buat admin lain dahulu.",
        "en": "This is the last active admin; create another admin first.",
    },
    "signin.title": {"id": "Masuk", "en": "Sign in"},
    "signin.intro": {
        "id": "Masuk dengan akun yang dibuat admin. Peta dan ringkasan angka agregat {public}.",
        "en": "Sign in with the account an admin created for you. The map and briefing aggregates {public}.",
    },
    "signin.public_yes": {
        "id": "juga terbuka tanpa masuk",
        "en": "are also open without signing in",
    },
    "signin.public_no": {
        "id": "hanya untuk pengguna yang masuk",
        "en": "are for signed-in users only",
    },
    "signin.username": {"id": "Nama pengguna", "en": "Username"},
    "signin.password": {"id": "Kata sandi", "en": "Password"},
    "signin.submit": {"id": "Masuk", "en": "Sign in"},
    "signin.sso": {
        "id": "Masuk dengan akun instansi (SSO)",
        "en": "Sign in with your organisation account (SSO)",
    },
    "signin.sso_unknown": {
        "id": "Akun SSO {email} belum terdaftar atau nonaktif. Minta admin membuat akun dengan nama pengguna itu.",
        "en": "SSO account {email} is not registered or is disabled. Ask an admin to create an account with that username.",
    },
    "signin.done": {
        "id": "Anda masuk sebagai {name} ({role}).",
        "en": "You are signed in as {name} ({role}).",
    },
    "signin.expires": {
        "id": "Sesi berlaku {hours} jam, juga setelah halaman dimuat ulang.",
        "en": "The session lasts {hours} hours, across page reloads.",
    },
    "signin.own_password": {"id": "Ganti kata sandi", "en": "Change password"},
    "signin.new_password": {"id": "Kata sandi baru", "en": "New password"},
    "signin.password_changed": {
        "id": "Kata sandi diganti. Silakan masuk lagi.",
        "en": "Password changed. Please sign in again.",
    },
    "err.secret_missing": {
        "id": "Konfigurasi belum lengkap: {detail}",
        "en": "Configuration incomplete: {detail}",
    },
    "admin.title": {"id": "Admin", "en": "Admin"},
    "admin.users": {"id": "Pengguna", "en": "Users"},
    "admin.audit": {"id": "Log audit", "en": "Audit log"},
    "admin.settings": {"id": "Pengaturan", "en": "Settings"},
    "admin.add": {"id": "Tambah akun", "en": "Add an account"},
    "admin.display_name": {"id": "Nama tampilan", "en": "Display name"},
    "admin.role": {"id": "Peran", "en": "Role"},
    "admin.province": {"id": "Provinsi (koordinator)", "en": "Province (coordinator)"},
    "admin.created": {"id": "Akun {name} dibuat.", "en": "Account {name} created."},
    "admin.pick": {"id": "Akun", "en": "Account"},
    "admin.change": {"id": "Simpan peran", "en": "Save role"},
    "admin.changed": {"id": "Akun {name} diperbarui.", "en": "Account {name} updated."},
    "admin.disable": {"id": "Nonaktifkan", "en": "Disable"},
    "admin.enable": {"id": "Aktifkan", "en": "Enable"},
    "admin.reset": {"id": "Setel kata sandi baru", "en": "Set a new password"},
    "admin.col.username": {"id": "Nama pengguna", "en": "Username"},
    "admin.col.display_name": {"id": "Nama tampilan", "en": "Display name"},
    "admin.col.role": {"id": "Peran", "en": "Role"},
    "admin.col.province_code": {"id": "Provinsi", "en": "Province"},
    "admin.col.active": {"id": "Aktif", "en": "Active"},
    "admin.col.created_at": {"id": "Dibuat", "en": "Created"},
    "admin.col.at": {"id": "Waktu", "en": "Time"},
    "admin.col.actor": {"id": "Siapa", "en": "Who"},
    "admin.col.action": {"id": "Tindakan", "en": "Action"},
    "admin.col.target": {"id": "Sasaran", "en": "Target"},
    "admin.col.detail": {"id": "Rincian", "en": "Detail"},
    "admin.col.client": {"id": "Klien", "en": "Client"},
    "admin.audit_filter": {"id": "Tindakan", "en": "Action"},
    "admin.public": {
        "id": "Halaman agregat (peta, ringkasan) untuk pengunjung yang belum masuk",
        "en": "Aggregate pages (map, briefing) for visitors who have not signed in",
    },
    "admin.public.auto": {
        "id": "otomatis: terbuka hanya selama data contoh",
        "en": "automatic: open only while demo data",
    },
    "admin.public.yes": {"id": "terbuka", "en": "open"},
    "admin.public.no": {"id": "tertutup (harus masuk)", "en": "closed (sign-in required)"},
    "admin.public_now": {"id": "Saat ini: {state}.", "en": "Now: {state}."},
    "admin.saved": {"id": "Pengaturan disimpan.", "en": "Setting saved."},
    "admin.config": {
        "id": "Konfigurasi server (dari lingkungan; rahasia tidak ditampilkan)",
        "en": "Server configuration (from the environment; secrets not shown)",
    },
    "audit.sign_in": {"id": "masuk", "en": "sign-in"},
    "audit.sign_in_failed": {"id": "gagal masuk", "en": "failed sign-in"},
    "audit.sign_in_throttled": {"id": "masuk ditahan", "en": "sign-in held"},
    "audit.sign_out": {"id": "keluar", "en": "sign-out"},
    "audit.import": {"id": "impor", "en": "import"},
    "audit.undo": {"id": "pembatalan impor", "en": "undo"},
    "audit.export": {"id": "unduhan/ekspor", "en": "download/export"},
    "audit.user_add": {"id": "akun dibuat", "en": "account created"},
    "audit.user_change": {"id": "peran diubah", "en": "role changed"},
    "audit.user_disable": {"id": "akun dinonaktifkan", "en": "account disabled"},
    "audit.user_enable": {"id": "akun diaktifkan", "en": "account enabled"},
    "audit.user_password": {"id": "kata sandi diganti", "en": "password changed"},
    "audit.setting": {"id": "pengaturan", "en": "setting"},
    # --- setup (CLI) -------------------------------------------------------------------
    "setup.boundaries_checked": {
        "id": "Batas wilayah diperiksa (checksum cocok): {path}",
        "en": "Boundaries checked (checksums match): {path}",
    },
    "setup.boundaries_installed": {
        "id": "Batas wilayah dipasang dari {source} ke {path}",
        "en": "Boundaries installed from {source} into {path}",
    },
    "setup.schema": {
        "id": "Basis data siap, skema terbaru: {url}",
        "en": "Database reachable, schema up to date: {url}",
    },
    "setup.regions": {"id": "Daftar wilayah dimuat", "en": "Region list loaded"},
    "setup.regions_present": {
        "id": "Daftar wilayah sudah ada",
        "en": "Region list already present",
    },
    "setup.aggregates_current": {
        "id": "Tabel ringkasan mutakhir",
        "en": "Summary tables up to date",
    },
    "setup.aggregates_rebuilt": {
        "id": "Tabel ringkasan dibangun ulang",
        "en": "Summary tables rebuilt",
    },
    "setup.demo_present": {
        "id": "Data sudah ada; data contoh tidak dimuat",
        "en": "Data already present; demo data not loaded",
    },
    "setup.demo_loaded": {
        "id": "Data contoh dimuat: {facilitators} pendamping, {batches} angkatan, {enterprises} usaha KPM",
        "en": "Demo data loaded: {facilitators} facilitators, {batches} batches, {enterprises} KPM enterprises",
    },
}


def t(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**params) if params else text


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def md(text: object) -> str:
    """Text from users (URL parameters, file contents, names) made inert for Streamlit's
    markdown: every punctuation mark that could start a link, an image, HTML, a directive
    (``:red[…]``) or LaTeX is backslash-escaped, so it shows as typed."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def tmd(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    """``t`` for text shown as markdown whose parameters may come from users."""
    return t(key, lang, **{k: md(v) if isinstance(v, str) else v for k, v in params.items()})


def normalise_lang(value: str | None) -> str:
    return value if value in LANGS else DEFAULT_LANG


# What every figure shows when there is no value: an empty selection's share, a median of no
# enterprises, a district's training figures (not recorded per district). Never "NaN" or "None".
MISSING = "—"


def missing(value: object) -> bool:
    """None, NaN, NaT or pandas' NA: a figure with no value."""
    return value is None or bool(pd.isna(value))


def fmt_int(value: float | None, lang: str = DEFAULT_LANG) -> str:
    if missing(value):
        return MISSING
    return format_decimal(round(value), locale=_LOCALES[lang])


def fmt_num(value: float | None, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    if missing(value):
        return MISSING
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=_LOCALES[lang])


def fmt_money_short(value: float | None, lang: str = DEFAULT_LANG) -> str:
    """Rupiah in a compact form for figures: ``Rp 1,05 jt`` / ``Rp 1.05M``."""
    if missing(value):
        return MISSING
    digits = 2 if abs(value) >= 1_000_000 else 0  # Rp 1,06 jt / Rp 934 rb
    return "Rp " + format_compact_decimal(value, fraction_digits=digits, locale=_LOCALES[lang])


def fmt_cell(value: object, lang: str = DEFAULT_LANG) -> str:
    """A table cell as shown on a page: whole numbers with the language's thousands
    separator ("46.110" / "46,110"), other numbers with one decimal, text as it is. Tables
    keep their numbers (downloads, sorting); this is how the grid displays them."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return "" if value is None else str(value)
    if missing(value):
        return MISSING
    if float(value).is_integer():
        return fmt_int(value, lang)
    return fmt_num(value, lang)


def fmt_pct(fraction: float | None, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """A fraction (0.768) as a percentage (76,8%)."""
    if missing(fraction):
        return MISSING
    pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
    return format_percent(fraction, format=pattern, locale=_LOCALES[lang])


def fmt_date(value: date | None, lang: str = DEFAULT_LANG) -> str:
    if missing(value):
        return MISSING
    return format_date(value, format="d MMMM y", locale=_LOCALES[lang])


def fmt_date_short(value: date, lang: str = DEFAULT_LANG) -> str:
    """``16 Okt 2020`` / ``16 Oct 2020``."""
    return format_date(value, format="d MMM y", locale=_LOCALES[lang])


def fmt_date_range(start: date, end: date, lang: str = DEFAULT_LANG) -> str:
    """``16–27 Okt 2020`` / ``28 Sep–9 Okt 2020``."""
    return format_interval(start, end, "yMMMd", locale=_LOCALES[lang])


def fmt_datetime(value: datetime | None, lang: str = DEFAULT_LANG) -> str:
    if missing(value):
        return MISSING
    return format_datetime(
        value, format="d MMMM y HH.mm" if lang == "id" else "d MMMM y HH:mm", locale=_LOCALES[lang]
    )
