"""Computed deadlines on the base partnership, checked against hand-computed dates."""

from __future__ import annotations

from datetime import date

import pytest

from digictl.facts import facts_of
from digictl.facts.deadlines import Deadline
from digictl.load.dataset import DirectorySource
from digictl.model import Model
from digictl.rules.engine import check_source
from tests.conftest import BASE, BASE_AS_OF


@pytest.fixture(scope="module")
def model() -> Model:
    return check_source(DirectorySource(BASE), BASE_AS_OF).model


def table(
    model: Model, as_of: date, within: int = 90, everything: bool = True
) -> dict[tuple[str, str, str], tuple[str, str, int]]:
    return {
        (d.kind, d.subject, d.due.isoformat()): (
            d.effective.isoformat(),
            d.status(as_of, within),
            d.days_left(as_of),
        )
        for d in listing(model, as_of, within, include_all=everything)
    }


# (kind, subject, due) -> (effective, status, days_left) as of 2023-06-15
EXPECTED = {
    ("agreement-end", "agreement:avtale-2021", "2024-12-31"): ("2024-12-31", "later", 565),
    ("evaluation", "agreement:avtale-2021", "2023-03-31"): ("2023-03-31", "done", -76),
    ("term-end", "person:anders-ask", "2022-12-31"): ("2022-12-31", "done", -166),
    ("term-end", "person:anders-ask", "2024-12-31"): ("2024-12-31", "later", 565),
    ("term-end", "person:bodil-fjord", "2024-06-30"): ("2024-06-30", "later", 381),
    ("meeting", "body:styringsgruppa", "2023-06-30"): ("2023-06-30", "done", 15),
    # 30 September 2023 is a Saturday
    ("meeting", "body:styringsgruppa", "2023-09-30"): ("2023-10-02", "later", 109),
    # 31 March 2024 is Easter Sunday and 1 April Easter Monday
    ("annual-plan", "year:2024", "2024-03-31"): ("2024-04-02", "later", 292),
    # 30 April 2023 is a Sunday and 1 May Labour Day
    ("annual-report", "year:2022", "2023-04-30"): ("2023-05-02", "done", -44),
    ("annual-report", "year:2021", "2022-04-30"): ("2022-05-02", "done", -409),
    ("milestone", "project:felles-arkiv", "2024-03-01"): ("2024-03-01", "later", 260),
    ("project-end", "project:felles-arkiv", "2024-06-30"): ("2024-06-30", "later", 381),
    ("project-end", "project:kompetanse", "2021-12-31"): ("2021-12-31", "done", -531),
}


def listing(model: Model, as_of: date, within: int, include_all: bool = False) -> list[Deadline]:
    return facts_of(model, as_of, within).listing(within, include_all)


def test_deadlines_on_the_base(model: Model) -> None:
    got = table(model, BASE_AS_OF)
    for key, want in EXPECTED.items():
        assert got.get(key) == want, key


def test_no_contributions_deadline_for_a_year_without_an_office_budget(model: Model) -> None:
    got = table(model, date(2024, 3, 20))
    # 2021's were due 2020-11-30, before the agreement took effect: nothing was in force
    assert [k for k in got if k[0] == "contributions"] == [
        ("contributions", f"year:{y}", f"{y - 1}-11-30") for y in (2022, 2023)
    ]


def test_no_deadline_for_a_member_who_left_before_the_term_ended(model: Model) -> None:
    got = table(model, BASE_AS_OF)
    assert not [k for k in got if k[1] == "person:bjorn-fjord"]


def test_default_listing_is_overdue_and_upcoming_only(model: Model) -> None:
    as_of = date(2024, 3, 20)
    items = listing(model, as_of, 30)
    statuses = [d.status(as_of, 30) for d in items]
    assert statuses == sorted(statuses, key=["overdue", "upcoming"].index)
    got = {(d.kind, d.subject, d.due.isoformat()): d.status(as_of, 30) for d in items}
    assert got[("milestone", "project:felles-arkiv", "2024-03-01")] == "overdue"
    assert got[("annual-plan", "year:2024", "2024-03-31")] == "upcoming"
    # 2024 records no office budget: there are no contributions to agree (docs/design.md §4)
    assert ("contributions", "year:2024", "2023-11-30") not in got
    assert ("agreement-end", "agreement:avtale-2021", "2024-12-31") not in got


def test_a_meeting_after_the_date_examined_is_not_held_yet(model: Model) -> None:
    as_of = date(2023, 6, 1)  # the Q2 meeting is on 2023-06-05
    got = table(model, as_of)
    assert got[("meeting", "body:styringsgruppa", "2023-06-30")][1] == "upcoming"
