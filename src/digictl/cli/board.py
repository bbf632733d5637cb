"""`digictl board [BODY]`: rosters with terms and vacancies."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, Optional

import typer

from digictl.cli.common import handles_errors, report_unreadable, settings


class BoardFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"


@handles_errors
def board(
    ctx: typer.Context,
    body: Annotated[
        Optional[str],  # noqa: UP045 - typer needs Optional on Python 3.11
        typer.Argument(help="A body id, e.g. programstyret; all bodies when left out."),
    ] = None,
    within: Annotated[
        int, typer.Option("--within", min=0, help="Days ahead in which a term counts as expiring.")
    ] = 90,
    history: Annotated[
        bool, typer.Option("--all", help="Also past members and appointments that start later.")
    ] = False,
    format: Annotated[
        BoardFormat, typer.Option("--format", "-f", help="table, json (stable) or md.")
    ] = BoardFormat.table,
) -> None:
    """The roster of a board or group on the as-of date: seat, person, organisation,
    role, from, term end and status (active / expiring / expired / left), and the
    vacancies per seat. Bodies: portfolio board (porteføljestyret), programme board
    (programstyret), steering group (styringsgruppa), resource group (ressursgruppe).

    Example: digictl --as-of 2024-01-01 board programstyret --format md
    """
    from digictl.cli.render import iso, md_table, print_json, print_table
    from digictl.output.escape import md, md_code
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
    columns = ("seat", "person", "org", "role", "from", "term end", "status")
    for r in found:
        rows = [
            (
                ln.tenure.member.seat,
                ln.name,
                ln.tenure.org,
                ln.tenure.member.role,
                iso(ln.tenure.member.start),
                iso(ln.tenure.term_end) if ln.tenure.term_end else "permanent / none",
                ln.status,
            )
            for ln in r.lines
        ]
        vacant = [f"{sl.id}: {sl.vacant} of {sl.count}" for sl in r.seats if sl.vacant]
        vacancies = "vacant: " + ", ".join(vacant) if vacant else "no vacancies"
        if format is BoardFormat.md:
            head = f"{md(r.body.name)} ({md_code(r.body.id)}) as of {s.as_of.isoformat()}"
            sys.stdout.write(f"## {head}\n\n")
            sys.stdout.write(md_table(columns, rows))
            sys.stdout.write(f"\n{md(vacancies.capitalize())}.\n\n")
        else:
            print_table(
                f"{r.body.name} ({r.body.id}) as of {s.as_of.isoformat()}", columns, rows, vacancies
            )
    raise typer.Exit(code)
