"""Computed deadlines on the base partnership, checked against hand-computed dates."""

from __future__ import annotations

from datetime import date

import pytest

from digictl.facts.deadlines import listing
from digictl.load.dataset import DirectorySource
from digictl.rules.engine import check_source
from tests.conftest import BASE, BASE_AS_OF


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return check_source(DirectorySource(BASE), BASE_AS_OF).model


def table(model, as_of: date, within: int = 90, everything: bool = True) -> dict:  # type: ignore[no-untyped-def]
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
    ("contributions", "year:2024", "2023-11-30"): ("2023-11-30", "later", 168),
    ("contributions", "year:2021", "2020-11-30"): ("2020-11-30", "done", -927),
    ("milestone", "project:felles-arkiv", "2024-03-01"): ("2024-03-01", "later", 260),
    ("project-end", "project:felles-arkiv", "2024-06-30"): ("2024-06-30", "later", 381),
    ("project-end", "project:kompetanse", "2021-12-31"): ("2021-12-31", "done", -531),
}


def test_deadlines_on_the_base(model) -> None:  # type: ignore[no-untyped-def]
    got = table(model, BASE_AS_OF)
    for key, want in EXPECTED.items():
        assert got.get(key) == want, key


def test_no_deadline_for_a_member_who_left_before_the_term_ended(model) -> None:  # type: ignore[no-untyped-def]
    got = table(model, BASE_AS_OF)
    assert not [k for k in got if k[1] == "person:bjorn-fjord"]


def test_default_listing_is_overdue_and_upcoming_only(model) -> None:  # type: ignore[no-untyped-def]
    as_of = date(2024, 3, 20)
    items = listing(model, as_of, 30)
    statuses = [d.status(as_of, 30) for d in items]
    assert statuses == sorted(statuses, key=["overdue", "upcoming"].index)
    got = {(d.kind, d.subject, d.due.isoformat()): d.status(as_of, 30) for d in items}
    assert got[("milestone", "project:felles-arkiv", "2024-03-01")] == "overdue"
    assert got[("annual-plan", "year:2024", "2024-03-31")] == "upcoming"
    assert got[("contributions", "year:2024", "2023-11-30")] == "overdue"
    assert ("agreement-end", "agreement:avtale-2021", "2024-12-31") not in got


def test_a_meeting_after_the_date_examined_is_not_held_yet(model) -> None:  # type: ignore[no-untyped-def]
    as_of = date(2023, 6, 1)  # the Q2 meeting is on 2023-06-05
    got = table(model, as_of)
    assert got[("meeting", "body:styringsgruppa", "2023-06-30")][1] == "upcoming"
