"""The bundled example data (DigiTrøndelag) stays clean and meaningful."""

from __future__ import annotations

from datetime import date

import pytest

from digictl.findings import Severity
from digictl.load.dataset import DirectorySource
from digictl.rules.engine import check_source
from tests.conftest import ROOT


@pytest.mark.parametrize(
    "as_of",
    [date(2019, 6, 1), date(2021, 6, 1), date(2022, 3, 1), date(2024, 6, 1), date(2026, 11, 21)],
)
def test_example_has_no_errors(as_of: date) -> None:
    result = check_source(DirectorySource(ROOT / "data"), as_of).result
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert errors == []


def test_example_is_meaningful_today() -> None:
    """As of 2026-11-21 the example has something to show on the dashboard."""
    from digictl.views.dashboard import dashboard

    checked = check_source(DirectorySource(ROOT / "data"), date(2026, 11, 21))
    board = dashboard(checked.model, checked.result, date(2026, 11, 21))
    assert board.deadlines and board.terms
    assert {f.rule for f in checked.result.findings} >= {"term-expiring", "contributions"}
