"""Build each report as sections, tables and a timeline: plain data, no markup.

The figures come from the same views as `board`, `portfolio` and `deadlines`,
so a report never disagrees with them. Every text goes through the translator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from digictl import __version__
from digictl.errors import UsageError
from digictl.facts.deadlines import Deadline, all_deadlines, listing
from digictl.facts.governance import agreement_periods, parties_on, tenures
from digictl.findings import Finding, Severity
from digictl.model import Model, Person, Project
from digictl.output.reports.i18n import Translator
from digictl.views.portfolio import portfolio
from digictl.views.roster import rosters

KINDS = ("annual-plan", "annual-report", "board", "portfolio", "agreement", "deadlines")


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    empty: str = ""
    numeric: list[int] = field(default_factory=list)  # right-aligned column indexes


@dataclass
class Section:
    id: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[tuple[str, Table]] = field(default_factory=list)  # (caption, table)
    bullets: list[str] = field(default_factory=list)


@dataclass
class Bar:
    label: str
    start: date
    end: date
    css: str  # term, project, permanent, ...
    note: str = ""


@dataclass
class Timeline:
    title: str
    start: date
    end: date
    bars: list[Bar]
    today: date
    markers: list[tuple[date, str]] = field(default_factory=list)


@dataclass
class Report:
    kind: str
    lang: str
    title: str
    subtitle: str
    network: str
    as_of: date
    public: bool
    sections: list[Section]
    timeline: Timeline | None
    footer: str


@dataclass
class Inputs:
    """What a report is built from."""

    model: Model
    as_of: date
    t: Translator
    year: int
    public: bool = False
    within: int = 90
    findings_at: Callable[[date], list[Finding]] | None = None


def build(kind: str, inp: Inputs) -> Report:
    if kind not in KINDS:
        raise UsageError(f"there is no report {kind!r}; reports: {', '.join(KINDS)}")
    t = inp.t
    sections, timeline = _BUILDERS[kind](inp)
    network = inp.model.network.name if inp.model.network else ""
    year_kinds = ("annual-plan", "annual-report")
    title = (
        t(f"report.{kind}.title", year=inp.year)
        if kind in year_kinds
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
        footer=t("report.footer", version=__version__, date=t.date(inp.as_of))
        + (" " + t("report.public") if inp.public else ""),
    )


# -- helpers ------------------------------------------------------------------


def _person(inp: Inputs, person_id: str) -> str:
    p: Person | None = inp.model.people.get(person_id)
    if p is None:
        return person_id
    if inp.public and p.restricted:
        return inp.t("restricted")
    return p.name


def _org(inp: Inputs, org_id: str | None) -> str:
    if org_id is None:
        return ""
    o = inp.model.organisations.get(org_id)
    if o is None:
        return org_id
    if inp.t.lang == "nn" and o.name_nn:
        return o.name_nn
    return o.name


def _project_name(inp: Inputs, p: Project) -> str:
    return p.name_nn if inp.t.lang == "nn" and p.name_nn else p.name


def _body_name(inp: Inputs, body_id: str) -> str:
    b = inp.model.bodies.get(body_id)
    if b is None:
        return body_id
    return b.name_nn if inp.t.lang == "nn" and b.name_nn else b.name


def _overlaps(start: date | None, end: date | None, year: int) -> bool:
    return (start is None or start <= date(year, 12, 31)) and (
        end is None or end >= date(year, 1, 1)
    )


def _project_bars(inp: Inputs, projects: list[Project]) -> list[Bar]:
    bars = []
    for p in projects:
        if p.start is None:
            continue
        end = p.end or max(p.start, inp.as_of)
        bars.append(
            Bar(_project_name(inp, p), p.start, end, f"project {p.status}", inp.t.status(p.status))
        )
    return bars


def _window(bars: list[Bar], as_of: date, markers: list[tuple[date, str]]) -> tuple[date, date]:
    days = [b.start for b in bars] + [b.end for b in bars] + [as_of] + [d for d, _ in markers]
    return date(min(days).year, 1, 1), date(max(days).year, 12, 31)


def _timeline(
    title: str, bars: list[Bar], inp: Inputs, markers: list[tuple[date, str]]
) -> Timeline | None:
    if not bars:
        return None
    start, end = _window(bars, inp.as_of, markers)
    return Timeline(title, start, end, bars, inp.as_of, markers)


def _deadline_title(inp: Inputs, d: Deadline) -> str:
    """The deadline's title in the report's language, with names instead of ids."""
    p = dict(d.params)
    m = inp.model
    if "agreement" in p and p["agreement"] in m.agreements:
        p["agreement"] = m.agreements[p["agreement"]].title
    if "org" in p:
        p["org"] = _org(inp, p["org"])
    if "person" in p:
        p["person"] = _person(inp, p["person"])
    if "body" in p:
        p["body"] = _body_name(inp, p["body"])
    if "project" in p and p["project"] in m.projects:
        p["project"] = _project_name(inp, m.projects[p["project"]])
    key = f"dtitle.{d.kind}" + (f".{p.pop('how')}" if "how" in p else "")
    try:
        return inp.t(key, **p)
    except KeyError:  # a deadline without its parameters: the engine's own words
        return d.title


def _deadline_markers(inp: Inputs, year: int | None = None) -> list[tuple[date, str]]:
    if year is None:
        items = listing(inp.model, inp.as_of, inp.within)
    else:
        items = [d for d in all_deadlines(inp.model, inp.as_of) if d.effective.year == year]
    return [(d.effective, _deadline_title(inp, d)) for d in items]


# -- annual plan --------------------------------------------------------------


def _plan(inp: Inputs) -> tuple[list[Section], Timeline | None]:
    t, m, y = inp.t, inp.model, inp.year
    projects = [
        p
        for p in sorted(m.projects.values(), key=lambda p: (p.start or date.max, p.id))
        if p.status != "cancelled"
        and _overlaps(p.start, p.end, y)
        and not (p.status == "completed" and p.end is not None and p.end < date(y, 1, 1))
    ]
    rows = []
    for p in projects:
        new = p.start is not None and p.start.year == y
        rows.append(
            [
                _project_name(inp, p),
                _org(inp, p.owner),
                t.status(p.status),
                t("plan.new") if new else t("plan.continuing"),
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
    total = sum(p.budget_total or 0 for p in projects)
    s_projects = Section(
        "projects",
        t("plan.projects", year=y),
        [
            t(
                "plan.projects.intro",
                new=sum(1 for r in rows if r[3] == t("plan.new")),
                continuing=len(rows) - sum(1 for r in rows if r[3] == t("plan.new")),
                total=t.kr(total),
            )
        ],
        [("", Table(cols, rows, t("none"), [6]))],
    )
    ms_rows = []
    for p in projects:
        for ms in p.milestones:
            if ms.due.year == y:
                state = (
                    "done"
                    if ms.done is not None and ms.done <= inp.as_of
                    else ("overdue" if ms.due < inp.as_of else "planned")
                )
                ms_rows.append(
                    [_project_name(inp, p), ms.name, t.short_date(ms.due), t(f"milestone.{state}")]
                )
    s_ms = Section(
        "milestones",
        t("plan.milestones", year=y),
        tables=[
            (
                "",
                Table(
                    [t("col.project"), t("col.milestone"), t("col.due"), t("col.status")],
                    ms_rows,
                    t("none"),
                ),
            )
        ],
    )
    sections = [s_projects, s_ms, _office(inp, y), _year_deadlines(inp, y), _meetings(inp, y)]
    bars = _project_bars(inp, projects)
    return sections, _timeline(t("timeline.projects"), bars, inp, _deadline_markers(inp, y))


def _office(inp: Inputs, y: int) -> Section:
    t = inp.t
    year = inp.model.years.get(y)
    if year is None or not year.has_office:
        return Section("office", t("office.heading", year=y), [t("office.none", year=y)])
    rows = [[_org(inp, c.org), t.kr(c.amount), t.short_date(c.agreed)] for c in year.contributions]
    agreed = sum(c.amount for c in year.contributions)
    paragraphs = [
        t(
            "office.budget",
            year=y,
            budget=t.kr(year.office_budget),
            decision=year.office_decision or "–",
        )
    ]
    if year.office_budget is not None:
        key = "office.covered" if agreed >= year.office_budget else "office.short"
        paragraphs.append(
            t(key, agreed=t.kr(agreed), missing=t.kr(max(year.office_budget - agreed, 0)))
        )
    table = Table([t("col.org"), t("col.amount"), t("col.agreed")], rows, t("none"), [1])
    return Section("office", t("office.heading", year=y), paragraphs, [("", table)])


def _year_deadlines(inp: Inputs, y: int) -> Section:
    t = inp.t
    items = sorted(
        (d for d in all_deadlines(inp.model, inp.as_of) if d.effective.year == y),
        key=lambda d: (d.effective, d.kind),
    )
    rows = [
        [
            t.short_date(d.effective),
            t(f"kind.{d.kind}"),
            _deadline_title(inp, d),
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
            _body_name(inp, mt.body),
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


# -- annual report ------------------------------------------------------------


def _report(inp: Inputs) -> tuple[list[Section], Timeline | None]:
    t, m, y = inp.t, inp.model, inp.year
    by_body: dict[str, list[list[str]]] = {}
    for d in sorted(m.decisions.values(), key=lambda d: (d.date, d.id)):
        if d.date.year == y and d.date <= inp.as_of:
            by_body.setdefault(d.body, []).append(
                [t.short_date(d.date), d.id, d.title, t(f"outcome.{d.outcome or 'consensus'}")]
            )
    cols = [t("col.date"), t("col.case"), t("col.decision"), t("col.outcome")]
    s_dec = Section(
        "decisions",
        t("report.decisions", year=y),
        [t("report.decisions.intro", n=sum(len(v) for v in by_body.values()))],
        [(_body_name(inp, b), Table(cols, rows)) for b, rows in sorted(by_body.items())],
    )
    started = [p for p in m.projects.values() if p.start is not None and p.start.year == y]
    completed = [
        p
        for p in m.projects.values()
        if p.status == "completed" and p.end is not None and p.end.year == y
    ]
    cancelled = [
        p
        for p in m.projects.values()
        if p.status == "cancelled" and p.end is not None and p.end.year == y
    ]
    pcols = [t("col.project"), t("col.owner"), t("col.start"), t("col.end"), t("col.budget")]

    def prow(p: Project) -> list[str]:
        return [
            _project_name(inp, p),
            _org(inp, p.owner),
            t.short_date(p.start),
            t.short_date(p.end),
            t.kr(p.budget_total),
        ]

    s_proj = Section(
        "projects",
        t("report.projects", year=y),
        tables=[
            (
                t("report.started"),
                Table(
                    pcols, [prow(p) for p in sorted(started, key=lambda p: p.id)], t("none"), [4]
                ),
            ),
            (
                t("report.completed"),
                Table(
                    pcols, [prow(p) for p in sorted(completed, key=lambda p: p.id)], t("none"), [4]
                ),
            ),
            (
                t("report.cancelled"),
                Table(
                    pcols, [prow(p) for p in sorted(cancelled, key=lambda p: p.id)], t("none"), [4]
                ),
            ),
        ],
    )
    met, missed = [], []
    for p in sorted(m.projects.values(), key=lambda p: p.id):
        for ms in p.milestones:
            if ms.done is not None and ms.done.year == y and ms.done <= inp.as_of:
                late = t("milestone.late") if ms.done > ms.due else ""
                met.append(
                    [
                        _project_name(inp, p),
                        ms.name,
                        t.short_date(ms.due),
                        t.short_date(ms.done),
                        late,
                    ]
                )
            elif ms.due.year == y and ms.due < inp.as_of and (ms.done is None or ms.done.year > y):
                missed.append(
                    [
                        _project_name(inp, p),
                        ms.name,
                        t.short_date(ms.due),
                        t.short_date(ms.done),
                        "",
                    ]
                )
    mcols = [t("col.project"), t("col.milestone"), t("col.due"), t("col.done"), t("col.note")]
    s_ms = Section(
        "milestones",
        t("report.milestones", year=y),
        tables=[
            (t("report.met"), Table(mcols, met, t("none"))),
            (t("report.missed"), Table(mcols, missed, t("none"))),
        ],
    )
    changes = []
    for a in m.agreements.values():
        for party in a.parties:
            if party.joined.year == y:
                changes.append(
                    (party.joined, t("change.joined", org=_org(inp, party.org), agreement=a.title))
                )
            end = party.left or party.until
            if end is not None and end.year == y:
                key = "change.left" if party.left else "change.ended"
                changes.append((end, t(key, org=_org(inp, party.org), agreement=a.title)))
    for b in m.bodies.values():
        for ten in tenures(m, b):
            mb = ten.member
            who = {
                "person": _person(inp, mb.person),
                "body": _body_name(inp, b.id),
                "seat": mb.seat,
            }
            for day, key in ((mb.start, "change.member_from"), (mb.until, "change.member_until")):
                if day is not None and day.year == y:
                    changes.append((day, t(key, **who)))
    changes.sort(key=lambda c: c[0])
    s_members = Section(
        "membership",
        t("report.membership", year=y),
        bullets=[f"{t.short_date(d)}: {text}" for d, text in changes] or [t("none")],
    )
    open_findings = inp.findings_at(date(y, 12, 31)) if inp.findings_at else []
    frows = [
        [t(f"severity.{f.severity.value}"), f.rule, f"{f.file}:{f.line}", f.message]
        for f in open_findings
        if f.severity is not Severity.INFO
    ]
    s_open = Section(
        "findings",
        t("report.findings", year=y),
        [t("report.findings.intro", date=t.date(date(y, 12, 31)))],
        [
            (
                "",
                Table(
                    [t("col.severity"), t("col.rule"), t("col.where"), t("col.finding")],
                    frows,
                    t("report.findings.none"),
                ),
            )
        ],
    )
    sections = [s_dec, s_proj, s_ms, s_members, _office(inp, y), s_open]
    active = [
        p for p in m.projects.values() if _overlaps(p.start, p.end, y) and p.start is not None
    ]
    return sections, _timeline(
        t("timeline.projects"),
        _project_bars(inp, sorted(active, key=lambda p: p.start or date.max)),
        inp,
        [],
    )


# -- board --------------------------------------------------------------------


def _board(inp: Inputs) -> tuple[list[Section], Timeline | None]:
    t = inp.t
    sections = []
    bars: list[Bar] = []
    for r in rosters(inp.model, inp.as_of, horizon=inp.within):
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
        rows = []
        for ln in r.lines:
            mb = ln.tenure.member
            person = inp.model.people.get(mb.person)
            row = [
                mb.seat,
                _person(inp, mb.person),
                _org(inp, ln.tenure.org),
                t(f"role.{mb.role}"),
                t.short_date(mb.start),
                t.short_date(ln.tenure.term_end) if ln.tenure.term_end else t("permanent"),
                t(f"mstatus.{ln.status}"),
            ]
            if not inp.public:
                row.append(
                    person.email if person and person.email and not person.restricted else ""
                )
            rows.append(row)
            end = ln.tenure.term_end or ln.tenure.last_day or max(inp.as_of, mb.start)
            if ln.tenure.last_day is not None and ln.tenure.last_day < end:
                end = ln.tenure.last_day
            bars.append(
                Bar(
                    f"{_body_name(inp, r.body.id)}: {_person(inp, mb.person)}",
                    mb.start,
                    end,
                    f"term {ln.status}",
                    t(f"mstatus.{ln.status}"),
                )
            )
        vacant = [
            t("board.vacant", seat=s.id, vacant=s.vacant, count=s.count)
            for s in r.seats
            if s.vacant
        ]
        paragraphs = [t("board.summary", members=len(r.lines), seats=sum(s.count for s in r.seats))]
        sections.append(
            Section(
                r.body.id,
                _body_name(inp, r.body.id),
                paragraphs + ([", ".join(vacant)] if vacant else [t("board.novacancy")]),
                [("", Table(cols, rows, t("none")))],
            )
        )
    return sections, _timeline(t("timeline.terms"), bars, inp, _deadline_markers(inp))


# -- portfolio ----------------------------------------------------------------


def _portfolio(inp: Inputs) -> tuple[list[Section], Timeline | None]:
    t = inp.t
    pf = portfolio(inp.model, inp.as_of)
    cols = [
        t("col.project"),
        t("col.status"),
        t("col.owner"),
        t("col.start"),
        t("col.end"),
        t("col.budget"),
        t("col.milestones"),
    ]
    rows = [
        [
            _project_name(inp, ln.project),
            t.status(ln.project.status),
            _org(inp, ln.project.owner),
            t.short_date(ln.project.start),
            t.short_date(ln.project.end),
            t.kr(ln.project.budget_total),
            f"{ln.milestones_done}/{ln.milestones_total}",
        ]
        for ln in pf.lines
    ]
    s_list = Section(
        "projects",
        t("portfolio.projects"),
        [t("portfolio.summary", n=len(pf.lines), total=t.kr(pf.budget_total))],
        [("", Table(cols, rows, t("none"), [5]))],
    )
    status_rows = [
        [t.status(s), str(n), t.kr(pf.budget_by_status.get(s, 0))] for s, n in pf.by_status.items()
    ]
    source_rows = [[t(f"source.{s}"), t.kr(v)] for s, v in pf.by_source.items()]
    s_totals = Section(
        "totals",
        t("portfolio.totals"),
        tables=[
            (
                t("portfolio.by_status"),
                Table(
                    [t("col.status"), t("col.count"), t("col.budget")],
                    status_rows,
                    t("none"),
                    [1, 2],
                ),
            ),
            (
                t("portfolio.by_source"),
                Table([t("col.source"), t("col.amount")], source_rows, t("none"), [1]),
            ),
        ],
    )
    owner_rows = [[_org(inp, o), str(n)] for o, n in pf.owners.items()]
    s_owners = Section(
        "owners",
        t("portfolio.owners"),
        [
            t(
                "portfolio.without",
                orgs=", ".join(_org(inp, o) for o in pf.parties_without_project) or t("none"),
            )
        ],
        [("", Table([t("col.owner"), t("col.count")], owner_rows, t("none"), [1]))],
    )
    bars = _project_bars(inp, [ln.project for ln in pf.lines])
    return [s_list, s_totals, s_owners], _timeline(
        t("timeline.projects"), bars, inp, _deadline_markers(inp)
    )


# -- agreement ----------------------------------------------------------------


def _agreement(inp: Inputs) -> tuple[list[Section], Timeline | None]:
    t, m = inp.t, inp.model
    sections = []
    bars: list[Bar] = []
    for a in sorted(m.agreements.values(), key=lambda a: a.effective):
        facts = [
            t(
                "agreement.period",
                start=t.date(a.effective),
                end=t.date(a.until),
                version=a.version or "–",
            )
        ]
        if a.evaluation is not None:
            ev = a.evaluation
            if ev.done is not None and ev.done <= inp.as_of:
                facts.append(t("agreement.evaluated", due=t.date(ev.due), done=t.date(ev.done)))
            else:
                facts.append(t("agreement.evaluation_due", due=t.date(ev.due)))
        rows = []
        for p in a.parties:
            org = m.organisations.get(p.org)
            digifin = (
                t("yes")
                if org is not None and org.digifin_member
                else (t("no") if org is not None and org.digifin_member is False else "–")
            )
            end = p.left or p.until
            rows.append(
                [
                    _org(inp, p.org),
                    t.short_date(p.joined),
                    p.decision or "",
                    t.short_date(end),
                    t("party.left") if p.left else (t("party.until") if p.until else ""),
                    digifin,
                ]
            )
        cols = [
            t("col.party"),
            t("col.joined"),
            t("col.accession"),
            t("col.end"),
            t("col.note"),
            t("col.digifin"),
        ]
        tables = [(t("agreement.parties", n=len(a.parties)), Table(cols, rows, t("none")))]
        arows = []
        for am in a.amendments:
            active = parties_on(m, a, am.date)
            consent = am.consented_by
            if consent is None:
                state = t("amendment.unrecorded")
            else:
                missing = [o for o in active if o not in consent]
                state = (
                    t("amendment.all", n=len(active))
                    if not missing
                    else t("amendment.missing", orgs=", ".join(_org(inp, o) for o in missing))
                )
            arows.append([am.id, t.short_date(am.date), am.summary or "", state])
        tables.append(
            (
                t("agreement.amendments"),
                Table(
                    [t("col.id"), t("col.date"), t("col.summary"), t("col.consent")],
                    arows,
                    t("none"),
                ),
            )
        )
        sections.append(Section(a.id, a.title, facts, tables))
        for pp in agreement_periods(m, a):  # one per party, in the order of the parties
            bars.append(Bar(f"{_org(inp, pp.party.org)} ({a.id})", pp.start, pp.end, "party", ""))
    return sections, _timeline(t("timeline.parties"), bars, inp, _deadline_markers(inp))


# -- deadlines ----------------------------------------------------------------


def _deadlines(inp: Inputs) -> tuple[list[Section], Timeline | None]:
    t = inp.t
    items = listing(inp.model, inp.as_of, inp.within)
    rows = [
        [
            t(f"dstatus.{d.status(inp.as_of, inp.within)}"),
            t.short_date(d.effective),
            t.short_date(d.due) if d.due != d.effective else "",
            str(d.days_left(inp.as_of)),
            t(f"kind.{d.kind}"),
            _deadline_title(inp, d),
        ]
        for d in items
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


_BUILDERS: dict[str, Callable[[Inputs], tuple[list[Section], Timeline | None]]] = {
    "annual-plan": _plan,
    "annual-report": _report,
    "board": _board,
    "portfolio": _portfolio,
    "agreement": _agreement,
    "deadlines": _deadlines,
}
