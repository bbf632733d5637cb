"""Small shared renderers for the listing commands: rich tables, Markdown tables, JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence


def print_json(obj: object) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _md_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def md_table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def print_table(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[object]], caption: str = ""
) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, caption=caption or None, title_justify="left", header_style="bold")
    for c in columns:
        table.add_column(c)
    for row in rows:
        table.add_row(*("" if c is None else str(c) for c in row))
    Console(highlight=False).print(table)


def iso(value: object) -> str:
    return (
        value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))
    )
