"""`digictl report KIND`: reports for the boards, in Markdown or HTML, nb/nn/en."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from digictl.cli.common import handles_errors, report_unreadable, settings


class ReportKind(str, Enum):  # noqa: UP042 - typer lists the values of a str Enum
    annual_plan = "annual-plan"
    annual_report = "annual-report"
    board = "board"
    portfolio = "portfolio"
    agreement = "agreement"
    deadlines = "deadlines"


class ReportFormat(str, Enum):  # noqa: UP042
    md = "md"
    html = "html"


@handles_errors
def report(
    ctx: typer.Context,
    kind: Annotated[ReportKind, typer.Argument(help="Which report.")],
    year: Annotated[
        Optional[int],  # noqa: UP045 - typer needs Optional on Python 3.11
        typer.Option(
            "--year",
            help="The year of an annual plan or report, 1900-2999 (default: the as-of year).",
        ),
    ] = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="md or html.")
    ] = ReportFormat.md,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="Write to this regular file (atomically) instead of stdout; - is stdout.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing --output file.")
    ] = False,
    templates: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--templates", help="A directory whose templates override the built-in ones by name."
        ),
    ] = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public", help="Leave out contact data and restricted persons (offentleglova)."
        ),
    ] = False,
    within: Annotated[
        int, typer.Option("--within", min=0, help="Horizon in days for deadlines.")
    ] = 90,
) -> None:
    """Render a report for the boards: annual-plan (årsplan) and annual-report
    (årsrapport) for the portfolio board (porteføljestyret), board rosters,
    the portfolio, the agreement (samarbeidsavtalen) and deadlines (frister).

    The language is the global --lang or network.yaml's `language` (nb, nn, en).
    HTML is one self-contained file with a print stylesheet for A4 and a timeline.

    Example: digictl --lang nn report annual-plan --year 2026 --format html -o arsplan-2026.html
    """
    from digictl.fsutil import check_target, write_output
    from digictl.load.dates import check_year_option
    from digictl.output.reports.build import Inputs, build
    from digictl.output.reports.i18n import Translator
    from digictl.output.reports.render import render
    from digictl.rules.engine import run_rules

    if year is not None:
        check_year_option(year)
    to_stdout = output is None or str(output) == "-"
    if output is not None and not to_stdout:
        check_target(output, force)  # before the work: a wrong -o fails fast
    s = settings(ctx)
    checked = s.check(within)
    code = report_unreadable(checked)
    model = checked.model
    lang = s.lang or (model.network.language if model.network else "nb")
    inputs = Inputs(
        model=model,
        as_of=s.as_of,
        t=Translator(lang),
        year=s.as_of.year if year is None else year,
        public=public,
        within=within,
        findings_at=lambda day: run_rules(checked.dataset, model, day, s.skip, within).findings,
    )
    text = render(build(kind.value, inputs), format.value, templates)
    if output is None or to_stdout:
        sys.stdout.write(text)
    else:
        write_output(output, text, force)
        typer.echo(f"wrote {output}", err=True)
    raise typer.Exit(code)
