"""Rules about the year: annual plan, annual report, contributions (§4.1, §5).

They read the year's deadlines and contribution sums from ``digictl.facts``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from digictl.facts.deadlines import Deadline, approval_decision
from digictl.facts.years import ContributionFacts
from digictl.findings import Severity
from digictl.model import Model
from digictl.output.money import kr
from digictl.rules.registry import Context, Issue, rule
from digictl.vocabulary import PORTFOLIO_BOARD


def _approval_issues(ctx: Context, kind: str, what: str, key: str) -> Iterator[Issue]:
    m = ctx.model
    horizon_end = ctx.as_of + timedelta(days=ctx.horizon)
    for d in ctx.facts.deadlines:
        if d.kind != kind or d.src is None or d.about.year is None:
            continue
        y = d.about.year
        year = m.years.get(y)
        decision_id = approval_decision(year, kind)
        moved = "" if d.effective == d.due else f" (moved to {d.effective.isoformat()})"
        if d.done:
            yield from _late_approval(ctx, d, decision_id, what, key, moved)
            continue
        why = _why_not(m, decision_id)
        if d.effective < ctx.as_of:
            yield Issue.of(
                d.src,
                f"the {what} for {y} was due {d.due.isoformat()}{moved}; {why} (§4.1)",
                key,
                severity=Severity.ERROR,
                subject=d.subject,
            )
        elif d.effective <= horizon_end:
            yield Issue.of(
                d.src,
                f"the {what} for {y} is due {d.due.isoformat()}{moved}, in "
                f"{d.days_left(ctx.as_of)} days; {why} (§4.1)",
                key,
                severity=Severity.WARNING,
                subject=d.subject,
            )


def _late_approval(
    ctx: Context, d: Deadline, decision_id: str | None, what: str, key: str, moved: str
) -> Iterator[Issue]:
    decided = ctx.model.decisions[decision_id].date if decision_id else None
    if d.src is not None and decided is not None and decided > d.effective:
        yield Issue.of(
            d.src,
            f"the {what} for {d.about.year} was approved on {decided.isoformat()}, after it was "
            f"due on {d.due.isoformat()}{moved} (§4.1)",
            key,
            severity=Severity.WARNING,
            subject=d.subject,
        )


def _why_not(m: Model, decision_id: str | None) -> str:
    if decision_id is None:
        return "no approval by the portfolio board is recorded"
    d = m.decisions.get(decision_id)
    if d is None:
        return f"its decision `{decision_id}` does not exist"
    body = m.bodies.get(d.body)
    if body is None or PORTFOLIO_BOARD not in body.roles:
        return f"`{decision_id}` is a decision of `{d.body}`, which is not a portfolio board"
    return f"`{decision_id}` is dated {d.date.isoformat()}, after the date examined"


@rule(
    "annual-plan",
    Severity.WARNING,
    "§4.1",
    "each year with an agreement in force on the plan's due date needs its annual plan approved "
    "by a portfolio board by that date: warning within the horizon, error once passed",
    fix=(
        "Put the annual plan on the portfolio board's agenda and reference its decision in "
        "years/<yyyy>.yaml."
    ),
)
def annual_plan(ctx: Context) -> Iterator[Issue]:
    yield from _approval_issues(ctx, "annual-plan", "annual plan", "annual_plan")


@rule(
    "annual-report",
    Severity.WARNING,
    "§4.1",
    "each year in force needs its annual report approved by a portfolio board by the calendar "
    "date: warning within the horizon, error once passed",
    fix=(
        "Put the annual report on the portfolio board's agenda and reference its decision in "
        "years/<yyyy>.yaml."
    ),
)
def annual_report(ctx: Context) -> Iterator[Issue]:
    yield from _approval_issues(ctx, "annual-report", "annual report", "annual_report")


@rule(
    "contributions",
    Severity.WARNING,
    "§5",
    "a year that records an office budget has its contributions agreed by `contributions_due` "
    "(when an agreement is in force then), and they meet the budget",
    fix=(
        "Agree the missing contributions with the parties and record them with their `agreed` date."
    ),
)
def contributions(ctx: Context) -> Iterator[Issue]:
    horizon_end = ctx.as_of + timedelta(days=ctx.horizon)
    for c in ctx.facts.contributions:
        if c.effective > horizon_end:
            continue
        year = ctx.model.years[c.year]
        if not c.covered:
            tense = "were" if c.effective < ctx.as_of else "are"
            yield Issue.of(
                year.src,
                f"contributions for {c.year} add up to {kr(c.agreed)} of the office budget "
                f"{kr(c.budget)}; they {tense} due {c.due.isoformat()} (§5)",
                "programme_office",
                "budget",
                subject=f"year:{c.year}",
            )
        yield from _late_contributions(c)


def _late_contributions(c: ContributionFacts) -> Iterator[Issue]:
    for late in c.late:
        assert late.agreed is not None
        yield Issue.of(
            late.src,
            f"the {c.year} contribution of `{late.org}` was agreed on {late.agreed.isoformat()}, "
            f"after the due date {c.due.isoformat()} (§5)",
            "agreed",
            subject=f"year:{c.year}",
        )
