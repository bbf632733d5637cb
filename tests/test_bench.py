"""The benchmark harness's pure parts (benchmarks/harness.py): no timing is asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks.harness import (
    Budget,
    CommandRow,
    Sample,
    budget_table,
    command_table,
    edited,
    fast_import_stream,
    measure,
    median_sample,
    memory_row,
    pair,
    parse_args,
    ratio,
    touches,
    verdict,
)
from hypothesis import given
from hypothesis import strategies as st

OUT = Path("RESULTS.md")


def test_the_default_is_the_real_run() -> None:
    s = parse_args([], OUT)
    assert (s.reps, s.scale, s.commits, s.big, s.quick) == (5, 1.0, 10_000, 10.0, False)
    assert s.out == OUT


def test_quick_is_one_rep_a_tenth_a_thousand_commits_and_no_10x() -> None:
    s = parse_args(["--quick"], OUT)
    assert (s.reps, s.scale, s.commits, s.big, s.quick) == (1, 0.1, 1000, None, True)


def test_explicit_options_win_over_quick() -> None:
    s = parse_args(["--quick", "--reps", "3", "--scale", "0.5", "--big", "2"], OUT)
    assert (s.reps, s.scale, s.big) == (3, 0.5, 2.0)
    assert parse_args(["--big", "0"], OUT).big is None


def test_zero_repetitions_is_a_usage_error() -> None:
    with pytest.raises(SystemExit):
        parse_args(["--reps", "0"], OUT)


def test_median_takes_wall_and_cpu_each_on_its_own_and_the_largest_rss() -> None:
    m = median_sample([Sample(1.0, 9.0, 10), Sample(3.0, 1.0, 30), Sample(2.0, 2.0, 20)])
    assert m == Sample(2.0, 2.0, 30)
    with pytest.raises(ValueError, match="no samples"):
        median_sample([])


@given(st.lists(st.floats(0.001, 100), min_size=1, max_size=9))
def test_the_median_lies_between_the_extremes(walls: list[float]) -> None:
    m = median_sample([Sample(w, w) for w in walls])
    assert min(walls) <= m.wall <= max(walls)


def test_ratio_needs_a_positive_denominator() -> None:
    assert ratio(3.0, 2.0) == 1.5
    assert ratio(1.0, 0.0) is None


def test_verdict_is_over_when_either_ratio_breaks_the_budget() -> None:
    assert verdict([1.0, 1.5], 1.5) == "ok"
    assert verdict([1.0, 1.6], 1.5) == "over"
    assert verdict([None, None], 1.5) == "not measured"
    assert verdict([None, 1.2], 1.5) == "ok"


def test_a_budget_row_shows_both_ratios_and_judges_cpu_only_when_asked() -> None:
    num, den = Sample(1.0, 4.0), Sample(1.0, 1.0)
    both = Budget("x", num, den, 1.5).row()
    wall_only = Budget("x", num, den, 1.5, cpu=False).row()
    assert both == "| x | 1.00 | 4.00 | ≤ 1.5 | wall and CPU | over |"
    assert wall_only == "| x | 1.00 | 4.00 | ≤ 1.5 | wall | ok |"
    missing = Budget("y", None, den, 3.0).row()
    assert missing == "| y | — | — | ≤ 3 | wall and CPU | not measured |"


def test_the_budget_table_has_a_header_and_one_row_per_budget() -> None:
    lines = budget_table([Budget("a", Sample(1, 1), Sample(1, 1), 2), Budget("b", None, None, 1)])
    assert len(lines) == 4
    assert all(line.count("|") == 7 for line in lines)


def test_memory_rows_judge_against_one_gibibyte() -> None:
    assert memory_row("m", 600 * 1024) == "| m | 600 MiB | < 1024 MiB | ok |"
    assert memory_row("m", 1100 * 1024).endswith("| over |")
    assert memory_row("m", None).endswith("| not measured |")


def test_the_command_table_shows_cold_warm_and_ratios_to_floor_and_validate() -> None:
    floor, validate = Sample(0.5, 0.25), Sample(1.0, 1.0)
    rows = [
        CommandRow("validate", validate, Sample(0.2, 0.1, 2048)),
        CommandRow("--help", Sample(0.1, 0.05, 1024), None),
    ]
    lines = command_table(rows, floor, "floor", validate)
    assert lines[2] == (
        "| validate | 1.000 | 1.000 | 0.200 | 0.100 | 2.00 / 4.00 | 0.40 / 0.40 | 1.00 / 1.00 | 2 |"
    )
    assert lines[3] == "| --help | 0.100 | 0.050 | — | — | 0.20 / 0.20 | — | 0.10 / 0.05 | 1 |"
    assert pair(None, floor) == "—"


def test_edited_changes_the_first_top_level_name_only() -> None:
    text = "id: a\nname: A\nmilestones:\n  - name: M\n"
    assert edited(text, 3) == "id: a\nname: A (endring 3)\nmilestones:\n  - name: M\n"
    assert edited(text, 3) != edited(text, 4)
    with pytest.raises(ValueError, match="no top-level"):
        edited("id: a\n  name: x\n", 1)


def test_the_fast_import_stream_builds_the_history_it_promises(tmp_path: Path) -> None:
    files = {"data/a.yaml": b"id: a\nname: A\n", "data/b.yaml": b"id: b\nname: B\n"}
    edit = ["data/a.yaml", "data/b.yaml"]
    stream = fast_import_stream(files, edit, 5)
    git = ["git", "-C", str(tmp_path)]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "fast-import", "--quiet"], input=stream, check=True)

    def out(*args: str) -> str:
        return subprocess.run([*git, *args], capture_output=True, text=True, check=True).stdout

    assert out("rev-list", "--count", "main").strip() == "6"
    log = out("log", "--format=%s", "main", "--", "data/a.yaml").split()
    assert len(log) == 2 * touches(edit, 5, "data/a.yaml") == 2 * 4  # "change N" is two words
    assert out("show", "main:data/a.yaml") == "id: a\nname: A (endring 5)\n"
    with pytest.raises(ValueError, match="must be among"):
        fast_import_stream(files, ["data/c.yaml"], 1)


def test_measure_reports_the_cpu_of_the_child_and_writes_its_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    spin = (
        "import time\nt = time.process_time()\n"
        "while time.process_time() - t < 0.1: pass\nprint('x')"
    )
    s = measure([sys.executable, "-c", spin], out=out)
    assert s.cpu >= 0.1  # the child's own CPU, from wait4, not the parent's
    assert s.rss_kib > 0
    assert out.read_text() == "x\n"


def test_measure_reports_the_exit_code_and_the_median_keeps_the_worst(tmp_path: Path) -> None:
    failed = measure([sys.executable, "-c", "raise SystemExit(3)"], out=tmp_path / "out")
    assert failed.status == 3
    assert median_sample([Sample(1, 1), failed, Sample(1, 1)]).status == 3
