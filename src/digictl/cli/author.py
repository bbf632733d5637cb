"""Authoring commands: change the data with commands that write the YAML a person would have
written.

Every command reads the files it changes as round-trip YAML (comments, key order and quoting
survive), judges the change like `digictl diff` and writes only when the change introduces no
error (or with --force). --dry-run shows the change and the files' diff and writes nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from digictl.cli import complete
from digictl.cli.common import handles_errors, settings
from digictl.i18n import _

if TYPE_CHECKING:
    from digictl.author import Workspace

EXIT_CODES = (
    "Exit codes: 0 the change is written (or, with --dry-run, shown); 1 it is refused because "
    "it introduces an error (nothing written; --force writes it anyway); 2 usage error or "
    "unreadable input."
)

DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Show the change and the files' diff; write nothing.")
]
Force = Annotated[
    bool, typer.Option("--force", help="Write the change even if it introduces errors.")
]
Decision = Annotated[
    str,
    typer.Option(
        "--decision", help="Id of the decision that made the appointment, e.g. PF-2025-04."
    ),
]
BodyOpt = Annotated[
    str, typer.Option("--body", help="The body (styre, gruppe).", autocompletion=complete.bodies)
]
PersonArg = Annotated[
    str, typer.Argument(help="The person's id.", autocompletion=complete.people, show_default=False)
]
OptionalText = Optional[str]  # noqa: UP045 - typer needs Optional on Python 3.11


def _choices(*values: str) -> Callable[[str], list[str]]:
    """A completion callback offering fixed words (roles, outcomes, statuses)."""

    def complete_choice(incomplete: str) -> list[str]:
        return [v for v in values if v.startswith(incomplete)]

    return complete_choice


def run(ctx: typer.Context, dry_run: bool, force: bool, change: Callable[..., object]) -> None:
    """Make a Workspace of the data directory, apply ``change(ws, as_of)``, judge, write."""
    from digictl.author import Workspace

    s = settings(ctx)
    if s.at is not None:
        from digictl.errors import UsageError

        raise UsageError(_("authoring commands change the working tree; leave out --at"))
    s.speak_for_data()
    ws = Workspace(s.data)
    change(ws, s.as_of)
    outcome = ws.commit(s.as_of, s.skip, force=force, dry_run=dry_run)
    outcome.show(sys.stdout)
    raise typer.Exit(outcome.exit_code)


def _day(value: str | None, option: str) -> date | None:
    from digictl.author.common import day

    return None if value is None else day(value, option)


# person

person_app = typer.Typer(
    no_args_is_help=True, help="People who hold seats or lead projects (people/<id>.yaml)."
)


@person_app.command("add", epilog=EXIT_CODES)
@handles_errors
def person_add(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="The new person's id, e.g. kari-nordmann.")],
    name: Annotated[str, typer.Option("--name", help="Full name.")],
    org: Annotated[
        str,
        typer.Option(
            "--org",
            help="The organisation the person represents.",
            autocompletion=complete.organisations,
        ),
    ],
    title: Annotated[OptionalText, typer.Option("--title", help="E.g. kommunedirektør.")] = None,
    email: Annotated[OptionalText, typer.Option("--email", help="Work e-mail.")] = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Add a person: writes people/ID.yaml with id, name, org and the optional title and
    e-mail (keep personal data minimal). The organisation must exist.

    Example: digictl person add kari-nordmann --name "Kari Nordmann" --org voss
    --title kommunedirektør
    """
    from digictl.author.people import add_person

    run(ctx, dry_run, force, lambda ws, _as_of: add_person(ws, person, name, org, title, email))


# member

member_app = typer.Typer(
    no_args_is_help=True,
    help="Members of a body: appoint, reappoint, end (the members list of bodies/<id>.yaml).",
)


@member_app.command("appoint", epilog=EXIT_CODES)
@handles_errors
def member_appoint(
    ctx: typer.Context,
    person: PersonArg,
    body: BodyOpt,
    seat: Annotated[str, typer.Option("--seat", help="The seat's id in the body's `seats`.")],
    start: Annotated[str, typer.Option("--from", metavar="DATE", help="First day, YYYY-MM-DD.")],
    decision: Decision,
    role: Annotated[
        str,
        typer.Option(
            "--role",
            help="chair, member, observer or deputy.",
            autocompletion=_choices("chair", "member", "observer", "deputy"),
        ),
    ] = "member",
    term_years: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--term-years", help="Term length when it differs from the body's."),
    ] = None,
    until: Annotated[
        OptionalText, typer.Option("--until", metavar="DATE", help="Last day, if known.")
    ] = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Appoint a person to a seat of a body: appends an entry (person, seat, role, from,
    until, term_years, appointed_by) to the body's members. The person, body and seat must
    exist; the decision is checked by the rules (an unknown decision is refused).

    Example: digictl member appoint kari-nordmann --body programstyret --seat regional
    --from 2025-02-01 --decision PF-2025-04
    """
    from digictl.author.common import day
    from digictl.author.members import appoint

    first = day(start, "--from")
    last = _day(until, "--until")
    run(
        ctx,
        dry_run,
        force,
        lambda ws, _as_of: appoint(ws, person, body, seat, first, decision, role, term_years, last),
    )


@member_app.command("reappoint", epilog=EXIT_CODES)
@handles_errors
def member_reappoint(
    ctx: typer.Context,
    person: PersonArg,
    body: BodyOpt,
    decision: Decision,
    start: Annotated[
        OptionalText,
        typer.Option(
            "--from",
            metavar="DATE",
            help="First day of the new term (default: the day after the current term ends).",
        ),
    ] = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Reappoint a member for a new term: a new entry on the same seat and role, from the day
    after the current term ends (as `digictl board` computes it) unless --from says otherwise.

    Example: digictl member reappoint astrid-nordvik --body programstyret --decision PF-2027-03
    """
    from digictl.author.members import reappoint

    first = _day(start, "--from")
    run(ctx, dry_run, force, lambda ws, as_of: reappoint(ws, as_of, person, body, decision, first))


@member_app.command("end", epilog=EXIT_CODES)
@handles_errors
def member_end(
    ctx: typer.Context,
    person: PersonArg,
    body: BodyOpt,
    last_day: Annotated[
        str, typer.Option("--date", metavar="DATE", help="The last day on the body.")
    ],
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """End a membership: sets `until` (the last day) on the person's current entry. The entry
    stays in the file: the file is the body's history.

    Example: digictl member end stian-wold-moen --body programstyret --date 2026-06-30
    """
    from digictl.author.common import day
    from digictl.author.members import end

    last = day(last_day, "--date")
    run(ctx, dry_run, force, lambda ws, as_of: end(ws, as_of, person, body, last))


# org

org_app = typer.Typer(no_args_is_help=True, help="Organisations (organisations/<id>.yaml).")


@org_app.command("add", epilog=EXIT_CODES)
@handles_errors
def org_add(
    ctx: typer.Context,
    numbers: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            help='Municipalities by kommunenummer (4631) or name ("Voss herad").',
            show_default=False,
        ),
    ] = None,
    region: Annotated[
        OptionalText, typer.Option("--region", help="Sub-region, e.g. Nordhordland.")
    ] = None,
    name: Annotated[
        OptionalText,
        typer.Option("--name", help="Name of an organisation that is not a municipality."),
    ] = None,
    kind: Annotated[
        OptionalText,
        typer.Option(
            "--kind",
            help="With --name: county, state, ks or other.",
            autocompletion=_choices("county", "state", "ks", "other"),
        ),
    ] = None,
    orgnr: Annotated[
        OptionalText,
        typer.Option("--orgnr", help="With --name: organisasjonsnummer (MOD11-checked)."),
    ] = None,
    ident: Annotated[
        OptionalText, typer.Option("--id", help="With --name: the id (default: from the name).")
    ] = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Add organisations. Municipalities come from the registry bundled with digictl
    (SSB Klass, Enhetsregisteret): each NUMBER writes organisations/<id>.yaml with id (from
    the name), name, kind, kommunenummer, orgnr and the DigiFin connection (§3.1). Others are
    added with --name and --kind. An organisation already recorded the same way is left as it
    is; one recorded differently is an error.

    Example: digictl org add 4631 4621 --region Nordhordland

    Example: digictl org add --name "Vestland fylkeskommune" --kind county --orgnr 821311632
    """
    run(ctx, dry_run, force, _org_change(numbers or [], region, name, kind, orgnr, ident))


def _org_change(
    numbers: list[str],
    region: str | None,
    name: str | None,
    kind: str | None,
    orgnr: str | None,
    ident: str | None,
) -> Callable[[Workspace, date], None]:
    """What `org add` does, once its options are checked."""
    from digictl.author.orgs import add_municipality, add_other
    from digictl.errors import UsageError

    if bool(numbers) == (name is not None):
        raise UsageError(_("give municipalities' numbers, or --name and --kind (not both)"))
    if name is not None and kind is None:
        raise UsageError(_("--name needs --kind (county, state, ks or other)"))
    if name is None and (kind, orgnr, ident) != (None, None, None):
        raise UsageError(
            _("--kind, --orgnr and --id go with --name; municipalities come from the registry")
        )

    def change(ws: Workspace, _as_of: date) -> None:
        if name is not None and kind is not None:
            added = [add_other(ws, name, kind, orgnr, ident, region)]
        else:
            added = [add_municipality(ws, n, region) for n in numbers]
        if not any(added):
            typer.echo(_("nothing to change: already recorded as given"))
            raise typer.Exit(0)

    return change


# party

party_app = typer.Typer(
    no_args_is_help=True, help="Parties of an agreement: join and leave (agreements/<id>.yaml)."
)
AgreementOpt = Annotated[
    str,
    typer.Option("--agreement", help="The agreement's id.", autocompletion=complete.agreements),
]
OrgArg = Annotated[
    str,
    typer.Argument(
        help="The organisation's id.", autocompletion=complete.organisations, show_default=False
    ),
]


@party_app.command("join", epilog=EXIT_CODES)
@handles_errors
def party_join(
    ctx: typer.Context,
    org: OrgArg,
    agreement: AgreementOpt,
    joined: Annotated[
        str, typer.Option("--date", metavar="DATE", help="First day as a party, YYYY-MM-DD.")
    ],
    decision: Annotated[
        str,
        typer.Option(
            "--decision",
            help='The political decision of accession, e.g. "Kommunestyret 12.12.24 sak 94/24".',
        ),
    ],
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """An organisation accedes to an agreement: appends org, joined and decision to the
    agreement's parties.

    Example: digictl party join alver --agreement samarbeidsavtale --date 2025-01-01
    --decision "Kommunestyret 12.12.24 sak 94/24"
    """
    from digictl.author.common import day
    from digictl.author.parties import join

    first = day(joined, "--date")
    run(ctx, dry_run, force, lambda ws, _as_of: join(ws, org, agreement, first, decision))


@party_app.command("leave", epilog=EXIT_CODES)
@handles_errors
def party_leave(
    ctx: typer.Context,
    org: OrgArg,
    agreement: AgreementOpt,
    last_day: Annotated[
        str, typer.Option("--date", metavar="DATE", help="Last day as a party, YYYY-MM-DD.")
    ],
    decision: Annotated[
        OptionalText,
        typer.Option("--decision", help="The decision to withdraw (kept as a comment)."),
    ] = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """A party withdraws: sets `left` (its last day as a party) on its current entry; the
    decision, when given, is written as a comment on that line (the contract has no key
    for it). The entry stays: the file is the agreement's history.

    Example: digictl party leave hitra --agreement samarbeidsavtale-2022 --date 2024-12-31
    --decision "Kommunestyret 20.06.24 sak 38/24"
    """
    from digictl.author.common import day
    from digictl.author.parties import leave

    last = day(last_day, "--date")
    run(ctx, dry_run, force, lambda ws, _as_of: leave(ws, org, agreement, last, decision))


# meeting, decision

meeting_app = typer.Typer(
    no_args_is_help=True, help="Meetings of a body (meetings/<date>-<body>.yaml)."
)
decision_app = typer.Typer(no_args_is_help=True, help="Decisions of a meeting.")

MeetingArg = Annotated[
    str,
    typer.Argument(
        metavar="MEETING",
        help="The meeting, DATE-BODY (its file name), e.g. 2026-12-10-programstyret.",
        autocompletion=complete.meetings,
        show_default=False,
    ),
]
OnDay = Annotated[
    OptionalText,
    typer.Option("--on", metavar="DATE", help="The day, YYYY-MM-DD (default: today, or --as-of)."),
]
People = Optional[list[str]]  # noqa: UP045 - typer needs Optional on Python 3.11


@meeting_app.command("new", epilog=EXIT_CODES)
@handles_errors
def meeting_new(
    ctx: typer.Context,
    body: Annotated[
        str, typer.Argument(help="The body that meets.", autocompletion=complete.bodies)
    ],
    when: Annotated[
        str, typer.Argument(metavar="DATE", help="The date of the meeting, YYYY-MM-DD.")
    ],
    time: Annotated[
        OptionalText,
        typer.Option(
            "--time",
            metavar="HH:MM[-HH:MM]",
            help="When it starts, or starts and ends: 09:00-12:00 (09.00–12.00 is read too).",
        ),
    ] = None,
    place: Annotated[
        OptionalText,
        typer.Option("--place", help="Where: a room and address, or a video meeting."),
    ] = None,
    minutes: Annotated[
        OptionalText, typer.Option("--minutes", help="Where the minutes are (a URL or reference).")
    ] = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Record a meeting: writes meetings/DATE-BODY.yaml with body, date, time, place,
    minutes and an empty list of decisions. Then the workflow: `meeting item` builds the
    agenda, `meeting notified` records the notice, `meeting attendance` who met,
    `decision add` the decisions and `meeting approve` the approval of the minutes.

    Example: digictl meeting new programstyret 2026-12-10 --time 09:00-12:00
    --place "Teams (videomøte)"
    """
    from digictl.author.common import day
    from digictl.author.meetings import new_meeting

    on = day(when, "DATE")
    run(ctx, dry_run, force, lambda ws, _as_of: new_meeting(ws, body, on, minutes, time, place))


ItemKind = Annotated[
    str,
    typer.Option(
        "--kind",
        help="decision (vedtakssak), orientation (orienteringssak) or discussion (drøftingssak).",
        autocompletion=_choices("decision", "orientation", "discussion"),
    ),
]
Proposal = Annotated[
    OptionalText,
    typer.Option(
        "--proposal",
        help="The proposed decision (forslag til vedtak); line breaks are kept.",
    ),
]
Exempt = Annotated[
    OptionalText,
    typer.Option(
        "--exempt",
        metavar="BASIS",
        help='Exempt from public access, on this legal basis: "offentleglova § 23 første '
        'ledd". Writes public: false.',
    ),
]
Attachments = Annotated[
    People,
    typer.Option(
        "--attachment",
        metavar="TITLE=REF",
        help="A document of the item: its title, = and where it is (archive reference or "
        "URL); repeat for more.",
    ),
]
ItemNumber = Annotated[
    OptionalText,
    typer.Option(
        "--number",
        metavar="N/YY",
        help="The item's number (default: the body's next number in the meeting's year).",
    ),
]


@meeting_app.command("item", epilog=EXIT_CODES)
@handles_errors
def meeting_item(
    ctx: typer.Context,
    meeting: MeetingArg,
    title: Annotated[str, typer.Option("--title", help="The item's title (sakstittel).")],
    kind: ItemKind = "decision",
    proposal: Proposal = None,
    exempt: Exempt = None,
    attachment: Attachments = None,
    number: ItemNumber = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Put an item on a meeting's agenda (saksliste): number, title, kind, proposal,
    public/exempt and attachments. Items are numbered N/YY per body and year: without
    --number the item takes the number after the highest of the body's items that year in
    all its meeting files (12/26 after 11/26; 1/26 for the first).

    Example: digictl meeting item 2026-12-10-programstyret --title "Møteplan 2027"
    --proposal "Programstyret vedtar møteplanen for 2027."
    --attachment "Forslag til møteplan=https://example.org/16-26.pdf"
    """
    from digictl.author.meetings import Item, add_item, attachment_of

    given = Item(
        title,
        kind,
        proposal,
        exempt,
        tuple(attachment_of(a) for a in attachment or []),
        number,
    )
    run(ctx, dry_run, force, lambda ws, _as_of: add_item(ws, meeting, given))


@meeting_app.command("notified", epilog=EXIT_CODES)
@handles_errors
def meeting_notified(
    ctx: typer.Context,
    meeting: MeetingArg,
    on: OnDay = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Record that the notice (innkalling) with the agenda was sent: writes `notice`, the day
    it was sent. The meeting-notice rule checks it was sent in time (by default at least 7
    days before the meeting). `digictl meeting notice MEETING` writes the notice itself.

    Example: digictl meeting notified 2026-12-10-programstyret --on 2026-11-26
    """
    from digictl.author.meetings import notified

    sent = _day(on, "--on")
    run(ctx, dry_run, force, lambda ws, as_of: notified(ws, meeting, sent or as_of))


Present = Annotated[
    People,
    typer.Option(
        "--present",
        metavar="PERSON",
        help="A member who met (repeat for each).",
        autocompletion=complete.people,
    ),
]

Absent = Annotated[
    People,
    typer.Option(
        "--absent",
        metavar="PERSON[:REASON]",
        help="A member who did not meet, with the reason if it may be recorded: "
        '"kari-nordmann:sykdom" (repeat for each).',
        autocompletion=complete.people,
    ),
]

Deputies = Annotated[
    People,
    typer.Option(
        "--deputy",
        metavar="DEPUTY:MEMBER",
        help="A deputy (varamedlem) who met for a member: magnus-fjeldvaer:astrid-nordvik "
        "(repeat for each).",
        autocompletion=complete.people,
    ),
]

Observers = Annotated[
    People,
    typer.Option(
        "--observer",
        metavar="PERSON",
        help="Present without a vote: the programme office, guests (repeat for each).",
        autocompletion=complete.people,
    ),
]


@meeting_app.command("attendance", epilog=EXIT_CODES)
@handles_errors
def meeting_attendance(
    ctx: typer.Context,
    meeting: MeetingArg,
    present: Present = None,
    absent: Absent = None,
    deputy: Deputies = None,
    observer: Observers = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Record who met (or complete the record): present, absent with reasons, deputies and
    the members they met for, observers. Name each person once; a person the file already
    lists is moved to what the command says (a correction). Every person must exist; quorum
    is checked by the rules.

    Example: digictl meeting attendance 2026-09-17-programstyret --present tor-einar-hallan
    --absent astrid-nordvik:sykdom --deputy magnus-fjeldvaer:astrid-nordvik
    --observer marte-lysholm
    """
    from digictl.author.meetings import Attendance, deputy_of, person_and, record_attendance

    given = Attendance(
        tuple(present or []),
        tuple(person_and(a, "--absent") for a in absent or []),
        tuple(deputy_of(d) for d in deputy or []),
        tuple(observer or []),
    )
    run(ctx, dry_run, force, lambda ws, _as_of: record_attendance(ws, meeting, given))


@meeting_app.command("conflict", epilog=EXIT_CODES)
@handles_errors
def meeting_conflict(
    ctx: typer.Context,
    meeting: MeetingArg,
    item: Annotated[
        str,
        typer.Argument(
            metavar="ITEM", help="The agenda item's number, N/YY, e.g. 11/26.", show_default=False
        ),
    ],
    person: Annotated[
        str,
        typer.Option(
            "--person", help="The member who declared it.", autocompletion=complete.people
        ),
    ],
    grounds: Annotated[
        OptionalText,
        typer.Option(
            "--grounds",
            help='Why: "forvaltningsloven § 6 andre ledd (Orkland kommune er prosjekteier)".',
        ),
    ] = None,
    stayed: Annotated[
        bool,
        typer.Option("--stayed", help="The member took part in the item anyway (default: left)."),
    ] = False,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Record a conflict of interest (inhabilitet) declared for an agenda item: person,
    grounds and whether the member left while the item was dealt with (the default; a
    member who left does not count towards quorum for the item).

    Example: digictl meeting conflict 2026-11-12-programstyret 11/26 --person oddbjorn-heimdal
    --grounds "forvaltningsloven § 6 andre ledd"
    """
    from digictl.author.meetings import declare_conflict

    run(
        ctx,
        dry_run,
        force,
        lambda ws, _as_of: declare_conflict(ws, meeting, item, person, grounds, not stayed),
    )


@meeting_app.command("approve", epilog=EXIT_CODES)
@handles_errors
def meeting_approve(
    ctx: typer.Context,
    meeting: MeetingArg,
    by: Annotated[
        People,
        typer.Option(
            "--by",
            metavar="PERSON",
            help="Who approved (signed) the minutes; repeat for each.",
            autocompletion=complete.people,
        ),
    ] = None,
    on: OnDay = None,
    method: Annotated[
        OptionalText,
        typer.Option(
            "--method",
            help="meeting (at the next meeting) or e-mail (by e-mail within the deadline).",
            autocompletion=_choices("meeting", "e-mail"),
        ),
    ] = None,
    ref: Annotated[
        OptionalText,
        typer.Option("--ref", help="Where the approved minutes are (archive reference or URL)."),
    ] = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Record the approval of the minutes (justering): `minutes` gets ref, approved (the
    day), by and method; a reference the file already gives is kept as ref. The
    minutes-approval rule checks the day (by default within 14 days after the meeting).

    Example: digictl meeting approve 2026-11-12-programstyret --on 2026-11-20
    --by tor-einar-hallan --by hanne-ask-lindseth --method e-mail
    """
    from digictl.author.meetings import approve_minutes

    day_ = _day(on, "--on")
    run(
        ctx,
        dry_run,
        force,
        lambda ws, as_of: approve_minutes(ws, meeting, day_ or as_of, by or [], method, ref),
    )


Count = Optional[int]  # noqa: UP045 - typer needs Optional on Python 3.11


DecisionTitle = Annotated[
    OptionalText,
    typer.Option("--title", help="What was decided (default with --item: the item's title)."),
]

DecisionId = Annotated[
    OptionalText,
    typer.Option("--id", help="The decision's id (default: the next in the body's pattern)."),
]

DecisionItem = Annotated[
    OptionalText,
    typer.Option("--item", metavar="N/YY", help="The agenda item it was made under, e.g. 11/26."),
]

DecisionText = Annotated[
    OptionalText,
    typer.Option(
        "--text",
        help="The decision's full text (vedtaket), as in the minutes; line breaks are kept.",
    ),
]

Outcome = Annotated[
    OptionalText,
    typer.Option(
        "--outcome",
        help="consensus (the default), chair (decided by the chair, §4.3) or vote "
        "(with --for and --against; the default when they are given).",
        autocompletion=_choices("consensus", "chair", "vote"),
    ),
]

Blank = Annotated[Count, typer.Option("--blank", help="Abstentions, where the body allows them.")]

Matter = Annotated[
    OptionalText,
    typer.Option(
        "--matter",
        help="What the agreement says which body decides: project-mandate, "
        "project-budget, annual-plan or annual-report (checked by decision-authority).",
        autocompletion=_choices(
            "project-mandate", "project-budget", "annual-plan", "annual-report"
        ),
    ),
]

Subjects = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--subject",
        help="What it concerns: project:ID, agreement:ID, body:ID, year:YYYY (repeat for more).",
    ),
]


@decision_app.command("add", epilog=EXIT_CODES)
@handles_errors
def decision_add(
    ctx: typer.Context,
    meeting: Annotated[
        str,
        typer.Argument(help="The meeting, DATE-BODY.", autocompletion=complete.meetings),
    ],
    title: DecisionTitle = None,
    ident: DecisionId = None,
    item: DecisionItem = None,
    text: DecisionText = None,
    outcome: Outcome = None,
    votes_for: Annotated[Count, typer.Option("--for", help="Votes for, in a vote.")] = None,
    against: Annotated[Count, typer.Option("--against", help="Votes against.")] = None,
    blank: Blank = None,
    matter: Matter = None,
    subject: Subjects = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Add a decision to a meeting: appends id, title, item, text, outcome, votes, matter
    and subjects. Without --id the id is the next number of that year in the pattern the
    body's decisions use (after PS-2025-02 comes PS-2025-03); a body without numbered
    decisions gets the initials of its id in capitals (faggruppe-informasjonssikkerhet:
    FI-2025-01; one word: its first two letters). --item must be on the meeting's agenda.

    Example: digictl decision add 2025-02-13-programstyret --title "Budsjett 2026"
    --subject year:2026

    Example: digictl decision add 2026-11-12-programstyret --item 11/26 --for 5 --against 1
    --matter project-budget --text "Programstyret godkjenner budsjettet."
    """
    from digictl.author.meetings import Votes, add_decision

    votes = Votes(votes_for, against, blank)
    run(
        ctx,
        dry_run,
        force,
        lambda ws, _as_of: add_decision(
            ws,
            meeting,
            title,
            ident,
            outcome,
            subject or [],
            item=item,
            text=text,
            votes=votes,
            matter=matter,
        ),
    )


# project

project_app = typer.Typer(no_args_is_help=True, help="Projects of the portfolio.")


Scope = Annotated[
    str,
    typer.Option(
        "--scope", help="regional or national.", autocompletion=_choices("regional", "national")
    ),
]
Status = Annotated[
    str,
    typer.Option(
        "--status",
        help="proposed, approved, active, paused, completed or cancelled.",
        autocompletion=_choices(
            "proposed", "approved", "active", "paused", "completed", "cancelled"
        ),
    ),
]


@project_app.command("new", epilog=EXIT_CODES)
@handles_errors
def project_new(
    ctx: typer.Context,
    ident: Annotated[str, typer.Argument(help="The project's id, e.g. felles-sak-arkiv.")],
    name: Annotated[str, typer.Option("--name", help="The project's name.")],
    owner: Annotated[
        str,
        typer.Option(
            "--owner", help="The party that owns it.", autocompletion=complete.organisations
        ),
    ],
    start: Annotated[str, typer.Option("--start", metavar="DATE", help="First day, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--end", metavar="DATE", help="Last day, YYYY-MM-DD.")],
    scope: Scope = "regional",
    status: Status = "proposed",
    budget: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--budget", help="Total budget in whole kroner."),
    ] = None,
    budget_decision: Annotated[
        OptionalText, typer.Option("--budget-decision", help="The decision of the budget.")
    ] = None,
    manager: Annotated[
        OptionalText,
        typer.Option("--manager", help="The project manager.", autocompletion=complete.people),
    ] = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Start a project: writes projects/ID.yaml with id, name, scope, status, owner,
    manager, start, end and the budget (total, decision) when given.

    Example: digictl project new felles-sak-arkiv --name "Felles sak/arkiv" --owner voss
    --start 2025-03-01 --end 2026-12-31
    """
    from digictl.author.common import day
    from digictl.author.projects import NewProject, new_project

    p = NewProject(
        ident,
        name,
        owner,
        day(start, "--start"),
        day(end, "--end"),
        scope,
        status,
        budget,
        budget_decision,
        manager,
    )
    run(ctx, dry_run, force, lambda ws, _as_of: new_project(ws, p))


# year

year_app = typer.Typer(no_args_is_help=True, help="Year files (years/<yyyy>.yaml).")


@year_app.command("new", epilog=EXIT_CODES)
@handles_errors
def year_new(
    ctx: typer.Context,
    year: Annotated[int, typer.Argument(help="The year, e.g. 2026.")],
    office_budget: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--office-budget", help="The programme office's budget in whole kroner."),
    ] = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Start a year: writes years/YYYY.yaml with the year and the programme office's budget
    when given; the plan, report and contributions are added as they are decided.

    Example: digictl year new 2026 --office-budget 4800000
    """
    from digictl.author.years import new_year

    run(ctx, dry_run, force, lambda ws, _as_of: new_year(ws, year, office_budget))


def register(app: typer.Typer) -> None:
    """Join this module's commands to the main app (the meeting group also has the meeting
    documents and the meeting plan, from their own modules)."""
    from digictl.cli import meeting as meeting_docs
    from digictl.cli import meetingplan

    meeting_docs.register(meeting_app)
    meetingplan.register(meeting_app)
    app.add_typer(org_app, name="org", help="Add organisations (municipalities by number).")
    app.add_typer(person_app, name="person", help="Add people (people/<id>.yaml).")
    app.add_typer(party_app, name="party", help="Parties of an agreement: join, leave.")
    app.add_typer(member_app, name="member", help="Appoint, reappoint and end members of a body.")
    app.add_typer(meeting_app, name="meeting", help="Record meetings of a body.")
    app.add_typer(decision_app, name="decision", help="Add decisions to a meeting.")
    app.add_typer(project_app, name="project", help="Start projects.")
    app.add_typer(year_app, name="year", help="Start year files.")
