"""Derived governance facts: computed once per model and date, read by rules, views and reports.

``facts_of(model, as_of, horizon)`` gives every fact the commands show: who is a party on a
day (``parties``), members' terms and their states (``tenures``), who holds each seat
(``seats``), the yearly actions and contributions, projects and milestones, and every deadline
with what it is about. Nothing outside this package derives a governance fact on its own.
"""

from digictl.facts.core import Facts, SeatFacts, facts_of, parties_of

__all__ = ["Facts", "SeatFacts", "facts_of", "parties_of"]
