"""`digictl deadlines`: every computed deadline, overdue first."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from digictl.cli.common import handles_errors, report_unreadable, settings


class DeadlinesFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"
    ics = "ics"


@handles_errors
def deadlines(
    ctx: typer.Context,
    within: Annotated[
        int, typer.Option("--within", min=0, help="Horizon in days: what counts as upcoming.")
    ] = 90,
    all_: Annotated[
        bool, typer.Option("--all", help="List every deadline, done and later ones too.")
    ] = False,
    format: Annotated[
        DeadlinesFormat,
        typer.Option("--format", "-f", help="table, json (stable), md, or ics (a calendar feed)."),
    ] = DeadlinesFormat.table,
) -> None:
    """Computed deadlines (frister): evaluation, annual plan (årsplan) and report
    (årsrapport), contributions (tilskudd), terms, meetings, milestones and ends.

    Deadlines for actions move past weekends and Norwegian public holidays to the next
    working day (`effective`); ends of terms and agreements do not move. Overdue
    items come first; without --all only overdue ones and those within the horizon.

    Example: digictl --as-of 2022-03-01 deadlines --within 30 --format ics > frister.ics
    """
    from digictl.cli.render import iso, md_table, print_json, print_table
    from digictl.facts import deadlines as engine

    s = settings(ctx)
    checked = s.check(within)
    code = report_unreadable(checked)
    model = checked.model
    items = engine.listing(model, s.as_of, within, include_all=all_)
    if format is DeadlinesFormat.json:
        print_json(
            {
                "version": 1,
                "as_of": s.as_of.isoformat(),
                "within": within,
                "deadlines": [d.as_dict(s.as_of, within) for d in items],
            }
        )
        raise typer.Exit(code)
    if format is DeadlinesFormat.ics:
        from digictl.output.ics import calendar

        network = model.network.id if model.network else ""
        sys.stdout.write(calendar(items, network, s.as_of, within).decode("utf-8"))
        raise typer.Exit(code)
    columns = ("status", "effective", "due", "days", "kind", "subject", "title")
    rows = [
        (
            d.status(s.as_of, within),
            iso(d.effective),
            "" if d.due == d.effective else iso(d.due),
            d.days_left(s.as_of),
            d.kind,
            d.subject,
            d.title,
        )
        for d in items
    ]
    if format is DeadlinesFormat.md:
        sys.stdout.write(f"## Deadlines as of {s.as_of.isoformat()}\n\n")
        sys.stdout.write(md_table(columns, rows) if rows else "No deadlines.\n")
    else:
        print_table(
            f"Deadlines as of {s.as_of.isoformat()} (within {within} days)",
            columns,
            rows,
            caption="" if rows else "no deadlines",
        )
    raise typer.Exit(code)
