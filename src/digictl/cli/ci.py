"""CI helpers: post the pull-request comment, keep the deadlines tracking issue."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from digictl.cli.common import handles_errors, report_unreadable, settings
from digictl.errors import DigictlError
from digictl.i18n import _

if TYPE_CHECKING:
    from datetime import date

    from digictl.forge import Forge

ci_app = typer.Typer(
    no_args_is_help=True,
    help="Run in CI: post the pull-request comment, keep the deadlines tracking issue.",
)

CommentFile = Annotated[
    Path,
    typer.Argument(help="The comment, as `digictl diff --format md` wrote it.", show_default=False),
]
DryRun = Annotated[
    bool,
    typer.Option(
        "--dry-run", help="Print the issue's body and what would be done; change nothing."
    ),
]


@ci_app.command("comment")
@handles_errors
def comment(file: CommentFile) -> None:
    """Post FILE as the one digictl comment of this pull request (GitHub) or merge
    request (GitLab), or update it in place. The comment that is updated is the one
    whose first line is FILE's marker AND whose author is this job's: the GitHub
    Actions bot (GITHUB_TOKEN) or the user of the GitLab token (DIGICTL_GITLAB_TOKEN).

    GitHub reads GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_EVENT_PATH and GITHUB_TOKEN
    (pull-requests: write); GitLab reads CI_API_V4_URL, CI_PROJECT_ID,
    CI_MERGE_REQUEST_IID and DIGICTL_GITLAB_TOKEN (a project access token with the api
    scope and the Reporter role, stored as a masked, protected CI/CD variable).

    Example: digictl ci comment digictl-diff.md

    Exit codes: 0 posted or updated, 2 the file or the forge could not be used.
    """
    from digictl import forge

    try:
        body = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DigictlError(_("{file} cannot be read: {reason}", file=file, reason=exc)) from None
    forge.marker_of(body)  # before any request: a file without a marker is refused
    where = forge.from_env(os.environ, pull_request=True)
    old = forge.post(where, body)
    if old is None:
        typer.echo(_("digictl comment created on {forge}", forge=where.name))
    else:
        typer.echo(_("digictl comment updated ({id}) on {forge}", id=old.id, forge=where.name))


@ci_app.command("track")
@handles_errors
def track(ctx: typer.Context, dry_run: DryRun = False) -> None:
    """Keep one tracking issue of the deadlines (frister): open it when something is
    overdue or due within 90 days and none is open, update it while something is, close
    it with a short comment when nothing is. The issue is found by its marker
    (<!-- digictl-deadlines -->) and author, as `ci comment` finds its comment.

    GitHub needs GITHUB_TOKEN with issues: write; GitLab needs DIGICTL_GITLAB_TOKEN.

    Example: digictl ci track --dry-run

    Exit codes: 0 done, 1 done but a file could not be read (named on stderr), 2 no
    network.yaml or the forge could not be used.
    """
    from digictl.facts import facts_of
    from digictl.output import tracking

    s = settings(ctx)
    checked = s.check(tracking.HORIZON)
    code = report_unreadable(checked)  # files left out are named; the issue is kept anyway
    if checked.model.network is None:
        raise DigictlError(
            _("{data} has no readable network.yaml: there are no deadlines", data=s.data)
        )
    items = facts_of(checked.model, s.as_of, tracking.HORIZON).listing(tracking.HORIZON)
    text = tracking.body(items, s.as_of, checked.model.network.name)
    due = tracking.is_due(items, s.as_of)
    if dry_run:
        typer.echo(text, nl=False)
        if due:
            typer.echo(_("dry run: would open or update the tracking issue"))
        else:
            typer.echo(_("dry run: would close the tracking issue if open"))
        raise typer.Exit(code)
    from digictl import forge

    where = forge.from_env(os.environ, pull_request=False)
    typer.echo(_keep(where, due, text, s.as_of))
    raise typer.Exit(code)


def _keep(where: Forge, due: bool, text: str, as_of: date) -> str:
    """Open, update or close the tracking issue; what was done, in one sentence."""
    from digictl import forge
    from digictl.output import tracking

    text = forge.fit(text, where.limit)
    issue = forge.find_our_issue(where.issues(), tracking.MARKER, where.me())
    action = forge.tracking_action(due, issue)
    if action == "open":
        opened = where.open_issue(tracking.issue_title(), text)
        return _(
            "tracking issue on {forge}: opened #{number}", forge=where.name, number=opened.number
        )
    if issue is None:
        return _("tracking issue on {forge}: nothing due, no issue open", forge=where.name)
    if action == "update":
        where.update_issue(issue, text)
        return _(
            "tracking issue on {forge}: updated #{number}", forge=where.name, number=issue.number
        )
    where.close_issue(issue, tracking.closing(as_of))
    return _("tracking issue on {forge}: closed #{number}", forge=where.name, number=issue.number)


def register(app: typer.Typer) -> None:
    """Join this module's commands to the main app."""
    app.add_typer(
        ci_app, name="ci", help="Run in CI: the pull-request comment, the deadlines issue."
    )
