"""Dates are parsed here and nowhere else."""

from __future__ import annotations

import re
from datetime import date

from digictl.errors import UsageError

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_MONTHDAY = re.compile(r"^(\d{2})-(\d{2})$", re.ASCII)


def is_iso_date(text: object) -> bool:
    """True when ``text`` is a real calendar date written YYYY-MM-DD."""
    if not isinstance(text, str) or not _ISO.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_date(text: str) -> date:
    """Parse a YYYY-MM-DD date that the schema has already checked."""
    return date.fromisoformat(text)


def parse_date_option(text: str, option: str = "--as-of") -> date:
    """Parse a date given on the command line, or raise a UsageError."""
    if not is_iso_date(text):
        raise UsageError(f"{option} takes a date written YYYY-MM-DD, not {text!r}")
    return date.fromisoformat(text)


def parse_monthday(text: str) -> tuple[int, int]:
    """Parse MM-DD into (month, day)."""
    m = _MONTHDAY.match(text)
    if not m:
        raise ValueError(f"not a MM-DD day: {text!r}")
    return int(m.group(1)), int(m.group(2))


def on_monthday(year: int, monthday: tuple[int, int]) -> date:
    """The date of MM-DD in ``year``; 02-29 falls on 02-28 in a common year."""
    month, day = monthday
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1
