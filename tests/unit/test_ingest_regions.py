import pytest

from atlas.ingest.regions import RegionResolver, normalise_code, split_kind
from atlas.ingest.values import ValueProblem
from geo import boundaries


@pytest.fixture(scope="module")
def resolver():
    return RegionResolver(boundaries.load_regions(), aliases={"Slemen City": "34.04"})


@pytest.mark.parametrize(
    "raw",
    [
        "34.04",
        "3404",
        "Kab. Sleman",
        "KABUPATEN SLEMAN",
        "Sleman",
        "kab sleman",
        " Kabupaten  Sleman ",
    ],
)
def test_forms_of_sleman(resolver, raw):
    m = resolver.regency(raw)
    assert m.code == "34.04" and not m.needs_confirmation


@pytest.mark.parametrize(
    "raw", ["Kota Yogyakarta", "Kodya Yogyakarta", "Kotamadya Yogyakarta", "34.71"]
)
def test_forms_of_kota_yogyakarta(resolver, raw):
    assert resolver.regency(raw).code == "34.71"


def test_abbreviation_is_expanded_before_matching(resolver):
    # Without expansion rapidfuzz ranks Kota Semarang above Kabupaten Semarang for "Kab Semarang".
    assert resolver.regency("Kab Semarang").code == "33.22"
    assert resolver.regency("Kota Semarang").code == "33.74"


@pytest.mark.parametrize(
    "name",
    [
        "Kediri",
        "Malang",
        "Blitar",
        "Madiun",
        "Mojokerto",
        "Pasuruan",
        "Probolinggo",
        "Magelang",
        "Tegal",
        "Pekalongan",
        "Semarang",
        "Kupang",
        "Bima",
    ],
)
def test_bare_names_of_kabupaten_and_kota_are_ambiguous(resolver, name):
    with pytest.raises(ValueProblem) as err:
        resolver.regency(name)
    assert err.value.key == "v.region_ambiguous"
    assert "Kabupaten" in err.value.params["options"] and "Kota" in err.value.params["options"]


def test_typos_are_fuzzy_and_need_confirmation(resolver):
    m = resolver.regency("Slemann")
    assert m.code == "34.04" and m.needs_confirmation and m.score < 100
    m = resolver.regency("Gunung Kidul")
    assert m.code == "34.03"


def test_province_limits_the_candidates(resolver):
    assert resolver.regency("Kab. Malang", province="35").code == "35.07"
    with pytest.raises(ValueProblem):
        resolver.regency("Sleman", province="35")


def test_confirmed_aliases_are_remembered(resolver):
    m = resolver.regency("slemen city")
    assert (m.code, m.how) == ("34.04", "alias")


def test_unknown_and_bad_codes(resolver):
    for raw, key in (
        ("99.99", "v.region_code"),
        ("34", "v.region_code"),
        ("Atlantis", "v.region_unknown"),
        ("", "v.required"),
    ):
        with pytest.raises(ValueProblem) as err:
            resolver.regency(raw)
        assert err.value.key == key


def test_provinces(resolver):
    assert [
        resolver.province(x) for x in ("DIY", "Jawa Timur", "53", "Provinsi NTB", "Jateng")
    ] == ["34", "35", "53", "52", "33"]


def test_helpers():
    assert split_kind("Kab. Sleman") == ("Kabupaten", "Sleman")
    assert split_kind("Kodya Yogyakarta") == ("Kota", "Yogyakarta")
    assert normalise_code("3404") == "34.04" and normalise_code("34.04.01") == "34.04.01"
    assert normalise_code("340") is None
