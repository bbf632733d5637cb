"""Projects and their milestones on a date.

Decided once (docs/design.md §4, "Projects"): a milestone's deadline moves to the next working
day; it is done once `done` is on or before the date examined, overdue once its moved deadline
has passed; a cancelled project's open milestones are dropped. A project that is decided and
not closed (approved, active, paused) is overdue once its `end` has passed (`project-overdue`);
the end of a project is a fact and does not move.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from digictl.facts.timeline import next_working_day
from digictl.model import Milestone, Project
from digictl.vocabulary import ONGOING

MILESTONE_STATES = ("done", "overdue", "planned", "dropped")  # dropped: the project is cancelled


@dataclass(frozen=True)
class MilestoneFacts:
    milestone: Milestone
    effective: date  # the due date moved to a working day
    state: str  # one of MILESTONE_STATES


@dataclass(frozen=True)
class ProjectFacts:
    project: Project
    milestones: tuple[MilestoneFacts, ...]
    overdue: bool  # ongoing, and its end has passed

    def count(self, state: str) -> int:
        return sum(1 for ms in self.milestones if ms.state == state)


def milestone_facts(ms: Milestone, as_of: date, cancelled: bool = False) -> MilestoneFacts:
    effective = next_working_day(ms.due)
    if ms.done is not None and ms.done <= as_of:
        state = "done"
    elif cancelled:
        state = "dropped"
    elif effective < as_of:
        state = "overdue"
    else:
        state = "planned"
    return MilestoneFacts(ms, effective, state)


def project_facts(p: Project, as_of: date) -> ProjectFacts:
    overdue = p.status in ONGOING and p.end is not None and p.end < as_of
    cancelled = p.status == "cancelled"
    milestones = tuple(milestone_facts(ms, as_of, cancelled) for ms in p.milestones)
    return ProjectFacts(p, milestones, overdue)
