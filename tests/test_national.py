"""The national registry shipped with digictl."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from digictl.load import national


def test_registry_has_both_lists_and_org_numbers() -> None:
    reg = national.load()
    trondheim = reg.municipality("5001")
    assert trondheim is not None
    assert trondheim.names == ["Trondheim - Tråante", "Trondheim"]
    assert trondheim.orgnr == "942110464"
    assert reg.municipality("0301") is not None  # Oslo keeps its leading zero
    assert reg.municipality("1507") is not None  # Ålesund 2020-2023, no 2024 code
    assert reg.municipality("9999") is None
    assert reg.organisations["971032146"].startswith("KS")


def test_name_matching() -> None:
    reg = national.load()
    assert reg.name_matches("5001", "Trondheim")
    assert reg.name_matches("5001", "trondheim kommune")
    assert reg.name_matches("5041", "Snåsa")  # one part of a bilingual name
    assert reg.name_matches("5037", "Levanger - Levangke")
    assert not reg.name_matches("5001", "Bergen")
    assert not reg.name_matches("9999", "Nowhere")


def test_a_name_the_registry_tells_apart_by_county_matches_without_it() -> None:
    reg = national.load()
    assert reg.name_matches("1515", "Herøy")
    assert reg.name_matches("1818", "Herøy (Nordland)")
    assert not reg.name_matches("1515", "Herøy (Nordland)")
    assert reg.numbers_named("Herøy") == ["1515", "1818"]
    assert reg.name_matches("4621", "Voss herad")


def test_current_numbers_prefer_the_2024_list() -> None:
    reg = national.load()
    assert reg.numbers_named("Ålesund") == ["1507", "1508"]
    assert reg.current_numbers_named("Ålesund") == ["1508"]
    assert reg.current_numbers_named("Herøy") == ["1515", "1818"]
    assert reg.current_numbers_named("Nowhere") == []
    assert "1507" not in reg.current and len(reg.current) == 357


def test_counties_of_the_2024_list() -> None:
    reg = national.load()
    assert len(reg.counties) == 15
    assert sum(len(c.municipalities) for c in reg.counties.values()) == len(reg.current)
    vestland = reg.counties["46"]
    assert (vestland.name, len(vestland.municipalities)) == ("Vestland", 43)
    assert all(n.startswith("46") for n in vestland.municipalities)
    assert len(reg.counties["50"].municipalities) == 38
    for text in ("46", "Vestland", "vestland", " Vestland  fylke"):
        assert reg.county(text) is vestland, text
    for text in ("Trøndelag", "Trööndelage", "Trøndelag - Trööndelage", "50"):
        assert reg.county(text) is reg.counties["50"], text
    assert reg.county("Viken") is None  # a county of 2020-2023
    assert reg.county("4601") is None
    assert "Vestland" in reg.county_names() and "46" in reg.county_names()


def test_county_councils_and_their_records() -> None:
    reg = national.load()
    vestland = reg.county_council("Vestland fylkeskommune")
    assert vestland is not None and vestland.council_orgnr == "821311632"
    assert reg.county_council("trøndelag   fylkeskommune") is reg.counties["50"]
    assert reg.county_council("Rogaland fylkeskommune") is None  # no orgnr in the registry
    assert reg.county_council("Vestland") is None
    assert national.county_council_record(reg.counties["50"]) == {
        "id": "trondelag-fylkeskommune",
        "name": "Trøndelag fylkeskommune",
        "kind": "county",
        "orgnr": "817920632",
        "digifin": {"member": True},
    }


def test_short_names_and_slugs() -> None:
    assert national.short_name("Trondheim - Tråante") == "Trondheim"
    assert national.short_name("Herøy (Møre og Romsdal)") == "Herøy"
    assert national.short_name("Bø") == "Bø"
    assert national.slug("Herøy (Nordland)") == "heroy"
    assert national.slug("Bjørnafjorden") == "bjornafjorden"
    assert national.slug("Guovdageaidnu - Kautokeino") == "guovdageaidnu"
    assert national.slug("Ærø") == "aero"


def test_municipality_record_in_the_contracts_key_order() -> None:
    m = national.load().municipality("4621")
    assert m is not None
    record = national.municipality_record(m)
    assert list(record) == ["id", "name", "kind", "kommunenummer", "orgnr", "digifin"]
    assert record["id"] == "voss" and record["digifin"] == {"member": True}


def test_every_registered_organisation_number_passes_stdnum() -> None:
    """The registry answers ``valid_orgnr`` for its own numbers without python-stdnum;
    that is only true if stdnum accepts every one of them."""
    from stdnum.no import orgnr

    registry = national.load()
    assert registry.organisations
    bad = [n for n in registry.organisations if not orgnr.is_valid(n)]
    assert bad == []


@settings(max_examples=300)
@given(st.text(alphabet="0123456789 -", min_size=0, max_size=11))
def test_the_registry_and_stdnum_agree_on_any_number(number: str) -> None:
    registry = national.load()
    assert registry.valid_orgnr(number) == national.valid_orgnr(number)
