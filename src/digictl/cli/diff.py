"""`digictl diff [BASE] [HEAD]`: a change between revisions in governance terms."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from digictl.cli.common import EXIT_FINDINGS, EXIT_OK, fail, handles_errors, settings
from digictl.i18n import _
from digictl.vocabulary import DEFAULT_HORIZON

if TYPE_CHECKING:
    from digictl.load.dataset import Source


class DiffFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


Base = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on Python 3.11
    typer.Argument(
        help="Revision to compare from (default: the merge base with the default branch).",
        show_default=False,
    ),
]
Head = Annotated[
    Optional[str],  # noqa: UP045
    typer.Argument(help="Revision to compare to (default: the working tree).", show_default=False),
]
Within = Annotated[int, typer.Option("--within", min=0, help="Horizon in days for the rules.")]
FormatOption = Annotated[
    DiffFormat,
    typer.Option("--format", "-f", help="text, md (a pull-request comment) or json (stable)."),
]


@handles_errors
def diff(
    ctx: typer.Context,
    base: Base = None,
    head: Head = None,
    within: Within = DEFAULT_HORIZON,
    format: FormatOption = DiffFormat.text,
) -> None:
    """What a change does, in governance terms: per entity what was added, removed or
    changed ("`orland` leaves the agreement on 2021-12-31", "budget 12 000 000 →
    14 500 000 kr"), then the findings the change introduces and those it resolves.
    The change rules amendment-required and history-rewrite compare the two sides.

    Example: digictl diff main            (the working tree against main)

    Example: digictl diff HEAD~1 HEAD --format md > comment.md
    """
    from digictl.history.cache import LoadCache
    from digictl.history.review import review
    from digictl.load.dates import check_horizon
    from digictl.output.findings import write_review

    check_horizon(within)
    s = settings(ctx)
    if s.at is not None:
        fail(_("diff takes its revisions as arguments; leave out --at"))
    s.speak_for_data()
    sides = _sides(s.data, base, head)
    cache = LoadCache(sides.cache)
    result = review(
        sides.base, sides.head, s.as_of, s.skip, within, sides.base_label, sides.head_label, cache
    )
    write_review(format.value, result, sys.stdout)
    raise typer.Exit(EXIT_FINDINGS if result.failed else EXIT_OK)


@dataclass
class _Sides:
    """The two sides of a diff, how the output names them, and where their cache lives."""

    base: Source
    head: Source
    base_label: str
    head_label: str
    cache: Path


def _sides(data: Path, base: str | None, head: str | None) -> _Sides:
    """Resolve the revisions in the repository that holds ``data``: the base at a commit
    (by default the merge base with the default branch), the head at a commit or, by
    default, the working tree."""
    from digictl.history import gitrepo
    from digictl.load.dataset import DirectorySource

    repo = gitrepo.open_repo(data if data.exists() else data.parent)
    prefix = gitrepo.prefix_of(repo, data)
    label = data.resolve().name
    base_commit = gitrepo.default_base(repo) if base is None else gitrepo.resolve(repo, base)
    base_source: Source = gitrepo.GitSource(base_commit, prefix, label)
    if head is None:
        head_source: Source = DirectorySource(data)
        head_label = _("working tree")
    else:
        head_commit = gitrepo.resolve(repo, head)
        head_source = gitrepo.GitSource(head_commit, prefix, label)
        head_label = (
            head if not head.startswith(head_commit.hexsha[:7]) else gitrepo.short(head_commit)
        )
    base_label = base or gitrepo.short(base_commit)
    if base is not None and not base.startswith(base_commit.hexsha[:7]):
        base_label = f"{base} ({gitrepo.short(base_commit)})"
    cache = Path(repo.git_dir) / "digictl"
    return _Sides(base_source, head_source, base_label, head_label, cache)
