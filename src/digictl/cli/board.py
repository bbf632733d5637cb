"""`digictl board [BODY]`: rosters with terms and vacancies."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from digictl.cli import complete
from digictl.cli.common import handles_errors, report_unreadable, settings
from digictl.i18n import _
from digictl.vocabulary import DEFAULT_HORIZON

if TYPE_CHECKING:
    from datetime import date

    from digictl.views.roster import Roster


class BoardFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"


BodyArgument = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on Python 3.11
    typer.Argument(
        help="A body id, e.g. programstyret; all bodies when left out.",
        autocompletion=complete.bodies,
    ),
]
Expiring = Annotated[
    int, typer.Option("--within", min=0, help="Days ahead in which a term counts as expiring.")
]
History = Annotated[
    bool, typer.Option("--all", help="Also past members and appointments that start later.")
]
FormatOption = Annotated[
    BoardFormat, typer.Option("--format", "-f", help="table, json (stable) or md.")
]


@handles_errors
def board(
    ctx: typer.Context,
    body: BodyArgument = None,
    within: Expiring = DEFAULT_HORIZON,
    history: History = False,
    format: FormatOption = BoardFormat.table,
) -> None:
    """The roster of a board or group on the as-of date: seat, person, organisation,
    role, from, term end and status (active / expiring / expired / left), and the
    vacancies per seat. Bodies: portfolio board (porteføljestyret), programme board
    (programstyret), steering group (styringsgruppa), resource group (ressursgruppe).

    Example: digictl --as-of 2024-01-01 board programstyret --format md
    """
    from digictl.cli.render import print_json
    from digictl.views.roster import rosters

    s = settings(ctx)
    checked = s.check(within)
    code = report_unreadable(checked)
    model = checked.model
    found = rosters(model, s.as_of, body, within, history)
    if format is BoardFormat.json:
        print_json(
            {"version": 1, "as_of": s.as_of.isoformat(), "bodies": [r.as_dict() for r in found]}
        )
        raise typer.Exit(code)
    for r in found:
        _print_roster(r, s.as_of, md=format is BoardFormat.md)
    raise typer.Exit(code)


def _columns() -> tuple[str, ...]:
    return (_("seat"), _("person"), _("org"), _("role"), _("from"), _("term end"), _("status"))


def _rows(r: Roster) -> list[tuple[object, ...]]:
    from digictl.i18n import short_day

    return [
        (
            ln.tenure.member.seat,
            ln.name,
            ln.tenure.org,
            ln.tenure.member.role,
            short_day(ln.tenure.member.start),
            short_day(ln.tenure.term_end) if ln.tenure.term_end else _("permanent / none"),
            ln.status,
        )
        for ln in r.lines
    ]


def _vacant(r: Roster) -> str:
    """The seats with a vacancy, as ``medlem: 1 of 2, leder: 1 of 1``; empty when none."""
    return ", ".join(
        _("{seat}: {vacant} of {count}", seat=sl.id, vacant=sl.vacant, count=sl.count)
        for sl in r.seats
        if sl.vacant
    )


def _print_roster(r: Roster, as_of: date, md: bool) -> None:
    """One roster and its vacancies, as Markdown (``md``) or a terminal table."""
    from digictl.cli.render import md_table, print_table
    from digictl.output import escape

    vacant = _vacant(r)
    if md:
        head = _(
            "{body} ({id}) as of {day}",
            body=escape.md(r.body.name),
            id=escape.md_code(r.body.id),
            day=as_of,
        )
        sys.stdout.write(f"## {head}\n\n")
        sys.stdout.write(md_table(_columns(), _rows(r)))
        line = _("Vacant: {seats}.", seats=vacant) if vacant else _("No vacancies.")
        sys.stdout.write(f"\n{escape.md(line)}\n\n")
    else:
        print_table(
            _("{body} ({id}) as of {day}", body=r.body.name, id=r.body.id, day=as_of),
            _columns(),
            _rows(r),
            _("vacant: {seats}", seats=vacant) if vacant else _("no vacancies"),
            wrap=(_("person"),),
        )
