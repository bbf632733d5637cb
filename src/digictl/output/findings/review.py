"""The formats' writers of a change Review (`digictl diff`): md (a pull-request comment),
json, text."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

from digictl.findings import Finding
from digictl.output.escape import md, md_code, md_marked
from digictl.output.findings import review_reporter

if TYPE_CHECKING:
    from digictl.history.review import Review

MAX_MD = 60_000  # GitHub comments hold 65 536 characters
MARKER = "<!-- digictl-diff -->"


@review_reporter("json")
def json_review(r: Review, out: TextIO) -> None:
    json.dump(r.as_dict(), out, ensure_ascii=False, indent=2)
    out.write("\n")


def _finding_md(f: Finding) -> str:
    """One finding as a list item; every value escaped (clipped first, so no escape is cut)."""
    return (
        f"- **{f.severity.value}** {md_code(_clip(f.rule, 80))} "
        f"{md(_clip(f.file, 200))}:{f.line}: {md_marked(_clip(f.message, 500))}"
    )


def _clip(text: str, width: int = 300) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def markdown(r: Review, limit: int = MAX_MD) -> str:
    """The pull-request comment: the marker, one summary line, the main changes, then
    details in collapsed blocks. It never exceeds ``limit`` characters: what does not
    fit is cut at a line, the open block is closed and a note says so."""
    icon = "❌" if r.failed else "✅"
    head = [MARKER, f"{icon} **digictl**: {md(r.summary())}", ""]
    if r.existing:
        n = len(r.existing)
        head.append(
            f"ℹ️ {n} error{'s' if n != 1 else ''} already on {md(_clip(r.base, 200))}, "
            "not caused by this change (listed below).",
        )
        head.append("")
    head += [f"- {md_marked(_clip(s))}" for c in r.changes for s in c.sentences][:10]
    head.append("")
    return _fit(head, _blocks(r), limit)


def _blocks(r: Review) -> list[tuple[str, list[str]]]:
    """The collapsed blocks of the comment: findings introduced, resolved, the errors the
    base already had, the changes."""
    blocks: list[tuple[str, list[str]]] = []
    if r.introduced:
        title = f"<details open><summary>Findings introduced ({len(r.introduced)})</summary>"
        blocks.append((title, [_finding_md(f) for f in r.introduced]))
    if r.resolved:
        title = f"<details><summary>Findings resolved ({len(r.resolved)})</summary>"
        blocks.append((title, [_finding_md(f) for f in r.resolved]))
    if r.existing:
        title = (
            f"<details><summary>Errors already on {md(_clip(r.base, 200))} "
            f"(not caused by this change) ({len(r.existing)})</summary>"
        )
        blocks.append((title, [_finding_md(f) for f in r.existing]))
    if r.changes:
        lines: list[str] = []
        for c in r.changes:
            lines.append(f"#### {md_code(c.entity)} ({c.change}, {md(c.file)}:{c.line})")
            lines += [f"- {md_marked(_clip(s))}" for s in c.sentences] + [""]
        blocks.append((f"<details><summary>Changes ({len(r.changes)} entities)</summary>", lines))
    return blocks


_NOTE = "\n… cut here: {n} more lines. Run `digictl diff` locally for everything.\n"
_CLOSING = "\n</details>\n"


def _fit(head: list[str], blocks: list[tuple[str, list[str]]], limit: int) -> str:
    """The head lines, then each block, as far as they fit in ``limit`` characters.

    Whole lines only: a cut never splits an escape or a code span."""
    reserve = len(_NOTE) + len(_CLOSING) + 20
    out = ""
    for line in head:
        if len(out) + len(line) + 1 + reserve > limit:
            break
        out += line + "\n"
    remaining = sum(len(lines) + 1 for _, lines in blocks)
    for title, lines in blocks:
        if len(out) + len(title) + 2 + reserve > limit:
            return out + _NOTE.format(n=remaining)
        out += title + "\n\n"
        remaining -= 1
        for line in lines:
            if len(out) + len(line) + 1 + reserve > limit:
                return out + _NOTE.format(n=remaining) + _CLOSING
            out += line + "\n"
            remaining -= 1
        out += "\n</details>\n\n"
    return out


@review_reporter("md")
def md_review(r: Review, out: TextIO) -> None:
    out.write(markdown(r))


@review_reporter("text")
def text_review(r: Review, out: TextIO) -> None:
    from rich.console import Console
    from rich.text import Text

    from digictl.output.escape import terminal

    console = Console(file=out, highlight=False, soft_wrap=True)
    console.print(Text(terminal(r.summary()), style="bold red" if r.failed else "bold green"))
    for c in r.changes:
        console.print(
            Text.assemble(
                (terminal(c.entity), "bold"),
                " ",
                (f"{c.change} · {terminal(c.file)}:{c.line}", "dim"),
            )
        )
        for s in c.sentences:
            console.print(Text("  " + terminal(s)))
    sections = (
        ("findings introduced", r.introduced),
        ("findings resolved", r.resolved),
        (f"errors already there before ({terminal(r.base)}), not caused by the change", r.existing),
    )
    for title, findings in sections:
        if findings:
            console.print(Text(title, style="bold"))
            for f in findings:
                console.print(
                    Text.assemble(
                        f"  {f.severity.value:<7} {terminal(f.file)}:{f.line} "
                        f"{terminal(f.message)} ",
                        (f"({terminal(f.rule)})", "dim"),
                    )
                )
