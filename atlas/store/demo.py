"""The illustrative demo dataset, generated deterministically (fixed seed).

It reproduces the figures of the BBPPKS Yogyakarta article of 16 October 2020:
4.371 facilitators of six provinces in 146 batches over 11 waves; waves I–VIII held with
3.359 participants; wave IX (14 parallel online batches, 16–27 October 2020) with 420
participants from DIY, Jawa Timur and NTT; waves X–XI with the remaining 592. Every roster
facilitator sits in exactly one batch. Enterprises of KPM families are generated around the
facilitators who accompany them; ``scale`` multiplies their number (for benchmarks) without
touching the training figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

import numpy as np
import pandas as pd
from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection, Engine

from atlas.core import areas, config, progress
from atlas.core.access import Denied, Principal
from atlas.core.privacy import nik_hash
from atlas.store import aggregates, audit, db
from atlas.store.db import bulk_insert, reset_sequences, set_meta
from atlas.store.models import (
    Batch,
    Enterprise,
    Facilitator,
    GraduationTarget,
    ImportChange,
    ImportRun,
    Region,
    Training,
    Wave,
)

SEED = 20201016
# The ministry's aim for 2020: to graduate one million KPM families from PKH (the source
# article's first sentence), as (year, area) -> target.
TARGETS = {(2020, areas.NATIONAL): 1_000_000}
AS_OF = date(2020, 10, 16)
ENTERPRISES_PER_FACILITATOR = 9.0  # about 40.000 enterprises at scale 1
MAKING = "progress.demo"  # what the generator reports, a message key
CHUNK_ENTERPRISES = 400_000  # generated and written per step of the scale generator

# Roster by province (Jawa Timur and Jawa Tengah largest, as in the programme).
ROSTER = {"35": 1650, "33": 1500, "53": 471, "52": 380, "34": 200, "51": 170}
# Who trains when. Wave IX: DIY, Jawa Timur and NTT only (the article).
WAVE_IX = {"34": 60, "35": 240, "53": 120}
WAVES_X_XI = {"33": 220, "35": 150, "52": 80, "53": 70, "34": 42, "51": 30}

# (start, end) of each wave; the batches of a wave run in parallel.
WAVE_DATES = {
    1: (date(2020, 2, 10), date(2020, 2, 21)),
    2: (date(2020, 3, 2), date(2020, 3, 13)),
    3: (date(2020, 7, 6), date(2020, 7, 17)),
    4: (date(2020, 7, 20), date(2020, 7, 31)),
    5: (date(2020, 8, 3), date(2020, 8, 14)),
    6: (date(2020, 8, 24), date(2020, 9, 4)),
    7: (date(2020, 9, 14), date(2020, 9, 25)),
    8: (date(2020, 9, 28), date(2020, 10, 9)),
    9: (date(2020, 10, 16), date(2020, 10, 27)),
    10: (date(2020, 11, 2), date(2020, 11, 13)),
    11: (date(2020, 11, 23), date(2020, 12, 4)),
}
LURING_WAVES = {1, 2}  # before the pandemic; afterwards e-learning (daring)
BATCHES_PER_WAVE = {**{w: 14 for w in range(1, 10)}, 10: 10, 11: 10}

VENUES = {  # classroom venues by province (approximate city-centre coordinates)
    "34": ("BBPPKS Yogyakarta", -7.7828, 110.3671),
    "33": ("Balai diklat, Kota Semarang", -6.9932, 110.4203),
    "35": ("Balai diklat, Kota Surabaya", -7.2575, 112.7521),
    "51": ("Balai diklat, Kota Denpasar", -8.6705, 115.2126),
    "52": ("Balai diklat, Kota Mataram", -8.5833, 116.1167),
    "53": ("Balai diklat, Kota Kupang", -10.1772, 123.6070),
}
ONLINE_VENUE = "Daring — e-learning BBPPKS Yogyakarta"

MALE = [
    "Agus",
    "Budi",
    "Joko",
    "Eko",
    "Rudi",
    "Heru",
    "Bambang",
    "Wahyu",
    "Dedi",
    "Hendra",
    "Arif",
    "Yohanes",
    "Made",
    "Ketut",
    "Lalu",
    "Fransiskus",
    "Imam",
    "Slamet",
    "Teguh",
    "Andi",
    "Rizky",
    "Fajar",
    "Dimas",
    "Yosef",
    "Nyoman",
    "Gede",
    "Ahmad",
    "Hadi",
]
FEMALE = [
    "Sri",
    "Siti",
    "Dewi",
    "Rina",
    "Wulan",
    "Endang",
    "Yuliana",
    "Ni Luh",
    "Putu",
    "Maria",
    "Ratna",
    "Nur",
    "Lestari",
    "Fitri",
    "Ayu",
    "Dian",
    "Indah",
    "Baiq",
    "Kadek",
    "Theresia",
    "Novi",
    "Yuni",
    "Tri",
    "Wahyuni",
    "Anisa",
    "Margareta",
]
FAMILY = [
    "Santoso",
    "Wibowo",
    "Saputra",
    "Lestari",
    "Rahayu",
    "Hidayat",
    "Prasetyo",
    "Setiawan",
    "Kurniawan",
    "Susanti",
    "Nugroho",
    "Pratama",
    "Wijaya",
    "Handayani",
    "Suryani",
    "Permana",
    "Ndun",
    "Fanggidae",
    "Tefa",
    "Sudarsana",
    "Astuti",
    "Ramadhan",
    "Maharani",
    "Utami",
    "Purnomo",
    "Hartono",
    "Kusuma",
    "Bere",
    "Manek",
    "Zainuddin",
]

SECTOR_P = {
    "kuliner": 0.31,
    "perdagangan": 0.27,
    "kerajinan": 0.08,
    "pertanian": 0.11,
    "peternakan": 0.09,
    "perikanan": 0.05,
    "jasa": 0.06,
    "lainnya": 0.03,
}
SECTOR_NAMES = {
    "kuliner": [
        "Keripik Tempe",
        "Warung Makan",
        "Kue Basah",
        "Bakso",
        "Jamu",
        "Sambal",
        "Rempeyek",
        "Nasi Kuning",
        "Kopi Bubuk",
        "Gethuk",
    ],
    "perdagangan": [
        "Warung Kelontong",
        "Toko Sembako",
        "Jual Pulsa",
        "Toko Pakaian",
        "Warung Sayur",
        "Toko Plastik",
    ],
    "kerajinan": ["Anyaman Bambu", "Tenun Ikat", "Batik Tulis", "Gerabah", "Kerajinan Pandan"],
    "pertanian": ["Kebun Sayur", "Bibit Cabai", "Jamur Tiram", "Hidroponik", "Kebun Jagung"],
    "peternakan": ["Ternak Ayam", "Ternak Kambing", "Ternak Bebek", "Ternak Babi", "Sapi Potong"],
    "perikanan": ["Budidaya Lele", "Ikan Asin", "Rumput Laut", "Budidaya Nila"],
    "jasa": ["Jahit", "Cukur Rambut", "Servis Motor", "Laundry", "Salon"],
    "lainnya": ["Usaha Bersama", "Kios Serba Ada", "Sablon"],
}
STATUS_NAMES = ("rintisan", "berkembang", "mandiri", "tidak aktif")
# Families accompanied by facilitators trained earlier are further along (the article's
# argument); status mixes by how long ago the facilitator's wave ended.
STATUS_P_TRAINED_EARLY = (0.25, 0.38, 0.24, 0.13)
STATUS_P_TRAINED_LATE = (0.33, 0.36, 0.16, 0.15)
STATUS_P_UNTRAINED = (0.42, 0.32, 0.09, 0.17)
TURNOVER_MEDIAN = {
    "rintisan": 750_000,
    "berkembang": 2_200_000,
    "mandiri": 4_800_000,
    "tidak aktif": 150_000,
}
# Graduation histories (the training-impact page). A KPM family can graduate from a year
# after its enterprise starts, with one monthly hazard for every family (the same for every
# status and wave, so that trends are parallel by construction: the demo tests the estimator
# on data that meets its assumptions); once the accompanying facilitator's batch has ended
# (from the first day of the next month) the hazard is TRAINING_EFFECT times higher: the
# effect the impact page's estimator must recover. Families are followed to HISTORY_END:
# enterprise records of the demo run beyond the article's date, so that a year after the
# last wave can be seen.
GRADUATION_HAZARD = 0.0063
TRAINING_EFFECT = 2.0
HISTORY_END = date(2021, 12, 31)
# A shock every family shares, whatever its facilitator: the pandemic (large-scale social
# restrictions from April 2020) cut graduations, partly recovered in 2021. A comparison of
# the months before and after training with no untrained facilitators beside it mistakes
# it for the training's effect; the event study's controls take it out.
CALENDAR = ((date(2020, 4, 1), 0.4), (date(2021, 1, 1), 0.8))
GRADUATION_DELAY_DAYS = 365
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class DemoReport:
    facilitators: int
    batches: int
    participants: int
    enterprises: int


class RealDataPresent(RuntimeError):
    """Refuses to wipe data that was imported by people."""


class NotForArea(RuntimeError):
    """The demo's facilitators are in Yogyakarta's six provinces: an area without them
    would show a demo none of whose rows it can draw."""

    def __init__(self, area: areas.Area) -> None:
        super().__init__(
            f"Data contoh mengikuti berita BBPPKS Yogyakarta (enam provinsi) dan tidak dimuat "
            f"untuk {area.title} (ATLAS_AREA={area.code}); data contoh nasional belum tersedia."
        )


def covers(area: areas.Area) -> bool:
    """Whether the area holds every province the demo has facilitators in."""
    return set(ROSTER) <= set(area.provinces)


def _allocate(total: int, weights: np.ndarray, minimum: int) -> np.ndarray:
    """Largest-remainder allocation of ``total`` over ``weights``, each at least ``minimum``."""
    n = len(weights)
    base = np.full(n, minimum)
    rest = total - base.sum()
    share = weights / weights.sum() * rest
    out = base + np.floor(share).astype(int)
    remainder = total - out.sum()
    order = np.argsort(-(share - np.floor(share)), kind="stable")
    out[order[:remainder]] += 1
    return out


def _regency_rosters(
    rng: np.random.Generator, regions: pd.DataFrame, roster: dict[str, int] = ROSTER
) -> pd.DataFrame:
    """``roster`` (province -> facilitators) spread over each province's regencies, by their
    districts (a city's a little less), at least 6 a regency."""
    regencies = regions[regions.level == "regency"].copy()
    districts = regions[regions.level == "district"].groupby("parent_code").size()
    regencies["districts"] = regencies.code.map(districts).fillna(1).astype(int)
    rows = []
    for province, total in roster.items():
        part = regencies[regencies.parent_code == province].sort_values("code")
        noise = rng.lognormal(0.0, 0.25, len(part))
        city = np.where(part.kind == "Kota", 0.6, 1.0)
        weights = part.districts.to_numpy() * noise * city
        counts = _allocate(total, weights, minimum=6)
        rows.append(
            pd.DataFrame(
                {"regency_code": part.code.to_numpy(), "province_code": province, "roster": counts}
            )
        )
    return pd.concat(rows, ignore_index=True)


def _names(rng: np.random.Generator, sexes: np.ndarray) -> list[str]:
    first_m = rng.choice(MALE, len(sexes))
    first_f = rng.choice(FEMALE, len(sexes))
    family = rng.choice(FAMILY, len(sexes))
    return [
        f"{(m if s == 'L' else f)} {fam}" for s, m, f, fam in zip(sexes, first_m, first_f, family)
    ]


def _facilitators(rng: np.random.Generator, rosters: pd.DataFrame) -> pd.DataFrame:
    codes = np.repeat(rosters.regency_code.to_numpy(), rosters.roster.to_numpy())
    n = len(codes)
    seq = pd.Series(codes).groupby(codes).cumcount().to_numpy() + 1
    sexes = np.where(rng.random(n) < 0.58, "P", "L")
    roles = np.full(n, "Pendamping Sosial", dtype=object)
    roles[seq == 1] = "Koordinator Kabupaten/Kota"
    roles[seq == 2] = "Administrator Pangkalan Data"
    roles[(seq > 2) & (rng.random(n) < 0.04)] = "Supervisor"
    roles[(seq == 3) & (rng.random(n) < 0.15)] = "Koordinator Wilayah"
    joined = [date(2016, 1, 4) + timedelta(days=int(d)) for d in rng.integers(0, 365 * 4, n)]
    return pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "official_id": [f"PD{c.replace('.', '')}{s:04d}" for c, s in zip(codes, seq)],
            "name": _names(rng, sexes),
            "sex": sexes,
            "regency_code": codes,
            "province_code": [c[:2] for c in codes],
            "role": roles,
            "joined_date": joined,
        }
    )


def _extra_facilitators(
    rng: np.random.Generator, rosters: pd.DataFrame, count: int, first_id: int
) -> pd.DataFrame:
    """Facilitators beyond the article's roster (the scale generator): spread like the roster,
    not yet scheduled for training, so every article figure about training stays as it is."""
    per_regency = _allocate(count, rosters.roster.to_numpy(dtype=float), minimum=0)
    codes = np.repeat(rosters.regency_code.to_numpy(), per_regency)
    n = len(codes)
    seq = pd.Series(codes).groupby(codes).cumcount().to_numpy() + 1
    sexes = np.where(rng.random(n) < 0.58, "P", "L")
    return pd.DataFrame(
        {
            "id": np.arange(first_id, first_id + n),
            "official_id": pd.Series(codes).str.replace(".", "", regex=False).radd("PX")
            + pd.Series(seq).map("{:05d}".format),
            "name": _names(rng, sexes),
            "sex": sexes,
            "regency_code": codes,
            "province_code": pd.Series(codes).str[:2],
            "role": "Pendamping Sosial",
            "joined_date": date(2020, 7, 1),
        }
    )


def _batch_sizes(total: int, batches: int) -> list[int]:
    """Sizes of about 30 that add up to ``total``; larger batches first."""
    base, extra = divmod(total, batches)
    return [base + 1] * extra + [base] * (batches - extra)


@dataclass(frozen=True)
class _Plan:
    """Who of a centre trains when, and where: the facilitators of wave IX and of waves
    X–XI by province (the rest in waves I–VIII), the batches of each wave, the classroom
    venue of each province and the online one."""

    roster: dict[str, int]
    wave_ix: dict[str, int]
    waves_x_xi: dict[str, int]
    batches_per_wave: dict[int, int]
    venues: dict[str, tuple[str, float, float]]
    online: str


YOGYAKARTA = _Plan(ROSTER, WAVE_IX, WAVES_X_XI, BATCHES_PER_WAVE, VENUES, ONLINE_VENUE)


def _assign_batches(
    rng: np.random.Generator, fac: pd.DataFrame, plan: _Plan = YOGYAKARTA, first: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Choose each facilitator's batch, batches numbered after ``first``. Returns
    (batches, training)."""
    group = np.zeros(len(fac), dtype=int)  # 0: waves I–VIII, 1: wave IX, 2: waves X–XI
    counted = ((p, (plan.wave_ix.get(p, 0), plan.waves_x_xi.get(p, 0))) for p in plan.roster)
    for province, counts in counted:
        idx = np.flatnonzero(fac.province_code.to_numpy() == province)
        idx = rng.permutation(idx)
        n9, n10 = counts
        group[idx[:n9]] = 1
        group[idx[n9 : n9 + n10]] = 2

    groups = {0: range(1, 9), 1: range(9, 10), 2: range(10, 12)}
    batch_rows = []
    training_rows = []
    number = first
    for g, waves in groups.items():
        members = fac[group == g]
        # Batches gather facilitators of one province where possible, regencies mixed.
        order = members.assign(r=rng.random(len(members))).sort_values(["province_code", "r"])
        n_batches = sum(plan.batches_per_wave[w] for w in waves)
        sizes = _batch_sizes(len(order), n_batches)
        chunks = np.split(order.id.to_numpy(), np.cumsum(sizes)[:-1])
        provinces = np.split(order.province_code.to_numpy(), np.cumsum(sizes)[:-1])
        # Spread the provinces over the waves of the group instead of one province per wave.
        slots = [w for w in waves for _ in range(plan.batches_per_wave[w])]
        perm = rng.permutation(len(chunks))
        pairs = sorted(zip(slots, perm), key=lambda p: (p[0], p[1]))
        for wave, chunk_index in pairs:
            number += 1
            ids = chunks[chunk_index]
            main_province = pd.Series(provinces[chunk_index]).mode().iloc[0]
            start, end = WAVE_DATES[wave]
            if wave in LURING_WAVES:
                venue, lat, lon = plan.venues[main_province]
                mode = "luring"
            else:
                venue, lat, lon, mode = plan.online, None, None, "daring"
            batch_rows.append(
                {
                    "id": number,
                    "number": number,
                    "wave_number": wave,
                    "start_date": start,
                    "end_date": end,
                    "mode": mode,
                    "venue": venue,
                    "venue_lat": lat,
                    "venue_lon": lon,
                }
            )
            for fid in ids:
                training_rows.append((int(fid), number, wave))
    batches = pd.DataFrame(batch_rows)
    training = pd.DataFrame(training_rows, columns=["facilitator_id", "batch_id", "wave"])
    done = training.wave <= 8
    training["status"] = np.where(done, "lulus", "terdaftar")
    pre = rng.normal(58, 9, len(training)).clip(20, 90).round(1)
    post = (pre + rng.normal(18, 6, len(training))).clip(60, 100).round(1)
    training["pre_score"] = np.where(training.wave <= 9, pre, np.nan)  # IX took its pre-test
    training["post_score"] = np.where(done, post, np.nan)
    training.insert(0, "id", np.arange(1, len(training) + 1))
    return batches, training


# The country's demo (ATLAS_AREA=nasional): Yogyakarta's centre as above, figure for figure,
# and every other centre illustrative — PKH's facilitators, about 40.000 in all (issue #34),
# spread over the provinces by their districts, trained in the same waves in Yogyakarta's
# shares, in batches of their own numbered after Yogyakarta's. Each centre draws from its
# own generator, so Yogyakarta's draws are the same as in its own deployment.
COUNTRY_ROSTER = 40_000


def _centre_plans(regions: pd.DataFrame, shapes: dict | None) -> list[_Plan]:
    """The plan of each centre besides Yogyakarta's."""
    others = [a for a in areas.CENTRES if not set(ROSTER) <= set(a.provinces)]
    provinces = [p for a in others for p in a.provinces]
    districts = regions[regions.level == "district"].code.str[:2].value_counts()
    weights = districts.reindex(provinces).fillna(1).to_numpy(dtype=float)
    ours = sum(ROSTER.values())
    counts = dict(zip(provinces, _allocate(COUNTRY_ROSTER - ours, weights, minimum=60)))
    plans = []
    for centre in others:
        roster = {p: int(counts[p]) for p in centre.provinces}
        size = sum(roster.values()) / ours
        plans.append(
            _Plan(
                roster,
                {p: round(n * sum(WAVE_IX.values()) / ours) for p, n in roster.items()},
                {p: round(n * sum(WAVES_X_XI.values()) / ours) for p, n in roster.items()},
                {w: max(1, round(b * size)) for w, b in BATCHES_PER_WAVE.items()},
                {p: _venue(regions, shapes, p) for p in roster},
                f"Daring — e-learning {centre.office}",
            )
        )
    return plans


def _venue(regions: pd.DataFrame, shapes: dict | None, province: str) -> tuple:
    """A classroom in the province's first city (its lowest-coded Kota, else regency)."""
    regencies = regions[(regions.level == "regency") & (regions.parent_code == province)]
    cities = regencies[regencies.kind == "Kota"]
    first = (cities if len(cities) else regencies).sort_values("code").iloc[0]
    shape = (shapes or {}).get(first["code"])
    point = shape.representative_point() if shape is not None else None
    lat, lon = (round(point.y, 4), round(point.x, 4)) if point is not None else (None, None)
    return f"Balai diklat, {first['name']}", lat, lon


def _other_centres(regions, shapes, fac: pd.DataFrame, batches: pd.DataFrame, training):
    """Every other centre's facilitators, batches and training rows, numbered after
    Yogyakarta's (``fac``, ``batches``, ``training``)."""
    parts = []
    next_fac, next_batch, next_training = len(fac), int(batches.number.max()), len(training)
    for i, plan in enumerate(_centre_plans(regions, shapes), start=1):
        rng = np.random.default_rng([SEED, i])
        theirs = _facilitators(rng, _regency_rosters(rng, regions, plan.roster))
        theirs["id"] += next_fac
        b, t = _assign_batches(rng, theirs, plan, first=next_batch)
        t["id"] += next_training
        parts.append((theirs, b, t))
        next_fac, next_batch, next_training = (
            next_fac + len(theirs),
            next_batch + len(b),
            next_training + len(t),
        )
    return tuple(pd.concat(p, ignore_index=True) for p in zip(*parts))


def _points_in(rng: np.random.Generator, geom, n: int) -> np.ndarray:
    """``n`` random points inside a polygon (rejection sampling in its bounding box)."""
    import shapely

    minx, miny, maxx, maxy = geom.bounds
    out = np.empty((0, 2))
    shapely.prepare(geom)
    while len(out) < n:
        cand = np.column_stack([rng.uniform(minx, maxx, n * 3), rng.uniform(miny, maxy, n * 3)])
        inside = shapely.contains_xy(geom, cand[:, 0], cand[:, 1])
        out = np.vstack([out, cand[inside]])
    return out[:n]


def _enterprises(
    rng: np.random.Generator,
    fac: pd.DataFrame,
    training: pd.DataFrame,
    regions: pd.DataFrame,
    scale: float,
    key: bytes,
    regency_shapes: dict | None,
    trained_from: pd.Series,
    effect: float,
    first: int = 0,
) -> pd.DataFrame:
    """Enterprises of the families ``fac`` accompany, numbered from ``first``. Vectorised
    (numpy): the scale generator makes millions of rows, a chunk of facilitators at a time."""
    per = np.where(fac.role.to_numpy() == "Pendamping Sosial", ENTERPRISES_PER_FACILITATOR, 3.0)
    counts = rng.poisson(per * scale)
    n = int(counts.sum())
    fac_idx = np.repeat(np.arange(len(fac)), counts)
    fid = fac.id.to_numpy()[fac_idx]
    regency = fac.regency_code.to_numpy()[fac_idx]

    wave_of = training.set_index("facilitator_id").wave
    status = _statuses(rng, wave_of.reindex(fid).to_numpy())

    sectors = np.array(list(SECTOR_P), dtype=object)
    sector = rng.choice(sectors, n, p=np.array(list(SECTOR_P.values())))
    median = pd.Series(TURNOVER_MEDIAN).reindex(status).to_numpy(dtype=float)
    turnover = (np.exp(rng.normal(0, 0.55, n)) * median / 10_000).round().astype(np.int64) * 10_000
    workers = 1 + rng.poisson(
        np.where(status == "mandiri", 1.6, np.where(status == "berkembang", 0.7, 0.2))
    )
    workers = np.where(status == "tidak aktif", 0, workers)

    start = np.datetime64("2017-01-02")
    start_dates = start + rng.integers(0, (date(2020, 9, 30) - date(2017, 1, 2)).days, n).astype(
        "timedelta64[D]"
    )
    # Two draws of an earlier graduation model, kept so that every later draw (districts,
    # NIKs, coordinates) and so every other figure of the demo stays as it was.
    rng.random(n)
    rng.random(n)
    graduated, grad_dates = _graduations(
        np.random.default_rng([SEED, first]),
        start_dates,
        np.full(n, GRADUATION_HAZARD),
        trained_from.reindex(fid).to_numpy(dtype="datetime64[D]"),
        effect,
    )

    district = _districts(rng, regions, regency)
    has_district = rng.random(n) < 0.7
    niks, women = _niks(rng, district, first)
    names = _enterprise_names(rng, women, sector)
    lat, lon = _coordinates(rng, regency, regency_shapes)

    codes = pd.Series(regency).str.replace(".", "", regex=False)
    return pd.DataFrame(
        {
            "enterprise_code": "USH-"
            + codes
            + "-"
            + pd.Series(np.arange(first + 1, first + n + 1)).map("{:07d}".format),
            "kpm_hash": [nik_hash(x, key) for x in niks],
            "kpm_masked": niks.str[:4] + "********" + niks.str[-4:],
            "name": names,
            "sector": sector,
            "status": status,
            "regency_code": regency,
            "district_code": np.where(has_district, district, None),
            "facilitator_id": fid,
            "monthly_turnover": turnover,
            "workers": workers,
            "start_date": pd.Series(pd.to_datetime(start_dates).date, dtype=object),
            "graduated": graduated,
            "graduation_date": grad_dates,
            "lat": lat,
            "lon": lon,
        }
    )


# The helpers of ``_enterprises``, called in its order: each draws from ``rng`` as the one
# function did, so the demo's every figure stays the same.
def _statuses(rng: np.random.Generator, wave: np.ndarray) -> np.ndarray:
    """A status per enterprise, likelier to thrive when its facilitator was trained early."""
    early = wave <= 4
    late = (wave > 4) & (wave <= 8)
    u = rng.random(len(wave))
    status = np.empty(len(wave), dtype=object)
    for mask, probs in (
        (early, STATUS_P_TRAINED_EARLY),
        (late, STATUS_P_TRAINED_LATE),
        (~(early | late), STATUS_P_UNTRAINED),
    ):
        cum = np.cumsum(probs)
        status[mask] = np.array(STATUS_NAMES, dtype=object)[np.searchsorted(cum, u[mask] * cum[-1])]
    return status


def _districts(rng: np.random.Generator, regions: pd.DataFrame, regency: np.ndarray) -> np.ndarray:
    """A district of the enterprise's regency, uniformly: index into each regency's list."""
    districts = regions[regions.level == "district"].sort_values("code")
    by_regency = districts.groupby("parent_code").code.agg(list)
    flat = np.array([d for lst in by_regency for d in lst], dtype=object)
    sizes = by_regency.map(len)
    offsets = (sizes.cumsum() - sizes).reindex(regency).to_numpy()
    pick = (rng.random(len(regency)) * sizes.reindex(regency).to_numpy()).astype(int)
    return flat[offsets.astype(int) + pick]


def _niks(
    rng: np.random.Generator, district: np.ndarray, first: int
) -> tuple[pd.Series, np.ndarray]:
    """NIKs: district of issue (6 digits) + birth date DDMMYY (+40 for women) + sequence;
    and which KPM are women."""
    n = len(district)
    birth = pd.to_datetime(
        np.datetime64("1965-01-01") + rng.integers(0, 365 * 35, n).astype("timedelta64[D]")
    )
    women = rng.random(n) < 0.8
    day = birth.day.to_numpy() + np.where(women, 40, 0)
    seq = np.arange(first, first + n) % 10000
    niks = (
        pd.Series(district).str.replace(".", "", regex=False)
        + pd.Series(day).map("{:02d}".format)
        + pd.Series(birth.month).map("{:02d}".format)
        + pd.Series(birth.year % 100).map("{:02d}".format)
        + pd.Series(seq).map("{:04d}".format)
    )
    return niks, women


def _enterprise_names(rng: np.random.Generator, women: np.ndarray, sector: np.ndarray) -> pd.Series:
    """An enterprise's name: a kind of business of its sector and its owner's first name."""
    n = len(women)
    first_names = np.where(
        women,
        rng.choice(np.array(FEMALE, dtype=object), n),
        rng.choice(np.array(MALE, dtype=object), n),
    )
    kind = np.empty(n, dtype=object)
    for s_name, options in SECTOR_NAMES.items():
        sel = sector == s_name
        kind[sel] = rng.choice(np.array(options, dtype=object), int(sel.sum()))
    return pd.Series(kind) + " " + pd.Series(first_names)


def _coordinates(
    rng: np.random.Generator, regency: np.ndarray, regency_shapes: dict | None
) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates for a quarter of the enterprises, inside their regency (none without
    shapes)."""
    n = len(regency)
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    if regency_shapes:
        with_coords = rng.random(n) < 0.25
        for code in np.unique(regency[with_coords]):
            sel = np.flatnonzero(with_coords & (regency == code))
            shape = regency_shapes.get(code)
            if shape is None:
                continue
            pts = _points_in(rng, shape, len(sel))
            lon[sel] = pts[:, 0].round(5)
            lat[sel] = pts[:, 1].round(5)
    return lat, lon


def calendar_factor(month_start: np.ndarray) -> np.ndarray:
    """The hazard multiplier of the months starting on ``month_start`` (CALENDAR)."""
    factor = np.ones(len(month_start))
    for since, value in CALENDAR:
        factor = np.where(month_start >= np.datetime64(since), value, factor)
    return factor


def _graduations(
    rng: np.random.Generator,
    start_dates: np.ndarray,
    monthly_hazard: np.ndarray,
    trained_from: np.ndarray,
    effect: float,
) -> tuple[np.ndarray, pd.Series]:
    """Graduation by HISTORY_END and its date. The hazard is constant within a calendar
    month (CALENDAR's factor; ``effect`` times higher from ``trained_from``, NaT: never
    trained; nothing before the family's first year): a draw of the cumulative hazard,
    inverted month by month, in chunks to keep memory flat at millions of enterprises."""
    first = np.datetime64(date(start_dates.min().astype(object).year, 1, 1), "M")
    bounds = np.arange(first, np.datetime64(HISTORY_END, "M") + 2).astype("datetime64[D]")
    month_start, month_end = bounds[:-1], bounds[1:]
    calendar = calendar_factor(month_start)
    draw = rng.exponential(1.0, len(start_dates))
    graduation = np.full(len(start_dates), np.datetime64("NaT"), dtype="datetime64[D]")
    for lo in range(0, len(start_dates), 50_000):
        sl = slice(lo, lo + 50_000)
        at_risk = (start_dates[sl] + np.timedelta64(GRADUATION_DELAY_DAYS, "D"))[:, None]
        begin = np.maximum(month_start[None, :], at_risk)
        days = np.clip((month_end[None, :] - begin).astype(float), 0, None)
        treated = ~np.isnat(trained_from[sl])[:, None] & (
            month_start[None, :] >= trained_from[sl][:, None]
        )
        rate = (monthly_hazard[sl] / DAYS_PER_MONTH)[:, None] * calendar[None, :]
        rate = np.where(treated, rate * effect, rate)
        cum = np.cumsum(rate * days, axis=1)
        month = (cum < draw[sl, None]).sum(axis=1)  # the month in which the draw is reached
        hit = month < len(month_start)
        m = month[hit]
        rows = np.flatnonzero(hit)
        before = np.where(m > 0, cum[rows, m - 1], 0.0)
        into = (draw[sl][hit] - before) / rate[rows, m]
        graduation[lo + rows] = begin[rows, m] + np.floor(into).astype("timedelta64[D]")
    end = np.datetime64(HISTORY_END)
    graduated = ~np.isnat(graduation) & (graduation <= end)
    dates = pd.Series(pd.to_datetime(graduation).date, dtype=object).where(graduated, None)
    return graduated, dates


def trained_from(batches: pd.DataFrame, training: pd.DataFrame) -> pd.Series:
    """The first day of the month after each facilitator's batch ends, by facilitator id:
    from then on the demo's graduation hazard carries the training effect."""
    end = training.batch_id.map(batches.set_index("id").end_date)
    months = pd.to_datetime(end).dt.to_period("M") + 1
    return pd.Series(months.dt.to_timestamp().to_numpy(), index=training.facilitator_id)


def has_user_data(conn: Connection) -> bool:
    return bool(
        conn.execute(
            select(func.count()).select_from(ImportRun).where(ImportRun.kind != "demo")
        ).scalar()
    )


def clear_data(conn: Connection) -> None:
    """Every row of data and its runs; the targets an admin set stay (they are no data)."""
    conn.execute(delete(GraduationTarget).where(GraduationTarget.import_run_id.is_not(None)))
    for table in (Enterprise, Training, Facilitator, Batch, Wave):
        conn.execute(delete(table))
    conn.execute(delete(ImportRun))


class DemoInUse(Exception):
    """The demo's rows cannot go: rows of people's imports refer to them, or those imports
    changed demo rows (undoing them would bring demo values back). ``key`` and ``params``:
    the message (i18n)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


@dataclass(frozen=True)
class Removed:
    facilitators: int
    batches: int
    trainings: int
    enterprises: int


# The demo's rows by table, each table's rows deleted before those it refers to.
_DEMO_TABLES = (GraduationTarget, Enterprise, Training, Facilitator, Batch)


def remove(engine: Engine, actor: Principal, client: str | None = None) -> Removed:
    """Delete the demo's rows in one transaction, leaving people's imports alone (an admin's
    "remove the demo data first", ``atlas demo --remove``): the waves stay (the programme's
    own dates); the demo's run is marked undone and the removal audited. Refused
    (``DemoInUse``) while rows of people's imports refer to demo rows or replaced some."""
    if not actor.may_administer():
        raise Denied("auth.admin_only")
    with engine.begin() as conn:
        db.lock_writes(conn)  # one writer at a time, as imports and undos
        runs = list(
            conn.execute(
                select(ImportRun.id).where(
                    ImportRun.kind == "demo", ImportRun.status == "committed"
                )
            ).scalars()
        )
        if not runs:
            raise DemoInUse("demo.none")
        _check_unused(conn, runs)
        counts = {}
        for table in _DEMO_TABLES:
            gone = conn.execute(delete(table).where(table.import_run_id.in_(runs)))
            counts[table.__tablename__] = gone.rowcount
        conn.execute(
            ImportRun.__table__.update().where(ImportRun.id.in_(runs)).values(status="undone")
        )
        set_meta(conn, "demo", "0")
        aggregates.refresh(conn)
        audit.record(conn, "demo_removed", actor, detail=counts, client=client)
    aggregates.tidy(engine)
    return Removed(counts["facilitator"], counts["batch"], counts["training"], counts["enterprise"])


def removal_effect(engine: Engine) -> Removed:
    """The demo's rows that ``remove`` would delete (what an admin is asked to confirm)."""
    demo_run = select(ImportRun.id).where(ImportRun.kind == "demo", ImportRun.status == "committed")
    with engine.connect() as conn:
        n = {
            t.__tablename__: conn.execute(
                select(func.count()).select_from(t).where(t.import_run_id.in_(demo_run))
            ).scalar()
            for t in _DEMO_TABLES
        }
    return Removed(n["facilitator"], n["batch"], n["training"], n["enterprise"])


def _check_unused(conn: Connection, runs: list[int]) -> None:
    """``DemoInUse`` when rows of other runs refer to the demo's rows of ``runs``, or a
    committed import replaced demo rows (its undo restores them)."""
    demo_facilitators = select(Facilitator.id).where(Facilitator.import_run_id.in_(runs))
    demo_batches = select(Batch.id).where(Batch.import_run_id.in_(runs))
    theirs = [
        (Enterprise, Enterprise.facilitator_id.in_(demo_facilitators)),
        (Training, Training.facilitator_id.in_(demo_facilitators)),
        (Training, Training.batch_id.in_(demo_batches)),
    ]
    referring = sum(
        conn.execute(
            select(func.count()).select_from(table).where(cond, table.import_run_id.not_in(runs))
        ).scalar()
        for table, cond in theirs
    )
    if referring:
        raise DemoInUse("demo.referenced", n=referring)
    replaced = conn.execute(
        select(ImportChange.run_id, ImportChange.before)
        .join(ImportRun, ImportRun.id == ImportChange.run_id)
        .where(ImportChange.action == "update", ImportRun.status == "committed")
    )
    imports = sorted(
        {run for run, before in replaced if json.loads(before or "{}").get("import_run_id") in runs}
    )
    if imports:
        raise DemoInUse("demo.replaced", runs=", ".join(f"#{r}" for r in imports))


def _regions(conn) -> pd.DataFrame:
    cols = (Region.code, Region.name, Region.level, Region.parent_code, Region.kind)
    regions = pd.DataFrame(conn.execute(select(*cols)).all())
    if regions.empty:
        raise RuntimeError("Tabel wilayah kosong: jalankan `python -m atlas setup` dahulu.")
    return regions


def _demo_run(conn, scale: float, now: datetime) -> int:
    """The import run every demo row points to (its origin: ``kind`` demo)."""
    return conn.execute(
        insert(ImportRun)
        .values(
            kind="demo",
            file_name=f"demo (seed {SEED}, skala {scale:g})",
            sha256="",
            user_name="system",
            created_at=now,
            status="committed",
        )
        .returning(ImportRun.id)
    ).scalar_one()


@dataclass
class _Making:
    """Where the enterprises' writing is: the next enterprise number, and how many
    facilitators of how many are done (what ``report`` is told)."""

    report: progress.Report
    facilitators: int
    done: int = 0
    enterprises: int = 0


def _insert_enterprises(conn, fac: pd.DataFrame, made, scale: float, run_id: int, at: _Making):
    """The enterprises of ``fac``, a chunk of facilitators at a time (memory stays flat at
    millions of rows), numbered on from ``at``; ``made(chunk, first=n)`` makes a chunk's.
    ``at.report`` is told the facilitators done after each chunk (their enterprises are
    drawn, so the count of those is known only at the end)."""
    expected = max(1.0, len(fac) * ENTERPRISES_PER_FACILITATOR * scale)
    step = max(1, int(len(fac) * CHUNK_ENTERPRISES / expected))
    for start in range(0, len(fac), step):
        chunk, first = fac.iloc[start : start + step], at.enterprises
        ent = made(chunk, first=first)
        ent.insert(0, "id", np.arange(first + 1, first + len(ent) + 1))
        bulk_insert(conn, Enterprise, ent, constants={"import_run_id": run_id})
        at.enterprises += len(ent)
        at.done += len(chunk)
        at.report(MAKING, at.done, at.facilitators)


def _insert_targets(conn: Connection, run_id: int, now: datetime) -> None:
    """The demo's graduation targets (``TARGETS``), unless an admin set that year's already."""
    taken = set(conn.execute(select(GraduationTarget.year, GraduationTarget.area_code)).all())
    made = {"set_by": "system", "set_at": now, "import_run_id": run_id}
    rows = [
        {"year": y, "area_code": a, "target": n} | made
        for (y, a), n in TARGETS.items()
        if (y, a) not in taken
    ]
    if rows:
        conn.execute(insert(GraduationTarget), rows)


def load(
    engine: Engine,
    *,
    scale: float = 1.0,
    force: bool = False,
    regency_shapes: dict | None = None,
    facilitators: int | None = None,
    effect: float = TRAINING_EFFECT,
    report: progress.Report = progress.silent,
) -> DemoReport:
    """Replace the data with the demo dataset, in one transaction. ``effect`` is the factor
    by which training multiplies the graduation hazard (1: training changes nothing).
    ``report`` is told the enterprises' progress, then the summaries'.

    Refuses (``RealDataPresent``) when people have imported data, unless ``force``.
    """
    if not covers(areas.current()):
        raise NotForArea(areas.current())
    rng = np.random.default_rng(SEED)
    key = config.secret_key()
    with engine.begin() as conn:
        if has_user_data(conn) and not force:
            raise RealDataPresent(
                "Basis data berisi data hasil impor. Data contoh tidak dimuat agar data itu "
                "tidak hilang; pakai --force bila memang ingin menggantinya."
            )
        regions = _regions(conn)
        clear_data(conn)
        now = datetime.now().replace(microsecond=0)
        run_id = _demo_run(conn, scale, now)
        fac, batches, training, ours = _people(rng, regions, regency_shapes, facilitators)
        _write_people(conn, fac, batches, training, run_id)
        made = partial(
            _enterprises,
            training=training,
            regions=regions,
            scale=scale,
            key=key,
            regency_shapes=regency_shapes,
            trained_from=trained_from(batches, training),
            effect=effect,
        )
        at = _Making(report, len(fac))
        report(MAKING, 0, len(fac))
        _insert_enterprises(conn, fac.iloc[:ours], partial(made, rng), scale, run_id, at)
        others = partial(made, np.random.default_rng([SEED, 0]))
        _insert_enterprises(conn, fac.iloc[ours:], others, scale, run_id, at)
        _insert_targets(conn, run_id, now)
        result = DemoReport(len(fac), len(batches), len(training), at.enterprises)
        meta = {"demo_scale": f"{scale:g}", "demo_effect": f"{effect:g}"}
        _finish(conn, run_id, result, meta, now)
        aggregates.refresh(conn, report)
    aggregates.tidy(engine)
    return result


def _people(rng, regions: pd.DataFrame, shapes: dict | None, facilitators: int | None):
    """(facilitators, batches, training rows, how many facilitators are Yogyakarta's):
    Yogyakarta's first, drawn from ``rng`` as always, then — in the country's deployment —
    every other centre's."""
    rosters = _regency_rosters(rng, regions)
    fac = _facilitators(rng, rosters)
    batches, training = _assign_batches(rng, fac)
    if facilitators and facilitators > len(fac):
        extra = _extra_facilitators(rng, rosters, facilitators - len(fac), len(fac) + 1)
        fac = pd.concat([fac, extra], ignore_index=True)
    ours = len(fac)
    if areas.current().national:
        theirs = _other_centres(regions, shapes, fac, batches, training)
        fac, batches, training = (
            pd.concat(p, ignore_index=True) for p in zip((fac, batches, training), theirs)
        )
    return fac, batches, training, ours


def _write_people(conn, fac, batches, training, run_id: int) -> None:
    """The waves, then the demo's batches, facilitators and training rows."""
    waves = pd.DataFrame(
        [{"number": w, "start_date": s, "end_date": e} for w, (s, e) in WAVE_DATES.items()]
    )
    bulk_insert(conn, Wave, waves)
    bulk_insert(conn, Batch, batches, constants={"import_run_id": run_id})
    bulk_insert(conn, Facilitator, fac, constants={"import_run_id": run_id})
    bulk_insert(conn, Training, training, constants={"import_run_id": run_id})


def _finish(conn, run_id: int, made: DemoReport, meta: dict, now: datetime) -> None:
    """The sequences past the demo's ids, its run's count, the demo's facts in ``meta``."""
    reset_sequences(conn, (Batch, Facilitator, Training, Enterprise))
    inserted = made.facilitators + made.batches + made.participants + made.enterprises
    conn.execute(
        ImportRun.__table__.update().where(ImportRun.id == run_id).values(inserted=inserted)
    )
    for name, value in {"demo": "1", **meta, "last_import_at": now.isoformat()}.items():
        set_meta(conn, name, value)
