"""Board rosters on a date: who holds which seat, until when, and what is vacant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from digictl.errors import UsageError
from digictl.facts.governance import Tenure, tenures
from digictl.load.schemas import did_you_mean
from digictl.model import Body, Model


@dataclass(frozen=True)
class RosterLine:
    tenure: Tenure
    name: str
    status: str  # active, expiring, expired, left, appointed (starts later)

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
    id: str
    count: int
    held: int
    permanent: bool
    role: str

    @property
    def vacant(self) -> int:
        return max(self.count - self.held, 0)

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "count": self.count,
            "held": self.held,
            "vacant": self.vacant,
            "permanent": self.permanent,
            "role": self.role,
        }


@dataclass(frozen=True)
class Roster:
    body: Body
    lines: list[RosterLine]
    seats: list[SeatLine]

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.body.id,
            "name": self.body.name,
            "roles": self.body.roles,
            "members": [line.as_dict() for line in self.lines],
            "seats": [s.as_dict() for s in self.seats],
        }


def tenure_status(t: Tenure, as_of: date, horizon: int) -> str:
    m = t.member
    if m.start > as_of:
        return "appointed"
    last = t.last_day
    if last is not None and last < as_of:
        return "left"
    if t.term_end is not None and t.renewed_by is None:
        if t.term_end < as_of and m.until is None:
            return "expired"
        if t.term_end <= as_of + timedelta(days=horizon):
            return "expiring"
    return "active"


def roster(
    model: Model, body: Body, as_of: date, horizon: int = 90, history: bool = False
) -> Roster:
    lines = []
    for t in tenures(model, body):
        status = tenure_status(t, as_of, horizon)
        if not history and status in ("left", "appointed"):
            continue
        person = model.people.get(t.member.person)
        lines.append(RosterLine(t, person.name if person else t.member.person, status))
    seats = []
    for seat in body.seats:
        held = sum(
            1 for t in tenures(model, body) if t.seat is seat and t.voting and t.active_on(as_of)
        )
        seats.append(SeatLine(seat.id, seat.count, held, seat.permanent, seat.role))
    order = {s.id: i for i, s in enumerate(body.seats)}
    lines.sort(key=lambda ln: (order.get(ln.tenure.member.seat, 99), ln.tenure.member.start))
    return Roster(body, lines, seats)


def rosters(
    model: Model, as_of: date, body_id: str | None = None, horizon: int = 90, history: bool = False
) -> list[Roster]:
    if body_id is not None and body_id not in model.bodies:
        raise UsageError(
            f"there is no body `{body_id}`{did_you_mean(body_id, set(model.bodies))} "
            f"(bodies: {', '.join(sorted(model.bodies)) or 'none'})"
        )
    bodies = (
        [model.bodies[body_id]] if body_id else sorted(model.bodies.values(), key=lambda b: b.id)
    )
    return [roster(model, b, as_of, horizon, history) for b in bodies]
