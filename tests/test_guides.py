"""The guides are run: every command in docs/programme-leader.md and docs/reviewer.md, in order.

Each ```sh block is a list of shell commands, each ```csv NAME block a file the reader keeps
(a spreadsheet saved as CSV): the test writes it where the reader stands at that point, runs
every command with the installed `digictl` on PATH, as of the date the guide names, and fails
on the first command that does not exit 0, naming the guide and the command.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.test_gitrepo import GIT_ENV

ROOT = Path(__file__).resolve().parents[1]
GUIDES = (ROOT / "docs/programme-leader.md", ROOT / "docs/reviewer.md")
AS_OF = "2026-12-02"  # the guides say so
FENCE = re.compile(r"^```(\w+)[ \t]*(\S*)[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Block:
    guide: str
    kind: str  # "sh" or "csv"
    name: str  # the file a csv block is saved as
    text: str


def blocks(guide: Path) -> list[Block]:
    text = guide.read_text(encoding="utf-8")
    return [
        Block(guide.name, m.group(1), m.group(2), m.group(3))
        for m in FENCE.finditer(text)
        if m.group(1) in ("sh", "csv")
    ]


def script(all_blocks: list[Block]) -> str:
    """One bash script: files written in place, each command checked on its own line."""
    lines = ["set -u"]
    for b in all_blocks:
        if b.kind == "csv":
            assert b.name, f"{b.guide}: a csv block needs a file name after ```csv"
            lines.append(f"cat > {shlex.quote(b.name)} <<'DIGICTL_GUIDE_EOF'")
            lines.append(b.text.rstrip("\n"))
            lines.append("DIGICTL_GUIDE_EOF")
            continue
        for command in b.text.splitlines():
            if not command.strip() or command.lstrip().startswith("#"):
                continue
            shown = shlex.quote(f"{b.guide}: {command}")
            lines.append(f"echo {shown} >&2")
            lines.append(f"{command} || {{ echo FAILED: {shown} >&2; exit 1; }}")
    return "\n".join(lines) + "\n"


def test_every_guide_block_is_shell_or_a_named_csv_file() -> None:
    for guide in GUIDES:
        found = blocks(guide)
        assert any(b.kind == "sh" for b in found), guide
        for b in found:
            assert b.kind == "sh" or b.name.endswith(".csv"), (guide, b)
        sh = [line for b in found if b.kind == "sh" for line in b.text.splitlines()]
        for line in sh:  # each command is one line: no continuation, nothing hand-edited
            assert not line.rstrip().endswith("\\"), line


def test_the_guides_run_in_order(tmp_path: Path) -> None:
    all_blocks = [b for guide in GUIDES for b in blocks(guide)]
    bin_dir = Path(sys.executable).parent
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DIGICTL_", "GIT_"))},
        **GIT_ENV,
        "GIT_AUTHOR_NAME": "Programleiar",
        "GIT_AUTHOR_EMAIL": "programleiar@example.org",
        "GIT_COMMITTER_NAME": "Programleiar",
        "GIT_COMMITTER_EMAIL": "programleiar@example.org",
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "DIGICTL_AS_OF": AS_OF,
        "COLUMNS": "100",
    }
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", script(all_blocks)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    failed = [line for line in result.stderr.splitlines() if line.startswith("FAILED:")]
    assert result.returncode == 0, "\n".join(
        [*failed, result.stdout[-3000:], result.stderr[-3000:]]
    )
    repo = tmp_path / "digi-vestland"
    # what the guides said would be there is there
    assert len(list((repo / "data/organisations").glob("*.yaml"))) == 44  # 43 + the county
    assert (repo / "arsplan-2027.html").is_file()
    assert (repo / "kommentar.md").read_text(encoding="utf-8").startswith("<!-- digictl-diff -->")
