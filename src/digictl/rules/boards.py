"""Rules about boards and groups: seats, regions, chair, terms, appointments, meetings (§4).

They read the terms, seats and meeting periods from ``digictl.facts``; none derives them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from digictl.facts import Facts
from digictl.facts.tenures import Tenure, consecutive_terms
from digictl.findings import Severity
from digictl.i18n import N_, _, current, ngettext
from digictl.model import Body, Model
from digictl.rules.registry import Context, Issue, rule
from digictl.vocabulary import DEFAULT_HORIZON, PROGRAMME_BOARD


def _ordinal(n: int) -> str:
    """An ordinal number as the current language writes it: 3rd, or 3. in Norwegian."""
    if current() != "en":
        return f"{n}."
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@rule(
    "seat-composition",
    Severity.ERROR,
    "§4.3, Vestland list",
    N_("active members fit the seats: count, org/region/kind constraints, defined seats"),
    fix=N_(
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
                yield Issue.of(t.member.src, _undefined_seat(t), "seat")
        for sf in f.seats(body):
            seat = sf.seat
            if sf.held > seat.count:
                yield Issue.of(
                    seat.src,
                    ngettext(
                        "seat `{seat}` of `{body}` holds {n} active member ({names}), but has "
                        "room for {count}",
                        "seat `{seat}` of `{body}` holds {n} active members ({names}), but has "
                        "room for {count}",
                        sf.held,
                        seat=seat.id,
                        body=body.id,
                        names=", ".join(f"`{t.member.person}`" for t in sf.holders),
                        count=seat.count,
                    ),
                    "count",
                )
            for t in sf.holders + sf.deputies:
                problem = _misfit(m, t)
                if problem:
                    yield Issue.of(t.member.src, problem, "person")


def _undefined_seat(t: Tenure) -> str:
    """A member holds a seat the body does not define."""
    known = ", ".join(f"`{s.id}`" for s in t.body.seats)
    values = {"person": t.member.person, "seat": t.member.seat, "body": t.body.id}
    if not known:
        return _(
            "`{person}` holds seat `{seat}` of `{body}`, which the body does not define "
            "(seats: none)",
            **values,
        )
    return _(
        "`{person}` holds seat `{seat}` of `{body}`, which the body does not define "
        "(seats: {seats})",
        seats=known,
        **values,
    )


def _twice(t: Tenure) -> str:
    """Two entries of one person on a body from the same day."""
    seats = sorted({t.member.seat, t.next_entry.seat if t.next_entry else t.member.seat})
    values = {"person": t.member.person, "body": t.body.id, "day": t.member.start}
    if len(seats) > 1:
        return _(
            "`{person}` has two entries on `{body}` from {day} (seats `{seat}` and `{other}`); "
            "a person holds one seat of a body at a time, and only the later entry counts",
            seat=seats[0],
            other=seats[1],
            **values,
        )
    return _(
        "`{person}` has two entries on `{body}` from {day} (seat `{seat}`); a person holds one "
        "seat of a body at a time, and only the later entry counts",
        seat=seats[0],
        **values,
    )


def _misfit(m: Model, t: Tenure) -> str | None:
    seat = t.seat
    assert seat is not None
    org = m.organisations.get(t.org) if t.org else None
    who = {"person": t.member.person, "seat": seat.id, "body": t.body.id}
    if seat.org is not None and t.org != seat.org:
        return _(
            "`{person}` holds seat `{seat}` of `{body}`, reserved for `{reserved}`, but "
            "represents `{org}`",
            reserved=seat.org,
            org=t.org,
            **who,
        )
    if org is None:
        return None
    if seat.kind is not None and org.kind != seat.kind:
        # Translators: {kind} and {org_kind} are the `kind` of organisations, as written in
        # the files (municipality, county, state, ks, other)
        return _(
            "`{person}` holds seat `{seat}` of `{body}`, reserved for a {kind}, but represents "
            "`{org}` ({org_kind})",
            kind=seat.kind,
            org=org.id,
            org_kind=org.kind,
            **who,
        )
    if seat.region is not None and org.region != seat.region:
        return _misregion(t, seat.region, org.id, org.region)
    return None


def _misregion(t: Tenure, region: str, org: str, org_region: str | None) -> str:
    """A member holds a seat reserved for a region and represents another region."""
    who = {"person": t.member.person, "seat": t.seat.id if t.seat else "", "body": t.body.id}
    if org_region:
        return _(
            "`{person}` holds seat `{seat}` of `{body}`, reserved for region {region}, but "
            "represents `{org}` (region {org_region})",
            region=region,
            org=org,
            org_region=org_region,
            **who,
        )
    return _(
        "`{person}` holds seat `{seat}` of `{body}`, reserved for region {region}, but "
        "represents `{org}` (region not recorded)",
        region=region,
        org=org,
        **who,
    )


@rule(
    "seat-vacant",
    Severity.WARNING,
    "§4.3",
    N_("a seat has fewer active members than its count"),
    fix=N_(
        "Appoint a member to the vacant seat (a new member entry with `from` and `appointed_by`)."
    ),
)
def seat_vacant(ctx: Context) -> Iterator[Issue]:
    f = ctx.facts
    for body in ctx.model.bodies.values():
        for sf in f.seats(body):
            if sf.vacant:
                yield Issue.of(
                    sf.seat.src,
                    ngettext(
                        "seat `{seat}` of `{body}` has {held} of {n} member on {day} "
                        "({vacant} vacant)",
                        "seat `{seat}` of `{body}` has {held} of {n} members on {day} "
                        "({vacant} vacant)",
                        sf.seat.count,
                        seat=sf.seat.id,
                        body=body.id,
                        held=sf.held,
                        day=ctx.as_of,
                        vacant=sf.vacant,
                    ),
                    "id",
                    subject=f"body:{body.id}",
                )


@rule(
    "region-coverage",
    Severity.WARNING,
    "§4.3; Vestland seat list",
    N_(
        "every region with an active party is represented on each programme board (the body "
        "role named by `role`)"
    ),
    fix=N_("Appoint a member from the region to the programme board, or reserve a seat for it."),
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
                yield Issue.of(
                    body.src,
                    ngettext(
                        "`{body}` has no member from region {region}, where {parties} is an "
                        "active party (§4.3)",
                        "`{body}` has no member from region {region}, where {parties} are "
                        "active parties (§4.3)",
                        len(orgs),
                        body=body.id,
                        region=region,
                        parties=", ".join(f"`{o}`" for o in orgs),
                    ),
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
    N_("a body that defines `chair` has exactly one active chair, representing `chair.org`"),
    fix=N_(
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
                _(
                    "`{body}` has no active chair on {day}; the chair represents `{org}` (§4.2)",
                    body=body.id,
                    day=ctx.as_of,
                    org=body.chair_org,
                ),
                "chair",
            )
        elif len(chairs) > 1:
            yield Issue.of(
                body.src,
                _(
                    "`{body}` has {count} active chairs ({names}); it has exactly one",
                    body=body.id,
                    count=len(chairs),
                    names=", ".join(f"`{t.member.person}`" for t in chairs),
                ),
                "chair",
            )
        elif chairs[0].org != body.chair_org:
            t = chairs[0]
            yield Issue.of(
                t.member.src,
                _(
                    "`{person}` chairs `{body}` but represents `{org}`; the chair represents "
                    "`{chair_org}` (§4.2)",
                    person=t.member.person,
                    body=body.id,
                    org=t.org,
                    chair_org=body.chair_org,
                ),
                "role",
            )


@rule(
    "term-expired",
    Severity.ERROR,
    "§4.3 (3 years)",
    N_(
        "a member's term has ended and no `until` on or before its end, or reappointment, is "
        "recorded (a member sits no longer than the term, §4.3)"
    ),
    fix=N_(
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
            values = {"person": mb.person, "body": body.id, "seat": mb.seat, "start": mb.start}
            if t.past_term and mb.until is not None:
                yield Issue.of(
                    mb.src,
                    ngettext(
                        "`{person}` sits on `{body}` (seat `{seat}`, from {start}) until "
                        "{until}, past the end of the term on {end}; a term lasts {n} year "
                        "(§4.3)",
                        "`{person}` sits on `{body}` (seat `{seat}`, from {start}) until "
                        "{until}, past the end of the term on {end}; a term lasts {n} years "
                        "(§4.3)",
                        mb.term_years or body.term_years or 0,
                        until=mb.until,
                        end=t.term_end,
                        **values,
                    ),
                    "until",
                    subject=f"person:{mb.person}",
                )
                continue
            yield Issue.of(
                mb.src,
                _(
                    "the term of `{person}` on `{body}` (seat `{seat}`, from {start}) ended on "
                    "{end}; record `until` or a reappointment starting the day after",
                    end=t.term_end,
                    **values,
                ),
                "from",
                subject=f"person:{mb.person}",
            )


@rule(
    "term-expiring",
    Severity.WARNING,
    "§4.3",
    N_("a member's term ends within the horizon (`horizon` days; the run's horizon when not set)"),
    fix=N_(
        "Put the appointment on the appointing body's agenda: reappoint or appoint a successor "
        "before the term ends."
    ),
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
                ngettext(
                    "the term of `{person}` on `{body}` (seat `{seat}`) ends on {end}, in {n} "
                    "day; reappoint or appoint a successor",
                    "the term of `{person}` on `{body}` (seat `{seat}`) ends on {end}, in {n} "
                    "days; reappoint or appoint a successor",
                    (t.term_end - ctx.as_of).days,
                    person=mb.person,
                    body=body.id,
                    seat=mb.seat,
                    end=t.term_end,
                ),
                "from",
                subject=f"person:{mb.person}",
            )


@rule(
    "term-limit",
    Severity.WARNING,
    "—",
    N_("a person serves more consecutive terms on a seat than `max_terms`"),
    fix=N_(
        "Appoint someone else to the seat at the end of the current term, or raise `max_terms` "
        "if the body has decided so."
    ),
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
                    # Translators: {ordinal} is a number as an ordinal: 3rd in English, 3. here
                    _(
                        "`{person}` serves a {ordinal} consecutive term on seat `{seat}` of "
                        "`{body}`; `max_terms` is {max}",
                        person=t.member.person,
                        ordinal=_ordinal(n),
                        seat=t.member.seat,
                        body=body.id,
                        max=body.max_terms,
                    ),
                    "from",
                )


@rule(
    "member-party",
    Severity.ERROR,
    "§3.1",
    N_("a member representing a municipality represents an active party"),
    fix=N_(
        "End the membership with `until`, or record the organisation's accession to the agreement."
    ),
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
                    _(
                        "`{person}` represents `{org}` on `{body}`, but `{org}` is not an active "
                        "party on {day}",
                        person=t.member.person,
                        org=org.id,
                        body=body.id,
                        day=ctx.as_of,
                    ),
                    "person",
                )


@rule(
    "appointment",
    Severity.WARNING,
    "§4.3",
    N_("`appointed_by` is a decision of the appointing body, dated on or before `from`"),
    fix=N_(
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
                    _(
                        "`{person}` on `{body}` is appointed by `{decision}` of `{by}`, but "
                        "`{appointer}` appoints the members of `{body}`",
                        person=mb.person,
                        body=body.id,
                        decision=d.id,
                        by=d.body,
                        appointer=body.appointed_by,
                    ),
                    "appointed_by",
                )
            elif d.date > mb.start:
                yield Issue.of(
                    mb.src,
                    _(
                        "`{person}` took the seat on `{body}` on {start}, before the appointment "
                        "`{decision}` on {day}",
                        person=mb.person,
                        body=body.id,
                        start=mb.start,
                        decision=d.id,
                        day=d.date,
                    ),
                    "appointed_by",
                )


@rule(
    "cadence",
    Severity.WARNING,
    "§4.1, §4.3",
    N_(
        "a body met in every calendar quarter (quarterly) or year (yearly) while an agreement "
        "was in force"
    ),
    fix=N_("Hold the missing meeting, or record it in meetings/ if it took place."),
)
def cadence(ctx: Context) -> Iterator[Issue]:
    m = ctx.model
    for d in ctx.facts.deadlines:
        if d.kind != "meeting" or d.status(ctx.as_of, 0) != "overdue" or d.about.body is None:
            continue
        body = m.bodies[d.about.body]
        yield Issue.of(body.src, _missed(body, d.due), "cadence", subject=d.subject)


def _missed(body: Body, last_day: date) -> str:
    """A body did not meet in the quarter or year that ends on ``last_day``."""
    if body.cadence == "quarterly":
        # Translators: {year} Q{quarter} is a calendar quarter: 2023 Q3 (in Norwegian
        # 3. kvartal 2023)
        return _(
            "`{body}` did not meet in {year} Q{quarter}; it meets quarterly",
            body=body.id,
            year=last_day.year,
            quarter=(last_day.month - 1) // 3 + 1,
        )
    return _("`{body}` did not meet in {year}; it meets yearly", body=body.id, year=last_day.year)


@rule(
    "decision-outcome",
    Severity.INFO,
    "§4.3",
    N_("decisions taken by the chair after failed consensus are listed"),
    fix=N_("Nothing to fix: chair decisions are listed so the board can see them (§4.3)."),
)
def decision_outcome(ctx: Context) -> Iterator[Issue]:
    for d in ctx.model.decisions.values():
        if d.outcome == "chair" and d.date <= ctx.as_of:
            yield Issue.of(
                d.src,
                _(
                    "decision `{decision}` ({title}) of `{body}` on {day} was taken by the chair "
                    "after consensus failed (§4.3)",
                    decision=d.id,
                    title=d.title,
                    body=d.body,
                    day=d.date,
                ),
                "outcome",
            )
