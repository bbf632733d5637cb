"""Every report kind on the clean base partnership, byte for byte.

Snapshots live in tests/reports/snapshots/; rewrite them with
``DIGICTL_UPDATE_SNAPSHOTS=1 pytest tests/reports/test_snapshots.py`` and review the diff by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from digictl import __version__
from digictl.cli import app
from digictl.output.reports.build import KINDS
from tests.conftest import BASE, BASE_AS_OF
from tests.snapshots import check_snapshot

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
# the version that made a report is stored as a placeholder, so a release changes no snapshot
VERSION = "@VERSION@"

# file name -> (language, format, year)
CASES = {
    **{f"{kind}.{lang}.md": (lang, "md", None) for kind in KINDS for lang in ("en", "nn")},
    "annual-report-2022.en.md": ("en", "md", "2022"),
    "annual-plan.en.html": ("en", "html", None),
    "board.nb.html": ("nb", "html", None),
    "agreement.en.html": ("en", "html", None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_report_snapshot(name: str) -> None:
    lang, fmt, year = CASES[name]
    kind = name.split(".")[0].removesuffix("-2022")
    args = ["--data", str(BASE), "--as-of", BASE_AS_OF.isoformat(), "--lang", lang]
    args += ["report", kind, "--format", fmt] + (["--year", year] if year else [])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    made_by = f"digictl {__version__}"
    assert made_by in result.stdout
    got = result.stdout.replace(made_by, f"digictl {VERSION}")
    check_snapshot(SNAPSHOTS / name, got)
