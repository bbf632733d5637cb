"""Rules about the project portfolio (§4, §4.6, §5)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from digictl.facts.parties import PartyPeriod
from digictl.facts.timeline import ONE_DAY, first_uncovered
from digictl.findings import Severity
from digictl.i18n import N_, _
from digictl.model import Project
from digictl.output.money import kr
from digictl.rules.registry import Context, Issue, rule
from digictl.vocabulary import NEEDS_MANDATE, PROGRAMME_BOARD


@rule(
    "project-owner-party",
    Severity.ERROR,
    "§4, §4.6",
    N_("the project owner is an active party for the project's whole period"),
    fix=N_(
        "Move the project to an owner that is a party for its whole period, or shorten the project."
    ),
)
def project_owner_party(ctx: Context) -> Iterator[Issue]:
    m = ctx.model
    for p in m.projects.values():
        if p.start is None or p.status == "proposed" or p.owner not in m.organisations:
            continue
        end = p.end or max(p.start, ctx.as_of)
        periods = ctx.facts.parties.of_org(p.owner)
        gap = first_uncovered([(pp.start, pp.end) for pp in periods], p.start, end)
        if gap is None:
            continue
        values = {"owner": p.owner, "project": p.id, "start": p.start, "end": end}
        ended = [pp for pp in periods if pp.end == gap - ONE_DAY]
        if ended:
            message = _owner_ended(ended[0], values)
        elif any(pp.start > gap for pp in periods):
            message = _(
                "`{owner}` owns project `{project}` ({start}–{end}), but was not a party on "
                "{day} (it joined on {joined})",
                day=gap,
                joined=min(pp.start for pp in periods if pp.start > gap),
                **values,
            )
        else:
            message = _(
                "`{owner}` owns project `{project}` ({start}–{end}), but is not a party on {day}",
                day=gap,
                **values,
            )
        yield Issue.of(p.src, message, "owner")


def _owner_ended(pp: PartyPeriod, values: dict[str, object]) -> str:
    """The owner of a project stopped being a party before the project ended."""
    if pp.end_reason == "left":
        return _(
            "`{owner}` owns project `{project}` ({start}–{end}), but left the agreement on {day}",
            day=pp.end,
            **values,
        )
    if pp.end_reason == "until":
        return _(
            "`{owner}` owns project `{project}` ({start}–{end}), but its accession to "
            "`{agreement}` ended on {day}",
            agreement=pp.agreement.id,
            day=pp.end,
            **values,
        )
    return _(
        "`{owner}` owns project `{project}` ({start}–{end}), but the agreement `{agreement}` "
        "ended on {day}",
        agreement=pp.agreement.id,
        day=pp.end,
        **values,
    )


# what a project whose status needs them lacks
_MISSING = {
    # Translators: {status} is the project's `status` as written in its file (approved,
    # active, completed)
    "mandate": N_(
        "project `{project}` is {status}, but no programme-board decision approves its mandate "
        "(`mandate.decision`, §4.6)"
    ),
    # Translators: {status} is the project's `status` as written in its file (approved,
    # active, completed)
    "budget": N_(
        "project `{project}` is {status}, but no programme-board decision approves its budget "
        "(`budget.decision`, §4.6)"
    ),
}
# a mandate or budget approved by a body that is not a programme board
_NOT_BY_BOARD = {
    "mandate": N_(
        "the mandate of project `{project}` is approved by `{decision}` of `{body}`, which is "
        "not a programme board (§4.6)"
    ),
    "budget": N_(
        "the budget of project `{project}` is approved by `{decision}` of `{body}`, which is "
        "not a programme board (§4.6)"
    ),
}


@rule(
    "project-mandate",
    Severity.ERROR,
    "§4.6, §5",
    N_(
        "an approved/active/completed project has mandate and budget decisions of a programme board"
    ),
    fix=N_(
        "Have the programme board approve the mandate and the budget, and reference its decisions."
    ),
)
def project_mandate(ctx: Context) -> Iterator[Issue]:
    m, f = ctx.model, ctx.facts
    for p in m.projects.values():
        if p.status not in NEEDS_MANDATE:
            continue
        for what, decision in (("mandate", p.mandate_decision), ("budget", p.budget_decision)):
            if decision is None:
                message = _(_MISSING[what], project=p.id, status=p.status)
                yield Issue.of(p.src, message, what, "decision")
            elif decision in m.decisions and f.decision_of_role(decision, PROGRAMME_BOARD) is None:
                d = m.decisions[decision]
                yield Issue.of(
                    p.src,
                    _(_NOT_BY_BOARD[what], project=p.id, decision=decision, body=d.body),
                    what,
                    "decision",
                )


@rule(
    "project-financing",
    Severity.ERROR,
    "§5",
    N_("financing lines add up to the budget total"),
    fix=N_("Correct the financing lines or the budget total so they add up."),
)
def project_financing(ctx: Context) -> Iterator[Issue]:
    for p in ctx.model.projects.values():
        if p.budget_total is None or not p.financing:
            continue
        total = sum(f.amount for f in p.financing)
        if total != p.budget_total:
            diff = p.budget_total - total
            values = {"project": p.id, "total": kr(total), "budget": kr(p.budget_total)}
            yield Issue.of(
                p.src,
                _(
                    "the financing of project `{project}` adds up to {total}, but the budget "
                    "total is {budget} ({gap} short, §5)",
                    gap=kr(diff),
                    **values,
                )
                if diff > 0
                else _(
                    "the financing of project `{project}` adds up to {total}, but the budget "
                    "total is {budget} ({gap} too much, §5)",
                    gap=kr(-diff),
                    **values,
                ),
                "budget",
                "total",
            )


def _reference_day(p: Project, as_of: date) -> date:
    day = as_of
    if p.start is not None and day < p.start:
        day = p.start
    if p.end is not None and day > p.end:
        day = p.end
    return day


@rule(
    "project-steering-group",
    Severity.ERROR,
    "§4.6",
    N_("a project steering group includes at least one active programme-board member"),
    fix=N_("Add a current programme board member to the project's steering group."),
)
def project_steering_group(ctx: Context) -> Iterator[Issue]:
    board = ctx.facts.members_of_role(PROGRAMME_BOARD)
    for p in ctx.model.projects.values():
        if not p.steering_group:
            continue
        members = [t for t in board if t.member.person in p.steering_group]
        if p.status in ("completed", "cancelled") and p.start is not None:
            end = p.end or ctx.as_of
            if not any(
                t.first_day <= end and (t.last_day is None or t.last_day >= p.start)
                for t in members
            ):
                message = _(
                    "the steering group of project `{project}` has no programme-board member "
                    "during the project ({start}–{end}); at least one must take part (§4.6)",
                    project=p.id,
                    start=p.start,
                    end=end,
                )
                yield Issue.of(p.src, message, "steering_group")
            continue
        day = _reference_day(p, ctx.as_of)
        if not any(t.active_on(day) for t in members):
            message = _(
                "the steering group of project `{project}` has no programme-board member on "
                "{day}; at least one must take part (§4.6)",
                project=p.id,
                day=day,
            )
            yield Issue.of(p.src, message, "steering_group")


@rule(
    "milestone-overdue",
    Severity.WARNING,
    "—",
    N_("a milestone passed its due date without `done`"),
    fix=N_("Record `done` on the milestone, or agree a new due date and record it."),
)
def milestone_overdue(ctx: Context) -> Iterator[Issue]:
    for d in ctx.facts.deadlines:
        if d.kind != "milestone" or d.status(ctx.as_of, 0) != "overdue" or d.src is None:
            continue
        yield Issue.of(
            d.src,
            _(
                "milestone {milestone!r} of project `{project}` was due {due} and is not marked "
                "`done`",
                milestone=d.about.milestone,
                project=d.about.project,
                due=d.due,
            ),
            "due",
            subject=d.subject,
        )


@rule(
    "project-overdue",
    Severity.WARNING,
    "§4.6",
    N_("a decided project that is not closed (approved, active, paused) is past its `end`"),
    fix=N_(
        "Close the project (`status: completed` or `cancelled`), or have the programme board "
        "extend it and record the new `end`."
    ),
)
def project_overdue(ctx: Context) -> Iterator[Issue]:
    for pf in ctx.facts.projects.values():
        p = pf.project
        if pf.overdue and p.end is not None:
            yield Issue.of(
                p.src,
                # Translators: {status} is the project's `status` as written in its file
                # (approved, active, paused)
                _(
                    "project `{project}` ended on {day} but is still {status}; close it or "
                    "extend it",
                    project=p.id,
                    day=p.end,
                    status=p.status,
                ),
                "end",
                subject=f"project:{p.id}",
            )
