"""Crashes the hostile matrix found in the domain code, each pinned by a direct test."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from digictl.cli import app
from tests.hostile import strategies as s

AS_OF = "2023-06-15"


def _run(data: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(app, ["--data", str(data), "--as-of", AS_OF, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, json.loads(result.stdout)


def test_decisions_that_are_not_a_list_are_a_schema_finding(tmp_path: Path) -> None:
    """`decisions: true` on a meeting crashed while the model collected decision ids."""
    rel = "meetings/2023-06-05-styringsgruppa.yaml"
    meeting = dict(s.base_tree(rel), decisions=True)
    data = s.Hostile("decisions-true", {rel: s.dump(meeting)}).materialise(tmp_path / "data")
    code, doc = _run(data, "validate", "--format", "json")
    assert code == 1
    schema = [f for f in doc["findings"] if f["rule"] == "schema"]
    assert [f["file"] for f in schema] == [f"data/{rel}"]
    assert "decisions" in schema[0]["message"]


def test_a_term_of_a_billion_years_ends_on_the_calendars_last_days(tmp_path: Path) -> None:
    """A huge `term_years` crashed computing the term's end; it now ends the day before
    the last day Python's dates hold (timeline.add_years stops there)."""
    rel = "bodies/styringsgruppa.yaml"
    board = s.base_tree(rel)
    board["members"][1]["term_years"] = 10**9  # anders-ask from 2021-01-01
    data = s.Hostile("long-terms", {rel: s.dump(board)}).materialise(tmp_path / "data")
    code, doc = _run(data, "board", "styringsgruppa", "--all", "--format", "json")
    assert code == 0
    ends = {(ln["person"], ln["from"]): ln["term_end"] for ln in doc["bodies"][0]["members"]}
    assert ends[("anders-ask", "2021-01-01")] == "9999-12-30"
    assert ends[("anders-ask", "2023-01-01")] == "2024-12-31"  # the others are as before
    code, _ = _run(data, "validate", "--format", "json")
    assert code in (0, 1)


def test_a_tenure_until_the_last_day_dates_hold_is_still_renewed() -> None:
    """Reappointment compared with `until + 1 day`, which overflows on date.max."""
    from digictl.facts.tenures import tenures
    from digictl.load.dataset import DirectorySource, read_dataset
    from digictl.model import build
    from tests.conftest import BASE

    model = build(read_dataset(DirectorySource(BASE)))
    body = model.bodies["styringsgruppa"]
    first = body.members[1]  # anders-ask from 2021-01-01, again from 2023-01-01
    first.until = date.max
    got = {t.member.index: t for t in tenures(model, body, date(2023, 6, 15), 90)}
    assert got[first.index].renewed_by is body.members[2]
