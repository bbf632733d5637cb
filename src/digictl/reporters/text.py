"""The terminal reporter: findings grouped by file, then a summary line."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from digictl.findings import Result, Severity
from digictl.reporters import reporter

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
    from rich.markup import escape

    console = Console(file=out, highlight=False, soft_wrap=True)
    for file, group in groupby(result.findings, key=lambda f: f.file):
        console.print(f"[bold]{escape(file)}[/bold]")
        for f in group:
            style = _STYLE[f.severity]
            console.print(
                f"  {f.line:>4}  [{style}]{f.severity.value:<7}[/{style}] "
                f"{escape(f.message)}  [dim]({escape(f.rule)})[/dim]"
            )
    style = "bold red" if result.failed(result.strict) else "bold green"
    console.print(f"[{style}]{escape(summary_line(result))}[/{style}]")
