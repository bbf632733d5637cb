"""The HTML documents pass axe-core's WCAG 2.1 AA rules in headless Chromium.

Public bodies in Norway must meet WCAG 2.1 AA (forskrift om universell utforming av IKT),
and the reports and meeting documents are published. Each HTML document is opened beside a
copy of axe-core (``axe.min.js`` from npm, at ``$DIGICTL_AXE`` or where .ci/run installs it:
build/axe/node_modules/axe-core/axe.min.js) with a script that runs ``axe.run`` with the
tags wcag2a, wcag2aa, wcag21a and wcag21aa and writes the violations into the page as JSON;
``chromium --headless --dump-dom`` gives the page back. No violation is allowed.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from digictl.cli import app
from digictl.output.reports.build import KINDS
from tests.conftest import ROOT
from tests.reports.test_browser import CHROMIUM, chromium

AXE = Path(
    os.environ.get(
        "DIGICTL_AXE", ROOT / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
    )
)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AS_OF = "2026-11-21"
MEETING = "2026-11-12-programstyret"

needs_axe = pytest.mark.skipif(
    (CHROMIUM is None or not AXE.is_file()) and not os.environ.get("CI"),
    reason="chromium or axe-core is not installed (.ci/run installs both)",
)

# runs after the document has loaded; the result goes into the DOM that --dump-dom prints
_RUN_AXE = """
window.addEventListener("load", function () {
  function report(value) {
    var out = document.createElement("pre");
    out.id = "axe-result";
    out.textContent = JSON.stringify(value);
    document.body.appendChild(out);
  }
  axe.run(document, {
    runOnly: {type: "tag", values: %s},
    resultTypes: ["violations"]
  }).then(function (result) {
    report({violations: result.violations.map(function (v) {
      return {id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(function (n) { return n.target.join(" "); })};
    })});
  }, function (error) { report({error: String(error)}); });
});
"""


def violations(tmp_path: Path, page: str) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 AA violations of the HTML document ``page``."""
    assert AXE.is_file(), f"no axe-core at {AXE} (.ci/run installs it from npm)"
    folder = tmp_path / "axe"
    folder.mkdir()
    shutil.copyfile(AXE, folder / "axe.min.js")
    (folder / "run-axe.js").write_text(_RUN_AXE % json.dumps(TAGS), encoding="utf-8")
    scripts = '<script src="axe.min.js"></script><script src="run-axe.js"></script>'
    assert page.count("</body>") == 1
    (folder / "page.html").write_text(page.replace("</body>", scripts + "</body>"), "utf-8")
    dom = chromium(
        tmp_path, "--virtual-time-budget=20000", "--dump-dom", (folder / "page.html").as_uri()
    )
    found = re.search(r'<pre id="axe-result">(.*?)</pre>', dom, re.S)
    assert found, "axe-core did not run:\n" + dom[-2000:]
    result = json.loads(html.unescape(found.group(1)))
    assert "error" not in result, result
    found_violations: list[dict[str, Any]] = result["violations"]
    return found_violations


def described(found: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:8])
        for v in found
    )


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    return data


def _run(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output


@needs_axe
@pytest.mark.parametrize("kind", KINDS)
def test_report_meets_wcag_21_aa(kind: str, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.html"
    common = ["--data", str(_data(tmp_path)), "--as-of", AS_OF, "--lang", "nb"]
    _run([*common, "report", kind, "--year", "2026", "--format", "html", "-o", str(out)])
    found = violations(tmp_path, out.read_text(encoding="utf-8"))
    assert not found, f"{kind}: axe-core found WCAG 2.1 AA violations:\n{described(found)}"


@needs_axe
@pytest.mark.parametrize("document", ["notice", "minutes"])
def test_meeting_document_meets_wcag_21_aa(document: str, tmp_path: Path) -> None:
    out = tmp_path / f"{document}.html"
    common = ["--data", str(_data(tmp_path)), "--as-of", AS_OF, "--lang", "nb"]
    _run([*common, "meeting", document, MEETING, "--format", "html", "-o", str(out)])
    found = violations(tmp_path, out.read_text(encoding="utf-8"))
    assert not found, f"{document}: axe-core found WCAG 2.1 AA violations:\n{described(found)}"
