"""Dates from the command line and the data: the format, and the range digictl handles."""

from __future__ import annotations

from datetime import date

import pytest

from digictl.errors import UsageError
from digictl.load.dates import (
    LAST_DAY,
    check_horizon,
    check_year_option,
    is_iso_date,
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
    assert "outside the dates digictl handles (1900-01-01 to 2999-12-31)" in why_not_a_date(
        "9999-12-31"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9999-12-31", "--as-of takes a date from 1900-01-01 to 2999-12-31, not 9999-12-31"),
        ("0001-01-01", "--as-of takes a date from 1900-01-01 to 2999-12-31, not 0001-01-01"),
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
