"""Dates are parsed here and nowhere else.

digictl works with dates from 1900-01-01 to 2999-12-31 given on the command line
(``--as-of``, ``--year``) and with horizons up to ``MAX_HORIZON`` days: far enough for
any agreement, near enough that no computed date (anniversaries, horizons, the year
after) can leave what Python's dates can hold. A value outside is a usage error.
The same range holds for dates in the data: a date outside it is a `schema` finding
with file and line (``why_not_a_date``), and the file is left out like any other that
breaks its schema. The calendar arithmetic in ``timeline`` clamps at the ends of what
Python can hold besides, so no value can make it fail.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from digictl.errors import UsageError
from digictl.i18n import _

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
MAX_HORIZON = 36_500  # days: a hundred years

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_MONTHDAY = re.compile(r"^(\d{2})-(\d{2})$", re.ASCII)
# the schema's pattern for MM-DD: a month 01-12 and a day 01-31
_MONTHDAY_SHAPE = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", re.ASCII)
# the days every year has: 29 February is not one (docs/design.md §8)
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_iso_date(text: object) -> bool:
    """True when ``text`` is a real calendar date written YYYY-MM-DD, within the range
    digictl handles (FIRST_DAY to LAST_DAY)."""
    if not isinstance(text, str) or not _ISO.match(text):
        return False
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return False
    return FIRST_DAY <= day <= LAST_DAY


def in_calendar(text: str) -> bool:
    """Whether ``text``, written like YYYY-MM-DD, is a date of the calendar (at all: in the
    range digictl handles or not)."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def why_not_a_date(text: str) -> str:
    """Why ``text``, written like YYYY-MM-DD, is refused: the end of a sentence (a message
    that says why in a sentence of its own uses ``in_calendar``)."""
    if not in_calendar(text):
        # Translators: the end of a sentence such as "`start` is 2021-02-30, ..."
        return _("which is not a date in the calendar")
    # Translators: the end of a sentence such as "`start` is 0001-01-01, ..."
    return _(
        "outside the dates digictl handles ({first} to {last})", first=FIRST_DAY, last=LAST_DAY
    )


def parse_date(text: str) -> date:
    """Parse a YYYY-MM-DD date that the schema has already checked."""
    return date.fromisoformat(text)


def parse_date_option(text: str, option: str = "--as-of") -> date:
    """Parse a date given on the command line, or raise a UsageError."""
    try:
        day = date.fromisoformat(text) if _ISO.match(text) else None
    except ValueError:
        day = None
    if day is None:
        raise UsageError(
            _("{option} takes a date written YYYY-MM-DD, not {value!r}", option=option, value=text)
        )
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UsageError(
            _(
                "{option} takes a date from {first} to {last}, not {value}",
                option=option,
                first=FIRST_DAY,
                last=LAST_DAY,
                value=text,
            )
        )
    return day


def check_year_option(year: int, option: str = "--year") -> int:
    """A year given on the command line, or a UsageError when it is outside the range."""
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise UsageError(
            _(
                "{option} takes a year from {first} to {last}, not {value}",
                option=option,
                first=FIRST_DAY.year,
                last=LAST_DAY.year,
                value=year,
            )
        )
    return year


def check_horizon(days: int, option: str = "--within") -> int:
    """A horizon in days given on the command line, or a UsageError."""
    if not 0 <= days <= MAX_HORIZON:
        raise UsageError(
            _(
                "{option} takes a number of days from 0 to {most}, not {value}",
                option=option,
                most=MAX_HORIZON,
                value=days,
            )
        )
    return days


def is_possible_monthday(value: object) -> bool:
    """False only for text written MM-DD (month 01-12, day 01-31) that names a day not every
    year has, such as 02-30, 04-31 or 02-29 (a yearly date must fall in every year).

    The schema's type and pattern judge every other value, so a value gets one message.
    """
    if not isinstance(value, str) or not _MONTHDAY_SHAPE.match(value):
        return True
    month, day = parse_monthday(value)
    return day <= _MONTH_DAYS[month - 1]


def parse_monthday(text: str) -> tuple[int, int]:
    """Parse MM-DD into (month, day)."""
    m = _MONTHDAY.match(text)
    if not m:
        raise ValueError(f"not a MM-DD day: {text!r}")
    return int(m.group(1)), int(m.group(2))


def on_monthday(year: int, monthday: tuple[int, int]) -> date:
    """The date of MM-DD in ``year``.

    The schema refuses 02-29 in the data; should one come here, it falls on 1 March in a
    common year, the day a 29 February anniversary falls on (``timeline.add_years``). Any
    other impossible day is a ValueError.
    """
    month, day = monthday
    if (month, day) == (2, 29) and not calendar.isleap(year):
        return date(year, 3, 1)
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{month:02d}-{day:02d} is not a day of the year") from None
