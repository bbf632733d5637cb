"""Parts more than one report shares: project bars, timelines with deadline markers, the
programme office's budget and contributions, and the footer (also of the meeting documents)."""

from __future__ import annotations

from datetime import date

from digictl import __version__
from digictl.facts.years import agreed_sum
from digictl.model import Project
from digictl.output.reports import names
from digictl.output.reports.document import Bar, Inputs, Section, Table, Timeline


def footer(inp: Inputs, public_note: str = "report.public") -> str:
    """Who made the document and as of when; a public version says what it leaves out
    (``public_note``, a key of the catalogue)."""
    t = inp.t
    text = t("report.footer", version=__version__, date=t.date(inp.as_of))
    return text + (" " + t(public_note) if inp.public else "")


def overlaps(start: date | None, end: date | None, year: int) -> bool:
    return (start is None or start <= date(year, 12, 31)) and (
        end is None or end >= date(year, 1, 1)
    )


def project_bars(inp: Inputs, projects: list[Project]) -> list[Bar]:
    bars = []
    for p in projects:
        if p.start is None:
            continue
        end = p.end or max(p.start, inp.as_of)
        bars.append(
            Bar(names.project(inp, p), p.start, end, f"project {p.status}", inp.t.status(p.status))
        )
    return bars


def _window(bars: list[Bar], as_of: date, markers: list[tuple[date, str]]) -> tuple[date, date]:
    days = [b.start for b in bars] + [b.end for b in bars] + [as_of] + [d for d, _ in markers]
    return date(min(days).year, 1, 1), date(max(days).year, 12, 31)


def timeline(
    title: str, bars: list[Bar], inp: Inputs, markers: list[tuple[date, str]]
) -> Timeline | None:
    if not bars:
        return None
    start, end = _window(bars, inp.as_of, markers)
    return Timeline(title, start, end, bars, inp.as_of, markers)


def deadline_markers(inp: Inputs, year: int | None = None) -> list[tuple[date, str]]:
    """The deadlines to show (overdue or within the horizon), or every deadline of ``year``."""
    f = inp.facts
    if year is None:
        items = f.listing(inp.within)
    else:
        items = [d for d in f.deadlines if d.effective.year == year]
    return [(d.effective, names.deadline_title(inp, d)) for d in items]


def _agreed(inp: Inputs, y: int) -> tuple[int, bool, int] | None:
    """The sum agreed by the as-of date, whether it covers the budget and what is missing: the
    figures of the `contributions` rule when the year's contributions are required."""
    year = inp.model.years[y]
    budget = year.office_budget
    if budget is None:
        return None
    required = inp.facts.contributions_of(y)
    if required is not None:
        return required.agreed, required.covered, required.missing
    agreed = agreed_sum(year.contributions, inp.as_of)
    return agreed, agreed >= budget, max(budget - agreed, 0)


def office(inp: Inputs, y: int) -> Section:
    t = inp.t
    year = inp.model.years.get(y)
    if year is None or not year.has_office:
        return Section("office", t("office.heading", year=y), [t("office.none", year=y)])
    rows = [
        [names.org(inp, c.org), t.kr(c.amount), t.short_date(c.agreed)] for c in year.contributions
    ]
    paragraphs = [
        t(
            "office.budget",
            year=y,
            budget=t.kr(year.office_budget),
            decision=year.office_decision or "–",
        )
    ]
    agreed = _agreed(inp, y)
    if agreed is not None:
        total, covered, missing = agreed
        key = "office.covered" if covered else "office.short"
        paragraphs.append(t(key, agreed=t.kr(total), missing=t.kr(missing)))
    table = Table([t("col.org"), t("col.amount"), t("col.agreed")], rows, t("none"), [1])
    return Section("office", t("office.heading", year=y), paragraphs, [("", table)])
