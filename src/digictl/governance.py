"""Derived governance facts: who is a party when, terms of members, what is in force.

Pure functions over the model; every date question takes the date explicitly.
A fact dated after the day examined has not happened yet on that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from digictl.model import Agreement, Body, Member, Model, Party, Seat
from digictl.timeline import ONE_DAY, merge_periods, term_end


@dataclass(frozen=True)
class PartyPeriod:
    """One accession of an organisation to one agreement, as a period of days."""

    agreement: Agreement
    party: Party
    start: date
    end: date
    end_reason: str  # "left", "until" (own end) or "agreement" (the agreement ends)


def party_periods(model: Model, org: str) -> list[PartyPeriod]:
    """Every accession of ``org``, in order (from an index built once per model)."""
    index: dict[str, list[PartyPeriod]] | None = model.derived.get("party_periods")
    if index is None:
        index = _index_party_periods(model)
        model.derived["party_periods"] = index
    return index.get(org, [])


def _index_party_periods(model: Model) -> dict[str, list[PartyPeriod]]:
    by_org: dict[str, list[PartyPeriod]] = {}
    for a in model.agreements.values():
        for p in a.parties:
            ends = [(a.until, "agreement")]
            if p.until is not None:
                ends.append((p.until, "until"))
            if p.left is not None:
                ends.append((p.left, "left"))
            # the earliest end wins; on a tie an explicit `left` or `until` explains it best
            end, reason = min(ends, key=lambda e: (e[0], {"left": 0, "until": 1}.get(e[1], 2)))
            by_org.setdefault(p.org, []).append(
                PartyPeriod(a, p, max(a.effective, p.joined), end, reason)
            )
    for periods in by_org.values():
        periods.sort(key=lambda pp: (pp.start, pp.end))
    return by_org


def parties_on(model: Model, agreement: Agreement, day: date) -> list[str]:
    """The organisations that are parties to ``agreement`` on ``day``, sorted."""
    orgs = {p.org for p in agreement.parties}
    return sorted(
        org
        for org in orgs
        if any(
            pp.agreement is agreement and pp.start <= day <= pp.end
            for pp in party_periods(model, org)
        )
    )


def is_active_party(model: Model, org: str, day: date) -> bool:
    return any(pp.start <= day <= pp.end for pp in party_periods(model, org))


def active_parties(model: Model, day: date) -> list[str]:
    orgs = {p.org for a in model.agreements.values() for p in a.parties}
    return sorted(o for o in orgs if is_active_party(model, o, day))


def in_force(model: Model, day: date) -> list[Agreement]:
    return [a for a in model.agreements.values() if a.effective <= day <= a.until]


def in_force_periods(model: Model) -> list[tuple[date, date]]:
    return merge_periods([(a.effective, a.until) for a in model.agreements.values()])


@dataclass(frozen=True)
class Tenure:
    """A member entry with what follows from it: term end, reappointment, organisation."""

    member: Member
    body: Body
    seat: Seat | None
    org: str | None
    term_end: date | None  # None: permanent seat or no term length recorded
    renewed_by: Member | None  # the reappointment that continues this term

    @property
    def last_day(self) -> date | None:
        """The last day of this entry: `until`, else the day before its reappointment starts.

        None while it runs on (an expired term without either is `term-expired`'s finding).
        """
        if self.member.until is not None:
            return self.member.until
        if self.renewed_by is not None:
            return self.renewed_by.start - ONE_DAY
        return None

    def active_on(self, day: date) -> bool:
        last = self.last_day
        return self.member.start <= day and (last is None or day <= last)

    @property
    def voting(self) -> bool:
        return self.member.role != "deputy"


def term_years(body: Body, member: Member, seat: Seat | None) -> int | None:
    if seat is not None and seat.permanent:
        return None
    return member.term_years or body.term_years


def tenures(model: Model, body: Body) -> list[Tenure]:
    """Every member entry of a body with its term end and reappointment (computed once)."""
    cache: dict[str, tuple[Body, list[Tenure]]] = model.derived.setdefault("tenures", {})
    entry = cache.get(body.id)
    if entry is None or entry[0] is not body:
        entry = cache[body.id] = (body, _tenures(model, body))
    return entry[1]


def _tenures(model: Model, body: Body) -> list[Tenure]:
    by_key: dict[tuple[str, str], list[Member]] = {}
    for m in body.members:
        by_key.setdefault((m.person, m.seat), []).append(m)
    out: list[Tenure] = []
    for m in body.members:
        seat = body.seat(m.seat)
        years = term_years(body, m, seat)
        end = term_end(m.start, years) if years else None
        renewed = None
        limit = (m.until or end) if (m.until or end) else None
        if limit is not None:
            for other in by_key[(m.person, m.seat)]:
                # `other.start - 1 day`, not `limit + 1 day`: the limit may be 9999-12-31
                if other is not m and m.start < other.start and other.start - ONE_DAY <= limit:
                    renewed = other
                    break
        person = model.people.get(m.person)
        out.append(Tenure(m, body, seat, person.org if person else None, end, renewed))
    return out


def consecutive_terms(chain_of: list[Tenure]) -> dict[int, int]:
    """For each member index, how many consecutive terms the person has served on that seat."""
    count: dict[int, int] = {}
    by_member = {id(t.member): t for t in chain_of}
    for t in sorted(chain_of, key=lambda t: t.member.start):
        n = 1
        for prev in by_member.values():
            if prev.renewed_by is t.member:
                n = count.get(prev.member.index, 1) + 1
                break
        count[t.member.index] = n
    return count


def programme_board_members(model: Model) -> list[Tenure]:
    return [
        t for b in model.bodies.values() if "programme-board" in b.roles for t in tenures(model, b)
    ]


def decision_bodies_with_role(model: Model, decision_id: str | None, role: str) -> bool:
    """True when the decision exists and was made by a body with ``role``."""
    if decision_id is None:
        return False
    d = model.decisions.get(decision_id)
    if d is None:
        return False
    body = model.bodies.get(d.body)
    return body is not None and role in body.roles
