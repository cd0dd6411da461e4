"""The briefing page under AppTest."""

from streamlit.testing.v1 import AppTest

APP = "../../home.py"


def briefing(params=None):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/briefing.py")
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_figures_against_target(app_env):
    at = briefing()
    assert not at.exception
    m = metrics(at)
    assert m["Target pendamping"] == "4.371" and m["Telah dilatih"] == "3.359"
    assert m["Angkatan selesai"] == "112" and m["Gelombang selesai"] == "8"
    assert "Hingga 16 Oktober 2020" in " ".join(md.value for md in at.markdown)


def test_same_numbers_as_the_map_page(app_env):
    # AppTest drops the URL on switch_page (the browser's links keep it: see the browser
    # tests), so each page runs on its own with the same parameters.
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["gelombang"] = "I-IX"
    map_figures = metrics(at.run())
    page = AppTest.from_file("../../pages/briefing.py", default_timeout=60)
    page.query_params["gelombang"] = "I-IX"
    brief = metrics(page.run())
    assert not page.exception
    for key in ("Target pendamping", "Telah dilatih", "Sedang diklat", "Rencana", "Usaha KPM"):
        assert brief[key] == map_figures[key], key


def test_presentation_mode_and_english(app_env):
    at = briefing({"presentasi": "ya", "lang": "en"})
    assert not at.exception
    assert at.toggle[0].value is True
    m = metrics(at)
    assert m["Facilitator target"] == "4,371"
    assert len(m) == 8  # only what matters


def test_an_empty_selection_says_so_and_which_filters_empty_it(app_env):
    page = AppTest.from_file("../../pages/briefing.py", default_timeout=60)
    page.query_params["gelombang"] = "IX"
    page.query_params["provinsi"] = "51"
    page.run()
    assert not page.exception
    m = metrics(page)
    assert m["Cakupan diklat"] == "—" and m["Target pendamping"] == "170"
    assert not [v for v in m.values() if "NaN" in v or "nan" in v]
    text = " ".join(md.value for md in page.markdown)
    assert "Tidak ada peserta diklat maupun usaha KPM" in text
    assert "Gelombang: IX" in text and "Provinsi: Bali" in text
    assert "0 dari 170" not in text
