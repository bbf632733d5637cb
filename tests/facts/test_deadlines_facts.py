"""The deadlines of digictl.facts: what each is about, when it moves, and the finding behind it."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from digictl.facts import facts_of
from digictl.facts.deadlines import BACKED_BY, KINDS, Deadline
from digictl.facts.timeline import next_working_day
from digictl.load.dataset import Dataset, DirectorySource, read_dataset
from digictl.load.dates import on_monthday
from digictl.model import Model, build
from digictl.rules import RULES
from digictl.rules.engine import run_rules
from tests.conftest import BASE, BASE_AS_OF
from tests.facts.conftest import facts, findings, model_of, read_yaml, write_yaml

ACTIONS = {
    "evaluation",
    "meeting",
    "minutes-approval",
    "annual-plan",
    "annual-report",
    "contributions",
    "milestone",
}
# the notice of a meeting is due a fixed number of days before it: the day does not move
# (that would shorten the notice period), but it can be overdue
FACTS = {"agreement-end", "party-end", "term-end", "meeting-notice", "project-end"}
SUBJECT_OF = {
    "agreement-end": ("agreement", "agreement"),
    "party-end": ("organisation", "org"),
    "evaluation": ("agreement", "agreement"),
    "term-end": ("person", "person"),
    "meeting": ("body", "body"),
    "meeting-notice": ("meeting", "meeting"),
    "minutes-approval": ("meeting", "meeting"),
    "annual-plan": ("year", "year"),
    "annual-report": ("year", "year"),
    "contributions": ("year", "year"),
    "milestone": ("project", "project"),
    "project-end": ("project", "project"),
}


@cache
def _base() -> tuple[Dataset, Model]:
    dataset = read_dataset(DirectorySource(BASE))
    return dataset, build(dataset)


def test_every_kind_is_an_action_or_a_fact_with_its_subject() -> None:
    assert set(KINDS) == ACTIONS | FACTS and not ACTIONS & FACTS
    assert set(SUBJECT_OF) == set(KINDS)
    assert set(BACKED_BY) == ACTIONS | {"term-end", "meeting-notice", "project-end"}
    assert all(rule in RULES for rule in BACKED_BY.values())


def _check_deadline(d: Deadline) -> None:
    prefix, field = SUBJECT_OF[d.kind]
    assert d.subject == f"{prefix}:{getattr(d.about, field)}", d
    if d.kind in ACTIONS:
        assert d.effective == next_working_day(d.due), d
    else:
        assert d.effective == d.due, d


days = st.integers(0, 7 * 365).map(lambda n: date(2020, 6, 1) + timedelta(days=n))


@settings(max_examples=60, deadline=None)
@given(days, st.integers(0, 200))
def test_deadlines_name_their_subject_and_only_actions_move(as_of: date, within: int) -> None:
    _, model = _base()
    f = facts_of(model, as_of, within)
    for d in f.deadlines:
        _check_deadline(d)
        status = d.status(as_of, within)
        assert d.as_dict(as_of, within)["rule"] == BACKED_BY.get(d.kind)
        if d.kind in ("agreement-end", "party-end"):
            assert status != "overdue", "the end of an agreement is a fact, never overdue"


@settings(max_examples=40, deadline=None)
@given(days)
def test_every_overdue_deadline_has_its_finding(as_of: date) -> None:
    dataset, model = _base()
    result = run_rules(dataset, model, as_of)
    found = {(x.rule, x.subject) for x in result.findings}
    for d in facts_of(model, as_of).deadlines:
        if d.status(as_of, 0) == "overdue":
            assert (BACKED_BY[d.kind], d.subject) in found, f"{as_of}: {d.title}"


@cache
def _with_meetings() -> tuple[Dataset, Model]:
    """The base partnership with meetings that follow the workflow: held with a late notice
    and minutes approved late, held without either, and planned ones without a notice."""
    from tests.facts.conftest import MemorySource, dump

    files = {p.relative_to(BASE).as_posix(): p.read_text("utf-8") for p in BASE.rglob("*.yaml")}
    attended = {"present": ["berit-berg", "anders-ask", "aud-alver"]}
    meetings: dict[date, dict[str, object]] = {
        date(2022, 11, 28): {
            "notice": date(2022, 11, 25),
            "attendance": attended,
            "minutes": {"approved": date(2022, 12, 20)},
        },
        date(2023, 9, 18): {"attendance": attended},
        date(2023, 11, 20): {},
        date(2024, 2, 12): {"notice": date(2024, 2, 1)},
    }
    for day, keys in meetings.items():
        doc = {"body": "styringsgruppa", "date": day, **keys, "decisions": []}
        files[f"meetings/{day.isoformat()}-styringsgruppa.yaml"] = dump(doc)
    dataset = read_dataset(MemorySource(files))
    return dataset, build(dataset)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 600).map(lambda n: date(2022, 11, 1) + timedelta(days=n)))
def test_every_overdue_meeting_deadline_has_its_finding(as_of: date) -> None:
    dataset, model = _with_meetings()
    result = run_rules(dataset, model, as_of)
    found = {(x.rule, x.subject) for x in result.findings}
    for d in facts_of(model, as_of).deadlines:
        _check_deadline(d)
        if d.status(as_of, 0) == "overdue":
            assert (BACKED_BY[d.kind], d.subject) in found, f"{as_of}: {d.title}"


def test_meeting_deadlines_overdue_and_done() -> None:
    """On 2023-11-15: the notice of 2023-11-20 is overdue (due 2023-11-13, it does not move),
    the minutes of 2023-09-18 are overdue; the late notice and late minutes of 2022-11-28 are
    done, and reported as late."""
    dataset, model = _with_meetings()
    as_of = date(2023, 11, 15)
    got = {
        (d.kind, d.about.meeting): (d.due, d.effective, d.status(as_of, 0))
        for d in facts_of(model, as_of).deadlines
        if d.about.meeting
    }
    assert got == {
        # the base's meeting: notice in time, minutes approved by e-mail a week after
        ("meeting-notice", "2023-06-05-styringsgruppa"): (
            date(2023, 5, 29),
            date(2023, 5, 29),
            "done",
        ),
        ("minutes-approval", "2023-06-05-styringsgruppa"): (
            date(2023, 6, 19),
            date(2023, 6, 19),
            "done",
        ),
        ("meeting-notice", "2022-11-28-styringsgruppa"): (
            date(2022, 11, 21),
            date(2022, 11, 21),
            "done",
        ),
        ("minutes-approval", "2022-11-28-styringsgruppa"): (
            date(2022, 12, 12),
            date(2022, 12, 12),
            "done",
        ),
        ("meeting-notice", "2023-09-18-styringsgruppa"): (
            date(2023, 9, 11),
            date(2023, 9, 11),
            "overdue",
        ),
        ("minutes-approval", "2023-09-18-styringsgruppa"): (
            date(2023, 10, 2),
            date(2023, 10, 2),
            "overdue",
        ),
        ("meeting-notice", "2023-11-20-styringsgruppa"): (
            date(2023, 11, 13),
            date(2023, 11, 13),
            "overdue",
        ),
        ("meeting-notice", "2024-02-12-styringsgruppa"): (
            date(2024, 2, 5),
            date(2024, 2, 5),
            "later",  # its notice, recorded as sent on 2024-02-01, has not gone out yet
        ),
    }
    result = run_rules(dataset, model, as_of)
    late = sorted(
        (x.rule, x.subject)
        for x in result.findings
        if x.rule in ("meeting-notice", "minutes-approval")
    )
    assert late == [
        ("meeting-notice", "meeting:2022-11-28-styringsgruppa"),
        ("meeting-notice", "meeting:2023-09-18-styringsgruppa"),
        ("meeting-notice", "meeting:2023-11-20-styringsgruppa"),
        ("minutes-approval", "meeting:2022-11-28-styringsgruppa"),
        ("minutes-approval", "meeting:2023-09-18-styringsgruppa"),
    ]


@settings(max_examples=60, deadline=None)
@given(days, st.integers(0, 200), st.booleans())
def test_the_listing_puts_overdue_first_then_by_date(
    as_of: date, within: int, include_all: bool
) -> None:
    _, model = _base()
    f = facts_of(model, as_of, within)
    listed = f.listing(within, include_all)
    states = [d.status(as_of, within) for d in listed]
    if include_all:
        assert sorted(listed, key=id) == sorted(f.deadlines, key=id)
    else:
        assert set(states) <= {"overdue", "upcoming"}
        assert len(listed) == sum(
            d.status(as_of, within) in ("overdue", "upcoming") for d in f.deadlines
        )
    order = ["overdue", "upcoming", "later", "done"]
    keys = [(order.index(s), d.effective) for s, d in zip(states, listed, strict=True)]
    assert keys == sorted(keys)


def test_status_at_the_edges_of_the_horizon() -> None:
    d = Deadline("milestone", "project:x", "x", date(2023, 6, 10), date(2023, 6, 12), False)
    assert d.status(date(2023, 6, 12), 0) == "upcoming"  # due today: not overdue yet
    assert d.status(date(2023, 6, 13), 0) == "overdue"
    assert d.status(date(2023, 6, 2), 10) == "upcoming"
    assert d.status(date(2023, 6, 1), 10) == "later"
    done = Deadline("milestone", "project:x", "x", date(2023, 6, 10), date(2023, 6, 12), True)
    assert done.status(date(2030, 1, 1), 0) == "done"
    assert d.days_left(date(2023, 6, 1)) == 11


def test_facts_are_computed_once_per_date_and_horizon() -> None:
    _, model = _base()
    f = facts_of(model, BASE_AS_OF, 30)
    assert facts_of(model, BASE_AS_OF, 30) is f
    assert facts_of(model, BASE_AS_OF, 31) is not f
    assert f.deadlines is f.deadlines


# -- contributions -----------------------------------------------------------------------------


def test_contributions_are_due_for_years_with_a_budget_under_an_agreement(
    base_data: Path,
) -> None:
    """2021 was due before the agreement took effect; 2022 and 2023 record budgets; 2024
    records none; 2025 would be due in 2024, under the agreement, but records no year."""
    write_yaml(base_data, "years/2024.yaml", {"year": 2024})
    f = facts(base_data, date(2024, 6, 1))
    assert [c.year for c in f.contributions] == [2022, 2023]
    got = [(d.about.year, d.due, d.done) for d in f.deadlines if d.kind == "contributions"]
    assert got == [(2022, date(2021, 11, 30), True), (2023, date(2022, 11, 30), True)]
    for c in f.contributions:
        assert c.due == on_monthday(c.year - 1, (11, 30))
        assert c.effective == next_working_day(c.due)


def test_contributions_agreed_late_and_not_yet(base_data: Path) -> None:
    doc = read_yaml(base_data, "years/2023.yaml")
    doc["programme_office"]["contributions"][3]["agreed"] = date(2022, 12, 5)
    write_yaml(base_data, "years/2023.yaml", doc)
    before = facts(base_data, date(2022, 12, 4)).contributions_of(2023)
    assert before is not None and before.late == () and before.missing == 125_000
    (d,) = [
        d
        for d in facts(base_data, date(2022, 12, 4)).deadlines
        if d.kind == "contributions" and d.about.year == 2023
    ]
    assert not d.done and d.status(date(2022, 12, 4), 0) == "overdue"
    after = facts(base_data, date(2022, 12, 5)).contributions_of(2023)
    assert after is not None and after.covered and [c.org for c in after.late] == ["bjornafjorden"]
    (late,) = findings(base_data, date(2022, 12, 5), "contributions")
    assert "agreed on 5 December 2022, after the due date 30 November 2022" in late.message


def test_a_contribution_without_agreed_date_counts_as_agreed(base_data: Path) -> None:
    doc = read_yaml(base_data, "years/2023.yaml")
    for c in doc["programme_office"]["contributions"]:
        del c["agreed"]
    write_yaml(base_data, "years/2023.yaml", doc)
    c2023 = facts(base_data, date(2022, 1, 1)).contributions_of(2023)
    assert c2023 is not None and c2023.covered and c2023.agreed == c2023.recorded == 1_400_000


# -- terms, projects, yearly approvals -----------------------------------------------------


def test_term_end_deadlines_skip_entries_that_left_before_the_term_ended() -> None:
    _, model = _base()
    f = facts_of(model, BASE_AS_OF)
    ends = {(d.about.person, d.due): d.done for d in f.deadlines if d.kind == "term-end"}
    # Bjørn Fjord left (until 2022-06-30) before his term ended on 2022-12-31
    assert not any(person == "bjorn-fjord" for person, _ in ends)
    assert ends[("anders-ask", date(2022, 12, 31))] is True  # reappointed from 2023-01-01
    assert ends[("anders-ask", date(2024, 12, 31))] is False
    assert ends[("bodil-fjord", date(2024, 6, 30))] is False
    assert not any(person in ("berit-berg", "kari-ks") for person, _ in ends)  # permanent seats


def test_project_ends_and_milestones_by_status(base_data: Path) -> None:
    doc = read_yaml(base_data, "projects/ideverksted.yaml")
    doc.update(end=date(2022, 12, 31), milestones=[{"name": "Skisse", "due": date(2022, 6, 1)}])
    write_yaml(base_data, "projects/ideverksted.yaml", doc)
    doc = read_yaml(base_data, "projects/felles-arkiv.yaml")
    doc["status"] = "cancelled"
    write_yaml(base_data, "projects/felles-arkiv.yaml", doc)
    as_of = date(2024, 7, 1)
    f = facts(base_data, as_of)
    ends = {d.about.project: d.done for d in f.deadlines if d.kind == "project-end"}
    assert ends == {"kompetanse": True}  # a proposed or cancelled project has no end to meet
    ms = {(d.about.project, d.about.milestone) for d in f.deadlines if d.kind == "milestone"}
    assert ("felles-arkiv", "Innføring i alle kommunane") not in ms
    assert [m.state for m in f.projects["felles-arkiv"].milestones] == ["done", "dropped"]
    assert findings(base_data, as_of, "project-overdue") == []
    # a proposed project's milestone is still a deadline of its own
    assert [x.subject for x in findings(base_data, as_of, "milestone-overdue")] == [
        "project:ideverksted"
    ]


def test_a_paused_project_past_its_end_is_overdue(base_data: Path) -> None:
    doc = read_yaml(base_data, "projects/felles-arkiv.yaml")
    doc["status"] = "paused"
    write_yaml(base_data, "projects/felles-arkiv.yaml", doc)
    f = facts(base_data, date(2024, 7, 1))
    assert f.projects["felles-arkiv"].overdue
    assert not facts(base_data, date(2024, 6, 30)).projects["felles-arkiv"].overdue


def test_an_annual_plan_is_done_by_a_portfolio_board_decision_taken_by_then(
    base_data: Path,
) -> None:
    doc = read_yaml(base_data, "meetings/2023-03-13-styringsgruppa.yaml")
    doc["date"] = date(2023, 4, 3)
    write_yaml(base_data, "meetings/2023-03-13-styringsgruppa.yaml", doc)
    model = model_of(base_data)

    def plan_2023(as_of: date) -> Deadline:
        (d,) = [
            d
            for d in facts_of(model, as_of).deadlines
            if d.kind == "annual-plan" and d.about.year == 2023
        ]
        return d

    assert plan_2023(date(2023, 4, 2)).status(date(2023, 4, 2), 0) == "overdue"
    assert plan_2023(date(2023, 4, 3)).done
    (late,) = findings(base_data, date(2023, 4, 3), "annual-plan")
    assert "approved on 3 April 2023, after it was due on 31 March 2023" in late.message
