"""Small shared renderers for the listing commands: terminal tables, plain rows, Markdown, JSON.

Every value enters a table here, through the format's escape (digictl.output.escape): Markdown
cells through ``md``, terminal cells, titles and captions through ``terminal`` (as rich
``Text`` on a terminal: no markup is read from data).

``print_table`` writes one of two things, chosen by whether stdout is a terminal:

- **On a terminal**, a rich table. Columns holding ids, dates, numbers, statuses and kinds
  are never wrapped or cut: each is as wide as its longest value. Only the free-text columns
  a command names (titles, names, summaries, messages) wrap, folding a word longer than the
  column; when even the whole-value columns do not fit the terminal, the table is drawn
  wider than it and the terminal wraps its lines, but no value is cut.
- **Elsewhere** (a pipe, a file, a CI log, a test's CliRunner), plain rows, a stable
  machine format (the `--help` of each listing command says so):

  - ``# `` and the table's title, when it has one;
  - the header: the column names separated by tabs;
  - one line per row: the values separated by tabs, each through ``terminal``, so a tab,
    newline or other hidden character in a value is written as its escape (``\\t``,
    ``\\n``) and no value spans two lines or two columns; a row whose first value starts
    with ``#`` has it written ``\\#``, so that no row reads as a comment;
  - ``# `` and each line of the caption (totals, "no deadlines");
  - an empty line, which ends the table (a command may print several).

  No box drawing, no padding, no colour; lines starting with ``#`` are comments.

  Plain rows are written without importing rich, and a cell the escape would leave as it
  is (most are: ids, dates, numbers, names) skips the escape's regular expressions.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from digictl.output.escape import md, terminal
from digictl.output.tty import may_be_terminal

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

FREE_TEXT_MIN = 10  # the narrowest a wrapping column gets before the table outgrows the terminal
PLAIN_NOTE = (
    "Tables are written for people on a terminal; piped or redirected, they are plain "
    "tab-separated rows (a `# ` title line, a header line, one line per row, `# ` caption "
    "lines, an empty line), a stable format for scripts."
)


def print_json(obj: object) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _plain_text(text: str) -> bool:
    """True when no escape changes ``text``: printable characters below U+0300 (none of them
    hidden: the hidden ones there are controls and the soft hyphen, which are not printable),
    no ``::`` and no ``##[``. Most cells are such text: ids, dates, numbers, Norwegian names."""
    return (
        text.isprintable()
        and (text.isascii() or max(text) < "\u0300")
        and "::" not in text
        and "##[" not in text
    )


_MD_ACTIVE = frozenset("\\`*_[]|~$<>&@#:")  # what the Markdown escape acts on, anywhere


def _md_plain(text: str) -> bool:
    """True when ``md(text)`` is ``text``: plain text (see ``_plain_text``) without a character
    Markdown escapes, ``www.`` or ``gh-``, not padded with spaces and not starting as a block
    would (``- + =``, or digits and then ``.`` or ``)``)."""
    if not text:
        return True
    if not (_plain_text(text) and _MD_ACTIVE.isdisjoint(text)):
        return False
    if text[0] in "-+= " or text[-1] == " ":
        return False
    lower = text.lower()
    if "www." in lower or "gh-" in lower:
        return False
    digits = len(text) - len(text.lstrip("0123456789"))
    return not (digits and text[digits : digits + 1] in (".", ")"))


def terminal_cell(value: object) -> str:
    """``escape.terminal`` of a value (``""`` for None), skipping the regular expressions for
    text they would leave as it is."""
    text = "" if value is None else str(value)
    return text if _plain_text(text) else terminal(text)


def _md_cell(value: object, seen: dict[str, str]) -> str:
    text = "" if value is None else str(value)
    if _md_plain(text):
        return text
    if text not in seen:
        seen[text] = md(text)
    return seen[text]


def md_table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    seen: dict[str, str] = {}  # escaped values, for the ones that repeat (statuses, owners)
    out = [
        "| " + " | ".join(_md_cell(c, seen) for c in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    out += ["| " + " | ".join(_md_cell(c, seen) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def make_console() -> Console:
    """The console every terminal output of the listing commands goes to: stdout. Tests
    replace this function to draw on a terminal of a given width."""
    from rich.console import Console

    return Console(highlight=False)


_DEFAULT_CONSOLE = make_console


def is_plain(console: Console) -> bool:
    """True when output goes to no terminal: plain rows instead of drawn tables."""
    return not console.is_terminal


def terminal_console() -> Console | None:
    """The console to draw on, or None off a terminal (then plain rows are written, and rich
    is not even imported unless ``make_console`` was replaced)."""
    if make_console is _DEFAULT_CONSOLE and not may_be_terminal():
        return None
    console = make_console()
    return None if is_plain(console) else console


def _lines(caption: str | Sequence[str]) -> list[str]:
    return [line for line in ([caption] if isinstance(caption, str) else caption) if line]


def print_table(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    caption: str | Sequence[str] = "",
    *,
    wrap: Collection[str] = (),
) -> None:
    """A table with a title and ``caption`` (one line, or several given as a sequence).

    ``wrap`` names the free-text columns, which may wrap on a terminal; every other column
    is kept whole. See the module's description of the plain format used off a terminal.
    """
    cells = [[terminal_cell(c) for c in row] for row in rows]
    console = terminal_console()
    if console is None:
        _write_plain(title, columns, cells, _lines(caption))
        return
    table = _rich_table(title, columns, cells, _lines(caption), wrap)
    width = _needed_width(columns, cells, wrap)
    if width > console.width:
        table.width = width  # wider than the terminal: its lines wrap, no value is cut
    console.print(table, crop=False)


def _write_plain(
    title: str, columns: Sequence[str], cells: list[list[str]], caption: list[str]
) -> None:
    out: list[str] = [f"# {terminal(title)}"] if title else []
    out.append("\t".join(terminal(c) for c in columns))
    for row in cells:
        first = row[:1]
        if first and first[0].startswith("#"):
            first = ["\\" + first[0]]
        out.append("\t".join(first + row[1:]))
    out += [f"# {terminal(line)}" for line in caption]
    sys.stdout.write("\n".join(out) + "\n\n")


def _rich_table(
    title: str,
    columns: Sequence[str],
    cells: list[list[str]],
    caption: list[str],
    wrap: Collection[str],
) -> Table:
    from rich.table import Table
    from rich.text import Text

    from digictl.output.escape import terminal_text

    table = Table(
        title=terminal_text(title, "table.title") if title else None,
        caption=(
            Text("\n".join(terminal(line) for line in caption), style="table.caption")
            if caption
            else None
        ),
        title_justify="left",
        header_style="bold",
    )
    for i, c in enumerate(columns):
        if c in wrap:
            narrowest = min(FREE_TEXT_MIN, _longest(c, cells, i))
            table.add_column(terminal_text(c), overflow="fold", min_width=narrowest)
        else:
            table.add_column(
                terminal_text(c), no_wrap=True, overflow="ignore", min_width=_longest(c, cells, i)
            )
    for row in cells:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _longest(column: str, cells: list[list[str]], i: int) -> int:
    from rich.cells import cell_len

    return max([cell_len(column)] + [cell_len(row[i]) for row in cells if i < len(row)])


def _needed_width(columns: Sequence[str], cells: list[list[str]], wrap: Collection[str]) -> int:
    """The narrowest the table can be without cutting a value: the whole-value columns at
    their longest value, the free-text ones at their minimum, plus padding and rules."""
    content = sum(
        min(FREE_TEXT_MIN, _longest(c, cells, i)) if c in wrap else _longest(c, cells, i)
        for i, c in enumerate(columns)
    )
    return content + 3 * len(columns) + 1  # one space either side, a rule between and around


def iso(value: object) -> str:
    return (
        value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))
    )
