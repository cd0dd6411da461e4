import shutil

import pytest

from geo import boundaries


@pytest.fixture
def source(tmp_path, geo_dir):
    src = tmp_path / "src"
    src.mkdir()
    for name in list(boundaries.expected_checksums()) + ["SOURCE.md"]:
        shutil.copy(geo_dir / name, src / name)
    return src


def test_install_copies_every_file_and_checks_it(source, tmp_path):
    target = tmp_path / "geo"
    installed = boundaries.install(str(source), target)
    assert set(boundaries.expected_checksums()) <= set(installed)
    assert boundaries.is_installed(target)
    assert (target / "SOURCE.md").is_file()


def test_tampered_file_is_refused_and_nothing_installed(source, tmp_path):
    (source / "regencies.geojson.gz").write_bytes(b"not what was shipped")
    target = tmp_path / "geo"
    with pytest.raises(boundaries.ChecksumMismatch, match="regencies.geojson.gz"):
        boundaries.install(str(source), target)
    assert list(target.iterdir()) == []


def test_missing_source_says_what_to_configure(tmp_path):
    with pytest.raises(FileNotFoundError, match="ATLAS_GEO_SOURCE"):
        boundaries.install(str(tmp_path / "nowhere"), tmp_path / "geo")


def test_loading_without_installation_explains(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_GEO_DIR", str(tmp_path / "empty"))
    with pytest.raises(boundaries.BoundariesMissing) as err:
        boundaries.load_level("regency")
    assert "python -m atlas setup" in str(err.value)


def test_levels_load_with_text_codes():
    gdf = boundaries.load_level("regency")
    assert len(gdf) == 119
    assert gdf.crs.to_epsg() == 4326
    assert "34.04" in set(gdf.code)
    assert len(boundaries.load_level("province")) == 6


def test_shipped_files_are_checked_where_they_are(tmp_path):
    assert boundaries.install(str(boundaries.SHIPPED), boundaries.SHIPPED) == []
    copy = tmp_path / "copy"
    shutil.copytree(boundaries.SHIPPED, copy)
    with (copy / "districts.geojson.gz").open("ab") as fh:
        fh.write(b"\0")
    with pytest.raises(boundaries.ChecksumMismatch, match="districts.geojson.gz"):
        boundaries.install(str(copy), copy)


def test_every_level_loads_from_the_gzipped_files():
    counts = {level: len(boundaries.load_level(level)) for level in boundaries.LEVEL_FILES}
    assert counts == {"province": 6, "regency": 119, "district": 1809}
