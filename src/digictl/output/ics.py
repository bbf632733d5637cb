"""Deadlines as an iCalendar feed (RFC 5545): one all-day event per deadline.

UIDs are stable (kind, subject, nominal date), so a subscribed calendar updates
events rather than duplicating them.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

from digictl.facts.deadlines import Deadline, title_of
from digictl.facts.timeline import ONE_DAY
from digictl.i18n import _
from digictl.output.escape import ics_text


def uid(d: Deadline, network: str) -> str:
    """The event's UID, the same in every language: made with the English title."""
    english = d.given or title_of(d, lang="en")
    key = f"{network}|{d.kind}|{d.subject}|{english}|{d.due.isoformat()}"
    return (
        hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]
        + f"@{network or 'digictl'}.digictl"
    )


def calendar(deadlines: list[Deadline], network: str, as_of: date, within: int) -> bytes:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//digictl//deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", ics_text(f"{network} – digictl".strip(" –")))
    stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    for d in deadlines:
        ev = Event()
        ev.add("uid", ics_text(uid(d, network)))
        ev.add("dtstamp", stamp)
        ev.add("summary", ics_text(d.title))
        ev.add("dtstart", d.effective)
        ev.add("dtend", d.effective + ONE_DAY)
        ev.add("description", ics_text(_description(d, as_of, within)))
        ev.add("categories", [ics_text(d.kind)])
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data


def _description(d: Deadline, as_of: date, within: int) -> str:
    status = d.status(as_of, within)
    if d.effective == d.due:
        return _(
            "{kind} · {subject} · status {status}", kind=d.kind, subject=d.subject, status=status
        )
    return _(
        "{kind} · {subject} · status {status} (nominal date {day})",
        kind=d.kind,
        subject=d.subject,
        status=status,
        day=d.due,
    )
