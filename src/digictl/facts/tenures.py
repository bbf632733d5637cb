"""Members' terms on a date: when a term ends, what continues it, who holds a seat.

Decided once (docs/design.md §4, "Terms"):

- A term of ``term_years`` ends the day before the anniversary of ``from``; a permanent seat
  or a body without a term length has no term end.
- A person holds at most one entry on a body at a time: an entry ends at the latest the day
  before the same person's next entry on that body (any seat) starts; of two entries starting
  the same day, the later one in the file holds the seat.
- An appointment takes effect on its `from`, but not before its decision (`appointed_by`): an
  entry holds its seat from the later of the two (``begins``). An entry whose decision is dated
  after the date examined is *pending*: that appointment has not been made yet, so it holds no
  seat on that date and settles no one's term, but it counts for the days after its decision.
- A reappointment is the next entry when it starts no later than the day after the term (or an
  earlier `until`) ends.
- A term is *resolved* when it is reappointed or `until` ends it on or before the term's end.
  Nobody sits past the end of a term: an unresolved term ends its seat on the term's last day;
  after it the term is *expired* (`term-expired`), also when `until` lies after the term end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from digictl.facts.timeline import ONE_DAY, add_days, term_end
from digictl.model import Body, Member, Model, Seat

TENURE_STATES = ("appointed", "active", "expiring", "expired", "left")


@dataclass(frozen=True)
class Tenure:
    """A member entry with what follows from it on the date examined."""

    member: Member
    body: Body
    seat: Seat | None
    org: str | None
    term_end: date | None  # None: permanent seat or no term length recorded
    next_entry: Member | None  # the same person's next entry on the body, any seat
    renewed_by: Member | None  # the next entry, when it is a reappointment
    state: str  # one of TENURE_STATES
    pending: bool  # appointed by a decision dated after the date examined
    first_day: date  # the first day it holds its seat: `from`, or its decision's date if later
    next_first_day: date | None  # the same, of the next entry

    @property
    def voting(self) -> bool:
        return self.member.role != "deputy"

    @property
    def superseded(self) -> bool:
        """Another entry of the same person on the body starts the same day, later in the
        file: this one never holds its seat."""
        return self.next_first_day is not None and self.next_first_day <= self.first_day

    @property
    def resolved(self) -> bool:
        """The term's end is settled: no term, reappointed, ended by `until` in time, or the
        entry is superseded."""
        if self.term_end is None or self.renewed_by is not None or self.superseded:
            return True
        return self.member.until is not None and self.member.until <= self.term_end

    @property
    def past_term(self) -> bool:
        """`until` lies after the end of a term that is not reappointed."""
        return not self.resolved and self.member.until is not None

    @property
    def last_day(self) -> date | None:
        """The last day this entry holds its seat, None while it runs on."""
        ends = [d for d in (self.member.until, self._before_next(), self._term_limit()) if d]
        return min(ends) if ends else None

    def _before_next(self) -> date | None:
        return add_days(self.next_first_day, -1) if self.next_first_day else None

    def _term_limit(self) -> date | None:
        return None if self.resolved else self.term_end

    def active_on(self, day: date) -> bool:
        last = self.last_day
        return self.first_day <= day and (last is None or day <= last)


def term_years(body: Body, member: Member, seat: Seat | None) -> int | None:
    if seat is not None and seat.permanent:
        return None
    return member.term_years or body.term_years


def tenures(model: Model, body: Body, as_of: date, horizon: int) -> list[Tenure]:
    """Every member entry of ``body``, in file order, with its state on ``as_of``."""
    begins = {m.index: _first_day(model, m) for m in body.members}
    decided = {m.index: decided_by(model, m.appointed_by, as_of) for m in body.members}
    following = _next_entries(body.members, begins)
    out: list[Tenure] = []
    for m in body.members:
        seat = body.seat(m.seat)
        years = term_years(body, m, seat)
        end = term_end(m.start, years) if years else None
        nxt = following.get(m.index)
        renewed = nxt if nxt is not None and _renews(m, end, nxt, decided[nxt.index]) else None
        person = model.people.get(m.person)
        org = person.org if person else None
        after = begins[nxt.index] if nxt is not None else None
        pending = not decided[m.index]
        t = Tenure(m, body, seat, org, end, nxt, renewed, "", pending, begins[m.index], after)
        object.__setattr__(t, "state", _state(t, as_of, horizon))
        out.append(t)
    return out


def _first_day(model: Model, m: Member) -> date:
    """`from`, or the date of the appointing decision when that is later."""
    decision = model.decisions.get(m.appointed_by) if m.appointed_by else None
    return max(m.start, decision.date) if decision is not None else m.start


def _next_entries(members: list[Member], begins: dict[int, date]) -> dict[int, Member]:
    """For each entry (by index), the same person's next entry on the body: the next by
    first day, then by file order. Of two entries beginning the same day the later one in the
    file follows the earlier, which so never holds its seat (`seat-composition` says so)."""
    by_person: dict[str, list[Member]] = {}
    for m in members:
        by_person.setdefault(m.person, []).append(m)
    found: dict[int, Member] = {}
    for entries in by_person.values():
        entries.sort(key=lambda m: (begins[m.index], m.index))
        for m, nxt in pairwise(entries):
            found[m.index] = nxt
    return found


def _renews(m: Member, end: date | None, nxt: Member, decided: bool) -> bool:
    """The next entry continues the term: it starts (`from`) after this one and no later than
    the day after the term or `until` ends, and its decision is taken by the date examined."""
    limits = [d for d in (m.until, end) if d is not None]
    if not decided or nxt.start <= m.start or not limits:
        return False
    return nxt.start.toordinal() <= min(limits).toordinal() + 1


def decided_by(model: Model, decision_id: str | None, as_of: date) -> bool:
    """An appointment without a recorded decision counts; one whose decision is dated after
    ``as_of`` has not been made yet."""
    decision = model.decisions.get(decision_id) if decision_id else None
    return decision is None or decision.date <= as_of


def _state(t: Tenure, as_of: date, horizon: int) -> str:
    if t.pending:
        return "appointed"
    if not t.resolved and t.term_end is not None:
        if t.term_end < as_of:
            return "expired"
        if t.term_end <= as_of + timedelta(days=horizon):
            return "expiring"  # also a term that starts later but ends within the horizon
    if t.first_day > as_of:
        return "appointed"
    last = t.last_day
    if last is not None and last < as_of:
        return "left"
    return "active"


def consecutive_terms(all_tenures: list[Tenure]) -> dict[int, int]:
    """For each member index, how many consecutive terms the person has served on that seat:
    a reappointment to the same seat continues the count, a move to another seat starts anew."""
    renewed_from: dict[int, Tenure] = {}
    for t in all_tenures:
        if t.renewed_by is not None and t.renewed_by.seat == t.member.seat:
            renewed_from.setdefault(t.renewed_by.index, t)
    count: dict[int, int] = {}
    for t in sorted(all_tenures, key=lambda t: (t.member.start, t.member.index)):
        prev = renewed_from.get(t.member.index)
        count[t.member.index] = 1 if prev is None else count.get(prev.member.index, 1) + 1
    return count


__all__ = ["ONE_DAY", "TENURE_STATES", "Tenure", "consecutive_terms", "tenures"]
