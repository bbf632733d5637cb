"""The portfolio report: every project, totals by status and financing source, owners."""

from __future__ import annotations

from digictl.output.reports import names
from digictl.output.reports.document import Built, Inputs, Section, Table
from digictl.output.reports.parts import deadline_markers, project_bars, timeline
from digictl.views.portfolio import Portfolio, ProjectLine, portfolio


def portfolio_report(inp: Inputs) -> Built:
    pf = portfolio(inp.model, inp.as_of)
    sections = [_projects(inp, pf), _totals(inp, pf), _owners(inp, pf)]
    bars = project_bars(inp, [ln.project for ln in pf.lines])
    return sections, timeline(inp.t("timeline.projects"), bars, inp, deadline_markers(inp))


def _projects(inp: Inputs, pf: Portfolio) -> Section:
    t = inp.t
    cols = [
        t("col.project"),
        t("col.status"),
        t("col.owner"),
        t("col.start"),
        t("col.end"),
        t("col.budget"),
        t("col.milestones"),
    ]
    rows = [_row(inp, ln) for ln in pf.lines]
    return Section(
        "projects",
        t("portfolio.projects"),
        [t("portfolio.summary", n=len(pf.lines), total=t.kr(pf.budget_total))],
        [("", Table(cols, rows, t("none"), [5]))],
    )


def _row(inp: Inputs, ln: ProjectLine) -> list[str]:
    t, p = inp.t, ln.project
    return [
        names.project(inp, p),
        t.status(p.status),
        names.org(inp, p.owner),
        t.short_date(p.start),
        t.short_date(p.end),
        t.kr(p.budget_total),
        f"{ln.milestones_done}/{ln.milestones_total}",
    ]


def _totals(inp: Inputs, pf: Portfolio) -> Section:
    t = inp.t
    status_rows = [
        [t.status(s), str(n), t.kr(pf.budget_by_status.get(s, 0))] for s, n in pf.by_status.items()
    ]
    source_rows = [[t(f"source.{s}"), t.kr(v)] for s, v in pf.by_source.items()]
    by_status = Table(
        [t("col.status"), t("col.count"), t("col.budget")], status_rows, t("none"), [1, 2]
    )
    by_source = Table([t("col.source"), t("col.amount")], source_rows, t("none"), [1])
    return Section(
        "totals",
        t("portfolio.totals"),
        tables=[(t("portfolio.by_status"), by_status), (t("portfolio.by_source"), by_source)],
    )


def _owners(inp: Inputs, pf: Portfolio) -> Section:
    t = inp.t
    owner_rows = [[names.org(inp, o), str(n)] for o, n in pf.owners.items()]
    without = ", ".join(names.org(inp, o) for o in pf.parties_without_project) or t("none")
    return Section(
        "owners",
        t("portfolio.owners"),
        [t("portfolio.without", orgs=without)],
        [("", Table([t("col.owner"), t("col.count")], owner_rows, t("none"), [1]))],
    )
