"""Forged output (issue #10 point 2), attacks found after the first round.

- GitHub turns ``#12``, ``owner/repo#12`` and ``GH-12`` in a comment into issue links (and
  cross-references the issue) after Markdown is read, so backslashes cannot stop it.
- Invisible characters (zero-width space, soft hyphen, word joiner, byte-order mark, tags)
  let one value pass for another in a PR comment or a terminal (``ka\\u200bri`` as ``kari``).
- The escape of a character beyond U+FFFF must be the one a YAML author would type.
- The PR comment, cut at its limit, is cut at a whole line, never inside an escape.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from digictl.cli import app
from digictl.history.changes import EntityChange
from digictl.history.review import Review
from digictl.output.escape import (
    html_text,
    ics_text,
    md,
    md_code,
    md_marked,
    terminal,
    visible,
    xml_text,
)
from digictl.output.findings.review import MARKER, markdown

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# what GitHub links to an issue or pull request in rendered text (outside code)
ISSUE_REF = re.compile(r"#\d|\bGH-\d", re.IGNORECASE)
INVISIBLE = [
    "\u00ad",
    "\u034f",
    "\u115f",
    "\u180e",
    "\u200b",
    "\u2060",
    "\u2063",
    "\u3164",
    "\ufeff",
    "\uffa0",
    "\U000e0041",
    "\u200c",  # ZWNJ and ZWJ join nothing between Latin letters
    "\u200d",
    "\ufe0f",  # nor does a variation selector after one
]
REFS = ["see #12", "acme/gov#7", "GH-12", "gh-3 x", "(#4)", "#5", "x#6"]


def rendered_text(markdown_source: str) -> str:
    """The text GitHub would scan for references: rendered, code removed, tags removed."""
    html = MD.render(markdown_source)
    html = re.sub(r"<code>.*?</code>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("value", REFS)
def test_md_links_no_issue(value: str) -> None:
    for out in (md(value), md_marked(f"`id` {value} `id`"), md_marked(value)):
        assert not ISSUE_REF.search(rendered_text(out)), out
        # still the same text to a reader: only a zero-width space was added
        assert value in rendered_text(out).replace("\u200b", ""), out


@pytest.mark.parametrize(
    "value", [":white_check_mark: all checks pass", ":x:", "a :+1: b", ":a_b:"]
)
def test_md_adds_no_emoji(value: str) -> None:
    for out in (md(value), md_marked(f"`id` {value}")):
        text = rendered_text(out)
        assert not re.search(r":[\w+-]+:", text), out
        assert value in text.replace("\u200b", "")


def test_md_code_needs_no_break_for_references() -> None:
    assert md_code("acme/gov#7") == "`acme/gov#7`"  # GitHub links nothing inside code


@pytest.mark.parametrize("ch", INVISIBLE)
def test_invisible_characters_are_shown_in_every_format(ch: str) -> None:
    value = f"ka{ch}ri"
    for out in (terminal(value), md(value), md_code(value), xml_text(value)):
        assert ch not in out and "kari" not in out.replace("\\\\", "\\"), out
    assert ch not in html_text(value) and ch not in ics_text(value)


@pytest.mark.parametrize("ch", [*INVISIBLE, "\x1b", "\x85", "\u202e", "\x00"])
def test_visible_is_the_escape_a_yaml_author_would_type(ch: str) -> None:
    shown = visible(f"a{ch}b")
    assert shown != f"a{ch}b"
    assert yaml.safe_load(f'"{shown}"') == f"a{ch}b"


def test_emoji_and_joiners_of_real_text_stay() -> None:
    # ZWNJ (a Persian name), ZWJ and variation selectors (emoji) are real text there
    for value in (
        "\u0645\u0647\u062f\u06cc\u200c\u0632\u0627\u062f\u0647",
        "👩\u200d💻",
        "❤\ufe0f",
        "Tromsø 😀",
    ):
        assert visible(value) == value


def _review(sentence: str, n: int = 12) -> Review:
    changes = [
        EntityChange(f"meeting:m{i}", "changed", "data/m.yaml", 1, [sentence.format(i=i)])
        for i in range(n)
    ]
    return Review("main (0123456789)", "working tree", changes, [], [])


@pytest.mark.parametrize("limit", range(400, 1400, 97))
def test_markdown_cut_keeps_whole_lines(limit: int) -> None:
    # sentences long enough that the headline alone is over the limit
    r = _review("decision removed: `SG-{i}` `<img src=x onerror=alert(1)>` &amp; " + "tekst " * 45)
    full = markdown(r, limit=10**6).splitlines()
    text = markdown(r, limit=limit)
    assert len(text) <= limit
    assert text.startswith(MARKER + "\n")
    for line in text.splitlines():
        assert line in full or line.startswith("… cut here") or not line, line
    assert "<img" not in rendered_text(text)


def test_markdown_of_sentences_with_references_links_nothing() -> None:
    r = _review("`SG-{i}` title: Fixes #{i} and acme/gov#9, GH-{i}")
    text = markdown(r)
    assert not ISSUE_REF.search(rendered_text(text))
    assert "Fixes #\u200b0 and acme/gov#\u200b9, GH-\u200b0" in text


# --- through the commands ------------------------------------------------------------------------

HOSTILE = "Fixes #1 acme/gov#2 GH-3 ka\u200bri\u2060 `x` <img src=x> \U000e0041"
runner = CliRunner()


def test_diff_comment_and_text_link_no_issue_and_show_invisible_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_gitrepo import GIT_ENV, Scratch

    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    s = Scratch(tmp_path / "repo")
    quoted = json.dumps(HOSTILE)
    s.replace(
        "meetings/2021-09-20-styringsgruppa.yaml",
        "title: Statusrapport for porteføljen",
        f"title: {quoted}",
    )
    s.replace("projects/felles-arkiv.yaml", "name: Anskaffing gjennomført", f"name: {quoted}")
    args = ["--as-of", "2023-06-15", "--data", str(s.data), "diff", "main"]
    md_out = runner.invoke(app, [*args, "--format", "md"])
    assert md_out.exit_code in (0, 1), md_out.output
    assert "Fixes #\u200b1 acme/gov#\u200b2 GH-\u200b3" in md_out.stdout  # the value is there
    assert not ISSUE_REF.search(rendered_text(md_out.stdout))
    assert "\u2060" not in md_out.stdout and "\U000e0041" not in md_out.stdout
    assert "ka\\\\u200bri\\\\u2060" in md_out.stdout  # shown, as the YAML author typed it
    assert "<img" not in MD.render(md_out.stdout)
    text_out = runner.invoke(app, args)
    assert text_out.exit_code in (0, 1), text_out.output
    assert "ka\\u200bri\\u2060" in text_out.stdout and "\\U000e0041" in text_out.stdout
    json_out = runner.invoke(app, [*args, "--format", "json"])
    assert json_out.exit_code in (0, 1), json_out.output
    assert HOSTILE in json_out.stdout  # JSON keeps the value as it is


# --- no workflow command in any output a CI log may print ----------------------------------------

COMMANDS = [
    "::error title=x::ZQXforged",
    "a\n::add-mask::ZQX",
    "x\r\n  ::warning file=a,line=1::ZQX",
    "##[error]ZQX",
    ":::",
    "#" * 3 + "[",
]


@pytest.mark.parametrize("value", COMMANDS)
@pytest.mark.parametrize("escape", [terminal, md, md_marked, xml_text, ics_text, html_text])
def test_no_format_lets_data_write_a_workflow_command(escape: object, value: str) -> None:
    assert callable(escape)
    out = str(escape(value))
    assert "::" not in out and "##[" not in out, out


def test_calendar_folds_never_start_a_workflow_command() -> None:
    from datetime import date

    from icalendar import Calendar

    from digictl.facts.deadlines import Deadline
    from digictl.output.ics import calendar

    day = date(2023, 7, 3)
    # one padding or another puts "::" right after a fold (a line of 75 octets, then " ")
    titles = ["x" * pad + "::error title=x::ZQXforged" for pad in range(0, 160)]
    deadlines = [
        Deadline("milestone", f"project:p{i}", t, day, day, False) for i, t in enumerate(titles)
    ]
    ics = calendar(deadlines, "net", date(2023, 6, 15), 90).decode("utf-8")
    for line in ics.splitlines():
        assert not line.lstrip().startswith("::"), line
    summaries = [str(ev["summary"]) for ev in Calendar.from_ical(ics).walk("VEVENT")]
    assert summaries[0] == ":\u200b:error title=x:\u200b:ZQXforged"  # the title, still readable


@pytest.fixture(scope="module")
def commands_in_names(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from tests.conftest import BASE

    data = tmp_path_factory.mktemp("commands") / "data"
    shutil.copytree(BASE, data)
    network = data / "network.yaml"
    name = json.dumps("::error title=x::ZQXforged\n::warning::ZQXtwo")
    network.write_text(
        network.read_text(encoding="utf-8").replace("name: Digi Testland", f"name: {name}"),
        encoding="utf-8",
    )
    return data


@pytest.mark.parametrize(
    "args",
    [
        ("report", "board", "--format", "md"),
        ("report", "board", "--format", "html"),
        ("report", "annual-plan", "--year", "2023", "--format", "md"),
        ("report", "annual-plan", "--year", "2023", "--format", "html"),
        ("deadlines", "--all", "--format", "ics"),
        ("status",),
    ],
)
def test_no_line_of_a_report_starts_a_workflow_command(
    commands_in_names: Path, args: tuple[str, ...]
) -> None:
    result = runner.invoke(app, ["--data", str(commands_in_names), "--as-of", "2023-06-15", *args])
    assert result.exit_code in (0, 1), result.output
    if args[0] != "deadlines":
        assert "ZQXforged" in result.stdout  # the name reached this output
    for line in result.stdout.splitlines():
        assert not line.lstrip().startswith("::"), line


# --- change sentences on data of the wrong type (a PR can commit it) -----------------------------


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("project", {"budget": 5}),
        ("project", {"budget": ["x"]}),
        ("meeting", {"decisions": True}),
        ("meeting", {"decisions": "SG-1"}),
    ],
)
def test_a_new_file_of_wrong_types_gets_a_sentence(kind: str, data: dict[str, object]) -> None:
    from digictl.history.changes import _added

    assert "`x`" in _added(kind, "x", data) or "meets" in _added(kind, "x", data)


@pytest.mark.parametrize(
    ("body", "member"),
    [
        ({"term_years": "x"}, {}),
        ({"term_years": "1" * 5000}, {}),
        ({}, {"term_years": [4]}),
        ({"seats": 5}, {}),
        ({"seats": [{"id": ["a"]}]}, {}),
        ({"seats": []}, {"seat": ["a"]}),
    ],
)
def test_a_new_member_of_wrong_types_gets_a_sentence(
    body: dict[str, object], member: dict[str, object]
) -> None:
    from digictl.history.changes import _new_member

    m = {"person": "kari", "seat": "medlem", "from": "2023-01-01", **member}
    assert _new_member("styret", body, m).endswith("from 1 January 2023")


def test_diff_of_a_member_with_a_text_term_is_no_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_gitrepo import GIT_ENV, Scratch

    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    s = Scratch(tmp_path / "repo")
    s.replace(
        "bodies/ressursgruppa.yaml",
        "  - person: rolf-ressurs\n",
        "  - person: kari-ks\n    seat: medlem\n    from: 2023-01-01\n    term_years: x\n"
        "  - person: rolf-ressurs\n",
    )
    s.write(
        "meetings/2023-06-12-ressursgruppa.yaml",
        "body: ressursgruppa\ndate: 2023-06-12\ndecisions: true\n",
    )
    args = ["--as-of", "2023-06-15", "--data", str(s.data), "diff", "main", "--format", "md"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output  # the schema findings, not an internal error
    added = "new member `kari-ks` on `ressursgruppa`, seat `medlem`, from 1 January 2023"
    assert added in result.stdout
