"""Authoring commands for the partnership's structure: the agreement and its bodies.

`agreement new` writes the agreement with no parties (they accede with `party join` or
`import --what parties`); `body new` writes a board or group with no seats or members, and
`body seat` adds its seats (members are appointed with `member appoint`). Each is judged like
the other authoring commands (digictl.cli.author) before anything is written.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from digictl.cli import complete
from digictl.cli.author import EXIT_CODES, DryRun, Force, OptionalText, run
from digictl.cli.common import handles_errors

OptionalInt = Optional[int]  # noqa: UP045 - typer needs Optional on Python 3.11


def _completing(choices: tuple[str, ...], incomplete: str) -> list[str]:
    return [c for c in choices if c.startswith(incomplete)]


def _amendment_rules(incomplete: str) -> list[str]:
    from digictl.author.agreements import amendment_rules

    return _completing(amendment_rules(), incomplete)


def _body_roles(incomplete: str) -> list[str]:
    from digictl.author.bodies import roles

    return _completing(roles(), incomplete)


def _cadences(incomplete: str) -> list[str]:
    from digictl.author.bodies import cadences

    return _completing(cadences(), incomplete)


def _seat_kinds(incomplete: str) -> list[str]:
    from digictl.author.bodies import seat_kinds

    return _completing(seat_kinds(), incomplete)


def _seat_roles(incomplete: str) -> list[str]:
    from digictl.author.bodies import seat_roles

    return _completing(seat_roles(), incomplete)


# agreement

agreement_app = typer.Typer(
    no_args_is_help=True, help="The cooperation agreement (agreements/<id>.yaml)."
)


@agreement_app.command("new", epilog=EXIT_CODES)
@handles_errors
def agreement_new(
    ctx: typer.Context,
    ident: Annotated[
        str, typer.Argument(metavar="ID", help="The agreement's id, e.g. samarbeidsavtale-2025.")
    ],
    title: Annotated[str, typer.Option("--title", help="The title of the agreement.")],
    effective: Annotated[
        str,
        typer.Option("--effective", metavar="DATE", help="First day in force, YYYY-MM-DD."),
    ],
    until: Annotated[
        str,
        typer.Option(
            "--until", metavar="DATE", help="Last day in force (§6 varighet), YYYY-MM-DD."
        ),
    ],
    version: Annotated[
        OptionalText, typer.Option("--version", help='Version of the text, e.g. "1.0".')
    ] = None,
    evaluation_due: Annotated[
        OptionalText,
        typer.Option(
            "--evaluation-due",
            metavar="DATE",
            help="Date by which the agreement is to be evaluated (§6).",
        ),
    ] = None,
    amendment_rule: Annotated[
        OptionalText,
        typer.Option(
            "--amendment-rule",
            help="How it is amended: unanimous (every party consents, §7).",
            autocompletion=_amendment_rules,
        ),
    ] = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Create an agreement: writes agreements/ID.yaml with id, title, version, effective,
    until, evaluation (due) and amendment_rule, and no parties yet: they accede with
    `digictl party join ORG --agreement ID` or `digictl import FILE --what parties`.

    Example: digictl agreement new samarbeidsavtale-2025 --title "Avtale om Digi Vestland"
    --effective 2025-01-01 --until 2028-12-31 --version 1.0 --evaluation-due 2027-06-30
    --amendment-rule unanimous
    """
    from digictl.author.agreements import NewAgreement, new_agreement
    from digictl.author.common import day

    a = NewAgreement(
        ident,
        title,
        day(effective, "--effective"),
        day(until, "--until"),
        version,
        None if evaluation_due is None else day(evaluation_due, "--evaluation-due"),
        amendment_rule,
    )
    run(ctx, dry_run, force, lambda ws, _as_of: new_agreement(ws, a))


# body

body_app = typer.Typer(
    no_args_is_help=True, help="Boards and groups and their seats (bodies/<id>.yaml)."
)
BodyArg = Annotated[
    str,
    typer.Argument(
        metavar="BODY", help="The body's id.", autocompletion=complete.bodies, show_default=False
    ),
]


Roles = Annotated[
    list[str],
    typer.Option(
        "--role",
        help="What it does (repeat for more): portfolio-board, programme-board, "
        "resource-group, strategy-group, expert-group or efagrad.",
        autocompletion=_body_roles,
        show_default=False,
    ),
]
Cadence = Annotated[
    OptionalText,
    typer.Option(
        "--cadence", help="How often it must meet: quarterly or yearly.", autocompletion=_cadences
    ),
]
TermYears = Annotated[
    OptionalInt, typer.Option("--term-years", help="Default length of a member's term.")
]
MaxTerms = Annotated[
    OptionalInt,
    typer.Option("--max-terms", help="Consecutive terms one person may serve on a seat."),
]
AppointedBy = Annotated[
    OptionalText,
    typer.Option(
        "--appointed-by",
        help="The body that appoints its members.",
        autocompletion=complete.bodies,
    ),
]
ChairOrg = Annotated[
    OptionalText,
    typer.Option(
        "--chair-org",
        help="The organisation whose representative chairs it (§4.2).",
        autocompletion=complete.organisations,
    ),
]


@body_app.command("new", epilog=EXIT_CODES)
@handles_errors
def body_new(
    ctx: typer.Context,
    ident: Annotated[str, typer.Argument(metavar="ID", help="The body's id, e.g. programstyret.")],
    name: Annotated[str, typer.Option("--name", help="The body's name, e.g. Programstyret.")],
    role: Roles,
    name_nn: Annotated[
        OptionalText, typer.Option("--name-nn", help="The name in nynorsk, where it differs.")
    ] = None,
    cadence: Cadence = None,
    term_years: TermYears = None,
    max_terms: MaxTerms = None,
    appointed_by: AppointedBy = None,
    chair_org: ChairOrg = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Create a board or group: writes bodies/ID.yaml with id, name, roles, appointed_by,
    term_years, max_terms, cadence and chair, and no seats or members yet: add seats with
    `digictl body seat ID SEAT` and members with `digictl member appoint`.

    Example: digictl body new programstyret --name Programstyret --role programme-board
    --cadence quarterly --term-years 3 --max-terms 2 --chair-org bergen
    """
    from digictl.author.bodies import NewBody, new_body

    b = NewBody(
        ident, name, list(role), name_nn, cadence, term_years, max_terms, appointed_by, chair_org
    )
    run(ctx, dry_run, force, lambda ws, _as_of: new_body(ws, b))


@body_app.command("seat", epilog=EXIT_CODES)
@handles_errors
def body_seat(
    ctx: typer.Context,
    body: BodyArg,
    seat: Annotated[
        str, typer.Argument(metavar="SEAT", help="The seat's id in the body, e.g. regional.")
    ],
    org: Annotated[
        OptionalText,
        typer.Option(
            "--org",
            help="Reserved for this organisation.",
            autocompletion=complete.organisations,
        ),
    ] = None,
    region: Annotated[
        OptionalText,
        typer.Option("--region", help="Reserved for an organisation of this region."),
    ] = None,
    kind: Annotated[
        OptionalText,
        typer.Option(
            "--kind",
            help="Reserved for a kind: municipality, county, state, ks or other.",
            autocompletion=_seat_kinds,
        ),
    ] = None,
    count: Annotated[
        OptionalInt, typer.Option("--count", help="How many members it holds (default 1).")
    ] = None,
    permanent: Annotated[
        bool, typer.Option("--permanent", help="A fixed seat without term.")
    ] = False,
    role: Annotated[
        OptionalText,
        typer.Option(
            "--role",
            help="member (votes; the default) or observer (no vote).",
            autocompletion=_seat_roles,
        ),
    ] = None,
    name: Annotated[OptionalText, typer.Option("--name", help="What the seat is.")] = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Add a seat to a body: appends id, name, org, region, kind, count, permanent and role
    to the body's seats (what is not given is left out). A seat is reserved by at most one
    of --org, --region and --kind; a seat id the body has is refused.

    Example: digictl body seat programstyret regional --kind municipality --count 4
    """
    from digictl.author.bodies import NewSeat, add_seat

    s = NewSeat(body, seat, name, org, region, kind, count, permanent, role)
    run(ctx, dry_run, force, lambda ws, _as_of: add_seat(ws, s))


def register(app: typer.Typer) -> None:
    """Join this module's commands to the main app."""
    app.add_typer(agreement_app, name="agreement", help="Create the cooperation agreement.")
    app.add_typer(body_app, name="body", help="Create boards and groups and add their seats.")
