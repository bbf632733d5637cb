"""Members' terms (digictl.facts.tenures): the semantics decided in its docstring, as properties.

Each example is a small partnership held in memory: one body with a three-place seat, a
one-place seat and a permanent seat, and chains of entries of one or two people, with or
without `until`, own term lengths and appointing decisions dated before or after the day
examined.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digictl.facts import facts_of
from digictl.facts.tenures import Tenure, consecutive_terms
from digictl.facts.timeline import term_end
from digictl.model import Model
from tests.facts.conftest import model_from

BODY = "styret"
SEATS = [
    {"id": "felles", "kind": "municipality", "count": 3},
    {"id": "eigen", "count": 1},
    {"id": "fast", "permanent": True},
]
FIXED: dict[str, Any] = {
    "network.yaml": {"id": "testnett", "name": "Test", "host": "bergen"},
    "organisations/bergen.yaml": {
        "id": "bergen",
        "name": "Bergen",
        "kind": "municipality",
        "kommunenummer": "4601",
    },
    **{
        f"people/{p}.yaml": {"id": p, "name": p.capitalize(), "org": "bergen"}
        for p in ("per", "pia", "pal")
    },
}
START = date(2020, 1, 1)


@st.composite
def chains(draw: st.DrawFn, person: str, body_years: int | None) -> list[dict[str, Any]]:
    """Entries of ``person`` on the body, each starting after the one before: around the end
    of the term before (a reappointment or nearly one), or with a gap."""
    entries: list[dict[str, Any]] = []
    start = START + timedelta(days=draw(st.integers(0, 400)))
    for _ in range(draw(st.integers(1, 4))):
        entry: dict[str, Any] = {
            "person": person,
            "seat": draw(st.sampled_from(["felles", "felles", "eigen", "fast"])),
            "from": start,
        }
        if draw(st.integers(0, 5)) == 0:
            entry["role"] = "deputy"
        own = draw(st.one_of(st.none(), st.integers(1, 3)))
        if own is not None:
            entry["term_years"] = own
        years = own or body_years or 2
        end = term_end(start, years)
        if draw(st.booleans()):
            entry["until"] = end + timedelta(days=draw(st.integers(-500, 200)))
            entry["until"] = max(entry["until"], start)
        if draw(st.booleans()):
            entry["appointed_by"] = start + timedelta(days=draw(st.integers(-60, 90)))
        entries.append(entry)
        nearly = end + timedelta(days=1 + draw(st.integers(-3, 3)))
        later = end + timedelta(days=draw(st.integers(-700, 400)))
        start = max(draw(st.sampled_from([nearly, later])), start + timedelta(days=1))
    return entries


def _files(body_years: int | None, members: list[dict[str, Any]]) -> dict[str, Any]:
    """The partnership: the decisions named by a date in ``appointed_by`` become meetings."""
    files = dict(FIXED)
    meetings: dict[date, list[dict[str, str]]] = {}
    out = []
    for i, m in enumerate(members):
        m = dict(m)
        day = m.pop("appointed_by", None)
        if day is not None:
            ident = f"ST-{i:03d}"
            meetings.setdefault(day, []).append({"id": ident, "title": f"Oppnemning {i}"})
            m["appointed_by"] = ident
        out.append(m)
    body: dict[str, Any] = {"id": BODY, "name": "Styret", "roles": ["resource-group"]}
    if body_years is not None:
        body["term_years"] = body_years
    files[f"bodies/{BODY}.yaml"] = {**body, "seats": SEATS, "members": out}
    for day, decisions in meetings.items():
        files[f"meetings/{day.isoformat()}-{BODY}.yaml"] = {
            "body": BODY,
            "date": day,
            "decisions": decisions,
        }
    return files


def _tenures(model: Model, as_of: date, horizon: int = 90) -> list[Tenure]:
    return facts_of(model, as_of, horizon).tenures(model.bodies[BODY])


def _of(ts: list[Tenure], person: str) -> list[Tenure]:
    return [t for t in ts if t.member.person == person]


body_years = st.one_of(st.none(), st.integers(1, 4))
days = st.integers(0, 4000).map(lambda n: START + timedelta(days=n))
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def partnerships(draw: st.DrawFn) -> tuple[int | None, list[dict[str, Any]]]:
    years = draw(body_years)
    members = draw(chains("per", years))
    if draw(st.booleans()):
        members += draw(chains("pia", years))
    return years, draw(st.permutations(members))


@PROPERTY
@given(partnerships(), days)
def test_a_person_holds_at_most_one_entry_at_a_time(
    data: tuple[int | None, list[dict[str, Any]]], as_of: date
) -> None:
    model = model_from(_files(*data))
    ts = _tenures(model, as_of)
    assert len(ts) == len(data[1])
    for person in ("per", "pia"):
        spans = sorted((t.first_day, t.last_day or date.max) for t in _of(ts, person))
        for (_, end), (start, _) in pairwise(spans):
            assert end < start, f"{person} holds two entries at once: {spans}"
        for t in _of(ts, person):
            for day in (t.member.start, as_of):
                active = [u for u in _of(ts, person) if u.active_on(day)]
                assert len(active) <= 1


@PROPERTY
@given(partnerships(), days, st.integers(0, 400))
def test_state_follows_the_term(
    data: tuple[int | None, list[dict[str, Any]]], as_of: date, horizon: int
) -> None:
    model = model_from(_files(*data))
    for t in _tenures(model, as_of, horizon):
        ended = t.term_end is not None and t.term_end < as_of
        open_term = not t.resolved and not t.pending
        assert (t.state == "expired") == (ended and open_term), t
        soon = t.term_end is not None and as_of <= t.term_end <= as_of + timedelta(horizon)
        # a term that starts later but ends within the horizon is expiring too
        assert (t.state == "expiring") == (soon and open_term), t
        later = t.first_day > as_of and not (soon and open_term)
        assert (t.state == "appointed") == (t.pending or later), t
        if t.state == "active":
            assert t.active_on(as_of)
        if t.state == "left":
            assert not t.active_on(as_of) and t.last_day is not None


@PROPERTY
@given(partnerships(), days)
def test_nobody_sits_past_an_unresolved_term(
    data: tuple[int | None, list[dict[str, Any]]], as_of: date
) -> None:
    model = model_from(_files(*data))
    for t in _tenures(model, as_of):
        if t.term_end is not None and not t.resolved:
            assert t.last_day is not None and t.last_day <= t.term_end
            assert not t.active_on(t.term_end + timedelta(days=1))
        if t.past_term:
            assert t.member.until is not None and t.term_end is not None
            assert t.member.until > t.term_end


@PROPERTY
@given(partnerships(), days)
def test_a_reappointment_is_the_same_person_in_time_and_decided(
    data: tuple[int | None, list[dict[str, Any]]], as_of: date
) -> None:
    model = model_from(_files(*data))
    for t in _tenures(model, as_of):
        nxt = t.renewed_by
        if nxt is None:
            continue
        assert nxt is t.next_entry and nxt.person == t.member.person
        ends = [d for d in (t.member.until, t.term_end) if d is not None]
        assert ends, "an entry without an end is never reappointed"
        assert t.member.start < nxt.start <= min(ends) + timedelta(days=1)
        decision = model.decisions.get(nxt.appointed_by) if nxt.appointed_by else None
        assert decision is None or decision.date <= as_of


@PROPERTY
@given(partnerships(), days, st.integers(1, 2000))
def test_a_term_once_resolved_stays_resolved(
    data: tuple[int | None, list[dict[str, Any]]], as_of: date, later: int
) -> None:
    """A decision taken stays taken: examining later never unsettles a term."""
    model = model_from(_files(*data))
    before = _tenures(model, as_of)
    after = _tenures(model, as_of + timedelta(days=later))
    for t, u in zip(before, after, strict=True):
        assert t.member is u.member
        if t.resolved:
            assert u.resolved


@PROPERTY
@given(partnerships(), st.lists(st.tuples(st.sampled_from(["felles", "eigen"]), days)), days)
def test_another_persons_entries_do_not_change_a_term(
    data: tuple[int | None, list[dict[str, Any]]],
    others: list[tuple[str, date]],
    as_of: date,
) -> None:
    """Someone else on the same seat neither reappoints nor ends anyone's term."""
    years, members = data
    alone = _tenures(model_from(_files(years, members)), as_of)
    crowd = [{"person": "pal", "seat": seat, "from": day} for seat, day in others]
    joined = _tenures(model_from(_files(years, members + crowd)), as_of)
    key = [(t.state, t.last_day, t.renewed_by and t.renewed_by.index) for t in alone]
    assert key == [
        (t.state, t.last_day, t.renewed_by and t.renewed_by.index) for t in joined[: len(alone)]
    ]


@PROPERTY
@given(partnerships(), days)
def test_a_seat_holds_each_person_once(
    data: tuple[int | None, list[dict[str, Any]]], as_of: date
) -> None:
    model = model_from(_files(*data))
    f = facts_of(model, as_of)
    body = model.bodies[BODY]
    for sf in f.seats(body):
        people = [t.member.person for t in sf.holders + sf.deputies]
        assert len(people) == len(set(people))
        assert all(t.voting for t in sf.holders) and not any(t.voting for t in sf.deputies)
        assert sf.vacant == (max(sf.seat.count - sf.held, 0) if f.constituted(body) else 0)


@PROPERTY
@given(partnerships(), days)
def test_consecutive_terms_count_reappointments_on_one_seat(
    data: tuple[int | None, list[dict[str, Any]]], as_of: date
) -> None:
    model = model_from(_files(*data))
    ts = _tenures(model, as_of)
    counts = consecutive_terms(ts)
    by_index = {t.member.index: t for t in ts}
    for t in ts:
        before = [u for u in ts if u.renewed_by is t.member and u.member.seat == t.member.seat]
        expected = counts[before[0].member.index] + 1 if before else 1
        assert counts[t.member.index] == expected
        assert by_index[t.member.index] is t


# -- the decisions spelled out once --------------------------------------------------------


def _one(member: dict[str, Any], *more: dict[str, Any], years: int | None = 2) -> Model:
    return model_from(_files(years, [member, *more]))


def test_a_term_ends_the_day_before_the_anniversary() -> None:
    model = _one({"person": "per", "seat": "felles", "from": date(2021, 3, 1)})
    (t,) = _tenures(model, date(2023, 2, 28))
    assert t.term_end == date(2023, 2, 28) and t.state == "expiring" and t.active_on(t.term_end)
    (t,) = _tenures(model, date(2023, 3, 1))
    assert t.state == "expired" and t.last_day == date(2023, 2, 28)


def test_a_permanent_seat_or_a_body_without_term_has_no_term_end() -> None:
    model = _one({"person": "per", "seat": "fast", "from": date(2021, 3, 1)})
    (t,) = _tenures(model, date(2030, 1, 1))
    assert (t.term_end, t.state, t.last_day) == (None, "active", None)
    model = _one({"person": "per", "seat": "felles", "from": date(2021, 3, 1)}, years=None)
    (t,) = _tenures(model, date(2030, 1, 1))
    assert (t.term_end, t.state) == (None, "active")


def test_until_on_the_term_end_resolves_it_and_the_entry_has_left() -> None:
    model = _one(
        {"person": "per", "seat": "felles", "from": date(2021, 3, 1), "until": date(2023, 2, 28)}
    )
    (t,) = _tenures(model, date(2023, 2, 1))
    assert t.resolved and t.state == "active"
    (t,) = _tenures(model, date(2023, 3, 1))
    assert t.state == "left" and not t.past_term


def test_until_past_the_term_end_is_past_term_and_expired_after_it() -> None:
    model = _one(
        {"person": "per", "seat": "felles", "from": date(2021, 3, 1), "until": date(2023, 6, 30)}
    )
    (t,) = _tenures(model, date(2023, 2, 1))
    assert t.state == "expiring" and t.past_term and t.last_day == date(2023, 2, 28)
    (t,) = _tenures(model, date(2023, 4, 1))
    assert t.state == "expired" and not t.active_on(date(2023, 4, 1))


def test_a_reappointment_may_start_the_day_after_and_not_later() -> None:
    first = {"person": "per", "seat": "felles", "from": date(2021, 3, 1)}
    model = _one(first, {"person": "per", "seat": "eigen", "from": date(2023, 3, 1)})
    t, u = _tenures(model, date(2023, 6, 1))
    assert t.renewed_by is u.member and (t.state, u.state) == ("left", "active")
    model = _one(first, {"person": "per", "seat": "felles", "from": date(2023, 3, 2)})
    t, u = _tenures(model, date(2023, 6, 1))
    assert t.renewed_by is None and t.next_entry is u.member
    assert (t.state, u.state) == ("expired", "active")


def test_an_early_until_moves_the_latest_reappointment_day() -> None:
    first = {
        "person": "per",
        "seat": "felles",
        "from": date(2021, 3, 1),
        "until": date(2022, 5, 31),
    }
    model = _one(first, {"person": "per", "seat": "felles", "from": date(2022, 6, 1)})
    t, _ = _tenures(model, date(2022, 6, 1))
    assert t.renewed_by is not None
    model = _one(first, {"person": "per", "seat": "felles", "from": date(2022, 6, 2)})
    t, _ = _tenures(model, date(2022, 6, 1))
    assert t.renewed_by is None and t.resolved and t.state == "left"


def test_a_reappointment_counts_from_the_day_it_is_decided() -> None:
    first = {"person": "per", "seat": "felles", "from": date(2021, 3, 1)}
    again = {
        "person": "per",
        "seat": "felles",
        "from": date(2023, 3, 1),
        "appointed_by": date(2023, 2, 10),
    }
    model = _one(first, again)
    t, _ = _tenures(model, date(2023, 2, 9))
    assert (t.renewed_by, t.state) == (None, "expiring")
    t, _ = _tenures(model, date(2023, 2, 10))
    assert t.renewed_by is not None and t.state == "active"


def test_two_entries_of_one_person_starting_the_same_day_are_not_both_held() -> None:
    model = _one(
        {"person": "per", "seat": "felles", "from": date(2021, 3, 1)},
        {"person": "per", "seat": "eigen", "from": date(2021, 3, 1)},
    )
    as_of = date(2021, 6, 1)
    ts = _tenures(model, as_of)
    assert sum(t.active_on(as_of) for t in ts) <= 1
