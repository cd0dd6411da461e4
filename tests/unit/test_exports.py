import io

import openpyxl
import pandas as pd
import pytest

from atlas.core import sheets


@pytest.mark.parametrize("payload", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_formula_cells_are_neutralised(payload):
    df = pd.DataFrame({"name": [payload], "n": [-5]})
    back = pd.read_csv(io.StringIO(sheets.to_csv(df).decode("utf-8-sig")), keep_default_na=False)
    assert back.name[0] == "'" + payload and back.n[0] == -5
    wb = openpyxl.load_workbook(io.BytesIO(sheets.to_xlsx(df)))
    ws = wb.active
    assert ws["A2"].value == "'" + payload
    assert ws["A2"].data_type == "s"
    assert ws["B2"].value == -5  # numbers stay numbers


def test_plain_text_untouched_and_utf8():
    df = pd.DataFrame({"Kabupaten/Kota": ["Kabupaten Sleman"], "Cakupan": [0.5]})
    csv = sheets.to_csv(df)
    assert csv.startswith(b"\xef\xbb\xbf")
    assert "Kabupaten Sleman" in csv.decode("utf-8-sig")


def test_header_names_are_neutralised_too():
    df = pd.DataFrame({"=cmd": [1]})
    assert "'=cmd" in sheets.to_csv(df).decode("utf-8-sig")


def test_the_region_table_and_its_downloads_show_a_dash_for_no_value():
    """District figures carry no training (NaN), a region without roster no coverage: the
    table, the CSV and the XLSX say "—", never "None", "nan" or an empty cell, and the
    unassigned enterprises are a last row."""
    import numpy as np

    from atlas.screens.region_table import region_table

    figures = pd.DataFrame(
        {
            "code": ["34.04.01", "34.04.02"],
            "name": ["Gamping", "Godean"],
            "facilitators_roster": [np.nan, np.nan],
            "coverage": [np.nan, np.nan],
            "enterprises": [3, 0],
            "enterprises_active": [2, 0],
            "graduated": [1, 0],
        }
    )
    gap = {"enterprises": 4, "enterprises_active": 3, "graduated": 0}
    table = region_table(figures, "district", "id", gap)
    assert list(table.columns) == ["Kode", "Kecamatan", "Usaha KPM", "Usaha aktif", "KPM graduasi"]
    assert table.iloc[-1].tolist() == ["—", "(tanpa kecamatan)", 4, 3, 0]
    csv_text = sheets.to_csv(table).decode("utf-8-sig")
    assert "None" not in csv_text and ",," not in csv_text and "nan" not in csv_text
    rows = list(
        openpyxl.load_workbook(io.BytesIO(sheets.to_xlsx(table))).active.iter_rows(values_only=True)
    )
    assert all(cell is not None for row in rows for cell in row)

    regencies = figures.assign(code=["34.04", "34.05"], facilitators_roster=[10, 0])
    regencies["coverage"] = [0.5, np.nan]
    table = region_table(regencies, "regency", "en")
    assert table["Coverage (%)"].tolist() == [50.0, "—"]
    assert "Regency/City" in table.columns


def test_a_downloaded_workbook_says_what_it_is_on_a_notes_sheet():
    """The table's XLSX carries its selection and date and the demo mark on a sheet of its
    own (a file forwarded alone had nothing saying its figures were illustrative); a note is
    text, never a formula."""
    df = pd.DataFrame({"Kabupaten/Kota": ["Sleman"], "Usaha KPM": [12]})
    notes = ["PKH Atlas · Gelombang IX · per 16 Okt 2020", "Data contoh (ilustratif)", "=1+1"]
    wb = openpyxl.load_workbook(io.BytesIO(sheets.to_xlsx(df, notes=notes, notes_sheet="Catatan")))
    assert wb.sheetnames == ["Data", "Catatan"]
    assert [r[0].value for r in wb["Catatan"].iter_rows()] == [*notes[:2], "'=1+1"]
    assert wb["Data"]["B2"].value == 12
    assert openpyxl.load_workbook(io.BytesIO(sheets.to_xlsx(df))).sheetnames == ["Data"]


def test_charts_write_the_minus_sign_as_the_languages_formats_do():
    """One minus sign per language: babel's "-0,1" had stood beside matplotlib's "−12"."""
    import matplotlib.pyplot as plt

    from atlas.core.i18n import fmt_num
    from atlas.screens import charts  # noqa: F401 - sets the axes' minus sign

    fig, ax = plt.subplots()
    ax.plot([-12, 12], [0, 1])
    fig.canvas.draw()
    ticks = [label.get_text() for label in ax.get_xticklabels() if label.get_text()]
    plt.close(fig)
    negative = next(text for text in ticks if not text[0].isdigit())
    assert negative[0] == fmt_num(-0.1, "id")[0] == "-"


def test_eleven_wave_curves_stay_legible():
    """Eleven blue wave lines could not be told apart (issue #32): the first and the last in
    colour, the others grey and named at their ends, no name over another."""
    import itertools

    import matplotlib.pyplot as plt

    from atlas.analysis.impact import Curve
    from atlas.screens import charts

    months = tuple(range(37))
    curves = [
        Curve(
            f"wave:{w}",
            months,
            tuple(m * 0.3 + w * 0.01 for m in months),
            tuple(m * 0.25 for m in months),
            tuple(m * 0.35 for m in months),
            (),
            100,
            10,
        )
        for w in range(1, 12)
    ]  # ends within 0,1 percentage point of each other: their names had piled up
    fig = charts._survival_figure(curves, "Graduasi per gelombang", "id")
    ax = fig.axes[0]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["Gelombang I", "Gelombang XI", "gelombang lain"]
    names = sorted((a.xy[1], a.get_text()) for a in ax.texts)
    assert [n for _, n in names] == ["II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    low, high = ax.get_ylim()
    assert all(b[0] - a[0] >= 0.04 * (high - low) for a, b in itertools.pairwise(names))
    plt.close(fig)
