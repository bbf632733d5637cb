"""`digictl import`: parties, members, people, organisations or contributions from a CSV or
XLSX table, as one change judged like the authoring commands' (docs/design.md §3)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from digictl.cli import complete
from digictl.cli.author import EXIT_CODES, DryRun, Force, run
from digictl.cli.common import EXIT_USAGE, handles_errors, say_error
from digictl.i18n import ngettext

SHOWN = 100  # problems listed at most; the count says how many there are

WHAT_HELP = (
    "What the rows are: parties (party join), members (member appoint), people (person add), "
    "organisations (org add by kommunenummer) or contributions (a year's tilskudd)."
)


IMPORT_HELP = """Import rows of a table as one change: each row is what the authoring command would
do, all rows are judged together (like digictl diff) and written only when the change
introduces no error (or with --force). Problems in rows are listed together as
FILE:ROW: sentence, with the row numbers the spreadsheet shows, and nothing is written.

The first non-empty row names the columns, in Norwegian or English (case, spaces and a
unit such as "(kr)" do not matter):

\b
parties:       org, dato (tiltredt, joined, fra), vedtak (decision, sak); optional til
members:       person (navn, name), sete (seat), fra (from, dato), vedtak (decision);
               optional rolle (role), til (until), periode (term years)
people:        navn (name), org; optional id, tittel (title), e-post (email)
organisations: kommunenummer (nummer, number); optional navn (checked), region
contributions: org, beløp (amount, tilskudd); optional avtalt (agreed, dato)

An organisation is named by id, kommunenummer, orgnr or name; a person by id or full name.
Dates are 2025-12-31, 31.12.2025 or date cells; amounts whole kroner (1 250 000,
1.250.000, kr 1 250 000). Formulas are never evaluated: text starting with = is refused.

Example: digictl import kommuner.xlsx --what organisations --dry-run
"""


def _what(incomplete: str) -> list[str]:
    from digictl.author.importing import WHAT

    return [w for w in WHAT if w.startswith(incomplete)]


@handles_errors
def import_command(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="The table: a .csv (UTF-8, `,` or `;`) or .xlsx file.")
    ],
    what: Annotated[
        str, typer.Option("--what", help=WHAT_HELP, autocompletion=_what, show_default=False)
    ],
    sheet: Annotated[
        Optional[str],  # noqa: UP045 - typer needs Optional on Python 3.11
        typer.Option("--sheet", help="The sheet of an .xlsx workbook (default: the first)."),
    ] = None,
    agreement: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--agreement",
            help="parties: the agreement they join (default: the only one).",
            autocompletion=complete.agreements,
        ),
    ] = None,
    body: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--body", help="members: the body they sit on.", autocompletion=complete.bodies
        ),
    ] = None,
    year: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--year", help="contributions: the year the amounts are for."),
    ] = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Import the rows of FILE as one change (the help text is IMPORT_HELP)."""
    from digictl.author.importing import Options, import_table
    from digictl.author.tables import TableProblems

    options = Options(what, agreement=agreement, body=body, year=year)
    try:
        run(ctx, dry_run, force, lambda ws, _as_of: import_table(ws, file, options, sheet))
    except TableProblems as exc:
        _tell(exc.lines, file)
        raise typer.Exit(EXIT_USAGE) from None


def _tell(lines: list[str], file: Path) -> None:
    """The table's problems on stderr (the first SHOWN), then how many there were."""
    for line in lines[:SHOWN]:
        say_error(line)
    count = len(lines)
    if count > SHOWN:
        told = ngettext(
            "{n} problem in {file} ({hidden} not shown); nothing was imported or written",
            "{n} problems in {file} ({hidden} not shown); nothing was imported or written",
            count,
            file=file,
            hidden=count - SHOWN,
        )
    else:
        told = ngettext(
            "{n} problem in {file}; nothing was imported or written",
            "{n} problems in {file}; nothing was imported or written",
            count,
            file=file,
        )
    typer.echo(f"digictl: {told}", err=True)


def register(app: typer.Typer) -> None:
    """Join `import` to the main app."""
    app.command(
        "import",
        short_help="Import parties, members, people, organisations or contributions from CSV/XLSX.",
        help=IMPORT_HELP,
        epilog=EXIT_CODES,
    )(import_command)
