"""The `ref` rule: every reference resolves to an entity of the right kind."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from digictl.findings import Severity
from digictl.load.schemas import did_you_mean
from digictl.model import Model, Src
from digictl.rules.registry import Context, Issue, rule
from digictl.suggest import Index

# (what is referred to, what the reference is called in messages)
_Ref = tuple[str | None, str, Src, tuple[str | int, ...], str]  # value, kind, src, path, label


def _refs(m: Model) -> Iterator[_Ref]:
    """Every reference in the model: (id, kind, src, path inside src, label)."""
    for refs_of in _REFS_BY_KIND:
        yield from refs_of(m)


def _network_refs(m: Model) -> Iterator[_Ref]:
    if m.network:
        n = m.network
        yield n.host, "organisation", n.src, ("host",), "host"


def _people_refs(m: Model) -> Iterator[_Ref]:
    for p in m.people.values():
        yield p.org, "organisation", p.src, ("org",), f"person `{p.id}` org"


def _agreement_refs(m: Model) -> Iterator[_Ref]:
    for a in m.agreements.values():
        for party in a.parties:
            yield party.org, "organisation", party.src, ("org",), "party"
        for am in a.amendments:
            for i, org in enumerate(am.consented_by or []):
                label = f"amendment `{am.id}` consent"
                yield org, "organisation", am.src, ("consented_by", i), label
        if a.evaluation:
            yield a.evaluation.decision, "decision", a.evaluation.src, ("decision",), "evaluation"


def _body_refs(m: Model) -> Iterator[_Ref]:
    for b in m.bodies.values():
        yield b.appointed_by, "body", b.src, ("appointed_by",), f"`{b.id}` appointed_by"
        yield b.chair_org, "organisation", b.src, ("chair", "org"), f"`{b.id}` chair"
        for s in b.seats:
            yield s.org, "organisation", s.src, ("org",), f"seat `{s.id}`"
        for mb in b.members:
            yield mb.person, "person", mb.src, ("person",), f"member of `{b.id}`"
            yield mb.appointed_by, "decision", mb.src, ("appointed_by",), "appointment"


def _meeting_refs(m: Model) -> Iterator[_Ref]:
    for mt in m.meetings.values():
        yield mt.body, "body", mt.src, ("body",), f"meeting `{mt.id}` body"
        for d in mt.decisions:
            for i, subject in enumerate(d.subjects):
                kind, _, ident = subject.partition(":")
                yield ident, kind, d.src, ("subjects", i), f"decision `{d.id}` subject"


def _project_refs(m: Model) -> Iterator[_Ref]:
    for pr in m.projects.values():
        about = f"project `{pr.id}`"
        yield pr.owner, "organisation", pr.src, ("owner",), f"{about} owner"
        yield pr.manager, "person", pr.src, ("manager",), f"{about} manager"
        for i, org in enumerate(pr.participants):
            yield org, "organisation", pr.src, ("participants", i), f"{about} participant"
        yield pr.mandate_decision, "decision", pr.src, ("mandate", "decision"), "mandate"
        yield pr.budget_decision, "decision", pr.src, ("budget", "decision"), "budget"
        for f in pr.financing:
            yield f.org, "organisation", f.src, ("org",), f"{about} financing"
        for i, person in enumerate(pr.steering_group):
            yield person, "person", pr.src, ("steering_group", i), f"{about} steering group"
        for bn in pr.benefits:
            yield bn.org, "organisation", bn.src, ("org",), f"{about} benefit"


def _year_refs(m: Model) -> Iterator[_Ref]:
    for y in m.years.values():
        yield y.annual_plan_decision, "decision", y.src, ("annual_plan", "decision"), "annual plan"
        report = ("annual_report", "decision")
        yield y.annual_report_decision, "decision", y.src, report, "annual report"
        office = ("programme_office", "decision")
        yield y.office_decision, "decision", y.src, office, "office budget"
        for c in y.contributions:
            yield c.org, "organisation", c.src, ("org",), f"{y.year} contribution"


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


_KIND_WORDS = {
    "organisation": "an organisation",
    "person": "a person",
    "body": "a body",
    "decision": "a decision",
    "agreement": "an agreement",
    "project": "a project",
    "year": "a year",
    "meeting": "a meeting",
    "network": "the network",
}


@rule(
    "ref",
    Severity.ERROR,
    "—",
    "every reference resolves to an existing entity of the right kind",
    fix="Fix the id (see the did-you-mean) or add the missing entity in its folder.",
)
def ref(ctx: Context) -> Iterator[Issue]:
    m = ctx.model
    ids: dict[str, Index] = {}  # the ids of each kind, indexed once for the hints
    for ident, kind, src, path, label in _refs(m):
        if ident is None or m.exists(kind, ident):
            continue
        others = [k for k in _KIND_WORDS if k != kind and m.exists(k, ident)]
        if others:
            why = f"`{ident}` is {_KIND_WORDS[others[0]]}, not {_KIND_WORDS[kind]}"
        else:
            if kind not in ids:
                ids[kind] = Index(m.known.get(kind, set()))
            why = f"no {kind} `{ident}` exists{did_you_mean(ident, ids[kind])}"
        yield Issue.of(src, f"{label} refers to {kind} `{ident}`, but {why}", *path)
    yield from _unique_decisions(ctx)


def _unique_decisions(ctx: Context) -> Iterator[Issue]:
    first: dict[str, Src] = {}
    for mt in sorted(ctx.model.meetings.values(), key=lambda x: (x.date, x.id)):
        for d in mt.decisions:
            if d.id in first:
                earlier = first[d.id].at()
                yield Issue.of(
                    d.src,
                    f"decision id `{d.id}` is used twice (first in {earlier.file} line "
                    f"{earlier.line}); decision ids are unique in the repository",
                    "id",
                )
            else:
                first[d.id] = d.src
