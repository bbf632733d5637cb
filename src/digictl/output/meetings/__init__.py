"""The documents of a meeting: its notice (innkalling with saksliste) and its minutes
(møteprotokoll), built as plain records from the model and the facts layer (quorum and
deadlines come from ``digictl.facts.meetings``) and rendered through the reports' templates.
"""

from __future__ import annotations

from digictl.output.meetings.minutes import minutes
from digictl.output.meetings.notice import notice
from digictl.output.meetings.records import MeetingDocument
from digictl.output.reports.document import Inputs

DOCUMENTS = ("notice", "minutes")


def document(kind: str, inp: Inputs, meeting_id: str) -> MeetingDocument:
    """The notice or the minutes of the meeting ``meeting_id`` (DATE-BODY)."""
    return notice(inp, meeting_id) if kind == "notice" else minutes(inp, meeting_id)


__all__ = ["DOCUMENTS", "MeetingDocument", "document", "minutes", "notice"]
