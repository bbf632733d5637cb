"""Names in the report's language: people (restricted ones withheld in a public report),
organisations, projects, bodies, agreements and deadline titles."""

from __future__ import annotations

from digictl.facts.deadlines import Deadline, title_of
from digictl.model import Person, Project
from digictl.output.reports.document import Inputs


def person(inp: Inputs, person_id: str) -> str:
    p: Person | None = inp.model.people.get(person_id)
    if p is None:
        return person_id
    if inp.public and p.restricted:
        return inp.t("restricted")
    return p.name


def org(inp: Inputs, org_id: str | None) -> str:
    if org_id is None:
        return ""
    o = inp.model.organisations.get(org_id)
    if o is None:
        return org_id
    if inp.t.lang == "nn" and o.name_nn:
        return o.name_nn
    return o.name


def project(inp: Inputs, p: Project) -> str:
    return p.name_nn if inp.t.lang == "nn" and p.name_nn else p.name


def project_id(inp: Inputs, project_id: str) -> str:
    p = inp.model.projects.get(project_id)
    return project_id if p is None else project(inp, p)


def body(inp: Inputs, body_id: str) -> str:
    b = inp.model.bodies.get(body_id)
    return body_id if b is None else b.name_in(inp.t.lang)


def agreement(inp: Inputs, agreement_id: str) -> str:
    a = inp.model.agreements.get(agreement_id)
    return agreement_id if a is None else a.title


def deadline_title(inp: Inputs, d: Deadline) -> str:
    """The deadline's title in the report's language (``title_of``, the one that titles
    every deadline), with names instead of ids."""
    about = d.about
    names: dict[str, str] = {}
    if about.agreement is not None:
        names["agreement"] = agreement(inp, about.agreement)
    if about.org is not None:
        names["org"] = org(inp, about.org)
    if about.person is not None:
        names["person"] = person(inp, about.person)
    if about.body is not None:
        names["body"] = body(inp, about.body)
    if about.project is not None:
        names["project"] = project_id(inp, about.project)
    return title_of(d, names, inp.t.lang)
