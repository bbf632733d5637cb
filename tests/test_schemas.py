"""The JSON Schemas of the data contract."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from jsonschema import Draft202012Validator

from digictl.load import kinds
from digictl.load.schemas import coerce, did_you_mean, schema_for, show_path, validate

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.json")), ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _properties(node: object, trail: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            yield f"{trail}.{name}", sub
        for key, sub in node.items():
            if key not in ("properties", "if"):
                yield from _properties(sub, f"{trail}/{key}")
        for name, sub in (node.get("properties") or {}).items():
            yield from _properties(sub, f"{trail}.{name}")
    elif isinstance(node, list):
        for item in node:
            yield from _properties(item, trail)


@pytest.mark.parametrize("kind", kinds.ALL, ids=lambda k: k.name)
def test_strict_and_described(kind: kinds.Kind) -> None:
    schema = schema_for(kind)
    assert schema["additionalProperties"] is False
    assert schema.get("description")
    missing = [t for t, sub in _properties(schema) if not sub.get("description")]
    assert missing == []


def test_coerce_restores_text_only_where_the_schema_wants_text() -> None:
    from digictl.load.loader import parse

    data, _ = parse("id: x\nname: X\nkind: municipality\nkommunenummer: 5001\norgnr: 942110464\n")
    coerce(data, schema_for(kinds.ORGANISATION))
    assert data["kommunenummer"] == "5001" and data["orgnr"] == "942110464"
    year, _ = parse("year: 2022\n")
    coerce(year, schema_for(kinds.YEAR))
    assert year["year"] == 2022 and not isinstance(year["year"], str)


def test_municipality_needs_kommunenummer() -> None:
    problems = validate(kinds.ORGANISATION, {"id": "x", "name": "X", "kind": "municipality"})
    assert [p.message for p in problems] == ["the file is missing the required key `kommunenummer`"]
    assert validate(kinds.ORGANISATION, {"id": "ks", "name": "KS", "kind": "ks"}) == []


def test_helpers() -> None:
    assert did_you_mean("budgt", ["budget", "owner"]) == "; did you mean `budget`?"
    assert did_you_mean("zzz", ["budget"]) == ""
    assert show_path(("parties", 2, "joined")) == "parties[2].joined"
    assert show_path(()) == "the file"


# -- the fast accept path never accepts what jsonschema rejects ----------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from digictl.load.schemas import _accept, _validator, inlined  # noqa: E402
from tests.conftest import BASE  # noqa: E402


def _samples() -> list[tuple[kinds.Kind, dict[str, Any]]]:
    from digictl.load.dataset import classify
    from digictl.load.loader import load_bytes

    out = []
    for f in sorted(BASE.rglob("*.yaml")):
        kind, _ = classify(f.relative_to(BASE).as_posix())
        assert kind is not None
        out.append((kind, load_bytes(f.read_bytes(), f, "x").data))
    return out


SAMPLES = _samples()
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**7),
    st.floats(allow_nan=False),
    st.sampled_from(
        [
            *("", "x", "2021-02-30", "2021-02-28", "03-31", "02-29", "02-30", "04-31", "13-01"),
            *("5001", "bergen", "NO", "Bad Id"),
        ]
    ),
    st.lists(st.sampled_from(["bergen", "x", 3]), max_size=3),
    st.just({"x": 1}),
)


def _mutate(value: object, path: list[int], new: object) -> object:
    if not path:
        return new
    if isinstance(value, dict) and value:
        keys = sorted(value)
        key = keys[path[0] % len(keys)]
        return {**value, key: _mutate(value[key], path[1:], new)}
    if isinstance(value, list) and value:
        i = path[0] % len(value)
        return [*value[:i], _mutate(value[i], path[1:], new), *value[i + 1 :]]
    return new


@settings(max_examples=400, deadline=None)
@given(
    st.integers(0, len(SAMPLES) - 1),
    st.lists(st.integers(0, 50), min_size=1, max_size=4),
    leaves,
    st.sampled_from(["mutate", "add-key", "drop-key"]),
)
def test_fast_path_agrees_with_jsonschema(
    index: int, path: list[int], new: object, how: str
) -> None:
    kind, original = SAMPLES[index]
    doc: Any = _mutate(original, path, new) if how == "mutate" else dict(original)
    if how == "add-key":
        doc["budgt"] = new
    elif how == "drop-key" and doc:
        doc.pop(sorted(doc)[path[0] % len(doc)])
    coerce(doc, inlined(kind.schema))
    if _accept(kind.schema)(doc):
        assert list(_validator(kind.schema).iter_errors(doc)) == []


# -- numbers where the schema wants text; control characters -------------------------


def _org(extra: str) -> dict[str, Any]:
    from digictl.load.loader import parse

    data, _ = parse(f"id: x\nname: X\nkind: municipality\n{extra}")
    return cast("dict[str, Any]", data)


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("kommunenummer: 0301\n", "`kommunenummer` is 0301"),
        ("kommunenummer: 5001\n", "`kommunenummer` is 5001"),
        ('kommunenummer: "5001"\norgnr: 942110464\n', "`orgnr` is 942110464"),
    ],
)
def test_a_number_written_where_text_is_wanted_asks_for_quotes(written: str, shown: str) -> None:
    problems = validate(kinds.ORGANISATION, _org(written))
    assert [p.message for p in problems] == [
        f"{shown} without quotes, which YAML readers take for a number; "
        f'write it in quotes: "{shown.rsplit(" ", 1)[1]}"'
    ]


def test_quoted_numbers_and_number_or_text_fields_are_fine() -> None:
    assert validate(kinds.ORGANISATION, _org("kommunenummer: '0301'\norgnr: \"942110464\"\n")) == []
    from digictl.load.loader import parse

    data, _ = parse(
        "id: a\ntitle: T\nversion: 1.10\neffective: 2021-01-01\namendment_rule: unanimous\n"
        "parties: []\n"
    )
    problems = validate(kinds.AGREEMENT, data)
    assert not [p for p in problems if p.path == ("version",)]
    assert data["version"] == "1.10"


def test_one_sentence_per_value_asking_for_quotes() -> None:
    problems = validate(kinds.ORGANISATION, _org("kommunenummer: 12345\n"))
    # the pattern (4 digits) fails too, but "write it in quotes" comes alone
    assert [p.path for p in problems] == [("kommunenummer",)]
    assert "write it in quotes" in problems[0].message


def test_a_number_with_leading_zeros_in_a_number_field_says_how_to_write_it() -> None:
    from digictl.load.loader import parse

    data, _ = parse("year: 02022\n")
    problems = validate(kinds.YEAR, data)
    mine = [p.message for p in problems if p.path == ("year",)]
    assert mine and "without leading zeros" in mine[0]


@pytest.mark.parametrize(
    ("text", "path", "code"),
    [
        ('id: p\nname: "A\\e[2J"\norg: o\n', ("name",), "U+001B"),
        ('id: p\nname: "A\\x01"\norg: o\n', ("name",), "U+0001"),
        ('id: p\nname: "A\\x7f"\norg: o\n', ("name",), "U+007F"),
        ('id: p\nname: "A\\x85"\norg: o\n', ("name",), "U+0085"),
        ('id: p\nname: "A\\r"\norg: o\n', ("name",), "U+000D"),
        ("id: p\nname: A\u202eB\norg: o\n", ("name",), "U+202E"),
        ("id: p\nname: A\u2066B\norg: o\n", ("name",), "U+2066"),
    ],
)
def test_control_characters_in_text_are_a_schema_problem(
    text: str, path: tuple[str | int, ...], code: str
) -> None:
    from digictl.load.loader import parse

    data, _ = parse(text)
    problems = validate(kinds.PERSON, data)
    assert [(p.path, p.message) for p in problems] == [
        (path, f"`{path[0]}` contains the control character {code}; remove it")
    ]


def test_a_control_character_in_a_key_is_named_without_printing_it() -> None:
    from digictl.load.schemas import control_problems

    problems = list(control_problems({"parties": [{"or\x1bg": "x", "y": "\x01"}]}))
    assert [(p.path, p.message) for p in problems] == [
        (
            ("parties", 0, "or\x1bg"),
            "a key in `parties[0]` contains the control character U+001B; remove it",
        ),
        (("parties", 0, "y"), "`parties[0].y` contains the control character U+0001; remove it"),
    ]


def test_tabs_newlines_and_printable_unicode_are_not_control_problems() -> None:
    from digictl.load.schemas import control_problems

    data = {"a": "x\ty\nz", "b": ["Ærlig Østby", "مدير", "🎉", "\u00a0nbsp"]}
    assert list(control_problems(data)) == []


def test_many_problems_in_one_file_are_bounded() -> None:
    """100,000 stray keys are MAX_PROBLEMS findings and one that counts the rest (not
    100,000 findings, each with a did-you-mean search); the file stays usable, as any
    file whose only problems are unknown keys."""
    from digictl.load.schemas import MAX_PROBLEMS

    base = {"id": "p", "name": "P", "status": "active", "owner": "o"}
    assert validate(kinds.PROJECT, dict(base)) == []
    data = {**base, **{f"k{i}": 1 for i in range(100_000)}}
    problems = validate(kinds.PROJECT, data)
    assert len(problems) == MAX_PROBLEMS + 1
    assert all(p.unknown_key for p in problems)
    last = problems[-1].message
    assert last.startswith(f"{100_000 - MAX_PROBLEMS} more problems in this file")


def test_the_count_of_problems_left_out_keeps_a_real_problem() -> None:
    """When a problem that is not an unknown key is among those left out, the file is
    still not usable: the bound never turns a broken file into a readable one."""
    from digictl.load.schemas import SchemaProblem, bounded

    stray = [SchemaProblem(("a", i), "x", unknown_key=True) for i in range(60)]
    broken = SchemaProblem(("b",), "wrong type")
    assert bounded(stray[:50]) == stray[:50]
    assert bounded(stray)[-1].unknown_key
    assert not bounded([*stray, broken])[-1].unknown_key


# -- days of the year (MM-DD) ------------------------------------------------------------


def _network(calendar: dict[str, object]) -> dict[str, object]:
    return {"id": "n", "name": "N", "host": "h", "calendar": calendar}


@pytest.mark.parametrize("day", ["02-28", "01-31", "04-30", "06-30", "09-30", "11-30", "12-31"])
def test_every_day_of_every_year_is_a_day_of_the_year(day: str) -> None:
    assert validate(kinds.NETWORK, _network({"annual_report_due": day})) == []


@pytest.mark.parametrize("day", ["02-30", "02-31", "04-31", "06-31", "09-31", "11-31"])
def test_an_impossible_day_of_the_year_is_a_schema_problem(day: str) -> None:
    problems = validate(kinds.NETWORK, _network({"annual_report_due": day}))
    assert [(p.path, p.message, p.unknown_key) for p in problems] == [
        (
            ("calendar", "annual_report_due"),
            f'`calendar.annual_report_due` is "{day}", which is not a day of the year '
            "(write MM-DD, e.g. 03-31)",
            False,
        )
    ]


def test_29_february_is_refused_with_what_to_write() -> None:
    problems = validate(kinds.NETWORK, _network({"annual_plan_due": "02-29"}))
    assert [p.message for p in problems] == [
        '`calendar.annual_plan_due` is "02-29", which common years do not have; '
        'write "02-28" or "03-01"'
    ]


@pytest.mark.parametrize("day", ["13-01", "00-10", "3-31", "03-32", "03-00"])
def test_a_day_of_the_year_written_otherwise_has_one_problem(day: str) -> None:
    problems = validate(kinds.NETWORK, _network({"contributions_due": day}))
    assert [p.message for p in problems] == [
        "`calendar.contributions_due` must be a day of the year written MM-DD, "
        f'e.g. "03-31", not the text {day!r}'
    ]


def test_an_impossible_day_of_the_year_is_found_at_its_line() -> None:
    from digictl.load.dataset import _load_one

    raw = b"id: n\nname: N\nhost: h\ncalendar:\n  annual_plan_due: 03-31\n"
    raw += b"  annual_report_due: 04-31\n"
    doc, problems, usable = _load_one("network", "network.yaml", "data/network.yaml", raw, None)
    assert doc is not None and not usable
    assert [(p.rule, p.file, p.line, p.message) for p in problems] == [
        (
            "schema",
            "data/network.yaml",
            6,
            '`calendar.annual_report_due` is "04-31", which is not a day of the year '
            "(write MM-DD, e.g. 03-31)",
        )
    ]
