"""Rules about files themselves: they parse, match their schema, and are named by their id."""

from __future__ import annotations

from collections.abc import Iterator

from digictl.findings import Location, Severity
from digictl.load import kinds
from digictl.load.schemas import did_you_mean
from digictl.rules.registry import RULES, Context, Issue, rule


def _problems(ctx: Context, rule_id: str) -> Iterator[Issue]:
    for p in ctx.dataset.problems:
        if p.rule == rule_id:
            severity = Severity.WARNING if p.warning else None
            yield Issue(p.message, Location(p.file, p.line), p.entity, severity)


@rule(
    "yaml",
    Severity.ERROR,
    "—",
    "file parses; no duplicate keys; no anchors/aliases; no custom tags",
    fix=(
        "Open the file at the line named and correct the syntax: indent with spaces, quote "
        "values containing ': ', write each key once, remove anchors, aliases and tags."
    ),
)
def yaml_rule(ctx: Context) -> Iterator[Issue]:
    yield from _problems(ctx, "yaml")


@rule(
    "schema",
    Severity.ERROR,
    "—",
    'file matches its JSON Schema; unknown keys are errors with a "did you mean" hint',
    fix=(
        "Correct the key or value at the line named; `digictl schema KIND` shows what the "
        "file may hold, and unknown keys come with a did-you-mean."
    ),
)
def schema_rule(ctx: Context) -> Iterator[Issue]:
    yield from _problems(ctx, "schema")
    network = ctx.model.network
    if network is not None:
        for rule_id in network.rules:
            if rule_id not in RULES:
                yield Issue.of(
                    network.src,
                    f"`rules` names `{rule_id}`, which is not a digictl rule"
                    f"{did_you_mean(rule_id, RULES)}",
                    "rules",
                    rule_id,
                )


@rule(
    "id-matches-file",
    Severity.ERROR,
    "—",
    "`id` equals the file stem; ids unique per kind",
    fix=(
        "Rename the file or change `id` so they match; meetings are named <date>-<body>.yaml "
        "and years <yyyy>.yaml."
    ),
)
def id_matches_file(ctx: Context) -> Iterator[Issue]:
    seen: dict[tuple[str, str], str] = {}
    for e in ctx.dataset.entries:
        if e.doc is None:
            continue
        data = e.doc.data
        ident: str | None = None
        if e.kind is kinds.MEETING:
            when, body = data.get("date"), data.get("body")
            if isinstance(when, str) and isinstance(body, str):
                expected = f"{when}-{body}"
                if e.stem != expected:
                    yield Issue(
                        f"a meeting of `{body}` on {when} belongs in meetings/{expected}.yaml, "
                        f"not {e.stem}.yaml",
                        Location(e.rel, e.doc.line("date")),
                        e.entity,
                    )
            given = data.get("id")
            if isinstance(given, str) and given != e.stem:
                yield Issue(
                    f"`id` is `{given}`, but the file is named {e.stem}.yaml",
                    Location(e.rel, e.doc.line("id")),
                    e.entity,
                )
            ident = e.stem
        elif e.kind is kinds.YEAR:
            year = data.get("year")
            if isinstance(year, int) and not isinstance(year, bool):
                ident = str(year)
                if e.stem != ident:
                    yield Issue(
                        f"the year {year} belongs in years/{year}.yaml, not {e.stem}.yaml",
                        Location(e.rel, e.doc.line("year")),
                        e.entity,
                    )
        elif e.kind is kinds.NETWORK:
            continue
        else:
            given = data.get("id")
            if isinstance(given, str):
                ident = given
                if given != e.stem:
                    yield Issue(
                        f"`id` is `{given}`, but the file is named {e.stem}.yaml; "
                        f"rename one so they match",
                        Location(e.rel, e.doc.line("id")),
                        e.entity,
                    )
        if ident is None:
            continue
        key = (e.kind.name, ident)
        if key in seen:
            yield Issue(
                f"{e.kind.name} `{ident}` is defined twice (also in {seen[key]})",
                Location(e.rel, 1),
                e.entity,
            )
        else:
            seen[key] = e.rel
