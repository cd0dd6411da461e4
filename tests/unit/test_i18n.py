import re
from datetime import date

from atlas.i18n import MESSAGES, fmt_date, fmt_int, fmt_pct, t


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
    from atlas.i18n import fmt_money_short

    assert fmt_money_short(1_060_000).replace("\xa0", " ") == "Rp 1,06 jt"
    assert fmt_money_short(933_800).replace("\xa0", " ") == "Rp 934 rb"
    assert fmt_money_short(None) == "–"


def test_user_text_is_inert_in_markdown():
    from atlas.i18n import md, tmd

    hostile = "[klik](https://evil.example) <img src=x onerror=alert(1)> :red[x] $x$ **b**"
    escaped = md(hostile)
    assert re.search(r"(?<!\\)[<>\[\]()*:$]", escaped) is None  # every active mark escaped
    assert escaped.replace("\\", "") == hostile  # shown exactly as typed
    message = tmd("filter.wave.bad", "id", value=hostile)
    assert "\\[klik\\]\\(https\\://evil" in message and "Gelombang" in message
