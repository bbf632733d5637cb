"""`digictl diff [BASE] [HEAD]`: a change between revisions in governance terms."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from digictl.cli.common import EXIT_FINDINGS, EXIT_OK, fail, handles_errors, settings


class DiffFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


@handles_errors
def diff(
    ctx: typer.Context,
    base: Annotated[
        Optional[str],  # noqa: UP045 - typer needs Optional on Python 3.11
        typer.Argument(
            help="Revision to compare from (default: the merge base with the default branch).",
            show_default=False,
        ),
    ] = None,
    head: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            help="Revision to compare to (default: the working tree).", show_default=False
        ),
    ] = None,
    within: Annotated[
        int, typer.Option("--within", min=0, help="Horizon in days for the rules.")
    ] = 90,
    format: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", help="text, md (a pull-request comment) or json (stable)."),
    ] = DiffFormat.text,
) -> None:
    """What a change does, in governance terms: per entity what was added, removed or
    changed ("`orland` leaves the agreement on 2021-12-31", "budget 12 000 000 →
    14 500 000 kr"), then the findings the change introduces and those it resolves.
    The change rules amendment-required and history-rewrite compare the two sides.

    Example: digictl diff main            (the working tree against main)

    Example: digictl diff HEAD~1 HEAD --format md > comment.md

    Exit codes: 0 the change introduces no error, 1 it does, 2 usage error or
    unreadable input.
    """
    from digictl.history import gitrepo
    from digictl.history.review import review
    from digictl.load.dataset import DirectorySource, Source
    from digictl.load.dates import check_horizon
    from digictl.output.findings.review import REVIEW_REPORTERS

    check_horizon(within)
    s = settings(ctx)
    if s.at is not None:
        fail("diff takes its revisions as arguments; leave out --at")
    repo = gitrepo.open_repo(s.data if s.data.exists() else s.data.parent)
    prefix = gitrepo.prefix_of(repo, s.data)
    label = s.data.resolve().name
    base_commit = gitrepo.default_base(repo) if base is None else gitrepo.resolve(repo, base)
    base_source: Source = gitrepo.GitSource(base_commit, prefix, label)
    if head is None:
        head_source: Source = DirectorySource(s.data)
        head_label = "working tree"
    else:
        head_commit = gitrepo.resolve(repo, head)
        head_source = gitrepo.GitSource(head_commit, prefix, label)
        head_label = (
            head if not head.startswith(head_commit.hexsha[:7]) else gitrepo.short(head_commit)
        )
    base_label = base or gitrepo.short(base_commit)
    if base is not None and not base.startswith(base_commit.hexsha[:7]):
        base_label = f"{base} ({gitrepo.short(base_commit)})"
    from digictl.history.cache import LoadCache

    cache = LoadCache(Path(repo.git_dir) / "digictl")
    result = review(
        base_source, head_source, s.as_of, s.skip, within, base_label, head_label, cache
    )
    REVIEW_REPORTERS[format.value](result, sys.stdout)
    raise typer.Exit(EXIT_FINDINGS if result.failed else EXIT_OK)
