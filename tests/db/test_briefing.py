"""The briefing agrees with the map's query layer and tells the article's story."""

from datetime import date

from atlas.core.filters import Filter, parse_waves
from atlas.core.i18n import t
from atlas.screens import briefing
from atlas.store import queries


def test_narrative_in_indonesian(demo_engine):
    b = briefing.build(demo_engine, Filter())
    text = briefing.narrative(b, "id")
    assert text[0] == (
        "Hingga 16 Oktober 2020, 3.359 dari 4.371 pendamping (76,8%) telah menyelesaikan "
        "diklat; gelombang IX (14 angkatan, 420 peserta dari DIY, Jawa Timur dan NTT) "
        "sedang berlangsung."
    )
    assert text[1] == "Gelombang X-XI (20 angkatan, 592 peserta) direncanakan sesudahnya."


def test_narrative_in_english(demo_engine):
    text = briefing.narrative(briefing.build(demo_engine, Filter()), "en")
    assert text[0].startswith(
        "By 16 October 2020, 3,359 of 4,371 facilitators (76.8%) had completed"
    )
    assert (
        "wave IX (14 batches, 420 participants from DIY, Jawa Timur and NTT) is under way"
        in text[0]
    )


def test_progress_against_the_plan(demo_engine):
    b = briefing.build(demo_engine, Filter())
    assert (b.batches_held, b.batches_total) == (112, 146)
    assert (b.waves_held, b.waves_total) == (8, 11)
    assert b.provinces_reached == ["33", "34", "35", "51", "52", "53"]
    assert b.change_since_previous_wave() == (420, 8)
    assert b.waves.plan_cumulative.iloc[-1] == 4371


def test_same_numbers_as_the_map(demo_engine):
    for f in (
        Filter(),
        Filter(waves=parse_waves("I-IX")),
        Filter(provinces=("35",)),
        Filter(sectors=("jasa",)),
    ):
        b = briefing.build(demo_engine, f)
        s = queries.summary(demo_engine, f)
        for key in ("facilitators_roster", "trained", "in_training", "planned", "enterprises"):
            assert int(b.total[key]) == s[key], (f, key)
        assert b.provinces.trained.sum() == s["trained"]
        assert b.sectors.enterprises.sum() == s["enterprises"]


def test_the_pdf_and_slides_stay_marked_while_demo_rows_are_counted(loaded):
    """After an import of people's data into the demo database, exports had presented the
    demo's figures as real: the report's mark follows the demo's rows, not the last import."""
    from atlas.core.access import Principal
    from atlas.ingest import importer
    from atlas.screens import reports

    staff = Principal("staf", "data_staff")
    roster = b"id_pendamping,nama,kabupaten_kota\nPDP1,Ani,Bantul\n"
    assert importer.run(loaded, roster, "r.csv", dry_run=False, actor=staff).status == "committed"
    assert reports.build(loaded, Filter(waves=(9,)), "id").demo_mark == "Data contoh (ilustratif)"


def test_a_wave_in_progress_maps_its_participants(demo_engine):
    """The wave IX briefing on 16 October 2020 drew a coverage map with every regency in the
    0 class; as the map page does, it now maps the wave's 420 participants. A wave with
    trained facilitators keeps the coverage map."""
    from atlas.screens import reports

    for waves, metric in (((9,), "participants"), (tuple(range(1, 10)), "coverage")):
        assert reports.map_metric(briefing.build(demo_engine, Filter(waves=waves))) == metric
    fig = queries.figures(demo_engine, Filter(waves=(9,)), "regency")
    assert fig.participants.sum() == 420 and (fig.participants > 0).sum() > 1
    b = briefing.build(demo_engine, Filter(waves=(9,)), None)
    alt = reports.map_alt(b, 119, "id", "participants")
    assert alt.startswith("Peserta terpilih per kabupaten/kota") and "420 peserta" in alt


def test_a_wave_is_measured_against_its_own_plan(demo_engine):
    b = briefing.build(demo_engine, Filter(waves=(9,)))
    assert (b.batches_held, b.batches_total) == (0, 14)
    assert (b.waves_held, b.waves_total) == (0, 1)
    first = briefing.narrative(b, "id")[0]
    assert first.startswith("Hingga 16 Oktober 2020, belum ada dari 420 peserta terpilih")
    assert list(b.provinces.code) == ["34", "35", "53"]  # its own provinces, not six rows
    both = briefing.build(demo_engine, Filter(waves=(8, 9)))
    assert (both.batches_total, both.waves_total) == (28, 2)
    assert briefing.narrative(both, "id")[0].startswith("Hingga 16 Oktober 2020, 420 dari")


def test_a_section_with_nothing_to_show_says_why_instead_of_an_empty_frame(demo_engine):
    """The wave IX briefing: its cumulative chart across waves had one dot, and its impact
    section an empty chart frame under "not estimated". Now neither is drawn; one line
    says why (the impact's notes already do); a briefing of all waves draws both."""
    from atlas.screens import reports

    wave = reports.build(demo_engine, Filter(waves=(9,), as_of=date(2020, 10, 16)), "en")
    assert "cumulative" not in wave.charts
    assert wave.gaps == {"cumulative": t("brief.chart.one_wave", "en", wave="IX")}
    assert wave.impact.chart is None and wave.impact.notes
    everything = reports.build(demo_engine, Filter(as_of=date(2020, 10, 16)), "en")
    assert set(everything.charts) == {"cumulative", "provinces", "sectors", "status"}
    assert not everything.gaps and everything.impact.chart
    empty = reports.build(demo_engine, Filter(waves=(9,), provinces=("51",)), "en")
    assert set(empty.gaps) == {"cumulative", "sectors", "status"}  # Bali's roster stays drawn
    assert set(empty.gaps.values()) == {t("chart.empty", "en")}
