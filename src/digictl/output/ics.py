"""iCalendar feeds (RFC 5545), the one place digictl writes them: the deadlines (one all-day
event per deadline) and the meeting plan (møteplan: one event per meeting).

UIDs are stable (a deadline's kind, subject and nominal date; a meeting's id), so a
subscribed calendar updates events rather than duplicating them. Every text value passes
``escape.ics_text`` (icalendar then escapes ``\\ ; ,`` and newlines, and folds long lines).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from digictl.facts.deadlines import Deadline, title_of
from digictl.facts.timeline import ONE_DAY
from digictl.i18n import _
from digictl.output.escape import ics_text, visible

if TYPE_CHECKING:
    from icalendar import Timezone

    from digictl.views.meetings import PlannedMeeting


def uid(d: Deadline, network: str) -> str:
    """The event's UID, the same in every language: made with the English title."""
    english = d.given or title_of(d, lang="en")
    return _uid(f"{network}|{d.kind}|{d.subject}|{english}|{d.due.isoformat()}", network)


def _uid(key: str, network: str) -> str:
    """A UID made from ``key``: the same key, the same UID, in every run."""
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


# --- the meeting plan (møteplan) -------------------------------------------------------------

TZID = "Europe/Oslo"


def meeting_uid(meeting_id: str, network: str) -> str:
    """The event's UID: made from the meeting's id (its date and body), the same in every
    language and on every as-of date. A meeting moved to another day is another file, so
    another event."""
    return _uid(f"{network}|meeting|{meeting_id}", network)


def meeting_times(day: date, time: str | None) -> tuple[date | datetime, date | datetime | None]:
    """DTSTART and DTEND of a meeting: all day (DTEND the next day, exclusive) without a
    time; otherwise local times in Europe/Oslo, DTEND from an end time after the start
    (none when no end is given, or an end not after the start)."""
    if time is None:
        return day, day + ONE_DAY
    from zoneinfo import ZoneInfo

    oslo = ZoneInfo(TZID)
    start_text, _dash, end_text = time.partition("-")

    def at(hhmm: str) -> datetime:
        hours, minutes = hhmm.split(":")
        return datetime(day.year, day.month, day.day, int(hours), int(minutes), tzinfo=oslo)

    start = at(start_text)
    end = at(end_text) if end_text else None
    return start, end if end is not None and end > start else None


def oslo_timezone() -> Timezone:
    """The VTIMEZONE of Europe/Oslo as calendar clients write it themselves (Google
    Calendar, Outlook): CET, and CEST from the last Sunday of March to the last Sunday of
    October, Norway's rule since 1996 (EU summer time)."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    tz = Timezone()
    tz.add("tzid", TZID)
    tz.add("x-lic-location", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("dtstart", datetime(1970, 3, 29, 2, 0, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("dtstart", datetime(1970, 10, 25, 3, 0, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def meeting_calendar(
    meetings: Sequence[PlannedMeeting], name: str, network: str, as_of: date
) -> bytes:
    """The meeting plan as an iCalendar feed: one event per meeting, its agenda in the
    description. Times are local times in Europe/Oslo (TZID and its VTIMEZONE), so every
    client shows 09:00 in Norway as 09:00 in Norway, wherever the reader is."""
    from icalendar import Calendar, Event

    from digictl.views.meetings import agenda_lines

    cal = Calendar()
    cal.add("prodid", "-//digictl//meeting plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # a title or a place stays one line: ``visible`` shows newlines and hidden characters
    # as escapes, so no value starts a line of its own in a description or a client's view
    cal.add("x-wr-calname", ics_text(visible(name)))
    cal.add("x-wr-timezone", TZID)
    if any(pm.facts.meeting.time is not None for pm in meetings):
        cal.add_component(oslo_timezone())
    stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    for pm in meetings:
        m = pm.facts.meeting
        start, end = meeting_times(m.date, m.time)
        ev = Event()
        ev.add("uid", ics_text(meeting_uid(m.id, network)))
        ev.add("dtstamp", stamp)
        ev.add("summary", ics_text(_("Meeting of {body}", body=visible(pm.body_name))))
        ev.add("dtstart", start)
        if end is not None:
            ev.add("dtend", end)
        if m.place is not None:
            ev.add("location", ics_text(visible(m.place)))
        lines = [f"{visible(n)} {visible(text)}" for n, text in agenda_lines(pm.facts)]
        if lines:
            ev.add("description", ics_text("\n".join(lines)))
        cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data
