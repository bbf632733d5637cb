"""The project portfolio: projects by status and owner, budgets, financing, distribution."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from digictl.facts.governance import active_parties
from digictl.facts.timeline import next_working_day
from digictl.model import Model, Project

STATUS_ORDER = ("proposed", "approved", "active", "paused", "completed", "cancelled")
SOURCES = ("party", "digifin", "skjonnsmidler", "other")


@dataclass(frozen=True)
class ProjectLine:
    project: Project
    milestones_total: int
    milestones_done: int
    milestones_overdue: int

    def as_dict(self) -> dict[str, object]:
        p = self.project
        by_source: dict[str, int] = {}
        for f in p.financing:
            by_source[f.source] = by_source.get(f.source, 0) + f.amount
        return {
            "id": p.id,
            "name": p.name,
            "status": p.status,
            "owner": p.owner,
            "scope": p.scope,
            "manager": p.manager,
            "start": p.start.isoformat() if p.start else None,
            "end": p.end.isoformat() if p.end else None,
            "budget": p.budget_total,
            "financing": by_source,
            "milestones": {
                "total": self.milestones_total,
                "done": self.milestones_done,
                "overdue": self.milestones_overdue,
            },
        }


@dataclass
class Portfolio:
    as_of: date
    lines: list[ProjectLine]
    by_status: dict[str, int] = field(default_factory=dict)
    budget_by_status: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    owners: dict[str, int] = field(default_factory=dict)
    parties_without_project: list[str] = field(default_factory=list)

    @property
    def budget_total(self) -> int:
        return sum(self.budget_by_status.values())

    def as_dict(self) -> dict[str, object]:
        return {
            "version": 1,
            "as_of": self.as_of.isoformat(),
            "projects": [line.as_dict() for line in self.lines],
            "totals": {
                "projects": len(self.lines),
                "budget": self.budget_total,
                "by_status": self.by_status,
                "budget_by_status": self.budget_by_status,
                "financing_by_source": self.by_source,
            },
            "owners": [{"org": o, "projects": n} for o, n in self.owners.items()],
            "parties_without_project": self.parties_without_project,
        }


def portfolio(model: Model, as_of: date) -> Portfolio:
    projects = sorted(
        model.projects.values(),
        key=lambda p: (STATUS_ORDER.index(p.status), p.owner, p.id),
    )
    lines = []
    for p in projects:
        done = sum(1 for ms in p.milestones if ms.done is not None and ms.done <= as_of)
        overdue = sum(
            1
            for ms in p.milestones
            if next_working_day(ms.due) < as_of and not (ms.done is not None and ms.done <= as_of)
        )
        lines.append(ProjectLine(p, len(p.milestones), done, overdue))
    result = Portfolio(as_of, lines)
    for p in projects:
        result.by_status[p.status] = result.by_status.get(p.status, 0) + 1
        result.budget_by_status[p.status] = result.budget_by_status.get(p.status, 0) + (
            p.budget_total or 0
        )
        result.owners[p.owner] = result.owners.get(p.owner, 0) + 1
        if p.status != "cancelled":
            for f in p.financing:
                result.by_source[f.source] = result.by_source.get(f.source, 0) + f.amount
    result.owners = dict(sorted(result.owners.items(), key=lambda kv: (-kv[1], kv[0])))
    result.parties_without_project = [
        o for o in active_parties(model, as_of) if o not in result.owners
    ]
    return result
