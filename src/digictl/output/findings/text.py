"""The terminal reporter: findings grouped by file, then a summary line."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from digictl.findings import Result, Severity
from digictl.output.findings import reporter

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def summary_line(result: Result) -> str:
    c = result.counts
    verdict = "FAILED" if result.failed(result.strict) else "ok"
    return (
        f"{verdict}: {c['error']} errors, {c['warning']} warnings, {c['info']} notes "
        f"in {result.files} files"
    )


@reporter("text")
def text_report(result: Result, out: TextIO) -> None:
    from rich.console import Console
    from rich.text import Text

    from digictl.output.escape import terminal

    console = Console(file=out, highlight=False, soft_wrap=True)
    for file, group in groupby(result.findings, key=lambda f: f.file):
        console.print(Text(terminal(file), style="bold"))
        for f in group:
            console.print(
                Text.assemble(
                    f"  {f.line:>4}  ",
                    (f"{f.severity.value:<7}", _STYLE[f.severity]),
                    " ",
                    terminal(f.message),
                    "  ",
                    (f"({terminal(f.rule)})", "dim"),
                )
            )
    style = "bold red" if result.failed(result.strict) else "bold green"
    console.print(Text(summary_line(result), style=style))
