"""Every computed deadline of a partnership (docs/design.md §5, §6).

A deadline for an action (evaluation, annual plan and report, contributions, milestones, a
meeting that is due) moves past Saturdays, Sundays and public holidays to the next working
day; the end of a term, an agreement, a party's accession or a project is a fact and does not
move. Each deadline names what it is about (``About``) and, when it can be overdue, the rule
that reports it then (``BACKED_BY``): every overdue deadline has a finding behind it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import TYPE_CHECKING

from digictl import i18n
from digictl.facts.timeline import next_working_day, quarter_bounds, quarters
from digictl.i18n import _
from digictl.load.dates import on_monthday
from digictl.model import Src, Year
from digictl.vocabulary import DEADLINE_STATES, PORTFOLIO_BOARD

if TYPE_CHECKING:
    from digictl.facts.core import Facts

KINDS = (
    "agreement-end",
    "party-end",
    "evaluation",
    "term-end",
    "meeting",
    "meeting-notice",
    "minutes-approval",
    "annual-plan",
    "annual-report",
    "contributions",
    "milestone",
    "project-end",
)

# the rule whose finding stands behind an overdue deadline of each kind; ends of agreements
# and accessions are facts: done once they have passed, never overdue
BACKED_BY = {
    "evaluation": "agreement-evaluation",
    "term-end": "term-expired",
    "meeting": "cadence",
    "meeting-notice": "meeting-notice",
    "minutes-approval": "minutes-approval",
    "annual-plan": "annual-plan",
    "annual-report": "annual-report",
    "contributions": "contributions",
    "milestone": "milestone-overdue",
    "project-end": "project-overdue",
}

_STATUS_ORDER = {state: i for i, state in enumerate(DEADLINE_STATES)}


@dataclass(frozen=True)
class About:
    """The ids a deadline is about, so a rule or a report never parses its title."""

    agreement: str | None = None
    org: str | None = None
    person: str | None = None
    body: str | None = None
    seat: str | None = None
    project: str | None = None
    milestone: str | None = None
    year: int | None = None
    period: str | None = None
    how: str | None = None  # party-end: "left" or "until"
    meeting: str | None = None  # meeting-notice, minutes-approval: the meeting's id
    day: date | None = None  # ... and its day

    def params(self) -> dict[str, str]:
        """The ids as text, for a title in a report's language."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                out["name" if f.name == "milestone" else f.name] = (
                    value.isoformat() if isinstance(value, date) else str(value)
                )
        return out


@dataclass(frozen=True)
class Deadline:
    kind: str
    subject: str  # `kind:id` of what it is about, as findings name it
    # a title given as it is, by a deadline made outside the facts; the computed ones have
    # none ("") and are titled from what they are about, in the reader's language
    given: str
    due: date
    effective: date
    done: bool
    src: Src | None = field(default=None, compare=False)
    about: About = field(default_factory=About, compare=False)

    @property
    def params(self) -> dict[str, str]:
        return self.about.params()

    @property
    def title(self) -> str:
        """What the deadline is, in the current language (``title_of``)."""
        return self.given or title_of(self)

    def days_left(self, as_of: date) -> int:
        return (self.effective - as_of).days

    def status(self, as_of: date, within: int) -> str:
        if self.done:
            return "done"
        if self.effective < as_of:
            return "overdue"
        if self.effective <= as_of + timedelta(days=within):
            return "upcoming"
        return "later"

    def as_dict(self, as_of: date, within: int) -> dict[str, object]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "title": self.title,
            "due": self.due.isoformat(),
            "effective": self.effective.isoformat(),
            "status": self.status(as_of, within),
            "days_left": self.days_left(as_of),
            "rule": BACKED_BY.get(self.kind),
        }


def title_of(d: Deadline, names: Mapping[str, str] | None = None, lang: str | None = None) -> str:
    """The title of a deadline, built from the ids it is about (never from a given title),
    in ``lang`` (default: the current language): the one place a deadline gets its title,
    for tables, Markdown, calendars and reports. ``names`` put a name where a reader wants
    one instead of an id (``{"person": "Kari Nordmann"}``). A KeyError when ``about`` lacks
    an id the title needs."""
    with i18n.speaking(lang or i18n.current()):
        return _title(d.kind, d.about, names or {})


def _title(kind: str, about: About, names: Mapping[str, str]) -> str:
    ids = {f.name: str(v) for f in fields(about) if (v := getattr(about, f.name)) is not None}
    v = {**ids, **names}
    if kind == "agreement-end":
        return _("Agreement {agreement} ends", agreement=v["agreement"])
    if kind == "party-end":
        if v["how"] == "left":
            return _("{org} leaves {agreement}", org=v["org"], agreement=v["agreement"])
        return _("{org} ends its accession to {agreement}", org=v["org"], agreement=v["agreement"])
    if kind == "evaluation":
        return _("Evaluate agreement {agreement}", agreement=v["agreement"])
    if kind == "term-end":
        return _(
            "Term of {person} on {body} (seat {seat}) ends",
            person=v["person"],
            body=v["body"],
            seat=v["seat"],
        )
    if kind == "meeting":
        year, quarterly, quarter = v["period"].partition(" Q")
        if quarterly:
            return _(
                "{body} meets in {year} Q{quarter} (quarterly)",
                body=v["body"],
                year=year,
                quarter=quarter,
            )
        return _("{body} meets in {year} (yearly)", body=v["body"], year=year)
    if kind == "meeting-notice":
        return _("Notice of the meeting of {body} on {day} sent", body=v["body"], day=about.day)
    if kind == "minutes-approval":
        return _(
            "Minutes of the meeting of {body} on {day} approved", body=v["body"], day=about.day
        )
    if kind == "annual-plan":
        return _("Annual plan {year} approved by the portfolio board", year=v["year"])
    if kind == "annual-report":
        return _("Annual report {year} approved by the portfolio board", year=v["year"])
    if kind == "contributions":
        return _("Contributions for {year} agreed with the parties", year=v["year"])
    if kind == "milestone":
        return f"{v['project']}: {v['milestone']}"
    if kind == "project-end":
        return _("Project {project} ends", project=v["project"])
    raise KeyError(kind)


def _action(
    kind: str, subject: str, due: date, done: bool, src: Src | None, about: About
) -> Deadline:
    return Deadline(kind, subject, "", due, next_working_day(due), done, src, about)


def _fact(
    kind: str, subject: str, due: date, done: bool, src: Src | None, about: About
) -> Deadline:
    return Deadline(kind, subject, "", due, due, done, src, about)


def agreement_ends(f: Facts) -> Iterator[Deadline]:
    for a in f.model.agreements.values():
        yield _fact(
            "agreement-end",
            f"agreement:{a.id}",
            a.until,
            a.until < f.as_of,
            a.src.child("until"),
            About(agreement=a.id),
        )


def party_ends(f: Facts) -> Iterator[Deadline]:
    for a in f.model.agreements.values():
        for p in a.parties:
            ends = [d for d in (p.left, p.until) if d is not None]
            if not ends:
                continue
            end = min(ends)
            how = "left" if p.left is not None and end == p.left else "until"
            yield _fact(
                "party-end",
                f"organisation:{p.org}",
                end,
                end < f.as_of,
                p.src.child(how),
                About(agreement=a.id, org=p.org, how=how),
            )


def evaluations(f: Facts) -> Iterator[Deadline]:
    for a in f.model.agreements.values():
        ev = a.evaluation
        if ev is None:
            continue
        yield _action(
            "evaluation",
            f"agreement:{a.id}",
            ev.due,
            ev.done is not None and ev.done <= f.as_of,
            ev.src.child("due"),
            About(agreement=a.id),
        )


def term_ends(f: Facts) -> Iterator[Deadline]:
    for b in f.model.bodies.values():
        for t in f.tenures(b):
            mb = t.member
            if t.term_end is None or t.pending or (mb.until is not None and mb.until < t.term_end):
                continue  # no term, not appointed yet, or left before the term ended
            yield _fact(
                "term-end",
                f"person:{mb.person}",
                t.term_end,
                t.resolved,
                mb.src,
                About(person=mb.person, body=b.id, seat=mb.seat),
            )


def meeting_periods(f: Facts, body_id: str) -> list[tuple[date, date, date]]:
    """The periods (quarters or years) in which a body must meet while an agreement is in force,
    as (first day, last day, effective deadline): the deadline moves past a weekend or holiday,
    and a meeting held by the moved deadline counts for the period. A period that starts before
    the network's `records_from` is not required."""
    b = f.model.bodies[body_id]
    span = f.parties.span()
    if b.cadence not in ("quarterly", "yearly") or span is None or not b.members:
        return []  # a body meets once it is constituted: from its first member's first day
    first, last = span
    first = max(first, min(mb.start for mb in b.members))
    if b.cadence == "quarterly":
        spans = [quarter_bounds(y, q) for y, q in quarters(first, last)]
    else:
        spans = [(date(y, 1, 1), date(y, 12, 31)) for y in range(first.year, last.year + 1)]
    n = f.model.network
    return [
        (s, e, next_working_day(e))
        for s, e in spans
        if f.parties.in_force_some_day(s, e) and (n is None or n.requires(s))
    ]


def period_label(start: date, cadence: str) -> str:
    return (
        f"{start.year} Q{(start.month - 1) // 3 + 1}" if cadence == "quarterly" else str(start.year)
    )


def meetings_due(f: Facts) -> Iterator[Deadline]:
    for b in f.model.bodies.values():
        if b.cadence is None:
            continue
        held = f.meetings_held(b.id)
        for start, end, effective in meeting_periods(f, b.id):
            label = period_label(start, b.cadence)
            yield _action(
                "meeting",
                f"body:{b.id}",
                end,
                any(start <= d <= effective for d in held),
                b.src.child("cadence"),
                About(body=b.id, period=label),
            )


def meeting_notices(f: Facts) -> Iterator[Deadline]:
    """The notice of each meeting that follows the workflow, sent at least the notice period
    before it. The day does not move past a weekend or holiday (that would shorten the
    period): it is due and effective on the same day. A notice due before the records start
    is not required."""
    for mf in f.meetings.values():
        m = mf.meeting
        if not mf.notice_required:
            continue
        yield _fact(
            "meeting-notice",
            f"meeting:{m.id}",
            mf.notice_due,
            mf.notice_sent is not None,
            m.src.child("notice") if m.notice is not None else m.src,
            About(body=m.body, meeting=m.id, day=m.date),
        )


def minutes_approvals(f: Facts) -> Iterator[Deadline]:
    """The approval of the minutes of each held meeting that follows the workflow, within the
    minutes period after it (moving past a weekend or holiday). An approval due before the
    records start is not required."""
    for mf in f.meetings.values():
        m = mf.meeting
        if not mf.minutes_required:
            continue
        yield _action(
            "minutes-approval",
            f"meeting:{m.id}",
            mf.minutes_due,
            mf.minutes_approved,
            m.src,
            About(body=m.body, meeting=m.id, day=m.date),
        )


def approval_decision(year: Year | None, kind: str) -> str | None:
    """The decision a year records for its annual plan or report (``kind``)."""
    if year is None:
        return None
    return year.annual_plan_decision if kind == "annual-plan" else year.annual_report_decision


def _approvals(
    f: Facts, kind: str, years: list[int], monthday: tuple[int, int] | None, offset: int
) -> Iterator[Deadline]:
    """The portfolio board approves the year's plan (``offset`` 0: due in the year itself)
    or report (``offset`` 1: due in the year after) by the calendar's ``monthday``."""
    n = f.model.network
    if n is None or monthday is None:
        return
    for y in years:
        year = f.model.years.get(y)
        yield _action(
            kind,
            f"year:{y}",
            on_monthday(y + offset, monthday),
            f.approved(approval_decision(year, kind), PORTFOLIO_BOARD),
            year.src if year else n.src.child("calendar"),
            About(year=y),
        )


def annual_plans(f: Facts) -> Iterator[Deadline]:
    due = f.model.network.annual_plan_due if f.model.network else None
    return _approvals(f, "annual-plan", f.plan_years, due, 0)


def annual_reports(f: Facts) -> Iterator[Deadline]:
    due = f.model.network.annual_report_due if f.model.network else None
    return _approvals(f, "annual-report", f.report_years, due, 1)


def contributions(f: Facts) -> Iterator[Deadline]:
    for c in f.contributions:
        year = f.model.years[c.year]
        yield _action(
            "contributions",
            f"year:{c.year}",
            c.due,
            c.covered,
            year.src,
            About(year=c.year),
        )


def milestones(f: Facts) -> Iterator[Deadline]:
    for pf in f.projects.values():
        p = pf.project
        if p.status == "cancelled":
            continue
        for ms in pf.milestones:
            m = ms.milestone
            yield _action(
                "milestone",
                f"project:{p.id}",
                m.due,
                ms.state == "done",
                m.src,
                About(project=p.id, milestone=m.name),
            )


def project_ends(f: Facts) -> Iterator[Deadline]:
    for pf in f.projects.values():
        p = pf.project
        if p.end is None or p.status in ("cancelled", "proposed"):
            continue
        yield _fact(
            "project-end",
            f"project:{p.id}",
            p.end,
            p.status == "completed",
            p.src.child("end"),
            About(project=p.id),
        )


COMPUTED = (
    agreement_ends,
    party_ends,
    evaluations,
    term_ends,
    meetings_due,
    meeting_notices,
    minutes_approvals,
    annual_plans,
    annual_reports,
    contributions,
    milestones,
    project_ends,
)


def all_deadlines(f: Facts) -> list[Deadline]:
    return [d for compute in COMPUTED for d in compute(f)]


def ordered(
    deadlines: list[Deadline], as_of: date, within: int, include_all: bool = False
) -> list[Deadline]:
    """Deadlines to show: overdue first, then by date; without ``include_all`` only
    overdue ones and those within the horizon."""
    if not include_all:
        deadlines = [d for d in deadlines if d.status(as_of, within) in ("overdue", "upcoming")]
    return sorted(
        deadlines,
        key=lambda d: (_STATUS_ORDER[d.status(as_of, within)], d.effective, d.kind, d.subject),
    )
