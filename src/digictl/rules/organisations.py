"""Rules about organisations: organisation numbers and municipality numbers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from digictl.findings import Severity
from digictl.i18n import N_, _
from digictl.model import Organisation
from digictl.rules.registry import Context, Issue, rule

if TYPE_CHECKING:
    from digictl.load.national import Municipality, NationalRegistry


@rule(
    "orgnr",
    Severity.ERROR,
    "—",
    N_("organisation number passes MOD11; kommunenummer exists in the national registry"),
    fix=N_(
        "Copy the organisation number and kommunenummer from Enhetsregisteret / SSB; use the "
        "registry's name or a part of a bilingual name."
    ),
)
def orgnr(ctx: Context) -> Iterator[Issue]:
    national = ctx.national
    for org in ctx.model.organisations.values():
        if org.orgnr is not None and not national.valid_orgnr(org.orgnr):
            yield Issue.of(
                org.src,
                _(
                    "`{org}` has organisation number {orgnr}, which fails the MOD11 check digit; "
                    "copy it from Enhetsregisteret",
                    org=org.id,
                    orgnr=org.orgnr,
                ),
                "orgnr",
            )
            continue
        if org.kommunenummer is None:
            continue
        m = national.municipality(org.kommunenummer)
        if m is None:
            yield Issue.of(
                org.src,
                _(
                    "`{org}` has kommunenummer {number}, which is not a Norwegian municipality "
                    "number in the national registry (2020 and 2024 lists)",
                    org=org.id,
                    number=org.kommunenummer,
                ),
                "kommunenummer",
            )
            continue
        yield from _registry_mismatch(org, m, national)


def _registry_mismatch(
    org: Organisation, m: Municipality, national: NationalRegistry
) -> Iterator[Issue]:
    """The name and organisation number of a municipality against the national registry."""
    assert org.kommunenummer is not None
    others = [n for n in national.numbers_named(org.name) if n != org.kommunenummer]
    if others and not national.name_matches(org.kommunenummer, org.name):
        yield Issue.of(
            org.src,
            _(
                "`{org}` is named {name!r}, which is {other} in the national registry, but "
                "has kommunenummer {number}, which is {municipality}'s; copy the number "
                "from SSB",
                org=org.id,
                name=org.name,
                other=others[0],
                number=org.kommunenummer,
                municipality=m.name,
            ),
            "kommunenummer",
        )
        return
    if not national.name_matches(org.kommunenummer, org.name):
        yield Issue.of(
            org.src,
            _(
                "`{org}` is named {name!r}, but the national registry names {number} "
                "{registered!r}",
                org=org.id,
                name=org.name,
                number=org.kommunenummer,
                registered=m.name,
            ),
            "name",
            severity=Severity.WARNING,
        )
    if org.orgnr is not None and m.orgnr is not None and org.orgnr != m.orgnr:
        yield Issue.of(
            org.src,
            _(
                "`{org}` has organisation number {orgnr}, but the national registry gives "
                "{registered} for {number} {municipality}",
                org=org.id,
                orgnr=org.orgnr,
                registered=m.orgnr,
                number=org.kommunenummer,
                municipality=m.name,
            ),
            "orgnr",
            severity=Severity.WARNING,
        )
