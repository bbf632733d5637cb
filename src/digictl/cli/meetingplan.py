"""`digictl meeting plan`: the meetings of the bodies, as a table, JSON, Markdown or ICS."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from digictl.cli import complete
from digictl.cli.common import handles_errors, report_unreadable, settings
from digictl.i18n import _

if TYPE_CHECKING:
    from datetime import date

    from digictl.model import Model
    from digictl.views.meetings import PlannedMeeting

EXIT_CODES = (
    "Exit codes: 0 success; 1 a file could not be read and its data is left out (run "
    "digictl validate); 2 usage error (an unknown body, a year out of range, --year with "
    "--all), or no readable data directory."
)


class PlanFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"
    ics = "ics"


BodyOption = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on Python 3.11
    typer.Option(
        "--body",
        help="Only this body's meetings (a body id).",
        metavar="BODY",
        autocompletion=complete.bodies,
    ),
]
YearOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--year",
        help="The meetings of this year, 1900-2999 (default: the as-of year).",
        metavar="YYYY",
    ),
]
AllOption = Annotated[bool, typer.Option("--all", help="The meetings of every year.")]
FormatOption = Annotated[
    PlanFormat,
    typer.Option(
        "--format", "-f", help="table, json (stable), md, or ics (a calendar feed: møteplan)."
    ),
]


@handles_errors
def plan(
    ctx: typer.Context,
    body: BodyOption = None,
    year: YearOption = None,
    all_: AllOption = False,
    format: FormatOption = PlanFormat.table,
) -> None:
    """The meeting plan (møteplan): each meeting's date, time, body, place, whether it is
    held, its notice (sent, or when it is due), its number of agenda items and its minutes
    (approved, or when their approval is due).

    The notice and minutes dates are those of `digictl deadlines` (kinds meeting-notice
    and minutes-approval). As ics, one event per meeting with its agenda in the
    description; an item exempt from public access shows its number and that it is
    exempt (unntatt offentlighet), never its title.

    Example: digictl meeting plan --body programstyret --year 2027 --format ics > moteplan.ics
    """
    from digictl.facts import facts_of
    from digictl.load.dates import check_year_option
    from digictl.views.meetings import meeting_plan

    s = settings(ctx)
    if year is not None and all_:
        from digictl.errors import UsageError

        raise UsageError(_("give --year or --all, not both"))
    chosen = None if all_ else check_year_option(year if year is not None else s.as_of.year)
    checked = s.check()
    code = report_unreadable(checked)
    model = checked.model
    meetings = meeting_plan(facts_of(model, s.as_of), body, chosen)
    title = (
        _("Meeting plan {year} as of {day}", year=chosen, day=s.as_of)
        if chosen is not None
        else _("Meeting plan as of {day}", day=s.as_of)
    )
    if format is PlanFormat.json:
        from digictl.cli.render import print_json

        print_json(
            {
                "version": 1,
                "as_of": s.as_of.isoformat(),
                "meetings": [pm.as_dict() for pm in meetings],
            }
        )
    elif format is PlanFormat.ics:
        _print_ics(meetings, _calendar_names(checked.model, body), s.as_of)
    else:
        _print_listing(meetings, title, md=format is PlanFormat.md)
    raise typer.Exit(code)


def _calendar_names(model: Model, body: str | None) -> tuple[str, str]:
    """(calendar name, network id) for the feed: "Meeting plan of DigiTrøndelag", or of one
    body of it."""
    from digictl.views.meetings import body_name

    network = model.network
    name = network.name if network else ""
    ident = network.id if network else ""
    if body is not None:
        return _(
            "Meeting plan of {body}, {network}", body=body_name(model, body), network=name
        ), ident
    return _("Meeting plan of {network}", network=name), ident


def _print_ics(meetings: Sequence[PlannedMeeting], names: tuple[str, str], as_of: date) -> None:
    from digictl.output.ics import meeting_calendar

    name, network = names
    sys.stdout.write(meeting_calendar(meetings, name, network, as_of).decode("utf-8"))


def _notice(pm: PlannedMeeting) -> str:
    """The notice cell: when it was sent, or when it is due (none asked for: empty)."""
    sent = pm.notice_sent
    if pm.notice is None:
        return _("sent {day}", day=sent) if sent else ""
    if sent is not None:
        if pm.facts.notice_late:
            return _("sent {day} (late)", day=sent)
        return _("sent {day}", day=sent)
    if pm.notice.status(pm.facts.as_of, 0) == "overdue":
        return _("not sent, due {day}", day=pm.notice.due)
    return _("due {day}", day=pm.notice.due)


def _minutes(pm: PlannedMeeting) -> str:
    """The minutes cell: when they were approved, or when their approval is due."""
    approved = pm.approved
    if approved is not None:
        return _("approved {day}", day=approved)
    due = pm.minutes_due
    if due is None:
        return ""
    if pm.held:
        return _("awaiting approval, due {day}", day=due[1])
    return _("due {day}", day=due[1])


def _rows(meetings: Sequence[PlannedMeeting]) -> list[tuple[object, ...]]:
    from digictl.i18n import short_day

    return [
        (
            short_day(pm.facts.meeting.date),
            (pm.facts.meeting.time or "").replace("-", "–"),  # 09:00–12:00, as people write it
            pm.body_name,
            pm.facts.meeting.place or "",
            "held" if pm.held else "upcoming",
            _notice(pm),
            len(pm.facts.meeting.agenda),
            _minutes(pm),
        )
        for pm in meetings
    ]


def _agenda_md(meetings: Sequence[PlannedMeeting]) -> str:
    """Each meeting's agenda under a heading of its day and body, as Markdown."""
    from digictl.i18n import day
    from digictl.output import escape
    from digictl.views.meetings import agenda_lines

    out = []
    for pm in meetings:
        lines = agenda_lines(pm.facts)
        if not lines:
            continue
        out.append(f"### {day(pm.facts.meeting.date)} · {escape.md(pm.body_name)}\n\n")
        out.append("".join(f"- {escape.md(n)} {escape.md(t)}\n" for n, t in lines) + "\n")
    return "".join(out)


def _print_listing(meetings: Sequence[PlannedMeeting], title: str, md: bool) -> None:
    """The plan as Markdown (``md``: the table, then each meeting's agenda) or a table."""
    from digictl.cli.render import md_table, print_table

    place = _("place")
    columns = (
        _("date"),
        _("time"),
        _("body"),
        place,
        _("status"),
        _("notice"),
        _("items"),
        _("minutes"),
    )
    rows = _rows(meetings)
    if md:
        sys.stdout.write(f"## {title}\n\n")
        sys.stdout.write(md_table(columns, rows) if rows else _("No meetings.") + "\n")
        agenda = _agenda_md(meetings)
        sys.stdout.write("\n" + agenda if agenda else "")
    else:
        print_table(
            title,
            columns,
            rows,
            caption="" if rows else _("no meetings"),
            wrap=(_("body"), place),
        )


def register(group: typer.Typer) -> None:
    """Add this module's commands to the `meeting` group."""
    from digictl.cli.render import PLAIN_NOTE

    group.command(
        "plan",
        short_help="The meeting plan (møteplan) of the bodies.",
        epilog=PLAIN_NOTE + "\n\n" + EXIT_CODES,
    )(plan)
