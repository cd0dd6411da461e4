"""atlas.core.regions: what a Kemendagri code says about itself."""

from atlas.core.regions import level_of, path_of, province_of, regency_of


def test_levels():
    assert [level_of(c) for c in ("34", "34.04", "34.04.01")] == ["province", "regency", "district"]


def test_the_regions_a_code_lies_in():
    assert path_of("34.04.01") == ["34", "34.04", "34.04.01"]
    assert path_of("53") == ["53"]
    assert [province_of(c) for c in ("34", "34.04", "34.04.01")] == ["34"] * 3
    assert [regency_of(c) for c in ("34", "34.04", "34.04.01")] == [None, "34.04", "34.04"]
