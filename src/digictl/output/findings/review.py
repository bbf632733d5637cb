"""The formats' writers of a change Review (`digictl diff`): md (a pull-request comment),
json, text."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

from digictl.findings import Finding
from digictl.i18n import N_, _, ngettext
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
        already = ngettext(
            "{n} error already on {base}, not caused by this change (listed below).",
            "{n} errors already on {base}, not caused by this change (listed below).",
            len(r.existing),
            base=md(_clip(r.base, 200)),
        )
        head.append(f"ℹ️ {already}")
        head.append("")
    head += [f"- {md_marked(_clip(s))}" for c in r.changes for s in c.sentences][:10]
    head.append("")
    return _fit(head, _blocks(r), limit)


def _blocks(r: Review) -> list[tuple[str, list[str]]]:
    """The collapsed blocks of the comment: findings introduced, resolved, the errors the
    base already had, the changes."""
    blocks: list[tuple[str, list[str]]] = []
    if r.introduced:
        title = _("Findings introduced ({n})", n=len(r.introduced))
        blocks.append((f"<details open><summary>{title}</summary>", _findings_md(r.introduced)))
    if r.resolved:
        title = _("Findings resolved ({n})", n=len(r.resolved))
        blocks.append((f"<details><summary>{title}</summary>", _findings_md(r.resolved)))
    if r.existing:
        title = _(
            "Errors already on {base} (not caused by this change) ({n})",
            base=md(_clip(r.base, 200)),
            n=len(r.existing),
        )
        blocks.append((f"<details><summary>{title}</summary>", _findings_md(r.existing)))
    if r.changes:
        lines: list[str] = []
        for c in r.changes:
            where = f"{md(c.file)}:{c.line}"
            lines.append("#### " + _(_HEADING[c.change], entity=md_code(c.entity), where=where))
            lines += [f"- {md_marked(_clip(s))}" for s in c.sentences] + [""]
        title = ngettext("Changes ({n} entity)", "Changes ({n} entities)", len(r.changes))
        blocks.append((f"<details><summary>{title}</summary>", lines))
    return blocks


def _findings_md(findings: list[Finding]) -> list[str]:
    return [_finding_md(f) for f in findings]


# how a changed entity is headed in the comment, and named in the text format
_HEADING = {
    "added": N_("{entity} (added, {where})"),
    "removed": N_("{entity} (removed, {where})"),
    "changed": N_("{entity} (changed, {where})"),
}
_HOW = {
    "added": N_("added · {where}"),
    "removed": N_("removed · {where}"),
    "changed": N_("changed · {where}"),
}


def _note(n: int) -> str:
    """What a comment cut short ends with: how many lines were left out."""
    said = ngettext(
        "… cut here: {n} more line. Run `digictl diff` locally for everything.",
        "… cut here: {n} more lines. Run `digictl diff` locally for everything.",
        n,
    )
    return f"\n{said}\n"


_CLOSING = "\n</details>\n"


def _fit(head: list[str], blocks: list[tuple[str, list[str]]], limit: int) -> str:
    """The head lines, then each block, as far as they fit in ``limit`` characters.

    Whole lines only: a cut never splits an escape or a code span."""
    reserve = len(_note(10**9)) + len(_CLOSING) + 20
    out = ""
    for line in head:
        if len(out) + len(line) + 1 + reserve > limit:
            break
        out += line + "\n"
    remaining = sum(len(lines) + 1 for _title, lines in blocks)
    for title, lines in blocks:
        if len(out) + len(title) + 2 + reserve > limit:
            return out + _note(remaining)
        out += title + "\n\n"
        remaining -= 1
        for line in lines:
            if len(out) + len(line) + 1 + reserve > limit:
                return out + _note(remaining) + _CLOSING
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
        where = f"{terminal(c.file)}:{c.line}"
        console.print(
            Text.assemble(
                (terminal(c.entity), "bold"),
                " ",
                (_(_HOW[c.change], where=where), "dim"),
            )
        )
        for s in c.sentences:
            console.print(Text("  " + terminal(s)))
    sections = (
        (_("findings introduced"), r.introduced),
        (_("findings resolved"), r.resolved),
        (
            _(
                "errors already there before ({base}), not caused by the change",
                base=terminal(r.base),
            ),
            r.existing,
        ),
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
