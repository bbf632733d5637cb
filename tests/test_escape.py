"""One escaping policy per output format (digictl.output.escape, issue #10 point 2).

Unit and property tests per format (Markdown through a CommonMark renderer, XML through
a parser, iCalendar through icalendar, terminal text through rich), then hostile data
through every command and format, asserting no forged output.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from digictl.cli import app
from digictl.cli.render import md_table
from digictl.output.escape import (
    github_data,
    github_property,
    html_text,
    ics_text,
    md,
    md_code,
    md_marked,
    terminal,
    visible,
    xml_attr,
    xml_text,
    xml_visible,
)
from tests.conftest import BASE

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
ZWSP = "\u200b"
HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")

# Text that tries every trick: markup of each format, hidden characters, block openers.
TRICKS = [
    *"\\`*_[]()!#|~$<>&@:/.-+=1 \n\t\r\x00\x01\x1b\x7f\x85\u202e\u2028\ud800\ufffe",
    "www.",
    "http://",
    "<!--",
    "</details>",
    "<img src=x>",
    "```",
    "~~~",
    "1. ",
    "- ",
    "    ",
    "::error::",
    "##[error]",
    "[bold]",
    "[/bold]",
    "[link=http://e.vil]",
    "%0A",
    "]]>",
]
hostile_text = st.lists(st.sampled_from(TRICKS), max_size=20).map("".join) | st.text(max_size=30)


def tags(rendered: str) -> set[str]:
    return set(re.findall(r"<\s*/?\s*([A-Za-z!][\w-]*)", rendered))


# --- hidden characters -------------------------------------------------------------------------


def test_visible_shows_hidden_characters_as_yaml_escapes() -> None:
    assert visible("a\x1b[2Jb\x01\x7f\x85") == "a\\x1b[2Jb\\x01\\x7f\\x85"
    assert visible("x\ny\tz\r") == "x\\ny\\tz\\r"
    assert visible("\u202eevil\u2028\ud800\ufffe") == "\\u202eevil\\u2028\\ud800\\ufffe"
    assert visible("a\nb\tc", keep="\n\t") == "a\nb\tc"
    assert visible("Ærlig talt – 12\xa0000 kr") == "Ærlig talt – 12\xa0000 kr"


# --- Markdown ----------------------------------------------------------------------------------


def test_md_escapes_each_construct() -> None:
    assert md("<!-- hide") == "&lt;!-- hide"
    assert md("</details>") == "&lt;/details&gt;"
    assert md("![i](http://e.vil/x.png)") == "!\\[i\\](http\\://e.vil/x.png)"
    assert md("hi @octocat") == "hi @\u200boctocat"
    assert md("# title") == "\\# title"
    assert md("- item") == "\\- item"
    assert md("-927") == "-927"  # a minus sign opens no list
    assert md("1. januar") == "1\\. januar"
    assert md("a | b") == "a \\| b"
    assert md("```js") == "\\`\\`\\`js"
    assert md("line\n# two") == "line # two"
    assert md("see www.e.vil") == "see www\\.e.vil"
    assert md("  indented") == "indented"
    assert md("AT&T *bold* _it_ ~s~ $x$") == "AT&amp;T \\*bold\\* \\_it\\_ \\~s\\~ \\$x\\$"
    assert md("\x1b[2J") == "\\\\x1b\\[2J"


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_md_renders_as_the_text_itself(text: str) -> None:
    rendered = MD.render(md(text))
    shown = visible(re.sub(r"[\n\r\t\f\v\u2028\u2029]", " ", text))
    if not shown.strip(" "):  # CommonMark: a line of spaces is blank, one of U+00A0 is not
        assert rendered == ""
        return
    m = re.fullmatch(r"<p>(.*)</p>\n", rendered, re.S)
    assert m is not None, rendered  # one paragraph: no heading, list, quote, code or table
    assert "<" not in m.group(1)  # no tag, link, image or HTML from the data
    # the same text; U+200B only where md breaks a mention or an issue reference
    assert html.unescape(m.group(1)).replace(ZWSP, "").strip() == shown.strip()
    assert not re.search(r"@(?!\u200b)|#\d|GH-\d", html.unescape(m.group(1)), re.I)


@settings(max_examples=200, deadline=None)
@given(hostile_text, hostile_text)
def test_md_code_and_sentences_and_tables_stay_inert(a: str, b: str) -> None:
    assert tags(MD.render(f"x {md_code(a)} y")) <= {"p", "code"}
    assert tags(MD.render(md_marked(f"{a} `{b}` leaves `{a}"))) <= {"p", "code"}
    table = MD.render(md_table(["one", "two"], [[a, b]]))
    assert tags(table) <= {"table", "thead", "tbody", "tr", "th", "td"}
    assert table.count("<td") == 2  # no cell split by a | from the data


def test_md_code_keeps_backticks_inside() -> None:
    assert md_code("a`b") == "``a`b``"
    assert md_code("`x`") == "`` `x` ``"
    assert MD.render(md_code("`x`")) == "<p><code>`x`</code></p>\n"


def test_md_marked_makes_code_of_marked_parts_and_text_of_the_rest() -> None:
    got = md_marked("`orland` leaves `<b>` on 2021-12-31")
    assert got == "`orland` leaves `<b>` on 2021-12-31"
    assert md_marked("<b>x</b> `y") == "&lt;b&gt;x&lt;/b&gt; \\`y"


# --- terminal ----------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_terminal_is_one_line_without_hidden_characters_or_workflow_commands(text: str) -> None:
    out = terminal(text)
    assert "\n" not in out and not HIDDEN.search(out)
    assert "::" not in out and "##[" not in out
    shown = visible(text)
    expected = "".join(
        c + (ZWSP if shown[i : i + 2] == "::" or shown[i : i + 3] == "##[" else "")
        for i, c in enumerate(shown)
    )
    assert out == expected


@settings(max_examples=60, deadline=None)
@given(hostile_text, st.integers(min_value=8, max_value=40))
def test_no_line_of_a_rich_table_starts_a_workflow_command(text: str, width: int) -> None:
    """Even when rich wraps a long value, no line begins with `::` or holds `##[`."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(width=width, record=True, file=io.StringIO())
    table = Table(title=Text(terminal(text)), caption=Text(terminal(text)))
    table.add_column(Text(terminal(text)))
    table.add_row(Text(terminal(text)))
    console.print(table)
    console.print(Text("  " + terminal(text)))
    out = console.export_text()
    assert not HIDDEN.search(out.replace("\n", ""))
    for line in out.splitlines():
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line


# --- GitHub workflow commands ------------------------------------------------------------------


def test_github_escapes_data_and_properties() -> None:
    assert github_data("50%\r\n::error::x\x1b") == "50%25%0D%0A::error::x\\x1b"
    assert github_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


@settings(max_examples=200, deadline=None)
@given(hostile_text)
def test_github_command_is_one_line(text: str) -> None:
    line = f"::error file={github_property(text)},line=1::{github_data(text)}"
    assert "\n" not in line and "\r" not in line and not HIDDEN.search(line)
    assert line.count("::") >= 2 and "::" not in line[2 : line.index(",line=")]


# --- XML, iCalendar, HTML ----------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_xml_is_always_well_formed(text: str) -> None:
    doc = f"<a b={xml_attr(text)}>{xml_text(text)}</a>"
    root = ET.fromstring(doc)
    assert root.get("b") == xml_visible(text)
    assert (root.text or "") == re.sub("\r\n?", "\n", xml_visible(text))


@settings(max_examples=100, deadline=None)
@given(hostile_text)
def test_ics_parses_and_round_trips(text: str) -> None:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//test//EN")
    cal.add("version", "2.0")
    ev = Event()
    ev.add("uid", "x@test")
    ev.add("summary", ics_text(text))
    cal.add_component(ev)
    raw = cal.to_ical()
    parsed = Calendar.from_ical(raw)
    (event,) = parsed.walk("VEVENT")
    # icalendar writes a literal \N as RFC 5545's escaped line break, on purpose
    assert str(event["summary"]) == ics_text(text).replace("\\N", "\n")
    assert not HIDDEN.search(str(event["summary"]).replace("\n", "").replace("\t", ""))


def test_html_text_leaves_only_whitespace_controls() -> None:
    assert html_text("a\x1b\x00b\nc\td") == "a\\x1b\\x00b\nc\td"


# --- hostile data through every command --------------------------------------------------------

HOSTILE = (
    "[bold]x[/bold] [link=http://e.vil]y[/link] <img src=x onerror=alert(1)> "
    "@octocat ![i](http://e.vil/i.png) [l](http://e.vil) </details> <!-- `c` "
    "# h * _ | ~ $m$\n::error::forged\n##[error]old\n- item"
)
YAML_HOSTILE = json.dumps(HOSTILE)  # a double-quoted YAML scalar
FORGED = ("::error::", "##[error]", "<img", "<!--", "</details>", "[bold]x")
runner = CliRunner()
# what digictl's own Markdown uses; data adds nothing to it
MD_TAGS = {"h1", "h2", "h3", "h4", "p", "ul", "li", "strong", "code", "hr", "details", "summary"}
MD_TAGS |= {"table", "thead", "tbody", "tr", "th", "td"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(BASE, data)

    def sub(rel: str, old: str, new: str) -> None:
        path = data / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    sub("network.yaml", "name: Digi Testland", f"name: {YAML_HOSTILE}")
    sub("people/anders-ask.yaml", "name: Anders Ask", f"name: {YAML_HOSTILE}")
    sub("bodies/styringsgruppa.yaml", "name: Styringsgruppa", f"name: {YAML_HOSTILE}")
    sub("projects/felles-arkiv.yaml", "name: Felles sak- og arkivsystem", f"name: {YAML_HOSTILE}")
    sub("projects/felles-arkiv.yaml", "name: Innføring i alle kommunane", f"name: {YAML_HOSTILE}")
    # a file whose name is hostile: its findings name it
    evil = data / "people" / "x ::error::forged <img src=x> @octocat [bold]b.yaml"
    evil.write_text("id: not-this\nname: Evil\norg: askoy\n", encoding="utf-8")
    return data


def run(data: Path, *args: str) -> str:
    result = runner.invoke(app, ["--data", str(data), "--as-of", "2023-06-15", *args])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.stdout


def no_forged_terminal(out: str) -> None:
    """No control character but the line breaks and, in plain rows (the output when it is not
    a terminal), the tabs between cells: a tab inside a value is written `\\t`."""
    assert not HIDDEN.search(out.replace("\n", "").replace("\t", ""))
    for line in out.splitlines():
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line


def no_forged_md(out: str) -> None:
    body = out.replace("<!-- digictl-diff -->", "")
    rendered = MD.render(body)
    assert tags(rendered) <= MD_TAGS, tags(rendered)
    assert "<img" not in rendered and "<a " not in rendered and "<!--" not in rendered
    # no mention outside code (only @\u200boctocat)
    assert "@octocat" not in re.sub(r"<code>.*?</code>", "", rendered, flags=re.S)
    assert "@\u200boctocat" in out  # the hostile value did reach this output


def test_hostile_values_reach_the_outputs(hostile: Path) -> None:
    """The data set works: the hostile name is shown (escaped) by board."""
    out = run(hostile, "board", "styringsgruppa")
    assert "<img src=x onerror=alert(1)>" in out
    assert "[bold]x[/bold] [link=http://e.vil]y[/link]" in out  # shown, not read as markup


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("status",),
        ("board",),
        ("board", "styringsgruppa", "--all"),
        ("portfolio",),
        ("deadlines", "--all"),
    ],
)
def test_terminal_outputs_forge_nothing(hostile: Path, args: tuple[str, ...]) -> None:
    no_forged_terminal(run(hostile, *args))


def test_validate_text_shows_the_hostile_file_name_on_one_line(hostile: Path) -> None:
    out = run(hostile, "validate")
    assert "x :\u200b:error:\u200b:forged <img src=x> @octocat [bold]b.yaml" in out


def test_validate_github_forges_no_command(hostile: Path) -> None:
    out = run(hostile, "validate", "--format", "github")
    lines = out.splitlines()
    assert lines and all(
        ln.startswith(("::error ", "::warning ", "::notice ")) for ln in lines[:-1]
    )
    assert lines[-1].startswith("digictl: ")
    assert any("x %3A%3Aerror%3A%3Aforged" in ln for ln in lines)  # the file name, encoded
    assert not HIDDEN.search(out.replace("\n", ""))


def test_validate_junit_is_well_formed(hostile: Path) -> None:
    root = ET.fromstring(run(hostile, "validate", "--format", "junit"))
    names = [tc.get("name") or "" for tc in root.iter("testcase")]
    # the file name, with no workflow command a CI log could read from it
    assert any(":\u200b:error:\u200b:forged <img src=x>" in n for n in names)


def test_validate_json_keeps_the_value(hostile: Path) -> None:
    doc = json.loads(run(hostile, "validate", "--format", "json"))
    assert any("[bold]b" in f["file"] for f in doc["findings"])


@pytest.mark.parametrize(
    "args",
    [
        ("board", "--format", "md"),
        ("deadlines", "--all", "--format", "md"),
        ("report", "board", "--format", "md"),
        ("report", "portfolio", "--format", "md"),
        ("report", "annual-plan", "--year", "2023", "--format", "md"),
    ],
)
def test_markdown_outputs_forge_nothing(hostile: Path, args: tuple[str, ...]) -> None:
    no_forged_md(run(hostile, *args))


def test_portfolio_md_is_inert(hostile: Path) -> None:
    rendered = MD.render(run(hostile, "portfolio", "--format", "md"))
    assert tags(rendered) <= {"h2", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td"}


@pytest.mark.parametrize("kind", ["board", "portfolio", "annual-plan"])
def test_html_report_has_no_tag_or_control_from_data(hostile: Path, kind: str) -> None:
    out = run(hostile, "report", kind, "--year", "2023", "--format", "html")
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", out)


def test_html_report_shows_control_characters_visibly(tmp_path: Path) -> None:
    """Control characters that reach a report (a custom template) are made visible."""
    from datetime import date

    from digictl.output.reports.build import Report
    from digictl.output.reports.render import render

    (tmp_path / "report.html").write_text("<p>{{ report.title }}</p>")
    (tmp_path / "report.md").write_text("# {{ report.title }}\n{{ report.title | mdcell }}\n")
    report = Report(
        kind="board",
        lang="en",
        title="a\x1b[2J<b>",
        subtitle="",
        network="",
        as_of=date(2023, 6, 15),
        public=False,
        sections=[],
        timeline=None,
        footer="",
    )
    assert render(report, "html", tmp_path) == "<p>a\\x1b[2J&lt;b&gt;</p>"
    assert render(report, "md", tmp_path) == "# a\\\\x1b\\[2J&lt;b&gt;\na\\\\x1b\\[2J&lt;b&gt;\n"


def test_deadlines_ics_parses_and_keeps_the_title(hostile: Path) -> None:
    from icalendar import Calendar

    cal = Calendar.from_ical(run(hostile, "deadlines", "--all", "--format", "ics"))
    summaries = [str(ev["summary"]) for ev in cal.walk("VEVENT")]
    assert any(
        "<img src=x onerror=alert(1)>" in s and "\n:\u200b:error:\u200b:" in s for s in summaries
    )


def test_calendar_with_control_characters_parses() -> None:
    """A title holding controls (say, from a template or a future field) still parses."""
    from datetime import date

    from icalendar import Calendar

    from digictl.facts.deadlines import Deadline
    from digictl.output.ics import calendar

    day = date(2023, 7, 3)
    title = "Evil\x1b[2J\x01\r\nline;two,three\\"
    d = Deadline("milestone", "project:x\x00", title, day, day, False)
    cal = Calendar.from_ical(calendar([d], "net\x07", date(2023, 6, 15), 90))
    (ev,) = cal.walk("VEVENT")
    assert str(ev["summary"]) == "Evil\\x1b[2J\\x01\nline;two,three\\"
    assert "project:x\\x00" in str(ev["description"])


def test_diff_md_and_text_forge_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_gitrepo import GIT_ENV, Scratch

    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    s = Scratch(tmp_path / "repo")
    s.replace("people/anders-ask.yaml", "name: Anders Ask", f"name: {YAML_HOSTILE}")
    s.replace("projects/felles-arkiv.yaml", "owner: askoy", "owner: nobody-here")
    s.write("people/x <!-- @octocat `y` <img src=x>.yaml", "id: x\nname: X\norg: askoy\n")
    args = ["--as-of", "2023-06-15", "--data", str(s.data), "diff", "main"]
    md_out = runner.invoke(app, [*args, "--format", "md"])
    assert md_out.exit_code == 1, md_out.output
    assert md_out.stdout.startswith("<!-- digictl-diff -->\n")
    no_forged_md(md_out.stdout)
    text_out = runner.invoke(app, args)
    assert text_out.exit_code == 1, text_out.output
    no_forged_terminal(text_out.stdout)
    assert "$m$\\n:\u200b:error:\u200b:forged\\n#\u200b#[error]old" in text_out.stdout
    assert "- `felles-arkiv` changes owner from `askoy` to `nobody-here`" in md_out.stdout
    assert "organisation `nobody-here` exists" in md_out.stdout  # code marks kept as code


@given(st.text(alphabet=st.characters(codec=None), max_size=40))
def test_visible_shortcut_for_plain_ascii_changes_nothing(text: str) -> None:
    """``visible`` skips the search for printable ASCII; the search would find nothing."""
    from digictl.output import escape

    searched = escape._HIDDEN.sub(lambda m: escape._show(m.group()), text)
    assert escape.visible(text) == searched
    ascii_text = "".join(ch for ch in text if " " <= ch <= "~")
    assert escape.visible(ascii_text) == ascii_text


@given(st.text(max_size=30))
def test_shown_name_shortcut_for_printable_names_changes_nothing(name: str) -> None:
    from digictl.load.dataset import name_problem, shown_name

    if name.isprintable():
        assert shown_name(name) == name
        assert name_problem(name) is None
    assert shown_name(name + "\x01") != name + "\x01"
