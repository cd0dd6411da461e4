"""The training-impact page under AppTest."""

import re

from streamlit.testing.v1 import AppTest

PAGE = "../../pages/impact.py"


def impact(params=None):
    at = AppTest.from_file(PAGE, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def metrics(at):
    return {m.label: m.value for m in at.metric}


def texts(at):
    return " ".join(
        [md.value for md in at.markdown]
        + [x.value for x in at.info]
        + [x.value for x in at.warning]
        + [c.value for c in at.caption]
    )


def test_the_estimate_in_words_with_the_map_counts(app_env):
    at = impact()
    assert not at.exception
    words = texts(at)
    assert "poin persen per tahun" in words and "dengan keyakinan 95%" in words
    assert "Sebelum diklat, kedua kelompok KPM" in words
    assert "Callaway dan Sant'Anna" in words
    assert "2,0 kali" in words  # the demo's planted effect is said on demo data
    page = AppTest.from_file("../../home.py", default_timeout=60).run()
    assert metrics(at)["KPM dalam pilihan"] == metrics(page)["Usaha KPM"]
    assert len(at.get("image")) == 3  # the event study and the two survival charts


def test_the_page_opens_with_a_verdict_in_plain_indonesian(app_env):
    """Leadership read the finding first, in words (issue #32): how many times as fast, and
    how sure; no estimator's jargon, library version or ISO month on the Indonesian page."""
    at = impact()
    assert not at.exception
    first = at.markdown[[m.value.startswith("### ") for m in at.markdown].index(True)].value
    # On the demo at its default date the estimate is not yet firm, and says so.
    assert first.startswith("### Belum pasti apakah diklat mempercepat graduasi KPM")
    assert "×" in first and "kemungkinan besar antara" in first
    words = texts(at)
    for jargon in ("ATTgt", "not-yet-treated", "differences 0.", "IK 95", "uji bersama"):
        assert jargon not in words
    assert not re.search(r"\b20\d\d-\d\d\b", words), "a month written as YYYY-MM"
    assert re.search(r"Bulan \w+ 20\d\d s\.d\. \w+ 20\d\d", words)


def test_english_and_a_region(app_env):
    at = impact({"lang": "en", "dampak_wilayah": "35"})
    assert not at.exception
    assert at.selectbox[0].value == "35"
    words = texts(at)
    assert "percentage points a year" in words or "Too little data" in words
    assert "What is compared." in words and "The assumptions." in words


def test_a_thin_selection_says_so_and_draws_no_estimate(app_env):
    at = impact({"gelombang": "X"})
    assert not at.exception
    words = texts(at)
    assert "Data terlalu tipis" in words
    assert "poin persen per tahun" not in words


def test_picking_a_region_keeps_it_in_the_link(app_env):
    at = impact()
    at.selectbox[0].set_value("34.04").run()
    assert not at.exception
    assert (
        at.query_params["dampak_wilayah"] == ["34.04"]
        or at.query_params["dampak_wilayah"] == "34.04"
    )


def test_an_unknown_region_in_the_link_is_said_and_ignored(app_env):
    at = impact({"dampak_wilayah": "99.99*"})
    assert not at.exception
    assert at.selectbox[0].value is None
    # Said, with the value escaped as markdown (the star shows as a star).
    assert any(r"99\.99\*" in w.value and "tidak dikenal" in w.value for w in at.warning)
