"""`digictl init DIR`: scaffold a data repository for a new partnership."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from digictl import i18n
from digictl.cli.common import handles_errors, settings
from digictl.i18n import _
from digictl.vocabulary import LANGUAGES

Directory = Annotated[Path, typer.Argument(help="Where to create the data repository.")]
Name = Annotated[str, typer.Option("--name", help='The partnership\'s name, e.g. "Digi Vestland".')]
Host = Annotated[
    str,
    typer.Option(
        "--host",
        help="The host organisation (vertskommune), from the national registry: a kommunenummer "
        '(4601), a municipality\'s name in any registered form ("Voss herad", "Voss kommune", '
        '"voss") or a county council ("Vestland fylkeskommune"). Another host needs --host-orgnr.',
    ),
]
HostOrgnr = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--host-orgnr",
        help="The organisation number of a host the national registry does not hold "
        "(9 digits, MOD11-checked); it is written as an organisation of kind other.",
        metavar="ORGNR",
    ),
]
Ident = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on Python 3.11
    typer.Option("--id", help="The partnership's id (default: from the name)."),
]
County = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--county",
        help="Create every municipality of a county from the national registry (2024 list): "
        "the county's number (46) or name (Vestland), or a comma- or space-separated list of "
        "kommunenummer (4601,4621). network.yaml gets the county's name (not for a list that "
        "spans counties).",
    ),
]
Language = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--language",
        help="The partnership's language: nb, nn or en, written to network.yaml (the language "
        "of its reports and messages) and the language of the README (default: the language "
        "of this run, --lang).",
        show_default=False,
    ),
]
SourceOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--digictl-source",
        help="The pip requirement CI and pre-commit install digictl with, written verbatim "
        "(default: digictl==<this version>): a pin, a path, a wheel, a URL or git+URL@ref.",
        metavar="REQUIREMENT",
    ),
]


RecordsFrom = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--records-from",
        help="The day the partnership's records start (records_from in network.yaml): no "
        "plan, report, contributions or meeting due before it is required (default: today, "
        "or --as-of).",
        metavar="DATE",
    ),
]


@handles_errors
def init(
    ctx: typer.Context,
    directory: Directory,
    name: Name,
    host: Host,
    ident: Ident = None,
    county: County = None,
    language: Language = None,
    source: SourceOption = None,
    host_orgnr: HostOrgnr = None,
    records_from: RecordsFrom = None,
) -> None:
    """Create a data repository: network.yaml, the host organisation and, with
    --county, every municipality of the county (number, name and organisation number
    from the national registry, connected to DigiFin), the data folders, a README for
    the partnership in its language, CI for GitHub (.github/workflows/digictl.yml:
    validate on push, explain pull requests in one comment; digictl-deadlines.yml: a
    weekly deadlines issue) and GitLab, pre-commit wiring, and JSON Schemas for editors.
    Existing files are kept, never overwritten; every path is checked before the first
    file is written, and nothing is written when one is in the way (a file where a
    folder belongs, a folder or link where a file belongs).

    Example: digictl init ../digi-vestland --name "Digi Vestland" --host 4601
    --county 46 --language nn
    """
    from digictl import scaffold
    from digictl.load.dates import parse_date_option

    language = language or i18n.current()
    if language not in LANGUAGES:
        raise typer.BadParameter(_("must be nb, nn or en"), param_hint="--language")
    start = parse_date_option(records_from) if records_from else settings(ctx).as_of
    p = scaffold.plan(name, host, ident, county, language, source, host_orgnr, start)
    scaffold.apply(p, directory)
    for rel in p.written:
        typer.echo(_("created {path}", path=directory / rel))
    for rel in p.kept:
        # Translators: the spaces line the path up with the lines "created {path}"
        typer.echo(_("kept    {path} (exists)", path=directory / rel))
    commands = f"cd {directory} && git init && digictl validate"
    # Translators: {commands} is what to type next, e.g. "cd x && git init && digictl validate"
    typer.echo(_("next: {commands}", commands=commands))
