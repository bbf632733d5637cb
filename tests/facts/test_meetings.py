"""The facts of meetings (digictl.facts.meetings): the notice and minutes deadlines, who could
vote, the quorum, what a meeting still needs; with property tests of the date arithmetic and
the quorum."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from digictl.facts import Facts, facts_of
from digictl.facts.meetings import (
    MINUTES_DAYS,
    MINUTES_RULE,
    NOTICE_DAYS,
    NOTICE_RULE,
    QUORUM_DEPUTIES,
    QUORUM_PERCENT,
    QUORUM_RULE,
    MeetingFacts,
    Settings,
    awaiting_approval,
    needed,
    next_meetings,
    voting_seats,
)
from digictl.facts.timeline import is_working_day
from digictl.model import Attendance, Deputy, Model
from digictl.rules import RULES
from tests.conftest import BASE
from tests.facts.conftest import model_from, read_yaml

AS_OF = date(2023, 6, 15)
SG = "styringsgruppa"
VOTING = frozenset({"berit-berg", "anders-ask", "aud-alver", "bodil-fjord"})


@cache
def _documents() -> dict[str, Any]:
    return {
        p.relative_to(BASE).as_posix(): read_yaml(BASE, p.relative_to(BASE).as_posix())
        for p in BASE.rglob("*.yaml")
    }


def _model(
    meetings: dict[str, dict[str, Any]] | None = None,
    rules: dict[str, Any] | None = None,
    records_from: date | None = None,
) -> Model:
    """The base partnership with more meetings (file stem -> document) and network settings."""
    docs = dict(_documents())
    network = dict(docs["network.yaml"])
    if rules:
        network["rules"] = {**network["rules"], **rules}
    if records_from is not None:
        network["records_from"] = records_from
    docs["network.yaml"] = network
    for stem, doc in (meetings or {}).items():
        docs[f"meetings/{stem}.yaml"] = doc
    return model_from(docs)


def _meeting(day: date, body: str = SG, **keys: Any) -> dict[str, Any]:
    return {"body": body, "date": day, "decisions": [], **keys}


def _facts(model: Model, as_of: date = AS_OF) -> Facts:
    return facts_of(model, as_of)


def _one(day: date, as_of: date = AS_OF, **keys: Any) -> MeetingFacts:
    stem = f"{day.isoformat()}-{SG}"
    return _facts(_model({stem: _meeting(day, **keys)}), as_of).meetings[stem]


# -- settings --------------------------------------------------------------------------------


def test_the_rules_declare_the_defaults_the_facts_use() -> None:
    assert RULES[NOTICE_RULE].params == {"days": NOTICE_DAYS}
    assert RULES[MINUTES_RULE].params == {"days": MINUTES_DAYS}
    assert RULES[QUORUM_RULE].params == {"percent": QUORUM_PERCENT, "deputies": QUORUM_DEPUTIES}
    assert Settings.of(_model()) == Settings(7, 14, 50, True)


def test_settings_are_read_from_network_yaml() -> None:
    rules = {
        "meeting-notice": {"days": 10},
        "minutes-approval": {"severity": "info", "days": 5},
        "quorum": {"percent": 60, "deputies": False},
    }
    assert Settings.of(_model(rules=rules)) == Settings(10, 5, 60, False)


def test_settings_out_of_range_or_of_another_type_keep_the_default() -> None:
    rules = {
        "meeting-notice": {"days": "sju"},
        "minutes-approval": {"days": 400},
        "quorum": {"percent": 150, "deputies": "yes"},
    }
    assert Settings.of(_model(rules=rules)) == Settings(7, 14, 50, True)


# -- the workflow: which meetings are asked for notice and minutes ----------------------------


def test_an_old_form_meeting_follows_the_workflow_only_until_it_is_held() -> None:
    held = _one(date(2023, 6, 12))
    assert held.held and not held.tracked
    ahead = _one(date(2023, 6, 20))
    assert not ahead.held and ahead.tracked
    assert _one(date(2023, 6, 15)).held  # the meeting day itself counts as held


def test_a_meeting_that_records_any_step_of_the_workflow_follows_it() -> None:
    day = date(2023, 6, 12)
    for keys in (
        {"notice": date(2023, 6, 1)},
        {"agenda": [{"number": "5/23", "title": "Sak"}]},
        {"attendance": {"present": ["berit-berg"]}},
        {"minutes": {"approved": date(2023, 6, 14)}},
    ):
        assert _one(day, **keys).tracked, keys
    assert not _one(day, minutes="https://example.org/protokoll.pdf").tracked


def test_notice_due_and_late() -> None:
    mf = _one(date(2023, 6, 12), notice=date(2023, 6, 5))
    assert mf.notice_due == date(2023, 6, 5) and not mf.notice_late
    assert _one(date(2023, 6, 12), notice=date(2023, 6, 6)).notice_late
    assert not _one(date(2023, 6, 12)).notice_late  # none recorded is not "late"


def test_a_notice_day_does_not_move_but_the_minutes_do() -> None:
    # 2023-05-17 is Constitution Day and 2023-05-18 Ascension Day
    mf = _one(date(2023, 5, 24), notice=date(2023, 5, 17))
    assert mf.notice_due == date(2023, 5, 17)
    mf = _one(date(2023, 5, 3), notice=date(2023, 4, 26))
    assert (mf.minutes_due, mf.minutes_effective) == (date(2023, 5, 17), date(2023, 5, 19))


def test_minutes_due_on_maundy_thursday_move_five_days() -> None:
    """The longest run of days off: Maundy Thursday, Good Friday, the Easter weekend and
    Easter Monday (2023-04-06 to 2023-04-10)."""
    mf = _one(date(2023, 3, 23), notice=date(2023, 3, 16))
    assert (mf.minutes_due, mf.minutes_effective) == (date(2023, 4, 6), date(2023, 4, 11))


def test_minutes_approved_by_the_date_examined() -> None:
    mf = _one(date(2023, 6, 1), minutes={"approved": date(2023, 6, 14)})
    assert mf.minutes_approved
    mf = _one(date(2023, 6, 1), minutes={"approved": date(2023, 6, 16)})
    assert not mf.minutes_approved  # recorded ahead: not approved on 2023-06-15


def test_records_from_decides_by_the_due_date() -> None:
    """A notice or an approval due before the records start is not asked for; one due on
    that day or later is."""
    attended = {"present": ["berit-berg"]}
    meetings = {
        "2023-05-25-styringsgruppa": _meeting(date(2023, 5, 25), attendance=attended),
        "2023-06-08-styringsgruppa": _meeting(date(2023, 6, 8), attendance=attended),
    }
    f = _facts(_model(meetings, records_from=date(2023, 6, 1)))
    early, later = f.meetings["2023-05-25-styringsgruppa"], f.meetings["2023-06-08-styringsgruppa"]
    assert (early.notice_required, early.minutes_required) == (False, True)  # due 06-08
    assert (later.notice_required, later.minutes_required) == (True, True)  # due 06-01
    kinds = {(d.kind, d.about.meeting) for d in f.deadlines if d.about.meeting}
    assert kinds == {
        ("minutes-approval", "2023-06-05-styringsgruppa"),  # the base's: notice due 05-29
        ("minutes-approval", "2023-05-25-styringsgruppa"),
        ("meeting-notice", "2023-06-08-styringsgruppa"),
        ("minutes-approval", "2023-06-08-styringsgruppa"),
    }
    assert [mf.meeting.id for mf in awaiting_approval(f)] == [
        "2023-05-25-styringsgruppa",
        "2023-06-08-styringsgruppa",
    ]


def test_the_deadlines_of_a_meeting() -> None:
    stem = "2023-05-31-styringsgruppa"
    meeting = _meeting(date(2023, 5, 31), notice=date(2023, 5, 26))
    f = _facts(_model({stem: meeting}))
    got = {d.kind: d for d in f.deadlines if d.about.meeting == stem}
    notice, minutes = got["meeting-notice"], got["minutes-approval"]
    assert (notice.due, notice.effective, notice.done) == (date(2023, 5, 24),) * 2 + (True,)
    assert notice.subject == minutes.subject == f"meeting:{stem}"
    assert (minutes.due, minutes.effective, minutes.done) == (
        date(2023, 6, 14),
        date(2023, 6, 14),
        False,
    )
    assert minutes.status(AS_OF, 0) == "overdue"
    assert notice.title == "Notice of the meeting of styringsgruppa on 31 May 2023 sent"


# -- who could vote, and the quorum ----------------------------------------------------------


def test_the_voting_members_on_the_meeting_day() -> None:
    """Observers (by role or seat) never vote; who sits changes with the day."""
    mf = _one(date(2023, 6, 12), attendance={"present": ["berit-berg"]})
    assert mf.voting == VOTING and mf.seats == 4
    earlier = _one(date(2022, 3, 14), attendance={"present": ["berit-berg"]})
    assert earlier.voting == VOTING - {"bodil-fjord"} | {"bjorn-fjord"}


def test_a_body_without_seats_counts_its_voting_members() -> None:
    body = _model().bodies[SG]
    assert voting_seats(body, 9) == 4
    assert voting_seats(replace(body, seats=[]), 9) == 9


def test_needed_rounds_up() -> None:
    assert [needed(s, 50) for s in (0, 1, 2, 3, 4, 7)] == [0, 1, 1, 2, 2, 4]
    assert needed(4, 75) == 3 and needed(4, 100) == 4 and needed(4, 0) == 0


def _attended(**attendance: Any) -> MeetingFacts:
    return _one(date(2023, 6, 12), attendance=attendance)


def test_a_deputy_counts_for_the_absent_member_observers_never() -> None:
    mf = _attended(
        present=["berit-berg"],
        absent=[{"person": "anders-ask", "reason": "sjukdom"}],
        deputies=[{"person": "rita-ressurs", "for": "anders-ask"}],
        observers=["kari-ks", "sverre-stat"],
    )
    q = mf.quorum
    assert q is not None and (q.present, q.needed, q.met) == (2, 2, True)
    assert q.counted == {"berit-berg", "anders-ask"}


def test_a_deputy_for_a_present_member_is_not_counted_twice() -> None:
    mf = _attended(
        present=["berit-berg"], deputies=[{"person": "rita-ressurs", "for": "berit-berg"}]
    )
    assert mf.quorum is not None and (mf.quorum.present, mf.quorum.met) == (1, False)


def test_who_is_not_a_voting_member_does_not_count() -> None:
    mf = _attended(
        present=["berit-berg", "kari-ks", "bjorn-fjord"],
        deputies=[{"person": "rita-ressurs", "for": "sverre-stat"}],
    )
    assert mf.quorum is not None and mf.quorum.counted == {"berit-berg"}


def test_deputies_do_not_count_when_network_yaml_says_so() -> None:
    stem = "2023-06-12-styringsgruppa"
    meeting = _meeting(
        date(2023, 6, 12),
        attendance={
            "present": ["berit-berg"],
            "deputies": [{"person": "rita-ressurs", "for": "anders-ask"}],
        },
    )
    f = _facts(_model({stem: meeting}, rules={"quorum": {"deputies": False, "percent": 25}}))
    q = f.meetings[stem].quorum
    assert q is not None and (q.present, q.needed, q.met) == (1, 1, True)


def test_without_attendance_there_is_no_quorum() -> None:
    mf = _one(date(2023, 6, 12))
    assert mf.quorum is None and mf.quorum_without(frozenset({"berit-berg"})) is None


def test_a_member_who_left_for_a_conflict_is_not_present_for_the_item() -> None:
    mf = _one(
        date(2023, 6, 12),
        agenda=[
            {"number": "5/23", "title": "Sak", "conflicts": [{"person": "anders-ask"}]},
            {
                "number": "6/23",
                "title": "Sak",
                "conflicts": [{"person": "aud-alver", "left": False}],
            },
            {
                "number": "7/23",
                "title": "Sak",
                "conflicts": [{"person": "rita-ressurs"}],
            },
        ],
        attendance={
            "present": ["berit-berg", "anders-ask", "aud-alver"],
            "deputies": [{"person": "rita-ressurs", "for": "bodil-fjord"}],
        },
    )
    five, six, seven = (mf.quorum_for(i) for i in mf.meeting.agenda)
    assert mf.quorum is not None and mf.quorum.present == 4
    assert five is not None and five.counted == VOTING - {"anders-ask"}
    assert six is not None and six.present == 4  # took part: counted
    assert seven is not None and seven.counted == VOTING - {"bodil-fjord"}  # the deputy left


# -- what a meeting still needs ------------------------------------------------------------


def _agenda() -> list[dict[str, Any]]:
    return [
        {"number": "5/23", "title": "Budsjett", "attachments": [{"title": "Saksframlegg"}]},
        {"number": "6/23", "title": "Årsplan"},
        {"number": "7/23", "title": "Orientering", "kind": "orientation"},
    ]


def test_undecided_items_and_items_without_documents() -> None:
    decided = [{"id": "SG-2023-05", "title": "Budsjett", "item": "5/23"}]
    held = _one(date(2023, 6, 12), agenda=_agenda(), decisions=decided)
    assert [i.number for i in held.undecided()] == ["6/23"]
    assert [i.number for i in held.without_documents()] == ["6/23"]
    ahead = _one(date(2023, 6, 20), agenda=_agenda(), decisions=decided)
    assert ahead.undecided() == []  # not held yet: nothing is undecided


def test_next_meetings_per_body() -> None:
    meetings = {
        "2023-06-20-styringsgruppa": _meeting(
            date(2023, 6, 20), notice=date(2023, 6, 13), agenda=_agenda()
        ),
        "2023-09-18-styringsgruppa": _meeting(date(2023, 9, 18)),
        "2023-06-22-ressursgruppa": _meeting(date(2023, 6, 22), body="ressursgruppa"),
    }
    ready = next_meetings(_facts(_model(meetings)))
    assert [(r.meeting.meeting.id, r.notice_sent, r.ready) for r in ready] == [
        ("2023-06-20-styringsgruppa", True, False),
        ("2023-06-22-ressursgruppa", False, False),
    ]
    assert ready[0].without_documents == ("6/23",)
    assert ready[1].notice_due == date(2023, 6, 15)


# -- properties -------------------------------------------------------------------------------

days = st.integers(0, 12 * 365).map(lambda n: date(2018, 1, 1) + timedelta(days=n))
periods = st.integers(0, 366)


@cache
def _base_meeting() -> tuple[Model, MeetingFacts]:
    stem = "2023-06-12-styringsgruppa"
    model = _model({stem: _meeting(date(2023, 6, 12), attendance={"present": []})})
    return model, _facts(model).meetings[stem]


def _with(mf: MeetingFacts, day: date, notice: int, minutes: int) -> MeetingFacts:
    meeting = replace(mf.meeting, date=day)
    return replace(
        mf, meeting=meeting, settings=replace(mf.settings, notice_days=notice, minutes_days=minutes)
    )


@settings(max_examples=200, deadline=None)
@given(days, periods, periods)
def test_notice_and_minutes_dates(day: date, notice: int, minutes: int) -> None:
    mf = _with(_base_meeting()[1], day, notice, minutes)
    assert mf.notice_due + timedelta(days=notice) == day
    assert mf.minutes_due == day + timedelta(days=minutes)
    effective = mf.minutes_effective
    assert is_working_day(effective)
    assert mf.minutes_due <= effective <= mf.minutes_due + timedelta(days=5)  # Easter: 5
    between = (mf.minutes_due + timedelta(days=n) for n in range((effective - mf.minutes_due).days))
    assert not any(is_working_day(d) for d in between), "moved past a working day"


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 500), st.integers(0, 100))
def test_needed_is_the_least_share_that_reaches_the_percentage(seats: int, percent: int) -> None:
    n = needed(seats, percent)
    assert n * 100 >= seats * percent
    assert n == 0 or (n - 1) * 100 < seats * percent


PEOPLE = sorted(VOTING | {"bjorn-fjord", "kari-ks", "sverre-stat", "rita-ressurs", "ola"})


@st.composite
def attendances(draw: st.DrawFn) -> tuple[list[str], list[Deputy], list[str]]:
    present = draw(st.lists(st.sampled_from(PEOPLE), max_size=8))
    deputies = draw(
        st.lists(st.builds(Deputy, st.sampled_from(PEOPLE), st.sampled_from(PEOPLE)), max_size=6)
    )
    away = draw(st.lists(st.sampled_from(PEOPLE), max_size=4))
    return present, deputies, away


@settings(max_examples=300, deadline=None)
@given(attendances(), st.booleans(), st.integers(0, 100))
def test_the_quorum_counts_voting_members_once(
    drawn: tuple[list[str], list[Deputy], list[str]], deputies_count: bool, percent: int
) -> None:
    present, deputies, away = drawn
    base = _base_meeting()[1]
    assert base.meeting.attendance is not None
    attendance = Attendance(base.meeting.attendance.src, present, [], deputies, [])
    mf = replace(
        base,
        meeting=replace(base.meeting, attendance=attendance),
        settings=replace(base.settings, quorum_percent=percent, deputies_count=deputies_count),
    )
    q = mf.quorum_without(frozenset(away))
    assert q is not None
    assert q.counted <= mf.voting and q.present == len(q.counted) <= len(mf.voting)
    assert q.needed == needed(mf.seats, percent) and q.met == (q.present >= q.needed)
    members = {p for p in present if p in mf.voting and p not in away}
    assert members <= q.counted  # every voting member present counts
    if not deputies_count:
        assert q.counted == members  # deputies never raise the count then
    # a deputy counts only for a voting member who is not already counted, once
    for_others = {d.replaces for d in deputies if d.person not in away} & mf.voting
    assert q.counted - members <= for_others
    assert q.present <= len(members) + len(for_others)
