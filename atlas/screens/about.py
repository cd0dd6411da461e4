"""The text of the "About the data" page, per language."""

from __future__ import annotations

ABOUT = {
    "id": """
**PKH Atlas** memetakan dua hal untuk wilayah kerja BBPPKS Yogyakarta (DI Yogyakarta,
Jawa Tengah, Jawa Timur, Bali, Nusa Tenggara Barat, Nusa Tenggara Timur):

1. **Jangkauan Diklat P2K2/FDS** — pendamping PKH mana yang telah mengikuti diklat, pada
   gelombang dan angkatan berapa, dibandingkan dengan daftar (roster) pendamping tiap
   kabupaten/kota.
2. **Usaha KPM** — usaha keluarga penerima manfaat yang didampingi para pendamping itu.

#### Cara membaca angka

| Istilah | Arti |
| --- | --- |
| Target pendamping | jumlah pendamping dalam roster wilayah terpilih (sasaran diklat) |
| Telah dilatih | peserta angkatan yang sudah selesai pada tanggal acuan, kecuali yang tidak lulus atau mengundurkan diri |
| Sedang diklat | peserta angkatan yang sedang berjalan pada tanggal acuan |
| Rencana | peserta angkatan yang belum dimulai pada tanggal acuan |
| Cakupan | telah dilatih ÷ target |
| Gelombang / Angkatan | gelombang I–XI; angkatan ±30 peserta |

Saringan gelombang dan angkatan juga berlaku untuk usaha KPM: yang dihitung adalah usaha
keluarga yang didampingi pendamping dari angkatan terpilih.

#### Sumber angka contoh

Berita BBPPKS Yogyakarta, 16 Oktober 2020: 4.371 pendamping dari enam provinsi dilatih dalam
146 angkatan dan 11 gelombang; gelombang I–VIII telah diikuti 3.359 peserta; gelombang IX
(16–27 Oktober 2020, 14 angkatan paralel, daring) diikuti 420 peserta dari DIY, Jawa Timur
dan NTT. Data contoh di aplikasi ini disusun agar sesuai dengan angka-angka tersebut; nama
pendamping dan usaha KPM-nya rekaan.

#### Batas wilayah

Batas wilayah: cahyadsn/wilayah_boundaries (MIT), kode wilayah: cahyadsn/wilayah (MIT),
Kepmendagri No 300.2.2-2138 Tahun 2025. Lisensi lengkap ada di `SOURCE.md` yang dipasang
bersama berkas batas wilayah.
""",
    "en": """
**PKH Atlas** maps two things for the working area of BBPPKS Yogyakarta: DI Yogyakarta (DIY),
Jawa Tengah (Central Java), Jawa Timur (East Java), Bali, Nusa Tenggara Barat (NTB, West
Nusa Tenggara) and Nusa Tenggara Timur (NTT, East Nusa Tenggara). Provinces and regions keep
their own names throughout, as on the map:

1. **Reach of the Diklat P2K2/FDS training** — which PKH facilitators have been trained, in
   which wave (gelombang) and batch (angkatan), against the roster of facilitators of each
   regency.
2. **KPM enterprises** — the businesses of beneficiary families accompanied by those
   facilitators.

#### How to read the figures

| Term | Meaning |
| --- | --- |
| Facilitator target | facilitators on the roster of the selected area (the training target) |
| Trained | participants of batches finished by the as-of date, except those who failed or withdrew |
| In training | participants of batches running on the as-of date |
| Planned | participants of batches that have not started by the as-of date |
| Coverage | trained ÷ target |
| Wave / Batch | waves I–XI; a batch has about 30 participants |

The wave and batch filters also apply to KPM enterprises: they count the enterprises of
families accompanied by facilitators of the selected batches.

#### Where the demo figures come from

BBPPKS Yogyakarta news item of 16 October 2020: 4,371 facilitators of six provinces are
trained in 146 batches over 11 waves; waves I–VIII had 3,359 participants; wave IX
(16–27 October 2020, 14 parallel online batches) has 420 participants from DIY, Jawa Timur
and NTT. The demo data reproduces these figures; facilitator and enterprise names are made up.

#### Boundaries

Boundaries: cahyadsn/wilayah_boundaries (MIT), region codes: cahyadsn/wilayah (MIT),
Kepmendagri No 300.2.2-2138 Tahun 2025. The full licences are in `SOURCE.md`, installed
with the boundary files.
""",
}


def about_markdown(lang: str) -> str:
    return ABOUT.get(lang, ABOUT["id"])
