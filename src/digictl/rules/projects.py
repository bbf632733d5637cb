"""Rules about the project portfolio (§4, §4.6, §5)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from digictl.facts.timeline import ONE_DAY, first_uncovered
from digictl.findings import Severity
from digictl.model import Project
from digictl.output.money import kr
from digictl.rules.registry import Context, Issue, rule
from digictl.vocabulary import NEEDS_MANDATE, PROGRAMME_BOARD


@rule(
    "project-owner-party",
    Severity.ERROR,
    "§4, §4.6",
    "the project owner is an active party for the project's whole period",
    fix=(
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
        ended = [pp for pp in periods if pp.end == gap - ONE_DAY]
        if ended:
            pp = ended[0]
            why = {
                "left": f"left the agreement on {pp.end.isoformat()}",
                "until": f"its accession to `{pp.agreement.id}` ended on {pp.end.isoformat()}",
                "agreement": f"the agreement `{pp.agreement.id}` ended on {pp.end.isoformat()}",
            }[pp.end_reason]
        elif any(pp.start > gap for pp in periods):
            joined = min(pp.start for pp in periods if pp.start > gap)
            why = f"was not a party on {gap.isoformat()} (it joined on {joined.isoformat()})"
        else:
            why = f"is not a party on {gap.isoformat()}"
        period = f"{p.start.isoformat()}–{end.isoformat()}"
        yield Issue.of(p.src, f"`{p.owner}` owns project `{p.id}` ({period}), but {why}", "owner")


@rule(
    "project-mandate",
    Severity.ERROR,
    "§4.6, §5",
    "an approved/active/completed project has mandate and budget decisions of a programme board",
    fix="Have the programme board approve the mandate and the budget, and reference its decisions.",
)
def project_mandate(ctx: Context) -> Iterator[Issue]:
    m, f = ctx.model, ctx.facts
    for p in m.projects.values():
        if p.status not in NEEDS_MANDATE:
            continue
        for what, decision, path in (
            ("mandate", p.mandate_decision, ("mandate", "decision")),
            ("budget", p.budget_decision, ("budget", "decision")),
        ):
            if decision is None:
                yield Issue.of(
                    p.src,
                    f"project `{p.id}` is {p.status}, but no programme-board decision approves "
                    f"its {what} (`{'.'.join(path)}`, §4.6)",
                    *path,
                )
            elif decision in m.decisions and f.decision_of_role(decision, PROGRAMME_BOARD) is None:
                d = m.decisions[decision]
                yield Issue.of(
                    p.src,
                    f"the {what} of project `{p.id}` is approved by `{decision}` of `{d.body}`, "
                    "which is not a programme board (§4.6)",
                    *path,
                )


@rule(
    "project-financing",
    Severity.ERROR,
    "§5",
    "financing lines add up to the budget total",
    fix="Correct the financing lines or the budget total so they add up.",
)
def project_financing(ctx: Context) -> Iterator[Issue]:
    for p in ctx.model.projects.values():
        if p.budget_total is None or not p.financing:
            continue
        total = sum(f.amount for f in p.financing)
        if total != p.budget_total:
            diff = p.budget_total - total
            gap = f"{kr(diff)} short" if diff > 0 else f"{kr(-diff)} too much"
            yield Issue.of(
                p.src,
                f"the financing of project `{p.id}` adds up to {kr(total)}, but the budget "
                f"total is {kr(p.budget_total)} ({gap}, §5)",
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
    "a project steering group includes at least one active programme-board member",
    fix="Add a current programme board member to the project's steering group.",
)
def project_steering_group(ctx: Context) -> Iterator[Issue]:
    board = ctx.facts.members_of_role(PROGRAMME_BOARD)
    for p in ctx.model.projects.values():
        if not p.steering_group:
            continue
        members = [t for t in board if t.member.person in p.steering_group]
        if p.status in ("completed", "cancelled") and p.start is not None:
            end = p.end or ctx.as_of
            ok = any(
                t.first_day <= end and (t.last_day is None or t.last_day >= p.start)
                for t in members
            )
            when = f"during the project ({p.start.isoformat()}–{end.isoformat()})"
        else:
            day = _reference_day(p, ctx.as_of)
            ok = any(t.active_on(day) for t in members)
            when = f"on {day.isoformat()}"
        if not ok:
            yield Issue.of(
                p.src,
                f"the steering group of project `{p.id}` has no programme-board member {when}; "
                "at least one must take part (§4.6)",
                "steering_group",
            )


@rule(
    "milestone-overdue",
    Severity.WARNING,
    "—",
    "a milestone passed its due date without `done`",
    fix="Record `done` on the milestone, or agree a new due date and record it.",
)
def milestone_overdue(ctx: Context) -> Iterator[Issue]:
    for d in ctx.facts.deadlines:
        if d.kind != "milestone" or d.status(ctx.as_of, 0) != "overdue" or d.src is None:
            continue
        yield Issue.of(
            d.src,
            f"milestone {d.about.milestone!r} of project `{d.about.project}` was due "
            f"{d.due.isoformat()} and is not marked `done`",
            "due",
            subject=d.subject,
        )


@rule(
    "project-overdue",
    Severity.WARNING,
    "§4.6",
    "a decided project that is not closed (approved, active, paused) is past its `end`",
    fix=(
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
                f"project `{p.id}` ended on {p.end.isoformat()} but is still {p.status}; "
                "close it or extend it",
                "end",
                subject=f"project:{p.id}",
            )
