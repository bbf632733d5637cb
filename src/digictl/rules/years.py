"""Rules about the year: annual plan, annual report, contributions (§4.1, §5).

They read the year's deadlines and contribution sums from ``digictl.facts``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from digictl.facts.deadlines import Deadline, approval_decision
from digictl.facts.years import ContributionFacts
from digictl.findings import Severity
from digictl.i18n import N_, _, ngettext
from digictl.model import Model
from digictl.output.money import kr
from digictl.rules.registry import Context, Issue, rule
from digictl.vocabulary import PORTFOLIO_BOARD


def _approval_issues(ctx: Context, kind: str, key: str) -> Iterator[Issue]:
    """The findings about the annual plan or report (``kind``) of every year."""
    m = ctx.model
    horizon_end = ctx.as_of + timedelta(days=ctx.horizon)
    for d in ctx.facts.deadlines:
        if d.kind != kind or d.src is None or d.about.year is None:
            continue
        decision_id = approval_decision(m.years.get(d.about.year), kind)
        if d.done:
            yield from _late_approval(ctx, d, decision_id, key)
            continue
        why = _why_not(m, decision_id)
        if d.effective < ctx.as_of:
            yield Issue.of(
                d.src,
                _overdue(d, why),
                key,
                severity=Severity.ERROR,
                subject=d.subject,
            )
        elif d.effective <= horizon_end:
            yield Issue.of(
                d.src,
                _upcoming(d, why, d.days_left(ctx.as_of)),
                key,
                severity=Severity.WARNING,
                subject=d.subject,
            )


# In the messages below {why} is a sentence of its own (``_why_not``), and "moved to" gives
# the next working day after a due date on a weekend or holiday.


def _overdue(d: Deadline, why: str) -> str:
    """The annual plan or report of a year is overdue."""
    values = {"year": d.about.year, "due": d.due, "why": why}
    plan = d.kind == "annual-plan"
    if d.effective == d.due:
        if plan:
            # Translators: {why} is a sentence of its own: what is missing, such as "no
            # approval by the portfolio board is recorded"
            return _("the annual plan for {year} was due {due}; {why} (§4.1)", **values)
        return _("the annual report for {year} was due {due}; {why} (§4.1)", **values)
    if plan:
        return _(
            "the annual plan for {year} was due {due} (moved to {moved}); {why} (§4.1)",
            moved=d.effective,
            **values,
        )
    return _(
        "the annual report for {year} was due {due} (moved to {moved}); {why} (§4.1)",
        moved=d.effective,
        **values,
    )


def _upcoming(d: Deadline, why: str, days: int) -> str:
    """The annual plan or report of a year is due within the horizon, in ``days``."""
    values = {"year": d.about.year, "due": d.due, "why": why}
    plan = d.kind == "annual-plan"
    if d.effective == d.due:
        if plan:
            return ngettext(
                "the annual plan for {year} is due {due}, in {n} day; {why} (§4.1)",
                "the annual plan for {year} is due {due}, in {n} days; {why} (§4.1)",
                days,
                **values,
            )
        return ngettext(
            "the annual report for {year} is due {due}, in {n} day; {why} (§4.1)",
            "the annual report for {year} is due {due}, in {n} days; {why} (§4.1)",
            days,
            **values,
        )
    if plan:
        return ngettext(
            "the annual plan for {year} is due {due} (moved to {moved}), in {n} day; {why} (§4.1)",
            "the annual plan for {year} is due {due} (moved to {moved}), in {n} days; {why} (§4.1)",
            days,
            moved=d.effective,
            **values,
        )
    return ngettext(
        "the annual report for {year} is due {due} (moved to {moved}), in {n} day; {why} (§4.1)",
        "the annual report for {year} is due {due} (moved to {moved}), in {n} days; {why} (§4.1)",
        days,
        moved=d.effective,
        **values,
    )


def _late_approval(ctx: Context, d: Deadline, decision_id: str | None, key: str) -> Iterator[Issue]:
    decided = ctx.model.decisions[decision_id].date if decision_id else None
    if d.src is not None and decided is not None and decided > d.effective:
        yield Issue.of(
            d.src,
            _approved_late(d, decided),
            key,
            severity=Severity.WARNING,
            subject=d.subject,
        )


def _approved_late(d: Deadline, decided: date) -> str:
    """The annual plan or report of a year was approved after its due date."""
    values = {"year": d.about.year, "day": decided, "due": d.due}
    plan = d.kind == "annual-plan"
    if d.effective == d.due:
        if plan:
            return _(
                "the annual plan for {year} was approved on {day}, after it was due on {due} "
                "(§4.1)",
                **values,
            )
        return _(
            "the annual report for {year} was approved on {day}, after it was due on {due} (§4.1)",
            **values,
        )
    if plan:
        return _(
            "the annual plan for {year} was approved on {day}, after it was due on {due} "
            "(moved to {moved}) (§4.1)",
            moved=d.effective,
            **values,
        )
    return _(
        "the annual report for {year} was approved on {day}, after it was due on {due} "
        "(moved to {moved}) (§4.1)",
        moved=d.effective,
        **values,
    )


def _why_not(m: Model, decision_id: str | None) -> str:
    """Why the annual plan or report is not approved: a sentence of its own."""
    if decision_id is None:
        # Translators: the second half of "the annual plan for 2024 was due 31 March 2024; …"
        return _("no approval by the portfolio board is recorded")
    d = m.decisions.get(decision_id)
    if d is None:
        return _("its decision `{decision}` does not exist", decision=decision_id)
    body = m.bodies.get(d.body)
    if body is None or PORTFOLIO_BOARD not in body.roles:
        return _(
            "`{decision}` is a decision of `{body}`, which is not a portfolio board",
            decision=decision_id,
            body=d.body,
        )
    return _(
        "`{decision}` is dated {day}, after the date examined", decision=decision_id, day=d.date
    )


@rule(
    "annual-plan",
    Severity.WARNING,
    "§4.1",
    N_(
        "each year with an agreement in force on the plan's due date needs its annual plan "
        "approved by a portfolio board by that date: warning within the horizon, error once "
        "passed"
    ),
    fix=N_(
        "Put the annual plan on the portfolio board's agenda and reference its decision in "
        "years/<yyyy>.yaml."
    ),
)
def annual_plan(ctx: Context) -> Iterator[Issue]:
    yield from _approval_issues(ctx, "annual-plan", "annual_plan")


@rule(
    "annual-report",
    Severity.WARNING,
    "§4.1",
    N_(
        "each year in force needs its annual report approved by a portfolio board by the "
        "calendar date: warning within the horizon, error once passed"
    ),
    fix=N_(
        "Put the annual report on the portfolio board's agenda and reference its decision in "
        "years/<yyyy>.yaml."
    ),
)
def annual_report(ctx: Context) -> Iterator[Issue]:
    yield from _approval_issues(ctx, "annual-report", "annual_report")


@rule(
    "contributions",
    Severity.WARNING,
    "§5",
    N_(
        "a year that records an office budget has its contributions agreed by "
        "`contributions_due` (when an agreement is in force then), and they meet the budget"
    ),
    fix=N_(
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
            values = {"year": c.year, "agreed": kr(c.agreed), "budget": kr(c.budget), "due": c.due}
            yield Issue.of(
                year.src,
                _(
                    "contributions for {year} add up to {agreed} of the office budget {budget}; "
                    "they were due {due} (§5)",
                    **values,
                )
                if c.effective < ctx.as_of
                else _(
                    "contributions for {year} add up to {agreed} of the office budget {budget}; "
                    "they are due {due} (§5)",
                    **values,
                ),
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
            _(
                "the {year} contribution of `{org}` was agreed on {day}, after the due date "
                "{due} (§5)",
                year=c.year,
                org=late.org,
                day=late.agreed,
                due=c.due,
            ),
            "agreed",
            subject=f"year:{c.year}",
        )
