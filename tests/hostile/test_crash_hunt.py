"""Work that grew faster than the data (issue #10: crafted input must not hang).

Each test pins a rewrite that made quadratic work n log n, against the plain scan it
replaced (kept here as the reference), on data hypothesis draws: same answers, always.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from digictl.facts import parties_of
from digictl.facts.tenures import Tenure, consecutive_terms, tenures
from digictl.facts.timeline import ONE_DAY
from digictl.load.dataset import DirectorySource
from digictl.model import Body, Member, Model, Seat
from digictl.rules.engine import check_source
from tests.conftest import BASE

Entry = tuple[str, str, int, int | None, int | None]  # person, seat, start, until, term_years
NO_SRC: Any = None  # the records are built by hand: no file behind them
DAY0 = date(2000, 1, 1)


def _renewal_scan(m: Member, members: list[Member], limit: date | None) -> Member | None:
    """The renewal by the plain reading of the rule: the same person's next entry on the
    body (any seat; the earliest later start, the first in file order among equals), when
    it starts after this one and no later than the day after the limit (quadratic over one
    person's entries)."""
    later = [o for o in members if o.person == m.person and (o.start, o.index) > (m.start, m.index)]
    if limit is None or not later:
        return None
    nxt = min(later, key=lambda o: (o.start, o.index))
    return nxt if m.start < nxt.start and nxt.start - ONE_DAY <= limit else None


def _consecutive_scan(chain_of: list[Tenure]) -> dict[int, int]:
    count: dict[int, int] = {}
    by_member = {id(t.member): t for t in chain_of}
    for t in sorted(chain_of, key=lambda t: (t.member.start, t.member.index)):
        n = 1
        for prev in by_member.values():
            if prev.renewed_by is t.member and prev.member.seat == t.member.seat:
                n = count.get(prev.member.index, 1) + 1
                break
        count[t.member.index] = n
    return count


_entry = st.tuples(
    st.sampled_from(["ada", "bo"]),  # person
    st.sampled_from(["s1", "s2", "fast"]),  # seat ("fast" is permanent: no term end)
    st.integers(0, 4000),  # start, days after DAY0
    st.one_of(st.none(), st.integers(0, 4000)),  # until, days after the start
    st.one_of(st.none(), st.integers(1, 3)),  # the member's own term_years
)


def _body(entries: list[Entry], years: int) -> Body:
    members = [
        Member(
            person,
            seat,
            DAY0 + timedelta(days=start),
            NO_SRC,
            "b",
            i,
            until=None if until is None else DAY0 + timedelta(days=start + until),
            term_years=own,
        )
        for i, (person, seat, start, until, own) in enumerate(entries)
    ]
    seats = [Seat("s1", NO_SRC), Seat("s2", NO_SRC), Seat("fast", NO_SRC, permanent=True)]
    return Body("b", "B", [], NO_SRC, term_years=years, max_terms=2, seats=seats, members=members)


@settings(max_examples=200, deadline=None)
@given(st.lists(_entry, max_size=40), st.integers(1, 4))
def test_renewals_and_consecutive_terms_match_the_plain_scan(
    entries: list[Entry], years: int
) -> None:
    body = _body(entries, years)
    found = tenures(Model(), body, DAY0, 90)
    for t in found:
        limits = [d for d in (t.member.until, t.term_end) if d is not None]
        assert t.renewed_by is _renewal_scan(t.member, body.members, min(limits, default=None))
    assert consecutive_terms(found) == _consecutive_scan(found)


def test_thousands_of_terms_of_one_person_on_one_seat() -> None:
    """5,000 back-to-back terms: each renews the one before; the count runs up to 5,000.
    The plain scan did 25 million comparisons here, twice."""
    entries: list[Entry] = [("ada", "s1", i * 365, 364, None) for i in range(5000)]
    found = tenures(Model(), _body(entries, 1), DAY0, 90)
    assert all(t.renewed_by is not None for t in found[:-1])
    assert found[-1].renewed_by is None
    counts = consecutive_terms(found)
    assert sorted(counts.values()) == list(range(1, 5001))


def test_a_seat_is_found_by_id_the_first_of_its_name() -> None:
    first, again = Seat("s", NO_SRC, name="first"), Seat("s", NO_SRC, name="again")
    body = Body("b", "B", [], NO_SRC, seats=[first, again, Seat("t", NO_SRC)])
    assert body.seat("s") is first
    assert body.seat("nope") is None
    late = Seat("u", NO_SRC)
    body.seats.append(late)  # a seat added after a look-up is found too
    assert body.seat("u") is late


def _parties_on_scan(model: Model, agreement: Any, day: date) -> list[str]:
    """Who is a party on a day, as it was computed: every period of every party's
    organisation, for each party (agreements × parties × agreements)."""
    orgs = {p.org for p in agreement.parties}
    return sorted(
        org
        for org in orgs
        if any(
            pp.agreement is agreement and pp.start <= day <= pp.end
            for pp in parties_of(model).of_org(org)
        )
    )


def test_parties_of_an_agreement_on_a_day_match_the_plain_scan() -> None:
    model = check_source(DirectorySource(BASE), date(2023, 6, 15)).model
    assert model.agreements
    for a in model.agreements.values():
        assert [pp.party for pp in parties_of(model).of_agreement(a)] == a.parties
        days = {a.effective, a.until, *(p.joined for p in a.parties)}
        days |= {p.left for p in a.parties if p.left} | {p.until for p in a.parties if p.until}
        for day in sorted(d + delta for d in days for delta in (-ONE_DAY, timedelta(0), ONE_DAY)):
            assert parties_of(model).on(a, day) == _parties_on_scan(model, a, day)
