"""The facts of a partnership on a date, computed once and read by rules, views and reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from digictl.facts import deadlines as _deadlines
from digictl.facts.deadlines import Deadline
from digictl.facts.meetings import MeetingFacts, meeting_facts
from digictl.facts.meetings import Settings as MeetingSettings
from digictl.facts.parties import Parties
from digictl.facts.projects import ProjectFacts, project_facts
from digictl.facts.tenures import Tenure, tenures
from digictl.facts.years import ContributionFacts, contribution_facts, plan_years, report_years
from digictl.load.dates import MAX_HORIZON
from digictl.model import Body, Decision, Model, Seat
from digictl.vocabulary import DEFAULT_HORIZON


@dataclass(frozen=True)
class SeatFacts:
    """Who holds a seat on the date examined. A body that has no member yet on that date is
    not constituted: its seats are not vacant, they are not filled yet."""

    seat: Seat
    body: Body
    holders: tuple[Tenure, ...]  # voting members active on the date
    deputies: tuple[Tenure, ...]
    constituted: bool

    @property
    def held(self) -> int:
        return len(self.holders)

    @property
    def vacant(self) -> int:
        return max(self.seat.count - self.held, 0) if self.constituted else 0


class Facts:
    """Every derived governance fact of ``model`` on ``as_of``; ``horizon`` is how far ahead a
    deadline counts as upcoming. A term counts as expiring within the `term-expiring` rule's
    `horizon` when network.yaml sets it, else within ``horizon``, in every command alike.
    Build it with ``facts_of`` (once per model, date and horizon)."""

    def __init__(self, model: Model, as_of: date, horizon: int = DEFAULT_HORIZON) -> None:
        self.model = model
        self.as_of = as_of
        self.horizon = horizon
        self.term_horizon = term_horizon(model, horizon)
        self.parties = parties_of(model)
        self._tenures: dict[str, list[Tenure]] = {}
        self._seats: dict[str, list[SeatFacts]] = {}

    # -- boards --------------------------------------------------------------------------

    def tenures(self, body: Body) -> list[Tenure]:
        """Every member entry of ``body`` in file order, with its state."""
        found = self._tenures.get(body.id)
        if found is None:
            found = self._tenures[body.id] = tenures(
                self.model, body, self.as_of, self.term_horizon
            )
        return found

    def active(self, body: Body, day: date | None = None) -> list[Tenure]:
        """The voting members of ``body`` on ``day`` (the date examined by default)."""
        when = self.as_of if day is None else day
        return [t for t in self.tenures(body) if t.voting and t.active_on(when)]

    def constituted(self, body: Body) -> bool:
        """A body exists once its first member has taken a seat."""
        return any(m.start <= self.as_of for m in body.members)

    def seats(self, body: Body) -> list[SeatFacts]:
        found = self._seats.get(body.id)
        if found is None:
            found = self._seats[body.id] = self._seat_facts(body)
        return found

    def _seat_facts(self, body: Body) -> list[SeatFacts]:
        on = [t for t in self.tenures(body) if t.seat is not None and t.active_on(self.as_of)]
        started = self.constituted(body)
        return [
            SeatFacts(
                seat,
                body,
                tuple(t for t in on if t.seat is seat and t.voting),
                tuple(t for t in on if t.seat is seat and not t.voting),
                started,
            )
            for seat in body.seats
        ]

    def members_of_role(self, role: str) -> list[Tenure]:
        """Every member entry of every body with ``role`` (e.g. the programme boards)."""
        return [t for b in self.model.bodies.values() if role in b.roles for t in self.tenures(b)]

    # -- decisions and meetings ----------------------------------------------------------

    def decision_of_role(self, decision_id: str | None, role: str) -> Decision | None:
        """The decision, when it exists and was made by a body with ``role``."""
        d = self.model.decisions.get(decision_id) if decision_id else None
        body = self.model.bodies.get(d.body) if d else None
        return d if body is not None and role in body.roles else None

    def approved(self, decision_id: str | None, role: str) -> bool:
        """A body with ``role`` has taken the decision by the date examined."""
        d = self.decision_of_role(decision_id, role)
        return d is not None and d.date <= self.as_of

    def meetings_held(self, body_id: str) -> list[date]:
        return [
            m.date
            for m in self.model.meetings.values()
            if m.body == body_id and m.date <= self.as_of
        ]

    @cached_property
    def meeting_settings(self) -> MeetingSettings:
        """The notice and minutes periods and the quorum share network.yaml sets."""
        return MeetingSettings.of(self.model)

    @cached_property
    def meetings(self) -> dict[str, MeetingFacts]:
        """Every meeting's facts (notice, minutes, quorum), by meeting id."""
        s = self.meeting_settings
        return {mid: meeting_facts(self, m, s) for mid, m in self.model.meetings.items()}

    # -- years, projects, deadlines ------------------------------------------------------

    @cached_property
    def plan_years(self) -> list[int]:
        return plan_years(self.model, self.parties)

    @cached_property
    def report_years(self) -> list[int]:
        return report_years(self.model, self.parties)

    @cached_property
    def contributions(self) -> list[ContributionFacts]:
        return contribution_facts(self.model, self.parties, self.as_of)

    def contributions_of(self, year: int) -> ContributionFacts | None:
        return next((c for c in self.contributions if c.year == year), None)

    @cached_property
    def projects(self) -> dict[str, ProjectFacts]:
        return {pid: project_facts(p, self.as_of) for pid, p in self.model.projects.items()}

    @cached_property
    def deadlines(self) -> list[Deadline]:
        """Every computed deadline, in the order of the kinds."""
        return _deadlines.all_deadlines(self)

    def listing(self, within: int | None = None, include_all: bool = False) -> list[Deadline]:
        days = self.horizon if within is None else within
        return _deadlines.ordered(self.deadlines, self.as_of, days, include_all)


def term_horizon(model: Model, horizon: int) -> int:
    """The `term-expiring` rule's `horizon` from network.yaml when it is a valid number of
    days, else ``horizon``."""
    setting = model.network.rules.get("term-expiring") if model.network else None
    value = setting.params.get("horizon") if setting else None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_HORIZON:
        return value
    return horizon


def parties_of(model: Model) -> Parties:
    """The accession periods of ``model``, built once (they do not depend on a date)."""
    if model.parties_index is None:
        model.parties_index = Parties(model)
    return model.parties_index


def facts_of(model: Model, as_of: date, horizon: int = DEFAULT_HORIZON) -> Facts:
    """The facts of ``model`` on ``as_of``, computed once per date and horizon."""
    key = (as_of, horizon)
    found = model.facts_cache.get(key)
    if found is None:
        found = model.facts_cache[key] = Facts(model, as_of, horizon)
    return found
