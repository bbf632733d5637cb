"""Shared helpers for the CLI tests: a runner that refuses crashes, and editable data copies."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from digictl.cli import app

AS_OF = "2023-06-15"  # tests/conftest.py BASE_AS_OF, as the CLI takes it

Invoke = Callable[..., Result]
Edit = Callable[[Mapping[str, "bytes | str | None"]], Path]


def assert_no_crash(result: Result) -> None:
    """digictl never ends in an uncaught exception or prints a traceback.

    CliRunner catches exceptions, so a crash shows up in ``result.exception``
    rather than as a traceback in the output: check both.
    """
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        raise AssertionError(f"digictl crashed with {exc!r}") from exc
    assert "Traceback" not in result.output


def one_line(text: str) -> str:
    """The single non-empty line of ``text`` (an error message), or fail."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    return lines[0]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # An ambient $DIGICTL_DATA must not change what the tests read; a wide
    # terminal keeps rich tables from wrapping or truncating cells.
    monkeypatch.delenv("DIGICTL_DATA", raising=False)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def cli() -> Invoke:
    """Run digictl in-process: ``cli(*args, env=None)``; stdout and stderr stay separate."""
    runner = CliRunner()

    def invoke(*args: object, env: Mapping[str, str | None] | None = None) -> Result:
        result = runner.invoke(app, [str(a) for a in args], env=env)
        assert_no_crash(result)
        return result

    return invoke


@pytest.fixture
def edit(base_data: Path) -> Edit:
    """Overwrite (bytes or text) or delete (None) files of the base copy; returns its path."""

    def apply(files: Mapping[str, bytes | str | None]) -> Path:
        for rel, content in files.items():
            path = base_data / rel
            if content is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                content = content.encode("utf-8")
            path.write_bytes(content)
        return base_data

    return apply
