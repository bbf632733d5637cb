"""Open each HTML report in headless Chromium and check the rendered DOM; keep screenshots."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digictl.cli import app
from digictl.output.reports.build import KINDS
from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(os.environ.get("DIGICTL_ARTIFACTS", ROOT / "build" / "screenshots"))
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="chromium is not installed"
)


def chromium(tmp_path: Path, *args: str) -> str:
    assert CHROMIUM is not None, "CI installs Debian's chromium (see .ci/run)"
    profile = tmp_path / "profile"
    result = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@needs_chromium
@pytest.mark.parametrize("kind", KINDS)
def test_html_report_in_a_browser(kind: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    project = data / "projects" / "sikkerhetsbaseline-m365.yaml"
    project.write_text(
        project.read_text(encoding="utf-8").replace(
            "name: ", "name: \"<script>document.title='pwned'</script>\" # ", 1
        ),
        encoding="utf-8",
    )
    html = tmp_path / f"{kind}.html"
    result = CliRunner().invoke(
        app,
        [
            "--data",
            str(data),
            "--as-of",
            "2026-11-21",
            "report",
            kind,
            "--year",
            "2026",
            "--format",
            "html",
            "-o",
            str(html),
        ],
    )
    assert result.exit_code == 0, result.output
    dom = chromium(tmp_path, "--dump-dom", html.as_uri())
    assert "<table" in dom
    if kind != "deadlines":
        assert "<svg" in dom and "<rect" in dom
    assert "pwned" not in dom.split("</title>")[0]  # no script from data ran
    if kind == "portfolio":
        assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{kind}.png"
    chromium(tmp_path, "--window-size=1100,1500", f"--screenshot={shot}", html.as_uri())
    assert shot.stat().st_size > 10_000
