"""Typing the text people put in spreadsheet cells.

Each parser takes the cell as read (text, or the typed value a spreadsheet stored) and returns
the value, or raises ``ValueProblem`` with a message key and parameters for ``atlas.core.i18n`` —
the importer turns those into row/column problems for the user.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache

from atlas.core.filters import FilterError, parse_batches, parse_waves
from atlas.core.lists import (
    ENTERPRISE_STATUSES,
    MODES,
    ROLES,
    SECTORS,
    SEXES,
    TRAINING_STATUSES,
)


class ValueProblem(ValueError):
    def __init__(self, key: str, suggestion: str | None = None, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
        self.suggestion = suggestion


_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def clean(value: object) -> str:
    """Text with no-break spaces, zero-width characters and outer spaces removed."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    # Most cells are plain printable ASCII with single spaces: nothing to normalise (this
    # runs for every cell of a 100.000-row file).
    if text.isascii() and text.isprintable() and "  " not in text:
        return text.strip()
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u200b", "").replace("\ufeff", "")
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=65_536)
def key_form(text: str) -> str:
    """Case-, space- and punctuation-insensitive form for matching headers and list values."""
    return _NOT_ALNUM.sub("", clean(text).lower())


# --- dates -------------------------------------------------------------------------------

_MONTHS = {
    "januari": 1,
    "jan": 1,
    "january": 1,
    "februari": 2,
    "feb": 2,
    "pebruari": 2,
    "february": 2,
    "maret": 3,
    "mar": 3,
    "march": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "jun": 6,
    "june": 6,
    "juli": 7,
    "jul": 7,
    "july": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "agus": 8,
    "aug": 8,
    "august": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "october": 10,
    "november": 11,
    "nov": 11,
    "nop": 11,
    "desember": 12,
    "des": 12,
    "dec": 12,
    "december": 12,
}
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date_within(value: object, earliest: date, latest: date) -> date:
    """``parse_date``, refused outside [earliest, latest] (a year typed wrong stretches a
    wave over centuries)."""
    found = parse_date(value)
    if not earliest <= found <= latest:
        raise ValueProblem(
            "v.date_range",
            value=found.isoformat(),
            earliest=earliest.isoformat(),
            latest=latest.isoformat(),
        )
    return found


# Control characters (C0 but tab and line breaks, DEL, C1): refused in every cell. A NUL cut a
# name short on SQLite and failed the commit on PostgreSQL; others broke the error workbook.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def parse_id(text: str, value: object, is_number: bool) -> str:
    """An identifier (facilitator, enterprise) in capitals. A cell typed as a number gives its
    integer digits (``3404014508900001.0`` was stored); from 15 digits on it is refused, as a
    NIK is: Excel keeps 15 significant digits, so the last ones may already be lost."""
    if not is_number:
        return text.upper()
    if isinstance(value, float) and not value.is_integer():
        raise ValueProblem("v.id_number", value=text)
    digits = str(int(value))
    if len(digits.lstrip("-")) >= 15:
        raise ValueProblem("v.id_number_long", value=digits)
    return digits


def parse_date(value: object) -> date:
    """Excel dates, ``2020-10-16``, ``16/10/2020``, ``16-10-2020``, ``16 Oktober 2020``,
    ``16 Okt 2020``; day first, as Indonesians write them."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial date typed as a number
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueProblem("v.date", value=value)
    text = clean(value).lower().rstrip(".")
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?", text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})", text):
            month = _MONTHS.get(m[2])
            if month:
                return date(int(m[3]), month, int(m[1]))
    except ValueError:
        raise ValueProblem("v.date_impossible", value=clean(value)) from None
    raise ValueProblem("v.date", value=clean(value))


# --- numbers and money ---------------------------------------------------------------------


# A household enterprise's monthly turnover: Rp 10 miliar is far above any, and far below
# what the database column holds (a bigger number was accepted by the check, then crashed
# the commit).
MAX_TURNOVER = 10_000_000_000
MAX_BATCH = 99_999  # batch numbers: this programme has 146


def parse_money(value: object) -> int:
    """``Rp 1.500.000``, ``1500000``, ``1.500.000,00``, ``Rp1,5 juta`` → rupiah (int ≥ 0)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        amount = float(value)
    else:
        text = clean(value).lower().replace("rp", "").replace("idr", "").strip(" .")
        scale = 1
        for word, mult in (("juta", 1_000_000), ("jt", 1_000_000), ("ribu", 1_000), ("rb", 1_000)):
            if text.endswith(word):
                text, scale = text[: -len(word)].strip(), mult
                break
        if not re.fullmatch(r"-?[\d.,\s]+", text or "x"):
            raise ValueProblem("v.money", value=clean(value))
        text = text.replace(" ", "")
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text) or re.fullmatch(
            r"-?\d+,\d{1,2}", text
        ):
            text = text.replace(".", "").replace(",", ".")  # Indonesian: 1.500.000,00
        elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
            text = text.replace(",", "")  # English: 1,500,000.00
        try:
            amount = float(text) * scale
        except ValueError:
            raise ValueProblem("v.money", value=clean(value)) from None
    if amount < 0:
        raise ValueProblem("v.negative", value=clean(value))
    if not amount <= MAX_TURNOVER:  # also NaN and infinity
        raise ValueProblem(
            "v.money_too_large", value=clean(value), max=f"{MAX_TURNOVER:,}".replace(",", ".")
        )
    return round(amount)


def parse_int(value: object, *, minimum: int | None = None, maximum: int | None = None) -> int:
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = (
            clean(value).replace(".", "")
            if re.fullmatch(r"\d{1,3}(\.\d{3})+", clean(value))
            else clean(value)
        )
        if not re.fullmatch(r"-?\d+", text):
            raise ValueProblem("v.int", value=clean(value))
        number = int(text)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ValueProblem("v.range", value=number, minimum=minimum, maximum=maximum)
    return number


def parse_score(value: object) -> float:
    """A test score 0–100 (``87,5`` or ``87.5``)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        score = float(value)
    else:
        text = clean(value).replace(",", ".")
        try:
            score = float(text)
        except ValueError:
            raise ValueProblem("v.score", value=clean(value)) from None
    if not 0 <= score <= 100:
        raise ValueProblem("v.score", value=clean(value))
    return score


def parse_coordinate(value: object, lo: float, hi: float) -> float:
    text = clean(value).replace(",", ".") if not isinstance(value, (int, float)) else value
    try:
        number = float(text)
    except (TypeError, ValueError):
        raise ValueProblem("v.coordinate", value=clean(value), lo=lo, hi=hi) from None
    if not lo <= number <= hi:
        raise ValueProblem("v.coordinate", value=clean(value), lo=lo, hi=hi)
    return number


# --- waves and batches ------------------------------------------------------------------------


def parse_wave(value: object) -> int:
    """``IX``, ``9``, ``Gelombang IX`` → 9 (one wave)."""
    try:
        waves = parse_waves(clean(value) if not isinstance(value, float) else str(int(value)))
    except FilterError:
        raise ValueProblem("v.wave", value=clean(value)) from None
    if len(waves) != 1:
        raise ValueProblem("v.wave", value=clean(value))
    return waves[0]


def parse_batch(value: object) -> int:
    """``Angkatan 101``, ``101`` → 101 (one batch)."""
    try:
        batches = parse_batches(clean(value) if not isinstance(value, float) else str(int(value)))
    except FilterError:
        raise ValueProblem("v.batch", value=clean(value)) from None
    if len(batches) != 1 or batches[0] > MAX_BATCH:
        raise ValueProblem("v.batch", value=clean(value))
    return batches[0]


# --- closed lists ----------------------------------------------------------------------------

SYNONYMS: dict[str, dict[str, str]] = {
    "sex": {
        "l": "L",
        "lakilaki": "L",
        "laki": "L",
        "pria": "L",
        "m": "L",
        "male": "L",
        "p": "P",
        "perempuan": "P",
        "wanita": "P",
        "w": "P",
        "f": "P",
        "female": "P",
    },
    "mode": {
        "daring": "daring",
        "online": "daring",
        "elearning": "daring",
        "luring": "luring",
        "offline": "luring",
        "tatapmuka": "luring",
        "klasikal": "luring",
        "campuran": "campuran",
        "blended": "campuran",
        "hybrid": "campuran",
        "hibrida": "campuran",
    },
    "training_status": {
        "terdaftar": "terdaftar",
        "daftar": "terdaftar",
        "registered": "terdaftar",
        "lulus": "lulus",
        "passed": "lulus",
        "tidaklulus": "tidak lulus",
        "gagal": "tidak lulus",
        "failed": "tidak lulus",
        "mengundurkandiri": "mengundurkan diri",
        "mundur": "mengundurkan diri",
        "withdrawn": "mengundurkan diri",
        "withdrew": "mengundurkan diri",
    },
    "sector": {
        "kuliner": "kuliner",
        "makanan": "kuliner",
        "minuman": "kuliner",
        "makanandanminuman": "kuliner",
        "makananminuman": "kuliner",
        "food": "kuliner",
        "perdagangan": "perdagangan",
        "dagang": "perdagangan",
        "warung": "perdagangan",
        "toko": "perdagangan",
        "trade": "perdagangan",
        "kerajinan": "kerajinan",
        "craft": "kerajinan",
        "crafts": "kerajinan",
        "pertanian": "pertanian",
        "tani": "pertanian",
        "farming": "pertanian",
        "peternakan": "peternakan",
        "ternak": "peternakan",
        "livestock": "peternakan",
        "perikanan": "perikanan",
        "ikan": "perikanan",
        "fisheries": "perikanan",
        "jasa": "jasa",
        "services": "jasa",
        "lainnya": "lainnya",
        "lain": "lainnya",
        "lainlain": "lainnya",
        "other": "lainnya",
    },
    "enterprise_status": {
        "rintisan": "rintisan",
        "baru": "rintisan",
        "starting": "rintisan",
        "berkembang": "berkembang",
        "growing": "berkembang",
        "mandiri": "mandiri",
        "selfreliant": "mandiri",
        "tidakaktif": "tidak aktif",
        "nonaktif": "tidak aktif",
        "tutup": "tidak aktif",
        "inactive": "tidak aktif",
    },
    "yes_no": {
        "ya": "1",
        "y": "1",
        "1": "1",
        "yes": "1",
        "true": "1",
        "sudah": "1",
        "tidak": "0",
        "t": "0",
        "0": "0",
        "no": "0",
        "n": "0",
        "false": "0",
        "belum": "0",
    },
}
for _role in ROLES:
    SYNONYMS.setdefault("role", {})[key_form(_role)] = _role
SYNONYMS["role"].update(
    {
        "pendamping": "Pendamping Sosial",
        "korkab": "Koordinator Kabupaten/Kota",
        "korkot": "Koordinator Kabupaten/Kota",
        "korwil": "Koordinator Wilayah",
        "spv": "Supervisor",
        "apd": "Administrator Pangkalan Data",
    }
)
# The closed lists by the name a column gives (``kinds.base.Column.choices``): what the
# checks accept and the templates' dropdowns offer.
ALLOWED = {
    "sex": SEXES,
    "mode": MODES,
    "training_status": TRAINING_STATUSES,
    "sector": SECTORS,
    "enterprise_status": ENTERPRISE_STATUSES,
    "role": ROLES,
    "yes_no": ("ya", "tidak"),
}


def parse_choice(value: object, kind: str) -> str:
    text = clean(value)
    found = SYNONYMS[kind].get(key_form(text))
    if found is None:
        raise ValueProblem("v.choice", value=text, allowed=", ".join(ALLOWED[kind]))
    return found


def parse_yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        value = str(int(value))
    return parse_choice(value, "yes_no") == "1"


# --- NIK ---------------------------------------------------------------------------------------


def parse_nik(value: object, typed_as_number: bool, province_codes: set[str] | None = None) -> str:
    """A 16-digit NIK; refused when the spreadsheet stored it as a number (Excel keeps only 15
    significant digits, so the last digit is already lost) or when its blocks are implausible."""
    if typed_as_number or isinstance(value, (int, float)):
        raise ValueProblem("v.nik_number", value=clean(value))
    text = (
        value
        if type(value) is str and len(value) == 16 and value.isascii() and value.isdigit()
        else _KPM_SEPARATORS.sub("", clean(value))
    )  # the usual cell needs no cleaning
    if not re.fullmatch(r"\d{16}", text):
        raise ValueProblem("v.nik_digits", value=clean(value), n=len(re.sub(r"\D", "", text)))
    if province_codes is not None and text[:2] not in province_codes:
        raise ValueProblem("v.nik_region", value=text[:2] + "…")
    day, month = int(text[6:8]), int(text[8:10])
    if day > 40:
        day -= 40  # women: day of birth + 40
    if not (1 <= day <= 31 and 1 <= month <= 12):
        raise ValueProblem("v.nik_date", value=text[:6] + "·" + text[6:12] + "·…")
    return text


# A programme's own KPM identifier (e-PKH, DTKS: "P3404-000123"): letters, digits, dots,
# dashes and slashes, starting with a letter or digit.
_PROGRAMME_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9./-]{2,39}")
# What people type between a NIK's groups: spaces, dots, apostrophes, slashes, underscores
# and dashes of any width.
_KPM_SEPARATORS = re.compile(r"[\s.'/_\u2010-\u2015-]")
_NIK_LIKE = re.compile(r"[\dOo]+")


def parse_kpm_id(
    value: object, typed_as_number: bool, province_codes: set[str] | None = None
) -> str:
    """The KPM's identifier: its NIK, or the programme's own KPM identifier.

    15 to 17 digits, whatever separates them (and with an O typed for a zero), are taken for
    a NIK and checked as one (``parse_nik``): a NIK with a digit too many or too few is a
    typing error, not another kind of identifier. A number cell is refused, as a NIK's would
    be: the spreadsheet may already have changed it. Anything else of 3–40 letters, digits,
    dots, dashes or slashes is a programme identifier, compared without regard to case
    (stored upper-case)."""
    if typed_as_number or isinstance(value, (int, float)):
        if len(re.sub(r"\D", "", clean(value).split(".")[0])) >= 15:
            return parse_nik(value, True, province_codes)
        raise ValueProblem("v.kpm_id_number", value=clean(value))
    text = clean(value)
    if len(text) == 16 and text.isascii() and text.isdigit():  # the usual NIK, as typed
        return parse_nik(text, False, province_codes)
    bare = _KPM_SEPARATORS.sub("", text)
    if 15 <= len(bare) <= 17 and _NIK_LIKE.fullmatch(bare) and sum(map(str.isdigit, bare)) >= 10:
        return parse_nik(text, False, province_codes)
    if not _PROGRAMME_ID.fullmatch(text):
        raise ValueProblem("v.kpm_id", value=text)
    return text.upper()
