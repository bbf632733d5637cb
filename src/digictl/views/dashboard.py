"""The programme leader's dashboard: what needs attention as of a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from digictl.facts import Facts, facts_of
from digictl.facts.deadlines import Deadline
from digictl.facts.projects import ProjectFacts
from digictl.findings import Result
from digictl.i18n import _
from digictl.model import Model
from digictl.views.meetings import MeetingsAttention, meetings_attention
from digictl.views.roster import RosterLine, rosters
from digictl.vocabulary import DEFAULT_HORIZON, NEEDS_MANDATE


@dataclass(frozen=True)
class ProjectAttention:
    project: str
    name: str
    status: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {
            "project": self.project,
            "name": self.name,
            "status": self.status,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Vacancy:
    body: str
    seat: str
    vacant: int
    count: int

    def as_dict(self) -> dict[str, object]:
        return {"body": self.body, "seat": self.seat, "vacant": self.vacant, "count": self.count}


@dataclass
class Dashboard:
    network: str
    as_of: date
    within: int
    result: Result
    deadlines: list[Deadline]
    vacancies: list[Vacancy]
    terms: list[tuple[str, RosterLine]]  # (body id, line) expiring or expired
    projects: list[ProjectAttention]
    meetings: MeetingsAttention

    def as_dict(self) -> dict[str, object]:
        return {
            "version": 1,
            "network": self.network,
            "as_of": self.as_of.isoformat(),
            "within": self.within,
            "validation": {"ok": self.result.ok, "counts": self.result.counts},
            "deadlines": [d.as_dict(self.as_of, self.within) for d in self.deadlines],
            "vacancies": [v.as_dict() for v in self.vacancies],
            "terms": [{"body": b, **line.as_dict()} for b, line in self.terms],
            "projects_needing_decision": [p.as_dict() for p in self.projects],
            # added with the meeting workflow (issue 14): each body's next meeting and the
            # minutes awaiting approval
            "meetings": self.meetings.as_dict(self.as_of, self.within),
        }


def projects_needing_decision(facts: Facts) -> list[ProjectAttention]:
    out: list[ProjectAttention] = []
    for pid in sorted(facts.projects):
        pf = facts.projects[pid]
        p = pf.project
        out.extend(ProjectAttention(p.id, p.name, p.status, r) for r in _reasons(pf))
    return out


def _reasons(pf: ProjectFacts) -> list[str]:
    p = pf.project
    reasons = []
    if p.status == "proposed":
        reasons.append(_("proposed: awaits a programme-board decision on mandate and budget"))
    if p.status in NEEDS_MANDATE:
        if p.mandate_decision is None:
            reasons.append(_("no mandate decision recorded"))
        if p.budget_decision is None:
            reasons.append(_("no budget decision recorded"))
    if p.status == "paused":
        reasons.append(_("paused: decide to resume or cancel"))
    if pf.overdue and p.end is not None:
        reasons.append(
            _("ended {day} but is still {status}: close or extend", day=p.end, status=p.status)
        )
    return reasons


def dashboard(
    model: Model, result: Result, as_of: date, within: int = DEFAULT_HORIZON
) -> Dashboard:
    facts = facts_of(model, as_of, within)
    vacancies: list[Vacancy] = []
    terms: list[tuple[str, RosterLine]] = []
    for r in rosters(model, as_of, horizon=within):
        vacancies.extend(Vacancy(r.body.id, s.id, s.vacant, s.count) for s in r.seats if s.vacant)
        terms.extend((r.body.id, ln) for ln in r.lines if ln.status in ("expiring", "expired"))
    return Dashboard(
        network=model.network.name if model.network else "",
        as_of=as_of,
        within=within,
        result=result,
        deadlines=facts.listing(within),
        vacancies=vacancies,
        terms=terms,
        projects=projects_needing_decision(facts),
        meetings=meetings_attention(facts),
    )
