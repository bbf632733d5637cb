"""Rules about boards and groups: seats, regions, chair, terms, appointments, meetings (§4).

They read the terms, seats and meeting periods from ``digictl.facts``; none derives them.
"""

from __future__ import annotations

from collections.abc import Iterator

from digictl.facts import Facts
from digictl.facts.tenures import Tenure, consecutive_terms
from digictl.findings import Severity
from digictl.model import Body, Model
from digictl.rules.registry import Context, Issue, rule
from digictl.vocabulary import DEFAULT_HORIZON, PROGRAMME_BOARD


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@rule(
    "seat-composition",
    Severity.ERROR,
    "§4.3, Vestland list",
    "active members fit the seats: count, org/region/kind constraints, defined seats",
    fix=(
        "End the surplus appointment with `until`, move the member to a seat that fits, or "
        "correct the seat's constraint."
    ),
)
def seat_composition(ctx: Context) -> Iterator[Issue]:
    m, f = ctx.model, ctx.facts
    for body in m.bodies.values():
        for t in f.tenures(body):
            if t.superseded:
                yield Issue.of(t.member.src, _twice(t), "from")
            if t.seat is None:
                known = ", ".join(f"`{s.id}`" for s in body.seats) or "none"
                yield Issue.of(
                    t.member.src,
                    f"`{t.member.person}` holds seat `{t.member.seat}` of `{body.id}`, which the "
                    f"body does not define (seats: {known})",
                    "seat",
                )
        for sf in f.seats(body):
            seat = sf.seat
            if sf.held > seat.count:
                names = ", ".join(f"`{t.member.person}`" for t in sf.holders)
                yield Issue.of(
                    seat.src,
                    f"seat `{seat.id}` of `{body.id}` holds {sf.held} active members "
                    f"({names}), but has room for {seat.count}",
                    "count",
                )
            for t in sf.holders + sf.deputies:
                problem = _misfit(m, t)
                if problem:
                    yield Issue.of(t.member.src, problem, "person")


def _twice(t: Tenure) -> str:
    """Two entries of one person on a body from the same day."""
    seats = {t.member.seat, t.next_entry.seat if t.next_entry else t.member.seat}
    where = " and ".join(f"`{s}`" for s in sorted(seats))
    return (
        f"`{t.member.person}` has two entries on `{t.body.id}` from "
        f"{t.member.start.isoformat()} (seat{'s' if len(seats) > 1 else ''} {where}); a person "
        "holds one seat of a body at a time, and only the later entry counts"
    )


def _misfit(m: Model, t: Tenure) -> str | None:
    seat = t.seat
    assert seat is not None
    org = m.organisations.get(t.org) if t.org else None
    who = f"`{t.member.person}` holds seat `{seat.id}` of `{t.body.id}`"
    if seat.org is not None and t.org != seat.org:
        return f"{who}, reserved for `{seat.org}`, but represents `{t.org}`"
    if org is None:
        return None
    if seat.kind is not None and org.kind != seat.kind:
        return f"{who}, reserved for a {seat.kind}, but represents `{org.id}` ({org.kind})"
    if seat.region is not None and org.region != seat.region:
        return (
            f"{who}, reserved for region {seat.region}, but represents `{org.id}` "
            f"(region {org.region or 'not recorded'})"
        )
    return None


@rule(
    "seat-vacant",
    Severity.WARNING,
    "§4.3",
    "a seat has fewer active members than its count",
    fix="Appoint a member to the vacant seat (a new member entry with `from` and `appointed_by`).",
)
def seat_vacant(ctx: Context) -> Iterator[Issue]:
    f = ctx.facts
    for body in ctx.model.bodies.values():
        for sf in f.seats(body):
            if sf.vacant:
                yield Issue.of(
                    sf.seat.src,
                    f"seat `{sf.seat.id}` of `{body.id}` has {sf.held} of {sf.seat.count} "
                    f"members on {ctx.as_of.isoformat()} ({sf.vacant} vacant)",
                    "id",
                    subject=f"body:{body.id}",
                )


@rule(
    "region-coverage",
    Severity.WARNING,
    "§4.3; Vestland seat list",
    "every region with an active party is represented on each programme board (the body role "
    "named by `role`)",
    fix="Appoint a member from the region to the programme board, or reserve a seat for it.",
    params={"role": PROGRAMME_BOARD},
)
def region_coverage(ctx: Context) -> Iterator[Issue]:
    m, f = ctx.model, ctx.facts
    by_region: dict[str, list[str]] = {}
    for org_id in f.parties.active(ctx.as_of):
        org = m.organisations.get(org_id)
        if org is not None and org.region:
            by_region.setdefault(org.region, []).append(org_id)
    for body in m.bodies.values():
        if ctx.str_param("region-coverage", "role") not in body.roles or not f.constituted(body):
            continue
        covered = _regions_covered(m, f, body)
        for region, orgs in sorted(by_region.items()):
            if region not in covered:
                parties = ", ".join(f"`{o}`" for o in orgs)
                yield Issue.of(
                    body.src,
                    f"`{body.id}` has no member from region {region}, where {parties} "
                    f"{'is an active party' if len(orgs) == 1 else 'are active parties'} (§4.3)",
                    "seats",
                )


def _regions_covered(m: Model, f: Facts, body: Body) -> set[str]:
    """The regions a body's seats are reserved for, and those of its active members."""
    covered: set[str] = set()
    for seat in body.seats:
        if seat.region:
            covered.add(seat.region)
        reserved = m.organisations.get(seat.org) if seat.org else None
        if reserved is not None and reserved.region:
            covered.add(reserved.region)
    for t in f.tenures(body):
        org = m.organisations.get(t.org) if t.org else None
        if t.active_on(f.as_of) and org is not None and org.region:
            covered.add(org.region)
    return covered


@rule(
    "chair",
    Severity.ERROR,
    "§4.2",
    "a body that defines `chair` has exactly one active chair, representing `chair.org`",
    fix=(
        "Record exactly one active member with `role: chair` representing the chairing "
        "organisation."
    ),
)
def chair(ctx: Context) -> Iterator[Issue]:
    f = ctx.facts
    for body in ctx.model.bodies.values():
        if body.chair_org is None or not f.constituted(body):
            continue
        chairs = [t for t in f.tenures(body) if t.active_on(ctx.as_of) and t.member.role == "chair"]
        if not chairs:
            yield Issue.of(
                body.src,
                f"`{body.id}` has no active chair on {ctx.as_of.isoformat()}; the chair "
                f"represents `{body.chair_org}` (§4.2)",
                "chair",
            )
        elif len(chairs) > 1:
            names = ", ".join(f"`{t.member.person}`" for t in chairs)
            yield Issue.of(
                body.src,
                f"`{body.id}` has {len(chairs)} active chairs ({names}); it has exactly one",
                "chair",
            )
        elif chairs[0].org != body.chair_org:
            t = chairs[0]
            yield Issue.of(
                t.member.src,
                f"`{t.member.person}` chairs `{body.id}` but represents `{t.org}`; the chair "
                f"represents `{body.chair_org}` (§4.2)",
                "role",
            )


@rule(
    "term-expired",
    Severity.ERROR,
    "§4.3 (3 years)",
    "a member's term has ended and no `until` on or before its end, or reappointment, is "
    "recorded (a member sits no longer than the term, §4.3)",
    fix=(
        "Record `until` on the member entry (at the latest the term's last day), or a "
        "reappointment starting the day after the term ended."
    ),
)
def term_expired(ctx: Context) -> Iterator[Issue]:
    f = ctx.facts
    for body in ctx.model.bodies.values():
        for t in f.tenures(body):
            if t.state != "expired" or t.term_end is None:
                continue
            mb = t.member
            if t.past_term and mb.until is not None:
                yield Issue.of(
                    mb.src,
                    f"`{mb.person}` sits on `{body.id}` (seat `{mb.seat}`, from "
                    f"{mb.start.isoformat()}) until {mb.until.isoformat()}, past the end of "
                    f"the term on {t.term_end.isoformat()}; a term lasts {_term(t)} (§4.3)",
                    "until",
                    subject=f"person:{mb.person}",
                )
                continue
            yield Issue.of(
                mb.src,
                f"the term of `{mb.person}` on `{body.id}` (seat `{mb.seat}`, from "
                f"{mb.start.isoformat()}) ended on {t.term_end.isoformat()}; record `until` "
                "or a reappointment starting the day after",
                "from",
                subject=f"person:{mb.person}",
            )


def _term(t: Tenure) -> str:
    years = t.member.term_years or t.body.term_years
    return f"{years} year{'s' if years != 1 else ''}"


@rule(
    "term-expiring",
    Severity.WARNING,
    "§4.3",
    "a member's term ends within the horizon (`horizon` days; the run's horizon when not set)",
    fix="Put the appointment on the appointing body's agenda: reappoint or appoint a successor "
    "before the term ends.",
    params={"horizon": DEFAULT_HORIZON},
)
def term_expiring(ctx: Context) -> Iterator[Issue]:
    f = ctx.facts  # its terms are expiring within the rule's `horizon` when it is set
    for body in ctx.model.bodies.values():
        for t in f.tenures(body):
            mb = t.member
            if t.state != "expiring" or t.term_end is None:
                continue
            yield Issue.of(
                mb.src,
                f"the term of `{mb.person}` on `{body.id}` (seat `{mb.seat}`) ends on "
                f"{t.term_end.isoformat()}, in {(t.term_end - ctx.as_of).days} days; "
                "reappoint or appoint a successor",
                "from",
                subject=f"person:{mb.person}",
            )


@rule(
    "term-limit",
    Severity.WARNING,
    "—",
    "a person serves more consecutive terms on a seat than `max_terms`",
    fix="Appoint someone else to the seat at the end of the current term, or raise `max_terms` "
    "if the body has decided so.",
)
def term_limit(ctx: Context) -> Iterator[Issue]:
    for body in ctx.model.bodies.values():
        if body.max_terms is None:
            continue
        all_tenures = ctx.facts.tenures(body)
        counts = consecutive_terms(all_tenures)
        for t in all_tenures:
            n = counts.get(t.member.index, 1)
            if n > body.max_terms:
                yield Issue.of(
                    t.member.src,
                    f"`{t.member.person}` serves a {_ordinal(n)} consecutive term on seat "
                    f"`{t.member.seat}` of `{body.id}`; `max_terms` is {body.max_terms}",
                    "from",
                )


@rule(
    "member-party",
    Severity.ERROR,
    "§3.1",
    "a member representing a municipality represents an active party",
    fix="End the membership with `until`, or record the organisation's accession to the agreement.",
)
def member_party(ctx: Context) -> Iterator[Issue]:
    m, f = ctx.model, ctx.facts
    if not m.agreements:
        return
    for body in m.bodies.values():
        for t in f.tenures(body):
            org = m.organisations.get(t.org) if t.org else None
            if org is None or org.kind != "municipality" or not t.active_on(ctx.as_of):
                continue
            if not f.parties.is_active(org.id, ctx.as_of):
                yield Issue.of(
                    t.member.src,
                    f"`{t.member.person}` represents `{org.id}` on `{body.id}`, but `{org.id}` "
                    f"is not an active party on {ctx.as_of.isoformat()}",
                    "person",
                )


@rule(
    "appointment",
    Severity.WARNING,
    "§4.3",
    "`appointed_by` is a decision of the appointing body, dated on or before `from`",
    fix=(
        "Reference the decision of the appointing body that made the appointment, dated on or"
        " before `from`."
    ),
)
def appointment(ctx: Context) -> Iterator[Issue]:
    m = ctx.model
    for body in m.bodies.values():
        for mb in body.members:
            if mb.appointed_by is None:
                continue
            d = m.decisions.get(mb.appointed_by)
            if d is None:
                continue  # a dangling reference is the `ref` rule's
            if body.appointed_by is not None and d.body != body.appointed_by:
                yield Issue.of(
                    mb.src,
                    f"`{mb.person}` on `{body.id}` is appointed by `{d.id}` of `{d.body}`, but "
                    f"`{body.appointed_by}` appoints the members of `{body.id}`",
                    "appointed_by",
                )
            elif d.date > mb.start:
                yield Issue.of(
                    mb.src,
                    f"`{mb.person}` took the seat on `{body.id}` on {mb.start.isoformat()}, "
                    f"before the appointment `{d.id}` on {d.date.isoformat()}",
                    "appointed_by",
                )


@rule(
    "cadence",
    Severity.WARNING,
    "§4.1, §4.3",
    "a body met in every calendar quarter (quarterly) or year (yearly) while an agreement "
    "was in force",
    fix="Hold the missing meeting, or record it in meetings/ if it took place.",
)
def cadence(ctx: Context) -> Iterator[Issue]:
    m = ctx.model
    for d in ctx.facts.deadlines:
        if d.kind != "meeting" or d.status(ctx.as_of, 0) != "overdue" or d.about.body is None:
            continue
        body = m.bodies[d.about.body]
        yield Issue.of(
            body.src,
            f"`{body.id}` did not meet in {d.about.period}; it meets {body.cadence}",
            "cadence",
            subject=d.subject,
        )


@rule(
    "decision-outcome",
    Severity.INFO,
    "§4.3",
    "decisions taken by the chair after failed consensus are listed",
    fix="Nothing to fix: chair decisions are listed so the board can see them (§4.3).",
)
def decision_outcome(ctx: Context) -> Iterator[Issue]:
    for d in ctx.model.decisions.values():
        if d.outcome == "chair" and d.date <= ctx.as_of:
            yield Issue.of(
                d.src,
                f"decision `{d.id}` ({d.title}) of `{d.body}` on {d.date.isoformat()} was "
                "taken by the chair after consensus failed (§4.3)",
                "outcome",
            )
