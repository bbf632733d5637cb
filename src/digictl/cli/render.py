"""Small shared renderers for the listing commands: rich tables, Markdown tables, JSON.

Every value enters a table here, through the format's escape (digictl.output.escape): Markdown
cells through ``md``, terminal cells, titles and captions through ``terminal`` as rich
``Text`` (no markup is read from data).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from digictl.output.escape import md


def print_json(obj: object) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _md_cell(value: object) -> str:
    return "" if value is None else md(value)


def md_table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = ["| " + " | ".join(_md_cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def print_table(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    caption: str | Sequence[str] = "",
) -> None:
    """A rich table; ``caption`` is one line, or several given as a sequence."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from digictl.output.escape import terminal, terminal_text

    lines = [caption] if isinstance(caption, str) else list(caption)
    table = Table(
        title=terminal_text(title, "table.title"),
        caption=(
            Text("\n".join(terminal(line) for line in lines), style="table.caption")
            if any(lines)
            else None
        ),
        title_justify="left",
        header_style="bold",
    )
    for c in columns:
        table.add_column(terminal_text(c))
    for row in rows:
        table.add_row(*(terminal_text("" if c is None else c) for c in row))
    Console(highlight=False).print(table)


def iso(value: object) -> str:
    return (
        value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))
    )
