"""`project new`: a project of the portfolio (projects/<id>.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from digictl.author import yamldoc
from digictl.author.common import decision_id, ident, path_of, positive, require
from digictl.author.workspace import Workspace
from digictl.errors import UsageError
from digictl.i18n import _

SCOPES = ("regional", "national")
STATUSES = ("proposed", "approved", "active", "paused", "completed", "cancelled")


@dataclass
class NewProject:
    """What `project new` is told."""

    id: str
    name: str
    owner: str
    start: date
    end: date
    scope: str = "regional"
    status: str = "proposed"
    budget: int | None = None
    budget_decision: str | None = None
    manager: str | None = None


def _check(ws: Workspace, p: NewProject) -> None:
    ident(p.id, "ID")
    require(ws, "organisation", p.owner, "--owner")
    if p.manager is not None:
        require(ws, "person", p.manager, "--manager")
    if p.scope not in SCOPES:
        raise UsageError(
            _(
                "--scope takes one of {choices}, not {value!r}",
                choices=", ".join(SCOPES),
                value=p.scope,
            )
        )
    if p.status not in STATUSES:
        raise UsageError(
            _(
                "--status takes one of {choices}, not {value!r}",
                choices=", ".join(STATUSES),
                value=p.status,
            )
        )
    if p.end < p.start:
        raise UsageError(_("--end {end} lies before --start {start}", end=p.end, start=p.start))
    positive(p.budget, "--budget")
    if p.budget_decision is not None and p.budget is None:
        raise UsageError(_("--budget-decision needs --budget (the total it decided)"))


def new_project(ws: Workspace, p: NewProject) -> None:
    """Create projects/<id>.yaml: id, name, scope, status, owner, manager, start, end and
    the budget (total, decision) when given."""
    _check(ws, p)
    budget = None
    if p.budget is not None:
        budget = yamldoc.new_map(
            "budget",
            {
                "total": p.budget,
                "decision": None
                if p.budget_decision is None
                else decision_id(p.budget_decision, "--budget-decision"),
            },
        )
    doc = yamldoc.new_map(
        "project",
        {
            "id": p.id,
            "name": yamldoc.text(p.name, "--name"),
            "scope": p.scope,
            "status": p.status,
            "owner": p.owner,
            "manager": p.manager,
            "start": p.start,
            "end": p.end,
            "budget": budget,
        },
    )
    ws.create(path_of("project", p.id), doc)
