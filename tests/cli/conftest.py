"""Shared helpers for the CLI tests: a runner that refuses crashes, and editable data copies."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from digictl.cli import app
from tests.test_forge import StubForge

ROOT = Path(__file__).resolve().parents[2]

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
    monkeypatch.delenv("DIGICTL_AS_OF", raising=False)
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


# the session's digictl: one wheel, one virtual environment


@dataclass(frozen=True)
class Install:
    wheel: Path
    bin: Path


def _build_wheel(out: Path) -> Path:
    """``pip wheel`` of the project: offline with the running interpreter's hatchling when it
    has one, else in pip's isolated build environment (which fetches hatchling)."""
    offline = importlib.util.find_spec("hatchling") is not None
    args = ["--no-build-isolation"] if offline else []
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", *args, "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 and not offline and "hatchling" in result.stderr:
        pytest.skip("building the wheel needs hatchling: pip install hatchling, or network access")
    assert result.returncode == 0, f"pip wheel failed: {result.stderr[-2000:]}"
    [wheel] = out.glob("digictl-*.whl")
    return wheel


@pytest.fixture(scope="session")
def install(tmp_path_factory: pytest.TempPathFactory) -> Install:
    """A wheel of this project, and a fresh virtual environment whose dependencies come from
    the running interpreter's site-packages (a .pth file names them)."""
    base = tmp_path_factory.mktemp("digictl-ci")
    wheel = _build_wheel(base / "wheel")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    purelib = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    here = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (purelib / "_running_interpreter.pth").write_text("\n".join(sorted(here)) + "\n")
    return Install(wheel, venv / ("Scripts" if os.name == "nt" else "bin"))


@pytest.fixture
def stub() -> Iterator[StubForge]:
    s = StubForge()
    s.thread.start()
    yield s
    s.server.shutdown()
    s.server.server_close()
