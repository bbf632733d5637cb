"""The deadlines report: overdue deadlines and those within the horizon, in the order of the
`deadlines` command."""

from __future__ import annotations

from digictl.output.reports import names
from digictl.output.reports.document import Built, Inputs, Section, Table


def deadlines(inp: Inputs) -> Built:
    t = inp.t
    rows = [
        [
            t(f"dstatus.{d.status(inp.as_of, inp.within)}"),
            t.short_date(d.effective),
            t.short_date(d.due) if d.due != d.effective else "",
            str(d.days_left(inp.as_of)),
            t(f"kind.{d.kind}"),
            names.deadline_title(inp, d),
        ]
        for d in inp.facts.listing(inp.within)
    ]
    cols = [
        t("col.status"),
        t("col.effective"),
        t("col.nominal"),
        t("col.days"),
        t("col.kind"),
        t("col.what"),
    ]
    section = Section(
        "deadlines",
        t("deadlines.heading", within=inp.within),
        [t("deadlines.intro")],
        [("", Table(cols, rows, t("deadlines.none"), [3]))],
    )
    return [section], None
