"""The meeting rules (digictl.rules.meetings): their place in the catalogue, their parameters
set in network.yaml (read alike by the rules and the facts), and what their findings are about.
The cases of each rule are in tests/cases/<rule>/."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from digictl.facts import facts_of
from digictl.findings import Finding
from digictl.load.dataset import DirectorySource, read_dataset
from digictl.model import build
from digictl.rules import ORDER, RULES
from digictl.rules.engine import run_rules
from tests.facts.conftest import write_yaml

MEETING_RULES = (
    "meeting-notice",
    "quorum",
    "agenda-exempt",
    "meeting-numbering",
    "minutes-approval",
    "conflict-of-interest",
    "vote-count",
    "decision-authority",
)
AS_OF = date(2023, 6, 15)
STEM = "2023-06-12-styringsgruppa"


def _set_rules(data: Path, rules: str) -> None:
    network = data / "network.yaml"
    network.write_text(network.read_text(encoding="utf-8") + rules, encoding="utf-8")


def _meeting(data: Path, **keys: Any) -> None:
    doc = {"body": "styringsgruppa", "date": date(2023, 6, 12), **keys}
    doc.setdefault("decisions", [])
    write_yaml(data, f"meetings/{STEM}.yaml", doc)


def _findings(data: Path, as_of: date = AS_OF) -> list[Finding]:
    dataset = read_dataset(DirectorySource(data))
    return run_rules(dataset, build(dataset), as_of).findings


def test_the_meeting_rules_follow_decision_outcome_in_the_catalogue() -> None:
    start = ORDER.index("decision-outcome") + 1
    assert ORDER[start : start + len(MEETING_RULES)] == MEETING_RULES
    for rule_id in MEETING_RULES:
        r = RULES[rule_id]
        assert r.summary_en and r.fix_en, rule_id


def test_the_parameters_set_in_network_yaml_reach_rules_and_facts(base_data: Path) -> None:
    _set_rules(
        base_data,
        "  meeting-notice: {days: 10}\n"
        "  minutes-approval: {days: 2, severity: error}\n"
        "  quorum: {percent: 75, deputies: false}\n",
    )
    _meeting(
        base_data,
        notice=date(2023, 6, 5),
        attendance={
            "present": ["berit-berg", "anders-ask"],
            "deputies": [{"person": "rita-ressurs", "for": "aud-alver"}],
        },
        minutes={"approved": date(2023, 6, 15)},
    )
    found = _findings(base_data)
    assert [f for f in found if f.rule in ("rule-config", "schema")] == []
    mine = {f.rule: f for f in found if f.rule in MEETING_RULES}
    assert set(mine) == {"meeting-notice", "minutes-approval", "quorum"}
    assert "it is sent at least 10 days before, by 2 June 2023" in mine["meeting-notice"].message
    assert "3 days after the meeting; they are approved within 2 days, by 14 June 2023" in (
        mine["minutes-approval"].message
    )
    assert mine["minutes-approval"].severity.value == "error"
    assert "2 of its 4 voting seats" in mine["quorum"].message
    assert "at least 3 must be (75 %)" in mine["quorum"].message
    model = build(read_dataset(DirectorySource(base_data)))
    s = facts_of(model, AS_OF).meeting_settings
    assert (s.notice_days, s.minutes_days, s.quorum_percent, s.deputies_count) == (10, 2, 75, False)


def test_a_parameter_of_the_wrong_type_is_a_rule_config_finding_and_the_default_holds(
    base_data: Path,
) -> None:
    _set_rules(base_data, '  quorum: {percent: "half"}\n')
    _meeting(base_data, attendance={"present": ["berit-berg", "anders-ask"]})
    found = _findings(base_data)
    assert [f.rule for f in found if f.rule == "rule-config"] == ["rule-config"]
    assert [f for f in found if f.rule == "quorum"] == []  # 2 of 4 is half: quorate


def test_every_meeting_finding_is_about_its_meeting(base_data: Path) -> None:
    _meeting(
        base_data,
        agenda=[
            {"number": "5/22", "title": "Sak", "public": False},
            {
                "number": "7/23",
                "title": "Sak",
                "conflicts": [{"person": "anders-ask", "left": False}],
            },
        ],
        attendance={"present": ["berit-berg"], "observers": ["kari-ks"]},
        decisions=[
            {"id": "SG-2023-09", "title": "Sak", "outcome": "vote", "matter": "annual-plan"},
            {"id": "SG-2023-10", "title": "Sak", "votes": {"for": 3, "against": 0}},
        ],
    )
    found = [f for f in _findings(base_data, date(2023, 6, 27)) if f.rule in MEETING_RULES]
    assert {f.rule for f in found} == set(MEETING_RULES) - {"decision-authority"}
    assert {f.subject for f in found} == {f"meeting:{STEM}"}
    assert {f.file for f in found} == {f"data/meetings/{STEM}.yaml"}


def test_an_unknown_person_is_the_ref_rules_alone(base_data: Path) -> None:
    _meeting(
        base_data,
        notice=date(2023, 6, 5),
        agenda=[{"number": "5/23", "title": "Sak", "conflicts": [{"person": "ola-ukjend"}]}],
        attendance={
            "present": ["berit-berg", "anders-ask", "ola-ukjend"],
            "deputies": [{"person": "rita-ressurs", "for": "kari-ukjend"}],
        },
        minutes={"approved": date(2023, 6, 14), "by": ["per-ukjend"]},
    )
    found = [f for f in _findings(base_data) if f.rule in (*MEETING_RULES, "ref")]
    assert sorted(f.rule for f in found) == ["ref"] * 4
