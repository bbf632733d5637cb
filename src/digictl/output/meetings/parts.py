"""What the notice and the minutes share: finding the meeting, the facts at the top, the agenda,
decisions and their outcome, links, and what a public version leaves out (offentleglova)."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from digictl.errors import UsageError
from digictl.facts.meetings import MeetingFacts
from digictl.i18n import _
from digictl.model import AgendaItem, Decision, Meeting
from digictl.output.meetings.records import Attachment, DecisionRecord, ItemRecord, Link
from digictl.output.reports import names
from digictl.output.reports import parts as report_parts
from digictl.output.reports.document import Inputs, Table
from digictl.output.reports.i18n import Translator

_URL = re.compile(r"https?://\S+\Z", re.IGNORECASE)


def find(inp: Inputs, meeting_id: str) -> Meeting:
    """The meeting ``meeting_id`` (``<date>-<body>``), or a UsageError naming it, with the
    closest known id when there is one."""
    meeting = inp.model.meetings.get(meeting_id)
    if meeting is not None:
        return meeting
    from digictl.suggest import closest

    match = closest(meeting_id, inp.model.meetings)
    if match is not None:
        raise UsageError(
            _(
                "there is no meeting `{meeting}` in the data; did you mean `{match}`?",
                meeting=meeting_id,
                match=match,
            )
        )
    raise UsageError(
        _(
            "there is no meeting `{meeting}` in the data (a meeting is named DATE-BODY, "
            "as its file in meetings/)",
            meeting=meeting_id,
        )
    )


def facts_of(inp: Inputs, meeting: Meeting) -> MeetingFacts:
    """The meeting's facts (quorum, deadlines), from the facts layer."""
    return inp.facts.meetings[meeting.id]


def link(ref: str) -> Link:
    """``ref`` as text, linking to it only when it is an http(s) URL with a host."""
    url = ref.strip()
    if _URL.match(url) and urlsplit(url).hostname:
        return Link(ref, url)
    return Link(ref)


def paragraphs(text: str | None) -> list[str]:
    """A text's non-empty lines, each a paragraph of its own."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def clock(t: Translator, time: str | None) -> str:
    """``09:00-12:00`` as people read it: ``kl. 09.00–12.00`` in Norwegian."""
    if not time:
        return ""
    start, _sep, end = time.partition("-")
    if t.lang != "en":
        start, end = start.replace(":", "."), end.replace(":", ".")
    return t("doc.clock.range", start=start, end=end) if end else t("doc.clock.at", start=start)


def day_line(t: Translator, day: date) -> str:
    """``torsdag 5. juni 2023``."""
    return t("doc.dayline", weekday=t(f"doc.weekday.{day.weekday()}"), date=t.date(day))


def meeting_facts(inp: Inputs, meeting: Meeting) -> list[tuple[str, str]]:
    """Day, time and place, as (label, value) pairs; what is not recorded is left out."""
    t = inp.t
    out = [(t("doc.day"), day_line(t, meeting.date))]
    if meeting.time:
        out.append((t("doc.time"), clock(t, meeting.time)))
    if meeting.place:
        out.append((t("doc.place"), meeting.place))
    return out


def listing(t: Translator, words: list[str]) -> str:
    """``A, B og C``."""
    if len(words) < 2:
        return "".join(words)
    return t("doc.and", a=", ".join(words[:-1]), b=words[-1])


def withheld(inp: Inputs, item: AgendaItem | None) -> bool:
    """Whether a public version leaves out the item's content: it is exempt from public
    access (its number and legal basis stay)."""
    return inp.public and item is not None and not item.public


def exempt_note(t: Translator, item: AgendaItem) -> str:
    if item.public:
        return ""
    if item.exempt:
        return t("doc.exempt", basis=item.exempt)
    return t("doc.exempt.nobasis")


def item_record(inp: Inputs, item: AgendaItem) -> ItemRecord:
    """What a notice shows of an item: number, title, kind, exemption, proposal and
    attachments (the title and content left out of a public version of an exempt item)."""
    t = inp.t
    kind = t(f"item.{item.kind}")
    if withheld(inp, item):
        return ItemRecord(
            item.number, "", kind, exempt_note(t, item), withheld=t("doc.withheld.title")
        )
    return ItemRecord(
        item.number,
        item.title,
        kind,
        exempt_note(t, item),
        proposal=paragraphs(item.proposal),
        attachments=[Attachment(a.title, link(a.ref) if a.ref else None) for a in item.attachments],
    )


def agenda_table(inp: Inputs, items: list[ItemRecord]) -> Table:
    """The saksliste: number, title (or why it is withheld), kind."""
    t = inp.t
    rows = [[i.number, i.title or i.withheld, i.kind] for i in items]
    return Table(
        [t("doc.col.number"), t("doc.col.title"), t("col.kind")], rows, t("doc.agenda.none")
    )


def outcome(t: Translator, d: Decision, form: str = "doc") -> str:
    """How a decision was made: by consensus, by the chair after consensus failed (§4.3), or
    by vote (with its counts when recorded); "" when the file does not say. ``form`` is
    "doc", a sentence in the minutes, or "decisions", a cell of the decision register."""
    if d.outcome is None:
        return ""
    if d.outcome == "vote" and d.votes is not None:
        v = d.votes
        return t(f"{form}.outcome.votes", yes=v.yes, against=v.against, blank=v.blank)
    return t(f"{form}.outcome.{d.outcome}")


def decision_record(inp: Inputs, d: Decision, item: AgendaItem | None) -> DecisionRecord:
    """A decision with its text (or its title when no text is recorded) and outcome; a
    public version of an exempt item keeps only its id and outcome."""
    t = inp.t
    if withheld(inp, item):
        return DecisionRecord(d.id, "", [], outcome(t, d), t("doc.withheld.title"))
    return DecisionRecord(d.id, d.title, paragraphs(d.text), outcome(t, d))


def person_name(inp: Inputs, person_id: str) -> str:
    return names.person(inp, person_id)


def person_org(inp: Inputs, person_id: str) -> str:
    p = inp.model.people.get(person_id)
    return "" if p is None else names.org(inp, p.org)


def email(inp: Inputs, person_id: str) -> str:
    """A person's e-mail address, never in a public version nor of a restricted person."""
    p = inp.model.people.get(person_id)
    if inp.public or p is None or p.restricted or not p.email:
        return ""
    return p.email


def footer(inp: Inputs) -> str:
    return report_parts.footer(inp, "doc.public")


def title_of(inp: Inputs, kind: str, meeting: Meeting) -> str:
    return inp.t(f"doc.{kind}.title", body=names.body(inp, meeting.body))


def subtitle(inp: Inputs) -> str:
    network = inp.model.network
    return network.name if network is not None else ""
