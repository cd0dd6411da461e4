"""Region names and codes from any official list, for the whole country (#34, point 4):
every regency as the 2016 Kemendagri list and as BPS write it, districts by code, renames,
renumbered codes, and names several provinces share."""

import csv
from pathlib import Path

import pytest

from atlas.ingest.read import read
from atlas.ingest.regions import RegionResolver
from atlas.ingest.validate import check
from atlas.ingest.values import ValueProblem
from geo import boundaries

SPELLINGS = Path(__file__).resolve().parents[1] / "data" / "regency_spellings.csv"


@pytest.fixture
def nation(serve_area) -> RegionResolver:
    serve_area("nasional")
    return RegionResolver(boundaries.load_regions(), others=boundaries.load_other_names())


def _spellings() -> list[dict]:
    with SPELLINGS.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_every_regency_as_the_2016_kemendagri_list_writes_it(nation):
    # "KAB. ADM. KEP. SERIBU", "KAB. TOBA SAMOSIR" (today's Toba), "KAB. MERAUKE" (then in
    # Papua, 91.01; today 93.01 in Papua Selatan): each read exactly, none needing a guess.
    wrong = []
    for row in _spellings():
        found = nation.regency(row["kemendagri"])
        if found.code != row["code"] or found.needs_confirmation:
            wrong.append((row["kemendagri"], found.code, found.how))
    assert wrong == []
    assert len(_spellings()) == 514


def test_every_regency_as_bps_writes_it_with_its_province_when_needed(nation):
    # BPS writes a regency by its bare name, the Kabupaten and the Kota of a pair alike
    # ("KEDIRI" is both): only a person (or BPS's code) can tell those, and is offered the
    # two. "BANJAR" (Kalimantan Selatan) is also a city of Jawa Barat: the province settles it.
    names = dict(zip(nation.regencies.code, nation.regencies.name))
    wrong, asked = [], 0
    for row in _spellings():
        try:
            found = nation.regency(row["bps"])
        except ValueProblem as exc:
            assert exc.key == "v.region_ambiguous", (row, exc.key)
            try:
                found = nation.regency(row["bps"], province=row["code"][:2])
            except ValueProblem as again:
                assert names[row["code"]] in again.params["options"]
                asked += 1
                continue
        if found.code != row["code"] or found.needs_confirmation:
            wrong.append((row["bps"], row["code"], found.code, found.how))
    assert wrong == []
    assert asked == 50  # 25 pairs of a Kabupaten and a Kota of one name and province


def test_districts_by_kemendagri_and_bps_codes_and_other_names(nation):
    assert nation.district("35.71.02", "35.71").name == "Kota"
    assert nation.district("357102", "35.71").code == "35.71.02"
    assert nation.district("3571020", "35.71").code == "35.71.02"  # BPS
    assert nation.district("KOTA KEDIRI", "35.71").code == "35.71.02"  # BPS's name for it
    assert nation.district("POCO RANAKA", "53.19").name == "Lamba Leda Selatan"
    assert nation.district("Poco Ranaka Timur", "53.19").name == "Lamba Leda Timur"
    assert nation.district("3404010", "34.04").name == "Moyudan"  # BPS numbers differently
    with pytest.raises(ValueProblem) as exc:
        nation.district("3404010", "34.02")  # a district of another regency
    assert exc.value.key == "u.unknown_district"


def test_codes_of_earlier_lists_and_codes_two_lists_read_differently(nation):
    assert nation.regency("92.01").name == "Kabupaten Sorong"  # before Papua Barat Daya
    assert nation.regency("96.01").name == "Kabupaten Sorong"
    assert nation.regency("3404").name == "Kabupaten Sleman"  # both lists agree
    with pytest.raises(ValueProblem) as exc:
        nation.regency("1101")  # Kemendagri: Aceh Selatan; BPS: Simeulue
    assert exc.value.key == "v.region_code_ambiguous"
    assert "Aceh Selatan (Kemendagri)" in exc.value.params["options"]
    assert "Simeulue (BPS)" in exc.value.params["options"]
    assert nation.regency("11.01").name == "Kabupaten Aceh Selatan"  # dotted: Kemendagri


def test_a_name_two_provinces_share_is_read_in_the_files_province(nation):
    table = read(
        b"id_pendamping,nama,jenis_kelamin,kabupaten_kota\n"
        b"PD1,Sri,P,BANJAR\n"
        b"PD2,Budi,L,Kota Banjarmasin\n"
        b"PD3,Ani,P,Tapin\n",
        "roster.csv",
    )
    checked = check(table, "roster", nation)
    assert checked.problems == []
    assert [r["kabupaten_kota"] for r in checked.records] == ["63.03", "63.71", "63.05"]
