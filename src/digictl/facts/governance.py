"""Derived governance facts: who is a party when, terms of members, what is in force.

Pure functions over the model; every date question takes the date explicitly.
A fact dated after the day examined has not happened yet on that day.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date

from digictl.facts.timeline import ONE_DAY, term_end
from digictl.model import Agreement, Body, Member, Model, Party, Seat


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
    return _party_period_index(model)[0].get(org, [])


def agreement_periods(model: Model, agreement: Agreement) -> list[PartyPeriod]:
    """The accession of each party of ``agreement``, in the order of its parties."""
    found = _party_period_index(model)[1].get(agreement.id, [])
    return [pp for pp in found if pp.agreement is agreement]


_PeriodIndex = tuple[dict[str, list[PartyPeriod]], dict[str, list[PartyPeriod]]]


def _party_period_index(model: Model) -> _PeriodIndex:
    """Accession periods by organisation and by agreement id, built once per model: asked
    per party of every agreement, a scan would grow with agreements times parties."""
    index: _PeriodIndex | None = model.derived.get("party_periods")
    if index is None:
        index = model.derived["party_periods"] = _index_party_periods(model)
    return index


def _index_party_periods(model: Model) -> _PeriodIndex:
    by_org: dict[str, list[PartyPeriod]] = {}
    by_agreement: dict[str, list[PartyPeriod]] = {}
    for a in model.agreements.values():
        for p in a.parties:
            ends = [(a.until, "agreement")]
            if p.until is not None:
                ends.append((p.until, "until"))
            if p.left is not None:
                ends.append((p.left, "left"))
            # the earliest end wins; on a tie an explicit `left` or `until` explains it best
            end, reason = min(ends, key=lambda e: (e[0], {"left": 0, "until": 1}.get(e[1], 2)))
            period = PartyPeriod(a, p, max(a.effective, p.joined), end, reason)
            by_org.setdefault(p.org, []).append(period)
            by_agreement.setdefault(a.id, []).append(period)
    for periods in by_org.values():
        periods.sort(key=lambda pp: (pp.start, pp.end))
    return by_org, by_agreement


def parties_on(model: Model, agreement: Agreement, day: date) -> list[str]:
    """The organisations that are parties to ``agreement`` on ``day``, sorted."""
    return sorted(
        {pp.party.org for pp in agreement_periods(model, agreement) if pp.start <= day <= pp.end}
    )


def is_active_party(model: Model, org: str, day: date) -> bool:
    return any(pp.start <= day <= pp.end for pp in party_periods(model, org))


def active_parties(model: Model, day: date) -> list[str]:
    orgs = {p.org for a in model.agreements.values() for p in a.parties}
    return sorted(o for o in orgs if is_active_party(model, o, day))


def in_force(model: Model, day: date) -> list[Agreement]:
    return [a for a in model.agreements.values() if a.effective <= day <= a.until]


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
    later = {key: _Successors(members) for key, members in by_key.items()}
    out: list[Tenure] = []
    for m in body.members:
        seat = body.seat(m.seat)
        years = term_years(body, m, seat)
        end = term_end(m.start, years) if years else None
        limit = m.until or end
        renewed = later[(m.person, m.seat)].first_between(m.start, limit) if limit else None
        person = model.people.get(m.person)
        out.append(Tenure(m, body, seat, person.org if person else None, end, renewed))
    return out


class _Successors:
    """The entries of one person on one seat, to ask which renews a term.

    The renewal of an entry is the first entry, in file order, that starts after it and
    no later than the day after its last day. Asked of every entry, a scan would be
    quadratic in the entries of one person on one seat; entries sorted by start with a
    sparse table of the least file position over each run of 2^k make it n log n.
    """

    def __init__(self, members: list[Member]) -> None:
        order = sorted(range(len(members)), key=lambda i: members[i].start)
        self.members = members
        self.starts = [members[i].start.toordinal() for i in order]
        self.least = [order]  # least[k][i]: the least file position in order[i : i + 2**k]
        span = 1
        while 2 * span <= len(order):
            row = self.least[-1]
            self.least.append([min(row[i], row[i + span]) for i in range(len(row) - span)])
            span *= 2

    def first_between(self, after: date, limit: date) -> Member | None:
        """The first entry in file order with ``after < start <= limit + 1 day``."""
        # ordinals, not `limit + 1 day`: the limit may be 9999-12-31
        lo = bisect.bisect_right(self.starts, after.toordinal())
        hi = bisect.bisect_right(self.starts, limit.toordinal() + 1)
        if lo >= hi:
            return None
        k = (hi - lo).bit_length() - 1
        row = self.least[k]
        return self.members[min(row[lo], row[hi - (1 << k)])]


def consecutive_terms(chain_of: list[Tenure]) -> dict[int, int]:
    """For each member index, how many consecutive terms the person has served on that seat."""
    renewed_from: dict[int, Tenure] = {}  # the first tenure renewed by a member entry
    for t in chain_of:
        if t.renewed_by is not None:
            renewed_from.setdefault(id(t.renewed_by), t)
    count: dict[int, int] = {}
    for t in sorted(chain_of, key=lambda t: t.member.start):
        prev = renewed_from.get(id(t.member))
        count[t.member.index] = 1 if prev is None else count.get(prev.member.index, 1) + 1
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
