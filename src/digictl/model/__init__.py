"""Typed records of a partnership, built from schema-valid documents.

Every record keeps ``src`` so a finding about it can name its file and line.
Dates are ``datetime.date`` here: they were checked by the schema and parsed
once by ``digictl.load.dates``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from digictl.findings import Location
from digictl.load import kinds
from digictl.load.dataset import Dataset, Entry
from digictl.load.dates import parse_date, parse_monthday
from digictl.load.loader import Document, JsonPath, text_of

Day = date  # for fields declared after a field named `date`

if TYPE_CHECKING:
    from digictl.facts.core import Facts
    from digictl.facts.parties import Parties


@dataclass(frozen=True)
class Src:
    """Where a record was written: its document and the path inside it."""

    doc: Document
    path: JsonPath
    entity: str

    def at(self, *sub: str | int) -> Location:
        return Location(self.doc.rel, self.doc.line(*self.path, *sub))

    def child(self, *sub: str | int) -> Src:
        return Src(self.doc, (*self.path, *sub), self.entity)


def _d(value: Any) -> date | None:
    return parse_date(value) if isinstance(value, str) else None


def _t(value: Any) -> str | None:
    return None if value is None else text_of(value)


# a rule parameter's value in network.yaml (a list of text is kept as a tuple)
ParamValue = int | str | bool | tuple[str, ...]


@dataclass(frozen=True)
class RuleSetting:
    """What network.yaml `rules` says about one rule: a severity (or `off`) and parameters."""

    severity: str | None = None  # off, error, warning or info; None keeps the rule's own
    params: dict[str, ParamValue] = field(default_factory=dict)

    @classmethod
    def of(cls, value: object) -> RuleSetting:
        """From the YAML value: a severity word, or a mapping of `severity` and parameters."""
        words = ("off", "error", "warning", "info")  # the schema says so; the rest is ignored
        if isinstance(value, str):
            return cls(severity=value if value in words else None)
        if not isinstance(value, dict):
            return cls()
        severity = value.get("severity")
        params: dict[str, ParamValue] = {}
        for name, raw in value.items():
            if name == "severity" or not isinstance(name, str):
                continue
            if isinstance(raw, int | str):  # bool is an int
                params[name] = raw
            elif isinstance(raw, list) and all(isinstance(x, str) for x in raw):
                params[name] = tuple(raw)
        return cls(severity if severity in words else None, params)


@dataclass
class Network:
    id: str
    name: str
    host: str
    src: Src
    county: str | None = None
    language: str = "nb"
    annual_plan_due: tuple[int, int] | None = None
    annual_report_due: tuple[int, int] | None = None
    contributions_due: tuple[int, int] | None = None
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    records_from: date | None = None  # nothing is required before it (docs/design.md §10)

    def requires(self, day: date) -> bool:
        """Whether a yearly action or meeting due on (or a period starting on) ``day`` is
        required: the partnership's records start on ``records_from``."""
        return self.records_from is None or day >= self.records_from


@dataclass
class Organisation:
    id: str
    name: str
    kind: str
    src: Src
    name_nn: str | None = None
    kommunenummer: str | None = None
    orgnr: str | None = None
    region: str | None = None
    digifin_member: bool | None = None
    digifin_since: date | None = None


@dataclass
class Person:
    id: str
    name: str
    org: str
    src: Src
    title: str | None = None
    email: str | None = None
    restricted: bool = False


@dataclass
class Party:
    org: str
    joined: date
    src: Src
    decision: str | None = None
    until: date | None = None
    left: date | None = None


@dataclass
class Amendment:
    id: str
    date: date
    src: Src
    summary: str | None = None
    consented_by: list[str] | None = None  # None: consent not recorded


@dataclass
class Evaluation:
    due: date
    src: Src
    done: date | None = None
    decision: str | None = None


@dataclass
class Agreement:
    id: str
    title: str
    effective: date
    until: date
    src: Src
    version: str | None = None
    evaluation: Evaluation | None = None
    amendment_rule: str | None = None
    parties: list[Party] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)


@dataclass
class Seat:
    id: str
    src: Src
    name: str | None = None
    org: str | None = None
    region: str | None = None
    kind: str | None = None
    count: int = 1
    permanent: bool = False
    role: str = "member"


@dataclass
class Member:
    person: str
    seat: str
    start: date  # `from` in the data
    src: Src
    body: str
    index: int
    role: str = "member"
    until: date | None = None
    term_years: int | None = None
    appointed_by: str | None = None


@dataclass
class Body:
    id: str
    name: str
    roles: list[str]
    src: Src
    name_nn: str | None = None
    appointed_by: str | None = None
    term_years: int | None = None
    max_terms: int | None = None
    cadence: str | None = None
    chair_org: str | None = None
    seats: list[Seat] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)

    _seat_index: tuple[int, dict[str, Seat]] | None = field(default=None, repr=False, compare=False)

    def name_in(self, lang: str) -> str:
        """The body's name in ``lang``: its nynorsk name in nynorsk, when it has one."""
        return self.name_nn if lang == "nn" and self.name_nn else self.name

    def seat(self, seat_id: str) -> Seat | None:
        """The first seat with this id (from an index: asked for every member of the body)."""
        if self._seat_index is None or self._seat_index[0] != len(self.seats):
            index: dict[str, Seat] = {}
            for seat in self.seats:
                index.setdefault(seat.id, seat)
            self._seat_index = (len(self.seats), index)
        return self._seat_index[1].get(seat_id)


@dataclass(frozen=True)
class Votes:
    """The counts of a vote."""

    yes: int  # `for` in the data
    against: int
    blank: int = 0

    @property
    def cast(self) -> int:
        return self.yes + self.against + self.blank


@dataclass
class Decision:
    id: str
    title: str
    body: str
    date: date
    meeting: str
    src: Src
    outcome: str | None = None
    subjects: list[str] = field(default_factory=list)
    item: str | None = None  # the agenda item's number (12/26)
    text: str | None = None  # the decision's full text (vedtaket)
    votes: Votes | None = None
    matter: str | None = None  # project-mandate, project-budget, annual-plan, annual-report


@dataclass(frozen=True)
class Attachment:
    title: str
    ref: str | None = None


@dataclass(frozen=True)
class Conflict:
    """A member who declared a conflict of interest (inhabilitet) for an agenda item."""

    person: str
    src: Src
    grounds: str | None = None
    left: bool = True  # left the meeting while the item was dealt with


@dataclass
class AgendaItem:
    number: str  # N/YY
    title: str
    src: Src
    kind: str = "decision"  # decision, orientation, discussion
    proposal: str | None = None
    public: bool = True
    exempt: str | None = None  # the legal basis of an exemption from public access
    attachments: list[Attachment] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def seq(self) -> tuple[int, int]:
        """(N, YY) of the number N/YY."""
        n, _, yy = self.number.partition("/")
        return int(n), int(yy)


@dataclass(frozen=True)
class Deputy:
    person: str
    replaces: str  # `for` in the data


@dataclass
class Attendance:
    src: Src
    present: list[str] = field(default_factory=list)
    absent: list[tuple[str, str | None]] = field(default_factory=list)  # (person, reason)
    deputies: list[Deputy] = field(default_factory=list)
    observers: list[str] = field(default_factory=list)


@dataclass
class Meeting:
    id: str
    body: str
    date: date
    src: Src
    minutes: str | None = None  # the minutes' reference (archive reference or URL)
    decisions: list[Decision] = field(default_factory=list)
    time: str | None = None  # HH:MM or HH:MM-HH:MM
    place: str | None = None
    notice: Day | None = None  # the day the notice was sent
    agenda: list[AgendaItem] = field(default_factory=list)
    attendance: Attendance | None = None
    approved: Day | None = None  # the minutes' approval (justering)
    approved_by: list[str] = field(default_factory=list)
    approval_method: str | None = None  # meeting or e-mail

    def item(self, number: str) -> AgendaItem | None:
        return next((i for i in self.agenda if i.number == number), None)

    def decisions_on(self, number: str) -> list[Decision]:
        return [d for d in self.decisions if d.item == number]


@dataclass
class Financing:
    source: str
    amount: int
    src: Src
    org: str | None = None


@dataclass
class Milestone:
    name: str
    due: date
    src: Src
    done: date | None = None


@dataclass
class Benefit:
    description: str
    src: Src
    org: str | None = None


@dataclass
class Project:
    id: str
    name: str
    status: str
    owner: str
    src: Src
    name_nn: str | None = None
    scope: str | None = None
    manager: str | None = None
    participants: list[str] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    mandate_decision: str | None = None
    mandate_summary: str | None = None
    budget_total: int | None = None
    budget_decision: str | None = None
    financing: list[Financing] = field(default_factory=list)
    has_budget: bool = False
    steering_group: list[str] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    benefits: list[Benefit] = field(default_factory=list)


@dataclass
class Contribution:
    org: str
    amount: int
    src: Src
    agreed: date | None = None


@dataclass
class Year:
    year: int
    src: Src
    annual_plan_decision: str | None = None
    annual_report_decision: str | None = None
    office_budget: int | None = None
    office_decision: str | None = None
    contributions: list[Contribution] = field(default_factory=list)
    has_office: bool = False


@dataclass
class Model:
    """The partnership as typed records, from the files that passed their schema."""

    network: Network | None = None
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    years: dict[int, Year] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)
    # ids of every loaded entity per kind, also of files that failed their schema,
    # so a reference to them is not reported as dangling
    known: dict[str, set[str]] = field(default_factory=dict)
    # derived facts, built once on first use by digictl.facts (never written elsewhere)
    parties_index: Parties | None = field(default=None, repr=False, compare=False)
    facts_cache: dict[tuple[date, int], Facts] = field(
        default_factory=dict, repr=False, compare=False
    )

    def exists(self, kind: str, ident: str) -> bool:
        return ident in self.known.get(kind, set())


def build(data: Dataset) -> Model:
    """Build the model from a dataset's schema-valid entries."""
    m = Model(known=_known(data))
    for e in data.of(kinds.NETWORK):
        m.network = _network(e)
    for e in data.of(kinds.ORGANISATION):
        o = _organisation(e)
        m.organisations.setdefault(o.id, o)
    for e in data.of(kinds.PERSON):
        p = _person(e)
        m.people.setdefault(p.id, p)
    for e in data.of(kinds.AGREEMENT):
        a = _agreement(e)
        m.agreements.setdefault(a.id, a)
    for e in data.of(kinds.BODY):
        b = _body(e)
        m.bodies.setdefault(b.id, b)
    for e in sorted(data.of(kinds.MEETING), key=lambda e: e.stem):
        mt = _meeting(e)
        m.meetings.setdefault(mt.id, mt)
        for d in mt.decisions:
            m.decisions.setdefault(d.id, d)
    for e in data.of(kinds.PROJECT):
        pr = _project(e)
        m.projects.setdefault(pr.id, pr)
    for e in data.of(kinds.YEAR):
        y = _year(e)
        m.years.setdefault(y.year, y)
    return m


def _known(data: Dataset) -> dict[str, set[str]]:
    """The ids of every loaded entity per kind, of any file that parsed."""
    known: dict[str, set[str]] = {kind.name: set() for kind in kinds.ALL}
    known.setdefault("decision", set())
    for e in data.entries:
        if e.doc is None:
            continue
        known[e.kind.name].add(_ident(e))
        if e.kind is kinds.MEETING:
            # any file, schema-valid or not: `decisions` may be of any type here
            decisions = e.doc.data.get("decisions")
            for d in decisions if isinstance(decisions, list) else []:
                if isinstance(d, dict) and isinstance(d.get("id"), str):
                    known["decision"].add(d["id"])
    return known


def _ident(e: Entry) -> str:
    """The id an entry is referred to by: its `id`, or the file stem for meetings and years."""
    assert e.doc is not None
    if e.kind is kinds.YEAR:
        year = e.doc.data.get("year")
        return str(year) if isinstance(year, int) else e.stem
    if e.kind.id_key:
        ident = e.doc.data.get(e.kind.id_key)
        if isinstance(ident, str):
            return ident
    return e.stem


def _src(e: Entry) -> Src:
    assert e.doc is not None
    return Src(e.doc, (), e.entity)


def _network(e: Entry) -> Network:
    assert e.doc is not None
    d = e.doc.data
    cal = d.get("calendar") or {}
    return Network(
        id=d["id"],
        name=d["name"],
        host=d["host"],
        src=_src(e),
        county=d.get("county"),
        language=d.get("language") or "nb",
        annual_plan_due=_md(cal.get("annual_plan_due")),
        annual_report_due=_md(cal.get("annual_report_due")),
        contributions_due=_md(cal.get("contributions_due")),
        rules={str(k): RuleSetting.of(v) for k, v in (d.get("rules") or {}).items()},
        records_from=_d(d.get("records_from")),
    )


def _md(value: Any) -> tuple[int, int] | None:
    return parse_monthday(value) if isinstance(value, str) else None


def _organisation(e: Entry) -> Organisation:
    assert e.doc is not None
    d = e.doc.data
    digifin = d.get("digifin") or {}
    return Organisation(
        id=d["id"],
        name=d["name"],
        kind=d["kind"],
        src=_src(e),
        name_nn=d.get("name_nn"),
        kommunenummer=d.get("kommunenummer"),
        orgnr=d.get("orgnr"),
        region=d.get("region"),
        digifin_member=digifin.get("member"),
        digifin_since=_d(digifin.get("since")),
    )


def _person(e: Entry) -> Person:
    assert e.doc is not None
    d = e.doc.data
    return Person(
        id=d["id"],
        name=d["name"],
        org=d["org"],
        src=_src(e),
        title=d.get("title"),
        email=d.get("email"),
        restricted=bool(d.get("restricted", False)),
    )


def _agreement(e: Entry) -> Agreement:
    assert e.doc is not None
    d = e.doc.data
    src = _src(e)
    ev = d.get("evaluation")
    parties = [
        Party(
            org=p["org"],
            joined=parse_date(p["joined"]),
            src=src.child("parties", i),
            decision=p.get("decision"),
            until=_d(p.get("until")),
            left=_d(p.get("left")),
        )
        for i, p in enumerate(d.get("parties") or [])
    ]
    amendments = [
        Amendment(
            id=a["id"],
            date=parse_date(a["date"]),
            src=src.child("amendments", i),
            summary=a.get("summary"),
            consented_by=(list(a["consented_by"]) if a.get("consented_by") is not None else None),
        )
        for i, a in enumerate(d.get("amendments") or [])
    ]
    return Agreement(
        id=d["id"],
        title=d["title"],
        effective=parse_date(d["effective"]),
        until=parse_date(d["until"]),
        src=src,
        version=_t(d.get("version")),
        evaluation=Evaluation(
            due=parse_date(ev["due"]),
            src=src.child("evaluation"),
            done=_d(ev.get("done")),
            decision=ev.get("decision"),
        )
        if ev
        else None,
        amendment_rule=d.get("amendment_rule"),
        parties=parties,
        amendments=amendments,
    )


def _body(e: Entry) -> Body:
    assert e.doc is not None
    d = e.doc.data
    src = _src(e)
    seats = [
        Seat(
            id=s["id"],
            src=src.child("seats", i),
            name=s.get("name"),
            org=s.get("org"),
            region=s.get("region"),
            kind=s.get("kind"),
            count=s.get("count", 1),
            permanent=bool(s.get("permanent", False)),
            role=s.get("role") or "member",
        )
        for i, s in enumerate(d.get("seats") or [])
    ]
    members = [
        Member(
            person=mb["person"],
            seat=mb["seat"],
            start=parse_date(mb["from"]),
            src=src.child("members", i),
            body=d["id"],
            index=i,
            role=mb.get("role") or "member",
            until=_d(mb.get("until")),
            term_years=mb.get("term_years"),
            appointed_by=mb.get("appointed_by"),
        )
        for i, mb in enumerate(d.get("members") or [])
    ]
    chair = d.get("chair") or {}
    return Body(
        id=d["id"],
        name=d["name"],
        roles=list(d.get("roles") or []),
        src=src,
        name_nn=d.get("name_nn"),
        appointed_by=d.get("appointed_by"),
        term_years=d.get("term_years"),
        max_terms=d.get("max_terms"),
        cadence=d.get("cadence"),
        chair_org=chair.get("org"),
        seats=seats,
        members=members,
    )


def _meeting(e: Entry) -> Meeting:
    assert e.doc is not None
    d = e.doc.data
    src = _src(e)
    when = parse_date(d["date"])
    minutes = d.get("minutes")
    approval = minutes if isinstance(minutes, dict) else {}
    return Meeting(
        id=e.stem,
        body=d["body"],
        date=when,
        src=src,
        minutes=minutes if isinstance(minutes, str) else approval.get("ref"),
        decisions=[
            Decision(
                id=x["id"],
                title=x["title"],
                body=d["body"],
                date=when,
                meeting=e.stem,
                src=src.child("decisions", i),
                outcome=x.get("outcome"),
                subjects=list(x.get("subjects") or []),
                item=x.get("item"),
                text=x.get("text"),
                votes=_votes(x.get("votes")),
                matter=x.get("matter"),
            )
            for i, x in enumerate(d.get("decisions") or [])
        ],
        time=d.get("time"),
        place=d.get("place"),
        notice=_d(d.get("notice")),
        agenda=[_item(src.child("agenda", i), x) for i, x in enumerate(d.get("agenda") or [])],
        attendance=_attendance(src.child("attendance"), d["attendance"])
        if "attendance" in d
        else None,
        approved=_d(approval.get("approved")),
        approved_by=list(approval.get("by") or []),
        approval_method=approval.get("method"),
    )


def _votes(v: Any) -> Votes | None:
    if not isinstance(v, dict):
        return None
    return Votes(yes=v["for"], against=v["against"], blank=v.get("blank", 0))


def _item(src: Src, x: dict[str, Any]) -> AgendaItem:
    return AgendaItem(
        number=x["number"],
        title=x["title"],
        src=src,
        kind=x.get("kind") or "decision",
        proposal=x.get("proposal"),
        public=x.get("public", True) is not False,
        exempt=x.get("exempt"),
        attachments=[Attachment(a["title"], a.get("ref")) for a in x.get("attachments") or []],
        conflicts=[
            Conflict(
                person=c["person"],
                src=src.child("conflicts", j),
                grounds=c.get("grounds"),
                left=c.get("left", True) is not False,
            )
            for j, c in enumerate(x.get("conflicts") or [])
        ],
    )


def _attendance(src: Src, a: dict[str, Any]) -> Attendance:
    return Attendance(
        src=src,
        present=list(a.get("present") or []),
        absent=[(x["person"], x.get("reason")) for x in a.get("absent") or []],
        deputies=[Deputy(x["person"], x["for"]) for x in a.get("deputies") or []],
        observers=list(a.get("observers") or []),
    )


def _project(e: Entry) -> Project:
    assert e.doc is not None
    d = e.doc.data
    src = _src(e)
    mandate = d.get("mandate") or {}
    budget = d.get("budget")
    b = budget or {}
    return Project(
        id=d["id"],
        name=d["name"],
        status=d["status"],
        owner=d["owner"],
        src=src,
        name_nn=d.get("name_nn"),
        scope=d.get("scope"),
        manager=d.get("manager"),
        participants=list(d.get("participants") or []),
        start=_d(d.get("start")),
        end=_d(d.get("end")),
        mandate_decision=mandate.get("decision"),
        mandate_summary=mandate.get("summary"),
        budget_total=b.get("total"),
        budget_decision=b.get("decision"),
        financing=[
            Financing(
                source=f["source"],
                amount=f["amount"],
                src=src.child("budget", "financing", i),
                org=f.get("org"),
            )
            for i, f in enumerate(b.get("financing") or [])
        ],
        has_budget=budget is not None,
        steering_group=list(d.get("steering_group") or []),
        milestones=[
            Milestone(
                name=ms["name"],
                due=parse_date(ms["due"]),
                src=src.child("milestones", i),
                done=_d(ms.get("done")),
            )
            for i, ms in enumerate(d.get("milestones") or [])
        ],
        benefits=[
            Benefit(description=bn["description"], src=src.child("benefits", i), org=bn.get("org"))
            for i, bn in enumerate(d.get("benefits") or [])
        ],
    )


def _year(e: Entry) -> Year:
    assert e.doc is not None
    d = e.doc.data
    src = _src(e)
    office = d.get("programme_office")
    o = office or {}
    return Year(
        year=int(d["year"]),
        src=src,
        annual_plan_decision=(d.get("annual_plan") or {}).get("decision"),
        annual_report_decision=(d.get("annual_report") or {}).get("decision"),
        office_budget=o.get("budget"),
        office_decision=o.get("decision"),
        contributions=[
            Contribution(
                org=c["org"],
                amount=c["amount"],
                src=src.child("programme_office", "contributions", i),
                agreed=_d(c.get("agreed")),
            )
            for i, c in enumerate(o.get("contributions") or [])
        ],
        has_office=office is not None,
    )
