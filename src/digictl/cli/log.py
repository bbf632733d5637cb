"""`digictl log ENTITY`: the commits that changed an entity, for the audit trail."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from digictl.cli import complete
from digictl.cli.common import handles_errors, settings
from digictl.i18n import _


class LogFormat(StrEnum):
    table = "table"
    json = "json"


Entity = Annotated[
    str,
    typer.Argument(
        help="The entity: kind:id (project:felles-sak-arkiv, body:programstyret) or an id.",
        autocompletion=complete.entities,
    ),
]
FormatOption = Annotated[LogFormat, typer.Option("--format", "-f", help="table or json (stable).")]


@handles_errors
def log(ctx: typer.Context, entity: Entity, format: FormatOption = LogFormat.table) -> None:
    """The audit trail of one entity: every commit that changed its file, newest
    first, with author, date and what changed in governance terms.

    Example: digictl log body:programstyret
    """
    from digictl.cli.render import print_json, print_table
    from digictl.history.audit import entity_log

    s = settings(ctx)
    s.speak_for_data()
    entries = entity_log(s.data, entity, s.at or "HEAD")
    if format is LogFormat.json:
        print_json({"version": 1, "entity": entity, "commits": [e.as_dict() for e in entries]})
        return
    # Translators: the columns of the table of commits
    columns = (_("date"), _("commit"), _("author"), _("change"))
    print_table(
        _("History of {entity}", entity=entity),
        columns,
        [(e.date, e.sha[:10], e.author, "; ".join(e.changes) or e.summary) for e in entries],
        caption="" if entries else _("no commits changed it"),
        wrap=columns[2:],
    )
