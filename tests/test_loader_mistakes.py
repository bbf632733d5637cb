"""YAML mistakes made by hand get one sentence saying what to do, at the line to edit."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digictl.errors import LoadError
from digictl.load.loader import parse
from digictl.load.mistakes import Mistake, sentence
from tests.cli.conftest import AS_OF, Edit, Invoke
from tests.cli.conftest import _clean_env as _clean_env
from tests.cli.conftest import cli as cli
from tests.cli.conftest import edit as edit

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FILES = sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*.yaml"))


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
        for index, part in enumerate(parts)
    )
    return re.compile(regex.replace("(?P<line>.+?)", r"(?P<line>\d+)", 1) + "$")


# each sentence with its values left as `{name}`; INDENT has a form for each number of spaces
PATTERNS: dict[Mistake, re.Pattern[str]] = {
    mistake: _pattern(sentence(mistake, cast("int", "{line}"), key="{key}"))
    for mistake in Mistake
    if mistake is not Mistake.INDENT
}
PATTERNS[Mistake.INDENT] = re.compile(
    r"line (?P<line>\d+) is indented by \d+ spaces?, but the (?:keys|list items) around it "
    r"by \d+ spaces?: indent it like line \d+$"
)


def category(message: str) -> tuple[Mistake, int] | None:
    """The mistake a message names and the line it names, if it is one of these sentences."""
    found = [(m, p.match(message)) for m, p in PATTERNS.items()]
    named = [(m, int(match.group("line"))) for m, match in found if match]
    assert len(named) <= 1, message
    return named[0] if named else None


def error(text: str) -> LoadError:
    with pytest.raises(LoadError) as info:
        parse(text)
    return info.value


def data(rel: str) -> list[str]:
    return (DATA / rel).read_text(encoding="utf-8").split("\n")


def changed(rel: str, line: int, change: Callable[[str], str]) -> str:
    """The text of a data file with its (1-based) ``line`` changed."""
    lines = data(rel)
    lines[line - 1] = change(lines[line - 1])
    return "\n".join(lines)


def assert_names(text: str, mistake: Mistake, line: int) -> LoadError:
    e = error(text)
    assert category(e.message) == (mistake, line), e.message
    assert e.line == line
    assert "\n" not in e.message
    return e


BODY = "bodies/programstyret.yaml"
PROJECT = "projects/digital-byggesak.yaml"
AGREEMENT = "agreements/samarbeidsavtale-2022.yaml"


def more(by: int) -> Callable[[str], str]:
    return lambda line: " " * by + line


def less(by: int) -> Callable[[str], str]:
    return lambda line: line[by:]


def tab(line: str) -> str:
    return "\t" + line.lstrip(" ")


def colon(line: str) -> str:
    key, value = line.split(": ", 1)
    return f"{key}: Vedtak: {value}"


def quote(mark: str) -> Callable[[str], str]:
    return lambda line: line.replace(": ", f": {mark}", 1)


# -- each mistake, in realistic files ---------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "line", "change"),
    [
        (BODY, 7, more(2)),  # a top-level key indented more
        (BODY, 14 + 4, more(1)),  # a key of a list item, one space more
        (BODY, 17, less(1)),  # a key of a list item, one space less
        (PROJECT, 19, more(2)),  # mixing 2 and 4 spaces in a nested mapping
        (PROJECT, 19, less(1)),
        (AGREEMENT, 13, more(3)),
    ],
)
def test_wrong_indentation_names_the_line(
    rel: str, line: int, change: Callable[[str], str]
) -> None:
    assert_names(changed(rel, line, change), Mistake.INDENT, line)


def test_wrong_indentation_names_the_indents_and_a_sibling() -> None:
    e = error(changed(PROJECT, 19, more(2)))
    assert e.message == (
        "line 19 is indented by 4 spaces, but the keys around it by 2 spaces: "
        "indent it like line 18"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a:\n  b: 1\n c: 2\n",
            "line 3 is indented by 1 space, but the keys around it by 2 spaces: "
            "indent it like line 2",
        ),
        (
            "a:\n b: 1\n   c: 2\n",
            "line 3 is indented by 3 spaces, but the keys around it by 1 space: "
            "indent it like line 2",
        ),
    ],
)
def test_one_space_is_one_space(text: str, message: str) -> None:
    assert error(text).message == message


def test_a_list_item_under_the_wrong_key() -> None:
    text = "members:\n  items:\n    - a\n    - b\n  - c\n"
    e = assert_names(text, Mistake.INDENT, 5)
    assert "the list items around it by 4 spaces: indent it like line 4" in e.message
    e = assert_names(changed(BODY, 34, less(2)), Mistake.INDENT, 34)
    assert "the list items around it by 2 spaces: indent it like line 29" in e.message


def test_a_list_item_among_keys() -> None:
    assert_names("id: x\nname: y\n- z\n", Mistake.ITEM_AMONG_KEYS, 3)


@pytest.mark.parametrize(("rel", "line"), [(BODY, 7), (BODY, 30), (PROJECT, 22), (AGREEMENT, 19)])
def test_a_tab_names_the_line(rel: str, line: int) -> None:
    e = assert_names(changed(rel, line, tab), Mistake.TAB, line)
    assert e.message == (
        f"line {line} is indented with a tab character; YAML needs spaces: "
        "replace the tab with spaces"
    )


@pytest.mark.parametrize(
    ("rel", "line"), [(BODY, 7), (AGREEMENT, 7), (AGREEMENT, 19), (PROJECT, 8)]
)
def test_an_unquoted_colon_in_a_value(rel: str, line: int) -> None:
    e = assert_names(changed(rel, line, colon), Mistake.COLON, line)
    key = data(rel)[line - 1].split(":")[0].strip(" -")
    assert e.message.startswith(f"the value of `{key}` on line {line} holds `: `")


def test_the_example_of_the_issue() -> None:
    e = error("id: x\ntitle: Vedtak: budsjett\n")
    assert e.message == (
        "the value of `title` on line 2 holds `: `; put the whole value in double quotes"
    )


@pytest.mark.parametrize("mark", ['"', "'"])
@pytest.mark.parametrize(("rel", "line"), [(BODY, 7), (AGREEMENT, 22), (PROJECT, 38), (PROJECT, 8)])
def test_an_unclosed_quote_names_where_it_opens(rel: str, line: int, mark: str) -> None:
    assert_names(changed(rel, line, quote(mark)), Mistake.QUOTE, line)


@pytest.mark.parametrize("mark", ['"', "'"])
def test_an_unclosed_quote_closed_by_a_later_line_is_named(mark: str) -> None:
    # the quote "closes" at the end of a later line: libyaml reads it, the loader does not
    assert_names(f"id: {mark}abc\nname: x\nnote: y{mark}\n", Mistake.QUOTE, 1)
    assert_names(f"id: {mark}abc\nname: x\nnote: {mark}y{mark}\n", Mistake.QUOTE, 1)


def conflict(lines: list[str], at: int) -> str:
    """A merge conflict on the (1-based) line ``at``: both sides, between markers."""
    ours, theirs = lines[at - 1], lines[at - 1] + " endret"
    block = ["<<<<<<< HEAD", ours, "=======", theirs, ">>>>>>> feature/ny-leder"]
    return "\n".join([*lines[: at - 1], *block, *lines[at:]])


@pytest.mark.parametrize(("rel", "line"), [(BODY, 7), (BODY, 31), (AGREEMENT, 40), (PROJECT, 1)])
def test_a_conflict_marker_names_the_first_marker_line(rel: str, line: int) -> None:
    assert_names(conflict(data(rel), line), Mistake.CONFLICT, line)


def test_a_lone_conflict_marker_is_named() -> None:
    assert_names("id: x\nname: y\n=======\n", Mistake.CONFLICT, 3)
    assert_names("id: x\n>>>>>>> main\nname: y\n", Mistake.CONFLICT, 2)


def test_marker_like_text_inside_a_value_is_not_a_conflict() -> None:
    text = 'notes: |\n  Overskrift\n  =======\n  <<<<<<< HEAD\ntitle: "======="\n'
    assert parse(text)[0]["notes"] == "Overskrift\n=======\n<<<<<<< HEAD\n"


# -- the existing explanations stay -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: 1\nb: 2\na: 3\n", "duplicate key `a` (first written at line 1)"),
        ("a: &x 1\nb: *x\n", "anchors and aliases"),
        ("a: !!str b\n", "the tag `!!str` is not allowed"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
    ],
)
def test_policy_explanations_are_kept(text: str, words: str) -> None:
    e = error(text)
    assert words in e.message
    assert category(e.message) is None


# -- properties -------------------------------------------------------------------------


KEY_LINE = re.compile(r"^( *)(?:- )?[a-z_]+: (?P<value>[^\s\"'\[{|>&*!#%@`][^#]*)$")


def _key_lines(lines: list[str]) -> list[int]:
    """The 0-based lines of a valid file holding `key: plain value` (no block text)."""
    _, table = parse("\n".join(lines))
    keyed = set(table.values())
    return [n for n in range(len(lines)) if n + 1 in keyed and KEY_LINE.match(lines[n])]


def _sibling_after(lines: list[str], n: int) -> bool:
    """Whether line n's key sits in the same column as the key of the content line above."""
    above = [ln for ln in lines[:n] if ln.strip() and not ln.lstrip().startswith("#")]
    if not above or not KEY_LINE.match(above[-1]):
        return False

    def column(line: str) -> int:
        match = re.match(r"^[ ]*(?:- )?", line)
        assert match is not None
        return match.end()

    return not lines[n].lstrip().startswith("- ") and column(above[-1]) == column(lines[n])


def inject(lines: list[str], n: int, mistake: Mistake, variant: int) -> str | None:
    """``lines`` with one mistake made on line n (0-based), or None where it does not fit."""
    line = lines[n]
    match = KEY_LINE.match(line)
    assert match is not None
    copy = list(lines)
    if mistake is Mistake.INDENT:
        if not _sibling_after(lines, n) or (variant % 2 and not line.startswith("  ")):
            return None
        copy[n] = line[1:] if variant % 2 else " " * (1 + variant % 3) + line
    elif mistake is Mistake.TAB:
        copy[n] = tab(line)
    elif mistake is Mistake.COLON:
        copy[n] = colon(line)
    elif mistake is Mistake.QUOTE:
        mark = "\"'"[variant % 2]
        if mark in match.group("value"):
            return None
        copy[n] = quote(mark)(line)
    else:
        return conflict(lines, n + 1)
    return "\n".join(copy)


CATEGORIES = [Mistake.INDENT, Mistake.TAB, Mistake.COLON, Mistake.QUOTE, Mistake.CONFLICT]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rel=st.sampled_from(FILES),
    mistake=st.sampled_from(CATEGORIES),
    pick=st.integers(min_value=0, max_value=10_000),
    variant=st.integers(min_value=0, max_value=5),
)
def test_one_injected_mistake_is_named_at_its_line(
    rel: str, mistake: Mistake, pick: int, variant: int
) -> None:
    lines = data(rel)
    candidates = _key_lines(lines)
    if not candidates:
        return
    n = candidates[pick % len(candidates)]
    text = inject(lines, n, mistake, variant)
    if text is None:
        return
    e = error(text)
    assert category(e.message) == (mistake, n + 1), (rel, n + 1, e.message)
    assert e.line == n + 1


_WORD = st.from_regex(r"[A-Za-zæøå][A-Za-zæøå0-9 .]{0,12}[a-z]", fullmatch=True)
_KEY = st.from_regex(r"[a-z][a-z_]{0,7}", fullmatch=True)
_PLAIN: st.SearchStrategy[Any] = st.recursive(
    _WORD | st.integers(0, 10**6),
    lambda inner: (
        st.lists(inner, min_size=1, max_size=3)
        | st.dictionaries(_KEY, inner, min_size=1, max_size=4)
    ),
    max_leaves=15,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    doc=st.dictionaries(_KEY, _PLAIN, min_size=1, max_size=5),
    indent=st.sampled_from([2, 4]),
    mistake=st.sampled_from(CATEGORIES),
    pick=st.integers(min_value=0, max_value=10_000),
    variant=st.integers(min_value=0, max_value=5),
)
def test_one_mistake_in_a_generated_document_is_named_at_its_line(
    doc: dict[str, Any], indent: int, mistake: Mistake, pick: int, variant: int
) -> None:
    # PyYAML writes nested lists as `- - x` and, with 4 spaces, items as `-   key: v`
    text = yaml.safe_dump(doc, indent=indent, sort_keys=False, allow_unicode=True, width=1000)
    lines = text.split("\n")
    candidates = _key_lines(lines)
    if not candidates:
        return
    n = candidates[pick % len(candidates)]
    injected = inject(lines, n, mistake, variant)
    if injected is None:
        return
    e = error(injected)
    assert category(e.message) == (mistake, n + 1), (injected, e.message)
    assert e.line == n + 1


@pytest.mark.parametrize("rel", FILES)
def test_valid_data_files_load(rel: str) -> None:
    parse((DATA / rel).read_text(encoding="utf-8"))


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | _TEXT,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=50, deadline=None)
@given(
    st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), _VALUES, min_size=1),
    st.sampled_from([2, 4]),
)
def test_valid_documents_never_get_these_sentences(value: dict[str, Any], indent: int) -> None:
    text = yaml.safe_dump(value, allow_unicode=True, indent=indent, sort_keys=False)
    try:
        parse(text)
    except LoadError as e:  # a policy refusal or a schema-free oddity, never a mistake
        assert category(e.message) is None, (text, e.message)


# -- as the user sees it ---------------------------------------------------------------


def test_validate_shows_the_sentence(cli: Invoke, edit: Edit) -> None:
    person = "people/kari-ks.yaml"
    root = edit({person: "id: kari-ks\nname: Kari Ks\n  org: ks\ntitle: Leder: IT\n"})
    r = cli("--data", root, "--as-of", AS_OF, "validate", "--format", "json")
    assert r.exit_code == 1, r.output
    found = [f for f in json.loads(r.stdout)["findings"] if f["file"] == f"data/{person}"]
    assert [(f["rule"], f["line"], f["message"]) for f in found] == [
        (
            "yaml",
            3,
            "line 3 is indented by 2 spaces, but the keys around it by 0 spaces: "
            "indent it like line 2",
        )
    ]
    r = cli("--data", root, "--as-of", AS_OF, "validate")
    assert f"data/{person}" in r.stdout
    assert "indent it like line 2" in r.stdout
