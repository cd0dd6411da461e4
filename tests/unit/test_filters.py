from datetime import date

import pytest

from atlas.core import filters
from atlas.core.filters import (
    Filter,
    FilterError,
    format_batches,
    format_waves,
    from_query,
    parse_as_of,
    parse_batches,
    parse_provinces,
    parse_waves,
    to_query,
)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("IX", (9,)),
        ("9", (9,)),
        ("ix", (9,)),
        ("Gelombang IX", (9,)),
        ("I-VIII", tuple(range(1, 9))),
        ("I s.d. VIII", tuple(range(1, 9))),
        ("1,3,5", (1, 3, 5)),
        ("XI, 10", (10, 11)),
        ("1-3,IX", (1, 2, 3, 9)),
    ],
)
def test_waves_in_the_forms_people_type(spec, expected):
    assert parse_waves(spec) == expected


@pytest.mark.parametrize("spec", ["XIV", "12", "0", "abc", "IIII", "VIII-I", "", "Gelombang"])
def test_bad_waves_are_refused_with_a_message(spec):
    with pytest.raises(FilterError) as err:
        parse_waves(spec)
    assert spec.strip() in str(err.value) or "kosong" in str(err.value).lower()


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("113-126", tuple(range(113, 127))),
        ("5,7", (5, 7)),
        ("Angkatan 101", (101,)),
        ("101", (101,)),
    ],
)
def test_batches(spec, expected):
    assert parse_batches(spec) == expected


@pytest.mark.parametrize("spec", ["abc", "0", "126-113", "1-999999999", "5,,x"])
def test_bad_batches(spec):
    with pytest.raises(FilterError):
        parse_batches(spec)


def test_provinces():
    assert parse_provinces("35,34") == ("34", "35")
    assert parse_provinces("34 53") == ("34", "53")
    with pytest.raises(FilterError, match="99"):
        parse_provinces("34,99")


def test_as_of_forms():
    assert parse_as_of("2020-10-16") == date(2020, 10, 16)
    assert parse_as_of("16/10/2020") == date(2020, 10, 16)
    for bad in ("2020-13-01", "kemarin", "31/02/2020"):
        with pytest.raises(FilterError):
            parse_as_of(bad)


def test_canonical_forms_are_compact():
    assert format_waves(tuple(range(1, 9))) == "I-VIII"
    assert format_waves((1, 3, 5)) == "I,III,V"
    assert format_waves((9,)) == "IX"
    assert format_batches(tuple(range(113, 127)) + (140,)) == "113-126,140"


def test_url_round_trip():
    f = Filter(waves=(9,), batches=(113, 114), provinces=("34", "35"), as_of=date(2020, 11, 1))
    again, errors = from_query(to_query(f))
    assert errors == []
    assert again == f


def test_default_filter_has_an_empty_url():
    assert to_query(Filter()) == {}


def test_bad_url_values_are_dropped_and_reported():
    f, errors = from_query({"gelombang": "XIV", "angkatan": "abc", "provinsi": "34", "per": "x"})
    assert f.waves == () and f.batches == () and f.provinces == ("34",)
    assert f.as_of == filters.config.default_as_of()
    assert {e.key for e in errors} == {"filter.wave.range", "filter.batch.bad", "filter.date.bad"}


def test_error_messages_exist_in_both_languages():
    from atlas.core.i18n import MESSAGES

    keys = [k for k in MESSAGES if k.startswith("filter.")]
    assert keys
    for key in keys:
        assert set(MESSAGES[key]) == {"id", "en"}


def test_a_file_name_carries_the_selection():
    """The briefing of wave IX and that of all waves had one file name on one day."""
    from datetime import date

    from atlas.core.filters import Filter, file_slug

    assert file_slug(Filter()) == ""
    assert file_slug(Filter(waves=(9,))) == "gelombang-IX"
    assert file_slug(Filter(as_of=date(2020, 1, 31), waves=(9,))) == "gelombang-IX"
    assert (
        file_slug(Filter(waves=(1, 2, 3, 4), provinces=("34", "51")))
        == "gelombang-I-IV_provinsi-34+51"
    )
    assert len(file_slug(Filter(batches=tuple(range(1, 200, 2))))) <= 80


def test_the_briefing_of_a_wave_is_named_after_it():
    from types import SimpleNamespace

    from atlas.core.filters import Filter
    from atlas.screens import reports

    def name(f: Filter, lang: str, ext: str) -> str:
        report = SimpleNamespace(briefing=SimpleNamespace(filter=f), lang=lang)
        return reports.Report.file_name(report, ext)

    assert name(Filter(waves=(9,)), "id", "pdf") == "ringkasan-pkh_gelombang-IX_2020-10-16_id.pdf"
    assert name(Filter(), "en", "pptx") == "ringkasan-pkh_2020-10-16_en.pptx"
