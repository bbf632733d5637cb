"""The yearly actions (§4.1, §5): which years need an annual plan, an annual report and
contributions, and how much is agreed.

Decided once (docs/design.md §4, "Yearly actions"): a yearly action with a calendar date
(annual plan, contributions) is required only while an agreement is in force on its due date;
contributions only for a year that records an office budget. An annual report is required for
every year in which an agreement was in force on some day. A contribution counts as agreed on
its `agreed` date (one without a date counts as agreed). Nothing is required with a due date
before the network's `records_from` ("our records start here"; §10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from digictl.facts.parties import Parties
from digictl.facts.timeline import next_working_day
from digictl.load.dates import on_monthday
from digictl.model import Contribution, Model


def _years(parties: Parties) -> range:
    span = parties.span()
    return range(span[0].year, span[1].year + 1) if span else range(0)


def plan_years(model: Model, parties: Parties) -> list[int]:
    """Years whose annual plan is required: an agreement is in force on the plan's due date."""
    n = model.network
    if n is None or n.annual_plan_due is None:
        return []
    due = n.annual_plan_due
    return [
        y
        for y in _years(parties)
        if parties.in_force(on_monthday(y, due)) and n.requires(on_monthday(y, due))
    ]


def report_years(model: Model, parties: Parties) -> list[int]:
    """Years whose annual report is required: an agreement was in force on some day of it,
    and the report falls due (in the year after) once the records start."""
    n = model.network
    due = n.annual_report_due if n is not None else None
    return [
        y
        for y in _years(parties)
        if parties.in_force_some_day(date(y, 1, 1), date(y, 12, 31))
        and (n is None or due is None or n.requires(on_monthday(y + 1, due)))
    ]


@dataclass(frozen=True)
class ContributionFacts:
    """The contributions of one year that records an office budget."""

    year: int
    budget: int
    agreed: int  # the sum agreed by the date examined
    recorded: int  # the sum of every contribution recorded, agreed or not yet
    due: date
    effective: date  # the due date moved to a working day
    late: tuple[Contribution, ...]  # agreed after the effective due date, by the date examined

    @property
    def covered(self) -> bool:
        return self.agreed >= self.budget

    @property
    def missing(self) -> int:
        return max(self.budget - self.agreed, 0)


def agreed_sum(contributions: list[Contribution], as_of: date) -> int:
    return sum(c.amount for c in contributions if c.agreed is None or c.agreed <= as_of)


def contribution_facts(model: Model, parties: Parties, as_of: date) -> list[ContributionFacts]:
    """One record per year whose contributions are required, in year order."""
    n = model.network
    if n is None or n.contributions_due is None:
        return []
    out = []
    for y in _years(parties):
        year = model.years.get(y)
        if year is None or year.office_budget is None:
            continue
        due = on_monthday(y - 1, n.contributions_due)
        if not parties.in_force(due) or not n.requires(due):
            continue
        effective = next_working_day(due)
        late = tuple(
            c for c in year.contributions if c.agreed is not None and effective < c.agreed <= as_of
        )
        out.append(
            ContributionFacts(
                y,
                year.office_budget,
                agreed_sum(year.contributions, as_of),
                sum(c.amount for c in year.contributions),
                due,
                effective,
                late,
            )
        )
    return out
