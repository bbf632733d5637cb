"""Calendar arithmetic: anniversaries, terms, quarters and working days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digictl.facts.timeline import (
    add_days,
    add_years,
    first_uncovered,
    is_working_day,
    merge_periods,
    next_working_day,
    quarter_bounds,
    quarters,
    term_end,
)


@pytest.mark.parametrize(
    ("start", "years", "end"),
    [
        (date(2021, 3, 1), 3, date(2024, 2, 29)),  # ends on a leap day
        (date(2020, 2, 29), 3, date(2023, 2, 28)),  # anniversary of 29 Feb is 1 March
        (date(2020, 2, 29), 4, date(2024, 2, 28)),  # leap year again: anniversary 29 Feb
        (date(2019, 1, 1), 3, date(2021, 12, 31)),
        (date(2022, 2, 1), 3, date(2025, 1, 31)),
        (date(2023, 12, 31), 1, date(2024, 12, 30)),
    ],
)
def test_term_end(start: date, years: int, end: date) -> None:
    assert term_end(start, years) == end


@pytest.mark.parametrize(
    ("nominal", "effective"),
    [
        (date(2022, 4, 14), date(2022, 4, 19)),  # Maundy Thursday → after Easter Monday
        (date(2022, 5, 17), date(2022, 5, 18)),  # Constitution Day
        (date(2021, 2, 28), date(2021, 3, 1)),  # Sunday
        (date(2022, 4, 30), date(2022, 5, 2)),  # Saturday
        (date(2021, 12, 25), date(2021, 12, 27)),  # Christmas Day on a Saturday
        (date(2022, 12, 24), date(2022, 12, 27)),  # Christmas Eve (Sat), 25th, 26th
        (date(2023, 12, 31), date(2024, 1, 2)),  # year end: Sunday then New Year's Day
        (date(2023, 5, 1), date(2023, 5, 2)),  # Labour Day
        (date(2023, 5, 18), date(2023, 5, 19)),  # Ascension Day
        (date(2024, 5, 20), date(2024, 5, 21)),  # Whit Monday
        (date(2026, 11, 30), date(2026, 11, 30)),  # an ordinary Monday stays
    ],
)
def test_next_working_day(nominal: date, effective: date) -> None:
    assert next_working_day(nominal) == effective


def test_quarters() -> None:
    assert quarter_bounds(2024, 1) == (date(2024, 1, 1), date(2024, 3, 31))
    assert quarter_bounds(2024, 4) == (date(2024, 10, 1), date(2024, 12, 31))
    assert quarters(date(2021, 2, 15), date(2021, 10, 1)) == [
        (2021, 1),
        (2021, 2),
        (2021, 3),
        (2021, 4),
    ]


def test_periods() -> None:
    d = date
    merged = merge_periods([(d(2021, 1, 1), d(2021, 12, 31)), (d(2022, 1, 1), d(2022, 6, 30))])
    assert merged == [(d(2021, 1, 1), d(2022, 6, 30))]
    periods = [(d(2019, 1, 1), d(2021, 12, 31)), (d(2022, 6, 1), d(2027, 12, 31))]
    assert first_uncovered(periods, d(2020, 1, 1), d(2023, 1, 1)) == d(2022, 1, 1)
    assert first_uncovered(periods, d(2018, 6, 1), d(2019, 6, 1)) == d(2018, 6, 1)
    assert first_uncovered(periods, d(2023, 1, 1), d(2027, 12, 31)) is None


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


@given(days)
def test_moved_deadline_is_a_working_day_never_earlier_and_idempotent(day: date) -> None:
    moved = next_working_day(day)
    assert is_working_day(moved)
    assert moved >= day
    assert next_working_day(moved) == moved
    assert (moved - day).days <= 6  # the longest run of days off (Easter) is short
    for between in range((moved - day).days):
        assert not is_working_day(day + timedelta(days=between))


@given(days, st.integers(min_value=1, max_value=12))
def test_term_end_is_the_day_before_an_anniversary(start: date, years: int) -> None:
    end = term_end(start, years)
    anniversary = end + timedelta(days=1)
    assert anniversary == add_years(start, years)
    if (start.month, start.day) == (2, 29) and anniversary.month == 3:
        assert anniversary.day == 1
    else:
        assert (anniversary.month, anniversary.day) == (start.month, start.day)
        assert anniversary.year == start.year + years


# --------------------------------------------------------------------------- the ends of time


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (date(9999, 12, 31), 1, date.max),
        (date(9990, 6, 1), 100, date.max),
        (date(1, 1, 1), -1, date.min),
        (date(9996, 2, 29), 3, date(9999, 3, 1)),
        (date(2020, 2, 29), 10**9, date.max),
    ],
)
def test_add_years_holds_at_the_ends(start: date, years: int, expected: date) -> None:
    assert add_years(start, years) == expected


def test_term_end_at_the_end_of_time() -> None:
    assert term_end(date(9999, 1, 1), 4) == date.max - timedelta(days=1)


@given(st.dates(), st.integers(min_value=-(10**12), max_value=10**12))
def test_add_days_never_fails(day: date, days: int) -> None:
    target = day.toordinal() + days
    expected = date.fromordinal(min(max(target, 1), date.max.toordinal()))
    assert add_days(day, days) == expected


def test_quarters_and_periods_at_the_last_day() -> None:
    assert quarter_bounds(9999, 4) == (date(9999, 10, 1), date.max)
    assert quarters(date(9999, 11, 1), date.max) == [(9999, 4)]
    assert merge_periods([(date(9999, 1, 1), date.max), (date(9999, 6, 1), date.max)]) == [
        (date(9999, 1, 1), date.max)
    ]
    assert first_uncovered([(date(9999, 1, 1), date.max)], date(9999, 1, 1), date.max) is None
    assert first_uncovered([(date.min, date(1, 1, 5))], date.min, date(1, 1, 9)) == date(1, 1, 6)
