"""The text of the "About the data" page, per language, for the area this deployment serves."""

from __future__ import annotations

from atlas.core import areas

# The first sentence names the area; the rest is the same everywhere.
INTRO = {
    "id": "**PKH Atlas** memetakan dua hal untuk {scope} ({names}):",
    "en": "**PKH Atlas** maps two things for {scope}: {names}. Provinces and regions keep\ntheir own names throughout, as on the map:",
}
# Said after the first sentence when the area's province list is not the centre's own word.
BASIS = {
    "id": {
        "partly sourced": "Daftar provinsi wilayah kerja ini sebagian bersumber dari berita resmi, "
        "sebagian disimpulkan; belum dikonfirmasi oleh balai.",
        "inferred": "Daftar provinsi wilayah kerja ini disimpulkan dari nama balai; belum "
        "dikonfirmasi oleh balai.",
        "sourced": "Daftar provinsi wilayah kerja ini bersumber dari berita resmi; belum "
        "dikonfirmasi oleh balai.",
    },
    "en": {
        "partly sourced": "This working area's province list is partly sourced from official "
        "news, partly inferred; the centre has not confirmed it yet.",
        "inferred": "This working area's province list is inferred from the centre's name; the "
        "centre has not confirmed it yet.",
        "sourced": "This working area's province list comes from official news; the centre has "
        "not confirmed it yet.",
    },
}
SCOPE = {
    "id": ("wilayah kerja {office}", "seluruh Indonesia"),
    "en": ("the working area of {office}", "the whole of Indonesia"),
}
# The country's provinces are counted, not listed.
COUNTED = {"id": "{n} provinsi", "en": "its {n} provinces"}
# In English each province is glossed once: its short name, and its English name if it has one.
ENGLISH = {
    "12": "North Sumatra",
    "13": "West Sumatra",
    "16": "South Sumatra",
    "19": "Bangka Belitung Islands",
    "21": "Riau Islands",
    "32": "West Java",
    "33": "Central Java",
    "35": "East Java",
    "52": "West Nusa Tenggara",
    "53": "East Nusa Tenggara",
    "61": "West Kalimantan",
    "62": "Central Kalimantan",
    "63": "South Kalimantan",
    "64": "East Kalimantan",
    "65": "North Kalimantan",
    "71": "North Sulawesi",
    "72": "Central Sulawesi",
    "73": "South Sulawesi",
    "74": "Southeast Sulawesi",
    "76": "West Sulawesi",
    "82": "North Maluku",
    "91": "Papua",
    "92": "West Papua",
    "93": "South Papua",
    "94": "Central Papua",
    "95": "Highland Papua",
    "96": "Southwest Papua",
}

ABOUT = {
    "id": """
{intro}

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
{intro}

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


def _names(area: areas.Area, lang: str) -> str:
    if lang != "en":
        return ", ".join(areas.full_name(c) for c in area.provinces)
    names = []
    for code in area.provinces:
        full, short = areas.full_name(code), areas.PROVINCES[code]
        gloss = [g for g in (short, ENGLISH.get(code)) if g and g != full and g not in full]
        names.append(f"{full} ({', '.join(gloss)})" if gloss else full)
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def intro(area: areas.Area, lang: str) -> str:
    lang = lang if lang in INTRO else "id"
    office_scope, national_scope = SCOPE[lang]
    scope = national_scope if area.national else office_scope.format(office=area.office)
    if area.national:
        names = COUNTED[lang].format(n=len(area.provinces))
    else:
        names = _names(area, lang)
    return INTRO[lang].format(scope=scope, names=names)


# In the country's deployment the demo holds every centre (atlas/store/demo.py): said after
# where the figures come from, before the boundaries.
COUNTRY_DEMO = {
    "id": "Di deployment nasional data contoh juga memuat kelima balai lainnya: sekitar "
    "40.000 pendamping seluruhnya, disebar ke provinsi menurut jumlah kecamatan dan dilatih "
    "pada gelombang yang sama dengan proporsi Yogyakarta. Angka balai-balai itu **rekaan "
    "(ilustratif)**; hanya enam provinsi Regional III Yogyakarta yang mengikuti berita di atas.",
    "en": "In the country's deployment the demo data holds the other five centres too: about "
    "40,000 facilitators in all, spread over the provinces by their number of districts and "
    "trained in the same waves in Yogyakarta's shares. Those centres' figures are **invented "
    "(illustrative)**; only Regional III Yogyakarta's six provinces follow the news item above.",
}


def about_markdown(lang: str, area: areas.Area | None = None) -> str:
    area = area or areas.current()
    lang = lang if lang in ABOUT else "id"
    text = ABOUT[lang].replace("{intro}", intro(area, lang), 1)
    if area.national:
        head, boundaries = text.rsplit("\n#### ", 1)
        text = f"{head}\n{COUNTRY_DEMO[lang]}\n\n#### {boundaries}"
    if area.confirmed:
        return text
    # Under what the app maps, before how to read the figures.
    head, rest = text.split("\n#### ", 1)
    return f"{head}\n*{BASIS[lang][area.basis]}*\n\n#### {rest}"
