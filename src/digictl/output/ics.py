"""Deadlines as an iCalendar feed (RFC 5545): one all-day event per deadline.

UIDs are stable (kind, subject, nominal date), so a subscribed calendar updates
events rather than duplicating them.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

from digictl.facts.deadlines import Deadline
from digictl.facts.timeline import ONE_DAY
from digictl.output.escape import ics_text


def uid(d: Deadline, network: str) -> str:
    key = f"{network}|{d.kind}|{d.subject}|{d.title}|{d.due.isoformat()}"
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
        moved = "" if d.effective == d.due else f" (nominal date {d.due.isoformat()})"
        ev.add(
            "description",
            ics_text(f"{d.kind} · {d.subject} · status {d.status(as_of, within)}{moved}"),
        )
        ev.add("categories", [ics_text(d.kind)])
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data
