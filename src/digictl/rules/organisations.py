"""Rules about organisations: organisation numbers and municipality numbers."""

from __future__ import annotations

from collections.abc import Iterator

from digictl.findings import Severity
from digictl.rules.registry import Context, Issue, rule


@rule(
    "orgnr",
    Severity.ERROR,
    "—",
    "organisation number passes MOD11; kommunenummer exists in the national registry",
    fix=(
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
                f"`{org.id}` has organisation number {org.orgnr}, which fails the MOD11 check "
                "digit; copy it from Enhetsregisteret",
                "orgnr",
            )
            continue
        if org.kommunenummer is None:
            continue
        m = national.municipality(org.kommunenummer)
        if m is None:
            yield Issue.of(
                org.src,
                f"`{org.id}` has kommunenummer {org.kommunenummer}, which is not a Norwegian "
                "municipality number in the national registry (2020 and 2024 lists)",
                "kommunenummer",
            )
            continue
        others = [n for n in national.numbers_named(org.name) if n != org.kommunenummer]
        if others and not national.name_matches(org.kommunenummer, org.name):
            yield Issue.of(
                org.src,
                f"`{org.id}` is named {org.name!r}, which is {others[0]} in the national "
                f"registry, but has kommunenummer {org.kommunenummer}, which is {m.name}'s; "
                "copy the number from SSB",
                "kommunenummer",
            )
            continue
        if not national.name_matches(org.kommunenummer, org.name):
            yield Issue.of(
                org.src,
                f"`{org.id}` is named {org.name!r}, but the national registry names "
                f"{org.kommunenummer} {m.name!r}",
                "name",
                severity=Severity.WARNING,
            )
        if org.orgnr is not None and m.orgnr is not None and org.orgnr != m.orgnr:
            yield Issue.of(
                org.src,
                f"`{org.id}` has organisation number {org.orgnr}, but the national registry "
                f"gives {m.orgnr} for {org.kommunenummer} {m.name}",
                "orgnr",
                severity=Severity.WARNING,
            )
