"""`digictl meeting notice|minutes MEETING`: the notice and the minutes of a meeting."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from digictl.cli import complete
from digictl.cli.common import handles_errors, report_unreadable, settings
from digictl.cli.report import Force, Output, Public, Templates

EXIT_CODES = (
    "Exit codes: 0 success; 1 a file could not be read and its data is left out (run digictl "
    "validate); 2 usage error (an unknown meeting, an --output that exists without --force, a "
    "PDF to a terminal), or no readable data directory."
)


class DocumentFormat(str, Enum):  # noqa: UP042 - typer lists the values of a str Enum
    md = "md"
    html = "html"
    pdf = "pdf"


MeetingArg = Annotated[
    str,
    typer.Argument(
        help="The meeting, DATE-BODY (its file in meetings/ without .yaml).",
        autocompletion=complete.meetings,
        show_default=False,
    ),
]
FormatOption = Annotated[
    DocumentFormat,
    typer.Option("--format", "-f", help="md, html or pdf (PDF/A, made from the HTML)."),
]


def notice(
    ctx: typer.Context,
    meeting: MeetingArg,
    format: FormatOption = DocumentFormat.md,
    output: Output = None,
    force: Force = False,
    templates: Templates = None,
    public: Public = False,
) -> None:
    """The notice of a meeting (innkalling): day, time and place, the members called with
    their organisation, the body's deputies and observers, and the agenda (saksliste): each
    item's number, title, kind, proposed decision (forslag til vedtak) and documents, items
    exempt from public access marked with their legal basis.

    --public leaves out what offentleglova lets the body withhold: the title, proposal and
    documents of exempt items (their number and legal basis stay), e-mail addresses and
    restricted persons. The language is the global --lang or network.yaml's `language`.

    Example: digictl meeting notice 2026-02-12-programstyret --format html -o innkalling.html
    """
    _document(ctx, "notice", meeting, format, output, force, templates, public)


def minutes(
    ctx: typer.Context,
    meeting: MeetingArg,
    format: FormatOption = DocumentFormat.md,
    output: Output = None,
    force: Force = False,
    templates: Templates = None,
    public: Public = False,
) -> None:
    """The minutes of a meeting (møteprotokoll): who met (members present, deputies and whom
    they met for, the absent and why, observers), whether the meeting was quorate, each item
    with conflicts of interest (inhabilitet) and the decisions made under it (text and
    outcome: consensus, the chair after failed consensus §4.3, or a vote with its counts),
    and the minutes' approval, or by when it is due.

    --public leaves out the title and decisions' text of exempt items (number and legal
    basis stay), reasons for absence, grounds of conflicts and restricted persons.

    Example: digictl --lang nn meeting minutes 2026-02-12-programstyret --format pdf -o p.pdf
    """
    _document(ctx, "minutes", meeting, format, output, force, templates, public)


def _document(
    ctx: typer.Context,
    kind: str,
    meeting: str,
    fmt: DocumentFormat,
    output: Output,
    force: bool,
    templates: Templates,
    public: bool,
) -> None:
    from digictl import i18n
    from digictl.cli.report import emit, markup_of, output_target
    from digictl.output.meetings import document
    from digictl.output.meetings.render import render
    from digictl.output.reports.document import Inputs
    from digictl.output.reports.i18n import Translator

    target = output_target(output, force, fmt.value)  # before the work: a wrong -o fails fast
    s = settings(ctx)
    checked = s.check()
    code = report_unreadable(checked)
    inputs = Inputs(
        model=checked.model,
        as_of=s.as_of,
        t=Translator(i18n.current()),
        year=s.as_of.year,
        public=public,
    )
    doc = document(kind, inputs, meeting)
    emit(render(doc, markup_of(fmt.value), templates), fmt.value, target, force)
    raise typer.Exit(code)


def register(group: typer.Typer) -> None:
    """Add this module's commands to the `meeting` group."""
    group.command("notice", short_help="The notice of a meeting (innkalling).", epilog=EXIT_CODES)(
        handles_errors(notice)
    )
    group.command("minutes", short_help="The minutes of a meeting (protokoll).", epilog=EXIT_CODES)(
        handles_errors(minutes)
    )
