"""`digictl init DIR`: scaffold a data repository for a new partnership."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from digictl.cli.common import handles_errors
from digictl.vocabulary import DEFAULT_LANGUAGE, LANGUAGES

Directory = Annotated[Path, typer.Argument(help="Where to create the data repository.")]
Name = Annotated[str, typer.Option("--name", help='The partnership\'s name, e.g. "Digi Vestland".')]
Host = Annotated[
    str,
    typer.Option(
        "--host",
        help="The host organisation (vertskommune): a kommunenummer such as 4601, "
        "looked up in the national registry, or a name.",
    ),
]
Ident = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on Python 3.11
    typer.Option("--id", help="The partnership's id (default: from the name)."),
]
County = Annotated[
    Optional[str], typer.Option("--county", help="The county (fylke).")  # noqa: UP045
]
Language = Annotated[str, typer.Option("--language", help="Report language: nb, nn or en.")]
SourceOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--digictl-source",
        help="The pip requirement CI and pre-commit install digictl with, written verbatim "
        "(default: digictl==<this version>): a pin, a path, a wheel, a URL or git+URL@ref.",
        metavar="REQUIREMENT",
    ),
]


@handles_errors
def init(
    directory: Directory,
    name: Name,
    host: Host,
    ident: Ident = None,
    county: County = None,
    language: Language = DEFAULT_LANGUAGE,
    source: SourceOption = None,
) -> None:
    """Create a data repository: network.yaml and the host organisation, the data
    folders, a README for the partnership, CI for GitHub
    (.github/workflows/digictl.yml: validate on push, explain pull requests in one
    comment) and GitLab, pre-commit wiring, and JSON Schemas for editors. Existing
    files are kept, never overwritten; every path is checked before the first file
    is written, and nothing is written when one is in the way (a file where a folder
    belongs, a folder or link where a file belongs).

    Example: digictl init ../digi-vestland --name "Digi Vestland" --host 4601
    --county Vestland --language nn
    """
    from digictl import scaffold

    if language not in LANGUAGES:
        raise typer.BadParameter("must be nb, nn or en", param_hint="--language")
    p = scaffold.plan(name, host, ident, county, language, source)
    scaffold.apply(p, directory)
    for rel in p.written:
        typer.echo(f"created {directory / rel}")
    for rel in p.kept:
        typer.echo(f"kept    {directory / rel} (exists)")
    typer.echo(f"next: cd {directory} && git init && digictl validate")
