"""The annual plan (årsplan) of a year: projects, milestones, the programme office, deadlines
and meetings."""

from __future__ import annotations

from datetime import date

from digictl.model import Project
from digictl.output.reports import names
from digictl.output.reports.document import Built, Inputs, Section, Table
from digictl.output.reports.parts import (
    deadline_markers,
    office,
    overlaps,
    project_bars,
    timeline,
)


def plan(inp: Inputs) -> Built:
    y = inp.year
    projects = _projects(inp, y)
    sections = [
        _project_section(inp, projects),
        _milestones(inp, projects),
        office(inp, y),
        _deadlines(inp, y),
        _meetings(inp, y),
    ]
    bars = project_bars(inp, projects)
    return sections, timeline(inp.t("timeline.projects"), bars, inp, deadline_markers(inp, y))


def _projects(inp: Inputs, y: int) -> list[Project]:
    """The projects of the year: not cancelled, and not completed before it began."""
    return [
        p
        for p in sorted(inp.model.projects.values(), key=lambda p: (p.start or date.max, p.id))
        if p.status != "cancelled"
        and overlaps(p.start, p.end, y)
        and not (p.status == "completed" and p.end is not None and p.end < date(y, 1, 1))
    ]


def _project_section(inp: Inputs, projects: list[Project]) -> Section:
    t, y = inp.t, inp.year
    rows = []
    for p in projects:
        starts = p.start is not None and p.start.year == y
        rows.append(
            [
                names.project(inp, p),
                names.org(inp, p.owner),
                t.status(p.status),
                t("plan.new") if starts else t("plan.continuing"),
                t.short_date(p.start),
                t.short_date(p.end),
                t.kr(p.budget_total),
            ]
        )
    cols = [
        t("col.project"),
        t("col.owner"),
        t("col.status"),
        t("col.new"),
        t("col.start"),
        t("col.end"),
        t("col.budget"),
    ]
    new = sum(1 for r in rows if r[3] == t("plan.new"))
    total = sum(p.budget_total or 0 for p in projects)
    intro = t("plan.projects.intro", new=new, continuing=len(rows) - new, total=t.kr(total))
    return Section(
        "projects", t("plan.projects", year=y), [intro], [("", Table(cols, rows, t("none"), [6]))]
    )


def _milestones(inp: Inputs, projects: list[Project]) -> Section:
    """The milestones due in the year, each in the state the facts give it: overdue only once
    its deadline, moved to a working day, has passed."""
    t, y = inp.t, inp.year
    facts = inp.facts.projects
    rows = [
        [
            names.project(inp, p),
            mf.milestone.name,
            t.short_date(mf.milestone.due),
            t(f"milestone.{mf.state}"),
        ]
        for p in projects
        for mf in facts[p.id].milestones
        if mf.milestone.due.year == y
    ]
    cols = [t("col.project"), t("col.milestone"), t("col.due"), t("col.status")]
    return Section(
        "milestones", t("plan.milestones", year=y), tables=[("", Table(cols, rows, t("none")))]
    )


def _deadlines(inp: Inputs, y: int) -> Section:
    t = inp.t
    items = sorted(
        (d for d in inp.facts.deadlines if d.effective.year == y),
        key=lambda d: (d.effective, d.kind),
    )
    rows = [
        [
            t.short_date(d.effective),
            t(f"kind.{d.kind}"),
            names.deadline_title(inp, d),
            t(f"dstatus.{d.status(inp.as_of, inp.within)}"),
        ]
        for d in items
    ]
    cols = [t("col.date"), t("col.kind"), t("col.what"), t("col.status")]
    return Section(
        "deadlines", t("plan.deadlines", year=y), tables=[("", Table(cols, rows, t("none")))]
    )


def _meetings(inp: Inputs, y: int) -> Section:
    t = inp.t
    rows = [
        [
            t.short_date(mt.date),
            names.body(inp, mt.body),
            str(len(mt.decisions)),
            t("meeting.held") if mt.date <= inp.as_of else t("meeting.planned"),
        ]
        for mt in sorted(inp.model.meetings.values(), key=lambda mt: (mt.date, mt.body))
        if mt.date.year == y
    ]
    cols = [t("col.date"), t("col.body"), t("col.decisions"), t("col.status")]
    return Section(
        "meetings", t("plan.meetings", year=y), tables=[("", Table(cols, rows, t("none"), [2]))]
    )
