"""Graduation targets: shipped with the demo, set by admins (audited, checked), and the
briefing's count of the year's graduations against them, equal to a recount."""

from datetime import date

import pytest

from atlas.core.access import Denied, Principal
from atlas.core.filters import Filter
from atlas.screens import admin_screen, graduation, reports
from atlas.store import audit, demo, targets

from .conftest import recount

ADMIN = Principal("kepala", "admin")


def test_the_demo_ships_the_ministrys_2020_target_and_takes_it_away(loaded):
    assert targets.of_year(loaded, 2020) == {"nasional": 1_000_000}
    assert targets.listed(loaded)[0]["demo"] is True
    targets.set_target(loaded, 2021, "yogyakarta", 5000, actor=ADMIN, client=None)
    demo.remove(loaded, ADMIN)
    assert targets.of_year(loaded, 2020) == {}  # the demo's went with its rows
    assert targets.of_year(loaded, 2021) == {"yogyakarta": 5000}  # the admin's stays


def test_only_admins_set_targets_and_every_change_is_audited(loaded):
    with pytest.raises(Denied):
        targets.set_target(
            loaded, 2021, "yogyakarta", 10, actor=Principal("d", "data_staff"), client=None
        )
    for year, area, n, key in (
        (1990, "yogyakarta", 10, "target.bad_year"),
        (2021, "padang", 10, "target.bad_area"),  # not this deployment's area
        (2021, "yogyakarta", 0, "target.bad_number"),
        (2021, "yogyakarta", 30_000_000, "target.bad_number"),
    ):
        with pytest.raises(targets.TargetRefused) as refused:
            targets.set_target(loaded, year, area, n, actor=ADMIN, client=None)
        assert refused.value.key == key
    targets.set_target(loaded, 2021, "yogyakarta", 10, actor=ADMIN, client="c1")
    targets.set_target(loaded, 2021, "yogyakarta", 12, actor=ADMIN, client="c1")  # replaced
    assert targets.of_year(loaded, 2021) == {"yogyakarta": 12}
    assert targets.remove_target(loaded, 2021, "yogyakarta", actor=ADMIN, client="c1")
    assert not targets.remove_target(loaded, 2021, "yogyakarta", actor=ADMIN, client="c1")
    events = audit.recent(loaded)
    assert [(e["action"], e["detail"]) for e in events[:3]] == [
        ("target_removed", '{"year": 2021, "area": "yogyakarta"}'),
        ("target_set", '{"year": 2021, "area": "yogyakarta", "target": 12}'),
        ("target_set", '{"year": 2021, "area": "yogyakarta", "target": 10}'),
    ]


def test_the_countrys_briefing_counts_2020_against_one_million(loaded, serve_area):
    serve_area("nasional")
    for as_of in (date(2020, 3, 14), date(2020, 12, 31), date(2020, 10, 16)):
        s = graduation.section(loaded, as_of, "id")
        assert s.target == 1_000_000
        assert s.graduated == recount(loaded, date(2020, 1, 1), as_of)
    assert graduation.section(loaded, date(2020, 12, 31), "id").graduated > s.graduated > 0
    s = reports.build(loaded, Filter(as_of=date(2020, 10, 16)), "en").graduation
    n = recount(loaded, date(2020, 1, 1), date(2020, 10, 16))
    assert s.headline == (
        f"{n:,} KPM families graduated in 2020 up to 16 October 2020: "
        f"{n / 1_000_000:.1%} of the target of 1,000,000."
    )
    assert list(s.by_area["Working area"])[-1] == "Nasional"
    assert list(s.by_area["Target"])[-1] == "1,000,000"
    assert len(s.by_province) == 38


def test_a_centres_deployment_shows_its_own_target_only(loaded):
    # Yogyakarta's app, as it was: the national target is not its own.
    assert graduation.section(loaded, date(2020, 10, 16), "id") is None
    targets.set_target(loaded, 2020, "yogyakarta", 2000, actor=ADMIN, client=None)
    s = graduation.section(loaded, date(2020, 10, 16), "id")
    assert s.target == 2000 and s.by_area.empty and len(s.by_province) == 6
    assert s.graduated == recount(loaded, date(2020, 1, 1), date(2020, 10, 16))
    screen = admin_screen.build(loaded, [], "id", None)
    assert screen.target_areas == {"yogyakarta": "Regional III Yogyakarta"}
    assert set(screen.target_keys) == {"2020|nasional", "2020|yogyakarta"}
