"""Parsing the cells of an imported table: text, dates, amounts, ids, roles.

A text cell that starts with ``=`` is refused as a formula; dates are ISO, ``d.m.yyyy`` or
date cells; amounts are whole kroner written the Norwegian way (``1 250 000``, ``1.250.000``,
``kr 1 250 000``). Each parser raises ``CellError`` with a sentence.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from digictl.author.tables import MAX_CELL, Cell
from digictl.errors import UsageError
from digictl.load.dates import FIRST_DAY, LAST_DAY, is_iso_date, parse_date, why_not_a_date
from digictl.scaffold import check_text

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
    """``dd.mm.yyyy`` is rewritten as ISO; the ISO text is judged by digictl's one date
    parser (load.dates)."""
    if _YMD.match(text):
        iso = text
    elif m := _DMY.match(text):
        iso = f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    else:
        raise CellError(f"holds {_short(text)!r}, not a date written 31.12.2025 or 2025-12-31")
    if not is_iso_date(iso):
        raise CellError(f"holds {text!r}, {why_not_a_date(iso)}")
    return parse_date(iso)


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
