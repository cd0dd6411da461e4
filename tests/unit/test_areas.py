"""Working areas (#34): the shipped list, the ATLAS_AREA setting, and what the area decides."""

import pytest

from atlas.core import areas, filters
from atlas.core.labels import all_provinces, app_subtitle, area_root, provinces_text
from atlas.core.mapview import MapView
from atlas.screens import map_layers
from atlas.screens.about import about_markdown
from geo import boundaries, served


def test_the_centres_cover_the_38_provinces_once():
    centres = [a for a in areas.SHIPPED if not a.national]
    provinces = [p for a in centres for p in a.provinces]
    assert len(centres) == 6
    assert sorted(provinces) == sorted(areas.PROVINCES) and len(provinces) == 38
    assert areas.named("nasional").provinces == tuple(areas.PROVINCES)
    assert areas.of_province("53").code == "yogyakarta"
    assert areas.of_province("96").code == "jayapura"


def test_the_default_is_yogyakartas_app():
    assert areas.current().code == "yogyakarta"
    assert areas.current().provinces == ("34", "33", "35", "51", "52", "53")
    assert app_subtitle("id").endswith("— wilayah kerja BBPPKS Yogyakarta")
    assert area_root("id") == "Wilayah kerja (6 provinsi)"
    assert all_provinces("id") == "keenam provinsi"
    assert all_provinces("en") == "all six provinces"
    assert provinces_text((), "id") == "DIY, Jawa Tengah, Jawa Timur, Bali, NTB, NTT"
    assert len(boundaries.load_regions()) == 6 + 119 + 1809
    assert MapView().level == "regency" and map_layers.province_layer() == "province"


def test_an_unknown_area_is_refused_with_the_codes(serve_area):
    with pytest.raises(areas.UnknownArea, match="padang, bandung, yogyakarta"):
        serve_area("jogja")


def test_padang_serves_its_eight_provinces(serve_area):
    padang = serve_area("padang")
    assert len(padang.provinces) == 8
    assert app_subtitle("en").endswith("working area of BBPPKS Padang")
    assert area_root("id") == "Wilayah kerja (8 provinsi)"
    assert all_provinces("id") == "kedelapan provinsi"
    assert "BBPPKS Yogyakarta" not in about_markdown("id").split("####")[0]
    assert set(boundaries.load_level("province").code) == set(padang.provinces)
    assert filters.parse_provinces("13") == ("13",)
    with pytest.raises(filters.FilterError, match="11, 12, 13"):
        filters.parse_provinces("34")
    (south, north), (west, east) = boundaries.extent()
    assert (south, north, west, east) == (-6.5, 7.0, 94.0, 110.0)


def test_the_nation_has_38_provinces_514_regencies(serve_area):
    serve_area("nasional")
    regions = boundaries.load_regions()
    assert regions.level.value_counts().to_dict() == {
        "district": 7284,
        "regency": 514,
        "province": 38,
    }
    assert len(boundaries.load_level("province")) == 38
    assert area_root("en") == "Indonesia (38 provinces)"
    assert all_provinces("id") == "seluruh 38 provinsi"
    assert app_subtitle("id").endswith("— seluruh Indonesia")
    # The country's map opens on its provinces, drawn from their lighter outlines (the file
    # the regency view draws over its regencies): a first visit on a slow link downloads a
    # third of the full shapes.
    assert MapView().level == "province" and map_layers.province_layer() == "province-outline"
    outline, full = served._files()["province-outline"], served._files()["province"]
    assert len(outline.body) < 300_000 < len(full.body)


def test_an_area_account_sees_personal_data_inside_its_area_only():
    from atlas.core.access import Principal

    coordinator = Principal("k", "coordinator", area="makassar")
    assert coordinator.sees_details("73.71") and coordinator.sees_details("76.01.02")
    assert not coordinator.sees_details("34.04") and not coordinator.sees_details(None)
    in_province = Principal("k", "coordinator", province="73", area="makassar")
    assert in_province.sees_details("73.71") and not in_province.sees_details("71.71")
    assert not Principal("v", "viewer", area="makassar").sees_details("73.71")
    assert Principal("a", "admin").sees_details("34.04")  # an account of the whole deployment
    assert not Principal("a", "admin", area="padang").sees_details("34.04")


def test_about_says_when_a_centres_province_list_is_not_confirmed():
    said = "inferred from the centre's name; the centre has not confirmed it yet"
    assert said in about_markdown("en", areas.named("makassar"))
    assert "disimpulkan dari nama balai" in about_markdown("id", areas.named("banjarmasin"))
    assert "belum dikonfirmasi" not in about_markdown("id", areas.named("yogyakarta"))
    assert "belum dikonfirmasi" not in about_markdown("id", areas.named("nasional"))


def test_about_marks_the_other_centres_demo_figures_illustrative_in_the_country():
    country = about_markdown("en", areas.named("nasional"))
    assert "invented (illustrative)" in country
    assert country.index("invented") < country.index("#### Boundaries")
    assert "rekaan (ilustratif)" in about_markdown("id", areas.named("nasional"))
    assert "rekaan (ilustratif)" not in about_markdown("id", areas.named("yogyakarta"))
