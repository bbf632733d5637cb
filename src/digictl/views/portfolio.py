"""The project portfolio: projects by status and owner, budgets, financing, distribution."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from digictl.facts import facts_of
from digictl.facts.projects import ProjectFacts
from digictl.model import Model, Project
from digictl.vocabulary import PROJECT_STATUSES


@dataclass(frozen=True)
class ProjectLine:
    facts: ProjectFacts

    @property
    def project(self) -> Project:
        return self.facts.project

    @property
    def milestones_total(self) -> int:
        return len(self.facts.milestones)

    @property
    def milestones_done(self) -> int:
        return self.facts.count("done")

    @property
    def milestones_overdue(self) -> int:
        return self.facts.count("overdue")

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
            "overdue": self.facts.overdue,
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
    facts = facts_of(model, as_of)
    projects = sorted(
        model.projects.values(),
        key=lambda p: (PROJECT_STATUSES.index(p.status), p.owner, p.id),
    )
    lines = [ProjectLine(facts.projects[p.id]) for p in projects]
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
        o for o in facts.parties.active(as_of) if o not in result.owners
    ]
    return result
