"""`digictl validate`: run every rule and report the findings."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from digictl.cli.common import EXIT_FINDINGS, EXIT_OK, handles_errors, reader_may_stop, settings


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


FormatOption = Annotated[
    ValidateFormat,
    typer.Option(
        "--format",
        "-f",
        help="text (grouped by file), json (stable contract), github (workflow "
        "annotations), junit (XML for CI test reports).",
    ),
]
Strict = Annotated[
    bool, typer.Option("--strict", help="Exit 1 on warnings too, not only on errors.")
]


@handles_errors
def validate(
    ctx: typer.Context, format: FormatOption = ValidateFormat.text, strict: Strict = False
) -> None:
    """Check every file against the schemas and the agreement's rules.

    Every finding names its rule, file and line; all findings are collected in one
    run. Switch a rule off with the global --skip RULE (or `rules:` in network.yaml).

    Example: digictl --data data validate --format github
    """
    from digictl.output.findings import write_result

    checked = settings(ctx).check()
    checked.result.strict = strict
    with reader_may_stop():  # `validate | head` still exits with the verdict
        write_result(format.value, checked.result, sys.stdout)
        sys.stdout.flush()
    raise typer.Exit(EXIT_FINDINGS if checked.result.failed(strict) else EXIT_OK)
