"""`digictl portfolio`: projects by status and owner, budgets, financing, distribution."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from digictl.cli.common import handles_errors, report_unreadable, settings

if TYPE_CHECKING:
    from datetime import date

    from digictl.views.portfolio import Portfolio


class PortfolioFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"


FormatOption = Annotated[
    PortfolioFormat, typer.Option("--format", "-f", help="table, json (stable) or md.")
]


@handles_errors
def portfolio(ctx: typer.Context, format: FormatOption = PortfolioFormat.table) -> None:
    """The project portfolio (prosjektporteføljen): projects by status and owner
    (prosjekteier), budget totals, financing by source, milestones, and how
    ownership is spread across the parties (§3.1).

    Example: digictl portfolio --format json
    """
    from digictl.cli.render import print_json
    from digictl.views import portfolio as view

    s = settings(ctx)
    checked = s.check()
    code = report_unreadable(checked)
    p = view.portfolio(checked.model, s.as_of)
    if format is PortfolioFormat.json:
        print_json(p.as_dict())
    else:
        _print_portfolio(p, s.as_of, md=format is PortfolioFormat.md)
    raise typer.Exit(code)


COLUMNS = ("project", "status", "owner", "start", "end", "budget", "milestones")


def _rows(p: Portfolio) -> list[tuple[object, ...]]:
    from digictl.cli.render import iso
    from digictl.output.money import kr

    return [
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


def _summary(p: Portfolio) -> list[str]:
    """The lines under the table: totals, financing, owners, parties without a project."""
    from digictl.output.money import kr

    by_status = ", ".join(f"{k} {v}" for k, v in p.by_status.items())
    sources = ", ".join(f"{k} {kr(v)}" for k, v in p.by_source.items())
    owners = ", ".join(f"{k} {v}" for k, v in p.owners.items())
    none = ", ".join(p.parties_without_project) or "none"
    return [
        f"Projects: {len(p.lines)} ({by_status}); budget total {kr(p.budget_total)}",
        f"Financing by source: {sources or 'none'}",
        f"Projects per owner: {owners or 'none'}",
        f"Active parties owning no project: {none}",
    ]


def _print_portfolio(p: Portfolio, as_of: date, md: bool) -> None:
    """The portfolio as Markdown (``md``) or a terminal table with the summary as caption."""
    from digictl.cli.render import md_table, print_table
    from digictl.output import escape

    summary = _summary(p)
    if md:
        sys.stdout.write(f"## Portfolio as of {as_of.isoformat()}\n\n")
        sys.stdout.write(md_table(COLUMNS, _rows(p)))
        sys.stdout.write("\n" + "\n".join(f"- {escape.md(line)}" for line in summary) + "\n")
    else:
        print_table(
            f"Portfolio as of {as_of.isoformat()}", COLUMNS, _rows(p), summary, wrap=("milestones",)
        )
