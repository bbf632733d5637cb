"""`records_from` in network.yaml: "our records start here" (docs/design.md §10).

Nothing with a due date before it is required (annual plans, reports, contributions), nor a
meeting for a period that began before it, while every fact recorded before it is still read.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digictl.facts import facts_of
from digictl.facts.deadlines import Deadline
from digictl.model import Model
from tests.conftest import BASE
from tests.facts.conftest import model_from, read_yaml

REQUIRED_KINDS = (
    "annual-plan",
    "annual-report",
    "contributions",
    "meeting",
    "meeting-notice",
    "minutes-approval",
)
AS_OF = date(2024, 6, 15)


def _documents() -> dict[str, object]:
    docs: dict[str, object] = {
        p.relative_to(BASE).as_posix(): read_yaml(BASE, p.relative_to(BASE).as_posix())
        for p in BASE.rglob("*.yaml")
    }
    # meetings that follow the workflow: held with their attendance recorded, and one ahead
    attended = {"present": ["berit-berg", "anders-ask", "aud-alver"]}
    for day in (date(2024, 3, 11), date(2024, 6, 3), date(2024, 6, 20)):
        docs[f"meetings/{day.isoformat()}-styringsgruppa.yaml"] = {
            "body": "styringsgruppa",
            "date": day,
            "attendance": attended,
            "decisions": [],
        }
    return docs


DOCUMENTS = _documents()


def _model(records_from: date | None) -> Model:
    docs = dict(DOCUMENTS)
    network = dict(docs["network.yaml"])  # type: ignore[call-overload]
    if records_from is not None:
        network["records_from"] = records_from
    docs["network.yaml"] = network
    return model_from(docs)


def _starts(d: Deadline) -> date:
    """The day that decides whether a deadline is required: a meeting period's first day,
    otherwise the (nominal) due date (of a meeting's notice and of its minutes too)."""
    if d.kind != "meeting":
        return d.due
    assert d.about.period is not None
    year, _, quarter = d.about.period.partition(" Q")
    return date(int(year), 3 * int(quarter) - 2, 1) if quarter else date(int(year), 1, 1)


def _key(d: Deadline) -> tuple[str, str, date]:
    return (d.kind, d.subject, d.due)


@settings(max_examples=25, deadline=None)
@given(st.dates(min_value=date(2018, 1, 1), max_value=date(2025, 12, 31)))
def test_only_what_starts_from_the_records_is_required(records_from: date) -> None:
    without = facts_of(_model(None), AS_OF, 90).deadlines
    with_records = facts_of(_model(records_from), AS_OF, 90).deadlines
    expected = [d for d in without if d.kind not in REQUIRED_KINDS or _starts(d) >= records_from]
    assert sorted(map(_key, with_records)) == sorted(map(_key, expected))


def test_the_base_partnership_requires_past_actions_without_records_from() -> None:
    """The property above would hold trivially if nothing were ever due: it is."""
    kinds = {d.kind for d in facts_of(_model(None), AS_OF, 90).deadlines}
    assert set(REQUIRED_KINDS) <= kinds


def test_facts_before_the_records_are_still_read() -> None:
    """A decision taken before the records start still approves a later plan, and a
    member appointed before them still holds the seat."""
    before = facts_of(_model(None), AS_OF, 90)
    after = facts_of(_model(date(2024, 1, 1)), AS_OF, 90)
    for body in after.model.bodies.values():
        assert [t.state for t in after.tenures(body)] == [t.state for t in before.tenures(body)]
    assert after.parties.active(AS_OF) == before.parties.active(AS_OF)


@pytest.mark.parametrize("records_from", [None, AS_OF])
def test_a_new_partnership_without_invented_history(
    tmp_path: Path, records_from: date | None
) -> None:
    """Without meetings and year files, the base partnership owes plans, reports and meetings
    of past years; with its records starting on the date examined it owes none of them."""
    from digictl.load.dataset import DirectorySource
    from digictl.rules.engine import check_source

    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    shutil.rmtree(data / "years")
    shutil.rmtree(data / "meetings")
    if records_from is not None:
        with (data / "network.yaml").open("a", encoding="utf-8") as f:
            f.write(f"records_from: {records_from.isoformat()}\n")
    result = check_source(DirectorySource(data), AS_OF).result
    past = {
        f.rule
        for f in result.findings
        if f.rule in ("annual-plan", "annual-report", "cadence") and f.severity.value != "info"
    }
    assert past == (set() if records_from else {"annual-plan", "annual-report", "cadence"})
