"""`body new`, `body seat`: a board or group and its seats (bodies/<id>.yaml). Members are
appointed with `member appoint`; the values the options take are the schema's own."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from digictl.author import yamldoc
from digictl.author.agreements import one_of
from digictl.author.common import ident, path_of, require
from digictl.author.workspace import Workspace
from digictl.errors import UsageError
from digictl.i18n import _


def _properties() -> dict[str, Any]:
    from digictl.load.schemas import raw_schema

    props: dict[str, Any] = raw_schema("body.schema.json")["properties"]
    return props


def _enum(schema: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(v) for v in schema["enum"])


def roles() -> tuple[str, ...]:
    """What a body does: portfolio-board, programme-board, ..."""
    return _enum(_properties()["roles"]["items"])


def cadences() -> tuple[str, ...]:
    """How often a body must meet: quarterly, yearly."""
    return _enum(_properties()["cadence"])


def seat_kinds() -> tuple[str, ...]:
    """The kinds of organisation a seat can be reserved for."""
    return _enum(_properties()["seats"]["items"]["properties"]["kind"])


def seat_roles() -> tuple[str, ...]:
    """member (votes) or observer (no vote)."""
    return _enum(_properties()["seats"]["items"]["properties"]["role"])


def _at_least_one(value: int | None, option: str) -> int | None:
    if value is not None and value < 1:
        raise UsageError(
            _("{option} takes a whole number, 1 or more, not {value}", option=option, value=value)
        )
    return value


@dataclass
class NewBody:
    """What `body new` is told."""

    id: str
    name: str
    roles: list[str] = field(default_factory=list)
    name_nn: str | None = None
    cadence: str | None = None
    term_years: int | None = None
    max_terms: int | None = None
    appointed_by: str | None = None
    chair_org: str | None = None


def _check(ws: Workspace, b: NewBody) -> None:
    ident(b.id, "ID")
    if not b.roles:
        raise UsageError(_("give the body's role with --role ({roles})", roles=", ".join(roles())))
    for role in b.roles:
        one_of(role, "--role", roles())
    if b.cadence is not None:
        one_of(b.cadence, "--cadence", cadences())
    _at_least_one(b.term_years, "--term-years")
    _at_least_one(b.max_terms, "--max-terms")
    if b.max_terms is not None and b.term_years is None:
        raise UsageError(_("--max-terms needs --term-years (the length of one term)"))
    if b.appointed_by is not None:
        if b.appointed_by == b.id:
            raise UsageError(
                _("--appointed-by: body `{body}` cannot appoint its own members", body=b.id)
            )
        require(ws, "body", b.appointed_by, "--appointed-by")
    if b.chair_org is not None:
        require(ws, "organisation", b.chair_org, "--chair-org")


def new_body(ws: Workspace, b: NewBody) -> None:
    """Create bodies/<id>.yaml: id, name, name_nn, roles, appointed_by, term_years,
    max_terms, cadence, chair and empty lists of seats and members."""
    _check(ws, b)
    chair = None if b.chair_org is None else yamldoc.new_map("chair", {"org": b.chair_org})
    doc = yamldoc.new_map(
        "body",
        {
            "id": b.id,
            "name": yamldoc.text(b.name, "--name"),
            "name_nn": None if b.name_nn is None else yamldoc.text(b.name_nn, "--name-nn"),
            "roles": yamldoc.flow_list(dict.fromkeys(b.roles)),
            "appointed_by": b.appointed_by,
            "term_years": b.term_years,
            "max_terms": b.max_terms,
            "cadence": b.cadence,
            "chair": chair,
            "seats": CommentedSeq(),
            "members": CommentedSeq(),
        },
    )
    ws.create(path_of("body", b.id), doc)


@dataclass
class NewSeat:
    """What `body seat` is told: the seat, and who may hold it (at most one of org, region
    and kind)."""

    body: str
    id: str
    name: str | None = None
    org: str | None = None
    region: str | None = None
    kind: str | None = None
    count: int | None = None
    permanent: bool = False
    role: str | None = None


def _check_seat(ws: Workspace, s: NewSeat) -> None:
    require(ws, "body", s.body, "BODY")
    ident(s.id, "SEAT")
    given = [o for o, v in (("--org", s.org), ("--region", s.region), ("--kind", s.kind)) if v]
    if len(given) > 2:
        raise UsageError(_("a seat is reserved by one of --org, --region or --kind, not all three"))
    if len(given) == 2:
        raise UsageError(
            _(
                "a seat is reserved by one of --org, --region or --kind, not {first} and {second}",
                first=given[0],
                second=given[1],
            )
        )
    if s.org is not None:
        require(ws, "organisation", s.org, "--org")
    if s.kind is not None:
        one_of(s.kind, "--kind", seat_kinds())
    if s.role is not None:
        one_of(s.role, "--role", seat_roles())
    _at_least_one(s.count, "--count")


def _seats(doc: CommentedMap) -> CommentedSeq:
    seats = doc.get("seats")
    if seats is None:
        seats = CommentedSeq()
        yamldoc.put(doc, "body", "seats", seats)
    if not isinstance(seats, CommentedSeq):
        raise UsageError(_("`seats` of the body is not a list; fix the file first"))
    return seats


def add_seat(ws: Workspace, s: NewSeat) -> None:
    """Append a seat to the body's seats: id, name, org, region, kind, count, permanent,
    role; what is not given is left out (the contract's defaults: count 1, a seat with a
    term, role member)."""
    _check_seat(ws, s)
    seats = _seats(ws.edit(path_of("body", s.body)))
    if any(isinstance(x, CommentedMap) and x.get("id") == s.id for x in seats):
        raise UsageError(_("body `{body}` already has a seat `{seat}`", body=s.body, seat=s.id))
    entry = yamldoc.new_map(
        "seat",
        {
            "id": s.id,
            "name": None if s.name is None else yamldoc.text(s.name, "--name"),
            "org": s.org,
            "region": None if s.region is None else yamldoc.text(s.region, "--region"),
            "kind": s.kind,
            "count": s.count,
            "permanent": True if s.permanent else None,
            "role": s.role,
        },
    )
    seats.append(entry)
