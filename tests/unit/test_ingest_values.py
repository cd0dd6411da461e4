from datetime import date, datetime

import pytest

from atlas.core.i18n import MESSAGES
from atlas.ingest import values as v
from atlas.ingest.values import ValueProblem


@pytest.mark.parametrize(
    "raw",
    [
        "2020-10-16",
        "16/10/2020",
        "16-10-2020",
        "16 Oktober 2020",
        "16 Okt 2020",
        "16 okt. 2020",
        "16 October 2020",
        44120,
        datetime(2020, 10, 16, 0, 0),
        date(2020, 10, 16),
        " 16/10/2020 ",
    ],
)
def test_dates(raw):
    assert v.parse_date(raw) == date(2020, 10, 16)


@pytest.mark.parametrize("raw", ["kemarin", "31/02/2020", "2020/16/10", "", "16 Oktobr 2020", 12])
def test_bad_dates(raw):
    with pytest.raises(ValueProblem):
        v.parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        ("Rp 1.500.000", 1_500_000),
        ("1500000", 1_500_000),
        ("Rp1.500.000,00", 1_500_000),
        ("1,500,000", 1_500_000),
        ("Rp 1,5 juta", 1_500_000),
        ("750 rb", 750_000),
        (1500000.0, 1_500_000),
        ("0", 0),
    ],
)
def test_money(raw, amount):
    assert v.parse_money(raw) == amount


@pytest.mark.parametrize("raw", ["-5000", "satu juta", "Rp", "1.5.0,0,0"])
def test_bad_money(raw):
    with pytest.raises(ValueProblem):
        v.parse_money(raw)


def test_waves_and_batches():
    assert (
        v.parse_wave("IX")
        == v.parse_wave("9")
        == v.parse_wave("Gelombang IX")
        == v.parse_wave(9.0)
        == 9
    )
    assert v.parse_batch("Angkatan 101") == v.parse_batch("101") == v.parse_batch(101.0) == 101
    for bad in ("XIV", "I-III", "abc"):
        with pytest.raises(ValueProblem):
            v.parse_wave(bad)
    with pytest.raises(ValueProblem):
        v.parse_batch("5-7")


@pytest.mark.parametrize(
    ("kind", "raw", "value"),
    [
        ("sex", "Laki-laki", "L"),
        ("sex", "perempuan", "P"),
        ("sex", "F", "P"),
        ("sex", "M", "L"),
        ("training_status", "Tidak Lulus", "tidak lulus"),
        ("training_status", "LULUS", "lulus"),
        ("mode", "Online", "daring"),
        ("sector", "Makanan dan Minuman", "kuliner"),
        ("sector", "warung", "perdagangan"),
        ("enterprise_status", "Tidak aktif", "tidak aktif"),
        ("role", "Korkab", "Koordinator Kabupaten/Kota"),
        ("role", "pendamping sosial", "Pendamping Sosial"),
    ],
)
def test_closed_lists_with_synonyms(kind, raw, value):
    assert v.parse_choice(raw, kind) == value


def test_unknown_choice_names_the_choices():
    with pytest.raises(ValueProblem) as err:
        v.parse_choice("X", "sex")
    assert err.value.params["allowed"] == "L, P"


def test_yes_no():
    assert v.parse_yes_no("Y") and v.parse_yes_no("ya") and v.parse_yes_no(1)
    assert not v.parse_yes_no("T") and not v.parse_yes_no("tidak") and not v.parse_yes_no(0)


def test_scores():
    assert v.parse_score("87,5") == 87.5
    for bad in ("101", "-1", "baik"):
        with pytest.raises(ValueProblem):
            v.parse_score(bad)


def test_nik():
    assert v.parse_nik("3404014508900001", False, {"34"}) == "3404014508900001"
    assert v.parse_nik("3404 0145 0890 0001", False) == "3404014508900001"
    with pytest.raises(ValueProblem) as err:
        v.parse_nik("3404014508900000", True)
    assert err.value.key == "v.nik_number"
    with pytest.raises(ValueProblem, match="v.nik_number"):
        v.parse_nik(3404014508900001.0, False)
    with pytest.raises(ValueProblem, match="v.nik_digits"):
        v.parse_nik("34040145089", False)
    with pytest.raises(ValueProblem, match="v.nik_region"):
        v.parse_nik("9904014508900001", False, {"34"})
    with pytest.raises(ValueProblem, match="v.nik_date"):
        v.parse_nik("3404019913900001", False)


def test_every_value_problem_has_a_message():
    import re
    from pathlib import Path

    src = Path(v.__file__).read_text() + Path(v.__file__).with_name("regions.py").read_text()
    keys = set(re.findall(r'ValueProblem\("(v\.[a-z_]+)"', src))
    assert keys and keys <= set(MESSAGES)


@pytest.mark.parametrize(
    ("typed", "as_number", "expected"),
    [
        ("3404014508900001", False, "3404014508900001"),  # a NIK
        ("3404 0145 0890 0001", False, "3404014508900001"),
        ("P3404-000123", False, "P3404-000123"),  # e-PKH / DTKS identifiers
        ("p3404-000123", False, "P3404-000123"),  # case does not matter
        ("DTKS/3404/00012", False, "DTKS/3404/00012"),
        ("KPM.12", False, "KPM.12"),
        ("3404-000123", False, "3404-000123"),  # 10 digits: not a NIK
    ],
)
def test_a_kpm_is_named_by_its_nik_or_the_programme_id(typed, as_number, expected):
    assert v.parse_kpm_id(typed, as_number, {"34"}) == expected


@pytest.mark.parametrize(
    ("typed", "as_number", "key"),
    [
        ("3404014508900001", True, "v.nik_number"),  # a number cell has lost its last digit
        (3404014508900001.0, False, "v.nik_number"),
        (123456, True, "v.kpm_id_number"),
        ("340401450890000", False, "v.nik_digits"),  # 15 digits
        ("34040145089000011", False, "v.nik_digits"),  # 17 digits
        ("34O4014508900001", False, "v.nik_digits"),  # an O typed for a zero
        ("9904014508900001", False, "v.nik_region"),
        ("P3", False, "v.kpm_id"),  # too short
        ("P" * 41, False, "v.kpm_id"),
        ("P3404 000123", False, "v.kpm_id"),
        ("<b>P3404</b>", False, "v.kpm_id"),
        ("", False, "v.kpm_id"),
    ],
)
def test_kpm_identifiers_outside_the_contract_are_refused(typed, as_number, key):
    with pytest.raises(ValueProblem) as err:
        v.parse_kpm_id(typed, as_number, {"34"})
    assert err.value.key == key


def test_identifiers_are_masked_to_at_most_sixteen_characters():
    from atlas.core.privacy import mask_id, nik_mask

    assert mask_id("3404014508900001") == nik_mask("3404014508900001") == "3404********0001"
    assert mask_id("P3404-000123") == "P34******123"
    assert mask_id("ABC") == "***"
    long = "DTKS-" + "9" * 35
    assert len(mask_id(long)) == 16 and mask_id(long).startswith("DTKS*")
