"""Enterprise figures follow the as-of date (#30): at any date they equal a recount of the
raw rows — an enterprise counts from its start date, a graduation from its date, and one
without a date at every date — and they never fall as the date moves later."""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from atlas.core.filters import Filter
from atlas.core.i18n import fmt_int
from atlas.store import db, queries
from atlas.store.conditions import raw_enterprises as enterprise_conds
from atlas.store.models import INACTIVE_STATUS, Enterprise

# Before the middle of the demo's events (counted from what came earlier), after it (the
# whole less what came later), mid-month both, the wave IX briefing's date, the last day.
DATES = (
    date(2018, 2, 14),
    # Either side of a new year: the years before a date's own come from the year tables.
    date(2018, 12, 31),
    date(2019, 6, 30),
    date(2019, 11, 20),
    date(2020, 1, 2),
    date(2020, 3, 15),
    date(2020, 10, 16),
    date(2021, 12, 31),
)
FILTERS = {
    "all": Filter(),
    "wave IX": Filter(waves=(9,)),
    "waves I-III, Jawa Timur": Filter(waves=(1, 2, 3), provinces=("35",)),
    "sector and status": Filter(sectors=("kuliner", "jasa"), statuses=("tidak aktif", "rintisan")),
    # The dated summaries hold the statuses as columns: a status filter alone reads the
    # regency × batch ones; "tidak aktif" alone has no active enterprise.
    "statuses, wave IV": Filter(statuses=("berkembang", "mandiri"), waves=(4,)),
    "inactive": Filter(statuses=("tidak aktif",)),
    # Views without a batch filter read the months by wave; with one, by batch.
    "batches of wave IX": Filter(batches=tuple(range(113, 121))),
    "batches and a status": Filter(batches=(5, 7, 101, 120), statuses=("rintisan",)),
    # A sector filter reads the months by sector and wave; with a batch filter, by batch.
    "a sector, waves I-III": Filter(sectors=("perdagangan",), waves=(1, 2, 3)),
    "a sector and batches": Filter(sectors=("kuliner", "jasa"), batches=(5, 7, 101, 120)),
}
FIELDS = ["enterprises", "enterprises_active", "graduated"]


def _raw(engine, f: Filter) -> pd.DataFrame:
    e = Enterprise
    cols = [e.regency_code, e.district_code, e.sector, e.status, e.start_date]
    cols += [e.graduated, e.graduation_date]
    with engine.connect() as conn:
        df = db.frame(conn, select(*cols).where(*enterprise_conds(f)), [c.key for c in cols])
    for c in ("start_date", "graduation_date"):
        df[c] = pd.to_datetime(df[c])
    return df


def _recount(raw: pd.DataFrame, as_of: date, key: str) -> pd.DataFrame:
    d = pd.Timestamp(as_of)
    started = raw.start_date.isna() | (raw.start_date <= d)
    graduated = raw.graduated.astype(bool) & (
        raw.graduation_date.isna() | (raw.graduation_date <= d)
    )
    counted = pd.DataFrame(
        {
            "code": raw[key] if key != "total" else "all",
            "enterprises": started.astype(int),
            "enterprises_active": (started & (raw.status != INACTIVE_STATUS)).astype(int),
            "graduated": graduated.astype(int),
        }
    )
    return counted.groupby("code")[FIELDS].sum()


def _ours(engine, f: Filter, level: str, within: str | None = None) -> pd.DataFrame:
    out = queries.figures(engine, f, level, within).set_index("code")[FIELDS]
    return out.astype("int64")


def _compare(ours: pd.DataFrame, recount: pd.DataFrame) -> None:
    recount = recount.reindex(ours.index, fill_value=0)
    # Every region that has something is among ours (zeros for the rest).
    pd.testing.assert_frame_equal(ours.sort_index(), recount.sort_index(), check_dtype=False)


@pytest.mark.parametrize("name", FILTERS)
def test_enterprise_figures_equal_a_recount_at_every_date(demo_engine, name):
    f = FILTERS[name]
    raw = _raw(demo_engine, f)
    raw["province"] = raw.regency_code.str[:2]
    for as_of in DATES:
        g = f.with_(as_of=as_of)
        _compare(_ours(demo_engine, g, "total"), _recount(raw, as_of, "total"))
        _compare(_ours(demo_engine, g, "province"), _recount(raw, as_of, "province"))
        _compare(_ours(demo_engine, g, "regency"), _recount(raw, as_of, "regency_code"))


def test_district_figures_and_the_rest_follow_the_date(demo_engine):
    """The district map of one regency, and its enterprises with no district, at each date."""
    f = Filter()
    raw = _raw(demo_engine, f)
    regency = raw.dropna(subset=["district_code"]).regency_code.value_counts().index[0]
    raw = raw[raw.regency_code == regency]
    for as_of in DATES:
        g = f.with_(as_of=as_of)
        districts = _recount(raw.dropna(subset=["district_code"]), as_of, "district_code")
        _compare(_ours(demo_engine, g, "district", regency), districts)
        rest = _recount(raw[raw.district_code.isna()], as_of, "total").reindex(
            ["all"], fill_value=0
        )
        assert queries.without_district(demo_engine, g, regency) == {
            k: int(v) for k, v in rest.iloc[0].items()
        }


def test_enterprise_figures_never_fall_as_the_date_moves_later(demo_engine):
    for f in FILTERS.values():
        rows = [_ours(demo_engine, f.with_(as_of=d), "regency") for d in DATES]
        for earlier, later in itertools.pairwise(rows):
            assert (
                later[["enterprises", "graduated"]] >= earlier[["enterprises", "graduated"]]
            ).all(axis=None)
        # And the figures do move: the demo's graduations run to the end of 2021.
        assert rows[0].graduated.sum() < rows[-1].graduated.sum()
        assert np.all(rows[0].enterprises.sum() <= rows[-1].enterprises.sum())


def test_breakdowns_by_sector_and_status_follow_the_date(demo_engine):
    """The region panel's and the briefing's breakdowns: a recount by sector and by status in
    a province and in a district, and by wave the same as each wave's own figures."""
    raw = _raw(demo_engine, Filter())
    district = raw.district_code.dropna().value_counts().index[0]
    for as_of in DATES:
        f = Filter(as_of=as_of)
        with demo_engine.connect() as conn:
            for by, region, rows in (
                ("sector", "35", raw[raw.regency_code.str.startswith("35.")]),
                ("status", "35", raw[raw.regency_code.str.startswith("35.")]),
                ("sector", district, raw[raw.district_code == district]),
                ("status", district, raw[raw.district_code == district]),
            ):
                ours = queries.enterprises_by(conn, f, (by,), region).set_index(by)[FIELDS]
                recount = _recount(rows.assign(key=rows[by]), as_of, "key")
                recount = recount[(recount.enterprises > 0) | (recount.graduated > 0)]
                pd.testing.assert_frame_equal(
                    ours.sort_index(), recount.sort_index(), check_dtype=False, check_names=False
                )
            by_wave = queries.enterprises_by(conn, f, ("wave_number",)).set_index("wave_number")
            # The briefing's table: by wave and status, with a status filter too.
            g = f.with_(statuses=("mandiri", "tidak aktif"))
            both = queries.enterprises_by(conn, g, ("wave_number", "status"))
            for (wave, status), got in both.set_index(["wave_number", "status"]).iterrows():
                alone = _ours(demo_engine, f.with_(waves=(wave,), statuses=(status,)), "total")
                assert list(got[FIELDS]) == list(alone.iloc[0]), (as_of, wave, status)
            assert set(both.status) <= {"mandiri", "tidak aktif"}
        for wave in (1, 5, 9):
            alone = _ours(demo_engine, f.with_(waves=(wave,)), "total").iloc[0]
            got = by_wave.loc[wave, FIELDS] if wave in by_wave.index else alone * 0
            assert list(got) == list(alone), (as_of, wave)


def test_household_points_are_those_started_by_the_date(demo_engine):
    from atlas.core.access import Principal
    from atlas.store.detail import enterprise_points

    raw = _raw(demo_engine, Filter())
    with demo_engine.connect() as conn:
        located = db.frame(
            conn,
            select(Enterprise.regency_code, Enterprise.start_date).where(
                Enterprise.lat.is_not(None)
            ),
            ["regency_code", "start_date"],
        )
    regency = raw.regency_code.value_counts().index[0]
    mine = located[located.regency_code == regency]
    admin = Principal("admin", "admin")
    for as_of in DATES:
        _, total = enterprise_points(demo_engine, Filter(as_of=as_of), regency, admin)
        started = pd.to_datetime(mine.start_date)
        assert total == int((started.isna() | (started <= pd.Timestamp(as_of))).sum())


def test_figures_that_cannot_follow_the_date_say_whose_they_are(demo_engine):
    """The share of active enterprises and the median turnover are the latest upload's:
    before that upload's day the map's headline, the region panel and the briefing say so;
    on or after it, nothing is said."""
    from atlas.core.access import Principal
    from atlas.core.mapview import MapView
    from atlas.screens import explorer, reports
    from atlas.store import origin

    with demo_engine.connect() as conn:
        uploaded = origin.status_date(conn)
    assert uploaded is not None
    who = Principal("admin", "admin")
    for as_of, said in ((date(2020, 10, 16), True), (uploaded, False)):
        f = Filter(as_of=as_of)
        s = explorer.explore(demo_engine, f, MapView(region="35.06"), who, "en")
        helps = {h.label: h.help or "" for h in s.headline}
        assert ("latest upload" in helps["Active enterprises"]) is said
        assert ("latest upload" in helps["Median turnover"]) is said
        assert any("latest upload" in i for i in s.infos) is said
        assert any("latest upload" in n for n in s.panel.notes) is said
        assert any("as uploaded" in c for c in s.table.columns) is said  # and downloads
        assert any("latest upload" in n for n in s.table_notes) is said
        assert "Sample data (illustrative)" in s.table_notes and s.table_demo
        r = reports.build(demo_engine, f, "id")
        notes = {fig.label: fig.note for fig in r.figures}
        assert ("unggahan" in notes["Usaha aktif"]) is said


def test_the_impact_page_shares_the_maps_figures_and_dates_its_own(demo_engine):
    """Graduations at 16 October 2020: the impact page shows the map's (to the day) and its
    analysis's (through 30 September), each with its date."""
    from atlas.analysis import impact
    from atlas.screens import impact_screen

    f = Filter(as_of=date(2020, 10, 16))
    i = impact.build(demo_engine, f)
    on_map = _ours(demo_engine, f, "total").iloc[0]
    assert (i.kpm, i.graduated) == (on_map.enterprises, on_map.graduated)
    raw = _raw(demo_engine, Filter())
    through = pd.Timestamp(2020, 9, 30)
    assert i.graduated_by_as_of == int(
        (
            raw.graduated.astype(bool) & (raw.graduation_date <= through) & raw.start_date.notna()
        ).sum()
    )
    assert i.graduated_by_as_of < i.graduated
    screen = impact_screen.from_impact(i, "id", demo=True, demo_effect=None)
    shown = {fig.label: (fig.value, fig.note) for fig in screen.figures}
    assert shown["KPM graduasi, seperti di peta"] == (
        fmt_int(i.graduated, "id"),
        "s.d. 16 Okt 2020",
    )
    assert shown["KPM graduasi, untuk analisis"] == (
        fmt_int(i.graduated_by_as_of, "id"),
        "s.d. 30 Sep 2020 (bulan penuh)",
    )
