"""Parsing the cells of an imported table: text, dates, amounts, ids, roles.

A text cell that starts with ``=`` is refused as a formula; dates are ISO, ``d.m.yyyy`` or
date cells; amounts are whole kroner written the Norwegian way (``1 250 000``, ``1.250.000``,
``kr 1 250 000``). Each parser raises ``CellError`` with a sentence about the column.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from digictl.author.tables import MAX_CELL, Cell
from digictl.i18n import N_, _
from digictl.load.dates import FIRST_DAY, LAST_DAY, is_iso_date, parse_date
from digictl.scaffold import _bad_char as bad_char

# --- parsing cells ----------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read as its column's value: a message marked with ``N_`` that
    names the column as ``{column}``, and its other values; ``told`` says it about a column
    (``str`` of the error says it about "the cell", for logs and tests)."""

    def __init__(self, message: str, /, **values: object) -> None:
        self.message = message
        self.values = values
        super().__init__(self.told("the cell"))

    def told(self, column: str) -> str:
        """The sentence, in the current language, about the column named ``column``."""
        return _(self.message, column=column, **self.values)


_FORMULA = "="


def parse_text(cell: Cell) -> str:
    """A text cell: stripped and NFC-normalised; no control characters, no formula."""
    if isinstance(cell, date):
        raise CellError(N_("{column} holds the date {day}, not text"), day=_day_of(cell))
    if isinstance(cell, bool | float):
        raise CellError(N_("{column} holds {value}, not text"), value=cell)
    text = unicodedata.normalize("NFC", str(cell).strip())
    if len(text) > MAX_CELL:
        raise CellError(
            N_("{column} holds {count} characters, more than the {most} digictl takes"),
            count=len(text),
            most=MAX_CELL,
        )
    if text.startswith(_FORMULA):
        raise CellError(
            N_(
                "{column} holds a formula ({formula}), which digictl does not evaluate; "
                "type the value itself"
            ),
            formula=_short(text),
        )
    if not text:
        raise CellError(N_("{column} is empty"))
    ch = bad_char(text)
    if ch is not None:
        raise CellError(
            N_("{column} must not contain control characters (it holds U+{code})"),
            code=f"{ord(ch):04X}",
        )
    return text


def _day_of(cell: date) -> date:
    """A date cell as a date (a datetime as its day), shown as the language writes dates."""
    return cell.date() if isinstance(cell, datetime) else cell


_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", re.ASCII)
_YMD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)


def parse_day(cell: Cell) -> date:
    """A date: an Excel date cell (no time of day), ``YYYY-MM-DD`` or ``dd.mm.yyyy``."""
    if isinstance(cell, datetime):
        if cell.time() != datetime.min.time():
            raise CellError(
                N_("{column} holds a time of day ({when}); give the date alone"),
                when=cell.isoformat(sep=" "),
            )
        day = cell.date()
    elif isinstance(cell, date):
        day = cell
    elif isinstance(cell, str):
        day = _day_of_text(parse_text(cell))
    else:
        raise CellError(
            N_(
                "{column} holds the number {value}, not a date; format the cell as a date, "
                "or write it 31.12.2025 or 2025-12-31"
            ),
            value=cell,
        )
    if not FIRST_DAY <= day <= LAST_DAY:
        raise CellError(N_("{column} holds {day}, outside the dates digictl handles"), day=day)
    return day


def _day_of_text(text: str) -> date:
    """``dd.mm.yyyy`` is rewritten as ISO; the ISO text is judged by digictl's one date
    parser (load.dates)."""
    if _YMD.match(text):
        iso = text
    elif m := _DMY.match(text):
        iso = f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    else:
        raise CellError(
            N_("{column} holds {text!r}, not a date written 31.12.2025 or 2025-12-31"),
            text=_short(text),
        )
    if not is_iso_date(iso):
        try:
            date.fromisoformat(iso)
        except ValueError:
            raise CellError(
                N_("{column} holds {text!r}, which is not a date in the calendar"), text=text
            ) from None
        raise CellError(
            N_("{column} holds {text!r}, outside the dates digictl handles ({first} to {last})"),
            text=text,
            first=FIRST_DAY,
            last=LAST_DAY,
        )
    return parse_date(iso)


# Norwegian amounts: "1 250 000", "1.250.000", "kr 1 250 000", "1 250 000,-", "NOK 5000"
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_GROUPED = re.compile(r"^\d{1,3}(?:( |\.)\d{3})(?:\1\d{3})*$", re.ASCII)
_DIGITS = re.compile(r"^\d{1,15}$", re.ASCII)


def parse_amount(cell: Cell) -> int:
    """Whole kroner, not negative: a number cell without decimals, or text such as
    ``1 250 000``, ``1.250.000``, ``kr 1 250 000`` or ``1 250 000,-``."""
    if cell is None:
        raise CellError(N_("{column} holds nothing, not an amount"))
    if isinstance(cell, date):
        raise CellError(N_("{column} holds the date {day}, not an amount"), day=_day_of(cell))
    if isinstance(cell, bool):
        raise CellError(N_("{column} holds {value}, not an amount"), value=cell)
    if isinstance(cell, float):
        if not cell.is_integer():
            raise CellError(
                N_("{column} holds {value}, with decimals; amounts are whole kroner"), value=cell
            )
        cell = int(cell)
    amount = cell if isinstance(cell, int) else _amount_of_text(parse_text(cell))
    if amount < 0:
        raise CellError(N_("{column} holds {value}, a negative amount"), value=amount)
    if amount >= 10**15:
        raise CellError(N_("{column} holds {value}, more kroner than any budget"), value=amount)
    return amount


def _amount_of_text(text: str) -> int:
    bare = text.casefold()
    for prefix in ("kr.", "kr", "nok"):
        bare = bare.removeprefix(prefix)
    bare = _SPACES.sub(" ", bare).strip().removesuffix(",-").removesuffix(",–").rstrip()
    if bare.startswith("-") and _DIGITS.match(bare[1:].replace(" ", "")):
        raise CellError(N_("{column} holds {text!r}, a negative amount"), text=text)
    if _GROUPED.match(bare):
        bare = bare.replace(".", "").replace(" ", "")
    if not _DIGITS.match(bare):
        if re.fullmatch(r"[\d.]*[.,]\d*", bare):
            raise CellError(
                N_("{column} holds {text!r}, with decimals; amounts are whole kroner"), text=text
            )
        raise CellError(
            N_("{column} holds {text!r}, not an amount in whole kroner such as 1 250 000"),
            text=text,
        )
    return int(bare)


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
        raise CellError(
            N_("{column} holds {text!r}, not a kommunenummer of four digits such as 4631"),
            text=text,
        )
    return text


def parse_decision(cell: Cell) -> str:
    """A decision id as numbered in a meeting file, e.g. PS-2021-07."""
    text = parse_text(cell)
    if not _DECISION.match(text):
        raise CellError(
            N_(
                "{column} holds {text!r}, not a decision id such as PS-2021-07 "
                "(letters, digits, . _ / -)"
            ),
            text=text,
        )
    return text


def parse_email(cell: Cell) -> str:
    text = parse_text(cell)
    if not _EMAIL.match(text):
        raise CellError(N_("{column} holds {text!r}, not an e-mail address"), text=text)
    return text


def parse_role(cell: Cell) -> str:
    text = parse_text(cell)
    role = ROLES.get(text.casefold())
    if role is None:
        raise CellError(
            N_("{column} holds {text!r}; a role is chair, member, observer or deputy"), text=text
        )
    return role


def parse_years(cell: Cell) -> int:
    years = parse_amount(cell)
    if not 1 <= years <= 100:
        raise CellError(N_("{column} holds {value}, not a term of 1 to 100 years"), value=years)
    return years
