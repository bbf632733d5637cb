"""Every computed deadline of a partnership (DESIGN §5, §6).

A deadline for an action (evaluation, annual plan and report, contributions,
milestones, a meeting that is due) moves past Saturdays, Sundays and public
holidays to the next working day; the end of a term, an agreement, a party's
accession or a project is a fact and does not move. Everything takes ``as_of``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from digictl.facts.governance import decision_bodies_with_role, in_force, tenures
from digictl.facts.timeline import next_working_day, quarter_bounds, quarters
from digictl.load.dates import on_monthday
from digictl.model import Model, Src

KINDS = (
    "agreement-end",
    "party-end",
    "evaluation",
    "term-end",
    "meeting",
    "annual-plan",
    "annual-report",
    "contributions",
    "milestone",
    "project-end",
)

_STATUS_ORDER = {"overdue": 0, "upcoming": 1, "later": 2, "done": 3}


@dataclass(frozen=True)
class Deadline:
    kind: str
    subject: str
    title: str
    due: date
    effective: date
    done: bool
    src: Src | None = field(default=None, compare=False)
    # ids behind the title, so a report can say it in its own language
    params: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

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
        }


def _action(
    kind: str, subject: str, title: str, due: date, done: bool, src: Src | None, **params: str
) -> Deadline:
    return Deadline(kind, subject, title, due, next_working_day(due), done, src, params)


def _fact(
    kind: str, subject: str, title: str, due: date, done: bool, src: Src | None, **params: str
) -> Deadline:
    return Deadline(kind, subject, title, due, due, done, src, params)


def agreement_ends(m: Model, as_of: date) -> Iterator[Deadline]:
    for a in m.agreements.values():
        yield _fact(
            "agreement-end",
            f"agreement:{a.id}",
            f"Agreement {a.id} ends",
            a.until,
            a.until < as_of,
            a.src.child("until"),
            agreement=a.id,
        )


def party_ends(m: Model, as_of: date) -> Iterator[Deadline]:
    for a in m.agreements.values():
        for p in a.parties:
            end = (
                min(d for d in (p.left, p.until) if d is not None) if (p.left or p.until) else None
            )
            if end is None:
                continue
            verb = "leaves" if p.left is not None and end == p.left else "ends its accession to"
            yield _fact(
                "party-end",
                f"organisation:{p.org}",
                f"{p.org} {verb} {a.id}",
                end,
                end < as_of,
                p.src.child("left" if verb == "leaves" else "until"),
                org=p.org,
                agreement=a.id,
                how="left" if verb == "leaves" else "until",
            )


def evaluations(m: Model, as_of: date) -> Iterator[Deadline]:
    for a in m.agreements.values():
        ev = a.evaluation
        if ev is None:
            continue
        done = ev.done is not None and ev.done <= as_of
        yield _action(
            "evaluation",
            f"agreement:{a.id}",
            f"Evaluate agreement {a.id}",
            ev.due,
            done,
            ev.src.child("due"),
            agreement=a.id,
        )


def term_ends(m: Model, as_of: date) -> Iterator[Deadline]:
    for b in m.bodies.values():
        for t in tenures(m, b):
            if t.term_end is None:
                continue
            mb = t.member
            if mb.until is not None and mb.until < t.term_end:
                continue  # left before the term ended
            resolved = t.renewed_by is not None or mb.until is not None
            yield _fact(
                "term-end",
                f"person:{mb.person}",
                f"Term of {mb.person} on {b.id} (seat {mb.seat}) ends",
                t.term_end,
                resolved,
                mb.src,
                person=mb.person,
                body=b.id,
                seat=mb.seat,
            )


def meeting_periods(m: Model, body_id: str) -> list[tuple[date, date, date]]:
    """The periods (quarters or years) in which a body must meet while an agreement is in force,
    as (first day, last day, effective deadline): the deadline moves past a weekend or holiday,
    and a meeting held by the moved deadline counts for the period."""
    b = m.bodies[body_id]
    if b.cadence not in ("quarterly", "yearly") or not m.agreements:
        return []
    first = min(a.effective for a in m.agreements.values())
    last = max(a.until for a in m.agreements.values())
    if b.members:
        first = max(first, min(mb.start for mb in b.members))
    if b.cadence == "quarterly":
        spans = [quarter_bounds(y, q) for y, q in quarters(first, last)]
    else:
        spans = [(date(y, 1, 1), date(y, 12, 31)) for y in range(first.year, last.year + 1)]
    return [
        (s, e, next_working_day(e))
        for s, e in spans
        if any(a.effective <= e and s <= a.until for a in m.agreements.values())
    ]


def period_label(start: date, cadence: str) -> str:
    return (
        f"{start.year} Q{(start.month - 1) // 3 + 1}" if cadence == "quarterly" else str(start.year)
    )


def meetings_due(m: Model, as_of: date) -> Iterator[Deadline]:
    for b in m.bodies.values():
        if b.cadence is None:
            continue
        held = [mt.date for mt in m.meetings.values() if mt.body == b.id and mt.date <= as_of]
        for start, end, effective in meeting_periods(m, b.id):
            done = any(start <= d <= effective for d in held)
            yield _action(
                "meeting",
                f"body:{b.id}",
                f"{b.id} meets in {period_label(start, b.cadence)} ({b.cadence})",
                end,
                done,
                b.src.child("cadence"),
                body=b.id,
                period=period_label(start, b.cadence),
            )


def plan_years(m: Model) -> list[int]:
    """Years whose annual plan is required: an agreement is in force on the plan's due date."""
    n = m.network
    if n is None or n.annual_plan_due is None or not m.agreements:
        return []
    first = min(a.effective for a in m.agreements.values()).year
    last = max(a.until for a in m.agreements.values()).year
    return [y for y in range(first, last + 1) if in_force(m, on_monthday(y, n.annual_plan_due))]


def report_years(m: Model) -> list[int]:
    """Years whose annual report is required: an agreement was in force on some day of the year."""
    if not m.agreements:
        return []
    first = min(a.effective for a in m.agreements.values()).year
    last = max(a.until for a in m.agreements.values()).year
    return [
        y
        for y in range(first, last + 1)
        if any(
            a.effective <= date(y, 12, 31) and date(y, 1, 1) <= a.until
            for a in m.agreements.values()
        )
    ]


def approved(m: Model, decision_id: str | None, as_of: date) -> bool:
    """The decision exists, was made by a portfolio board, and has been taken by ``as_of``."""
    if not decision_bodies_with_role(m, decision_id, "portfolio-board"):
        return False
    assert decision_id is not None
    return m.decisions[decision_id].date <= as_of


def annual_plans(m: Model, as_of: date) -> Iterator[Deadline]:
    n = m.network
    if n is None or n.annual_plan_due is None:
        return
    for y in plan_years(m):
        year = m.years.get(y)
        done = year is not None and approved(m, year.annual_plan_decision, as_of)
        yield _action(
            "annual-plan",
            f"year:{y}",
            f"Annual plan {y} approved by the portfolio board",
            on_monthday(y, n.annual_plan_due),
            done,
            year.src if year else n.src.child("calendar"),
            year=str(y),
        )


def annual_reports(m: Model, as_of: date) -> Iterator[Deadline]:
    n = m.network
    if n is None or n.annual_report_due is None:
        return
    for y in report_years(m):
        year = m.years.get(y)
        done = year is not None and approved(m, year.annual_report_decision, as_of)
        yield _action(
            "annual-report",
            f"year:{y}",
            f"Annual report {y} approved by the portfolio board",
            on_monthday(y + 1, n.annual_report_due),
            done,
            year.src if year else n.src.child("calendar"),
            year=str(y),
        )


def agreed_sum(m: Model, y: int, as_of: date) -> int:
    year = m.years.get(y)
    if year is None:
        return 0
    return sum(c.amount for c in year.contributions if c.agreed is None or c.agreed <= as_of)


def contributions(m: Model, as_of: date) -> Iterator[Deadline]:
    n = m.network
    if n is None or n.contributions_due is None:
        return
    for y in report_years(m):
        year = m.years.get(y)
        budget = year.office_budget if year else None
        done = budget is not None and agreed_sum(m, y, as_of) >= budget
        yield _action(
            "contributions",
            f"year:{y}",
            f"Contributions for {y} agreed with the parties",
            on_monthday(y - 1, n.contributions_due),
            done,
            year.src if year else n.src.child("calendar"),
            year=str(y),
        )


def milestones(m: Model, as_of: date) -> Iterator[Deadline]:
    for p in m.projects.values():
        if p.status == "cancelled":
            continue
        for ms in p.milestones:
            yield _action(
                "milestone",
                f"project:{p.id}",
                f"{p.id}: {ms.name}",
                ms.due,
                ms.done is not None and ms.done <= as_of,
                ms.src,
                project=p.id,
                name=ms.name,
            )


def project_ends(m: Model, as_of: date) -> Iterator[Deadline]:
    for p in m.projects.values():
        if p.end is None or p.status == "cancelled":
            continue
        yield _fact(
            "project-end",
            f"project:{p.id}",
            f"Project {p.id} ends",
            p.end,
            p.status == "completed",
            p.src.child("end"),
            project=p.id,
        )


def all_deadlines(m: Model, as_of: date) -> list[Deadline]:
    out: list[Deadline] = []
    for compute in (
        agreement_ends,
        party_ends,
        evaluations,
        term_ends,
        meetings_due,
        annual_plans,
        annual_reports,
        contributions,
        milestones,
        project_ends,
    ):
        out.extend(compute(m, as_of))
    return out


def listing(m: Model, as_of: date, within: int = 90, include_all: bool = False) -> list[Deadline]:
    """Deadlines to show: overdue first, then by date; without ``include_all`` only
    overdue ones and those within the horizon."""
    items = all_deadlines(m, as_of)
    if not include_all:
        items = [d for d in items if d.status(as_of, within) in ("overdue", "upcoming")]
    return sorted(
        items,
        key=lambda d: (_STATUS_ORDER[d.status(as_of, within)], d.effective, d.kind, d.subject),
    )
