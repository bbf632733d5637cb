"""The loader: safe, loss-free, line-aware."""

from __future__ import annotations

import contextlib
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digictl.errors import LoadError
from digictl.load.loader import (
    MAX_BYTES,
    NumberText,
    YamlFloat,
    YamlInt,
    load_bytes,
    load_file,
    parse,
    text_of,
)

F = Path("x.yaml")


def load(text: str | bytes) -> dict[str, Any]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return load_bytes(raw, F, "data/x.yaml").data


def error(text: str | bytes) -> LoadError:
    with pytest.raises(LoadError) as info:
        load(text)
    return info.value


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("NO", "NO"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("yes", "yes"),
        ("Y", "Y"),
        ("0301", "0301"),
        ("22:22", "22:22"),
        ("2021-02-30", "2021-02-30"),
        ("2021-02-01", "2021-02-01"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        (".inf", ".inf"),
        ("'12'", "12"),
        ('"true"', "true"),
    ],
)
def test_yaml11_traps_stay_text(written: str, value: str) -> None:
    assert load(f"a: {written}\n") == {"a": value}


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("true", True),
        ("False", False),
        ("12", 12),
        ("-3", -3),
        ("1.5", 1.5),
        ("~", None),
        ("", None),
    ],
)
def test_yaml12_core_scalars(written: str, value: object) -> None:
    assert load(f"a: {written}\n") == {"a": value}


def test_numbers_keep_their_source_text() -> None:
    data = load("a: 1.10\nb: 5001\n")
    assert isinstance(data["a"], YamlFloat) and text_of(data["a"]) == "1.10"
    assert isinstance(data["b"], YamlInt) and text_of(data["b"]) == "5001"


def test_lines_are_recorded_by_path() -> None:
    _, lines = parse("id: x\nparties:\n  - org: a\n    joined: 2020-01-01\n  - org: b\n")
    assert lines[("id",)] == 1
    assert lines[("parties",)] == 2
    assert lines[("parties", 0)] == 3
    assert lines[("parties", 0, "joined")] == 4
    assert lines[("parties", 1, "org")] == 5


def test_duplicate_key_names_both_lines() -> None:
    e = error("id: x\nname: a\nname: b\n")
    assert e.line == 3 and "first written at line 2" in e.message


def test_alias_is_rejected_where_used() -> None:
    e = error("a: &x [1]\nb: *x\n")
    assert e.line == 2 and "aliases" in e.message


def test_merge_key_is_rejected() -> None:
    assert "merge keys" in error("a: 1\n<<: {b: 2}\n").message


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['id']", "!custom x", "!!int 3"])
def test_tags_are_rejected(tag: str) -> None:
    assert "is not allowed" in error(f"a: {tag}\n").message


def test_alias_bomb_fails_fast_with_bounded_memory() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    tracemalloc.start()
    e = error("\n".join(lines) + "\n")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "aliases" in e.message
    assert peak < 5 * 1024 * 1024


@pytest.mark.parametrize(
    ("raw", "line", "words"),
    [
        (b"", 1, "empty"),
        (b"# only a comment\n", 1, "empty"),
        (b"- a\n- b\n", 1, "a list"),
        (b"just text\n", 1, "a single value"),
        (b"a: 1\n\tb: 2\n", 2, "indented with a tab"),
        (b"a: 1\nb: caf\xe9\n", 2, "not valid UTF-8"),
        (b"a: [1,\n", 2, "not valid YAML"),
        (b"a: 1\n---\nb: 2\n", 2, "more than one YAML document"),
        (b"title: Endring: mandat\n", 1, "put the whole value in double quotes"),
    ],
)
def test_bad_files_give_one_sentence_with_a_line(raw: bytes, line: int, words: str) -> None:
    e = error(raw)
    assert e.line == line
    assert words in e.message
    assert "\n" not in e.message


def test_bom_is_accepted() -> None:
    assert load("\ufeffa: b\n".encode()) == {"a": "b"}


def test_deep_nesting_is_refused() -> None:
    assert "nests deeper" in error("a: " + "[" * 200 + "]" * 200 + "\n").message


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(LoadError) as info:
        load_file(big, "data/big.yaml")
    assert "at most" in info.value.message


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        load_file(tmp_path / "missing.yaml", "data/missing.yaml")
    assert "cannot be read" in info.value.message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_raise_only_load_error(raw: bytes) -> None:
    try:
        doc = load_bytes(raw, F, "data/x.yaml")
    except LoadError as e:
        assert e.line >= 1 and e.message
    else:
        assert isinstance(doc.data, dict)


yaml_chars = st.sampled_from(list("abc: -[]{}&*!|>'\"#%@`,?\n\t 0123456789.~"))


@settings(max_examples=300, deadline=None)
@given(st.lists(yaml_chars, max_size=120).map("".join))
def test_arbitrary_yaml_like_text_raises_only_load_error(text: str) -> None:
    with contextlib.suppress(LoadError):
        load(text)


traps = st.sampled_from(
    [
        "NO",
        "no",
        "No",
        "on",
        "off",
        "yes",
        "y",
        "n",
        "0301",
        "22:22",
        "1e3",
        "0o17",
        "2021-02-30",
        "null",
    ]
)


@settings(max_examples=200, deadline=None)
@given(traps, st.sampled_from(["plain", "single", "double"]))
def test_text_fields_round_trip_yaml11_traps(word: str, style: str) -> None:
    """Through the schema, a person's name keeps exactly what was written."""
    from digictl.load import kinds
    from digictl.load.schemas import validate

    written = {"plain": word, "single": f"'{word}'", "double": f'"{word}"'}[style]
    data = load(f"id: p\nname: {written}\norg: o\n")
    problems = validate(kinds.PERSON, data)
    if word == "null" and style == "plain":
        assert problems  # an empty name is reported, not invented
    elif word in ("0301", "1e3", "0o17") and style == "plain":
        # other YAML readers see a number here: digictl asks for quotes, keeping the text
        assert [p.message for p in problems] == [
            f"`name` is {word} without quotes, which YAML readers take for a number; "
            f'write it in quotes: "{word}"'
        ]
        assert data["name"] == word
    else:
        assert problems == []
        assert data["name"] == word


def test_uses_libyaml_when_pyyaml_has_it() -> None:
    import yaml

    from digictl.load import loader

    assert bool(yaml.__with_libyaml__) == loader.HAVE_LIBYAML
    if yaml.__with_libyaml__:
        assert loader._Composer.__mro__[1].__module__ in ("yaml._yaml", "_yaml")


# -- numbers too large, and numbers only other YAML readers see ----------------------


def test_an_integer_of_too_many_digits_is_a_load_error_not_a_crash() -> None:
    e = error("id: x\nbudget: " + "9" * 5000 + "\n")
    assert e.line == 2 and "5000 digits long, too large to read" in e.message
    assert load("a: " + "9" * 300 + "\n")["a"] == int("9" * 300)


@pytest.mark.parametrize("written", ["1e400", "-1e400", "1" * 310 + ".5"])
def test_a_number_beyond_floats_is_a_load_error(written: str) -> None:
    e = error(f"id: x\na: {written}\n")
    assert e.line == 2 and "too large to read" in e.message


def test_loaded_values_always_make_valid_json() -> None:
    import json

    data = load("a: .inf\nb: -.Inf\nc: .nan\nd: 1e-400\ne: 1.5e300\n")
    assert data == {"a": ".inf", "b": "-.Inf", "c": ".nan", "d": 0.0, "e": 1.5e300}
    json.dumps(data, allow_nan=False)  # raises on inf or nan


@pytest.mark.parametrize("written", ["0301", "0o17", "0x1F", "0b101", "1_000", "01.5", ".inf"])
def test_numbers_other_readers_see_stay_text_but_are_marked(written: str) -> None:
    value = load(f"a: {written}\n")["a"]
    assert isinstance(value, NumberText) and value == written


@pytest.mark.parametrize("written", ["2021-02-01", "22:22", "1.2.3", "+47 55 00", "-x", "."])
def test_other_text_is_not_marked_as_a_number(written: str) -> None:
    value = load(f"a: {written}\n")["a"]
    assert value == written and not isinstance(value, NumberText)


# -- what digictl's policy refuses is named as such -------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            "a: &x 1\nb: 2\n",
            1,
            "anchors and aliases (&, *) are not allowed in digictl data; remove `&x`",
        ),
        ("key: &an:chor value\n", 1, "anchors and aliases"),
        ("&a a: b\nc: *a\n", 2, "the value first written at line 1 is reused here"),
        ("!!str a: b\n", 1, "the tag `!!str` is not allowed in digictl data (YAML tags"),
        ("a: b\n!custom c: d\n", 2, "the tag `!custom` is not allowed"),
        ("a: !!str b\n", 1, "the tag `!!str` is not allowed"),
        ("a: !!seq [b]\n", 1, "the tag `!!seq` is not allowed"),
        ("a: b\n---\nc: [d,\n", 2, "more than one YAML document"),
        ("- a\n- b: [c,\n", 1, "the top level of the file is a list"),
        ("--- >\nline1\n# no comment\nline3\n", 1, "the top level of the file is a single value"),
        ("a: 1\n: b\n", 2, "a key must not be empty"),
        ("# only\n...\n", 1, "the file is empty"),
    ],
)
def test_policy_refusals_name_the_policy(text: str, line: int, words: str) -> None:
    e = error(text)
    assert words in e.message and "not valid YAML" not in e.message
    assert e.line == line


# -- libyaml's gaps -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("foo: |-\n \tbar\n", {"foo": "\tbar"}),  # a tab inside a literal block
        ("foo: |\n \t\nbar: 1\n", {"foo": "\t\n", "bar": 1}),
        ("a: |\n   \nb: 1\n", {"a": "", "b": 1}),
        ("- x: |\n    \n  y: 1\n", None),  # a list: refused, but not for its blank line
    ],
)
def test_valid_yaml_libyaml_refuses_is_read(text: str, value: dict[str, Any] | None) -> None:
    if value is None:
        assert "top level of the file is a list" in error(text).message
    else:
        assert load(text) == value


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('key: "value"# comment\n', 1, "a comment needs a space before `#`"),
        ("block: ># comment\n  scalar\n", 1, "a comment needs a space before `#`"),
        ('a: b\nquoted: "a\nb\nc"\n', 3, "must be indented more than column 1"),
        ('foo: "bar\n\tbaz"\n', 2, "must be indented more than column 1"),
        ("flow: [a,\nb,\nc]\n", 2, "must be indented more than column 1"),
        ("- x: 'a\n  b'\n", 2, "must be indented more than column 3"),
        ("a: >\n \n  \n   \n # comment\n", 5, "holds more spaces (3) than its first line (1)"),
    ],
)
def test_invalid_yaml_libyaml_accepts_is_refused(text: str, line: int, words: str) -> None:
    e = error(text)
    assert words in e.message and e.line == line


def test_quoted_text_over_several_indented_lines_is_fine() -> None:
    assert load('a:\n  b: "x\n    y\n\n    z"\nc: [1,\n  2]\n') == {
        "a": {"b": "x y\nz"},
        "c": [1, 2],
    }


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("foo: 1\n\t\nbar: 2\n", {"foo": 1, "bar": 2}),
        (" \t\nfoo: 1\n", {"foo": 1}),
        ("a:\n  b: 1\n \t \n  c: 2\n", {"a": {"b": 1, "c": 2}}),
    ],
)
def test_a_blank_line_of_tabs_is_a_blank_line(text: str, value: dict[str, object]) -> None:
    assert load(text) == value


def test_a_line_of_tabs_inside_a_block_text_is_still_refused() -> None:
    # there the tab would be content, indented by a tab: not valid YAML
    assert "indented with a tab" in error("foo: |\n\t\nbar: 1\n").message


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("foo:\n \tbar\n", {"foo": "bar"}),  # a space of indentation, then a tab
        ("\t{}\n", {}),
        ("a: [1,\n \t2]\n", {"a": [1, 2]}),
    ],
)
def test_a_tab_after_the_indentation_is_separation_space(
    text: str, value: dict[str, object]
) -> None:
    assert load(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "a: x\n\ty\n",  # no space of indentation before the tab
        "a:\n - x\n\t- y\n",
        "a:\n\tb: 1\n",
        "a:\n \tb: 1\n",  # a key where the tab stood
        "a:\n  b: |\n   x\n  \t\n   y\n",
    ],
)
def test_a_tab_that_indents_is_still_refused(text: str) -> None:
    error(text)


@pytest.mark.parametrize(
    ("text", "value", "line"),
    [
        ('{"foo"\n: "bar"}\n', {"foo": "bar"}, 1),
        ("k: {\n k\n :\n v\n }\n", {"k": {"k": "v"}}, 2),
        ('{ "a # b" # a comment\n  : c}\n', {"a # b": "c"}, 1),
    ],
)
def test_a_flow_key_with_its_colon_on_the_next_line_is_read(
    text: str, value: dict[str, object], line: int
) -> None:
    data, lines = parse(text)
    assert data == value
    assert max(lines.items(), key=lambda item: len(item[0]))[1] == line  # lines unchanged


def test_an_implicit_key_over_two_lines_in_a_flow_list_is_still_refused() -> None:
    with pytest.raises(LoadError):
        parse("a: [ key\n  : value ]\n")
