"""The detail panel's server-drawn charts: escaped text, numbers in the user's language, an
empty selection, rows in the order given."""

import re
import xml.etree.ElementTree as ET

import pandas as pd

from atlas.screens import panel_charts

HOSTILE = '<img src=x onerror="alert(1)"> & "quoted" `tick`'


def test_bars_escape_labels_and_format_numbers_per_language():
    data = pd.DataFrame({"Sektor": [HOSTILE, "Kuliner"], "Usaha": [11515, 1260]})
    html = panel_charts.bars("Usaha per sektor", data, "id")
    assert "<img" not in html and "&lt;img src=x" in html and "&quot;quoted&quot;" in html
    assert ">11.515<" in html and ">1.260<" in html
    english = panel_charts.bars("Enterprises by sector", data, "en")
    assert ">11,515<" in english and ">1,260<" in english
    # The longest bar is full length; the others in proportion.
    widths = [float(w) for w in re.findall(r"(?<!-)width:([\d.]+)%", html)]
    assert widths == [100.0, round(100 * 1260 / 11515, 1)]


def test_an_empty_selection_shows_a_dash_not_an_empty_frame():
    empty = pd.DataFrame({"Sektor": [], "Usaha": []})
    assert ">—<" in panel_charts.bars("Usaha per sektor", empty, "id")


def test_charts_are_well_formed_with_waves_in_the_order_given():
    data = pd.DataFrame({"Gelombang": ["I", "II", "IV"], "Telah dilatih": [120, 1260, 1280]})
    html = panel_charts.bars("Telah dilatih, kumulatif", data, "id", panel_charts.DARK)
    figure = ET.fromstring(html)  # well-formed: every element closed
    assert figure.find("figcaption").text == "Telah dilatih, kumulatif"
    texts = [el.text for el in figure.iter("span") if el.text]
    assert texts == ["I", "120", "II", "1.260", "IV", "1.280"]
    assert html.count(f"background:{panel_charts.DARK}") == 3


def test_tables_escape_cells_and_headers_and_format_numbers_per_language():
    data = pd.DataFrame(
        {"Nama": [HOSTILE, None], HOSTILE: ["IX · 113", "{{ 7*7 }}"], "Jumlah": [1260, 3]}
    )
    html = panel_charts.table(data, "id")
    root = ET.fromstring(html)  # well-formed: every piece of text stayed text
    assert [th.text for th in root.iter("th")] == ["Nama", HOSTILE, "Jumlah"]
    assert [th.get("scope") for th in root.iter("th")] == ["col"] * 3
    rows = [[td.text for td in tr.iter("td")] for tr in root.iter("tr")][1:]
    assert rows == [[HOSTILE, "IX · 113", "1.260"], ["—", "{{ 7*7 }}", "3"]]
    assert "<img" not in html
    assert "1,260" in panel_charts.table(data, "en")
    # Numbers are right-aligned, text is not.
    assert [("text-align:right" in (td.get("style") or "")) for td in root.iter("td")][:3] == [
        False,
        False,
        True,
    ]
