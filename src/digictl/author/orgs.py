"""`org add`: organisations (organisations/<id>.yaml), municipalities from the bundled
national registry, others by name and kind."""

from __future__ import annotations

import re
from typing import Any

from digictl.author import yamldoc
from digictl.author.common import ident, path_of
from digictl.author.workspace import Workspace
from digictl.errors import UsageError
from digictl.i18n import _
from digictl.load import national
from digictl.load.schemas import did_you_mean
from digictl.scaffold import check_text

OTHER_KINDS = ("county", "state", "ks", "other")
_NUMBER = re.compile(r"\d{4}", re.ASCII)


def municipality(number_or_name: str) -> national.Municipality:
    """A municipality of the registry by kommunenummer or by (legal) name."""
    check_text("NUMBER", number_or_name)
    registry = national.load()
    if _NUMBER.fullmatch(number_or_name):
        found = registry.municipality(number_or_name)
        if found is None:
            raise UsageError(
                _(
                    "{number} is not a kommunenummer in the bundled registry (SSB Klass 2020-2024)",
                    number=number_or_name,
                )
            )
        return found
    numbers = registry.current_numbers_named(number_or_name)  # as init --host reads names
    if len(numbers) == 1:
        m = registry.municipality(numbers[0])
        assert m is not None
        return m
    if numbers:
        raise UsageError(
            _(
                "{name!r} names several municipalities ({numbers}); give the kommunenummer",
                name=number_or_name,
                numbers=", ".join(numbers),
            )
        )
    names = {m.name for m in registry.municipalities.values()}
    raise UsageError(
        _(
            "{name!r} is neither a kommunenummer nor a municipality's name{hint}",
            name=number_or_name,
            hint=did_you_mean(number_or_name, names),
        )
    )


def _same(ws: Workspace, ident_: str, record: dict[str, Any]) -> bool:
    """Whether the organisation on disk says what ``record`` says (then nothing is written);
    a UsageError when it says something else."""
    org = ws.model().organisations.get(ident_)
    fields = ("name", "kind", "kommunenummer", "orgnr")
    if org is not None and all(getattr(org, k) == record.get(k) for k in fields):
        return True
    raise UsageError(
        _(
            "organisation `{org}` already exists ({file}) "
            "and says something else; change that file instead",
            org=ident_,
            file=ws.shown(path_of("organisation", ident_)),
        )
    )


def _existing_id(ws: Workspace, number: str) -> str | None:
    for org in ws.model().organisations.values():
        if org.kommunenummer == number:
            return org.id
    return None


def add_municipality(ws: Workspace, number_or_name: str, region: str | None = None) -> str | None:
    """Create the organisation file of a municipality from the registry (the record of
    ``national.municipality_record``, the one place). Returns its id, or None when the same
    municipality is already recorded (identical: nothing to write)."""
    m = municipality(number_or_name)
    record = national.municipality_record(m)
    ident_ = _existing_id(ws, m.number) or str(record["id"])
    if ident_ in ws.created("organisations"):
        return None  # named twice on one command line
    if ws.exists(path_of("organisation", ident_)):
        record["id"] = ident_
        return None if _same(ws, ident_, record) else ident_
    values = dict(record)
    values["name"] = yamldoc.text(str(record["name"]), "NUMBER")
    values["kommunenummer"] = yamldoc.code(m.number)
    values["orgnr"] = yamldoc.code(m.orgnr) if m.orgnr else None
    values["region"] = None if region is None else yamldoc.text(region, "--region")
    ws.create(path_of("organisation", ident_), yamldoc.new_map("organisation", values))
    return ident_


def check_orgnr(orgnr: str) -> str:
    """A Norwegian organisation number: 9 digits with a valid MOD11 check digit."""
    from digictl.load.national import valid_orgnr

    check_text("--orgnr", orgnr)
    compact = orgnr.replace(" ", "")
    if not valid_orgnr(compact):
        raise UsageError(
            _(
                "--orgnr {value!r} is not a valid organisation number "
                "(9 digits, MOD11 check digit)",
                value=orgnr,
            )
        )
    return compact


def add_other(
    ws: Workspace,
    name: str,
    kind: str,
    orgnr: str | None = None,
    ident_: str | None = None,
    region: str | None = None,
) -> str | None:
    """Create an organisation that is not a municipality. Returns its id, or None when it is
    already recorded as given."""
    if kind not in OTHER_KINDS:
        raise UsageError(
            _(
                "--kind takes one of {choices}, not {value!r} "
                "(municipalities are added by number: org add 4631)",
                choices=", ".join(OTHER_KINDS),
                value=kind,
            )
        )
    check_text("--name", name)
    number = None if orgnr is None else check_orgnr(orgnr)
    the_id = ident(ident_, "--id") if ident_ is not None else national.slug(name)
    record: dict[str, Any] = {"id": the_id, "name": name, "kind": kind, "orgnr": number}
    if ws.exists(path_of("organisation", the_id)):
        return None if _same(ws, the_id, record) else the_id
    values = dict(record)
    values["name"] = yamldoc.text(name, "--name")
    values["orgnr"] = None if number is None else yamldoc.code(number)
    values["region"] = None if region is None else yamldoc.text(region, "--region")
    ws.create(path_of("organisation", the_id), yamldoc.new_map("organisation", values))
    return the_id
