"""Reading a table for `digictl import`: CSV or XLSX, safely.

Reading refuses what is not a table digictl can read safely: a file that is neither CSV
(UTF-8, with or without a byte-order mark, `,` `;` or tab separated) nor XLSX, a workbook
whose zip entries unpack to more than ``MAX_UNPACKED`` bytes (checked before openpyxl reads
them) or that declares a DTD, a table of more than ``MAX_ROWS`` rows or ``MAX_COLUMNS``
columns. Workbooks are read with openpyxl in read-only mode with ``data_only``: a formula
is never evaluated (its cell holds the value Excel last saved, or nothing).
"""

from __future__ import annotations

import csv
import io
import os
import stat
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from digictl.errors import DigictlError, InputError, UsageError
from digictl.i18n import _, ngettext
from digictl.load.schemas import did_you_mean

MAX_FILE_BYTES = 20 * 1024 * 1024  # the file as stored
MAX_UNPACKED = 64 * 1024 * 1024  # XLSX: every zip entry unpacked, together
MAX_ENTRIES = 1000  # XLSX: zip entries
MAX_ROWS = 10_000  # rows of data below the header
MAX_COLUMNS = 50
MAX_CELL = 2000  # characters in one cell

Cell = str | int | float | date | None  # datetime is a date; openpyxl also gives bool, time


class TableProblems(DigictlError):
    """Problems in a table, one ``FILE:ROW: sentence`` each; nothing is written. Exit 2."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        if len(lines) > 1:
            more = len(lines) - 1
            super().__init__(
                ngettext("{first} (and {n} more)", "{first} (and {n} more)", more, first=lines[0])
            )
        else:
            super().__init__(lines[0])


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
            raise UsageError(_("--sheet is for XLSX workbooks; {file} is read as CSV", file=name))
        records = _csv_records(name, raw)
    return _table(name, records)


def _read_file(path: Path, name: str) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; opened without blocking, so a
    named pipe or a device is refused rather than waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputError(
            _("could not be read: {reason}", reason=exc.strerror or exc), name
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(_("this is not a file; give a .csv or .xlsx file"), name)
        with os.fdopen(os.dup(fd), "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(
            _("could not be read: {reason}", reason=exc.strerror or exc), name
        ) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(
            _(
                "this file is larger than the {most} bytes digictl imports "
                "(a table of parties or members is far smaller)",
                most=MAX_FILE_BYTES,
            ),
            name,
        )
    return raw


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls format, and password-protected workbooks


def _is_xlsx(path: Path, raw: bytes, name: str) -> bool:
    """True for an XLSX workbook, False for CSV text; anything else is refused."""
    suffix = path.suffix.lower()
    if raw.startswith(_OLE) or suffix == ".xls":
        raise InputError(
            _(
                "this is an old-format .xls or a password-protected workbook, which digictl "
                "does not read; save it as .xlsx without a password, or as CSV UTF-8"
            ),
            name,
        )
    is_zip = raw.startswith(b"PK\x03\x04")
    if suffix in (".xlsx", ".xlsm") and not is_zip:
        raise InputError(_("this is not an XLSX workbook (it is not a zip archive)"), name)
    if suffix in (".csv", ".tsv", ".txt") and is_zip:
        raise InputError(_("this is a zip archive (a workbook?), not CSV text"), name)
    if suffix not in (".xlsx", ".xlsm", ".csv", ".tsv", ".txt", ""):
        raise InputError(
            _("digictl imports .csv and .xlsx files, not {suffix} files", suffix=suffix), name
        )
    return is_zip


# --- CSV --------------------------------------------------------------------------------------


def _csv_records(name: str, raw: bytes) -> list[tuple[int, list[Cell]]]:
    if b"\x00" in raw:
        raise InputError(_("this is not CSV text (it holds NUL bytes); save it as CSV UTF-8"), name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            _(
                'this is not UTF-8 text (byte {byte}); in Excel save it as "CSV UTF-8 (kommadelt)"',
                byte=exc.start + 1,
            ),
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
            _("this is not CSV a spreadsheet can read: {reason}", reason=exc), name, number + 1
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
            _(
                "this table has more than {most} rows, more than digictl imports at once; "
                "split it into smaller files",
                most=MAX_ROWS,
            ),
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
        raise InputError(
            _("this is not an XLSX workbook digictl can read ({reason})", reason=exc), name
        ) from None
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
            _("this is not an XLSX workbook (a broken zip archive: {reason})", reason=exc), name
        ) from None
    if len(entries) > MAX_ENTRIES:
        raise InputError(
            _("this zip archive holds {count} entries; not a workbook", count=len(entries)), name
        )
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNPACKED:
        raise InputError(
            _(
                "this workbook unpacks to {size} bytes, more than the {most} digictl "
                "reads (a zip bomb, or far more than a table of parties and members)",
                size=unpacked,
                most=MAX_UNPACKED,
            ),
            name,
        )
    for entry in entries:
        if _declares_dtd(archive, entry, name):
            raise InputError(
                _(
                    "the workbook's {entry} declares a DTD, which no Excel file does; "
                    "digictl does not read it",
                    entry=entry.filename,
                ),
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
            _(
                "the workbook's {entry} cannot be unpacked ({reason})",
                entry=entry.filename,
                reason=exc,
            ),
            name,
        ) from None
    return False


def _choose_sheet(name: str, book: object, sheet: str | None) -> object:
    sheets = list(getattr(book, "worksheets", []))
    if not sheets:
        raise InputError(_("this workbook has no worksheet"), name)
    if sheet is None:
        return sheets[0]
    titles = [str(s.title) for s in sheets]
    if sheet not in titles:
        raise UsageError(
            _(
                "{file} has no sheet named {sheet!r}; its sheets are {sheets}{hint}",
                file=name,
                sheet=sheet,
                sheets=", ".join(titles),
                hint=did_you_mean(sheet, titles),
            )
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
                    _(
                        "this sheet has more than {most} columns; digictl imports "
                        "tables of a few named columns",
                        most=MAX_COLUMNS,
                    ),
                    name,
                    number,
                )
            records.append((number, [_xlsx_cell(v) for v in values[:MAX_COLUMNS]]))
    except InputError:
        raise
    except Exception as exc:  # openpyxl parses lazily: a broken sheet fails while iterating
        raise InputError(_("this sheet cannot be read ({reason})", reason=exc), name) from None
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
        raise InputError(_("this table is empty; its first row names the columns"), name)
    header_row, header = filled[0]
    names = tuple("" if c is None else str(c).strip() for c in header)
    return Table(name, names, header_row, tuple((n, tuple(c)) for n, c in filled[1:]))


def _trimmed(cells: list[Cell]) -> list[Cell]:
    out = [None if isinstance(c, str) and not c.strip() else c for c in cells]
    while out and out[-1] is None:
        out.pop()
    return out
