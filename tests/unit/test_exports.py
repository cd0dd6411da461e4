import io

import openpyxl
import pandas as pd
import pytest

from atlas import exports


@pytest.mark.parametrize("payload", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_formula_cells_are_neutralised(payload):
    df = pd.DataFrame({"name": [payload], "n": [-5]})
    back = pd.read_csv(io.StringIO(exports.to_csv(df).decode("utf-8-sig")), keep_default_na=False)
    assert back.name[0] == "'" + payload and back.n[0] == -5
    wb = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(df)))
    ws = wb.active
    assert ws["A2"].value == "'" + payload
    assert ws["A2"].data_type == "s"
    assert ws["B2"].value == -5  # numbers stay numbers


def test_plain_text_untouched_and_utf8():
    df = pd.DataFrame({"Kabupaten/Kota": ["Kabupaten Sleman"], "Cakupan": [0.5]})
    csv = exports.to_csv(df)
    assert csv.startswith(b"\xef\xbb\xbf")
    assert "Kabupaten Sleman" in csv.decode("utf-8-sig")


def test_header_names_are_neutralised_too():
    df = pd.DataFrame({"=cmd": [1]})
    assert "'=cmd" in exports.to_csv(df).decode("utf-8-sig")
