"""`digictl import`: the rows of a table (see ``tables``) become authoring operations.

Columns are matched by name in Norwegian or English, ignoring case, spaces, punctuation and
a unit in parentheses (``Beløp (kr)`` is ``beløp``). Each row's cells are parsed (``cells``)
into the values of one operation; every problem is a ``FILE:ROW: sentence`` with the row
number the spreadsheet shows, and all of them are reported together.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from digictl.author import yamldoc
from digictl.author.cells import (
    CellError,
    parse_amount,
    parse_day,
    parse_decision,
    parse_email,
    parse_kommunenummer,
    parse_role,
    parse_text,
    parse_years,
)
from digictl.author.common import path_of
from digictl.author.tables import Cell, Table, TableProblems, read_table
from digictl.author.workspace import Workspace
from digictl.errors import DigictlError, InputError, UsageError
from digictl.i18n import N_, _
from digictl.load.dates import check_year_option
from digictl.load.national import load as registry
from digictl.load.national import slug
from digictl.load.schemas import did_you_mean

WHAT = ("parties", "members", "people", "organisations", "contributions")

# --- columns ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column digictl imports: the key of its value, the header names it goes by (the
    first is the one messages use) and how its cells are read."""

    key: str
    names: tuple[str, ...]
    parse: Callable[[Cell], object]
    required: bool = True

    def shown(self) -> str:
        return f"{self.names[0]} ({', '.join(self.names[1:])})" if self.names[1:] else self.names[0]


_ORG = (
    "org",
    "organisasjon",
    "organisation",
    "kommune",
    "kommunenummer",
    "kommunenr",
    "part",
    "party",
)
COLUMNS: dict[str, tuple[Column, ...]] = {
    "parties": (
        Column("org", _ORG, parse_text),
        Column(
            "date", ("dato", "date", "tiltredt", "tiltreding", "joined", "fra", "from"), parse_day
        ),
        Column("decision", ("vedtak", "decision", "sak"), parse_text),
        Column("until", ("til", "until"), parse_day, required=False),
    ),
    "members": (
        Column("person", ("person", "navn", "name", "medlem", "member"), parse_text),
        Column("seat", ("sete", "seat", "plass"), parse_text),
        Column("from", ("fra", "from", "dato", "date", "tiltredt", "joined"), parse_day),
        Column("decision", ("vedtak", "decision", "oppnevnt", "appointed by"), parse_decision),
        Column("role", ("rolle", "role"), parse_role, required=False),
        Column("until", ("til", "until"), parse_day, required=False),
        Column("term_years", ("periode", "term years", "år"), parse_years, required=False),
    ),
    "people": (
        Column("id", ("id",), parse_text, required=False),
        Column("name", ("navn", "name"), parse_text),
        Column("org", _ORG, parse_text),
        Column("title", ("tittel", "title", "stilling"), parse_text, required=False),
        Column("email", ("e-post", "email", "e-mail", "epost"), parse_email, required=False),
    ),
    "organisations": (
        Column(
            "number", ("kommunenummer", "kommunenr", "nummer", "number", "knr"), parse_kommunenummer
        ),
        Column("name", ("navn", "name", "kommune"), parse_text, required=False),
        Column("region", ("region",), parse_text, required=False),
    ),
    "contributions": (
        Column("org", _ORG, parse_text),
        Column("amount", ("beløp", "belop", "amount", "tilskudd", "sum"), parse_amount),
        Column("agreed", ("avtalt", "agreed", "dato", "date"), parse_day, required=False),
    ),
}


def header_key(text: str) -> str:
    """A header as matched: case, spaces, punctuation and a unit in parentheses ignored."""
    text = re.sub(r"\([^)]*\)", "", unicodedata.normalize("NFC", text))
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@dataclass(frozen=True)
class Values:
    """One row's values, keyed as the operation takes them."""

    row: int
    values: dict[str, object]


def rows_of(table: Table, what: str) -> list[Values]:
    """Every row of ``table`` read as ``what``; TableProblems lists every column and cell
    that cannot be read, each as ``FILE:ROW: sentence``."""
    rows, problems = read_rows(table, what)
    if problems:
        raise TableProblems([f"{table.name}:{row}: {message}" for row, message in problems])
    return rows


def read_rows(table: Table, what: str) -> tuple[list[Values], list[tuple[int, str]]]:
    """The rows whose every cell reads as ``what`` wants, and (row, sentence) for each cell
    that does not; TableProblems when the columns themselves are wrong."""
    columns = _match_columns(table, what)
    problems: list[tuple[int, str]] = []
    out: list[Values] = []
    for number, cells in table.rows:
        values: dict[str, object] = {}
        bad = len(problems)
        for index, column in columns.items():
            cell = cells[index] if index < len(cells) else None
            try:
                value = _read_cell(column, cell)
            except CellError as exc:
                problems.append((number, exc.told(table.header[index])))
                continue
            if value is not None:
                values[column.key] = value
        if len(problems) == bad:
            out.append(Values(number, values))
    return out, problems


def _read_cell(column: Column, cell: Cell) -> object:
    if cell is None:
        if column.required:
            raise CellError(N_("{column} is empty"))
        return None
    return column.parse(cell)


def _match_columns(table: Table, what: str) -> dict[int, Column]:
    wanted = COLUMNS[what]
    by_name = {header_key(n): c for c in wanted for n in c.names}
    where = f"{table.name}:{table.header_row}"
    found: dict[int, Column] = {}
    problems: list[str] = []
    width = max([len(table.header)] + [len(cells) for _row, cells in table.rows])
    for index in range(width):
        name = table.header[index] if index < len(table.header) else ""
        column = by_name.get(header_key(name))
        if column is None:
            problems += _unknown_column(table, index, what)
        elif column in found.values():
            first = table.header[next(i for i, c in found.items() if c is column)]
            problems.append(
                f"{where}: "
                + _(
                    "the columns {first!r} and {second!r} both give {column}; keep one",
                    first=first,
                    second=name,
                    column=column.names[0],
                )
            )
        else:
            found[index] = column
    for column in wanted:
        if column.required and column not in found.values():
            problems.append(
                f"{where}: "
                + _(
                    "the table has no column {column}; --what {what} needs {needed}",
                    column=column.shown(),
                    what=what,
                    needed=", ".join(c.names[0] for c in wanted if c.required),
                )
            )
    if problems:
        raise TableProblems(problems)
    return found


def _unknown_column(table: Table, index: int, what: str) -> list[str]:
    name = table.header[index] if index < len(table.header) else ""
    where = f"{table.name}:{table.header_row}"
    if not name:
        if any(index < len(cells) and cells[index] is not None for _row, cells in table.rows):
            return [
                f"{where}: "
                + _("column {number} holds values but has no name in the header", number=index + 1)
            ]
        return []
    accepted = "; ".join(c.shown() for c in COLUMNS[what])
    return [
        f"{where}: "
        + _(
            "digictl does not import a column {name!r} for --what {what}; "
            "the columns it takes are {accepted}",
            name=name,
            what=what,
            accepted=accepted,
        )
    ]


# --- rows become operations -------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """What the rows are and where they go: ``--what`` and the command's options."""

    what: str
    agreement: str | None = None  # parties
    body: str | None = None  # members
    year: int | None = None  # contributions


def import_table(ws: Workspace, path: Path, options: Options, sheet: str | None = None) -> int:
    """Apply every row of the table at ``path`` to ``ws`` as ``options.what``; nothing is
    written here (the caller commits once). Returns the number of rows. TableProblems lists
    every column, cell and row that cannot be imported."""
    if options.what not in COLUMNS:
        raise UsageError(
            _(
                "--what takes one of {choices}, not {value!r}",
                choices=", ".join(WHAT),
                value=options.what,
            )
        )
    options = _checked_options(ws, options)
    table = read_table(path, sheet)
    rows, problems = read_rows(table, options.what)
    if not rows and not problems:
        raise InputError(_("this table has a header but no rows below it"), table.name)
    operation = _OPERATIONS[options.what]
    for row in rows:
        try:
            operation(ws, row.values, options)
        except DigictlError as exc:
            problems.append((row.row, str(exc)))
    if problems:
        problems.sort(key=lambda p: p[0])  # stable: a row's cells in the order of the columns
        raise TableProblems([f"{table.name}:{row}: {message}" for row, message in problems])
    return len(rows)


def _checked_options(ws: Workspace, options: Options) -> Options:
    """The options ``what`` needs, checked; the one agreement is the default for parties."""
    if options.what == "parties" and options.agreement is None:
        agreements = sorted(ws.model().agreements)
        if not agreements:
            raise UsageError(_("--what parties needs --agreement (there is no agreement yet)"))
        if len(agreements) != 1:
            raise UsageError(
                _(
                    "--what parties needs --agreement (the agreements: {agreements})",
                    agreements=", ".join(agreements),
                )
            )
        return replace(options, agreement=agreements[0])
    if options.what == "members" and options.body is None:
        bodies = ", ".join(sorted(ws.model().bodies))
        if not bodies:
            raise UsageError(_("--what members needs --body (there is no body yet)"))
        raise UsageError(_("--what members needs --body (the bodies: {bodies})", bodies=bodies))
    if options.what == "contributions":
        if options.year is None:
            raise UsageError(_("--what contributions needs --year, the year the amounts are for"))
        check_year_option(options.year)
    return options


def _party(ws: Workspace, values: dict[str, object], options: Options) -> None:
    from digictl.author.parties import join

    assert options.agreement is not None
    org = resolve_org(ws, str(values["org"]))
    join(ws, org, options.agreement, _day(values["date"]), str(values["decision"]))
    if "until" in values:
        entry = ws.edit(path_of("agreement", options.agreement))["parties"][-1]
        yamldoc.put(entry, "party", "until", _day(values["until"]))


def _member(ws: Workspace, values: dict[str, object], options: Options) -> None:
    from digictl.author.members import appoint

    assert options.body is not None
    appoint(
        ws,
        resolve_person(ws, str(values["person"])),
        options.body,
        str(values["seat"]),
        _day(values["from"]),
        str(values["decision"]),
        role=str(values.get("role", "member")),
        term_years=_int_or_none(values.get("term_years")),
        until=_day(values["until"]) if "until" in values else None,
    )


def _person(ws: Workspace, values: dict[str, object], _options: Options) -> None:
    from digictl.author.people import add_person

    name = str(values["name"])
    person = str(values["id"]) if "id" in values else slug(name)
    title, email = values.get("title"), values.get("email")
    add_person(
        ws,
        person,
        name,
        resolve_org(ws, str(values["org"])),
        title=None if title is None else str(title),
        email=None if email is None else str(email),
    )


def _organisation(ws: Workspace, values: dict[str, object], _options: Options) -> None:
    from digictl.author.orgs import add_municipality

    number = str(values["number"])
    name = values.get("name")
    if name is not None and not registry().name_matches(number, str(name)):
        known = registry().municipality(number)
        if known is None:
            raise UsageError(
                _(
                    "{number} is no municipality in the registry, not {name}; check the number",
                    number=number,
                    name=name,
                )
            )
        raise UsageError(
            _(
                "{number} is {known}, not {name}; check the number",
                number=number,
                known=known.name,
                name=name,
            )
        )
    region = values.get("region")
    add_municipality(ws, number, None if region is None else str(region))


def _contribution(ws: Workspace, values: dict[str, object], options: Options) -> None:
    assert options.year is not None
    org = resolve_org(ws, str(values["org"]))
    contributions = _contributions(ws, options.year)
    for entry in contributions:
        if isinstance(entry, CommentedMap) and entry.get("org") == org:
            raise UsageError(
                _(
                    "`{org}` already has a contribution for {year} ({amount}); "
                    "change {file} instead",
                    org=org,
                    year=options.year,
                    amount=entry.get("amount"),
                    file=ws.shown(path_of("year", str(options.year))),
                )
            )
    entry = CommentedMap()
    entry["org"] = org
    entry["amount"] = values["amount"]
    if "agreed" in values:
        entry["agreed"] = _day(values["agreed"])
    last = contributions[-1] if contributions else None
    if isinstance(last, CommentedMap) and last.fa.flow_style():
        entry.fa.set_flow_style()  # as the entries above it: {org: x, amount: 1, agreed: ...}
    contributions.append(entry)


def _contributions(ws: Workspace, year: int) -> CommentedSeq:
    """The contributions list of the year's file, created (with the file) when missing."""
    from digictl.author.years import new_year

    rel = path_of("year", str(year))
    if not ws.exists(rel):
        new_year(ws, year)
    doc = ws.edit(rel)
    office = doc.get("programme_office")
    if office is None:
        office = yamldoc.new_map("programme_office", {})
        yamldoc.put(doc, "year", "programme_office", office)
        office = doc["programme_office"]
    if not isinstance(office, CommentedMap):
        raise UsageError(
            _("`programme_office` in {file} is not a mapping; fix it first", file=ws.shown(rel))
        )
    found = office.get("contributions")
    if found is None:
        yamldoc.put(office, "programme_office", "contributions", CommentedSeq())
        found = office["contributions"]
    if not isinstance(found, CommentedSeq):
        raise UsageError(
            _("`contributions` in {file} is not a list; fix it first", file=ws.shown(rel))
        )
    return found


_OPERATIONS: dict[str, Callable[[Workspace, dict[str, object], Options], None]] = {
    "parties": _party,
    "members": _member,
    "people": _person,
    "organisations": _organisation,
    "contributions": _contribution,
}


def _day(value: object) -> date:
    assert isinstance(value, date)
    return value


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) else None


# --- references: an id, a kommunenummer or a name ---------------------------------------------


def resolve_org(ws: Workspace, text: str) -> str:
    """The id of the organisation a cell names: by id, by kommunenummer (301 is 0301), by
    organisation number or by name (a municipality's registered names included); else a
    UsageError with a hint."""
    orgs = ws.model().organisations
    if text in orgs or text in ws.created("organisations"):
        return text
    if text.isascii() and text.isdigit() and len(text) <= 4:
        number = text.zfill(4)
        found = [o.id for o in orgs.values() if o.kommunenummer == number]
        if found:
            return found[0]
        raise UsageError(
            _(
                "no organisation has kommunenummer {number} in {folder}; "
                "add it first (digictl org add {number})",
                number=number,
                folder=ws.shown("organisations"),
            )
        )
    by_orgnr = [o.id for o in orgs.values() if o.orgnr is not None and o.orgnr == text]
    return by_orgnr[0] if by_orgnr else _org_named(ws, text)


def _org_named(ws: Workspace, text: str) -> str:
    orgs = ws.model().organisations
    numbers = set(registry().numbers_named(text))
    wanted = text.casefold()
    found = sorted(
        o.id
        for o in orgs.values()
        if wanted in (o.name.casefold(), (o.name_nn or "").casefold())
        or (o.kommunenummer is not None and o.kommunenummer in numbers)
    )
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(
            _(
                "{text!r} names several organisations ({ids}); use the id",
                text=text,
                ids=", ".join(found),
            )
        )
    raise UsageError(
        _(
            "there is no organisation {text!r} in {folder}{hint}",
            text=text,
            folder=ws.shown("organisations"),
            hint=did_you_mean(text, set(orgs) | {o.name for o in orgs.values()}),
        )
    )


def resolve_person(ws: Workspace, text: str) -> str:
    """The id of the person a cell names: by id or by full name; else a UsageError."""
    people = ws.model().people
    if text in people or text in ws.created("people"):
        return text
    wanted = " ".join(text.casefold().split())
    found = sorted(p.id for p in people.values() if " ".join(p.name.casefold().split()) == wanted)
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(
            _("{text!r} names several people ({ids}); use the id", text=text, ids=", ".join(found))
        )
    raise UsageError(
        _(
            "there is no person {text!r} in {folder}; add them first "
            "(digictl person add, or import --what people){hint}",
            text=text,
            folder=ws.shown("people"),
            hint=did_you_mean(text, set(people)),
        )
    )
