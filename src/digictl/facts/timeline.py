"""Calendar arithmetic (DESIGN §5): anniversaries, terms, quarters, working days.

Everything here is pure: nothing reads the clock.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

ONE_DAY = timedelta(days=1)


def add_years(start: date, years: int) -> date:
    """The ``years``-th anniversary of ``start``; 29 February falls on 1 March in a common year.

    Past the last (or before the first) day Python's dates hold, the answer is that day.
    """
    year = start.year + years
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    try:
        return start.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 3, 1)


def add_days(day: date, days: int) -> date:
    """``day`` plus ``days`` (may be negative), held within date.min and date.max."""
    if days >= 0:
        return date.max if days > (date.max - day).days else day + timedelta(days=days)
    return date.min if -days > (day - date.min).days else day + timedelta(days=days)


def term_end(start: date, years: int) -> date:
    """Last day of a term of ``years`` years starting on ``start``: the day before the anniversary.

    2021-03-01 + 3 years ends 2024-02-29; 2020-02-29 + 3 years ends 2023-02-28.
    """
    return add_days(add_years(start, years), -1)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * (quarter - 1) + 1, 1)
    if quarter == 4:
        return first, date(year, 12, 31)
    return first, date(year, 3 * quarter + 1, 1) - ONE_DAY


def quarters(start: date, end: date) -> list[tuple[int, int]]:
    """Every calendar quarter that overlaps [start, end], in order."""
    out: list[tuple[int, int]] = []
    y, q = quarter_of(start)
    while quarter_bounds(y, q)[0] <= end:
        out.append((y, q))
        if (y, q) == quarter_of(date.max):
            break
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out


@cache
def _holidays(year: int) -> frozenset[date]:
    """The Norwegian public holidays of ``year``, from the table generated from the
    ``holidays`` package (``digictl.codegen``); the package itself only for a year
    outside the table, which no date digictl accepts falls in."""
    from digictl.facts import _holidays_no as table

    if not table.FIRST_YEAR <= year <= table.LAST_YEAR:
        import holidays

        return frozenset(holidays.country_holidays("NO", years=year))
    codes = table.DAYS.get(year, "")
    before = date(year, 1, 1).toordinal() - 1
    return frozenset(
        date.fromordinal(before + int(codes[i : i + 3])) for i in range(0, len(codes), 3)
    )


def is_working_day(day: date) -> bool:
    """Not a Saturday, Sunday or Norwegian public holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the next one (domstolloven § 149).

    Used for deadlines of actions; ends of terms and agreements never move.
    """
    while not is_working_day(day) and day < date.max:
        day += ONE_DAY
    return day


def merge_periods(periods: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Merge overlapping or adjacent periods (end is the last day included)."""
    merged: list[tuple[date, date]] = []
    for start, end in sorted(p for p in periods if p[0] <= p[1]):
        if merged and start <= add_days(merged[-1][1], 1):
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def first_uncovered(periods: list[tuple[date, date]], start: date, end: date) -> date | None:
    """The first day of [start, end] not covered by ``periods`` (merged), or None."""
    day = start
    for p_start, p_end in merge_periods(periods):
        if p_end < day:
            continue
        if p_start > day:
            return day
        if p_end >= end:
            return None
        day = p_end + ONE_DAY
    return day if day <= end else None
