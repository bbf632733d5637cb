"""The loader: safe, loss-free, line-aware."""

from __future__ import annotations

import contextlib
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digictl.errors import LoadError
from digictl.loader import MAX_BYTES, YamlFloat, YamlInt, load_bytes, load_file, parse, text_of

F = Path("x.yaml")


def load(text: str | bytes) -> dict:
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
        (b"a: 1\n\tb: 2\n", 2, "tab character"),
        (b"a: 1\nb: caf\xe9\n", 2, "not valid UTF-8"),
        (b"a: [1,\n", 2, "not valid YAML"),
        (b"a: 1\n---\nb: 2\n", 2, "more than one YAML document"),
        (b"title: Endring: mandat\n", 1, "must be put in quotes"),
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
    from digictl import kinds
    from digictl.schemas import validate

    written = {"plain": word, "single": f"'{word}'", "double": f'"{word}"'}[style]
    data = load(f"id: p\nname: {written}\norg: o\n")
    problems = validate(kinds.PERSON, data)
    if word == "null" and style == "plain":
        assert problems  # an empty name is reported, not invented
    else:
        assert problems == []
        assert data["name"] == word


def test_uses_libyaml_when_pyyaml_has_it() -> None:
    import yaml

    from digictl import loader

    assert bool(yaml.__with_libyaml__) == loader.HAVE_LIBYAML
    if yaml.__with_libyaml__:
        assert loader._Composer.__mro__[1].__module__ in ("yaml._yaml", "_yaml")
