"""Every read command × every format, run in-process, and what must hold of each output.

``run_matrix`` runs the commands on one data directory; ``problems`` checks one
outcome and returns what is wrong with it as sentences (empty: all well). The
checks compare with the same command on the clean base where the templates
themselves produce a construct (a heading, a rule, a link).
"""

from __future__ import annotations

import json
import re
import traceback
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from unittest.mock import patch

from typer.testing import CliRunner

from digictl.cli import app
from digictl.output.reports.build import KINDS

AS_OF = "2023-06-15"
MARK = "ZQX"  # tests/hostile/strategies.py: every forging payload carries it
REPORT_KINDS = KINDS  # every report
MEETING = "2023-06-05-styringsgruppa"  # the base's meeting with notice, agenda and minutes


@dataclass(frozen=True)
class Command:
    id: str  # e.g. "deadlines-md"
    args: tuple[str, ...]
    fmt: str  # text, json, github, junit, ics, md, html
    group: str  # commands of a group must agree on the exit code


def _commands() -> list[Command]:
    listings = {
        "validate": (("text", "text"), ("json", "json"), ("github", "github"), ("junit", "junit")),
        "status": (("table", "text"), ("json", "json")),
        "deadlines": (("table", "text"), ("json", "json"), ("md", "md"), ("ics", "ics")),
        "board": (("table", "text"), ("json", "json"), ("md", "md")),
        "portfolio": (("table", "text"), ("json", "json"), ("md", "md")),
        "rules": (("table", "text"), ("json", "json")),
    }
    extra = {"deadlines": ("--all",), "board": ("--all",)}  # everything, not only what is due
    out = [
        Command(f"{name}-{f}", (name, *extra.get(name, ()), "--format", f), kind, name)
        for name, formats in listings.items()
        for f, kind in formats
    ]
    for k in REPORT_KINDS:
        for f in ("md", "html"):
            out.append(Command(f"report-{k}-{f}", ("report", k, "--format", f), f, f"report-{k}"))
    for doc in ("notice", "minutes"):
        for f in ("md", "html"):
            args = ("meeting", doc, MEETING, "--format", f)
            out.append(Command(f"meeting-{doc}-{f}", args, f, f"meeting-{doc}"))
    for f, kind in (("table", "text"), ("json", "json"), ("md", "md"), ("ics", "ics")):
        args = ("meeting", "plan", "--all", "--format", f)
        out.append(Command(f"meeting-plan-{f}", args, kind, "meeting-plan"))
    return out


COMMANDS = _commands()

ENV: dict[str, str | None] = {
    "COLUMNS": "1000",  # no wrapping: a payload stays in one piece
    "DIGICTL_DEBUG": None,
    "DIGICTL_DATA": None,
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
}


@dataclass
class Outcome:
    command: Command
    exit_code: int
    stdout: str
    stdout_bytes: bytes
    stderr: str
    crash: str | None  # the traceback of an uncaught exception (exit 3 outside CliRunner)


def run(data: Path, command: Command) -> Outcome:
    result = CliRunner().invoke(
        app, ["--data", str(data), "--as-of", AS_OF, "--lang", "nb", *command.args], env=ENV
    )
    exc = result.exception
    crash = None
    if exc is not None and not isinstance(exc, SystemExit):
        crash = "".join(traceback.format_exception(exc)[-6:])
    stdout_bytes = result.stdout_bytes
    try:
        stdout = stdout_bytes.decode("utf-8")
    except UnicodeDecodeError as err:
        stdout = stdout_bytes.decode("utf-8", "replace")
        crash = crash or f"stdout is not UTF-8: {err}"
    try:
        stderr = result.stderr
    except ValueError:  # pragma: no cover - depends on click's runner
        stderr = ""
    return Outcome(command, result.exit_code, stdout, stdout_bytes, stderr, crash)


@contextmanager
def shared_work() -> Iterator[None]:
    """Run many commands faster: build the click command and the report templates once,
    and read and check each data directory once per (as-of, skip, horizon) instead of
    once per command. Each command still renders its own output.
    """
    import typer.main
    import typer.testing

    from digictl.output.reports import render
    from digictl.rules import engine as check

    command = typer.main.get_command(app)
    env = render.environment(None)  # keeps its compiled templates
    read = check.check_source
    make_env = render.environment
    memo: dict[tuple[object, ...], Any] = {}

    def check_once(source: Any, *args: Any, **kwargs: Any) -> Any:
        key = (type(source), str(getattr(source, "root", id(source))), args, tuple(kwargs.items()))
        if key not in memo:
            memo[key] = read(source, *args, **kwargs)
        return memo[key]

    with (
        patch.object(typer.testing, "_get_command", lambda _app: command),
        patch.object(check, "check_source", check_once),
        patch.object(render, "environment", lambda t=None: env if t is None else make_env(t)),
    ):
        yield


def run_matrix(data: Path) -> dict[str, Outcome]:
    with shared_work():
        return {c.id: run(data, c) for c in COMMANDS}


# --- the checks ----------------------------------------------------------------------------------

# C0 controls but tab and newline, DEL, C1 controls, bidi overrides and isolates
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
GITHUB_LINE = re.compile(
    r"^::(error|warning|notice) file=[^,:\n]*,line=\d+,title=[^,:\n]*::[^\r\n]*$"
    # the summary line, in the run's language (nb here: "0 feil, 2 advarsler, 1 merknad")
    r"|^digictl: \d+ [^\W\d]+, \d+ [^\W\d]+, \d+ [^\W\d]+$"
)
MENTION = re.compile(r"(?<![\w`])@(everyone|here|ZQX\w*)")
# rich markup payloads: when shown, the text after the markup must still carry it
RICH_KEPT = [
    ("ZQXbold", "[bold]ZQXbold"),
    ("ZQXrich", "[link=http://evil.example]ZQXrich"),
    ("ZQXclose", "[/bold]ZQXclose"),
]


def _controls(text: str, allow: str = "") -> list[str]:
    return sorted({repr(m.group()) for m in CONTROL.finditer(text) if m.group() not in allow})


def terminal_problems(text: str, where: str, rich: bool = True) -> list[str]:
    """Text a terminal or a CI log shows: no control characters, no workflow command lines."""
    out = []
    bad = _controls(text)
    if bad:
        out.append(f"{where}: raw control characters {', '.join(bad)}")
    for line in text.splitlines():
        if line.lstrip().startswith("::"):
            out.append(f"{where}: a line starts a workflow command: {line[:120]!r}")
            break
    for marker, kept in RICH_KEPT if rich else []:
        shown = text.count(marker)
        if shown and text.count(kept) < shown:
            out.append(f"{where}: rich markup around {marker} was interpreted")
    return out


def github_problems(text: str) -> list[str]:
    out = []
    bad = _controls(text)
    if bad:
        out.append(f"github: raw control characters {', '.join(bad)}")
    for line in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
        if not GITHUB_LINE.match(line):
            out.append(f"github: not a well-formed workflow command line: {line[:160]!r}")
            break
    return out


def json_problems(o: Outcome) -> tuple[list[str], Any]:
    try:
        doc = json.loads(o.stdout)
    except ValueError as exc:
        return [f"json does not parse: {exc}"], None
    out = []
    if o.command.group == "validate":
        for f in doc.get("findings", []):
            if "\n" in f["message"] or "\r" in f["message"]:
                out.append(f"a finding's message spans lines: {f['message'][:120]!r}")
                break
            if not (isinstance(f["line"], int) and f["line"] >= 1):
                out.append(f"a finding has no line: {f!r}"[:200])
                break
    return out, doc


def junit_problems(o: Outcome) -> list[str]:
    try:
        root = ET.fromstring(o.stdout_bytes)
    except ET.ParseError as exc:
        return [f"junit is not well-formed XML: {exc}"]
    if root.tag != "testsuites" or not root.findall("./testsuite/testcase"):
        return ["junit has no testsuites/testsuite/testcase"]
    return []


def ics_problems(o: Outcome) -> tuple[list[str], int]:
    from icalendar import Calendar

    bad = _controls(o.stdout, allow="\r")
    out = [f"ics: raw control characters {', '.join(bad)}"] if bad else []
    try:
        cal = Calendar.from_ical(o.stdout_bytes)
    except Exception as exc:  # icalendar raises ValueError and friends
        return [*out, f"ics does not parse: {exc!r}"[:300]], -1
    events = cal.walk("VEVENT")
    for ev in events:
        if ev.get("summary") is None or ev.get("dtstart") is None:
            out.append("ics: an event without summary or start")
            break
    return out, len(events)


def _walk(tokens: list[Any]) -> list[Any]:
    out = []
    for t in tokens:
        out.append(t)
        if t.children:
            out += _walk(t.children)
    return out


def md_constructs(text: str) -> Counter[str]:
    """What of a Markdown text GitHub would turn into markup that data must never make."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    tokens = _walk(md.parse(text))
    found: Counter[str] = Counter()
    for i, t in enumerate(tokens):
        if t.type in ("html_block", "html_inline"):
            found[f"html {t.content.strip()[:60]!r}"] += 1
        elif t.type == "link_open":
            found[f"link {t.attrGet('href')}"] += 1
        elif t.type == "image":
            found[f"image {t.attrGet('src')}"] += 1
        elif t.type in ("fence", "code_block", "blockquote_open"):
            found[t.type] += 1
        elif t.type == "hr":
            found["hr"] += 1
        elif t.type == "heading_open":
            content = tokens[i + 1].content if i + 1 < len(tokens) else ""
            if not t.markup.startswith("#"):
                found[f"setext heading {content[:40]!r}"] += 1
            elif content.startswith("ZQXheading"):
                found[f"heading {content[:40]!r}"] += 1
        elif t.type == "text":
            for m in MENTION.finditer(t.content):
                found[f"mention @{m.group(1)}"] += 1
    return found


def md_problems(text: str, clean: str) -> list[str]:
    """Markdown constructs that are in the output but not in the same output of clean data."""
    forged = md_constructs(text) - md_constructs(clean)
    return [f"md: data made {k} (×{n})" for k, n in sorted(forged.items())]


# the elements the payloads try to make; a page may have them only where clean data has them too
PAYLOAD_TAGS = {"img", "script", "details", "summary", "a", "x", "iframe"}


class _Tags(HTMLParser):
    """The elements, attributes and comments of a page, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str, str]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += [(tag, a, v or "") for a, v in attrs]

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _tags(text: str) -> _Tags:
    p = _Tags()
    p.feed(text)
    p.close()
    return p


def html_problems(text: str, clean_tags: set[str], payloads: list[str]) -> list[str]:
    """Elements, event handlers, links or comments in a page that came from the data."""
    got = _tags(text)
    out = [f"html: data made a <{t}> element" for t in sorted(got.tags & PAYLOAD_TAGS - clean_tags)]
    for tag, attr, value in got.attrs:
        if attr.startswith("on") or MARK in value or "evil.example" in value:
            out.append(f"html: data made the attribute {attr}={value!r} on <{tag}>")
            break
    if any(MARK in c for c in got.comments):
        out.append("html: data opened a comment")
    for p in payloads:
        if ("<" in p or "&" in p) and p in text:
            out.append(f"html: the payload {p!r} is in the page unescaped")
            break
    bad = _controls(text)
    if bad:
        out.append(f"html: raw control characters {', '.join(bad)}")
    return out


def html_tags(outcomes: dict[str, Outcome]) -> set[str]:
    """The elements the report templates make on their own (from the clean outcomes)."""
    tags: set[str] = set()
    for o in outcomes.values():
        if o.command.fmt == "html":
            tags |= _tags(o.stdout).tags
    return tags


ALLOWED_DIFF_HTML = re.compile(
    r"^(<!-- digictl-diff -->|<details( open)?><summary>[^<>]*</summary>|</details>)$"
)


def diff_md_problems(text: str, clean: str) -> list[str]:
    """The PR comment of `diff`: only its marker and the collapsed blocks are HTML, balanced;
    nothing else that Markdown makes is there more often than in a clean comment."""
    from markdown_it import MarkdownIt

    tokens = _walk(MarkdownIt("commonmark").parse(text))
    html = [t.content.strip() for t in tokens if t.type in ("html_block", "html_inline")]
    out = [f"md: data made html {h[:80]!r}" for h in html if not ALLOWED_DIFF_HTML.match(h)]
    opened = sum(h.startswith("<details") for h in html)
    if opened != html.count("</details>"):
        out.append(f"md: {opened} <details> but {html.count('</details>')} </details>")
    if html[:1] != ["<!-- digictl-diff -->"]:
        out.append("md: the comment does not start with its marker")
    base = md_constructs(clean)
    out += [
        f"md: data made {k}"
        for k, n in sorted(md_constructs(text).items())
        if not k.startswith("html ") and n > base.get(k, 0)
    ]
    return out


def common_problems(o: Outcome) -> list[str]:
    """A crash, an exit code other than 0/1/2, or bad text on stderr."""
    if o.crash is not None:
        return [f"crashed (exit 3): {o.crash}"]
    out = []
    if o.exit_code not in (0, 1, 2):
        out.append(f"exit code {o.exit_code}")
    if "internal error" in o.stderr or "Traceback" in o.stderr + o.stdout:
        out.append("internal error in the output")
    return out + terminal_problems(o.stderr, "stderr")


def problems(
    o: Outcome, clean: Outcome | None, clean_tags: set[str], payloads: list[str]
) -> list[str]:
    """What is wrong with one outcome: a crash, a bad exit code, malformed output."""
    out = common_problems(o)
    if o.crash is not None or (o.exit_code == 2 and not o.stdout.strip()):
        return out  # crashed, or refused: nothing to check on stdout
    fmt = o.command.fmt
    if fmt == "text":
        out += terminal_problems(o.stdout, "stdout")
    elif fmt == "github":
        out += github_problems(o.stdout)
    elif fmt == "json":
        out += json_problems(o)[0]
    elif fmt == "junit":
        out += junit_problems(o)
    elif fmt == "ics":
        out += ics_problems(o)[0]
    elif fmt == "md":
        out += terminal_problems(o.stdout, "stdout", rich=False)
        out += md_problems(o.stdout, clean.stdout if clean else "")
    elif fmt == "diff-md":
        out += terminal_problems(o.stdout, "stdout", rich=False)
        out += diff_md_problems(o.stdout, clean.stdout if clean else "")
    elif fmt == "html":
        out += html_problems(o.stdout, clean_tags, payloads)
    else:  # pragma: no cover - a command of the matrix with an unknown format
        raise AssertionError(f"no check for the format {fmt!r}")
    return out


def cross_problems(outcomes: dict[str, Outcome]) -> list[str]:
    """Formats of one command agree: the same exit code, as many deadlines and findings."""
    out = []
    codes: dict[str, set[int]] = {}
    for o in outcomes.values():
        if o.crash is None:
            codes.setdefault(o.command.group, set()).add(o.exit_code)
    out += [
        f"{g}: the formats end with different exit codes {sorted(c)}"
        for g, c in codes.items()
        if len(c) > 1
    ]
    js, ics = outcomes.get("deadlines-json"), outcomes.get("deadlines-ics")
    if js and ics and js.crash is None and ics.crash is None and js.stdout.strip():
        doc = json_problems(js)[1]
        _, events = ics_problems(ics)
        if doc is not None and events >= 0 and events != len(doc["deadlines"]):
            out.append(f"deadlines: {len(doc['deadlines'])} in json but {events} events in ics")
    pj, pics = outcomes.get("meeting-plan-json"), outcomes.get("meeting-plan-ics")
    if pj and pics and pj.crash is None and pics.crash is None and pj.stdout.strip():
        doc = json_problems(pj)[1]
        _, events = ics_problems(pics)
        if doc is not None and events >= 0 and events != len(doc["meetings"]):
            out.append(f"meeting plan: {len(doc['meetings'])} in json but {events} events in ics")
    vj, vx = outcomes.get("validate-json"), outcomes.get("validate-junit")
    if vj and vx and vj.crash is None and vx.crash is None and vj.stdout.strip():
        doc = json_problems(vj)[1]
        try:
            cases = len(ET.fromstring(vx.stdout_bytes).findall("./testsuite/testcase"))
        except ET.ParseError:
            cases = -1
        if doc is not None and cases >= 0 and cases != max(len(doc["findings"]), 1):
            out.append(f"validate: {len(doc['findings'])} findings in json, {cases} in junit")
    return out


def all_problems(
    outcomes: dict[str, Outcome], clean: dict[str, Outcome], payloads: list[str]
) -> list[str]:
    out = []
    tags = html_tags(clean)
    for cid, o in outcomes.items():
        out += [f"{cid}: {p}" for p in problems(o, clean.get(cid), tags, payloads)]
    return out + cross_problems(outcomes)
