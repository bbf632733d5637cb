"""The board report: each body's roster on the as-of date, with terms on a timeline."""

from __future__ import annotations

from digictl.output.reports import names
from digictl.output.reports.document import Bar, Built, Inputs, Section, Table
from digictl.output.reports.parts import deadline_markers, timeline
from digictl.views.roster import Roster, RosterLine, rosters


def board(inp: Inputs) -> Built:
    t = inp.t
    sections = []
    bars: list[Bar] = []
    for r in rosters(inp.model, inp.as_of, horizon=inp.within):
        sections.append(_section(inp, r))
        bars.extend(_bar(inp, r, ln) for ln in r.lines)
    return sections, timeline(t("timeline.terms"), bars, inp, deadline_markers(inp))


def _section(inp: Inputs, r: Roster) -> Section:
    t = inp.t
    cols = [
        t("col.seat"),
        t("col.person"),
        t("col.org"),
        t("col.role"),
        t("col.from"),
        t("col.term_end"),
        t("col.status"),
    ]
    if not inp.public:
        cols.append(t("col.email"))
    rows = [_row(inp, ln) for ln in r.lines]
    vacant = [
        t("board.vacant", seat=s.id, vacant=s.vacant, count=s.count) for s in r.seats if s.vacant
    ]
    paragraphs = [t("board.summary", members=len(r.lines), seats=sum(s.count for s in r.seats))]
    return Section(
        r.body.id,
        names.body(inp, r.body.id),
        paragraphs + ([", ".join(vacant)] if vacant else [t("board.novacancy")]),
        [("", Table(cols, rows, t("none")))],
    )


def _row(inp: Inputs, ln: RosterLine) -> list[str]:
    t = inp.t
    ten = ln.tenure
    mb = ten.member
    row = [
        mb.seat,
        names.person(inp, mb.person),
        names.org(inp, ten.org),
        t(f"role.{mb.role}"),
        t.short_date(mb.start),
        t.short_date(ten.term_end) if ten.term_end else t("permanent"),
        t(f"mstatus.{ln.status}"),
    ]
    if not inp.public:
        person = inp.model.people.get(mb.person)
        row.append(person.email if person and person.email and not person.restricted else "")
    return row


def _bar(inp: Inputs, r: Roster, ln: RosterLine) -> Bar:
    """The term from its start to its end, or to the last day the member holds the seat."""
    ten = ln.tenure
    mb = ten.member
    end = ten.term_end or ten.last_day or max(inp.as_of, mb.start)
    if ten.last_day is not None and ten.last_day < end:
        end = ten.last_day
    return Bar(
        f"{names.body(inp, r.body.id)}: {names.person(inp, mb.person)}",
        mb.start,
        end,
        f"term {ln.status}",
        inp.t(f"mstatus.{ln.status}"),
    )
