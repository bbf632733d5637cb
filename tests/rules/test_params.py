"""Rule parameters of digictl's own rules, set in network.yaml, agree with the views.

`term-expiring`'s `horizon` decides when a term counts as expiring in every command (the
rule, `board`, `status`), and `region-coverage`'s `role` which bodies must cover the regions.
"""

from __future__ import annotations

import json
from pathlib import Path

from digictl.facts import facts_of
from digictl.load.dataset import DirectorySource, read_dataset
from digictl.model import build
from digictl.rules.engine import run_rules
from digictl.views.roster import rosters

# Bodil Fjord's term on `styringsgruppa` ends on 2024-06-30: 60 days after this date
AS_OF = "2024-05-01"


def _set_rules(data: Path, rules: str) -> None:
    network = data / "network.yaml"
    text = network.read_text(encoding="utf-8")
    head, _, _ = text.partition("rules:")
    network.write_text(head + rules, encoding="utf-8")


def _expiring(data: Path, within: int) -> tuple[list[str], list[str]]:
    """(people with a `term-expiring` finding, people the board calls expiring)."""
    from datetime import date

    as_of = date.fromisoformat(AS_OF)
    dataset = read_dataset(DirectorySource(data))
    model = build(dataset)
    result = run_rules(dataset, model, as_of, horizon=within)
    found = sorted(str(f.subject) for f in result.findings if f.rule == "term-expiring")
    board = sorted(
        f"person:{ln.tenure.member.person}"
        for r in rosters(model, as_of, horizon=within)
        for ln in r.lines
        if ln.status == "expiring"
    )
    assert facts_of(model, as_of, within).term_horizon in (within, 30)
    return found, board


def test_without_the_parameter_the_run_horizon_decides(base_data: Path) -> None:
    assert _expiring(base_data, 90) == (["person:bodil-fjord"], ["person:bodil-fjord"])
    assert _expiring(base_data, 30) == ([], [])


def test_a_shorter_horizon_silences_the_rule_and_the_board_alike(base_data: Path) -> None:
    _set_rules(
        base_data, 'rules:\n  party-owner-obligation: "off"\n  term-expiring:\n    horizon: 30\n'
    )
    assert _expiring(base_data, 90) == ([], [])


def test_the_horizon_parameter_reaches_board_json_too(base_data: Path) -> None:
    from typer.testing import CliRunner

    from digictl.cli import app

    def expiring() -> set[str]:
        r = CliRunner().invoke(
            app,
            ["--data", str(base_data), "--as-of", AS_OF, "board", "styringsgruppa", "-f", "json"],
        )
        doc = json.loads(r.stdout)
        return {m["person"] for m in doc["bodies"][0]["members"] if m["status"] == "expiring"}

    assert expiring() == {"bodil-fjord"}
    _set_rules(base_data, "rules:\n  term-expiring: {severity: error, horizon: 30}\n")
    assert expiring() == set()


def _region_findings(data: Path) -> list[str]:
    from datetime import date

    dataset = read_dataset(DirectorySource(data))
    result = run_rules(dataset, build(dataset), date.fromisoformat(AS_OF))
    return [f.message for f in result.findings if f.rule == "region-coverage"]


def test_region_coverage_reads_its_role(base_data: Path) -> None:
    """A party from a region no seat or member covers: the programme board must cover it,
    unless `role` names a role no body has."""
    (base_data / "organisations" / "fjellby.yaml").write_text(
        'id: fjellby\nname: Fjellby kommune\nkind: municipality\nkommunenummer: "4699"\n'
        "region: Fjellet\n",
        encoding="utf-8",
    )
    agreement = base_data / "agreements" / "avtale-2021.yaml"
    text = agreement.read_text(encoding="utf-8")
    agreement.write_text(
        text.replace("amendments:", "  - org: fjellby\n    joined: 2022-01-01\namendments:"),
        encoding="utf-8",
    )
    assert any("region Fjellet" in m for m in _region_findings(base_data))
    _set_rules(base_data, "rules:\n  region-coverage: {role: nobody-has-this-role}\n")
    assert _region_findings(base_data) == []
