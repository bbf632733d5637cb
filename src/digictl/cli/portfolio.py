"""`digictl portfolio`: projects by status and owner, budgets, financing, distribution."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from digictl.cli.common import handles_errors, report_unreadable, settings


class PortfolioFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"


@handles_errors
def portfolio(
    ctx: typer.Context,
    format: Annotated[
        PortfolioFormat, typer.Option("--format", "-f", help="table, json (stable) or md.")
    ] = PortfolioFormat.table,
) -> None:
    """The project portfolio (prosjektporteføljen): projects by status and owner
    (prosjekteier), budget totals, financing by source, milestones, and how
    ownership is spread across the parties (§3.1).

    Example: digictl portfolio --format json
    """
    from digictl.cli.render import iso, md_table, print_json, print_table
    from digictl.output.escape import md
    from digictl.output.money import kr
    from digictl.views import portfolio as view

    s = settings(ctx)
    checked = s.check()
    code = report_unreadable(checked)
    p = view.portfolio(checked.model, s.as_of)
    if format is PortfolioFormat.json:
        print_json(p.as_dict())
        raise typer.Exit(code)
    columns = ("project", "status", "owner", "start", "end", "budget", "milestones")
    rows = [
        (
            ln.project.id,
            ln.project.status,
            ln.project.owner,
            iso(ln.project.start),
            iso(ln.project.end),
            kr(ln.project.budget_total) if ln.project.budget_total is not None else "",
            f"{ln.milestones_done}/{ln.milestones_total}"
            + (f" ({ln.milestones_overdue} overdue)" if ln.milestones_overdue else ""),
        )
        for ln in p.lines
    ]
    by_status = ", ".join(f"{k} {v}" for k, v in p.by_status.items())
    sources = ", ".join(f"{k} {kr(v)}" for k, v in p.by_source.items())
    owners = ", ".join(f"{k} {v}" for k, v in p.owners.items())
    none = ", ".join(p.parties_without_project) or "none"
    summary = [
        f"Projects: {len(p.lines)} ({by_status}); budget total {kr(p.budget_total)}",
        f"Financing by source: {sources or 'none'}",
        f"Projects per owner: {owners or 'none'}",
        f"Active parties owning no project: {none}",
    ]
    if format is PortfolioFormat.md:
        sys.stdout.write(f"## Portfolio as of {s.as_of.isoformat()}\n\n")
        sys.stdout.write(md_table(columns, rows))
        sys.stdout.write("\n" + "\n".join(f"- {md(line)}" for line in summary) + "\n")
    else:
        print_table(f"Portfolio as of {s.as_of.isoformat()}", columns, rows, summary)
    raise typer.Exit(code)
