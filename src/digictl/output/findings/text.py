"""The terminal reporter: findings grouped by file, then a summary line."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from digictl.findings import Result, Severity
from digictl.i18n import _, ngettext
from digictl.output.findings import reporter
from digictl.output.tty import may_be_terminal

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def counts(result: Result) -> dict[str, str]:
    """The counts of findings by severity, as the words that name them (``3 errors``)."""
    c = result.counts
    return {
        "errors": ngettext("{n} error", "{n} errors", c["error"]),
        "warnings": ngettext("{n} warning", "{n} warnings", c["warning"]),
        "notes": ngettext("{n} note", "{n} notes", c["info"]),
    }


def summary_line(result: Result) -> str:
    files = ngettext("{n} file", "{n} files", result.files)
    if result.failed(result.strict):
        return _("FAILED: {errors}, {warnings}, {notes} in {files}", files=files, **counts(result))
    return _("ok: {errors}, {warnings}, {notes} in {files}", files=files, **counts(result))


def _plain_report(result: Result, out: TextIO) -> None:
    """What ``text_report`` draws, without rich: the same characters, no colour."""
    from digictl.output.escape import terminal

    lines: list[str] = []
    for file, group in groupby(result.findings, key=lambda f: f.file):
        lines.append(terminal(file))
        lines += [
            f"  {f.line:>4}  {f.severity.value:<7} {terminal(f.message)}  ({terminal(f.rule)})"
            for f in group
        ]
    lines.append(summary_line(result))
    out.write("\n".join(lines) + "\n")


@reporter("text")
def text_report(result: Result, out: TextIO) -> None:
    if not may_be_terminal(out):
        _plain_report(result, out)
        return
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
