"""Who is a party to which agreement on which day, and which agreements are in force.

These facts do not depend on the date examined: they are built once per model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from digictl.model import Agreement, Model, Party

# on a tie of ends, an explicit `left` or `until` explains the end best
_END_PREFERENCE = {"left": 0, "until": 1, "agreement": 2}


@dataclass(frozen=True)
class PartyPeriod:
    """One accession of an organisation to one agreement, as a period of days."""

    agreement: Agreement
    party: Party
    start: date
    end: date
    end_reason: str  # "left", "until" (own end) or "agreement" (the agreement ends)

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def period_of(agreement: Agreement, party: Party) -> PartyPeriod:
    ends = [(agreement.until, "agreement")]
    if party.until is not None:
        ends.append((party.until, "until"))
    if party.left is not None:
        ends.append((party.left, "left"))
    end, reason = min(ends, key=lambda e: (e[0], _END_PREFERENCE[e[1]]))
    return PartyPeriod(agreement, party, max(agreement.effective, party.joined), end, reason)


class Parties:
    """Accession periods by organisation and by agreement, built once per model: asked per
    party of every agreement, a scan would grow with agreements times parties."""

    def __init__(self, model: Model) -> None:
        self.agreements = list(model.agreements.values())
        self.by_org: dict[str, list[PartyPeriod]] = {}
        self.by_agreement: dict[int, list[PartyPeriod]] = {}
        for a in self.agreements:
            periods = [period_of(a, p) for p in a.parties]
            self.by_agreement[id(a)] = periods
            for pp in periods:
                self.by_org.setdefault(pp.party.org, []).append(pp)
        for found in self.by_org.values():
            found.sort(key=lambda pp: (pp.start, pp.end))
        self.orgs = sorted(self.by_org)

    def of_org(self, org: str) -> list[PartyPeriod]:
        """Every accession of ``org``, in order."""
        return self.by_org.get(org, [])

    def of_agreement(self, agreement: Agreement) -> list[PartyPeriod]:
        """The accession of each party of ``agreement``, in the order of its parties."""
        return self.by_agreement.get(id(agreement), [])

    def on(self, agreement: Agreement, day: date) -> list[str]:
        """The organisations that are parties to ``agreement`` on ``day``, sorted."""
        return sorted({pp.party.org for pp in self.of_agreement(agreement) if pp.covers(day)})

    def is_active(self, org: str, day: date) -> bool:
        return any(pp.covers(day) for pp in self.of_org(org))

    def period_on(self, org: str, day: date) -> PartyPeriod | None:
        return next((pp for pp in self.of_org(org) if pp.covers(day)), None)

    def active(self, day: date) -> list[str]:
        """Every organisation that is a party to some agreement on ``day``, sorted."""
        return [o for o in self.orgs if self.is_active(o, day)]

    def in_force(self, day: date) -> list[Agreement]:
        return [a for a in self.agreements if a.effective <= day <= a.until]

    def span(self) -> tuple[date, date] | None:
        """The first and last day of any agreement, or None without agreements."""
        if not self.agreements:
            return None
        return (
            min(a.effective for a in self.agreements),
            max(a.until for a in self.agreements),
        )

    def in_force_some_day(self, first: date, last: date) -> bool:
        return any(a.effective <= last and first <= a.until for a in self.agreements)
