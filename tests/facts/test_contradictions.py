"""Regression tests for the contradictions of issue 11: every command reads the same facts.

Each test names the contradiction measured on the old code. The commands (deadlines, board,
status, validate, portfolio) must now agree, because they all read ``digictl.facts``.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from digictl.cli import app
from digictl.facts.deadlines import BACKED_BY, Deadline
from digictl.findings import Finding, Result
from digictl.load.dataset import Dataset, DirectorySource, read_dataset
from digictl.model import Model, build
from digictl.output.money import kr
from digictl.rules.engine import check_source, run_rules
from digictl.views.dashboard import dashboard
from digictl.views.portfolio import portfolio
from digictl.views.roster import rosters
from tests.conftest import BASE
from tests.facts.conftest import (
    add_decision,
    add_member,
    change_member,
    edit_body,
    facts,
    findings,
    model_of,
    read_yaml,
    write_yaml,
)

SG = "styringsgruppa"
BODIL_FROM = date(2022, 7, 1)  # Bodil Fjord's term on seat `regional` ends on 2024-06-30
BODIL_TERM_END = date(2024, 6, 30)


def _deadlines(data: Path, as_of: date, kind: str) -> list[Deadline]:
    return [d for d in facts(data, as_of).deadlines if d.kind == kind]


def _status_of(data: Path, as_of: date, body: str, person: str) -> list[str]:
    """The board statuses of ``person``'s entries on ``body`` (history included)."""
    (r,) = rosters(model_of(data), as_of, body, history=True)
    return [ln.status for ln in r.lines if ln.tenure.member.person == person]


def _messages(found: list[Finding]) -> list[str]:
    return [f.message for f in found]


# -- contributions ---------------------------------------------------------------------------


def test_agreed_contributions_count_only_those_agreed_by_the_date(base_data: Path) -> None:
    write_yaml(
        base_data,
        "years/2024.yaml",
        {
            "year": 2024,
            "programme_office": {
                "budget": 1_400_000,
                "contributions": [
                    {"org": "bergen", "amount": 700_000, "agreed": date(2023, 11, 20)},
                    {"org": "askoy", "amount": 700_000, "agreed": date(2024, 1, 10)},
                ],
            },
        },
    )
    before = facts(base_data, date(2023, 12, 15)).contributions_of(2024)
    assert before is not None
    assert (before.agreed, before.recorded, before.missing) == (700_000, 1_400_000, 700_000)
    assert not before.covered and before.late == ()
    (finding,) = findings(base_data, date(2023, 12, 15), "contributions")
    assert f"add up to {kr(700_000)} of the office budget {kr(1_400_000)}" in finding.message
    after = facts(base_data, date(2024, 1, 10)).contributions_of(2024)
    assert after is not None and after.covered and after.agreed == 1_400_000
    assert [c.org for c in after.late] == ["askoy"]


def test_no_contributions_deadline_for_a_year_without_office_budget(base_data: Path) -> None:
    write_yaml(base_data, "years/2024.yaml", {"year": 2024, "annual_plan": {}})
    as_of = date(2024, 6, 1)
    f = facts(base_data, as_of)
    assert f.contributions_of(2024) is None
    assert [d.about.year for d in _deadlines(base_data, as_of, "contributions")] == [2022, 2023]
    assert not [
        d
        for d in f.listing(include_all=True)
        if d.kind == "contributions" and d.status(as_of, 90) == "overdue"
    ]
    assert findings(base_data, as_of, "contributions") == []


def test_no_contributions_deadline_before_the_agreement_is_in_force(base_data: Path) -> None:
    # the contributions for 2021 were due 2020-11-30; the agreement took effect 2021-01-01
    as_of = date(2023, 6, 15)
    f = facts(base_data, as_of)
    assert f.contributions_of(2021) is None
    assert all(d.about.year != 2021 for d in _deadlines(base_data, as_of, "contributions"))
    overdue = [d for d in f.listing(include_all=True) if d.status(as_of, 90) == "overdue"]
    assert overdue == []


def test_a_new_partnership_has_no_overdue_contributions(tmp_path: Path) -> None:
    """`init` writes the network (contributions due 30 November the year before) and the host;
    the partnership then records its first agreement and the budget of its first year. On the
    agreement's first days nothing is overdue: the first year's contributions would have been
    due before any agreement was in force."""
    runner = CliRunner()
    target = tmp_path / "digi-ny"
    made = runner.invoke(app, ["init", str(target), "--name", "Digi Ny", "--host", "4601"])
    assert made.exit_code == 0, made.output
    data = target / "data"
    assert read_yaml(data, "network.yaml")["calendar"]["contributions_due"] == "11-30"
    assert sorted(p.name for p in (data / "organisations").iterdir()) == ["bergen.yaml"]
    write_yaml(
        data,
        "agreements/avtale-2026.yaml",
        {
            "id": "avtale-2026",
            "title": "Samarbeidsavtale",
            "effective": date(2026, 1, 1),
            "until": date(2029, 12, 31),
            "parties": [{"org": "bergen", "joined": date(2026, 1, 1)}],
        },
    )
    write_yaml(data, "years/2026.yaml", {"year": 2026, "programme_office": {"budget": 500_000}})
    for as_of in ("2026-01-01", "2026-01-02"):
        listed = runner.invoke(
            app, ["--data", str(data), "--as-of", as_of, "deadlines", "--all", "-f", "json"]
        )
        assert listed.exception is None or isinstance(listed.exception, SystemExit), listed.output
        items = json.loads(listed.stdout)["deadlines"]
        assert [d["subject"] for d in items if d["kind"] == "agreement-end"] == [
            "agreement:avtale-2026"
        ]
        assert [d for d in items if d["kind"] == "contributions"] == []
        assert [d for d in items if d["status"] == "overdue"] == []


# -- milestones ------------------------------------------------------------------------------


def _milestone_due_on_17_may(data: Path) -> None:
    # 17 May 2023 is Constitution Day and 18 May Ascension Day: the deadline moves to the 19th
    doc = read_yaml(data, "projects/felles-arkiv.yaml")
    doc["milestones"].append({"name": "Pilot", "due": date(2023, 5, 17)})
    write_yaml(data, "projects/felles-arkiv.yaml", doc)


def _milestone_views(data: Path, as_of: date) -> tuple[str, int, int]:
    (d,) = [d for d in _deadlines(data, as_of, "milestone") if d.about.milestone == "Pilot"]
    (line,) = [
        ln for ln in portfolio(model_of(data), as_of).lines if ln.project.id == "felles-arkiv"
    ]
    return (
        d.status(as_of, 90),
        line.milestones_overdue,
        len(findings(data, as_of, "milestone-overdue")),
    )


def test_milestone_deadline_portfolio_and_rule_use_the_moved_working_day(base_data: Path) -> None:
    _milestone_due_on_17_may(base_data)
    (d,) = [
        d
        for d in _deadlines(base_data, date(2023, 5, 19), "milestone")
        if d.about.milestone == "Pilot"
    ]
    assert (d.due, d.effective) == (date(2023, 5, 17), date(2023, 5, 19))
    assert _milestone_views(base_data, date(2023, 5, 18)) == ("upcoming", 0, 0)
    assert _milestone_views(base_data, date(2023, 5, 19)) == ("upcoming", 0, 0)
    assert _milestone_views(base_data, date(2023, 5, 20)) == ("overdue", 1, 1)


# -- terms -----------------------------------------------------------------------------------


def test_expiring_term_warns_although_another_person_starts_the_day_after(
    base_data: Path,
) -> None:
    # seat `regional` has three places: Bjørn Fjord joining it is no reappointment of Bodil
    add_member(base_data, SG, person="bjorn-fjord", seat="regional", **{"from": date(2024, 7, 1)})
    as_of = date(2024, 5, 1)
    warned = findings(base_data, as_of, "term-expiring")
    assert [f.subject for f in warned] == ["person:bodil-fjord"]
    (end,) = [
        d
        for d in _deadlines(base_data, as_of, "term-end")
        if d.subject == "person:bodil-fjord" and d.due == BODIL_TERM_END
    ]
    assert not end.done and end.status(as_of, 90) == "upcoming"
    assert _status_of(base_data, as_of, SG, "bodil-fjord") == ["expiring"]
    terms = dashboard(model_of(base_data), _result(base_data, as_of), as_of).terms
    assert [(b, ln.tenure.member.person, ln.status) for b, ln in terms] == [
        (SG, "bodil-fjord", "expiring")
    ]


def _result(data: Path, as_of: date) -> Result:
    return check_source(DirectorySource(data), as_of).result


def _reappoint_bodil(data: Path, decided: date) -> None:
    add_decision(data, SG, decided, "SG-2024-09", "Attoppnemning av Bodil Fjord")
    add_member(
        data,
        SG,
        person="bodil-fjord",
        seat="regional",
        appointed_by="SG-2024-09",
        **{"from": date(2024, 7, 1)},
    )


def test_a_reappointment_decided_after_the_date_is_not_done_yet(base_data: Path) -> None:
    _reappoint_bodil(base_data, date(2024, 6, 20))
    before = date(2024, 6, 1)
    (end,) = [
        d
        for d in _deadlines(base_data, before, "term-end")
        if d.subject == "person:bodil-fjord" and d.due == BODIL_TERM_END
    ]
    assert not end.done
    assert [f.subject for f in findings(base_data, before, "term-expiring")] == [
        "person:bodil-fjord"
    ]
    assert _status_of(base_data, before, SG, "bodil-fjord") == ["expiring", "appointed"]
    decided = date(2024, 6, 20)
    (end,) = [
        d
        for d in _deadlines(base_data, decided, "term-end")
        if d.subject == "person:bodil-fjord" and d.due == BODIL_TERM_END
    ]
    assert end.done
    assert findings(base_data, decided, "term-expiring") == []
    assert _status_of(base_data, decided, SG, "bodil-fjord") == ["active", "appointed"]


def test_a_reappointment_decided_after_the_date_leaves_the_term_expired(base_data: Path) -> None:
    _reappoint_bodil(base_data, date(2024, 7, 10))  # taken after the new entry started
    as_of = date(2024, 7, 5)
    expired = findings(base_data, as_of, "term-expired")
    assert [f.subject for f in expired] == ["person:bodil-fjord"]
    assert "(seat `regional`, from 1 July 2022) ended on 30 June 2024" in expired[0].message
    # the new entry's appointment is pending until its decision on 2024-07-10
    assert _status_of(base_data, as_of, SG, "bodil-fjord") == ["expired", "appointed"]
    (end,) = [
        d
        for d in _deadlines(base_data, as_of, "term-end")
        if d.subject == "person:bodil-fjord" and d.due == BODIL_TERM_END
    ]
    assert end.status(as_of, 90) == "overdue"
    assert findings(base_data, as_of, "seat-composition") == []


def test_until_past_the_term_end_is_flagged_and_the_member_no_longer_sits(
    base_data: Path,
) -> None:
    change_member(base_data, SG, "bodil-fjord", BODIL_FROM, until=date(2024, 12, 31))
    during = date(2024, 6, 1)
    assert _status_of(base_data, during, SG, "bodil-fjord") == ["expiring"]
    assert [f.subject for f in findings(base_data, during, "term-expiring")] == [
        "person:bodil-fjord"
    ]
    after = date(2024, 7, 15)
    (flag,) = findings(base_data, after, "term-expired")
    assert "until 31 December 2024, past the end of the term on 30 June 2024" in flag.message
    assert _status_of(base_data, after, SG, "bodil-fjord") == ["expired"]
    f = facts(base_data, after)
    assert "bodil-fjord" not in [t.member.person for t in f.active(f.model.bodies[SG])]
    (vacant,) = findings(base_data, after, "seat-vacant")
    assert "seat `regional` of `styringsgruppa` has 2 of 3 members" in vacant.message


def test_one_persons_expired_and_new_entry_are_not_two_members(base_data: Path) -> None:
    # Bodil's new entry starts two days after her term ended: no reappointment
    add_member(base_data, SG, person="bodil-fjord", seat="regional", **{"from": date(2024, 7, 2)})
    as_of = date(2024, 7, 10)
    f = facts(base_data, as_of)
    (regional,) = [sf for sf in f.seats(f.model.bodies[SG]) if sf.seat.id == "regional"]
    assert sorted(t.member.person for t in regional.holders) == [
        "anders-ask",
        "aud-alver",
        "bodil-fjord",
    ]
    assert findings(base_data, as_of, "seat-composition") == []
    (expired,) = findings(base_data, as_of, "term-expired")
    assert (
        "`bodil-fjord` on `styringsgruppa` (seat `regional`, from 1 July 2022)" in expired.message
    )


def test_moving_seat_the_day_after_the_term_is_a_reappointment(base_data: Path) -> None:
    doc = read_yaml(base_data, f"bodies/{SG}.yaml")
    doc["seats"][1]["count"] = 2
    doc["seats"].append({"id": "alver", "org": "alver"})
    for m in doc["members"]:
        if m["person"] == "aud-alver" and m["from"] == date(2023, 2, 1):
            m["seat"] = "alver"
    write_yaml(base_data, f"bodies/{SG}.yaml", doc)
    as_of = date(2023, 6, 15)
    assert findings(base_data, as_of, "term-expired") == []
    assert _status_of(base_data, as_of, SG, "aud-alver") == ["left", "active"]
    (end,) = [
        d
        for d in _deadlines(base_data, as_of, "term-end")
        if d.subject == "person:aud-alver" and d.due == date(2023, 1, 31)
    ]
    assert end.done
    assert findings(base_data, as_of, "seat-composition") == []
    assert findings(base_data, as_of, "seat-vacant") == []


def test_a_successor_on_a_one_member_seat_leaves_the_old_term_expired(base_data: Path) -> None:
    edit_body(
        base_data,
        "ressursgruppa",
        term_years=2,
        seats=[{"id": "medlem", "kind": "municipality", "count": 1}],
        members=[
            {"person": "rita-ressurs", "seat": "medlem", "from": date(2021, 3, 1)},
            {"person": "rolf-ressurs", "seat": "medlem", "from": date(2023, 3, 1)},
        ],
    )
    as_of = date(2023, 6, 15)
    (expired,) = findings(base_data, as_of, "term-expired")
    assert expired.subject == "person:rita-ressurs"
    assert "ended on 28 February 2023; record `until`" in expired.message
    assert findings(base_data, as_of, "seat-composition") == []
    assert _status_of(base_data, as_of, "ressursgruppa", "rita-ressurs") == ["expired"]


# -- deadlines that had no finding behind them -----------------------------------------------


def test_an_active_project_past_its_end_is_overdue_everywhere(base_data: Path) -> None:
    as_of = date(2024, 7, 1)  # felles-arkiv ended 2024-06-30 and is still active
    (end,) = [
        d
        for d in _deadlines(base_data, as_of, "project-end")
        if d.subject == "project:felles-arkiv"
    ]
    assert end.status(as_of, 90) == "overdue"
    (warned,) = findings(base_data, as_of, "project-overdue")
    assert (warned.severity.value, warned.subject) == ("warning", "project:felles-arkiv")
    (line,) = [
        ln for ln in portfolio(model_of(base_data), as_of).lines if ln.project.id == "felles-arkiv"
    ]
    assert line.as_dict()["overdue"] is True
    board = dashboard(model_of(base_data), _result(base_data, as_of), as_of)
    assert any(
        p.project == "felles-arkiv" and "close or extend" in p.reason for p in board.projects
    )
    on_end = date(2024, 6, 30)
    assert findings(base_data, on_end, "project-overdue") == []


def _cli_json(data: Path, as_of: str, *command: str) -> dict[str, object]:
    result = CliRunner().invoke(
        app, ["--data", str(data), "--as-of", as_of, *command, "-f", "json"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    loaded: dict[str, object] = json.loads(result.stdout)
    return loaded


def test_a_body_without_members_has_no_vacant_seats(base_data: Path) -> None:
    write_yaml(
        base_data,
        "bodies/faggruppe-arkiv.yaml",
        {
            "id": "faggruppe-arkiv",
            "name": "Faggruppe for arkiv",
            "roles": ["expert-group"],
            "appointed_by": SG,
            "seats": [{"id": "arkivar", "kind": "municipality", "count": 3}],
            "members": [],
        },
    )
    as_of = "2023-06-15"
    board: Any = _cli_json(base_data, as_of, "board", "faggruppe-arkiv")
    (faggruppe,) = board["bodies"]
    assert faggruppe["constituted"] is False
    assert [s["vacant"] for s in faggruppe["seats"]] == [0]
    assert _cli_json(base_data, as_of, "status")["vacancies"] == []
    checked: Any = _cli_json(base_data, as_of, "validate")
    assert [f for f in checked["findings"] if f["rule"] == "seat-vacant"] == []


def test_every_overdue_deadline_has_its_finding(base_data: Path) -> None:
    """What made the commands disagree: an overdue deadline no rule reported."""
    change_member(base_data, SG, "bodil-fjord", BODIL_FROM, until=date(2024, 12, 31))
    # meetings that follow the workflow: one held without notice or approved minutes, one
    # planned without a notice
    attended = {"present": ["berit-berg", "anders-ask", "aud-alver"]}
    write_yaml(
        base_data,
        "meetings/2024-06-24-styringsgruppa.yaml",
        {"body": SG, "date": date(2024, 6, 24), "attendance": attended, "decisions": []},
    )
    write_yaml(
        base_data,
        "meetings/2025-02-10-styringsgruppa.yaml",
        {"body": SG, "date": date(2025, 2, 10), "decisions": []},
    )
    seen = set()
    for as_of in (date(2023, 6, 15), date(2024, 7, 15), date(2025, 2, 5), date(2026, 1, 5)):
        f = facts(base_data, as_of)
        found = {(x.rule, x.subject) for x in findings(base_data, as_of)}
        for d in f.deadlines:
            if d.status(as_of, 90) == "overdue":
                assert d.kind in BACKED_BY, f"{d.kind} cannot be overdue"
                assert (BACKED_BY[d.kind], d.subject) in found, f"{as_of}: {d.title} unreported"
                seen.add(d.kind)
    assert {
        "term-end",
        "milestone",
        "project-end",
        "meeting",
        "annual-plan",
        "meeting-notice",
        "minutes-approval",
    } <= seen


# -- the same contradictions as the commands show them -----------------------------------------
#
# These read only the JSON of `deadlines`, `board`, `portfolio`, `status` and `validate`, which
# the old code had too: each of them failed there.


class Commands:
    """The JSON outputs of the commands for one data directory on one date."""

    def __init__(self, data: Path, as_of: str) -> None:
        self.data, self.as_of = data, as_of

    def run(self, *command: str) -> Any:
        return _cli_json(self.data, self.as_of, *command)

    def deadlines(self, kind: str) -> list[tuple[str, str, str]]:
        items = self.run("deadlines", "--all")["deadlines"]
        return [(d["title"], d["due"], d["status"]) for d in items if d["kind"] == kind]

    def statuses(self, body: str, person: str) -> list[str]:
        (roster,) = self.run("board", body, "--all")["bodies"]
        members = sorted(roster["members"], key=lambda m: m["from"])
        return [m["status"] for m in members if m["person"] == person]

    def findings(self, rule: str) -> list[str]:
        return [f["message"] for f in self.run("validate")["findings"] if f["rule"] == rule]


def test_cli_no_overdue_contributions_without_budget_or_agreement(base_data: Path) -> None:
    write_yaml(base_data, "years/2024.yaml", {"year": 2024, "annual_plan": {}})
    run = Commands(base_data, "2024-06-01")
    titles = [title for title, _, _ in run.deadlines("contributions")]
    assert titles == [
        "Contributions for 2022 agreed with the parties",
        "Contributions for 2023 agreed with the parties",
    ]
    assert [d for d in run.run("status")["deadlines"] if d["kind"] == "contributions"] == []


def test_cli_milestone_moved_alike_in_deadlines_portfolio_and_validate(base_data: Path) -> None:
    _milestone_due_on_17_may(base_data)
    for as_of, state, overdue in (("2023-05-19", "upcoming", 0), ("2023-05-20", "overdue", 1)):
        run = Commands(base_data, as_of)
        assert ("felles-arkiv: Pilot", "2023-05-17", state) in run.deadlines("milestone")
        (project,) = [p for p in run.run("portfolio")["projects"] if p["id"] == "felles-arkiv"]
        assert project["milestones"]["overdue"] == overdue
        assert len(run.findings("milestone-overdue")) == overdue
        assert _plan_milestone_state(base_data, as_of) == ("overdue" if overdue else "planned")


def _plan_milestone_state(data: Path, as_of: str) -> str:
    """The state the annual plan's milestone table gives the pilot (the old report counted
    from the due date, not the moved deadline)."""
    args = ["--data", str(data), "--as-of", as_of, "--lang", "en", "report", "annual-plan"]
    result = CliRunner().invoke(app, [*args, "--year", "2023"])
    assert result.exit_code in (0, 1), result.output
    rows = [ln for ln in result.stdout.splitlines() if "| Pilot | 17 May 2023 |" in ln]
    assert len(rows) == 1, rows
    return rows[0].rstrip(" |").rsplit("|", 1)[1].strip()


def test_cli_expiring_term_beside_another_persons_entry(base_data: Path) -> None:
    add_member(base_data, SG, person="bjorn-fjord", seat="regional", **{"from": date(2024, 7, 1)})
    run = Commands(base_data, "2024-05-01")
    assert len(run.findings("term-expiring")) == 1
    assert run.statuses(SG, "bodil-fjord") == ["expiring"]
    term = [s for t, due, s in run.deadlines("term-end") if "bodil-fjord" in t]
    assert term == ["upcoming"]


def test_cli_reappointment_decided_later_is_not_done(base_data: Path) -> None:
    _reappoint_bodil(base_data, date(2024, 6, 20))
    run = Commands(base_data, "2024-06-01")
    assert [s for t, d, s in run.deadlines("term-end") if "bodil" in t and d == "2024-06-30"] == [
        "upcoming"
    ]
    assert len(run.findings("term-expiring")) == 1
    assert run.statuses(SG, "bodil-fjord") == ["expiring", "appointed"]


def test_cli_until_past_the_term_end(base_data: Path) -> None:
    change_member(base_data, SG, "bodil-fjord", BODIL_FROM, until=date(2024, 12, 31))
    run = Commands(base_data, "2024-07-15")
    (message,) = run.findings("term-expired")
    assert "past the end of the term on 30 June 2024" in message
    assert run.statuses(SG, "bodil-fjord") == ["expired"]


def test_cli_expired_and_new_entry_of_one_person(base_data: Path) -> None:
    add_member(base_data, SG, person="bodil-fjord", seat="regional", **{"from": date(2024, 7, 2)})
    run = Commands(base_data, "2024-07-10")
    assert run.findings("seat-composition") == []
    assert len(run.findings("term-expired")) == 1


def test_cli_moving_seat_is_a_reappointment(base_data: Path) -> None:
    doc = read_yaml(base_data, f"bodies/{SG}.yaml")
    doc["seats"][1]["count"] = 2
    doc["seats"].append({"id": "alver", "org": "alver"})
    for m in doc["members"]:
        if m["person"] == "aud-alver" and m["from"] == date(2023, 2, 1):
            m["seat"] = "alver"
    write_yaml(base_data, f"bodies/{SG}.yaml", doc)
    run = Commands(base_data, "2023-06-15")
    assert run.findings("term-expired") == []
    assert [
        s for t, d, s in run.deadlines("term-end") if "aud-alver" in t and d == "2023-01-31"
    ] == ["done"]


def test_cli_successor_on_a_one_member_seat(base_data: Path) -> None:
    edit_body(
        base_data,
        "ressursgruppa",
        term_years=2,
        seats=[{"id": "medlem", "kind": "municipality", "count": 1}],
        members=[
            {"person": "rita-ressurs", "seat": "medlem", "from": date(2021, 3, 1)},
            {"person": "rolf-ressurs", "seat": "medlem", "from": date(2023, 3, 1)},
        ],
    )
    run = Commands(base_data, "2023-06-15")
    assert len(run.findings("term-expired")) == 1
    assert run.findings("seat-composition") == []
    assert run.statuses("ressursgruppa", "rita-ressurs") == ["expired"]


def test_cli_project_past_its_end(base_data: Path) -> None:
    run = Commands(base_data, "2024-07-01")
    assert ("Project felles-arkiv ends", "2024-06-30", "overdue") in run.deadlines("project-end")
    assert len(run.findings("project-overdue")) == 1


# -- board, status and validate agree on any day -----------------------------------------------


@cache
def _base_checked() -> tuple[Model, Dataset]:
    dataset = read_dataset(DirectorySource(BASE))
    return build(dataset), dataset


def _terms_agree(model: Model, result: Result, as_of: date) -> None:
    """Every term `board` shows as expired or expiring is the subject of the rule's finding."""
    lines = [ln for r in rosters(model, as_of) for ln in r.lines]
    for state, rule in (("expired", "term-expired"), ("expiring", "term-expiring")):
        shown = sorted(ln.tenure.member.person for ln in lines if ln.status == state)
        found = sorted(
            (f.subject or "").removeprefix("person:") for f in result.findings if f.rule == rule
        )
        assert shown == found, f"{as_of}: board says {state} for {shown}, {rule} for {found}"


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 8 * 365).map(lambda n: date(2020, 6, 1) + timedelta(days=n)))
def test_board_and_validate_agree_on_vacancies_and_terms(as_of: date) -> None:
    model, dataset = _base_checked()
    result = run_rules(dataset, model, as_of)
    vacant = {(r.body.id, s.id) for r in rosters(model, as_of) for s in r.seats if s.vacant}
    quoted = [f.message.split("`") for f in result.findings if f.rule == "seat-vacant"]
    assert {(q[3], q[1]) for q in quoted} == vacant  # "seat `<seat>` of `<body>` has ..."
    _terms_agree(model, result, as_of)
    board = dashboard(model, result, as_of)
    assert {(v.body, v.seat) for v in board.vacancies} == vacant
