"""Rules about meetings as the board's workflow: notice, quorum, agenda, numbering, minutes,
conflicts of interest, votes and who decides what (docs/design.md §4, §8 "Meetings").

They read the meeting facts (``digictl.facts.meetings``: notice and minutes deadlines, who
could vote, quorum) and the deadlines; none derives them. The parameters' defaults are the
constants of ``digictl.facts.meetings``, which reads the same parameters from network.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from digictl.facts.deadlines import Deadline
from digictl.facts.meetings import (
    MINUTES_DAYS,
    NOTICE_DAYS,
    QUORUM_DEPUTIES,
    QUORUM_PERCENT,
    MeetingFacts,
    Quorum,
)
from digictl.findings import Severity
from digictl.i18n import N_, _, ngettext
from digictl.model import AgendaItem, Attendance, Conflict, Decision, Meeting
from digictl.rules.registry import Context, Issue, rule
from digictl.vocabulary import PORTFOLIO_BOARD, PROGRAMME_BOARD

# a decision id that ends in a number: PS-2026-05 is prefix "PS-2026-" and number 5
_NUMBERED = re.compile(r"^(.*\D)(\d+)$")
# a four-digit number standing alone in an id, as a year is written
_FOUR_DIGITS = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_YEARS = range(1900, 3000)

# the role of the body that takes each kind of decision (§4.1, §4.6)
AUTHORITY = {
    "project-mandate": PROGRAMME_BOARD,
    "project-budget": PROGRAMME_BOARD,
    "annual-plan": PORTFOLIO_BOARD,
    "annual-report": PORTFOLIO_BOARD,
}
CLAUSE = {PROGRAMME_BOARD: "§4.6", PORTFOLIO_BOARD: "§4.1"}


def _subject(m: Meeting) -> str:
    return f"meeting:{m.id}"


def _days(n: int) -> str:
    # Translators: a number of days, as in "sent 5 days before the meeting"
    return ngettext("{n} day", "{n} days", n)


def _ordered(ctx: Context) -> list[MeetingFacts]:
    """Every meeting's facts, by date and then file name."""
    return sorted(ctx.facts.meetings.values(), key=lambda mf: (mf.meeting.date, mf.meeting.id))


def _overdue(ctx: Context, kind: str) -> Iterator[tuple[Deadline, MeetingFacts]]:
    """The overdue deadlines of ``kind`` and the facts of the meeting each is about."""
    for d in ctx.facts.deadlines:
        if d.kind == kind and d.status(ctx.as_of, 0) == "overdue" and d.about.meeting:
            yield d, ctx.facts.meetings[d.about.meeting]


# -- notice ---------------------------------------------------------------------------------


@rule(
    "meeting-notice",
    Severity.WARNING,
    "§4.2; kommuneloven § 11-3 (principle)",
    N_(
        "the notice of a meeting that follows the workflow is sent at least `days` days "
        "before it (a notice due before `records_from` is not asked for)"
    ),
    fix=N_(
        "Record the day the notice was sent in `notice`; send the notice of the next meetings "
        "in time."
    ),
    params={"days": NOTICE_DAYS},
)
def meeting_notice(ctx: Context) -> Iterator[Issue]:
    for d, mf in _overdue(ctx, "meeting-notice"):
        m = mf.meeting
        yield Issue.of(
            m.src,
            _(
                "no notice of the meeting of `{body}` on {day} is recorded as sent; it is sent "
                "at least {period} before the meeting, by {due}",
                body=m.body,
                day=m.date,
                period=_days(mf.settings.notice_days),
                due=d.effective,
            ),
            "notice" if m.notice is not None else "date",
            subject=d.subject,
        )
    for mf in _ordered(ctx):
        sent = mf.notice_sent
        if sent is None or not mf.notice_late or not mf.notice_required:
            continue  # not sent yet, in time, or not asked for
        yield Issue.of(
            mf.meeting.src, _late_notice(mf, sent), "notice", subject=_subject(mf.meeting)
        )


def _late_notice(mf: MeetingFacts, sent: date) -> str:
    m = mf.meeting
    values = {
        "body": m.body,
        "day": m.date,
        "sent": sent,
        "period": _days(mf.settings.notice_days),
        "due": mf.notice_due,
    }
    if sent >= m.date:
        return _(
            "the notice of the meeting of `{body}` on {day} was sent on {sent}, not before the "
            "meeting; it is sent at least {period} before, by {due}",
            **values,
        )
    return _(
        "the notice of the meeting of `{body}` on {day} was sent on {sent}, {before} before the "
        "meeting; it is sent at least {period} before, by {due}",
        before=_days((m.date - sent).days),
        **values,
    )


# -- quorum and attendance --------------------------------------------------------------------


@rule(
    "quorum",
    Severity.ERROR,
    "kommuneloven § 11-9 (principle)",
    N_(
        "a meeting (and each decision item) is quorate: at least `percent` % of the voting "
        "seats present, a deputy counting for the member replaced (`deputies`), observers "
        "never; the attendance fits the body"
    ),
    fix=N_(
        "Correct the attendance (members under `present`, deputies under `deputies` with the "
        "member they met for, others under `observers`), or record that the decision was "
        "taken again in a quorate meeting."
    ),
    params={"percent": QUORUM_PERCENT, "deputies": QUORUM_DEPUTIES},
)
def quorum(ctx: Context) -> Iterator[Issue]:
    people = ctx.model.known.get("person", set())
    for mf in _ordered(ctx):
        a = mf.meeting.attendance
        if a is None or mf.body is None:
            continue  # nothing recorded, or a body that does not exist (`ref`)
        yield from _not_quorate(mf, a)
        yield from _listed_twice(mf, a)
        yield from _not_voting(mf, a, people)
        yield from _deputies(mf, a, people)


def _not_quorate(mf: MeetingFacts, a: Attendance) -> Iterator[Issue]:
    q = mf.quorum
    if not mf.held or q is None:
        return
    m = mf.meeting
    values = {"body": m.body, "day": m.date, "percent": mf.settings.quorum_percent}
    if not q.met:
        yield Issue.of(
            a.src,
            ngettext(
                "the meeting of `{body}` on {day} was not quorate: {present} of its {n} voting "
                "seat was represented, and at least {needed} must be ({percent} %)",
                "the meeting of `{body}` on {day} was not quorate: {present} of its {n} voting "
                "seats were represented, and at least {needed} must be ({percent} %)",
                q.seats,
                present=q.present,
                needed=q.needed,
                **values,
            ),
            subject=_subject(m),
        )
        return
    for item in mf.decision_items():
        qi = mf.quorum_for(item)
        if qi is not None and not qi.met:
            yield Issue.of(item.src, _item_not_quorate(item, qi, values), subject=_subject(m))


def _item_not_quorate(item: AgendaItem, q: Quorum, values: dict[str, object]) -> str:
    left = ", ".join(f"`{c.person}`" for c in item.conflicts if c.left)
    return ngettext(
        "item {item} of the meeting of `{body}` on {day} was dealt with without quorum: with "
        "{left} away for a conflict of interest, {present} of the {n} voting seat was "
        "represented, and at least {needed} must be ({percent} %)",
        "item {item} of the meeting of `{body}` on {day} was dealt with without quorum: with "
        "{left} away for a conflict of interest, {present} of the {n} voting seats were "
        "represented, and at least {needed} must be ({percent} %)",
        q.seats,
        item=item.number,
        left=left,
        present=q.present,
        needed=q.needed,
        **values,
    )


def _listings(a: Attendance) -> Iterator[tuple[str, str, tuple[str | int, ...]]]:
    """Each person the attendance lists, with the key and the path it is listed under."""
    for i, p in enumerate(a.present):
        yield p, "present", ("present", i)
    for i, (p, _reason) in enumerate(a.absent):
        yield p, "absent", ("absent", i, "person")
    for i, d in enumerate(a.deputies):
        yield d.person, "deputies", ("deputies", i, "person")
    for i, p in enumerate(a.observers):
        yield p, "observers", ("observers", i)


def _listed_twice(mf: MeetingFacts, a: Attendance) -> Iterator[Issue]:
    m = mf.meeting
    first: dict[str, str] = {}
    for person, key, path in _listings(a):
        if person not in first:
            first[person] = key
            continue
        yield Issue.of(
            a.src,
            _(
                "`{person}` is listed twice in the attendance of the meeting of `{body}` on "
                "{day}, under `{first}` and under `{second}`; list each person once",
                person=person,
                body=m.body,
                day=m.date,
                first=first[person],
                second=key,
            ),
            *path,
            subject=_subject(m),
        )


def _not_voting(mf: MeetingFacts, a: Attendance, people: set[str]) -> Iterator[Issue]:
    m = mf.meeting
    for i, person in enumerate(a.present):
        if person in mf.voting or person not in people:
            continue  # a voting member, or no person at all (`ref`)
        yield Issue.of(
            a.src,
            _(
                "`{person}` is listed present at the meeting of `{body}` on {day}, but is not a "
                "voting member of `{body}` on that day; list a deputy under `deputies` with the "
                "member they met for, and anyone else under `observers`",
                person=person,
                body=m.body,
                day=m.date,
            ),
            "present",
            i,
            subject=_subject(m),
        )


def _deputies(mf: MeetingFacts, a: Attendance, people: set[str]) -> Iterator[Issue]:
    m = mf.meeting
    replaced: dict[str, str] = {}  # member -> the first deputy who met for them
    for i, d in enumerate(a.deputies):
        values = {"person": d.person, "member": d.replaces, "body": m.body, "day": m.date}
        if d.replaces not in people:
            continue  # no person at all (`ref`)
        if d.replaces not in mf.voting:
            message = _(
                "`{person}` met as a deputy for `{member}` at the meeting of `{body}` on {day}, "
                "but `{member}` is not a voting member of `{body}` on that day",
                **values,
            )
        elif d.replaces in a.present:
            message = _(
                "`{person}` met as a deputy for `{member}` at the meeting of `{body}` on {day}, "
                "but `{member}` is listed present; a deputy meets for a member who is away",
                **values,
            )
        elif d.replaces in replaced:
            message = _(
                "`{person}` met as a deputy for `{member}` at the meeting of `{body}` on {day}, "
                "but `{other}` met for `{member}` already; one deputy meets for a member",
                other=replaced[d.replaces],
                **values,
            )
        else:
            replaced[d.replaces] = d.person
            continue
        yield Issue.of(a.src, message, "deputies", i, "for", subject=_subject(m))


# -- agenda -----------------------------------------------------------------------------------


@rule(
    "agenda-exempt",
    Severity.ERROR,
    "offentleglova",
    N_(
        "an agenda item exempt from public access (`public: false`) names its legal basis in "
        "`exempt`, and only such an item names one"
    ),
    fix=N_(
        'Give the legal basis in `exempt` (e.g. "offentleglova § 23 første ledd"), or mark '
        "the item `public: false` or drop the basis."
    ),
)
def agenda_exempt(ctx: Context) -> Iterator[Issue]:
    for mf in _ordered(ctx):
        m = mf.meeting
        for item in m.agenda:
            values = {"item": item.number, "body": m.body, "day": m.date}
            if not item.public and not item.exempt:
                message = _(
                    "item {item} of the meeting of `{body}` on {day} is exempt from public "
                    "access (`public: false`), but names no legal basis in `exempt`",
                    **values,
                )
                yield Issue.of(item.src, message, "public", subject=_subject(m))
            elif item.public and item.exempt:
                message = _(
                    "item {item} of the meeting of `{body}` on {day} names a legal basis for "
                    "exemption (`exempt`), but is not marked `public: false`; mark it, or drop "
                    "the basis",
                    **values,
                )
                yield Issue.of(item.src, message, "exempt", subject=_subject(m))


# -- numbering --------------------------------------------------------------------------------


@rule(
    "meeting-numbering",
    Severity.WARNING,
    "—",
    N_(
        "agenda items are numbered N/YY in sequence per body and year; numbered decision ids "
        "are in sequence per body, year and prefix and carry the meeting's year; a decision's "
        "`item` is a decision item on the meeting's agenda"
    ),
    fix=N_(
        "Renumber the item or the decision so the numbers follow each other (check the body's "
        "other meetings that year), or correct the decision's `item`."
    ),
)
def meeting_numbering(ctx: Context) -> Iterator[Issue]:
    by_year: dict[tuple[str, int], list[Meeting]] = {}
    for mf in _ordered(ctx):
        m = mf.meeting
        by_year.setdefault((m.body, m.date.year), []).append(m)
    for meetings in by_year.values():
        yield from _agenda_numbers(meetings)
        yield from _decision_numbers(meetings)
        for m in meetings:
            yield from _decision_items(m)


def _agenda_numbers(meetings: list[Meeting]) -> Iterator[Issue]:
    """The items of one body's meetings of a year, in date order: the year's two digits,
    each number once, each the previous one + 1. A meeting that records no agenda breaks the
    sequence: its items are not known."""
    first: dict[str, Meeting] = {}
    previous: AgendaItem | None = None
    for m in meetings:
        if not m.agenda:
            previous = None
        for item in m.agenda:
            yield from _item_year(m, item)
            if item.number in first:
                yield _item_twice(m, item, first[item.number])
                continue
            first[item.number] = m
            if previous is not None and item.seq[0] != previous.seq[0] + 1:
                yield _item_out_of_sequence(m, item, previous)
            previous = item


def _yy(day: date) -> str:
    """The two digits of a year, as an item number N/YY ends."""
    return f"{day.year % 100:02d}"


def _item_year(m: Meeting, item: AgendaItem) -> Iterator[Issue]:
    if item.seq[1] != m.date.year % 100:
        yield Issue.of(
            item.src,
            _(
                "item {item} of the meeting of `{body}` on {day} is numbered for another year; "
                "the items of {year} are numbered N/{yy}",
                item=item.number,
                body=m.body,
                day=m.date,
                year=m.date.year,
                yy=_yy(m.date),
            ),
            "number",
            subject=_subject(m),
        )


def _item_twice(m: Meeting, item: AgendaItem, first: Meeting) -> Issue:
    return Issue.of(
        item.src,
        _(
            "item number {item} of the meeting of `{body}` on {day} is used already in the "
            "meeting on {first}; each item number is used once per body and year",
            item=item.number,
            body=m.body,
            day=m.date,
            first=first.date,
        ),
        "number",
        subject=_subject(m),
    )


def _item_out_of_sequence(m: Meeting, item: AgendaItem, previous: AgendaItem) -> Issue:
    expected = "/".join((str(previous.seq[0] + 1), _yy(m.date)))
    return Issue.of(
        item.src,
        _(
            "item {item} of the meeting of `{body}` on {day} follows item {previous}; items are "
            "numbered in sequence, so it would be {expected}",
            item=item.number,
            body=m.body,
            day=m.date,
            previous=previous.number,
            expected=expected,
        ),
        "number",
        subject=_subject(m),
    )


def _decision_numbers(meetings: list[Meeting]) -> Iterator[Issue]:
    """The decisions of one body's meetings of a year, in date and file order: a year in the
    id is the meeting's, and ids with the same prefix number on from the previous one. An id
    used twice is the `ref` rule's."""
    last: dict[str, tuple[str, Decision]] = {}  # prefix -> (number as written, decision)
    seen: set[str] = set()
    for m in meetings:
        for d in m.decisions:
            found = _NUMBERED.match(d.id)
            yield from _decision_year(m, d, found.group(1) if found else d.id)
            if found is None or d.id in seen:
                continue
            seen.add(d.id)
            prefix, number = found.group(1), found.group(2)
            before = last.get(prefix)
            if before is not None and int(number) != int(before[0]) + 1:
                expected = f"{prefix}{int(before[0]) + 1:0{len(before[0])}d}"
                yield _decision_out_of_sequence(m, d, before[1], expected)
            last[prefix] = (number, d)


def _decision_year(m: Meeting, d: Decision, text: str) -> Iterator[Issue]:
    years = [int(y) for y in _FOUR_DIGITS.findall(text) if int(y) in _YEARS]
    if years and m.date.year not in years:
        yield Issue.of(
            d.src,
            _(
                "decision `{decision}` of `{body}` on {day} carries the year {year} in its id, "
                "but the meeting is in {meeting_year}",
                decision=d.id,
                body=m.body,
                day=m.date,
                year=years[0],
                meeting_year=m.date.year,
            ),
            "id",
            subject=_subject(m),
        )


def _decision_out_of_sequence(m: Meeting, d: Decision, previous: Decision, expected: str) -> Issue:
    return Issue.of(
        d.src,
        _(
            "decision `{decision}` of `{body}` on {day} follows `{previous}`; decisions are "
            "numbered in sequence, so it would be `{expected}`",
            decision=d.id,
            body=m.body,
            day=m.date,
            previous=previous.id,
            expected=expected,
        ),
        "id",
        subject=_subject(m),
    )


def _decision_items(m: Meeting) -> Iterator[Issue]:
    for d in m.decisions:
        if d.item is None:
            continue
        item = m.item(d.item)
        values = {"decision": d.id, "item": d.item, "body": m.body, "day": m.date}
        if item is None:
            message = _(
                "decision `{decision}` is recorded under item {item}, which is not on the agenda "
                "of the meeting of `{body}` on {day}",
                **values,
            )
        elif item.kind != "decision":
            message = _(
                "decision `{decision}` is recorded under item {item} of the meeting of `{body}` "
                "on {day}, which is not a decision item (`kind: {kind}`)",
                kind=item.kind,
                **values,
            )
        else:
            continue
        yield Issue.of(d.src, message, "item", subject=_subject(m))


# -- minutes ----------------------------------------------------------------------------------


@rule(
    "minutes-approval",
    Severity.WARNING,
    "—",
    N_(
        "the minutes of a meeting that follows the workflow are approved within `days` days "
        "after it (moved past a weekend or holiday), and not before it"
    ),
    fix=N_(
        "Record the approval under `minutes` (`approved`, `by`, `method`), or have the minutes "
        "approved, by e-mail if the next meeting is too far off."
    ),
    params={"days": MINUTES_DAYS},
)
def minutes_approval(ctx: Context) -> Iterator[Issue]:
    for d, mf in _overdue(ctx, "minutes-approval"):
        m = mf.meeting
        yield Issue.of(
            m.src,
            _(
                "the minutes of the meeting of `{body}` on {day} are not recorded as approved; "
                "they are approved within {period} after the meeting, by {due}",
                body=m.body,
                day=m.date,
                period=_days(mf.settings.minutes_days),
                due=d.effective,
            ),
            "minutes" if _records_minutes(m) else "date",
            subject=d.subject,
        )
    for mf in _ordered(ctx):
        yield from _approval_day(ctx, mf)


def _records_minutes(m: Meeting) -> bool:
    return m.minutes is not None or m.approved is not None or bool(m.approved_by)


def _approval_day(ctx: Context, mf: MeetingFacts) -> Iterator[Issue]:
    m = mf.meeting
    approved = m.approved
    if approved is None:
        return
    values = {"body": m.body, "day": m.date, "approved": approved}
    if approved < m.date:
        message = _(
            "the minutes of the meeting of `{body}` on {day} are recorded as approved on "
            "{approved}, before the meeting",
            **values,
        )
    elif approved <= ctx.as_of and approved > mf.minutes_effective and mf.minutes_required:
        message = _(
            "the minutes of the meeting of `{body}` on {day} were approved on {approved}, "
            "{after} after the meeting; they are approved within {period}, by {due}",
            after=_days((approved - m.date).days),
            period=_days(mf.settings.minutes_days),
            due=mf.minutes_effective,
            **values,
        )
    else:
        return
    yield Issue.of(m.src, message, "minutes", "approved", subject=_subject(m))


# -- conflicts of interest --------------------------------------------------------------------


@rule(
    "conflict-of-interest",
    Severity.ERROR,
    "forvaltningsloven § 6; kommuneloven § 11-10",
    N_(
        "a member who declared a conflict of interest in an item left while it was dealt "
        "with, and was at the meeting"
    ),
    fix=N_(
        "Record `left: true` if the member left (otherwise the item must be dealt with again "
        "without the member), or correct who declared the conflict."
    ),
)
def conflict_of_interest(ctx: Context) -> Iterator[Issue]:
    people = ctx.model.known.get("person", set())
    for mf in _ordered(ctx):
        m = mf.meeting
        a = m.attendance
        met = {*a.present, *(d.person for d in a.deputies)} if a is not None else None
        for item in m.agenda:
            for c in item.conflicts:
                yield from _conflict(m, item, c, met if c.person in people else None)


def _conflict(m: Meeting, item: AgendaItem, c: Conflict, met: set[str] | None) -> Iterator[Issue]:
    values = {"person": c.person, "item": item.number, "body": m.body, "day": m.date}
    if not c.left:
        yield Issue.of(
            c.src,
            _(
                "`{person}` declared a conflict of interest in item {item} of the meeting of "
                "`{body}` on {day}, but took part (`left: false`); a member with a conflict of "
                "interest leaves while the item is dealt with",
                **values,
            ),
            "left",
            subject=_subject(m),
        )
    if met is not None and c.person not in met:
        yield Issue.of(
            c.src,
            _(
                "`{person}` declared a conflict of interest in item {item} of the meeting of "
                "`{body}` on {day}, but is not listed as present, nor as a deputy who met",
                **values,
            ),
            "person",
            subject=_subject(m),
        )


# -- votes and authority ----------------------------------------------------------------------


@rule(
    "vote-count",
    Severity.WARNING,
    "—",
    N_(
        "a decision taken by vote records the votes, only such a decision records them, and "
        "no more votes are cast than voting members were present"
    ),
    fix=N_(
        "Record `votes` (`for`, `against`, `blank`) with `outcome: vote`, or correct the "
        "outcome or the counts."
    ),
)
def vote_count(ctx: Context) -> Iterator[Issue]:
    for mf in _ordered(ctx):
        m = mf.meeting
        for d in m.decisions:
            values = {"decision": d.id, "body": m.body, "day": m.date}
            if d.outcome == "vote" and d.votes is None:
                message = _(
                    "decision `{decision}` of `{body}` on {day} was taken by vote "
                    "(`outcome: vote`), but records no `votes`",
                    **values,
                )
                yield Issue.of(d.src, message, "outcome", subject=_subject(m))
            elif d.votes is not None and d.outcome != "vote":
                message = _(
                    "decision `{decision}` of `{body}` on {day} records `votes`, but was not "
                    "taken by vote; set `outcome: vote`, or drop the votes",
                    **values,
                )
                yield Issue.of(d.src, message, "votes", subject=_subject(m))
            yield from _too_many_votes(mf, d)


def _too_many_votes(mf: MeetingFacts, d: Decision) -> Iterator[Issue]:
    if d.votes is None:
        return
    m = mf.meeting
    item = m.item(d.item) if d.item is not None else None
    q = mf.quorum_for(item) if item is not None else mf.quorum
    if q is None or d.votes.cast <= q.present:
        return
    yield Issue.of(
        d.src,
        _(
            "decision `{decision}` of `{body}` on {day} records more votes ({cast}) than voting "
            "members present for it ({present})",
            decision=d.id,
            body=m.body,
            day=m.date,
            cast=d.votes.cast,
            present=q.present,
        ),
        "votes",
        subject=_subject(m),
    )


@rule(
    "decision-authority",
    Severity.ERROR,
    "§4.1, §4.6",
    N_(
        "a decision on a project's mandate or budget (`matter`) is taken by a programme board, "
        "one on the annual plan or report by a portfolio board"
    ),
    fix=N_(
        "Have the body with the authority take the decision, or correct the decision's `matter`."
    ),
)
def decision_authority(ctx: Context) -> Iterator[Issue]:
    for mf in _ordered(ctx):
        m, body = mf.meeting, mf.body
        if body is None:
            continue  # `ref` reports the body
        for d in m.decisions:
            role = AUTHORITY.get(d.matter) if d.matter else None
            if role is None or role in body.roles:
                continue
            yield Issue.of(
                d.src,
                _(
                    "decision `{decision}` of `{body}` on {day} has `matter: {matter}`, which a "
                    "body with the role `{role}` decides ({clause}); `{body}` does not have that "
                    "role",
                    decision=d.id,
                    body=m.body,
                    day=m.date,
                    matter=d.matter,
                    role=role,
                    clause=CLAUSE[role],
                ),
                "matter",
                subject=_subject(m),
            )
