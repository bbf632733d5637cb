"""Packaging: the wheel carries everything and works outside the repository; shell completion."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from digictl import __version__
from tests.conftest import ROOT

VENV_BIN = Path(sys.executable).parent


def sh(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, f"{args}: {result.stdout[-2000:]}{result.stderr[-2000:]}"
    return result.stdout


@pytest.mark.skipif(
    os.environ.get("DIGICTL_SKIP_WHEEL") == "1", reason="DIGICTL_SKIP_WHEEL=1 (needs PyPI)"
)
def test_wheel_installs_and_runs_outside_the_repository(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    sh(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, ROOT)
    [wheel] = dist.glob("digictl-*.whl")
    venv = tmp_path / "venv"
    sh(sys.executable, "-m", "venv", venv)
    sh(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel)
    work = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "data", work / "data")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DIGICTL_DATA")}
    digictl = venv / "bin" / "digictl"
    assert sh(digictl, "--version", cwd=work, env=env).strip() == f"digictl {__version__}"
    out = sh(digictl, "--as-of", "2026-11-21", "validate", "--format", "json", cwd=work, env=env)
    assert json.loads(out)["ok"] is True
    out = sh(digictl, "--as-of", "2026-11-21", "deadlines", "--format", "json", cwd=work, env=env)
    assert json.loads(out)["deadlines"]
    html = sh(
        digictl,
        "--as-of",
        "2026-11-21",
        "report",
        "annual-plan",
        "--format",
        "html",
        cwd=work,
        env=env,
    )
    assert "<svg" in html and "Årsplan 2026" in html
    schema = json.loads(sh(digictl, "schema", "project", cwd=work, env=env))
    assert schema["title"] == "project"
    # the installed package does not reach back into the source tree
    where = sh(venv / "bin" / "python", "-c", "import digictl; print(digictl.__file__)", cwd=work)
    assert str(ROOT / "src") not in where


def test_bash_completion_completes_commands_and_arguments() -> None:
    digictl = VENV_BIN / "digictl"
    env = dict(
        os.environ, _DIGICTL_COMPLETE="complete_bash", COMP_WORDS="digictl va", COMP_CWORD="1"
    )
    assert sh(digictl, env=env).split() == ["validate"]
    env.update(COMP_WORDS="digictl report annual", COMP_CWORD="2")
    assert sh(digictl, env=env).split() == ["annual-plan", "annual-report"]
    script = sh(digictl, "--show-completion", "bash", env=dict(os.environ, SHELL="/bin/bash"))
    assert "_digictl_completion" in script and "complete " in script
