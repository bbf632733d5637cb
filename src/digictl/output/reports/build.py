"""Build a report of each kind as sections, tables and a timeline: plain data, no markup.

One module per kind (plan, annual, board, portfolio, agreement, deadlines, decisions) builds
its sections; every derived governance fact comes from ``digictl.facts`` (through
``Inputs.facts`` and the views built on it), so a report never disagrees with `check`,
`board`, `portfolio` or `deadlines`. Every text goes through the translator.
"""

from __future__ import annotations

from digictl.errors import UsageError
from digictl.output.reports.agreement import agreement
from digictl.output.reports.annual import annual_report
from digictl.output.reports.board import board
from digictl.output.reports.deadlines import deadlines
from digictl.output.reports.decisions import decisions
from digictl.output.reports.document import (
    Bar,
    Builder,
    Inputs,
    Report,
    Section,
    Table,
    Timeline,
)
from digictl.output.reports.parts import footer
from digictl.output.reports.plan import plan
from digictl.output.reports.portfolio import portfolio_report

BUILDERS: dict[str, Builder] = {
    "annual-plan": plan,
    "annual-report": annual_report,
    "board": board,
    "portfolio": portfolio_report,
    "agreement": agreement,
    "deadlines": deadlines,
    "decisions": decisions,
}
KINDS = tuple(BUILDERS)  # the report kinds, in the order `report --help` lists them

_YEAR_KINDS = ("annual-plan", "annual-report", "decisions")


def build(kind: str, inp: Inputs) -> Report:
    if kind not in KINDS:
        raise UsageError(f"there is no report {kind!r}; reports: {', '.join(KINDS)}")
    t = inp.t
    sections, timeline = BUILDERS[kind](inp)
    network = inp.model.network.name if inp.model.network else ""
    title = (
        t(f"report.{kind}.title", year=inp.year)
        if kind in _YEAR_KINDS
        else t(f"report.{kind}.title")
    )
    return Report(
        kind=kind,
        lang=t.lang,
        title=title,
        subtitle=t("report.subtitle", network=network, date=t.date(inp.as_of)),
        network=network,
        as_of=inp.as_of,
        public=inp.public,
        sections=sections,
        timeline=timeline,
        footer=footer(inp),
    )


__all__ = ["BUILDERS", "KINDS", "Bar", "Inputs", "Report", "Section", "Table", "Timeline", "build"]
