"""The JSON Schemas of the data contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from digictl import kinds
from digictl.schemas import coerce, did_you_mean, schema_for, show_path, validate

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.json")), ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _properties(node: object, trail: str = ""):  # type: ignore[no-untyped-def]
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
    from digictl.loader import parse

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

from digictl.schemas import _accept, _validator, inlined  # noqa: E402
from tests.conftest import BASE  # noqa: E402


def _samples() -> list[tuple[kinds.Kind, dict]]:
    from digictl.dataset import classify
    from digictl.loader import load_bytes

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
        ["", "x", "2021-02-30", "2021-02-28", "03-31", "5001", "bergen", "NO", "Bad Id"]
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
    import fastjsonschema

    kind, original = SAMPLES[index]
    doc = _mutate(original, path, new) if how == "mutate" else dict(original)
    if how == "add-key":
        doc["budgt"] = new
    elif how == "drop-key" and doc:
        doc.pop(sorted(doc)[path[0] % len(doc)])
    coerce(doc, inlined(kind.schema))
    try:
        _accept(kind.schema)(doc)
        accepted = True
    except fastjsonschema.JsonSchemaException:
        accepted = False
    if accepted:
        assert list(_validator(kind.schema).iter_errors(doc)) == []
