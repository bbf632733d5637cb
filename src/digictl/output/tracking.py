"""The body of the deadlines tracking issue that `digictl ci track` keeps open.

Sections: overdue, within 7, 30 and 90 days. Every deadline is read through
``Deadline.status`` (never a date computed here); every data value enters the Markdown
through :func:`digictl.output.escape.md`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from digictl import i18n
from digictl.i18n import N_, _, ngettext
from digictl.output.escape import md

if TYPE_CHECKING:
    from digictl.facts.deadlines import Deadline

MARKER = "<!-- digictl-deadlines -->"
# the issue's title, in the language of the run where it is opened (``issue_title``); the
# issue is found again by its MARKER, never by its title
TITLE = N_("digictl: deadlines (frister) due within 90 days")
HORIZON = 90
# (days ahead, or None for overdue; the section's heading)
SECTIONS = (
    (None, N_("Overdue")),
    (7, N_("Within 7 days")),
    (30, N_("Within 30 days")),
    (90, N_("Within 90 days")),
)


def issue_title() -> str:
    """The tracking issue's title in the current language."""
    return _(TITLE)


def sections(items: Sequence[Deadline], as_of: date) -> dict[str, list[Deadline]]:
    """The deadlines by section heading (in the current language), each in the order given;
    done and later ones left out."""
    found: dict[int | None, list[Deadline]] = {days: [] for days, _heading in SECTIONS}
    for d in items:
        if d.status(as_of, HORIZON) == "overdue":
            found[None].append(d)
            continue
        for days, _heading in SECTIONS[1:]:
            if days is not None and d.status(as_of, days) == "upcoming":
                found[days].append(d)
                break
    return {_(heading): found[days] for days, heading in SECTIONS}


def is_due(items: Sequence[Deadline], as_of: date) -> bool:
    """Whether anything is overdue or falls due within 90 days."""
    return any(sections(items, as_of).values())


def _count(days: int | None, n: int) -> str:
    """How many deadlines a section holds, as the summary line says it."""
    if days is None:
        return ngettext("{n} overdue", "{n} overdue", n)
    if days == 7:
        return ngettext("{n} within 7 days", "{n} within 7 days", n)
    if days == 30:
        return ngettext("{n} within 30 days", "{n} within 30 days", n)
    return ngettext("{n} within 90 days", "{n} within 90 days", n)


def _line(d: Deadline, as_of: date) -> str:
    days = d.days_left(as_of)
    if days < 0:
        when = ngettext("{n} day overdue", "{n} days overdue", -days)
    elif days == 0:
        when = _("today")
    else:
        when = ngettext("in {n} day", "in {n} days", days)
    what = f"{md(d.title)} ({md(d.kind)}, {md(d.subject)})"
    if d.due != d.effective:
        return "- " + _(
            "**{day}** (due {due}), {when}: {what}",
            day=i18n.day(d.effective),
            due=i18n.day(d.due),
            when=md(when),
            what=what,
        )
    return "- " + _(
        "**{day}**, {when}: {what}", day=i18n.day(d.effective), when=md(when), what=what
    )


def body(items: Sequence[Deadline], as_of: date, network: str) -> str:
    """The issue's Markdown: the marker, a summary line, one section per horizon."""
    groups = sections(items, as_of)
    found = [(days, groups[_(heading)]) for days, heading in SECTIONS]
    counts = ", ".join(_count(days, len(v)) for days, v in found if v)
    if counts:
        summary = _(
            "**digictl**: deadlines of {network} as of {day}: {counts}.",
            network=md(network),
            day=as_of,
            counts=md(counts),
        )
    else:
        summary = _(
            "**digictl**: deadlines of {network} as of {day}: nothing due.",
            network=md(network),
            day=as_of,
        )
    lines = [MARKER, summary, ""]
    for title, items_in in groups.items():
        if items_in:
            lines += [f"### {title} ({len(items_in)})", ""]
            lines += [_line(d, as_of) for d in items_in] + [""]
    lines.append(
        _(
            "Kept by the scheduled workflow `digictl ci track`: updated on every run, closed "
            "when nothing is due. Run `digictl deadlines` locally for the full list."
        )
    )
    return "\n".join(lines) + "\n"


def closing(as_of: date) -> str:
    """The comment digictl leaves when it closes the issue."""
    return _(
        "Nothing is overdue or due within 90 days as of {day}: closed by digictl.",
        day=as_of,
    )
