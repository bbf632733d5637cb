"""`digictl deadlines`: every computed deadline, overdue first."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from digictl.cli.common import Upcoming, handles_errors, report_unreadable, settings
from digictl.i18n import _, ngettext
from digictl.vocabulary import DEFAULT_HORIZON

if TYPE_CHECKING:
    from datetime import date

    from digictl.facts.deadlines import Deadline


class DeadlinesFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"
    ics = "ics"


All = Annotated[bool, typer.Option("--all", help="List every deadline, done and later ones too.")]
FormatOption = Annotated[
    DeadlinesFormat,
    typer.Option("--format", "-f", help="table, json (stable), md, or ics (a calendar feed)."),
]


@handles_errors
def deadlines(
    ctx: typer.Context,
    within: Upcoming = DEFAULT_HORIZON,
    all_: All = False,
    format: FormatOption = DeadlinesFormat.table,
) -> None:
    """Computed deadlines (frister): evaluation, annual plan (årsplan) and report
    (årsrapport), contributions (tilskudd), terms, meetings, milestones and ends.

    Deadlines for actions move past weekends and Norwegian public holidays to the next
    working day (`effective`); ends of terms and agreements do not move. Overdue
    items come first; without --all only overdue ones and those within the horizon.

    Example: digictl --as-of 2022-03-01 deadlines --within 30 --format ics > frister.ics
    """
    from digictl.facts import facts_of

    s = settings(ctx)
    checked = s.check(within)
    code = report_unreadable(checked)
    model = checked.model
    items = facts_of(model, s.as_of, within).listing(within, include_all=all_)
    if format is DeadlinesFormat.json:
        _print_json(items, s.as_of, within)
    elif format is DeadlinesFormat.ics:
        from digictl.output.ics import calendar

        network = model.network.id if model.network else ""
        sys.stdout.write(calendar(items, network, s.as_of, within).decode("utf-8"))
    else:
        _print_listing(items, s.as_of, within, md=format is DeadlinesFormat.md)
    raise typer.Exit(code)


def _print_json(items: Sequence[Deadline], as_of: date, within: int) -> None:
    from digictl.cli.render import print_json

    print_json(
        {
            "version": 1,
            "as_of": as_of.isoformat(),
            "within": within,
            "deadlines": [d.as_dict(as_of, within) for d in items],
        }
    )


def _print_listing(items: Sequence[Deadline], as_of: date, within: int, md: bool) -> None:
    """The deadlines as a Markdown table (``md``) or a terminal table."""
    from digictl.cli.render import md_table, print_table
    from digictl.i18n import short_day

    title = _("title")
    columns = (_("status"), _("effective"), _("due"), _("days"), _("kind"), _("subject"), title)
    rows = [
        (
            d.status(as_of, within),
            short_day(d.effective),
            "" if d.due == d.effective else short_day(d.due),
            d.days_left(as_of),
            d.kind,
            d.subject,
            d.title,
        )
        for d in items
    ]
    if md:
        sys.stdout.write("## " + _("Deadlines as of {day}", day=as_of) + "\n\n")
        sys.stdout.write(md_table(columns, rows) if rows else _("No deadlines.") + "\n")
    else:
        print_table(
            ngettext(
                "Deadlines as of {day} (within {n} day)",
                "Deadlines as of {day} (within {n} days)",
                within,
                day=as_of,
            ),
            columns,
            rows,
            caption="" if rows else _("no deadlines"),
            wrap=(title,),
        )
