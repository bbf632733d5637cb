"""Hypothesis strategies for whole partnerships: schema-valid YAML files and a date to examine.

``partnerships()`` draws a network with a calendar, 2–8 organisations (municipalities with
regions and DigiFin, KS, Statsforvaltaren), one or two agreements whose parties join and
leave, one or two bodies with seats and members (reappointments on the same or another seat,
successors, gaps, `until` before or after the term, appointing decisions before or after the
date examined), meetings holding every decision, projects of every status with milestones and
budgets, and years with office budgets and contributions. The date examined is spread over
the period and its edges: the days data names, the days around them, weekends and holidays.

Every reference resolves, so the rules judge the governance, never the file format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import holidays
import yaml
from hypothesis import strategies as st

from digictl.facts.timeline import term_end

Doc = dict[str, Any]

# (id, name, kommunenummer, orgnr): real Vestland municipalities, so `orgnr` stays quiet
MUNICIPALITIES = (
    ("bergen", "Bergen", "4601", "964338531"),
    ("etne", "Etne", "4611", "959435375"),
    ("voss", "Voss", "4621", "960510542"),
    ("bjornafjorden", "Bjørnafjorden", "4624", "844458312"),
    ("oygarden", "Øygarden", "4626", "922530890"),
    ("askoy", "Askøy", "4627", "964338442"),
    ("vaksdal", "Vaksdal", "4628", "961821967"),
    ("osteroy", "Osterøy", "4630", "864338712"),
    ("alver", "Alver", "4631", "920290922"),
    ("austrheim", "Austrheim", "4632", "948350823"),
)
OTHERS = {
    "ks": {"id": "ks", "name": "KS Vestland", "kind": "ks", "orgnr": "971032146"},
    "statsforvaltaren": {
        "id": "statsforvaltaren",
        "name": "Statsforvaltaren i Vestland",
        "kind": "state",
        "orgnr": "974760665",
    },
}
REGIONS = ("Bergen", "Nordhordland", "Vest", "Hardanger/Voss")
STATUSES = ("proposed", "approved", "active", "paused", "completed", "cancelled")
# MM-DD settings: month ends, holidays (17 May, Christmas Eve), and any day up to the 28th
MONTHDAYS = st.one_of(
    st.sampled_from(["01-31", "03-31", "04-30", "05-17", "06-30", "11-30", "12-24", "12-31"]),
    st.builds(lambda m, d: f"{m:02d}-{d:02d}", st.integers(1, 12), st.integers(1, 28)),
)
HORIZONS = st.sampled_from([0, 30, 90, 365])


def days(low: int, high: int) -> st.SearchStrategy[timedelta]:
    return st.integers(low, high).map(lambda n: timedelta(days=n))


@dataclass
class Partnership:
    """The files of one partnership (path in the data directory → YAML text), the date to
    examine it on and the horizon of what counts as upcoming."""

    files: dict[str, str]
    as_of: date
    within: int

    def write(self, root: Path) -> Path:
        data = root / "data"
        for rel, text in self.files.items():
            path = data / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return data

    def __repr__(self) -> str:  # what Hypothesis prints for a falsifying example
        listing = "\n".join(f"--- {rel}\n{text}" for rel, text in sorted(self.files.items()))
        return f"Partnership(as_of={self.as_of}, within={self.within})\n{listing}"


@dataclass
class Draft:
    """What the drawing so far has made: organisations, parties, people, decisions."""

    first: date
    last: date
    orgs: dict[str, Doc] = field(default_factory=dict)
    municipalities: list[str] = field(default_factory=list)
    people: dict[str, Doc] = field(default_factory=dict)
    bodies: dict[str, Doc] = field(default_factory=dict)
    decisions: dict[tuple[str, date], list[Doc]] = field(default_factory=dict)
    key_dates: set[date] = field(default_factory=set)
    calendar: dict[str, str] = field(default_factory=dict)

    def person(self, org: str) -> str:
        pid = f"person-{len(self.people) + 1}"
        self.people[pid] = {"id": pid, "name": f"Person {len(self.people) + 1}", "org": org}
        return pid

    def decide(self, body: str, day: date, subjects: list[str] | None = None) -> str:
        did = f"D-{sum(len(v) for v in self.decisions.values()) + 1:03d}"
        doc: Doc = {"id": did, "title": f"Decision {did}", "outcome": "consensus"}
        if subjects:
            doc["subjects"] = subjects
        self.decisions.setdefault((body, day), []).append(doc)
        return did

    def bodies_with(self, role: str) -> list[str]:
        return [b for b, doc in self.bodies.items() if role in doc["roles"]]


def dump(doc: Doc) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


# -- organisations and agreements ------------------------------------------------------


@st.composite
def organisations(draw: st.DrawFn, d: Draft) -> None:
    chosen = draw(st.lists(st.sampled_from(MUNICIPALITIES), min_size=2, max_size=6, unique=True))
    for oid, name, knr, orgnr in chosen:
        doc: Doc = {"id": oid, "name": name, "kind": "municipality", "kommunenummer": knr}
        doc["orgnr"] = orgnr
        doc["region"] = draw(st.sampled_from(REGIONS))
        digifin = draw(st.sampled_from(["member", "since", "not", "absent"]))
        if digifin != "absent":
            doc["digifin"] = {"member": digifin != "not"}
        if digifin == "since":
            doc["digifin"]["since"] = d.first + draw(days(-400, 400))
        d.orgs[oid] = doc
        d.municipalities.append(oid)
    for other in draw(st.lists(st.sampled_from(sorted(OTHERS)), max_size=2, unique=True)):
        d.orgs[other] = dict(OTHERS[other])


@st.composite
def parties(draw: st.DrawFn, d: Draft, effective: date, until: date, orgs: list[str]) -> list[Doc]:
    out: list[Doc] = []
    for org in orgs:
        joined = effective + draw(st.sampled_from([timedelta(0), timedelta(0), timedelta(31)]))
        party: Doc = {"org": org, "joined": joined, "decision": f"Kommunestyret sak {len(out)}"}
        end = draw(st.sampled_from([None, None, None, "until", "left"]))
        if end is not None:
            span = max((until - joined).days, 0)
            party[end] = joined + timedelta(days=draw(st.integers(0, span)))
            d.key_dates.add(party[end])
        out.append(party)
    return out


@st.composite
def agreements(draw: st.DrawFn, d: Draft) -> dict[str, Doc]:
    found: dict[str, Doc] = {}
    effective = d.first
    orgs = d.municipalities
    for n in range(draw(st.integers(1, 2))):
        until = date(effective.year + draw(st.integers(1, 3)), 12, 31) - draw(days(0, 1))
        aid = f"avtale-{n + 1}"
        doc: Doc = {"id": aid, "title": f"Avtale {n + 1}", "effective": effective}
        doc["until"] = until
        doc["amendment_rule"] = "unanimous"
        doc["parties"] = draw(parties(d, effective, until, orgs))
        if draw(st.booleans()):
            doc["evaluation"] = draw(evaluation(d, effective, until))
        found[aid] = doc
        d.key_dates.update((effective, until))
        d.last = max(d.last, until)
        effective = until + timedelta(days=draw(st.sampled_from([1, 1, 40])))
        orgs = draw(st.lists(st.sampled_from(d.municipalities), min_size=1, unique=True))
    return found


@st.composite
def evaluation(draw: st.DrawFn, d: Draft, effective: date, until: date) -> Doc:
    due = effective + timedelta(days=draw(st.integers(0, (until - effective).days)))
    ev: Doc = {"due": due}
    if draw(st.booleans()):
        ev["done"] = due + draw(days(-60, 60))
    d.key_dates.add(due)
    return ev


# -- bodies and their members ----------------------------------------------------------


@st.composite
def seat(draw: st.DrawFn, d: Draft, n: int) -> Doc:
    doc: Doc = {"id": f"seat-{n}"}
    constraint = draw(st.sampled_from(["none", "none", "org", "kind", "region"]))
    if constraint == "org":
        doc["org"] = draw(st.sampled_from(sorted(d.orgs)))
    elif constraint == "kind":
        doc["kind"] = draw(st.sampled_from(sorted({o["kind"] for o in d.orgs.values()})))
    elif constraint == "region":
        doc["region"] = draw(st.sampled_from(REGIONS))
    doc["count"] = draw(st.integers(1, 2))
    if draw(st.integers(0, 3)) == 0:
        doc["permanent"] = True
    if draw(st.integers(0, 6)) == 0:
        doc["role"] = "observer"
    return doc


def _org_for(d: Draft, seat_doc: Doc, pick: int) -> str:
    """An organisation for a member of the seat: mostly one that fits its constraint."""
    fitting = [
        oid
        for oid, o in d.orgs.items()
        if seat_doc.get("org", oid) == oid
        and seat_doc.get("kind", o["kind"]) == o["kind"]
        and seat_doc.get("region", o.get("region")) == o.get("region")
    ]
    pool = fitting if fitting and pick % 4 else sorted(d.orgs)
    return pool[pick % len(pool)]


@st.composite
def body(draw: st.DrawFn, d: Draft, n: int) -> Doc:
    bid = ("styret", "gruppa")[n]
    roles = [["portfolio-board", "programme-board"], ["programme-board"], ["portfolio-board"]]
    doc: Doc = {"id": bid, "name": bid.capitalize()}
    doc["roles"] = draw(st.sampled_from(roles if n == 0 else [*roles, ["resource-group"]]))
    if draw(st.integers(0, 4)):
        doc["term_years"] = draw(st.integers(1, 3))
    if draw(st.booleans()):
        doc["max_terms"] = draw(st.integers(1, 2))
    cadence = draw(st.sampled_from([None, "quarterly", "yearly"]))
    if cadence:
        doc["cadence"] = cadence
    if n == 1 and draw(st.booleans()):
        doc["appointed_by"] = "styret"
    doc["seats"] = [draw(seat(d, i)) for i in range(draw(st.integers(1, 3)))]
    if draw(st.booleans()):
        doc["chair"] = {"org": draw(st.sampled_from(sorted(d.orgs)))}
    doc["members"] = []
    d.bodies[bid] = doc
    return doc


@st.composite
def members(draw: st.DrawFn, d: Draft, doc: Doc) -> None:
    """Chains of appointments for every place on every seat of the body."""
    for i, seat_doc in enumerate(doc["seats"]):
        for place in range(seat_doc["count"] + draw(st.sampled_from([0, 0, 0, 1]))):
            if draw(st.integers(0, 6)) == 0:
                continue  # a place nobody was ever appointed to
            start = d.first + draw(days(-20, 200))
            chair = "chair" in doc and i == 0 and place == 0 and draw(st.integers(0, 4)) > 0
            doc["members"] += draw(chain(d, doc, seat_doc, start, chair))


def _term(doc: Doc, seat_doc: Doc, entry: Doc) -> int | None:
    if seat_doc.get("permanent"):
        return None
    years: int | None = entry.get("term_years", doc.get("term_years"))
    return years


@st.composite
def chain(
    draw: st.DrawFn, d: Draft, doc: Doc, seat_doc: Doc, start: date, chair: bool
) -> list[Doc]:
    """One place's appointments: the same person reappointed (same or another seat), a
    successor the day after, or after a gap; `until` before, on or after the term's end."""
    out: list[Doc] = []
    person = d.person(_org_for(d, seat_doc, draw(st.integers(0, 99))))
    day = start
    for _ in range(draw(st.integers(1, 3))):
        entry: Doc = {"person": person, "seat": seat_doc["id"], "from": day}
        entry["role"] = draw(st.sampled_from(["chair"] if chair else ["member"] * 6 + ["deputy"]))
        if draw(st.integers(0, 6)) == 0:
            entry["term_years"] = draw(st.integers(1, 3))
        years = _term(doc, seat_doc, entry)
        end = term_end(day, years) if years else None
        if end is not None:
            d.key_dates.add(end)
        last = draw(until(entry, day, end))
        if draw(st.booleans()):
            appointing = str(doc.get("appointed_by", doc["id"]))
            entry["appointed_by"] = d.decide(appointing, day + draw(days(-60, 30)))
        out.append(entry)
        step = draw(
            st.sampled_from(["stop", "reappoint", "reappoint", "successor", "gap", "early"])
        )
        if last is None or step == "stop":
            break
        if step in ("successor", "gap"):
            person = d.person(_org_for(d, seat_doc, draw(st.integers(0, 99))))
        else:
            seat_doc = draw(st.sampled_from([seat_doc, *doc["seats"]]))
        offset = {"gap": draw(st.integers(2, 120)), "early": -draw(st.integers(0, 30))}
        day = last + timedelta(days=offset.get(step, 1))
    return out


@st.composite
def until(draw: st.DrawFn, entry: Doc, day: date, end: date | None) -> date | None:
    """Record `until` (or not) and return the entry's last day, None when it runs on."""
    how = draw(st.sampled_from(["none", "none", "before", "on", "after"]))
    if how == "none":
        return end
    if end is None:
        entry["until"] = day + draw(days(0, 900))
    elif how == "before":
        entry["until"] = day + timedelta(days=draw(st.integers(0, max((end - day).days - 1, 0))))
    else:
        entry["until"] = end + timedelta(days=0 if how == "on" else draw(st.integers(1, 200)))
    last: date = entry["until"]
    return last


# -- meetings, projects, years ---------------------------------------------------------


@st.composite
def cadence_meetings(draw: st.DrawFn, d: Draft) -> None:
    """Meetings through the period, some quarters and years without one."""
    for bid in d.bodies:
        day = d.first
        while day <= d.last:
            if draw(st.integers(0, 4)):
                d.decide(bid, day + draw(days(0, 80)))
            day += timedelta(days=91)


@st.composite
def milestones(draw: st.DrawFn, d: Draft, start: date) -> list[Doc]:
    out: list[Doc] = []
    for n in range(draw(st.integers(0, 3))):
        ms: Doc = {"name": f"Milestone {n + 1}", "due": start + draw(days(0, 700))}
        d.key_dates.add(ms["due"])
        if draw(st.booleans()):
            ms["done"] = ms["due"] + draw(days(-40, 40))
        out.append(ms)
    return out


@st.composite
def budget(draw: st.DrawFn, d: Draft, board: str | None, start: date) -> Doc:
    total = draw(st.integers(0, 40)) * 50_000
    doc: Doc = {"total": total}
    if board is not None and draw(st.booleans()):
        doc["decision"] = d.decide(board, start - draw(days(-20, 90)))
    if draw(st.booleans()):
        share = draw(st.integers(0, total // 1000)) * 1000
        rest = total - share + draw(st.sampled_from([0, 0, 0, 10_000]))
        owner = draw(st.sampled_from(d.municipalities))
        doc["financing"] = [
            {"source": "party", "org": owner, "amount": share},
            {
                "source": draw(st.sampled_from(["digifin", "skjonnsmidler", "other"])),
                "amount": rest,
            },
        ]
    return doc


@st.composite
def project(draw: st.DrawFn, d: Draft, n: int) -> Doc:
    pid = f"prosjekt-{n + 1}"
    owner = draw(st.sampled_from(d.municipalities if draw(st.integers(0, 5)) else sorted(d.orgs)))
    doc: Doc = {"id": pid, "name": f"Prosjekt {n + 1}", "scope": "regional"}
    doc["status"] = draw(st.sampled_from(STATUSES))
    doc["owner"] = owner
    start = d.first + draw(days(-30, 700))
    boards = d.bodies_with("programme-board") or sorted(d.bodies)
    board = draw(st.sampled_from(boards)) if boards else None
    if draw(st.integers(0, 4)):
        doc["start"] = start
        if draw(st.integers(0, 4)):
            doc["end"] = start + draw(days(30, 900))
            d.key_dates.add(doc["end"])
    if board is not None and draw(st.booleans()):
        mandate = d.decide(board, start - draw(days(-10, 60)), [f"project:{pid}"])
        doc["mandate"] = {"decision": mandate, "summary": "Eit mandat."}
    if draw(st.booleans()):
        doc["budget"] = draw(budget(d, board, start))
    managed: bool = draw(st.booleans())
    if d.people and managed:
        doc["manager"] = draw(st.sampled_from(sorted(d.people)))
        doc["steering_group"] = draw(
            st.lists(st.sampled_from(sorted(d.people)), max_size=2, unique=True)
        )
    doc["milestones"] = draw(milestones(d, start))
    return doc


def _due(d: Draft, key: str, year: int, default: str) -> date:
    month, day = (int(x) for x in d.calendar.get(key, default).split("-"))
    return date(year, month, min(day, 28) if month == 2 else day)


@st.composite
def approval(draw: st.DrawFn, d: Draft, due: date, subject: str) -> Doc:
    """A decision approving a plan or report near its due date, mostly by a portfolio board."""
    boards = d.bodies_with("portfolio-board")
    other: bool = draw(st.integers(0, 5)) == 0
    bid = draw(st.sampled_from(boards if boards and not other else sorted(d.bodies)))
    return {"decision": d.decide(bid, due + draw(days(-90, 40)), [subject])}


@st.composite
def year(draw: st.DrawFn, d: Draft, y: int) -> Doc:
    doc: Doc = {"year": y}
    plan: bool = draw(st.integers(0, 3)) > 0
    report: bool = draw(st.booleans())
    if d.bodies and plan:
        doc["annual_plan"] = draw(approval(d, _due(d, "annual_plan_due", y, "03-31"), f"year:{y}"))
    if d.bodies and report:
        due = _due(d, "annual_report_due", y + 1, "04-30")
        doc["annual_report"] = draw(approval(d, due, f"year:{y}"))
    if draw(st.integers(0, 3)):
        doc["programme_office"] = draw(office(d, y))
    return doc


@st.composite
def office(draw: st.DrawFn, d: Draft, y: int) -> Doc:
    budget = draw(st.integers(1, 30)) * 50_000
    due = _due(d, "contributions_due", y - 1, "11-30")
    payers = draw(st.lists(st.sampled_from(d.municipalities), max_size=4, unique=True))
    short = draw(st.sampled_from([0, 0, 50_000]))
    contributions: list[Doc] = []
    left = max(budget - short, 0)
    for i, org in enumerate(payers):
        amount = left if i == len(payers) - 1 else left // len(payers)
        left -= amount
        c: Doc = {"org": org, "amount": amount}
        if draw(st.integers(0, 4)):
            c["agreed"] = due + draw(days(-60, 30))
        contributions.append(c)
    return {"budget": budget, "contributions": contributions}


# -- the whole partnership -------------------------------------------------------------


@st.composite
def network(draw: st.DrawFn, d: Draft) -> Doc:
    doc: Doc = {"id": "testnett", "name": "Digi Testland", "county": "Vestland"}
    doc["host"] = d.municipalities[0]
    doc["language"] = draw(st.sampled_from(["nb", "nn", "en"]))
    for key in ("annual_plan_due", "annual_report_due", "contributions_due"):
        if draw(st.integers(0, 4)):
            d.calendar[key] = draw(MONTHDAYS)
    if d.calendar:
        doc["calendar"] = dict(d.calendar)
    return doc


@st.composite
def as_of_dates(draw: st.DrawFn, d: Draft) -> date:
    """Anywhere in the period and around it, or on and next to a day the data names, or on a
    weekend or public holiday."""
    years = list(range(d.first.year, d.last.year + 2))
    closed = sorted(holidays.country_holidays("NO", years=years))  # Easter, 17 May, Christmas
    saturdays = [d.first + timedelta(days=(5 - d.first.weekday()) % 7 + 7 * k) for k in range(3)]
    named = sorted(d.key_dates) or [d.first]
    offsets = st.sampled_from([-90, -30, -7, -1, 0, 0, 1, 1, 7])
    near = st.builds(lambda day, k: day + timedelta(days=k), st.sampled_from(named), offsets)
    anywhere = days(-90, (d.last - d.first).days + 400).map(lambda k: d.first + k)
    return draw(st.one_of(anywhere, near, st.sampled_from(closed + saturdays)))


def _meeting_files(d: Draft) -> dict[str, str]:
    return {
        f"meetings/{day.isoformat()}-{bid}.yaml": dump(
            {"body": bid, "date": day, "decisions": decisions}
        )
        for (bid, day), decisions in sorted(d.decisions.items())
    }


@st.composite
def partnerships(draw: st.DrawFn) -> Partnership:
    first = date(draw(st.integers(2019, 2023)), 1, 1) + draw(days(0, 90))
    d = Draft(first, first)
    draw(organisations(d))
    files = {"network.yaml": dump(draw(network(d)))}
    for aid, doc in draw(agreements(d)).items():
        files[f"agreements/{aid}.yaml"] = dump(doc)
    for n in range(draw(st.integers(1, 2))):
        draw(members(d, draw(body(d, n))))
    draw(cadence_meetings(d))
    for n in range(draw(st.integers(0, 4))):
        doc = draw(project(d, n))
        files[f"projects/{doc['id']}.yaml"] = dump(doc)
    for y in range(d.first.year, d.last.year + 1):
        if draw(st.integers(0, 4)):
            files[f"years/{y}.yaml"] = dump(draw(year(d, y)))
    for kind, docs in (("organisations", d.orgs), ("people", d.people), ("bodies", d.bodies)):
        files.update({f"{kind}/{oid}.yaml": dump(doc) for oid, doc in docs.items()})
    files.update(_meeting_files(d))
    return Partnership(files, draw(as_of_dates(d)), draw(HORIZONS))
