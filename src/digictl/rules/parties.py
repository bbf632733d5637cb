"""Rules about the agreement and its parties (§3.1, §6, §7)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from digictl.facts.deadlines import Deadline
from digictl.facts.parties import PartyPeriod
from digictl.facts.timeline import ONE_DAY
from digictl.findings import Severity
from digictl.i18n import N_, _, ngettext
from digictl.rules.registry import Context, Issue, rule
from digictl.vocabulary import ONGOING

# how a party that ended is still referenced: the projects it owns, or (person, body)
_Still = list[str] | tuple[str, str]


@rule(
    "party-digifin",
    Severity.ERROR,
    "§3.1",
    N_(
        "every municipality that is an active party is connected to DigiFin (a warning while "
        "its connection is not recorded)"
    ),
    fix=N_(
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
                _(
                    "`{org}` is an active party, but its DigiFin connection is not recorded; "
                    "record `digifin: {{member: true}}` (or false) so §3.1 can be checked",
                    org=org.id,
                ),
                severity=Severity.WARNING,
            )
        elif not org.digifin_member:
            yield Issue.of(
                org.src,
                _(
                    "`{org}` is an active party, but is not connected to DigiFin (every "
                    "participating municipality must be, §3.1)",
                    org=org.id,
                ),
                "digifin",
            )
        elif org.digifin_since is not None and org.digifin_since > ctx.as_of:
            yield Issue.of(
                org.src,
                _(
                    "`{org}` is an active party, but joins DigiFin only on {day} (§3.1)",
                    org=org.id,
                    day=org.digifin_since,
                ),
                "digifin",
                "since",
            )


@rule(
    "party-owner-obligation",
    Severity.INFO,
    "§3.1",
    N_("lists active parties that own no project (portfolio distribution)"),
    fix=N_(
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
            _(
                "`{org}` is an active party of `{agreement}`, but owns no project (every party "
                "takes its turn as project owner, §3.1)",
                org=org_id,
                agreement=period.agreement.id,
            ),
            "org",
        )


@rule(
    "amendment-unanimous",
    Severity.ERROR,
    "§7",
    N_("each amendment is consented by every party active on its date"),
    fix=N_(
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
                yield Issue.of(
                    am.src,
                    _(
                        "amendment `{amendment}` of `{agreement}` ({day}) lacks the consent of "
                        "{parties}; every party must agree to a change (§7)",
                        amendment=am.id,
                        agreement=a.id,
                        day=am.date,
                        parties=", ".join(f"`{o}`" for o in missing),
                    ),
                    "consented_by",
                )


@rule(
    "agreement-evaluation",
    Severity.WARNING,
    "§6",
    N_("evaluation not done: a warning when due within the horizon, an error once it has passed"),
    fix=N_("Carry out the evaluation and record `evaluation.done` and its `decision`."),
)
def agreement_evaluation(ctx: Context) -> Iterator[Issue]:
    horizon_end = ctx.as_of + timedelta(days=ctx.horizon)
    for d in ctx.facts.deadlines:
        if d.kind != "evaluation" or d.done or d.src is None:
            continue
        if d.effective < ctx.as_of:
            yield Issue.of(d.src, _evaluation_missed(d), severity=Severity.ERROR, subject=d.subject)
        elif d.effective <= horizon_end:
            yield Issue.of(d.src, _evaluation_due(d, ctx.as_of), subject=d.subject)


def _evaluation_missed(d: Deadline) -> str:
    """The evaluation of an agreement is overdue."""
    if d.effective == d.due:
        return _(
            "agreement `{agreement}` was to be evaluated by {due}; no evaluation is recorded "
            "(`evaluation.done`, §6)",
            agreement=d.about.agreement,
            due=d.due,
        )
    # Translators: the due date fell on a weekend or holiday and moved to the next working day
    return _(
        "agreement `{agreement}` was to be evaluated by {due}, moved to {moved}; no evaluation "
        "is recorded (`evaluation.done`, §6)",
        agreement=d.about.agreement,
        due=d.due,
        moved=d.effective,
    )


def _evaluation_due(d: Deadline, as_of: date) -> str:
    """The evaluation of an agreement is due within the horizon."""
    if d.effective == d.due:
        return ngettext(
            "agreement `{agreement}` is to be evaluated by {due}, in {n} day (§6)",
            "agreement `{agreement}` is to be evaluated by {due}, in {n} days (§6)",
            d.days_left(as_of),
            agreement=d.about.agreement,
            due=d.due,
        )
    return ngettext(
        "agreement `{agreement}` is to be evaluated by {due}, moved to {moved}, in {n} day (§6)",
        "agreement `{agreement}` is to be evaluated by {due}, moved to {moved}, in {n} days (§6)",
        d.days_left(as_of),
        agreement=d.about.agreement,
        due=d.due,
        moved=d.effective,
    )


@rule(
    "agreement-expiry",
    Severity.WARNING,
    "§6, Ørland",
    N_(
        "agreement or a party's accession ends within the horizon; error once ended while "
        "still referenced as active"
    ),
    fix=N_(
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
                ngettext(
                    "agreement `{agreement}` ends on {day}, in {n} day, and no agreement "
                    "follows it (§6)",
                    "agreement `{agreement}` ends on {day}, in {n} days, and no agreement "
                    "follows it (§6)",
                    (a.until - as_of).days,
                    agreement=a.id,
                    day=a.until,
                ),
                "until",
            )
        elif a.until < as_of and not parties.in_force(as_of):
            active = _active_projects(ctx)
            if active:
                yield Issue.of(
                    a.src,
                    ngettext(
                        "agreement `{agreement}` ended on {day} and no agreement is in force, "
                        "but project {projects} is still active",
                        "agreement `{agreement}` ended on {day} and no agreement is in force, "
                        "but projects {projects} are still active",
                        len(active),
                        agreement=a.id,
                        day=a.until,
                        projects=", ".join(f"`{p}`" for p in active),
                    ),
                    "until",
                    severity=Severity.ERROR,
                )


def _accession_ends(ctx: Context, pp: PartyPeriod) -> Iterator[Issue]:
    parties, as_of, org_id = ctx.facts.parties, ctx.as_of, pp.party.org
    horizon_end = as_of + timedelta(days=ctx.horizon)
    if as_of <= pp.end <= horizon_end and not parties.is_active(org_id, pp.end + ONE_DAY):
        yield Issue.of(pp.party.src, _accession_ends_soon(pp, as_of), pp.end_reason)
    elif pp.end < as_of and not parties.is_active(org_id, as_of):
        still = _still_active_for(ctx, org_id)
        if still is not None and not any(p.start > pp.end for p in parties.of_org(org_id)):
            yield Issue.of(
                pp.party.src,
                _accession_ended(pp, still),
                pp.end_reason,
                severity=Severity.ERROR,
            )


def _accession_ends_soon(pp: PartyPeriod, as_of: date) -> str:
    """A party leaves, or its accession ends, within the horizon."""
    values = {"org": pp.party.org, "agreement": pp.agreement.id, "day": pp.end}
    days = (pp.end - as_of).days
    if pp.end_reason == "left":
        return ngettext(
            "`{org}` leaves `{agreement}` on {day}, in {n} day",
            "`{org}` leaves `{agreement}` on {day}, in {n} days",
            days,
            **values,
        )
    return ngettext(
        "`{org}`'s accession to `{agreement}` ends on {day}, in {n} day",
        "`{org}`'s accession to `{agreement}` ends on {day}, in {n} days",
        days,
        **values,
    )


def _accession_ended(pp: PartyPeriod, still: _Still) -> str:
    """A party left, or its accession ended, but it still owns projects or has a member."""
    values = {"org": pp.party.org, "agreement": pp.agreement.id, "day": pp.end}
    left = pp.end_reason == "left"
    if isinstance(still, tuple):
        person, body = still
        if left:
            return _(
                "`{org}` left `{agreement}` on {day}, but it still has `{person}` on `{body}`",
                person=person,
                body=body,
                **values,
            )
        return _(
            "`{org}`'s accession to `{agreement}` ended on {day}, but it still has `{person}` "
            "on `{body}`",
            person=person,
            body=body,
            **values,
        )
    projects = ", ".join(f"`{p}`" for p in still)
    if left:
        return ngettext(
            "`{org}` left `{agreement}` on {day}, but it still owns project {projects}",
            "`{org}` left `{agreement}` on {day}, but it still owns projects {projects}",
            len(still),
            projects=projects,
            **values,
        )
    return ngettext(
        "`{org}`'s accession to `{agreement}` ended on {day}, but it still owns project {projects}",
        "`{org}`'s accession to `{agreement}` ended on {day}, but it still owns projects "
        "{projects}",
        len(still),
        projects=projects,
        **values,
    )


def _active_projects(ctx: Context) -> list[str]:
    return sorted(
        p.id
        for p in ctx.model.projects.values()
        if p.status in ONGOING and (p.end is None or p.end >= ctx.as_of)
    )


def _still_active_for(ctx: Context, org_id: str) -> _Still | None:
    """How an organisation is still referenced as an active party, if it is: the ongoing
    projects it owns, or else a member representing it (person, body)."""
    m, f = ctx.model, ctx.facts
    owned = sorted(
        p.id
        for p in m.projects.values()
        if p.owner == org_id and p.status in ONGOING and (p.end is None or p.end >= ctx.as_of)
    )
    if owned:
        return owned
    for b in m.bodies.values():
        for t in f.tenures(b):
            if t.org == org_id and t.active_on(ctx.as_of):
                return (t.member.person, b.id)
    return None
