"""The body of the deadlines tracking issue that `digictl ci track` keeps open.

Sections: overdue, within 7, 30 and 90 days. Every deadline is read through
``Deadline.status`` (never a date computed here); every data value enters the Markdown
through :func:`digictl.output.escape.md`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from digictl.output.escape import md

if TYPE_CHECKING:
    from digictl.facts.deadlines import Deadline

MARKER = "<!-- digictl-deadlines -->"
TITLE = "digictl: deadlines (frister) due within 90 days"
HORIZON = 90
SECTIONS = ((None, "Overdue"), (7, "Within 7 days"), (30, "Within 30 days"), (90, "Within 90 days"))


def sections(items: Sequence[Deadline], as_of: date) -> dict[str, list[Deadline]]:
    """The deadlines by section title, each in the order given; done and later ones left out."""
    out: dict[str, list[Deadline]] = {title: [] for _, title in SECTIONS}
    for d in items:
        if d.status(as_of, HORIZON) == "overdue":
            out["Overdue"].append(d)
            continue
        for days, title in SECTIONS[1:]:
            if days is not None and d.status(as_of, days) == "upcoming":
                out[title].append(d)
                break
    return out


def is_due(items: Sequence[Deadline], as_of: date) -> bool:
    """Whether anything is overdue or falls due within 90 days."""
    return any(sections(items, as_of).values())


def _line(d: Deadline, as_of: date) -> str:
    days = d.days_left(as_of)
    when = f"{-days} days overdue" if days < 0 else "today" if days == 0 else f"in {days} days"
    moved = f" (due {md(d.due.isoformat())})" if d.due != d.effective else ""
    return (
        f"- **{md(d.effective.isoformat())}**{moved}, {md(when)}: {md(d.title)} "
        f"({md(d.kind)}, {md(d.subject)})"
    )


def body(items: Sequence[Deadline], as_of: date, network: str) -> str:
    """The issue's Markdown: the marker, a summary line, one section per horizon."""
    groups = sections(items, as_of)
    counts = ", ".join(f"{len(v)} {k.lower()}" for k, v in groups.items() if v) or "nothing due"
    lines = [
        MARKER,
        f"**digictl**: deadlines of {md(network)} as of {md(as_of.isoformat())}: {md(counts)}.",
        "",
    ]
    for title, found in groups.items():
        if found:
            lines += [f"### {title} ({len(found)})", ""]
            lines += [_line(d, as_of) for d in found] + [""]
    lines.append(
        "Kept by the scheduled workflow `digictl ci track`: updated on every run, closed when "
        "nothing is due. Run `digictl deadlines` locally for the full list."
    )
    return "\n".join(lines) + "\n"


def closing(as_of: date) -> str:
    """The comment digictl leaves when it closes the issue."""
    day = md(as_of.isoformat())
    return f"Nothing is overdue or due within 90 days as of {day}: closed by digictl."
