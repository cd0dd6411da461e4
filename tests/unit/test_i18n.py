import re
from datetime import date

import pytest

from atlas.core.i18n import MESSAGES, fmt_date, fmt_int, fmt_pct, t


def test_indonesian_formats():
    assert fmt_int(4371) == "4.371"
    assert fmt_pct(3359 / 4371) == "76,8%"
    assert fmt_date(date(2020, 10, 16)) == "16 Oktober 2020"


def test_english_formats():
    assert fmt_int(4371, "en") == "4,371"
    assert fmt_pct(3359 / 4371, "en") == "76.8%"
    assert fmt_date(date(2020, 10, 16), "en") == "16 October 2020"


def test_every_message_has_both_languages():
    missing = [k for k, v in MESSAGES.items() if set(v) != {"id", "en"}]
    assert missing == []


def test_unknown_language_falls_back_to_indonesian():
    assert t("m.trained", "fr") == "Telah dilatih"


def test_compact_money():
    from atlas.core.i18n import fmt_money_short

    assert fmt_money_short(1_060_000).replace("\xa0", " ") == "Rp 1,06 jt"
    assert fmt_money_short(933_800).replace("\xa0", " ") == "Rp 934 rb"
    assert fmt_money_short(None) == "—"


def test_user_text_is_inert_in_markdown():
    from atlas.core.i18n import md, tmd

    hostile = "[klik](https://evil.example) <img src=x onerror=alert(1)> :red[x] $x$ **b**"
    escaped = md(hostile)
    assert re.search(r"(?<!\\)[<>\[\]()*:$]", escaped) is None  # every active mark escaped
    assert escaped.replace("\\", "") == hostile  # shown exactly as typed
    message = tmd("filter.wave.bad", "id", value=hostile)
    assert "\\[klik\\]\\(https\\://evil" in message and "Gelombang" in message


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_figure_without_a_value_shows_a_dash(lang):
    """An empty selection (Bali + wave IX) has no share and no median: the figures say "—",
    never "NaN,0%", "NaN" or "None"."""
    import numpy as np
    import pandas as pd

    from atlas.core.i18n import (
        MISSING,
        fmt_date,
        fmt_datetime,
        fmt_int,
        fmt_money_short,
        fmt_num,
        fmt_pct,
    )

    for value in (None, float("nan"), np.float64("nan"), pd.NA):
        for fmt in (fmt_int, fmt_num, fmt_money_short, fmt_pct):
            assert fmt(value, lang) == MISSING, (fmt.__name__, value)
    assert fmt_date(pd.NaT, lang) == MISSING
    assert fmt_datetime(None, lang) == MISSING
    assert fmt_pct(0.768, lang).startswith("76")


def test_table_cells_in_the_language_s_number_format():
    import numpy as np

    from atlas.core.i18n import fmt_cell

    assert fmt_cell(46110, "id") == "46.110" and fmt_cell(46110, "en") == "46,110"
    assert fmt_cell(np.int64(1260), "id") == "1.260"
    assert fmt_cell(76.8, "id") == "76,8" and fmt_cell(76.8, "en") == "76.8"
    assert fmt_cell(float("nan"), "id") == "—"
    assert fmt_cell("Kab. Sleman", "en") == "Kab. Sleman" and fmt_cell(None, "id") == ""
    assert fmt_cell(True, "id") == "True"  # not a number to format


def test_a_grid_shows_numbers_formatted_and_keeps_them_numbers():
    """The history's "46110" (an import's row count) read raw in the Indonesian grid."""
    import pyarrow as pa
    from streamlit.testing.v1 import AppTest

    def script():
        import pandas as pd

        from ui.tables import grid

        grid(pd.DataFrame({"Kabupaten": ["Sleman"], "Usaha": [46110], "Cakupan": [76.8]}), "id")

    at = AppTest.from_function(script, default_timeout=30).run()
    proto = at.dataframe[0].proto.arrow_data
    shown = pa.ipc.open_stream(proto.styler.display_values).read_all().to_pandas()
    assert list(shown.iloc[0]) == ["Sleman", "46.110", "76,8"]
    data = pa.ipc.open_stream(proto.data).read_all().to_pandas()
    assert data["Usaha"].iloc[0] == 46110  # still a number: the column sorts by value
