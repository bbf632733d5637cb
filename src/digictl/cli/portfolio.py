"""`digictl portfolio`: projects by status and owner, budgets, financing, distribution."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from digictl.cli.common import handles_errors, report_unreadable, settings
from digictl.i18n import _

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


def _columns() -> tuple[str, ...]:
    return (
        _("project"),
        _("status"),
        _("owner"),
        _("start"),
        _("end"),
        _("budget"),
        _("milestones"),
    )


def _milestones(done: int, total: int, overdue: int) -> str:
    if overdue:
        return _("{done}/{total} ({overdue} overdue)", done=done, total=total, overdue=overdue)
    return f"{done}/{total}"


def _rows(p: Portfolio) -> list[tuple[object, ...]]:
    from digictl.i18n import short_day
    from digictl.output.money import kr

    return [
        (
            ln.project.id,
            ln.project.status,
            ln.project.owner,
            short_day(ln.project.start) if ln.project.start else "",
            short_day(ln.project.end) if ln.project.end else "",
            kr(ln.project.budget_total) if ln.project.budget_total is not None else "",
            _milestones(ln.milestones_done, ln.milestones_total, ln.milestones_overdue),
        )
        for ln in p.lines
    ]


def _summary(p: Portfolio) -> list[str]:
    """The lines under the table: totals, financing, owners, parties without a project."""
    from digictl.output.money import kr

    by_status = ", ".join(f"{k} {v}" for k, v in p.by_status.items())
    sources = ", ".join(f"{k} {kr(v)}" for k, v in p.by_source.items())
    owners = ", ".join(f"{k} {v}" for k, v in p.owners.items())
    none = ", ".join(p.parties_without_project)
    return [
        _(
            "Projects: {count} ({by_status}); budget total {total}",
            count=len(p.lines),
            by_status=by_status,
            total=kr(p.budget_total),
        ),
        _("Financing by source: {sources}", sources=sources)
        if sources
        else _("Financing by source: none"),
        _("Projects per owner: {owners}", owners=owners)
        if owners
        else _("Projects per owner: none"),
        _("Active parties owning no project: {orgs}", orgs=none)
        if none
        else _("Active parties owning no project: none"),
    ]


def _print_portfolio(p: Portfolio, as_of: date, md: bool) -> None:
    """The portfolio as Markdown (``md``) or a terminal table with the summary as caption."""
    from digictl.cli.render import md_table, print_table
    from digictl.output import escape

    summary = _summary(p)
    if md:
        sys.stdout.write("## " + _("Portfolio as of {day}", day=as_of) + "\n\n")
        sys.stdout.write(md_table(_columns(), _rows(p)))
        sys.stdout.write("\n" + "\n".join(f"- {escape.md(line)}" for line in summary) + "\n")
    else:
        print_table(
            _("Portfolio as of {day}", day=as_of),
            _columns(),
            _rows(p),
            summary,
            wrap=(_("milestones"),),
        )
