"""`digictl init`'s escaping: option values reach YAML and Markdown as plain text."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from digictl import scaffold
from digictl.errors import UsageError
from digictl.output import escape

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# text init accepts: everything but control characters, surrogates, line separators, bidi
# overrides and the non-characters YAML forbids
ONE_LINE = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
        blacklist_characters=BIDI + "\ufffe\uffff",
    ),
    min_size=1,
).filter(lambda t: t == t.strip() and t != "")
TRICKY = [
    "a \"b\" 'c'",
    "key: value",
    "# not a comment",
    "x #y",
    "- item",
    "[1, 2]",
    "{a: 1}",
    "&anchor *alias",
    "!!python/object:os.system",
    "${{ github.token }}",
    "@@NAME_MD@@",
    "yes",
    "0301",
    "~",
    "null",
    "\\n is not a newline",
    "ÆØÅ æøå – Sámi: Árran 😀",
]


@settings(max_examples=300, deadline=None)
@given(ONE_LINE)
def test_yaml_str_reads_back_the_same_text(text: str) -> None:
    assert scaffold.check_text("--name", text) == text
    assert yaml.safe_load(f"name: {scaffold.yaml_str(text)}\n") == {"name": text}


@pytest.mark.parametrize("text", TRICKY)
def test_yaml_str_tricky_values(text: str) -> None:
    assert yaml.safe_load(f"name: {scaffold.yaml_str(text)}  # comment\n") == {"name": text}


@pytest.mark.parametrize(
    "bad",
    ["\n", "\r", "\t", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\u202e", "\udcff"],
)
def test_check_text_refuses_what_is_not_one_line(bad: str) -> None:
    with pytest.raises(UsageError, match=r"--name must not contain control characters"):
        scaffold.check_text("--name", f"Digi {bad} Vest")


def test_check_text_refuses_an_empty_value() -> None:
    with pytest.raises(UsageError, match="--host must not be empty"):
        scaffold.check_text("--host", "  ")


MD = MarkdownIt("commonmark")


@settings(max_examples=300, deadline=None)
@given(ONE_LINE)
def test_the_readme_name_renders_as_the_same_text(text: str) -> None:
    # in the README's heading and in bold: no HTML, link, image, code or emphasis from the name
    # (the one Markdown escape, escape.md, puts an invisible U+200B after `@`: no mention)
    shown = escapeHtml(escape.visible(text.strip()))  # invisible characters shown
    heading = MD.render(f"# {escape.md(text)} – governance data\n").replace("\u200b", "")
    assert heading == f"<h1>{shown} – governance data</h1>\n"
    strong = MD.render(f"the facts of\n**{escape.md(text)}** as YAML\n").replace("\u200b", "")
    assert strong == f"<p>the facts of\n<strong>{shown}</strong> as YAML</p>\n"


@pytest.mark.parametrize(
    "text", ["@octocat", "$x$", "<!-- hide", "</details>", "[a](b)", "![i](x)", "`c`", "a_b_"]
)
def test_the_readme_name_escapes_github_specials(text: str) -> None:
    escaped = escape.md(text)
    assert "@" not in escaped.replace("@\u200b", "")
    for ch in "$<[`_":
        assert ch not in escaped.replace(f"\\{ch}", "")


@pytest.mark.parametrize(
    "source",
    [
        "https://github.com/digictl/digictl",
        "ssh://git@git.example.org/gov/digictl.git",
        "file:///srv/git/digictl",
        "https://git.example.org/a/b?ref=x#frag",
    ],
)
def test_check_source_accepts_urls(source: str) -> None:
    assert scaffold.check_source(source) == source


def test_each_placeholder_is_replaced_once() -> None:
    p = scaffold.plan("@@SOURCE@@ @@REV@@", "4601", ident="x", source="https://s.example/d")
    readme = p.files["README.md"]
    assert f"# {escape.md('@@SOURCE@@ @@REV@@')} – governance data" in readme
    assert "https://s.example/d" in readme
    workflow = p.files[".github/workflows/digictl.yml"]
    assert "@@" not in workflow
    assert 'DIGICTL_SOURCE: "https://s.example/d"' in workflow
