"""The annual report (årsrapport) of a year: decisions, projects, milestones met and missed,
changes of membership, the programme office and the findings open at the end of the year."""

from __future__ import annotations

from datetime import date

from digictl.facts.projects import MilestoneFacts
from digictl.findings import Severity
from digictl.model import Project
from digictl.output.reports import names
from digictl.output.reports.document import Built, Inputs, Section, Table
from digictl.output.reports.parts import office, overlaps, project_bars, timeline


def annual_report(inp: Inputs) -> Built:
    y = inp.year
    sections = [
        _decisions(inp),
        _projects(inp),
        _milestones(inp),
        _membership(inp),
        office(inp, y),
        _findings(inp),
    ]
    active = [
        p
        for p in inp.model.projects.values()
        if overlaps(p.start, p.end, y) and p.start is not None
    ]
    bars = project_bars(inp, sorted(active, key=lambda p: p.start or date.max))
    return sections, timeline(inp.t("timeline.projects"), bars, inp, [])


def _decisions(inp: Inputs) -> Section:
    t, y = inp.t, inp.year
    by_body: dict[str, list[list[str]]] = {}
    for d in sorted(inp.model.decisions.values(), key=lambda d: (d.date, d.id)):
        if d.date.year == y and d.date <= inp.as_of:
            by_body.setdefault(d.body, []).append(
                [t.short_date(d.date), d.id, d.title, t(f"outcome.{d.outcome or 'consensus'}")]
            )
    cols = [t("col.date"), t("col.case"), t("col.decision"), t("col.outcome")]
    return Section(
        "decisions",
        t("report.decisions", year=y),
        [t("report.decisions.intro", n=sum(len(v) for v in by_body.values()))],
        [(names.body(inp, b), Table(cols, rows)) for b, rows in sorted(by_body.items())],
    )


def _projects(inp: Inputs) -> Section:
    t, y = inp.t, inp.year
    every = sorted(inp.model.projects.values(), key=lambda p: p.id)
    groups = [
        (t("report.started"), [p for p in every if p.start is not None and p.start.year == y]),
        (t("report.completed"), _ended(every, "completed", y)),
        (t("report.cancelled"), _ended(every, "cancelled", y)),
    ]
    cols = [t("col.project"), t("col.owner"), t("col.start"), t("col.end"), t("col.budget")]
    tables = [
        (caption, Table(cols, [_project_row(inp, p) for p in group], t("none"), [4]))
        for caption, group in groups
    ]
    return Section("projects", t("report.projects", year=y), tables=tables)


def _ended(projects: list[Project], status: str, y: int) -> list[Project]:
    return [p for p in projects if p.status == status and p.end is not None and p.end.year == y]


def _project_row(inp: Inputs, p: Project) -> list[str]:
    t = inp.t
    return [
        names.project(inp, p),
        names.org(inp, p.owner),
        t.short_date(p.start),
        t.short_date(p.end),
        t.kr(p.budget_total),
    ]


def _milestones(inp: Inputs) -> Section:
    """Milestones met in the year (late when done after the deadline moved to a working day)
    and those due in the year that were missed: overdue, or done only in a later year after
    their deadline. A cancelled project's open milestones are dropped, not missed."""
    t, y = inp.t, inp.year
    met, missed = [], []
    for pid in sorted(inp.model.projects):
        pf = inp.facts.projects[pid]
        for mf in pf.milestones:
            ms = mf.milestone
            if mf.state == "done" and ms.done is not None and ms.done.year == y:
                late = t("milestone.late") if ms.done > mf.effective else ""
                met.append(_milestone_row(inp, pf.project, mf, late))
            elif _missed(mf, y):
                missed.append(_milestone_row(inp, pf.project, mf, ""))
    cols = [t("col.project"), t("col.milestone"), t("col.due"), t("col.done"), t("col.note")]
    return Section(
        "milestones",
        t("report.milestones", year=y),
        tables=[
            (t("report.met"), Table(cols, met, t("none"))),
            (t("report.missed"), Table(cols, missed, t("none"))),
        ],
    )


def _missed(mf: MilestoneFacts, y: int) -> bool:
    ms = mf.milestone
    if ms.due.year != y:
        return False
    if mf.state == "overdue":
        return True
    done = ms.done
    return mf.state == "done" and done is not None and done.year > y and done > mf.effective


def _milestone_row(inp: Inputs, p: Project, mf: MilestoneFacts, note: str) -> list[str]:
    """A milestone with its done date, when it is done by the as-of date."""
    t, ms = inp.t, mf.milestone
    done = t.short_date(ms.done) if mf.state == "done" else ""
    return [names.project(inp, p), ms.name, t.short_date(ms.due), done, note]


def _membership(inp: Inputs) -> Section:
    t, y = inp.t, inp.year
    changes = _party_changes(inp) + _member_changes(inp)
    changes.sort(key=lambda c: c[0])
    return Section(
        "membership",
        t("report.membership", year=y),
        bullets=[f"{t.short_date(d)}: {text}" for d, text in changes] or [t("none")],
    )


def _party_changes(inp: Inputs) -> list[tuple[date, str]]:
    """Accessions in the year, and accessions a party's own `left` or `until` ended in it."""
    t, y, f = inp.t, inp.year, inp.facts
    changes = []
    for a in inp.model.agreements.values():
        for pp in f.parties.of_agreement(a):
            who = {"org": names.org(inp, pp.party.org), "agreement": a.title}
            if pp.party.joined.year == y:
                changes.append((pp.party.joined, t("change.joined", **who)))
            if pp.end_reason != "agreement" and pp.end.year == y:
                key = "change.left" if pp.end_reason == "left" else "change.ended"
                changes.append((pp.end, t(key, **who)))
    return changes


def _member_changes(inp: Inputs) -> list[tuple[date, str]]:
    t, y, f = inp.t, inp.year, inp.facts
    changes = []
    for b in inp.model.bodies.values():
        for ten in f.tenures(b):
            mb = ten.member
            who = {"person": names.person(inp, mb.person), "body": names.body(inp, b.id)}
            for day, key in ((mb.start, "change.member_from"), (mb.until, "change.member_until")):
                if day is not None and day.year == y:
                    changes.append((day, t(key, seat=mb.seat, **who)))
    return changes


def _findings(inp: Inputs) -> Section:
    t, y = inp.t, inp.year
    open_findings = inp.findings_at(date(y, 12, 31)) if inp.findings_at else []
    rows = [
        [t(f"severity.{f.severity.value}"), f.rule, f"{f.file}:{f.line}", f.message]
        for f in open_findings
        if f.severity is not Severity.INFO
    ]
    cols = [t("col.severity"), t("col.rule"), t("col.where"), t("col.finding")]
    return Section(
        "findings",
        t("report.findings", year=y),
        [t("report.findings.intro", date=t.date(date(y, 12, 31)))],
        [("", Table(cols, rows, t("report.findings.none")))],
    )
