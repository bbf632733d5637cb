"""Fixtures of the authoring tests: a copy of the example data and an in-process runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from digictl.cli import app
from tests.cli.conftest import assert_no_crash
from tests.conftest import ROOT

AS_OF = "2025-03-01"  # a date on which the example data is in force

Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIGICTL_DATA", raising=False)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A fresh copy of the project's example data (DigiTrøndelag), named `data`."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


@pytest.fixture
def author(data: Path) -> Run:
    """Run digictl on the data copy as of AS_OF: ``author("person", "add", ...)``."""
    runner = CliRunner()

    def invoke(*args: object) -> Result:
        argv = ["--data", str(data), "--as-of", AS_OF, *[str(a) for a in args]]
        result = runner.invoke(app, argv)
        assert_no_crash(result)
        return result

    return invoke


def snapshot(data: Path) -> dict[str, bytes]:
    """Every file below the data directory with its bytes."""
    return {
        p.relative_to(data).as_posix(): p.read_bytes()
        for p in sorted(data.rglob("*"))
        if p.is_file()
    }


def added_lines(before: str, after: str) -> list[str]:
    """The lines ``after`` adds to ``before``; fails when it removes or changes any line."""
    import difflib

    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    removed = [d for d in diff if d.startswith("- ")]
    assert not removed, f"lines removed or changed: {removed}"
    return [d[2:] for d in diff if d.startswith("+ ")]


def assert_usage_error(author: Run, data: Path, args: list[str], says: str) -> None:
    """``args`` is a usage error: exit 2, one sentence on stderr holding ``says``, and the
    data directory unchanged."""
    before = snapshot(data)
    result = author(*args)
    assert result.exit_code == 2, result.output
    assert says in result.stderr
    assert len([ln for ln in result.stderr.splitlines() if ln.strip()]) == 1
    assert snapshot(data) == before


EXPECTED = Path(__file__).resolve().parent / "expected"


def assert_writes_only(author: Run, data: Path, args: list[str], rel: str, name: str) -> None:
    """``args`` writes the file ``rel``, equal to the hand-written ``expected/<name>``, says
    so, and changes nothing else."""
    before = snapshot(data)
    result = author(*args)
    assert result.exit_code == 0, result.output
    assert (data / rel).read_text(encoding="utf-8") == (EXPECTED / name).read_text(encoding="utf-8")
    assert f"wrote {data.name}/{rel}" in result.stdout
    assert {k: v for k, v in snapshot(data).items() if k != rel} == before
