"""District names as other official lists write them (issue #14): within the row's regency,
each spelling is resolved at once, proposed with the right district for a person to confirm
(then remembered, for that regency only), or refused with a suggestion. On both engines."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from atlas.core.access import Principal
from atlas.ingest import importer, report
from atlas.store.models import Enterprise, RegionAlias

STAFF = Principal("operator", "data_staff")
HEAD = "id_kpm,nama_usaha,sektor,kabupaten_kota,kecamatan\n"

# (regency, spelling, district it must resolve to, how)
SPELLINGS = [
    ("Sleman", "Kec. Depok", "Depok", "name"),  # the usual prefix
    ("Sleman", "KOTA SLEMAN", "Sleman", "name"),  # the district holding the regency's seat
    ("Sleman", "KECAMATAN MLATI", "Mlati", "name"),
    ("Sleman", "Ngagglik", "Ngaglik", "fuzzy"),  # a doubled letter
    ("Sleman", "Ngaglk", "Ngaglik", "fuzzy"),  # a missing one
    ("Sleman", "Kamping", "Gamping", "fuzzy"),  # g/k
    ("Sleman", "Cangkringan Kidul", "Cangkringan", "fuzzy"),  # a word added
    ("Gunungkidul", "Semanu Utara", "Semanu", "fuzzy"),
    ("Klaten", "Tulung Baru", "Tulung", "fuzzy"),
    ("Sleman", "34.04.01", "Gamping", "code"),
]


def _file(rows: list[tuple[str, str]]) -> bytes:
    lines = [f"P-{i:04d},Warung {i},kuliner,{reg},{dist}\n" for i, (reg, dist) in enumerate(rows)]
    return (HEAD + "".join(lines)).encode()


def _district_names(engine) -> dict[str, str]:
    from atlas.store.models import Region

    with engine.connect() as conn:
        return dict(
            conn.execute(
                select(Enterprise.name, Region.name).join(
                    Region, Region.code == Enterprise.district_code
                )
            ).all()
        )


def test_each_spelling_is_resolved_or_proposed_with_the_right_district(loaded):
    res = importer.run(loaded, _file([(r, s) for r, s, _, _ in SPELLINGS]), "u.csv", actor=STAFF)
    assert res.problems == []
    proposed = {m.value: (m.match.name, m.match.how) for m in res.matches}
    for regency, spelling, district, how in SPELLINGS:
        if how == "fuzzy":
            assert proposed[spelling] == (district, "fuzzy"), spelling
        else:
            assert spelling not in proposed
    # Nothing is saved until the proposals are confirmed; then every row has its district.
    data = _file([(r, s) for r, s, _, _ in SPELLINGS])
    res = importer.run(loaded, data, "u.csv", dry_run=False, actor=STAFF)
    assert res.status == "rejected" and _district_names(loaded).keys().isdisjoint({"Warung 0"})
    res = importer.run(loaded, data, "u.csv", dry_run=False, accept_matches=True, actor=STAFF)
    assert res.status == "committed" and res.problems == []
    names = _district_names(loaded)
    for i, (_, spelling, district, _) in enumerate(SPELLINGS):
        assert names[f"Warung {i}"] == district, spelling


def test_a_confirmed_spelling_is_remembered_for_its_regency_only(loaded):
    importer.run(
        loaded,
        _file([("Sleman", "Ngagglik")]),
        "u.csv",
        dry_run=False,
        accept_matches=True,
        actor=STAFF,
    )
    with loaded.connect() as conn:
        assert conn.execute(select(RegionAlias.alias_key, RegionAlias.code)).all() == [
            ("34.04:ngagglik", "34.04.12")
        ]
    again = importer.run(loaded, _file([("Sleman", "Ngagglik")]), "u.csv", actor=STAFF)
    assert again.matches == [] and again.problems == []
    # The same spelling in Bantul (no Ngaglik there) is not taken for Sleman's district.
    elsewhere = importer.run(loaded, _file([("Bantul", "Ngagglik")]), "u.csv", actor=STAFF)
    assert [p.key for p in elsewhere.problems] == ["u.unknown_district"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_unknown_or_ambiguous_districts_are_refused_with_a_suggestion(loaded, lang):
    rows = [("Klaten", "KOTA KLATEN"), ("Sleman", "Turen"), ("Sleman", "Jakarta")]
    res = importer.run(loaded, _file(rows), "u.csv", actor=STAFF)
    out = {p["value"]: p for p in report.as_json(res, lang)["errors"]}
    klaten = out["KOTA KLATEN"]
    assert set(klaten["suggestion"].split(" / ")) == {
        "Klaten Utara",
        "Klaten Tengah",
        "Klaten Selatan",
    }
    assert "KOTA KLATEN" in klaten["message"] and "{" not in klaten["message"]
    assert out["Turen"]["suggestion"] == "Turi"  # a district of Malang, not of Sleman
    assert out["Jakarta"]["suggestion"] is None
    assert all("{" not in p["message"] and p["value"] in p["message"] for p in out.values())
