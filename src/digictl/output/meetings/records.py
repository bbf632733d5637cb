"""The records a meeting document is made of: plain data in the document's language, no markup.

The templates (templates/meetings/) lay them out; every value enters the output through the
reports' one escaping place (``digictl.output.reports.render._finalize``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from digictl.output.reports.document import Table


@dataclass
class Link:
    """A text, and the address it links to in HTML: only an http(s) URL, else None."""

    text: str
    url: str | None = None


@dataclass
class Attachment:
    title: str
    ref: Link | None = None  # its reference: a link when it is an http(s) URL


@dataclass
class DecisionRecord:
    id: str
    title: str  # empty when withheld
    text: list[str]  # the decision's text, one entry per paragraph (empty: none or withheld)
    outcome: str  # how it was made, as a sentence
    withheld: str = ""  # why title and text are left out (a public version of an exempt item)


@dataclass
class ItemRecord:
    """An agenda item (sak) as a notice or the minutes show it."""

    number: str
    title: str  # empty when withheld
    kind: str  # vedtakssak, orienteringssak, drøftingssak
    exempt: str = ""  # the exemption from public access and its legal basis, as a sentence
    withheld: str = ""  # why the title and the content are left out (public version)
    proposal: list[str] = field(default_factory=list)  # paragraphs of the proposal
    attachments: list[Attachment] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # one sentence per declared conflict
    quorum: str = ""  # the quorum while the item was dealt with, when members left for it
    decisions: list[DecisionRecord] = field(default_factory=list)
    note: str = ""  # "no decision is recorded", for a decision item without one


@dataclass
class PeopleGroup:
    """Members, deputies, absentees or observers: a heading and a table of people."""

    id: str
    heading: str
    table: Table


@dataclass
class MeetingDocument:
    """A notice (innkalling) or the minutes (protokoll) of one meeting."""

    kind: str  # notice or minutes: the template's name
    lang: str
    meeting: str  # the meeting's id
    title: str
    subtitle: str
    public: bool
    facts: list[tuple[str, str]]  # (label, value): day, time, place, notice sent
    people_heading: str
    people: list[PeopleGroup]
    statements: list[str]  # after the people: the quorum, or why there is none
    items_heading: str
    items: list[ItemRecord]
    agenda_heading: str = ""
    agenda: Table | None = None  # the notice's saksliste: number, title, kind
    others_heading: str = ""  # decisions made under no item of the agenda
    others: list[DecisionRecord] = field(default_factory=list)
    approval_heading: str = ""
    approval: list[str] = field(default_factory=list)  # sentences about the minutes' approval
    minutes_ref: Link | None = None  # where the approved minutes are kept
    footer: str = ""
    notes: list[str] = field(default_factory=list)  # under the facts: e.g. "not held yet"
