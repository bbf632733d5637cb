"""Dates from the command line and the data: the format, and the range digictl handles."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digictl import i18n
from digictl.errors import UsageError
from digictl.load.dates import (
    LAST_DAY,
    check_horizon,
    check_year_option,
    is_iso_date,
    is_possible_monthday,
    on_monthday,
    parse_date_option,
    why_not_a_date,
)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2023-06-15", True),
        ("1900-01-01", True),
        ("2999-12-31", True),
        ("1899-12-31", False),
        ("3000-01-01", False),
        ("0001-01-01", False),
        ("9999-12-31", False),
        ("2021-02-30", False),
        ("2021-2-3", False),
    ],
)
def test_is_iso_date(text: str, ok: bool) -> None:
    assert is_iso_date(text) is ok


def test_why_not_a_date() -> None:
    assert why_not_a_date("2021-02-30") == "which is not a date in the calendar"
    assert why_not_a_date("9999-12-31") == (
        "outside the dates digictl handles (1 January 1900 to 31 December 2999)"
    )


def test_the_range_of_dates_is_written_as_the_language_writes_dates() -> None:
    with i18n.speaking("nb"), pytest.raises(UsageError) as caught:
        parse_date_option("9999-12-31")
    assert "1. januar 1900" in str(caught.value) and "31. desember 2999" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "9999-12-31",
            "--as-of takes a date from 1 January 1900 to 31 December 2999, not 9999-12-31",
        ),
        (
            "0001-01-01",
            "--as-of takes a date from 1 January 1900 to 31 December 2999, not 0001-01-01",
        ),
        ("2021-02-30", "--as-of takes a date written YYYY-MM-DD, not '2021-02-30'"),
        ("٢٠٢١-٠١-٠١", "--as-of takes a date written YYYY-MM-DD"),
    ],
)
def test_parse_date_option_refuses(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_date_option(text)
    assert str(caught.value).startswith(message)


def test_parse_date_option_ends() -> None:
    assert parse_date_option("2999-12-31") == LAST_DAY == date(2999, 12, 31)


@pytest.mark.parametrize("year", [0, -1, 1899, 3000, 10000, 10**30])
def test_year_option_out_of_range(year: int) -> None:
    with pytest.raises(UsageError, match=f"--year takes a year from 1900 to 2999, not {year}"):
        check_year_option(year)


@pytest.mark.parametrize("days", [-1, 36501, 10**9, 10**30])
def test_horizon_out_of_range(days: int) -> None:
    with pytest.raises(UsageError, match=f"from 0 to 36500, not {days}"):
        check_horizon(days)


def test_horizon_and_year_in_range() -> None:
    assert check_horizon(0) == 0 and check_horizon(36500) == 36500
    assert check_year_option(1900) == 1900 and check_year_option(2999) == 2999


# -- days of the year (MM-DD) --------------------------------------------------------------

_DAYS_IN_A_LEAP_YEAR = [
    (m, d) for m in range(1, 13) for d in range(1, 32) if d <= calendar.monthrange(2000, m)[1]
]


@given(st.sampled_from(_DAYS_IN_A_LEAP_YEAR), st.integers(1900, 2999))
def test_on_monthday_gives_the_day_or_1_march_for_29_february(
    monthday: tuple[int, int], year: int
) -> None:
    month, day = monthday
    found = on_monthday(year, monthday)
    assert found.year == year
    if day <= calendar.monthrange(year, month)[1]:
        assert found == date(year, month, day)
    else:
        assert monthday == (2, 29) and not calendar.isleap(year)
        assert found == date(year, 3, 1)


def test_29_february_is_1_march_in_a_common_year_as_an_anniversary() -> None:
    from digictl.facts.timeline import add_years

    assert on_monthday(2023, (2, 29)) == date(2023, 3, 1) == add_years(date(2020, 2, 29), 3)
    assert on_monthday(2024, (2, 29)) == date(2024, 2, 29)
    assert on_monthday(1900, (2, 29)) == date(1900, 3, 1)  # 1900 is no leap year


def test_on_monthday_refuses_a_day_no_year_has() -> None:
    with pytest.raises(ValueError, match="04-31 is not a day of the year"):
        on_monthday(2024, (4, 31))


@given(st.integers(0, 99), st.integers(0, 99))
def test_possible_monthday_is_a_day_of_every_year(month: int, day: int) -> None:
    text = f"{month:02d}-{day:02d}"
    shaped = 1 <= month <= 12 and 1 <= day <= 31
    exists = shaped and day <= calendar.monthrange(2001, month)[1]  # a common year
    # a value the schema's pattern refuses is left to the pattern (one message a value)
    assert is_possible_monthday(text) is (exists or not shaped)


@pytest.mark.parametrize("value", [None, 331, "", "x", "2024-02-30"])
def test_other_values_are_left_to_type_and_pattern(value: object) -> None:
    assert is_possible_monthday(value)


@pytest.mark.parametrize("value", ["02-29", "02-30", "02-31", "04-31", "06-31", "09-31", "11-31"])
def test_impossible_monthdays(value: str) -> None:
    assert not is_possible_monthday(value)
