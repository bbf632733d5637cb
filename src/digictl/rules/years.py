"""Rules about the year: annual plan, annual report, contributions (§4.1, §5)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from digictl.facts.deadlines import Deadline, agreed_sum, annual_plans, annual_reports, report_years
from digictl.facts.timeline import next_working_day
from digictl.findings import Severity
from digictl.load.dates import on_monthday
from digictl.model import Model
from digictl.output.money import kr
from digictl.rules.registry import Context, Issue, rule


def _approval_issues(
    ctx: Context, items: Iterator[Deadline], what: str, key: str
) -> Iterator[Issue]:
    m = ctx.model
    horizon_end = ctx.as_of + timedelta(days=ctx.horizon)
    for d in items:
        if d.src is None:
            continue
        y = int(d.subject.partition(":")[2])
        year = m.years.get(y)
        decision_id = getattr(year, f"{key}_decision") if year else None
        moved = "" if d.effective == d.due else f" (moved to {d.effective.isoformat()})"
        if d.done:
            decided = m.decisions[decision_id].date if decision_id else None
            if decided is not None and decided > d.effective:
                yield Issue.of(
                    d.src,
                    f"the {what} for {y} was approved on {decided.isoformat()}, after it was due "
                    f"on {d.due.isoformat()}{moved} (§4.1)",
                    key,
                    severity=Severity.WARNING,
                )
            continue
        why = _why_not(m, decision_id)
        if d.effective < ctx.as_of:
            yield Issue.of(
                d.src,
                f"the {what} for {y} was due {d.due.isoformat()}{moved}; {why} (§4.1)",
                key,
                severity=Severity.ERROR,
            )
        elif d.effective <= horizon_end:
            yield Issue.of(
                d.src,
                f"the {what} for {y} is due {d.due.isoformat()}{moved}, in "
                f"{d.days_left(ctx.as_of)} days; {why} (§4.1)",
                key,
                severity=Severity.WARNING,
            )


def _why_not(m: Model, decision_id: str | None) -> str:
    if decision_id is None:
        return "no approval by the portfolio board is recorded"
    d = m.decisions.get(decision_id)
    if d is None:
        return f"its decision `{decision_id}` does not exist"
    body = m.bodies.get(d.body)
    if body is None or "portfolio-board" not in body.roles:
        return f"`{decision_id}` is a decision of `{d.body}`, which is not a portfolio board"
    return f"`{decision_id}` is dated {d.date.isoformat()}, after the date examined"


@rule(
    "annual-plan",
    Severity.WARNING,
    "§4.1",
    "each year in force needs its annual plan approved by a portfolio board by the calendar "
    "date: warning within the horizon, error once passed",
    fix=(
        "Put the annual plan on the portfolio board's agenda and reference its decision in "
        "years/<yyyy>.yaml."
    ),
)
def annual_plan(ctx: Context) -> Iterator[Issue]:
    yield from _approval_issues(
        ctx, annual_plans(ctx.model, ctx.as_of), "annual plan", "annual_plan"
    )


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
    yield from _approval_issues(
        ctx, annual_reports(ctx.model, ctx.as_of), "annual report", "annual_report"
    )


@rule(
    "contributions",
    Severity.WARNING,
    "§5",
    "the year's contributions are agreed by `contributions_due` and meet the office budget",
    fix=(
        "Agree the missing contributions with the parties and record them with their `agreed` date."
    ),
)
def contributions(ctx: Context) -> Iterator[Issue]:
    m = ctx.model
    n = m.network
    if n is None or n.contributions_due is None:
        return
    horizon_end = ctx.as_of + timedelta(days=ctx.horizon)
    for y in report_years(m):
        year = m.years.get(y)
        if year is None or year.office_budget is None:
            continue
        due = on_monthday(y - 1, n.contributions_due)
        effective = next_working_day(due)
        if effective > horizon_end:
            continue
        agreed = agreed_sum(m, y, ctx.as_of)
        if agreed < year.office_budget:
            tense = "were" if effective < ctx.as_of else "are"
            yield Issue.of(
                year.src,
                f"contributions for {y} add up to {kr(agreed)} of the office budget "
                f"{kr(year.office_budget)}; they {tense} due {due.isoformat()} (§5)",
                "programme_office",
                "budget",
            )
        for c in year.contributions:
            if c.agreed is not None and effective < c.agreed <= ctx.as_of:
                yield Issue.of(
                    c.src,
                    f"the {y} contribution of `{c.org}` was agreed on {c.agreed.isoformat()}, "
                    f"after the due date {due.isoformat()} (§5)",
                    "agreed",
                )
