"""Rules about the agreement and its parties (§3.1, §6, §7)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from digictl.facts.parties import PartyPeriod
from digictl.facts.timeline import ONE_DAY
from digictl.findings import Severity
from digictl.rules.registry import Context, Issue, rule
from digictl.vocabulary import ONGOING


@rule(
    "party-digifin",
    Severity.ERROR,
    "§3.1",
    "every municipality that is an active party is connected to DigiFin (a warning while its "
    "connection is not recorded)",
    fix=(
        "Record the municipality's DigiFin membership (`digifin.member: true` and `since`), "
        "or take it up with the municipality: §3.1 requires it."
    ),
)
def party_digifin(ctx: Context) -> Iterator[Issue]:
    m = ctx.model
    for org_id in ctx.facts.parties.active(ctx.as_of):
        org = m.organisations.get(org_id)
        if org is None or org.kind != "municipality":
            continue
        if org.digifin_member is None:
            yield Issue.of(
                org.src,
                f"`{org.id}` is an active party, but its DigiFin connection is not recorded; "
                "record `digifin: {member: true}` (or false) so §3.1 can be checked",
                severity=Severity.WARNING,
            )
        elif not org.digifin_member:
            yield Issue.of(
                org.src,
                f"`{org.id}` is an active party, but is not connected to DigiFin "
                "(every participating municipality must be, §3.1)",
                "digifin",
            )
        elif org.digifin_since is not None and org.digifin_since > ctx.as_of:
            yield Issue.of(
                org.src,
                f"`{org.id}` is an active party, but joins DigiFin only on "
                f"{org.digifin_since.isoformat()} (§3.1)",
                "digifin",
                "since",
            )


@rule(
    "party-owner-obligation",
    Severity.INFO,
    "§3.1",
    "lists active parties that own no project (portfolio distribution)",
    fix=(
        "Agree with the parties listed which project each will own, or set the rule to off in"
        " network.yaml where ownership is voluntary."
    ),
)
def party_owner_obligation(ctx: Context) -> Iterator[Issue]:
    parties = ctx.facts.parties
    owners = {p.owner for p in ctx.model.projects.values()}
    for org_id in parties.active(ctx.as_of):
        period = parties.period_on(org_id, ctx.as_of)
        if org_id in owners or period is None:
            continue
        yield Issue.of(
            period.party.src,
            f"`{org_id}` is an active party of `{period.agreement.id}`, but owns no project "
            "(every party takes its turn as project owner, §3.1)",
            "org",
        )


@rule(
    "amendment-unanimous",
    Severity.ERROR,
    "§7",
    "each amendment is consented by every party active on its date",
    fix=(
        "Obtain and record the consent of every party active on the amendment's date in "
        "`consented_by`."
    ),
)
def amendment_unanimous(ctx: Context) -> Iterator[Issue]:
    for a in ctx.model.agreements.values():
        if a.amendment_rule not in (None, "unanimous"):
            continue
        for am in a.amendments:
            if am.consented_by is None:
                continue  # consent not recorded: the rule needs that key
            parties = ctx.facts.parties.on(a, am.date)
            missing = [org for org in parties if org not in am.consented_by]
            if missing:
                names = ", ".join(f"`{o}`" for o in missing)
                yield Issue.of(
                    am.src,
                    f"amendment `{am.id}` of `{a.id}` ({am.date.isoformat()}) lacks the consent "
                    f"of {names}; every party must agree to a change (§7)",
                    "consented_by",
                )


@rule(
    "agreement-evaluation",
    Severity.WARNING,
    "§6",
    "evaluation not done: a warning when due within the horizon, an error once it has passed",
    fix="Carry out the evaluation and record `evaluation.done` and its `decision`.",
)
def agreement_evaluation(ctx: Context) -> Iterator[Issue]:
    horizon_end = ctx.as_of + timedelta(days=ctx.horizon)
    for d in ctx.facts.deadlines:
        if d.kind != "evaluation" or d.done or d.src is None:
            continue
        agreement = d.about.agreement
        moved = "" if d.effective == d.due else f", moved to {d.effective.isoformat()}"
        if d.effective < ctx.as_of:
            yield Issue.of(
                d.src,
                f"agreement `{agreement}` was to be evaluated by {d.due.isoformat()}{moved}; "
                "no evaluation is recorded (`evaluation.done`, §6)",
                severity=Severity.ERROR,
                subject=d.subject,
            )
        elif d.effective <= horizon_end:
            yield Issue.of(
                d.src,
                f"agreement `{agreement}` is to be evaluated by {d.due.isoformat()}{moved}, "
                f"in {d.days_left(ctx.as_of)} days (§6)",
                subject=d.subject,
            )


@rule(
    "agreement-expiry",
    Severity.WARNING,
    "§6, Ørland",
    "agreement or a party's accession ends within the horizon; error once ended while still "
    "referenced as active",
    fix=(
        "Renew the agreement or the party's accession (a new agreement or party entry), or "
        "wind down what still depends on it."
    ),
)
def agreement_expiry(ctx: Context) -> Iterator[Issue]:
    yield from _agreement_ends(ctx)
    parties = ctx.facts.parties
    for org_id in parties.orgs:
        for pp in parties.of_org(org_id):
            if pp.end_reason != "agreement":  # the agreement's own end is reported above
                yield from _accession_ends(ctx, pp)


def _agreement_ends(ctx: Context) -> Iterator[Issue]:
    parties, as_of = ctx.facts.parties, ctx.as_of
    horizon_end = as_of + timedelta(days=ctx.horizon)
    for a in ctx.model.agreements.values():
        renewed = any(o is not a for o in parties.in_force(a.until + ONE_DAY))
        if as_of <= a.until <= horizon_end and not renewed:
            yield Issue.of(
                a.src,
                f"agreement `{a.id}` ends on {a.until.isoformat()}, in "
                f"{(a.until - as_of).days} days, and no agreement follows it (§6)",
                "until",
            )
        elif a.until < as_of and not parties.in_force(as_of):
            active = _active_projects(ctx)
            if active:
                yield Issue.of(
                    a.src,
                    f"agreement `{a.id}` ended on {a.until.isoformat()} and no agreement is in "
                    f"force, but project {', '.join(f'`{p}`' for p in active)} is still "
                    f"{'active' if len(active) == 1 else 'active (all)'}",
                    "until",
                    severity=Severity.ERROR,
                )


def _accession_ends(ctx: Context, pp: PartyPeriod) -> Iterator[Issue]:
    parties, as_of, org_id = ctx.facts.parties, ctx.as_of, pp.party.org
    horizon_end = as_of + timedelta(days=ctx.horizon)
    if as_of <= pp.end <= horizon_end and not parties.is_active(org_id, pp.end + ONE_DAY):
        yield Issue.of(
            pp.party.src,
            f"{_accession_end(pp, past=False)}, in {(pp.end - as_of).days} days",
            pp.end_reason,
        )
    elif pp.end < as_of and not parties.is_active(org_id, as_of):
        still = _still_active_for(ctx, org_id)
        if still and not any(p.start > pp.end for p in parties.of_org(org_id)):
            yield Issue.of(
                pp.party.src,
                f"{_accession_end(pp, past=True)}, but it still {still}",
                pp.end_reason,
                severity=Severity.ERROR,
            )


def _accession_end(pp: PartyPeriod, past: bool) -> str:
    org, agreement, day = pp.party.org, pp.agreement.id, pp.end.isoformat()
    if pp.end_reason == "left":
        return f"`{org}` {'left' if past else 'leaves'} `{agreement}` on {day}"
    return f"`{org}`'s accession to `{agreement}` {'ended' if past else 'ends'} on {day}"


def _active_projects(ctx: Context) -> list[str]:
    return sorted(
        p.id
        for p in ctx.model.projects.values()
        if p.status in ONGOING and (p.end is None or p.end >= ctx.as_of)
    )


def _still_active_for(ctx: Context, org_id: str) -> str | None:
    """How an organisation is still referenced as an active party, if it is."""
    m, f = ctx.model, ctx.facts
    owned = sorted(
        p.id
        for p in m.projects.values()
        if p.owner == org_id and p.status in ONGOING and (p.end is None or p.end >= ctx.as_of)
    )
    if owned:
        return f"owns project {', '.join(f'`{p}`' for p in owned)}"
    for b in m.bodies.values():
        for t in f.tenures(b):
            if t.org == org_id and t.active_on(ctx.as_of):
                return f"has `{t.member.person}` on `{b.id}`"
    return None
