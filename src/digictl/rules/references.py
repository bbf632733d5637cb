"""The `ref` rule: every reference resolves to an entity of the right kind."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from digictl.findings import Severity
from digictl.i18n import N_, _
from digictl.model import Meeting, Model, Src
from digictl.rules.registry import Context, Issue, rule
from digictl.suggest import Index

# what a reference is called in messages: a message marked with N_ and its values
_Label = tuple[str, dict[str, object]]
# (the id referred to, its kind, src, path inside src, label)
_Ref = tuple[str | None, str, Src, tuple[str | int, ...], _Label]


def _label(message: str, **values: object) -> _Label:
    return message, values


def _refs(m: Model) -> Iterator[_Ref]:
    """Every reference in the model: (id, kind, src, path inside src, label)."""
    for refs_of in _REFS_BY_KIND:
        yield from refs_of(m)


# The labels below name a reference at the start of a sentence such as
# "{label} refers to organisation `x`, but no organisation `x` exists".


def _network_refs(m: Model) -> Iterator[_Ref]:
    if m.network:
        n = m.network
        # Translators: `host` of network.yaml, as in "host refers to organisation `x`, but ..."
        yield n.host, "organisation", n.src, ("host",), _label(N_("host"))


def _people_refs(m: Model) -> Iterator[_Ref]:
    for p in m.people.values():
        label = _label(N_("person `{person}` org"), person=p.id)
        yield p.org, "organisation", p.src, ("org",), label


def _agreement_refs(m: Model) -> Iterator[_Ref]:
    for a in m.agreements.values():
        for party in a.parties:
            yield party.org, "organisation", party.src, ("org",), _label(N_("party"))
        for am in a.amendments:
            for i, org in enumerate(am.consented_by or []):
                label = _label(N_("amendment `{amendment}` consent"), amendment=am.id)
                yield org, "organisation", am.src, ("consented_by", i), label
        if a.evaluation:
            label = _label(N_("evaluation"))
            yield a.evaluation.decision, "decision", a.evaluation.src, ("decision",), label


def _body_refs(m: Model) -> Iterator[_Ref]:
    for b in m.bodies.values():
        label = _label(N_("`{body}` appointed_by"), body=b.id)
        yield b.appointed_by, "body", b.src, ("appointed_by",), label
        label = _label(N_("`{body}` chair"), body=b.id)
        yield b.chair_org, "organisation", b.src, ("chair", "org"), label
        for s in b.seats:
            yield s.org, "organisation", s.src, ("org",), _label(N_("seat `{seat}`"), seat=s.id)
        for mb in b.members:
            label = _label(N_("member of `{body}`"), body=b.id)
            yield mb.person, "person", mb.src, ("person",), label
            label = _label(N_("appointment"))
            yield mb.appointed_by, "decision", mb.src, ("appointed_by",), label


def _meeting_refs(m: Model) -> Iterator[_Ref]:
    for mt in m.meetings.values():
        label = _label(N_("meeting `{meeting}` body"), meeting=mt.id)
        yield mt.body, "body", mt.src, ("body",), label
        yield from _attendance_refs(mt)
        for item in mt.agenda:
            label = _label(
                N_("conflict of interest in item {item} of meeting `{meeting}`"),
                item=item.number,
                meeting=mt.id,
            )
            for c in item.conflicts:
                yield c.person, "person", c.src, ("person",), label
        label = _label(N_("approval of the minutes of meeting `{meeting}`"), meeting=mt.id)
        for i, person in enumerate(mt.approved_by):
            yield person, "person", mt.src, ("minutes", "by", i), label
        for d in mt.decisions:
            for i, subject in enumerate(d.subjects):
                kind, _sep, ident = subject.partition(":")
                label = _label(N_("decision `{decision}` subject"), decision=d.id)
                yield ident, kind, d.src, ("subjects", i), label


def _attendance_refs(mt: Meeting) -> Iterator[_Ref]:
    """The people the attendance of a meeting names: present, absent, deputies and the
    members they met for, observers."""
    a = mt.attendance
    if a is None:
        return
    label = _label(N_("attendance of meeting `{meeting}`"), meeting=mt.id)
    for i, person in enumerate(a.present):
        yield person, "person", a.src, ("present", i), label
    for i, (person, _reason) in enumerate(a.absent):
        yield person, "person", a.src, ("absent", i, "person"), label
    for i, d in enumerate(a.deputies):
        yield d.person, "person", a.src, ("deputies", i, "person"), label
        yield d.replaces, "person", a.src, ("deputies", i, "for"), label
    for i, person in enumerate(a.observers):
        yield person, "person", a.src, ("observers", i), label


def _project_refs(m: Model) -> Iterator[_Ref]:
    for pr in m.projects.values():
        label = _label(N_("project `{project}` owner"), project=pr.id)
        yield pr.owner, "organisation", pr.src, ("owner",), label
        label = _label(N_("project `{project}` manager"), project=pr.id)
        yield pr.manager, "person", pr.src, ("manager",), label
        for i, org in enumerate(pr.participants):
            label = _label(N_("project `{project}` participant"), project=pr.id)
            yield org, "organisation", pr.src, ("participants", i), label
        path = ("mandate", "decision")
        yield pr.mandate_decision, "decision", pr.src, path, _label(N_("mandate"))
        path = ("budget", "decision")
        yield pr.budget_decision, "decision", pr.src, path, _label(N_("budget"))
        for f in pr.financing:
            label = _label(N_("project `{project}` financing"), project=pr.id)
            yield f.org, "organisation", f.src, ("org",), label
        for i, person in enumerate(pr.steering_group):
            label = _label(N_("project `{project}` steering group"), project=pr.id)
            yield person, "person", pr.src, ("steering_group", i), label
        for bn in pr.benefits:
            label = _label(N_("project `{project}` benefit"), project=pr.id)
            yield bn.org, "organisation", bn.src, ("org",), label


def _year_refs(m: Model) -> Iterator[_Ref]:
    for y in m.years.values():
        plan = ("annual_plan", "decision")
        yield y.annual_plan_decision, "decision", y.src, plan, _label(N_("annual plan"))
        report = ("annual_report", "decision")
        yield y.annual_report_decision, "decision", y.src, report, _label(N_("annual report"))
        office = ("programme_office", "decision")
        yield y.office_decision, "decision", y.src, office, _label(N_("office budget"))
        for c in y.contributions:
            label = _label(N_("{year} contribution"), year=y.year)
            yield c.org, "organisation", c.src, ("org",), label


# in the order the findings are listed
_REFS_BY_KIND: tuple[Callable[[Model], Iterator[_Ref]], ...] = (
    _network_refs,
    _people_refs,
    _agreement_refs,
    _body_refs,
    _meeting_refs,
    _project_refs,
    _year_refs,
)


# each kind as the object of "`x` is ..., not ..."
_KIND_WORDS = {
    "organisation": N_("an organisation"),
    "person": N_("a person"),
    "body": N_("a body"),
    "decision": N_("a decision"),
    "agreement": N_("an agreement"),
    "project": N_("a project"),
    "year": N_("a year"),
    "meeting": N_("a meeting"),
    "network": N_("the network"),
}


@dataclass(frozen=True)
class _Said:
    """What the `ref` rule says of a reference to one kind: the entity does not exist (with
    a did-you-mean, and without), or the id is of another kind ({other}: "a person")."""

    hint: str
    missing: str
    other: str


_SAID = {
    "organisation": _Said(
        N_(
            "{label} refers to organisation `{ident}`, but no organisation `{ident}` exists; "
            "did you mean `{match}`?"
        ),
        N_("{label} refers to organisation `{ident}`, but no organisation `{ident}` exists"),
        N_(
            "{label} refers to organisation `{ident}`, but `{ident}` is {other}, not an "
            "organisation"
        ),
    ),
    "person": _Said(
        N_(
            "{label} refers to person `{ident}`, but no person `{ident}` exists; did you mean "
            "`{match}`?"
        ),
        N_("{label} refers to person `{ident}`, but no person `{ident}` exists"),
        N_("{label} refers to person `{ident}`, but `{ident}` is {other}, not a person"),
    ),
    "body": _Said(
        N_(
            "{label} refers to body `{ident}`, but no body `{ident}` exists; did you mean "
            "`{match}`?"
        ),
        N_("{label} refers to body `{ident}`, but no body `{ident}` exists"),
        N_("{label} refers to body `{ident}`, but `{ident}` is {other}, not a body"),
    ),
    "decision": _Said(
        N_(
            "{label} refers to decision `{ident}`, but no decision `{ident}` exists; did you "
            "mean `{match}`?"
        ),
        N_("{label} refers to decision `{ident}`, but no decision `{ident}` exists"),
        N_("{label} refers to decision `{ident}`, but `{ident}` is {other}, not a decision"),
    ),
    "agreement": _Said(
        N_(
            "{label} refers to agreement `{ident}`, but no agreement `{ident}` exists; did you "
            "mean `{match}`?"
        ),
        N_("{label} refers to agreement `{ident}`, but no agreement `{ident}` exists"),
        N_("{label} refers to agreement `{ident}`, but `{ident}` is {other}, not an agreement"),
    ),
    "project": _Said(
        N_(
            "{label} refers to project `{ident}`, but no project `{ident}` exists; did you "
            "mean `{match}`?"
        ),
        N_("{label} refers to project `{ident}`, but no project `{ident}` exists"),
        N_("{label} refers to project `{ident}`, but `{ident}` is {other}, not a project"),
    ),
    "year": _Said(
        N_(
            "{label} refers to year `{ident}`, but no year `{ident}` exists; did you mean "
            "`{match}`?"
        ),
        N_("{label} refers to year `{ident}`, but no year `{ident}` exists"),
        N_("{label} refers to year `{ident}`, but `{ident}` is {other}, not a year"),
    ),
}


@rule(
    "ref",
    Severity.ERROR,
    "—",
    N_("every reference resolves to an existing entity of the right kind"),
    fix=N_("Fix the id (see the did-you-mean) or add the missing entity in its folder."),
)
def ref(ctx: Context) -> Iterator[Issue]:
    m = ctx.model
    ids: dict[str, Index] = {}  # the ids of each kind, indexed once for the hints
    for ident, kind, src, path, (label, values) in _refs(m):
        if ident is None or m.exists(kind, ident):
            continue
        said = _SAID[kind]
        shown = {"label": _(label, **values), "ident": ident}
        others = [k for k in _KIND_WORDS if k != kind and m.exists(k, ident)]
        if others:
            message = _(said.other, other=_(_KIND_WORDS[others[0]]), **shown)
        else:
            if kind not in ids:
                ids[kind] = Index(m.known.get(kind, set()))
            match = ids[kind].closest(ident)
            message = _(said.hint, match=match, **shown) if match else _(said.missing, **shown)
        yield Issue.of(src, message, *path)
    yield from _unique_decisions(ctx)


def _unique_decisions(ctx: Context) -> Iterator[Issue]:
    first: dict[str, Src] = {}
    for mt in sorted(ctx.model.meetings.values(), key=lambda x: (x.date, x.id)):
        for d in mt.decisions:
            if d.id in first:
                earlier = first[d.id].at()
                message = _(
                    "decision id `{decision}` is used twice (first in {file} line {line}); "
                    "decision ids are unique in the repository",
                    decision=d.id,
                    file=earlier.file,
                    line=earlier.line,
                )
                yield Issue.of(d.src, message, "id")
            else:
                first[d.id] = d.src
