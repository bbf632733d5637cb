"""Board rosters on a date: who holds which seat, until when, and what is vacant.

Every state and count here is read from ``digictl.facts``: the same terms and seats the
rules judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from digictl.errors import UsageError
from digictl.facts import SeatFacts, facts_of
from digictl.facts.tenures import Tenure
from digictl.i18n import _
from digictl.model import Body, Model
from digictl.vocabulary import DEFAULT_HORIZON


@dataclass(frozen=True)
class RosterLine:
    tenure: Tenure
    name: str
    status: str  # a tenure state: appointed (starts later), active, expiring, expired, left

    def as_dict(self) -> dict[str, object]:
        m = self.tenure.member
        return {
            "person": m.person,
            "name": self.name,
            "org": self.tenure.org,
            "seat": m.seat,
            "role": m.role,
            "from": m.start.isoformat(),
            "until": m.until.isoformat() if m.until else None,
            "term_end": self.tenure.term_end.isoformat() if self.tenure.term_end else None,
            "status": self.status,
        }


@dataclass(frozen=True)
class SeatLine:
    facts: SeatFacts

    @property
    def id(self) -> str:
        return self.facts.seat.id

    @property
    def count(self) -> int:
        return self.facts.seat.count

    @property
    def held(self) -> int:
        return self.facts.held

    @property
    def vacant(self) -> int:
        return self.facts.vacant

    def as_dict(self) -> dict[str, object]:
        seat = self.facts.seat
        return {
            "id": seat.id,
            "count": seat.count,
            "held": self.held,
            "vacant": self.vacant,
            "permanent": seat.permanent,
            "role": seat.role,
        }


@dataclass(frozen=True)
class Roster:
    body: Body
    lines: list[RosterLine]
    seats: list[SeatLine]
    constituted: bool = True  # a member has taken a seat: before, no seat counts as vacant

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.body.id,
            "name": self.body.name,
            "roles": self.body.roles,
            "members": [line.as_dict() for line in self.lines],
            "seats": [s.as_dict() for s in self.seats],
            "constituted": self.constituted,
        }


def roster(
    model: Model,
    body: Body,
    as_of: date,
    horizon: int = DEFAULT_HORIZON,
    history: bool = False,
) -> Roster:
    f = facts_of(model, as_of, horizon)
    lines = []
    for t in f.tenures(body):
        if not history and t.state in ("left", "appointed"):
            continue
        person = model.people.get(t.member.person)
        lines.append(RosterLine(t, person.name if person else t.member.person, t.state))
    order = {s.id: i for i, s in enumerate(body.seats)}
    lines.sort(key=lambda ln: (order.get(ln.tenure.member.seat, 99), ln.tenure.member.start))
    return Roster(body, lines, [SeatLine(sf) for sf in f.seats(body)], f.constituted(body))


def rosters(
    model: Model,
    as_of: date,
    body_id: str | None = None,
    horizon: int = DEFAULT_HORIZON,
    history: bool = False,
) -> list[Roster]:
    if body_id is not None:
        check_body(model, body_id)
    bodies = (
        [model.bodies[body_id]] if body_id else sorted(model.bodies.values(), key=lambda b: b.id)
    )
    return [roster(model, b, as_of, horizon, history) for b in bodies]


def check_body(model: Model, body_id: str) -> None:
    """A UsageError (one sentence, with a did-you-mean) for a body the data does not have."""
    if body_id not in model.bodies:
        raise UsageError(_no_body(model, body_id))


def _no_body(model: Model, body_id: str) -> str:
    """The usage error for a body id the data does not have."""
    from digictl.suggest import closest

    if not model.bodies:
        return _("there is no body `{body}`: the data has no bodies", body=body_id)
    match = closest(body_id, model.bodies)
    known = ", ".join(sorted(model.bodies))
    if match:
        return _(
            "there is no body `{body}`; did you mean `{match}`? (bodies: {bodies})",
            body=body_id,
            match=match,
            bodies=known,
        )
    return _("there is no body `{body}` (bodies: {bodies})", body=body_id, bodies=known)
