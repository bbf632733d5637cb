"""The national registry shipped with digictl."""

from __future__ import annotations

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
