"""`digictl import`: the rows of a CSV or XLSX table become authoring operations.

Reading refuses what is not a table digictl can read safely: a file that is neither CSV
(UTF-8, with or without a byte-order mark, `,` `;` or tab separated) nor XLSX, a workbook
whose zip entries unpack to more than ``MAX_UNPACKED`` bytes (checked before openpyxl reads
them) or that declares a DTD, a table of more than ``MAX_ROWS`` rows or ``MAX_COLUMNS``
columns. Workbooks are read with openpyxl in read-only mode with ``data_only``: a formula
is never evaluated (its cell holds the value Excel last saved, or nothing), and a text cell
that starts with ``=`` is refused as a formula.

Columns are matched by name in Norwegian or English, ignoring case, spaces, punctuation and
a unit in parentheses (``Beløp (kr)`` is ``beløp``). Each row's cells are parsed into the
values of one operation; every problem is a ``FILE:ROW: sentence`` with the row number the
spreadsheet shows, and all of them are reported together.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from digictl.author import yamldoc
from digictl.author.common import path_of
from digictl.author.workspace import Workspace
from digictl.errors import DigictlError, InputError, UsageError
from digictl.load.dates import FIRST_DAY, LAST_DAY, check_year_option
from digictl.load.national import load as registry
from digictl.load.national import slug
from digictl.load.schemas import did_you_mean
from digictl.scaffold import check_text

MAX_FILE_BYTES = 20 * 1024 * 1024  # the file as stored
MAX_UNPACKED = 64 * 1024 * 1024  # XLSX: every zip entry unpacked, together
MAX_ENTRIES = 1000  # XLSX: zip entries
MAX_ROWS = 10_000  # rows of data below the header
MAX_COLUMNS = 50
MAX_CELL = 2000  # characters in one cell
WHAT = ("parties", "members", "people", "organisations", "contributions")

Cell = str | int | float | date | None  # datetime is a date; openpyxl also gives bool, time


class TableProblems(DigictlError):
    """Problems in a table, one ``FILE:ROW: sentence`` each; nothing is written. Exit 2."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
        super().__init__(f"{lines[0]}{more}")


# --- reading a table -------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A table as read: the header and the rows below it that hold a value."""

    name: str  # the file as given on the command line
    header: tuple[str, ...]
    header_row: int
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]  # (row number the spreadsheet shows, cells)


def read_table(path: Path, sheet: str | None = None) -> Table:
    """The table in a CSV or XLSX file (the first sheet, or ``sheet``), or an InputError."""
    name = str(path)
    raw = _read_file(path, name)
    if _is_xlsx(path, raw, name):
        records = _xlsx_records(name, raw, sheet)
    else:
        if sheet is not None:
            raise UsageError(f"--sheet is for XLSX workbooks; {name} is read as CSV")
        records = _csv_records(name, raw)
    return _table(name, records)


def _read_file(path: Path, name: str) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; opened without blocking, so a
    named pipe or a device is refused rather than waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputError(f"could not be read: {exc.strerror or exc}", name) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError("this is not a file; give a .csv or .xlsx file", name)
        with os.fdopen(os.dup(fd), "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"could not be read: {exc.strerror or exc}", name) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(
            f"this file is larger than the {MAX_FILE_BYTES} bytes digictl imports "
            "(a table of parties or members is far smaller)",
            name,
        )
    return raw


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls format, and password-protected workbooks


def _is_xlsx(path: Path, raw: bytes, name: str) -> bool:
    """True for an XLSX workbook, False for CSV text; anything else is refused."""
    suffix = path.suffix.lower()
    if raw.startswith(_OLE) or suffix == ".xls":
        raise InputError(
            "this is an old-format .xls or a password-protected workbook, which digictl "
            "does not read; save it as .xlsx without a password, or as CSV UTF-8",
            name,
        )
    is_zip = raw.startswith(b"PK\x03\x04")
    if suffix in (".xlsx", ".xlsm") and not is_zip:
        raise InputError("this is not an XLSX workbook (it is not a zip archive)", name)
    if suffix in (".csv", ".tsv", ".txt") and is_zip:
        raise InputError("this is a zip archive (a workbook?), not CSV text", name)
    if suffix not in (".xlsx", ".xlsm", ".csv", ".tsv", ".txt", ""):
        raise InputError(f"digictl imports .csv and .xlsx files, not {suffix} files", name)
    return is_zip


# --- CSV --------------------------------------------------------------------------------------


def _csv_records(name: str, raw: bytes) -> list[tuple[int, list[Cell]]]:
    if b"\x00" in raw:
        raise InputError("this is not CSV text (it holds NUL bytes); save it as CSV UTF-8", name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"this is not UTF-8 text (byte {exc.start + 1}); in Excel save it as "
            '"CSV UTF-8 (kommadelt)"',
            name,
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    records: list[tuple[int, list[Cell]]] = []
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            _check_count(name, number)
            cells: list[Cell] = list(record)
            records.append((number, cells))
    except csv.Error as exc:
        raise InputError(
            f"this is not CSV a spreadsheet can read: {exc}", name, number + 1
        ) from None
    return records


def sniff_delimiter(text: str) -> str:
    """The separator of a CSV text: of ``;``, ``,`` and tab, the one its first line holds
    most often (Norwegian Excel writes ``;``, headers hold none of them); ``,`` by default."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _check_count(name: str, number: int) -> None:
    if number > MAX_ROWS + 1:
        raise InputError(
            f"this table has more than {MAX_ROWS} rows, more than digictl imports at once; "
            "split it into smaller files",
            name,
        )


# --- XLSX -------------------------------------------------------------------------------------


def _xlsx_records(name: str, raw: bytes, sheet: str | None) -> list[tuple[int, list[Cell]]]:
    check_workbook_archive(name, raw)
    import openpyxl  # heavy: only when a workbook is read

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not read
            book = openpyxl.load_workbook(
                io.BytesIO(raw), read_only=True, data_only=True, keep_links=False
            )
    except Exception as exc:  # any exception of openpyxl on a hostile file is "unreadable"
        raise InputError(f"this is not an XLSX workbook digictl can read ({exc})", name) from None
    try:
        return _sheet_records(name, _choose_sheet(name, book, sheet))
    finally:
        book.close()


def check_workbook_archive(name: str, raw: bytes) -> None:
    """Refuse a zip that is not a plausible workbook before openpyxl unpacks anything: too
    many entries, more than ``MAX_UNPACKED`` bytes unpacked (a zip bomb), or a DTD (entity
    expansion). zipfile never unpacks more than an entry declares, so the declared sizes hold."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(
            f"this is not an XLSX workbook (a broken zip archive: {exc})", name
        ) from None
    if len(entries) > MAX_ENTRIES:
        raise InputError(f"this zip archive holds {len(entries)} entries; not a workbook", name)
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNPACKED:
        raise InputError(
            f"this workbook unpacks to {unpacked} bytes, more than the {MAX_UNPACKED} digictl "
            "reads (a zip bomb, or far more than a table of parties and members)",
            name,
        )
    for entry in entries:
        if _declares_dtd(archive, entry, name):
            raise InputError(
                f"the workbook's {entry.filename} declares a DTD, which no Excel file does; "
                "digictl does not read it",
                name,
            )


def _declares_dtd(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str) -> bool:
    if not entry.filename.endswith((".xml", ".rels", ".vml")):
        return False
    tail = b""
    try:
        with archive.open(entry) as f:
            while chunk := f.read(1 << 16):
                if b"<!DOCTYPE" in tail + chunk or b"<!ENTITY" in tail + chunk:
                    return True
                tail = chunk[-16:]
    except (zipfile.BadZipFile, RuntimeError, ValueError, OSError, EOFError) as exc:
        raise InputError(
            f"the workbook's {entry.filename} cannot be unpacked ({exc})", name
        ) from None
    return False


def _choose_sheet(name: str, book: object, sheet: str | None) -> object:
    sheets = list(getattr(book, "worksheets", []))
    if not sheets:
        raise InputError("this workbook has no worksheet", name)
    if sheet is None:
        return sheets[0]
    titles = [str(s.title) for s in sheets]
    if sheet not in titles:
        raise UsageError(
            f"{name} has no sheet named {sheet!r}; its sheets are {', '.join(titles)}"
            f"{did_you_mean(sheet, titles)}"
        )
    return sheets[titles.index(sheet)]


def _sheet_records(name: str, sheet: object) -> list[tuple[int, list[Cell]]]:
    records: list[tuple[int, list[Cell]]] = []
    rows: Iterator[tuple[object, ...]] = sheet.iter_rows(  # type: ignore[attr-defined]
        min_row=1, max_col=MAX_COLUMNS + 1, values_only=True
    )
    try:
        for number, values in enumerate(rows, start=1):
            _check_count(name, number)
            if len(values) > MAX_COLUMNS and values[MAX_COLUMNS] is not None:
                raise InputError(
                    f"this sheet has more than {MAX_COLUMNS} columns; digictl imports "
                    "tables of a few named columns",
                    name,
                    number,
                )
            records.append((number, [_xlsx_cell(v) for v in values[:MAX_COLUMNS]]))
    except InputError:
        raise
    except Exception as exc:  # openpyxl parses lazily: a broken sheet fails while iterating
        raise InputError(f"this sheet cannot be read ({exc})", name) from None
    return records


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | date):
        return value
    return str(value)  # a time or a duration: text, which no column accepts as it is


# --- the table --------------------------------------------------------------------------------


def _table(name: str, records: list[tuple[int, list[Cell]]]) -> Table:
    filled = [(n, _trimmed(cells)) for n, cells in records]
    filled = [(n, cells) for n, cells in filled if cells]
    if not filled:
        raise InputError("this table is empty; its first row names the columns", name)
    header_row, header = filled[0]
    names = tuple("" if c is None else str(c).strip() for c in header)
    return Table(name, names, header_row, tuple((n, tuple(c)) for n, c in filled[1:]))


def _trimmed(cells: list[Cell]) -> list[Cell]:
    out = [None if isinstance(c, str) and not c.strip() else c for c in cells]
    while out and out[-1] is None:
        out.pop()
    return out


# --- parsing cells ----------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read as its column's value; the message is the end of a sentence."""


_FORMULA = "="


def parse_text(cell: Cell) -> str:
    """A text cell: stripped and NFC-normalised; no control characters, no formula."""
    if isinstance(cell, bool | float | date):
        raise CellError(f"holds {_shown(cell)}, not text")
    text = unicodedata.normalize("NFC", str(cell).strip())
    if len(text) > MAX_CELL:
        raise CellError(f"holds {len(text)} characters, more than the {MAX_CELL} digictl takes")
    if text.startswith(_FORMULA):
        raise CellError(
            f"holds a formula ({_short(text)}), which digictl does not evaluate; "
            "type the value itself"
        )
    try:
        return check_text("the cell", text)
    except UsageError as exc:
        raise CellError(str(exc).removeprefix("the cell ")) from None


_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", re.ASCII)
_YMD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)


def parse_day(cell: Cell) -> date:
    """A date: an Excel date cell (no time of day), ``YYYY-MM-DD`` or ``dd.mm.yyyy``."""
    if isinstance(cell, datetime):
        if cell.time() != datetime.min.time():
            raise CellError(f"holds a time of day ({cell.isoformat(sep=' ')}); give the date alone")
        day = cell.date()
    elif isinstance(cell, date):
        day = cell
    elif isinstance(cell, str):
        day = _day_of_text(parse_text(cell))
    else:
        raise CellError(
            f"holds the number {_shown(cell)}, not a date; format the cell as a date, "
            "or write it 31.12.2025 or 2025-12-31"
        )
    if not FIRST_DAY <= day <= LAST_DAY:
        raise CellError(f"holds {day.isoformat()}, outside the dates digictl handles")
    return day


def _day_of_text(text: str) -> date:
    if m := _YMD.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _DMY.match(text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    else:
        raise CellError(f"holds {_short(text)!r}, not a date written 31.12.2025 or 2025-12-31")
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"holds {text!r}, which is not a date in the calendar") from None


# Norwegian amounts: "1 250 000", "1.250.000", "kr 1 250 000", "1 250 000,-", "NOK 5000"
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_GROUPED = re.compile(r"^\d{1,3}(?:( |\.)\d{3})(?:\1\d{3})*$", re.ASCII)
_DIGITS = re.compile(r"^\d{1,15}$", re.ASCII)


def parse_amount(cell: Cell) -> int:
    """Whole kroner, not negative: a number cell without decimals, or text such as
    ``1 250 000``, ``1.250.000``, ``kr 1 250 000`` or ``1 250 000,-``."""
    if isinstance(cell, bool | date) or cell is None:
        raise CellError(f"holds {_shown(cell)}, not an amount")
    if isinstance(cell, float):
        if not cell.is_integer():
            raise CellError(f"holds {cell}, with decimals; amounts are whole kroner")
        cell = int(cell)
    amount = cell if isinstance(cell, int) else _amount_of_text(parse_text(cell))
    if amount < 0:
        raise CellError(f"holds {amount}, a negative amount")
    if amount >= 10**15:
        raise CellError(f"holds {amount}, more kroner than any budget")
    return amount


def _amount_of_text(text: str) -> int:
    bare = text.casefold()
    for prefix in ("kr.", "kr", "nok"):
        bare = bare.removeprefix(prefix)
    bare = _SPACES.sub(" ", bare).strip().removesuffix(",-").removesuffix(",–").rstrip()
    if bare.startswith("-") and _DIGITS.match(bare[1:].replace(" ", "")):
        raise CellError(f"holds {text!r}, a negative amount")
    if _GROUPED.match(bare):
        bare = bare.replace(".", "").replace(" ", "")
    if not _DIGITS.match(bare):
        if re.fullmatch(r"[\d.]*[.,]\d*", bare):
            raise CellError(f"holds {text!r}, with decimals; amounts are whole kroner")
        raise CellError(f"holds {text!r}, not an amount in whole kroner such as 1 250 000")
    return int(bare)


def _shown(cell: Cell) -> str:
    if cell is None:
        return "nothing"
    if isinstance(cell, date):
        return f"the date {cell.isoformat()}"
    return repr(cell) if isinstance(cell, str) else str(cell)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


_KOMMUNENUMMER = re.compile(r"^\d{4}$", re.ASCII)
_DECISION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$", re.ASCII)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
ROLES = {
    "chair": "chair",
    "leder": "chair",
    "leiar": "chair",
    "member": "member",
    "medlem": "member",
    "observer": "observer",
    "observatør": "observer",
    "deputy": "deputy",
    "vara": "deputy",
    "varamedlem": "deputy",
}


def parse_kommunenummer(cell: Cell) -> str:
    """A kommunenummer: four digits; a number cell that lost its leading zero (301) is 0301."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, int) and not isinstance(cell, bool) and 0 < cell < 10_000:
        return f"{cell:04d}"
    text = parse_text(cell)
    if text.isascii() and text.isdigit() and len(text) < 4:
        text = text.zfill(4)
    if not _KOMMUNENUMMER.match(text):
        raise CellError(f"holds {text!r}, not a kommunenummer of four digits such as 4631")
    return text


def parse_decision(cell: Cell) -> str:
    """A decision id as numbered in a meeting file, e.g. PS-2021-07."""
    text = parse_text(cell)
    if not _DECISION.match(text):
        raise CellError(
            f"holds {text!r}, not a decision id such as PS-2021-07 (letters, digits, . _ / -)"
        )
    return text


def parse_email(cell: Cell) -> str:
    text = parse_text(cell)
    if not _EMAIL.match(text):
        raise CellError(f"holds {text!r}, not an e-mail address")
    return text


def parse_role(cell: Cell) -> str:
    text = parse_text(cell)
    role = ROLES.get(text.casefold())
    if role is None:
        raise CellError(f"holds {text!r}; a role is chair, member, observer or deputy")
    return role


def parse_years(cell: Cell) -> int:
    years = parse_amount(cell)
    if not 1 <= years <= 100:
        raise CellError(f"holds {years}, not a term of 1 to 100 years")
    return years


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
                problems.append((number, f"{table.header[index]} {exc}"))
                continue
            if value is not None:
                values[column.key] = value
        if len(problems) == bad:
            out.append(Values(number, values))
    return out, problems


def _read_cell(column: Column, cell: Cell) -> object:
    if cell is None:
        if column.required:
            raise CellError("is empty")
        return None
    return column.parse(cell)


def _match_columns(table: Table, what: str) -> dict[int, Column]:
    wanted = COLUMNS[what]
    by_name = {header_key(n): c for c in wanted for n in c.names}
    where = f"{table.name}:{table.header_row}"
    found: dict[int, Column] = {}
    problems: list[str] = []
    width = max([len(table.header)] + [len(cells) for _, cells in table.rows])
    for index in range(width):
        name = table.header[index] if index < len(table.header) else ""
        column = by_name.get(header_key(name))
        if column is None:
            problems += _unknown_column(table, index, what)
        elif column in found.values():
            first = table.header[next(i for i, c in found.items() if c is column)]
            problems.append(
                f"{where}: the columns {first!r} and {name!r} both give {column.names[0]}; keep one"
            )
        else:
            found[index] = column
    for column in wanted:
        if column.required and column not in found.values():
            problems.append(
                f"{where}: the table has no column {column.shown()}; --what {what} needs "
                f"{', '.join(c.names[0] for c in wanted if c.required)}"
            )
    if problems:
        raise TableProblems(problems)
    return found


def _unknown_column(table: Table, index: int, what: str) -> list[str]:
    name = table.header[index] if index < len(table.header) else ""
    where = f"{table.name}:{table.header_row}"
    if not name:
        if any(index < len(cells) and cells[index] is not None for _, cells in table.rows):
            return [f"{where}: column {index + 1} holds values but has no name in the header"]
        return []
    accepted = "; ".join(c.shown() for c in COLUMNS[what])
    return [
        f"{where}: digictl does not import a column {name!r} for --what {what}; "
        f"the columns it takes are {accepted}"
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
        raise UsageError(f"--what takes one of {', '.join(WHAT)}, not {options.what!r}")
    options = _checked_options(ws, options)
    table = read_table(path, sheet)
    rows, problems = read_rows(table, options.what)
    if not rows and not problems:
        raise InputError("this table has a header but no rows below it", table.name)
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
        if len(agreements) != 1:
            raise UsageError(
                "--what parties needs --agreement (the agreements: "
                f"{', '.join(agreements) or 'none yet'})"
            )
        return replace(options, agreement=agreements[0])
    if options.what == "members" and options.body is None:
        bodies = ", ".join(sorted(ws.model().bodies)) or "none yet"
        raise UsageError(f"--what members needs --body (the bodies: {bodies})")
    if options.what == "contributions":
        if options.year is None:
            raise UsageError("--what contributions needs --year, the year the amounts are for")
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


def _person(ws: Workspace, values: dict[str, object], _: Options) -> None:
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


def _organisation(ws: Workspace, values: dict[str, object], _: Options) -> None:
    from digictl.author.orgs import add_municipality

    number = str(values["number"])
    name = values.get("name")
    if name is not None and not registry().name_matches(number, str(name)):
        known = registry().municipality(number)
        raise UsageError(
            f"{number} is {known.name if known else 'no municipality in the registry'}, "
            f"not {name}; check the number"
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
                f"`{org}` already has a contribution for {options.year} "
                f"({entry.get('amount')}); change {ws.shown(path_of('year', str(options.year)))}"
                " instead"
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
        raise UsageError(f"`programme_office` in {ws.shown(rel)} is not a mapping; fix it first")
    found = office.get("contributions")
    if found is None:
        yamldoc.put(office, "programme_office", "contributions", CommentedSeq())
        found = office["contributions"]
    if not isinstance(found, CommentedSeq):
        raise UsageError(f"`contributions` in {ws.shown(rel)} is not a list; fix it first")
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
            f"no organisation has kommunenummer {number} in {ws.shown('organisations')}; "
            f"add it first (digictl org add {number})"
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
        raise UsageError(f"{text!r} names several organisations ({', '.join(found)}); use the id")
    raise UsageError(
        f"there is no organisation {text!r} in {ws.shown('organisations')}"
        f"{did_you_mean(text, set(orgs) | {o.name for o in orgs.values()})}"
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
        raise UsageError(f"{text!r} names several people ({', '.join(found)}); use the id")
    raise UsageError(
        f"there is no person {text!r} in {ws.shown('people')}; add them first "
        f"(digictl person add, or import --what people){did_you_mean(text, set(people))}"
    )
