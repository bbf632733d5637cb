"""The list of decisions of a year (vedtaksliste): every decision the bodies made in the year,
by body and date, with its agenda item, title, outcome (the chair after failed consensus, §4.3,
or a vote with its counts) and text. A public version leaves out the title and text of a
decision made under an item exempt from public access (its id, item and outcome stay).

The timeline shows the projects the year's decisions concern (by `subjects`, or as their mandate
or budget decision), with the year's deadlines."""

from __future__ import annotations

from digictl.model import AgendaItem, Decision, Project
from digictl.output.meetings.parts import outcome, withheld
from digictl.output.reports import names
from digictl.output.reports.document import Built, Inputs, Section, Table, Timeline
from digictl.output.reports.parts import deadline_markers, project_bars, timeline


def decisions(inp: Inputs) -> Built:
    t, y = inp.t, inp.year
    by_body: dict[str, list[Decision]] = {}
    for d in sorted(inp.model.decisions.values(), key=lambda d: (d.date, d.id)):
        if d.date.year == y and d.date <= inp.as_of:
            by_body.setdefault(d.body, []).append(d)
    if not by_body:
        none = [t("decisions.none", year=y)]
        return [Section("decisions", t("doc.decisions"), none)], None
    cols = [
        t("col.id"),
        t("col.date"),
        t("decisions.col.item"),
        t("decisions.col.title"),
        t("col.outcome"),
        t("decisions.col.text"),
    ]
    return [
        Section(
            body,
            names.body(inp, body),
            [],
            [("", Table(cols, [_row(inp, d) for d in found], t("none")))],
        )
        for body, found in sorted(by_body.items())
    ], _timeline(inp, [d for found in by_body.values() for d in found])


def _timeline(inp: Inputs, shown: list[Decision]) -> Timeline | None:
    """The projects the decisions concern, the withheld ones left out, on a timeline with the
    deadlines of the year."""
    visible = [d for d in shown if not withheld(inp, _item(inp, d))]
    ids = {d.id for d in visible}
    subjects = {s.removeprefix("project:") for d in visible for s in d.subjects}
    concerned: list[Project] = sorted(
        (
            p
            for p in inp.model.projects.values()
            if p.id in subjects or {p.mandate_decision, p.budget_decision} & ids
        ),
        key=lambda p: (p.start or inp.as_of, p.id),
    )
    title = inp.t("timeline.decisions", year=inp.year)
    return timeline(title, project_bars(inp, concerned), inp, deadline_markers(inp, inp.year))


def _item(inp: Inputs, d: Decision) -> AgendaItem | None:
    meeting = inp.model.meetings.get(d.meeting)
    return meeting.item(d.item) if meeting is not None and d.item else None


def _row(inp: Inputs, d: Decision) -> list[str]:
    t = inp.t
    item = _item(inp, d)
    if withheld(inp, item):
        title, text = t("doc.withheld.title"), ""
    else:
        title, text = d.title, " ".join((d.text or "").split())
    return [d.id, t.short_date(d.date), d.item or "", title, outcome(t, d, "decisions"), text]
