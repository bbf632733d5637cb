"""The listing commands' shortcuts (issue 15 part 3) change nothing but the time they take.

- ``render.terminal_cell`` and Markdown table cells skip the escapes' regular expressions
  for text the escapes leave as it is: for every text, the result is the escape's.
- Off a terminal, tables are plain rows written without importing rich; wherever rich
  would find a terminal (a tty, ``FORCE_COLOR``, ``TTY_COMPATIBLE``), it still decides.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digictl.cli import render
from digictl.output.escape import md, terminal
from tests.conftest import ROOT

# what the escapes act on, so that generated text often holds it
SPECIAL = (
    "\\`*_[]|~$<>&@#:-+=.) 0123456789wWgGhH\t\n\r\x00\x1b\x7f\x85\xa0\xad"
    "\u034f\u061c\u200b\u200c\u200d\u202e\u2028\u3164\ufe0f\ufeff\U000e0041æøåÆØÅšŋ"
)
TEXT = st.text(st.sampled_from(SPECIAL) | st.characters(), max_size=12)
PIECES = ["::", "##[", "www.", "WWW.", "gh-1", "GH-2", "1.", "12)", " ", "-", "# ", "a:b"]
JOINED = st.lists(st.sampled_from(PIECES) | TEXT, max_size=4).map("".join)


@given(JOINED)
def test_terminal_cell_is_the_terminal_escape(text: str) -> None:
    assert render.terminal_cell(text) == terminal(text)


PLANES = [chr(code) for code in range(0x10000)] + [chr(code) for code in range(0xE0000, 0xE0080)]


def test_terminal_cell_of_every_character() -> None:
    """Every character of the basic plane and every tag, after a Latin letter and alone."""
    wrong = [c for c in PLANES for t in (f"a{c}", c) if render.terminal_cell(t) != terminal(t)]
    assert not wrong


def test_markdown_cells_of_every_character() -> None:
    table = render.md_table(["c"], [[f"a{c}b"] for c in PLANES] + [[c] for c in PLANES])
    cells = [f"a{c}b" for c in PLANES] + PLANES
    assert table.splitlines()[2:] == [f"| {md(c)} |" for c in cells]


@given(JOINED)
def test_markdown_cells_are_the_markdown_escape(text: str) -> None:
    table = render.md_table(["c"], [[text], [text]])
    assert table.splitlines()[2:] == [f"| {md(text)} |"] * 2


AWKWARD = "2024-06-01|1. item|12) x|1234567890. x|- a|+|= b| pad|pad |www.kommune.no|gh-12|#3"


@pytest.mark.parametrize("value", [None, "", 7, -3, "a::b", "Bjørn Åsen", *AWKWARD.split("|")])
def test_markdown_cells_of_awkward_values(value: object) -> None:
    expected = "" if value is None else md(value)
    assert render.md_table(["c"], [[value]]).splitlines()[2] == f"| {expected} |"


def test_terminal_cell_of_none_and_numbers() -> None:
    assert render.terminal_cell(None) == ""
    assert render.terminal_cell(-3) == terminal(-3) == "-3"


_TABLE = (
    "import sys\n"
    "from digictl.cli import render\n"
    "render.print_table('T', ('a', 'b'), [('x', None), ('#y', 'z\\tw')], ['cap'])\n"
    "sys.stderr.write(' '.join(m for m in sys.modules if m.split('.')[0] == 'rich'))\n"
)


def _table(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    return subprocess.run(
        [sys.executable, "-c", _TABLE],
        env={**clean, **env, "COLUMNS": "80"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )


def test_plain_rows_off_a_terminal_without_rich() -> None:
    r = _table({})
    assert r.stdout == "# T\na\tb\nx\t\n\\#y\tz\\tw\n# cap\n\n"
    assert r.stderr == ""  # rich was not imported


@pytest.mark.parametrize("env", [{"FORCE_COLOR": "1"}, {"TTY_COMPATIBLE": "1"}])
def test_rich_still_decides_when_told_of_a_terminal(env: dict[str, str]) -> None:
    r = _table(env)
    assert "┃" in r.stdout
    assert "rich.console" in r.stderr.split()


def test_rich_still_decides_when_told_of_no_terminal() -> None:
    r = _table({"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"})
    assert r.stdout.startswith("# T\n")


_COMMANDS = (
    "import contextlib, io, sys\n"
    "from digictl.cli import app\n"
    "for cmd in ('status', 'portfolio', 'deadlines', 'board'):\n"
    "    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
    "        app(['--data', 'data', '--as-of', '2024-06-01', cmd])\n"
    "print(' '.join(m for m in sys.modules if m.split('.')[0] == 'rich'))\n"
)


def test_listing_commands_piped_import_no_rich() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    r = subprocess.run(
        [sys.executable, "-c", _COMMANDS], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout == "\n"
