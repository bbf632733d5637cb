"""`digictl report KIND`: reports for the boards, in Markdown, HTML or PDF, nb/nn/en."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from digictl import i18n
from digictl.cli import complete
from digictl.cli.common import Settings, handles_errors, report_unreadable, settings
from digictl.i18n import _
from digictl.vocabulary import DEFAULT_HORIZON

if TYPE_CHECKING:
    from digictl.output.reports.build import Inputs
    from digictl.rules.engine import Checked


class ReportKind(str, Enum):  # noqa: UP042 - typer lists the values of a str Enum
    annual_plan = "annual-plan"
    annual_report = "annual-report"
    board = "board"
    portfolio = "portfolio"
    agreement = "agreement"
    deadlines = "deadlines"
    decisions = "decisions"


class ReportFormat(str, Enum):  # noqa: UP042
    md = "md"
    html = "html"
    pdf = "pdf"


Kind = Annotated[
    ReportKind, typer.Argument(help="Which report.", autocompletion=complete.report_kinds)
]
Year = Annotated[
    Optional[int],  # noqa: UP045 - typer needs Optional on Python 3.11
    typer.Option(
        "--year",
        help="The year of an annual plan, annual report or list of decisions, 1900-2999 "
        "(default: the as-of year).",
    ),
]
FormatOption = Annotated[
    ReportFormat,
    typer.Option("--format", "-f", help="md, html or pdf (PDF/A, made from the HTML)."),
]
Output = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--output",
        "-o",
        help="Write to this regular file (atomically) instead of stdout; - is stdout.",
    ),
]
Force = Annotated[bool, typer.Option("--force", help="Overwrite an existing --output file.")]
Templates = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--templates", help="A directory whose templates override the built-in ones by name."
    ),
]
Public = Annotated[
    bool,
    typer.Option("--public", help="Leave out contact data and restricted persons (offentleglova)."),
]
Within = Annotated[int, typer.Option("--within", min=0, help="Horizon in days for deadlines.")]


@handles_errors
def report(
    ctx: typer.Context,
    kind: Kind,
    year: Year = None,
    format: FormatOption = ReportFormat.md,
    output: Output = None,
    force: Force = False,
    templates: Templates = None,
    public: Public = False,
    within: Within = DEFAULT_HORIZON,
) -> None:
    """Render a report for the boards: annual-plan (årsplan) and annual-report
    (årsrapport) for the portfolio board (porteføljestyret), board rosters,
    the portfolio, the agreement (samarbeidsavtalen), deadlines (frister) and
    the decisions of a year (vedtaksliste).

    The language is the global --lang or network.yaml's `language` (nb, nn, en).
    HTML is one self-contained file with a print stylesheet for A4 and a timeline;
    PDF is made from that HTML, to -o FILE or to standard output that is not a terminal.

    Example: digictl --lang nn report annual-plan --year 2026 --format html -o arsplan-2026.html

    Example: digictl report decisions --year 2026 --format pdf -o vedtak-2026.pdf
    """
    from digictl.load.dates import check_year_option
    from digictl.output.reports.build import build
    from digictl.output.reports.render import render

    if year is not None:
        check_year_option(year)
    target = output_target(output, force, format.value)  # before the work: a wrong -o fails fast
    s = settings(ctx)
    checked = s.check(within)
    code = report_unreadable(checked)
    inputs = _inputs(s, checked, year, public, within)
    text = render(build(kind.value, inputs), markup_of(format.value), templates)
    emit(text, format.value, target, force)
    raise typer.Exit(code)


def output_target(output: Path | None, force: bool, fmt: str = "md") -> Path | None:
    """The --output file, checked that it may be written; None for stdout. A PDF is binary:
    it goes to standard output only when that is not a terminal."""
    from digictl.fsutil import check_target

    if output is None or str(output) == "-":
        if fmt == "pdf" and sys.stdout.isatty():
            from digictl.errors import UsageError

            raise UsageError(
                _(
                    "a PDF is binary and is not written to a terminal; "
                    "write it to a file with -o FILE, or redirect standard output"
                )
            )
        return None
    check_target(output, force)
    return output


def markup_of(fmt: str) -> str:
    """The format a document is rendered in: a PDF is made from the HTML."""
    return "html" if fmt == "pdf" else fmt


def emit(text: str, fmt: str, target: Path | None, force: bool) -> None:
    """Write a rendered document (as a PDF when ``fmt`` is pdf) to ``target`` atomically, or
    to standard output when ``target`` is None."""
    data: str | bytes = text
    if fmt == "pdf":
        from digictl.output.pdf import pdf_of

        data = pdf_of(text)
    if target is None:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
        return
    from digictl.fsutil import write_output

    write_output(target, data, force)
    typer.echo(_("wrote {path}", path=target), err=True)


def _inputs(s: Settings, checked: Checked, year: int | None, public: bool, within: int) -> Inputs:
    """What the report is built from, in the language of the run (``i18n.choose``)."""
    from digictl.output.reports.build import Inputs
    from digictl.output.reports.i18n import Translator
    from digictl.rules.engine import run_rules

    model = checked.model
    return Inputs(
        model=model,
        as_of=s.as_of,
        t=Translator(i18n.current()),
        year=s.as_of.year if year is None else year,
        public=public,
        within=within,
        findings_at=lambda day: run_rules(checked.dataset, model, day, s.skip, within).findings,
    )
