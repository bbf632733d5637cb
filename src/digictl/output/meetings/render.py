"""Render a meeting document with the reports' Jinja2 environment: Markdown, or one
self-contained HTML file (the PDF is made from that HTML)."""

from __future__ import annotations

from pathlib import Path

from digictl.errors import UsageError
from digictl.i18n import _
from digictl.output.meetings.records import MeetingDocument
from digictl.output.reports.i18n import Translator

FORMATS = ("md", "html")


def render(doc: MeetingDocument, fmt: str, user_templates: Path | None = None) -> str:
    """``doc`` as ``fmt`` (md or html) through templates/meetings/<kind>.<fmt>, or a template
    of that name in ``user_templates``. Every value is escaped by the environment's finalize,
    the one place that escapes reports."""
    if fmt not in FORMATS:
        raise UsageError(
            _("meeting documents are written as md, html or pdf, not {format!r}", format=fmt)
        )
    from digictl.output.reports.render import render_template

    return render_template(
        [f"{doc.kind}.{fmt}"], doc.kind, fmt, user_templates, doc=doc, t=Translator(doc.lang)
    )
