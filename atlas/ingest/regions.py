"""Region names and codes as people type them → Kemendagri codes.

Order of trust: a code (``34.04``, ``3404``); a remembered alias (a match a person confirmed
before); the exact name once abbreviations are expanded (``Kab. Sleman``, ``KABUPATEN
SLEMAN``, ``Sleman``, ``Kodya Yogyakarta``); then a fuzzy match (rapidfuzz, case-insensitive)
among the regencies of the province when the province is known. A fuzzy match always needs a
person's confirmation. A bare name that is both a Kabupaten and a Kota (Kediri, Malang, …) is
ambiguous unless the row says which.

Districts (kecamatan) the same way, always within the row's regency: a code, a remembered
alias (of that regency), the name as other official lists write it ("Kec. Depok", "KOTA
SLEMAN" for the district Sleman, the district holding the regency's seat), then a fuzzy
match (a doubled or missing letter, g/k, a word dropped or added) that needs a person's
confirmation. A district alias is remembered per regency: the same spelling may name
districts of different regencies.

Other lists' names and codes (``geo/data/other_names.csv``: earlier Kemendagri lists and
BPS's) count as exact: "Poco Ranaka" is today's Lamba Leda Selatan, BPS's "KOTA KEDIRI" the
district Kota, 92.01 (before the 2022 Papua provinces) is 96.01, BPS's 3571020 is 35.71.02.
Four digits without dots are a Kemendagri code or a BPS one; where the two lists give
different regencies (BPS 1101 is Simeulue, Kemendagri 11.01 Aceh Selatan) the value is
ambiguous and the person chooses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz, process, utils

from atlas.ingest.values import ValueProblem, clean, key_form

FUZZY_CUTOFF = 80
FUZZY_MARGIN = 4  # the best candidate must beat the second by this much

_PREFIXES = [
    (re.compile(r"^(kabupaten|kab\.?|kab)\s+", re.IGNORECASE), "Kabupaten"),
    # "Kota" only as a word of its own: "Kotawaringin Barat" is a Kabupaten.
    (
        re.compile(
            r"^(kota\s+administrasi\s+|kotamadya\s+|kodya\.?\s+|kota\.\s*|kot\.\s*|kota\s+)",
            re.IGNORECASE,
        ),
        "Kota",
    ),
]
PROVINCE_ALIASES = {
    "diy": "34",
    "yogyakarta": "34",
    "diyogyakarta": "34",
    "daerahistimewayogyakarta": "34",
    "jogja": "34",
    "jateng": "33",
    "jawatengah": "33",
    "centraljava": "33",
    "jatim": "35",
    "jawatimur": "35",
    "eastjava": "35",
    "bali": "51",
    "ntb": "52",
    "nusatenggarabarat": "52",
    "westnusatenggara": "52",
    "ntt": "53",
    "nusatenggaratimur": "53",
    "eastnusatenggara": "53",
}


@dataclass(frozen=True)
class Candidate:
    code: str
    name: str
    score: float


@dataclass(frozen=True)
class RegionMatch:
    code: str
    name: str
    how: str  # code / alias / name / fuzzy
    score: float = 100.0
    alternatives: tuple[Candidate, ...] = field(default_factory=tuple)

    within: str | None = None  # a district's regency

    @property
    def needs_confirmation(self) -> bool:
        return self.how == "fuzzy"

    def alias_key(self, value: str) -> str:
        """How a confirmed spelling is remembered (``RegionAlias.alias_key``): a regency's by
        the spelling, a district's by its regency and the spelling."""
        return district_alias(self.within, value) if self.within else key_form(value)


def district_alias(regency: str, value: str) -> str:
    return f"{regency}:{key_form(value)}"


# How other official lists write a district: "Kec. X", "Kecamatan X", and "Kota X" for the
# district X that holds the regency's seat.
_DISTRICT_PREFIX = re.compile(r"^(kecamatan|kec\.?|kota)\s+", re.IGNORECASE)


def _candidates(text: str, choices: dict[str, str], names) -> tuple[Candidate, ...]:
    """The three regions whose ``choices`` text (code -> text) is nearest ``text``, best
    first, each with its name (``names[code]``) and score (rapidfuzz, case-insensitive)."""
    found = process.extract(
        text, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=3
    )
    return tuple(Candidate(code, names[code], round(score, 1)) for _, score, code in found)


# Abbreviations the official lists use inside names: "KAB. ADM. KEP. SERIBU".
_WRITTEN_SHORT = (
    (re.compile(r"\badm\b\.?", re.IGNORECASE), "Administrasi"),
    (re.compile(r"\bkep\b\.?", re.IGNORECASE), "Kepulauan"),
)


def split_kind(text: str) -> tuple[str | None, str]:
    """``Kab. Sleman`` → (``Kabupaten``, ``Sleman``); ``Sleman`` → (None, ``Sleman``)."""
    text = clean(text)
    for pattern, word in _WRITTEN_SHORT:
        text = pattern.sub(word, text)
    for pattern, kind in _PREFIXES:
        if pattern.match(text):
            return kind, pattern.sub("", text).strip()
    return None, text


def normalise_code(text: str) -> str | None:
    digits = re.sub(r"[\s.]", "", clean(text))
    if not (digits.isascii() and digits.isdigit()) or len(digits) not in (2, 4, 6):
        return None
    return ".".join(digits[i : i + 2] for i in range(0, len(digits), 2))


_CODE_LENGTH = {"regency": 5, "district": 8}  # dotted: 34.04, 34.04.01


class OtherNames:
    """Today's regions by the names and codes other lists give them (``other_names.csv``:
    code, name, other_code, source); only those of regions the resolver knows."""

    def __init__(self, others: pd.DataFrame | None, regions: pd.DataFrame) -> None:
        self.former_codes: dict[str, str] = {}  # an earlier Kemendagri code -> today's
        self.bps_codes: dict[str, str] = {}  # a BPS code (digits) -> today's code
        self.regencies: dict[str, list[str]] = {}  # key of a bare name -> codes
        self.districts: dict[str, dict[str, str]] = {}  # regency -> key of a name -> code
        if others is None:
            return
        known = others[others.code.isin(regions.index)]
        for code, name, other_code, source in known.itertuples(index=False):
            if other_code:
                book = self.bps_codes if source.startswith("bps") else self.former_codes
                book[other_code] = code
            if not name:
                continue
            if len(code) == _CODE_LENGTH["regency"]:
                self.regencies.setdefault(key_form(split_kind(name)[1]), []).append(code)
            else:
                self.districts.setdefault(code[:5], {})[key_form(name)] = code


class RegionResolver:
    def __init__(
        self,
        regions: pd.DataFrame,
        aliases: dict[str, str] | None = None,
        others: pd.DataFrame | None = None,
    ) -> None:
        self.regions = regions.set_index("code")
        self.others = OtherNames(others, self.regions)
        reg = regions[regions.level == "regency"].copy()
        reg["bare"] = [split_kind(n)[1] for n in reg.name]
        reg["bare_key"] = reg.bare.map(key_form)
        self.regencies = reg
        self.aliases = {key_form(k): v for k, v in (aliases or {}).items() if ":" not in k}
        self.district_aliases = {k: v for k, v in (aliases or {}).items() if ":" in k}
        dist = regions[regions.level == "district"]
        self.districts = {
            parent: dict(zip(group.code, group.name))
            for parent, group in dist.groupby("parent_code")
        }
        self.district_keys = {
            parent: {key_form(name): code for code, name in names.items()}
            for parent, names in self.districts.items()
        }

    # --- provinces ---------------------------------------------------------------------------

    def province(self, value: object) -> str:
        text = clean(value)
        code = normalise_code(text)
        if code and len(code) == 2 and code in self.regions.index:
            return code
        key = key_form(re.sub(r"^(provinsi|prov\.?)\s+", "", text, flags=re.IGNORECASE))
        if key in PROVINCE_ALIASES:
            return PROVINCE_ALIASES[key]
        names = {
            key_form(n): c for c, n in self.regions[self.regions.level == "province"].name.items()
        }
        if key in names:
            return names[key]
        raise ValueProblem("v.province", value=text)

    # --- regencies ---------------------------------------------------------------------------

    def regency(self, value: object, province: str | None = None) -> RegionMatch:
        text = clean(value)
        if not text:
            raise ValueProblem("v.required")
        if (by_code := self._by_code(text, "regency")) is not None:
            return by_code
        if (alias := self.aliases.get(key_form(text))) is not None:
            return RegionMatch(alias, self.regions.name[alias], "alias")
        written_as, bare = split_kind(text)  # "Kabupaten" or "Kota", when the name says it
        pool = self.regencies
        if province:
            pool = pool[pool.parent_code == province]
        same = pool[pool.bare_key == key_form(bare)]
        if written_as:
            same = same[same["kind"] == written_as]
        if len(same) == 1:
            row = same.iloc[0]
            return RegionMatch(row.code, row["name"], "name")
        if len(same) > 1:
            raise ValueProblem(
                "v.region_ambiguous",
                value=text,
                suggestion=" / ".join(same.name),
                options=" atau ".join(same.name),
            )
        kinds = dict(zip(pool.code, pool["kind"]))  # the regencies the name may be
        known = [
            c
            for c in self.others.regencies.get(key_form(bare), ())
            if c in kinds and (not written_as or kinds[c] == written_as)
        ]
        if len(set(known)) == 1:
            return RegionMatch(known[0], self.regions.name[known[0]], "other")
        return self._fuzzy(text, written_as, bare, pool)

    def _by_code(self, text: str, level: str) -> RegionMatch | None:
        """A region given by its code: Kemendagri's (dotted or not, today's or an earlier
        list's) or BPS's; None when ``text`` is no code."""
        digits = re.sub(r"[\s.]", "", text)
        if not (digits.isascii() and digits.isdigit()):
            return None
        found = {}
        dotted = normalise_code(text)
        if dotted and len(dotted) == _CODE_LENGTH[level]:
            code = dotted if dotted in self.regions.index else self.others.former_codes.get(dotted)
            if code is not None and self.regions.level[code] == level:
                found["Kemendagri"] = code
        bps = self.others.bps_codes.get(digits) if "." not in text else None
        if bps is not None and self.regions.level[bps] == level:
            found["BPS"] = bps
        if len(set(found.values())) > 1:
            raise ValueProblem(
                "v.region_code_ambiguous",
                value=text,
                options=" atau ".join(
                    f"{self.regions.name[c]} ({src})" for src, c in found.items()
                ),
            )
        if not found:
            raise ValueProblem(
                "v.region_code" if level == "regency" else "u.unknown_district", value=text
            )
        code = next(iter(found.values()))
        return RegionMatch(code, self.regions.name[code], "code")

    def _fuzzy(
        self, text: str, written_as: str | None, bare: str, pool: pd.DataFrame
    ) -> RegionMatch:
        if written_as:
            pool = pool[pool["kind"] == written_as]
        cands = _candidates(bare, dict(zip(pool.code, pool.bare)), self.regions.name)
        if not cands or cands[0].score < FUZZY_CUTOFF:
            near = [c.name for c in cands if c.score >= 60]
            raise ValueProblem("v.region_unknown", value=text, suggestion=", ".join(near) or None)
        best = cands[0]
        # Kabupaten and Kota of the same name score the same: ambiguous, not a match.
        if len(cands) > 1 and best.score - cands[1].score < FUZZY_MARGIN:
            raise ValueProblem(
                "v.region_ambiguous",
                value=text,
                suggestion=" / ".join(c.name for c in cands[:2]),
                options=" atau ".join(c.name for c in cands[:2]),
            )
        return RegionMatch(best.code, best.name, "fuzzy", best.score, cands[1:])

    # --- districts ---------------------------------------------------------------------------

    def district(self, value: object, regency: str | None) -> RegionMatch | None:
        """The district ``value`` names within ``regency`` (None when the row's regency is
        not known: the row is refused for that already)."""
        text = clean(value)
        if regency is None or not text:
            return None
        here = self.districts.get(regency, {})
        if (by_code := self._by_code(text, "district")) is not None:
            if by_code.code in here:
                return RegionMatch(by_code.code, here[by_code.code], "code", within=regency)
            raise ValueProblem("u.unknown_district", value=text)
        alias = self.district_aliases.get(district_alias(regency, text))
        if alias is not None and alias in here:
            return RegionMatch(alias, here[alias], "alias", within=regency)
        by_key = self.district_keys.get(regency, {})
        bare = _DISTRICT_PREFIX.sub("", text).strip()
        other = self.others.districts.get(regency, {})
        for form in (text, bare):
            if (found := by_key.get(key_form(form))) is not None:
                return RegionMatch(found, here[found], "name", within=regency)
            if (found := other.get(key_form(form))) is not None and found in here:
                return RegionMatch(found, here[found], "other", within=regency)
        cands = _candidates(bare, here, here)
        near = ", ".join(c.name for c in cands if c.score >= 60) or None
        if not cands or cands[0].score < FUZZY_CUTOFF:
            raise ValueProblem("u.unknown_district", value=text, suggestion=near)
        best = cands[0]
        tied = [c.name for c in cands if best.score - c.score < FUZZY_MARGIN]
        if len(tied) > 1:  # "Kota Klaten": Klaten Utara, Tengah or Selatan
            raise ValueProblem(
                "u.district_ambiguous",
                value=text,
                suggestion=" / ".join(tied),
                options=" / ".join(tied),
            )
        return RegionMatch(best.code, best.name, "fuzzy", best.score, cands[1:], regency)
