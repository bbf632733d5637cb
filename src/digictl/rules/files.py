"""Rules about files themselves: they parse, match their schema, and are named by their id."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from datetime import date

from digictl.findings import Location, Severity
from digictl.i18n import N_, _
from digictl.load import kinds
from digictl.load.dataset import Entry
from digictl.rules.registry import RULES, Context, Issue, rule
from digictl.suggest import closest


def _problems(ctx: Context, rule_id: str) -> Iterator[Issue]:
    for p in ctx.dataset.problems:
        if p.rule == rule_id:
            severity = Severity.WARNING if p.warning else None
            yield Issue(p.message, Location(p.file, p.line), p.entity, severity)


@rule(
    "yaml",
    Severity.ERROR,
    "—",
    N_("file parses; no duplicate keys; no anchors/aliases; no custom tags"),
    fix=N_(
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
    N_('file matches its JSON Schema; unknown keys are errors with a "did you mean" hint'),
    fix=N_(
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
                yield Issue.of(network.src, _unknown_rule(rule_id), "rules", rule_id)


def _unknown_rule(rule_id: str) -> str:
    match = closest(rule_id, RULES)
    if match:
        return _(
            "`rules` names `{rule}`, which is not a digictl rule; did you mean `{match}`?",
            rule=rule_id,
            match=match,
        )
    return _("`rules` names `{rule}`, which is not a digictl rule", rule=rule_id)


@rule(
    "id-matches-file",
    Severity.ERROR,
    "—",
    N_("`id` equals the file stem; ids unique per kind"),
    fix=N_(
        "Rename the file or change `id` so they match; meetings are named <date>-<body>.yaml "
        "and years <yyyy>.yaml."
    ),
)
def id_matches_file(ctx: Context) -> Iterator[Issue]:
    seen: dict[tuple[str, str], str] = {}
    for e in ctx.dataset.entries:
        if e.doc is None or e.kind is kinds.NETWORK:
            continue
        if e.kind is kinds.MEETING:
            yield from _meeting_named(e)
            ident: str | None = e.stem
        elif e.kind is kinds.YEAR:
            ident = yield from _year_named(e)
        else:
            ident = yield from _entity_named(e)
        if ident is None:
            continue
        key = (e.kind.name, ident)
        if key in seen:
            yield Issue(_twice(e.kind.name, ident, seen[key]), Location(e.rel, 1), e.entity)
        else:
            seen[key] = e.rel


def _meeting_named(e: Entry) -> Iterator[Issue]:
    """A meeting file is named <date>-<body>.yaml, and its `id` (if any) is that name."""
    assert e.doc is not None
    data = e.doc.data
    when, body = data.get("date"), data.get("body")
    if isinstance(when, str) and isinstance(body, str):
        expected = f"{when}-{body}"
        if e.stem != expected:
            message = _(
                "a meeting of `{body}` on {day} belongs in meetings/{expected}.yaml, not "
                "{file}.yaml",
                body=body,
                day=_as_date(when),
                expected=expected,
                file=e.stem,
            )
            yield Issue(message, Location(e.rel, e.doc.line("date")), e.entity)
    given = data.get("id")
    if isinstance(given, str) and given != e.stem:
        message = _("`id` is `{id}`, but the file is named {file}.yaml", id=given, file=e.stem)
        yield Issue(message, Location(e.rel, e.doc.line("id")), e.entity)


def _year_named(e: Entry) -> Generator[Issue, None, str | None]:
    """A year's file is named <yyyy>.yaml; returns the year's id (None when it has none)."""
    assert e.doc is not None
    year = e.doc.data.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        return None
    if e.stem != str(year):
        message = _(
            "the year {year} belongs in years/{year}.yaml, not {file}.yaml", year=year, file=e.stem
        )
        yield Issue(message, Location(e.rel, e.doc.line("year")), e.entity)
    return str(year)


def _entity_named(e: Entry) -> Generator[Issue, None, str | None]:
    """Any other file is named by its `id`; returns the id (None when it has none)."""
    assert e.doc is not None
    given = e.doc.data.get("id")
    if not isinstance(given, str):
        return None
    if given != e.stem:
        message = _(
            "`id` is `{id}`, but the file is named {file}.yaml; rename one so they match",
            id=given,
            file=e.stem,
        )
        yield Issue(message, Location(e.rel, e.doc.line("id")), e.entity)
    return given


# an id defined twice, by kind (the network is one file: it cannot be)
_TWICE = {
    "organisation": N_("organisation `{id}` is defined twice (also in {file})"),
    "person": N_("person `{id}` is defined twice (also in {file})"),
    "agreement": N_("agreement `{id}` is defined twice (also in {file})"),
    "body": N_("body `{id}` is defined twice (also in {file})"),
    "meeting": N_("meeting `{id}` is defined twice (also in {file})"),
    "project": N_("project `{id}` is defined twice (also in {file})"),
    "year": N_("year `{id}` is defined twice (also in {file})"),
}


def _twice(kind: str, ident: str, first: str) -> str:
    if kind in _TWICE:
        return _(_TWICE[kind], id=ident, file=first)
    # Translators: {kind} is the kind of file, as digictl names it (organisation, person, ...)
    return _("{kind} `{id}` is defined twice (also in {file})", kind=kind, id=ident, file=first)


def _as_date(text: str) -> date | str:
    """A date written in a file, as a date to show in the reader's language (or as written,
    when it is no date)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text
