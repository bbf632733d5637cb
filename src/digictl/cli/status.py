"""`digictl status`: the programme leader's dashboard."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from digictl.cli.common import EXIT_FINDINGS, EXIT_OK, Upcoming, handles_errors, settings
from digictl.i18n import _, ngettext
from digictl.vocabulary import DEFAULT_HORIZON

if TYPE_CHECKING:
    from datetime import date

    from digictl.findings import Result
    from digictl.views.dashboard import Dashboard
    from digictl.views.meetings import MeetingsAttention


class StatusFormat(StrEnum):
    table = "table"
    json = "json"


FormatOption = Annotated[
    StatusFormat, typer.Option("--format", "-f", help="table or json (stable).")
]


@handles_errors
def status(
    ctx: typer.Context,
    within: Upcoming = DEFAULT_HORIZON,
    format: FormatOption = StatusFormat.table,
) -> None:
    """What needs the programme leader's (programleder) attention: the validation
    summary, deadlines within the horizon, vacant seats and expiring terms,
    projects that need a decision, each body's next meeting (its notice, and decision
    items without documents) and the minutes awaiting approval.

    Example: digictl --data data status --within 60
    """
    from digictl.cli.render import print_json
    from digictl.views.dashboard import dashboard

    s = settings(ctx)
    checked = s.check(within)
    board = dashboard(checked.model, checked.result, s.as_of, within)
    code = EXIT_FINDINGS if not checked.result.ok else EXIT_OK
    if format is StatusFormat.json:
        print_json(board.as_dict())
    else:
        _print_heading(board.network, checked.result, s.as_of, within)
        _print_tables(board, s.as_of, within)
        _print_meetings(board.meetings, s.as_of, within)
    raise typer.Exit(code)


def _print_heading(network: str, result: Result, as_of: date, within: int) -> None:
    """The network, the date and horizon, the validation summary and every finding
    that is not a note: styled on a terminal, as `# ` comment lines in plain output."""
    from digictl.cli.render import terminal_cell, terminal_console
    from digictl.output.findings.text import summary_line

    head = ngettext(
        "{network} as of {day} (horizon {n} day)",
        "{network} as of {day} (horizon {n} days)",
        within,
        network=terminal_cell(network),
        day=as_of,
    )
    validation = _("Validation: {summary}", summary=summary_line(result))
    findings = [
        f"  {f.severity.value}: {terminal_cell(f.file)}:{f.line} {terminal_cell(f.message)} "
        f"({terminal_cell(f.rule)})"
        for f in result.findings
        if f.severity.value != "info"
    ]
    console = terminal_console()
    if console is None:
        sys.stdout.write("".join(f"# {line}\n" for line in [head, validation, *findings]) + "\n")
        return
    from rich.text import Text

    console.print(Text(head, style="bold"))
    console.print(Text(validation, style="green" if result.ok else "bold red"))
    for line in findings:
        console.print(Text(line))


def _print_tables(board: Dashboard, as_of: date, within: int) -> None:
    """The tables of deadlines, of vacancies and terms, and of projects."""
    from digictl.cli.render import print_table
    from digictl.i18n import short_day

    title = _("title")
    print_table(
        _("Deadlines"),
        (_("status"), _("effective"), _("days"), _("kind"), title),
        [
            (d.status(as_of, within), short_day(d.effective), d.days_left(as_of), d.kind, d.title)
            for d in board.deadlines
        ],
        caption="" if board.deadlines else _("nothing due"),
        wrap=(title,),
    )
    person = _("person")
    print_table(
        _("Boards: vacancies and terms"),
        (_("body"), _("seat"), person, _("term end"), _("status")),
        [
            (
                v.body,
                v.seat,
                ngettext("{n} of {count} vacant", "{n} of {count} vacant", v.vacant, count=v.count),
                "",
                "vacant",
            )
            for v in board.vacancies
        ]
        + [
            (
                b,
                ln.tenure.member.seat,
                ln.name,
                short_day(ln.tenure.term_end) if ln.tenure.term_end else "",
                ln.status,
            )
            for b, ln in board.terms
        ],
        caption="" if board.vacancies or board.terms else _("all seats filled, no term ends soon"),
        wrap=(person,),
    )
    why = _("why")
    print_table(
        _("Projects needing a decision"),
        (_("project"), _("status"), why),
        [(p.project, p.status, p.reason) for p in board.projects],
        caption="" if board.projects else _("none"),
        wrap=(why,),
    )


def _print_meetings(meetings: MeetingsAttention, as_of: date, within: int) -> None:
    """The tables of each body's next meeting and of the minutes awaiting approval."""
    from digictl.cli.render import print_table
    from digictl.i18n import short_day

    print_table(
        _("Next meetings"),
        (_("date"), _("body"), _("notice"), _("status"), _("items without documents")),
        [
            (
                short_day(n.readiness.meeting.meeting.date),
                n.readiness.meeting.meeting.body,
                _("sent {day}", day=n.notice_sent)
                if n.notice_sent
                else _("due {day}", day=n.readiness.notice_due),
                n.notice.status(as_of, within) if n.notice else "",
                ", ".join(n.readiness.without_documents),
            )
            for n in meetings.next
        ],
        caption="" if meetings.next else _("no meetings ahead"),
    )
    print_table(
        _("Minutes awaiting approval"),
        (_("date"), _("body"), _("effective"), _("days"), _("status")),
        [
            (
                short_day(a.facts.meeting.date),
                a.facts.meeting.body,
                short_day(a.facts.minutes_effective),
                a.deadline.days_left(as_of) if a.deadline else "",
                a.deadline.status(as_of, within) if a.deadline else "",
            )
            for a in meetings.awaiting
        ],
        caption="" if meetings.awaiting else _("no minutes awaiting approval"),
    )
