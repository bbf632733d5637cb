"""Reporters for `digictl diff`: md (a pull-request comment), json, text."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TextIO

from digictl.findings import Finding
from digictl.review import Review

MAX_MD = 60_000  # GitHub comments hold 65 536 characters
MARKER = "<!-- digictl-diff -->"

ReviewReporter = Callable[[Review, TextIO], None]
REVIEW_REPORTERS: dict[str, ReviewReporter] = {}


def review_reporter(name: str) -> Callable[[ReviewReporter], ReviewReporter]:
    def register(fn: ReviewReporter) -> ReviewReporter:
        REVIEW_REPORTERS[name] = fn
        return fn

    return register


@review_reporter("json")
def json_review(r: Review, out: TextIO) -> None:
    json.dump(r.as_dict(), out, ensure_ascii=False, indent=2)
    out.write("\n")


def _finding_md(f: Finding) -> str:
    return f"- **{f.severity.value}** `{f.rule}` {f.file}:{f.line}: {f.message}"


def markdown(r: Review, limit: int = MAX_MD) -> str:
    icon = "❌" if r.failed else "✅"
    lines = [MARKER, f"{icon} **digictl**: {r.summary()}", ""]
    headline = [s for c in r.changes for s in c.sentences][:10]
    lines += [f"- {s}" for s in headline]
    lines.append("")
    body: list[str] = []
    if r.introduced:
        body += [f"<details open><summary>Findings introduced ({len(r.introduced)})</summary>", ""]
        body += [_finding_md(f) for f in r.introduced] + ["", "</details>", ""]
    if r.resolved:
        body += [f"<details><summary>Findings resolved ({len(r.resolved)})</summary>", ""]
        body += [_finding_md(f) for f in r.resolved] + ["", "</details>", ""]
    if r.changes:
        body += [f"<details><summary>Changes ({len(r.changes)} entities)</summary>", ""]
        for c in r.changes:
            body.append(f"#### `{c.entity}` ({c.change}, {c.file}:{c.line})")
            body += [f"- {s}" for s in c.sentences] + [""]
        body += ["</details>", ""]
    text = "\n".join(lines)
    for i, line in enumerate(body):
        if len(text) + len(line) + 200 > limit:
            rest = len(body) - i
            text += (
                f"\n… cut here: {rest} more lines. Run `digictl diff` locally for everything."
                "\n\n</details>\n"
            )
            break
        text += line + "\n"
    return text


@review_reporter("md")
def md_review(r: Review, out: TextIO) -> None:
    out.write(markdown(r))


@review_reporter("text")
def text_review(r: Review, out: TextIO) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(file=out, highlight=False, soft_wrap=True)
    style = "bold red" if r.failed else "bold green"
    console.print(f"[{style}]{escape(r.summary())}[/{style}]")
    for c in r.changes:
        console.print(
            f"[bold]{escape(c.entity)}[/bold] [dim]{c.change} · {escape(c.file)}:{c.line}[/dim]"
        )
        for s in c.sentences:
            console.print(f"  {escape(s)}")
    for title, findings in (("introduced", r.introduced), ("resolved", r.resolved)):
        if findings:
            console.print(f"[bold]findings {title}[/bold]")
            for f in findings:
                console.print(
                    f"  {f.severity.value:<7} {escape(f.file)}:{f.line} {escape(f.message)} "
                    f"[dim]({escape(f.rule)})[/dim]"
                )
