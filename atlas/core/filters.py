"""The filter object shared by the CLI, the URL and every query.

Waves, batches and provinces are parsed from the forms people type — ``IX``, ``9``,
``Gelombang IX``, ``I-VIII``, ``1,3,5``; batches ``113-126``, ``5,7``, ``Angkatan 101``;
provinces ``34,35`` — and written back in one canonical form so that a URL is stable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from atlas.core import areas, config, urls
from atlas.core.lists import ENTERPRISE_STATUSES, SECTORS

MAX_WAVE = 11
# Guards a URL like ?angkatan=1-999999999 from expanding into a huge set.
MAX_BATCH_NUMBER = 100_000

_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


class FilterError(ValueError):
    """A filter value that cannot be understood; the message is for the user (Indonesian).

    ``key`` names the message in ``atlas.core.i18n`` so that the UI can show it in English too;
    ``params`` fill its placeholders.
    """

    def __init__(self, key: str, **params: object) -> None:
        from atlas.core.i18n import t

        self.key = key
        self.params = params
        super().__init__(t(key, "id", **params))


def to_roman(n: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def from_roman(text: str) -> int | None:
    text = text.upper()
    if not text or not re.fullmatch(r"[IVX]+", text):
        return None
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        if i + 1 < len(text) and values[text[i + 1]] > v:
            total -= v
        else:
            total += v
    # Reject non-canonical forms like IIII or VX.
    return total if to_roman(total) == text else None


def _number(token: str, *, roman: bool) -> int | None:
    token = token.strip()
    if re.fullmatch(r"\d{1,9}", token):
        return int(token)
    if roman:
        return from_roman(token)
    return None


_WAVE_WORDS = re.compile(r"\b(gelombang|gel\.?|wave)\s*", re.IGNORECASE)
_BATCH_WORDS = re.compile(r"\b(angkatan|akt\.?|batch)\s*", re.IGNORECASE)


def _parse_set(spec: str, *, roman: bool, words: re.Pattern[str], what: str) -> tuple[int, ...]:
    """Parse ``1,3,5`` / ``I-VIII`` / ``113-126`` into a sorted tuple of numbers."""
    cleaned = words.sub("", spec).strip()
    if not cleaned:
        raise FilterError(f"filter.{what}.empty", value=spec)
    numbers: set[int] = set()
    for part in re.split(r"[,;]", cleaned):
        part = part.strip()
        if not part:
            continue
        bounds = re.split(r"\s*(?:-|–|—|\.\.|s\.?d\.?|sampai)\s*", part, flags=re.IGNORECASE)
        if len(bounds) == 1:
            n = _number(bounds[0], roman=roman)
            if n is None:
                raise FilterError(f"filter.{what}.bad", value=part)
            numbers.add(n)
        elif len(bounds) == 2:
            lo, hi = (_number(b, roman=roman) for b in bounds)
            if lo is None or hi is None:
                raise FilterError(f"filter.{what}.bad", value=part)
            if lo > hi:
                raise FilterError(f"filter.{what}.reversed", value=part)
            if hi > MAX_BATCH_NUMBER:
                raise FilterError(f"filter.{what}.range", value=part)
            numbers.update(range(lo, hi + 1))
        else:
            raise FilterError(f"filter.{what}.bad", value=part)
    if not numbers:
        raise FilterError(f"filter.{what}.empty", value=spec)
    return tuple(sorted(numbers))


def parse_waves(spec: str) -> tuple[int, ...]:
    waves = _parse_set(spec, roman=True, words=_WAVE_WORDS, what="wave")
    bad = [w for w in waves if not 1 <= w <= MAX_WAVE]
    if bad:
        raise FilterError("filter.wave.range", value=spec)
    return waves


def parse_batches(spec: str) -> tuple[int, ...]:
    batches = _parse_set(spec, roman=False, words=_BATCH_WORDS, what="batch")
    if any(b < 1 for b in batches):
        raise FilterError("filter.batch.range", value=spec)
    return batches


def parse_provinces(spec: str) -> tuple[str, ...]:
    codes: set[str] = set()
    for part in re.split(r"[,;\s]+", spec.strip()):
        if not part:
            continue
        code = part.replace(".", "")
        served = areas.current().provinces
        if code not in served:
            raise FilterError("filter.province.bad", value=part, codes=", ".join(served))
        codes.add(code)
    if not codes:
        raise FilterError("filter.province.empty", value=spec)
    return tuple(sorted(codes))


def _parse_choices(spec: str, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    out: set[str] = set()
    lookup = {a.lower(): a for a in allowed}
    for part in re.split(r"[,;]", spec):
        part = part.strip().lower()
        if not part:
            continue
        if part not in lookup:
            raise FilterError(f"filter.{what}.bad", value=part, allowed=", ".join(allowed))
        out.add(lookup[part])
    if not out:
        raise FilterError(f"filter.{what}.bad", value=spec, allowed=", ".join(allowed))
    return tuple(a for a in allowed if a in out)


def parse_sectors(spec: str) -> tuple[str, ...]:
    return _parse_choices(spec, SECTORS, "sector")


def parse_statuses(spec: str) -> tuple[str, ...]:
    return _parse_choices(spec, ENTERPRISE_STATUSES, "status")


_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),  # 2020-10-16
    re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"),  # 16/10/2020
)


def parse_as_of(spec: str) -> date:
    spec = spec.strip()
    m = _DATE_FORMS[0].fullmatch(spec)
    parts = None
    if m:
        parts = (int(m[1]), int(m[2]), int(m[3]))
    else:
        m = _DATE_FORMS[1].fullmatch(spec)
        if m:
            parts = (int(m[3]), int(m[2]), int(m[1]))
    if parts is None:
        raise FilterError("filter.date.bad", value=spec)
    try:
        return date(*parts)
    except ValueError:
        raise FilterError("filter.date.bad", value=spec) from None


def _ranges(numbers: tuple[int, ...]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for n in numbers:
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def format_waves(waves: tuple[int, ...]) -> str:
    return ",".join(
        to_roman(a) if a == b else f"{to_roman(a)}-{to_roman(b)}" for a, b in _ranges(waves)
    )


def format_batches(batches: tuple[int, ...]) -> str:
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in _ranges(batches))


@dataclass(frozen=True)
class Filter:
    """What the user selected. Empty tuples mean "all"."""

    waves: tuple[int, ...] = ()
    batches: tuple[int, ...] = ()
    provinces: tuple[str, ...] = ()
    as_of: date = field(default_factory=config.default_as_of)
    sectors: tuple[str, ...] = ()  # enterprise figures only
    statuses: tuple[str, ...] = ()  # enterprise figures only

    @property
    def narrows_training(self) -> bool:
        """True when enterprises must follow the facilitators' batches."""
        return bool(self.waves or self.batches)

    def with_(self, **changes: object) -> Filter:
        return replace(self, **changes)


def from_query(params: dict[str, str]) -> tuple[Filter, list[FilterError]]:
    """Build a filter from URL parameters; bad values are dropped and reported, never raised."""
    errors: list[FilterError] = []
    values: dict[str, object] = {}
    parsers = {
        "waves": parse_waves,
        "batches": parse_batches,
        "provinces": parse_provinces,
        "as_of": parse_as_of,
        "sectors": parse_sectors,
        "statuses": parse_statuses,
    }
    for attr, key in urls.FILTER.items():
        raw = params.get(key)
        if raw is None or str(raw).strip() == "":
            continue
        try:
            values[attr] = parsers[attr](str(raw))
        except FilterError as exc:
            errors.append(exc)
    return Filter(**values), errors


def to_query(f: Filter) -> dict[str, str]:
    """Canonical URL parameters for a filter (defaults are left out)."""
    out: dict[str, str] = {}
    if f.waves:
        out["gelombang"] = format_waves(f.waves)
    if f.batches:
        out["angkatan"] = format_batches(f.batches)
    if f.provinces:
        out["provinsi"] = ",".join(f.provinces)
    if f.as_of != config.default_as_of():
        out["per"] = f.as_of.isoformat()
    if f.sectors:
        out["sektor"] = ",".join(f.sectors)
    if f.statuses:
        out["status"] = ",".join(f.statuses)
    return out


_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9+.-]+")


def file_slug(f: Filter, limit: int = 80) -> str:
    """The filter as a part of a file name (``gelombang-IX``, ``gelombang-I-IV_provinsi-34+51``),
    "" for everything: two exports of different selections made on one day had one name.
    The as-of date is left to the caller, who writes it in every name."""
    parts = [
        f"{key}-{_UNSAFE_IN_NAME.sub('-', value.replace(',', '+'))}"
        for key, value in to_query(f).items()
        if key != "per"
    ]
    return "_".join(parts)[:limit].rstrip("_-+.")
