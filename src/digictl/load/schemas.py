"""The JSON Schemas of the data contract: loading, validation, readable messages.

Each schema validator is built once per process. Validation returns
``SchemaProblem`` records (path and sentence); it never prints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from digictl import resources
from digictl.i18n import N_, _, ngettext
from digictl.load.dates import FIRST_DAY, LAST_DAY, in_calendar, is_iso_date, is_possible_monthday
from digictl.load.kinds import ALL, Kind
from digictl.load.loader import JsonPath, NumberText, YamlFloat, YamlInt, text_of

COMMON = "common.schema.json"


@dataclass(frozen=True)
class SchemaProblem:
    path: JsonPath
    message: str
    unknown_key: bool = False  # only an extra key: the rest of the file can still be read


@cache
def raw_schema(name: str) -> dict[str, Any]:
    """A schema file's JSON, by file name."""
    text = resources.schemas().joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def schema_for(kind: Kind) -> dict[str, Any]:
    return raw_schema(kind.schema)


@cache
def inlined(name: str) -> dict[str, Any]:
    """A schema with every ``$ref`` replaced by what it points to (built once).

    The contract's schemas are not recursive, so this is finite; validating against
    it spares the validator a reference lookup for every value of every file.
    """

    def expand(node: Any) -> Any:
        if isinstance(node, dict):
            node = _resolve(node) if "$ref" in node else node
            return {k: expand(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [expand(x) for x in node]
        return node

    result: dict[str, Any] = expand(raw_schema(name))
    return result


@cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date")(is_iso_date)
    checker.checks("monthday")(is_possible_monthday)
    return Draft202012Validator(inlined(name), format_checker=checker)


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """Follow a local-file ``$ref`` (``common.schema.json#/$defs/x``), merging siblings."""
    ref = schema.get("$ref")
    if not ref:
        return schema
    file, _hash, pointer = ref.partition("#")
    target: Any = raw_schema(file or COMMON)
    for part in pointer.strip("/").split("/"):
        if part:
            target = target[part]
    merged = dict(target)
    merged.update({k: v for k, v in schema.items() if k != "$ref"})
    return merged


def _wants_text(schema: dict[str, Any]) -> bool:
    t = schema.get("type")
    return t == "string" or (isinstance(t, list) and "string" in t)


def _allows_number(schema: dict[str, Any]) -> bool:
    t = schema.get("type")
    types = t if isinstance(t, list) else [t]
    return "number" in types or "integer" in types


def coerce(
    instance: Any,
    schema: dict[str, Any],
    problems: list[SchemaProblem] | None = None,
    path: JsonPath = (),
) -> Any:
    """Give numbers written plainly in text fields back their source text.

    ``orgnr: 942110464`` or ``kommunenummer: 0301`` are text in the contract, but
    every other YAML reader (the editors, yq, scripts) and the exported schemas take
    them for numbers; so where the schema wants only text, a problem asking for
    quotes is added to ``problems``. The text is kept as written either way.
    """
    schema = _resolve(schema)
    if isinstance(instance, YamlInt | YamlFloat | NumberText):
        if not _wants_text(schema):
            return instance
        raw = text_of(instance)
        if problems is not None and not _allows_number(schema):
            problems.append(SchemaProblem(path, _quote_message(path, raw)))
        return raw
    if isinstance(instance, dict):
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, value in instance.items():
            if type(value) in _AS_WRITTEN:  # most values: nothing to give back
                continue
            sub = props.get(key, extra if isinstance(extra, dict) else None)
            if sub is not None:
                instance[key] = coerce(value, sub, problems, (*path, key))
    elif isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for i, value in enumerate(instance):
            if type(value) not in _AS_WRITTEN:
                instance[i] = coerce(value, schema["items"], problems, (*path, i))
    return instance


# values ``coerce`` returns as they are, whatever the schema (exact types: NumberText is a
# str, YamlInt an int, and those it does look at)
_AS_WRITTEN = frozenset({str, bool, type(None)})


def _quote_message(path: JsonPath, raw: str) -> str:
    shown = raw if len(raw) <= 40 else raw[:37] + "..."
    return _(
        "`{where}` is {value} without quotes, which YAML readers take for a "
        'number; write it in quotes: "{value}"',
        where=show_path(path),
        value=shown,
    )


# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides
# and isolates ("Trojan Source"): none belongs in governance data.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# The same characters as json.dumps(ensure_ascii=False) writes them: C0 controls but tab
# and newline as \\u00XX, \\b, \\f or \\r, the others as they are (a quick first look).
_CONTROL_IN_JSON = re.compile(
    "\\\\u00[01][0-9a-fA-F]|\\\\[bfr]|[\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]"
)


def control_problems(value: Any, path: JsonPath = ()) -> Iterator[SchemaProblem]:
    """A problem for each key or text value that holds a control character."""
    try:
        quick = json.dumps(value, ensure_ascii=False, check_circular=False)
    except (TypeError, ValueError):
        quick = None
    if quick is not None and not _CONTROL_IN_JSON.search(quick):
        return
    yield from _controls(value, path)


def _controls(value: Any, path: JsonPath) -> Iterator[SchemaProblem]:
    if isinstance(value, str):
        found = _CONTROL.search(value)
        if found:
            yield SchemaProblem(
                path,
                _(
                    "`{where}` contains the control character {code}; remove it",
                    where=show_path(path),
                    code=_code(found.group()),
                ),
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            found = _CONTROL.search(key) if isinstance(key, str) else None
            if found and path:
                yield SchemaProblem(
                    (*path, key),
                    _(
                        "a key in `{where}` contains the control character {code}; remove it",
                        where=show_path(path),
                        code=_code(found.group()),
                    ),
                )
            elif found:
                yield SchemaProblem(
                    (*path, key),
                    _(
                        "a key in the file contains the control character {code}; remove it",
                        code=_code(found.group()),
                    ),
                )
            else:
                yield from _controls(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _controls(item, (*path, i))


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


_FORMATS = {"date": is_iso_date, "monthday": is_possible_monthday}


def _fast_schema(name: str) -> dict[str, Any]:
    """The schema the compiled validator checks: the inlined one, without ``$schema``."""
    return {k: v for k, v in inlined(name).items() if k != "$schema"}


def module_name(name: str) -> str:
    """The module of ``digictl.load._validators`` compiled from a schema file."""
    return name.removesuffix(".schema.json").replace("-", "_").replace(".", "_")


@cache
def validator_key() -> str:
    """What the compiled validators are keyed by: the text of every schema file (so any
    edit changes it) and the formats. (They run without fastjsonschema; a test compares
    them with what the installed fastjsonschema compiles.)"""
    import hashlib

    digest = hashlib.sha256(f"{','.join(_FORMATS)}\n".encode())
    for entry in sorted(resources.schemas().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            digest.update(entry.name.encode("utf-8") + b"\0" + entry.read_bytes() + b"\0")
    return digest.hexdigest()


def validator_source(name: str) -> str:
    """The Python source of a schema's compiled validator (``make generate`` writes it)."""
    import fastjsonschema

    source: str = fastjsonschema.compile_to_code(_fast_schema(name), formats=_FORMATS)
    return source


def _precompiled(name: str) -> Callable[..., Any] | None:
    """The validator compiled ahead of time for this schema, or None when there is none
    or the schemas are not the ones it was made from (an edited schema is compiled at
    run time). It raises ``_validators.Invalid`` for a document the schema rejects."""
    import importlib

    from digictl.load import _validators

    if name not in _validators.SCHEMAS or validator_key() != _validators.KEY:
        return None
    try:
        module = importlib.import_module(f"digictl.load._validators.{module_name(name)}")
    except ImportError:  # pragma: no cover - an install without it: compile instead
        return None
    check: Callable[..., Any] = module.validate
    return check


@cache
def _accept(name: str) -> Callable[[Any], bool]:
    """Whether a document is valid, by a compiled validator (fastjsonschema's code).

    It is the fast path for the common case; whatever it rejects goes to jsonschema,
    which decides and explains. A test checks that it never accepts what jsonschema
    rejects. The validators of the shipped schemas are compiled ahead of time
    (``digictl.codegen``) and need no fastjsonschema to run; a schema without one is
    compiled here, once per process.
    """
    check = _precompiled(name)
    if check is None:
        import fastjsonschema

        compiled = fastjsonschema.compile(_fast_schema(name), formats=_FORMATS)
        return partial(_passes, compiled, fastjsonschema.JsonSchemaException)
    from digictl.load._validators import Invalid

    return partial(_passes, partial(check, custom_formats=_FORMATS), Invalid)


def _passes(check: Callable[[Any], Any], rejected: type[Exception], data: Any) -> bool:
    try:
        check(data)
    except rejected:
        return False
    return True


def validate(kind: Kind, data: dict[str, Any]) -> list[SchemaProblem]:
    """Validate one document's data against its kind's schema (after coercion)."""
    problems: list[SchemaProblem] = []
    coerce(data, inlined(kind.schema), problems)
    problems.extend(control_problems(data))
    accepted = _accept(kind.schema)(data)
    if accepted and not problems:
        return []
    if not accepted:
        told = {p.path for p in problems}  # one sentence per value: "quote it" says enough
        for error in _validator(kind.schema).iter_errors(data):
            problems.extend(p for p in _explain(error) if p.path not in told)
    problems.sort(key=lambda p: (len(p.path), [str(x) for x in p.path]))
    return bounded(problems)


MAX_PROBLEMS = 50  # per file: a file of 100,000 stray keys is 51 findings, not 100,000


def bounded(problems: list[SchemaProblem]) -> list[SchemaProblem]:
    """At most MAX_PROBLEMS problems, then one that counts the rest.

    The count is at the first problem left out; it is an unknown key only if every
    problem left out is one, so a file stays usable exactly as without the bound.
    """
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = problems[MAX_PROBLEMS:]
    summary = SchemaProblem(
        rest[0].path,
        ngettext(
            "{n} more problem in this file is not listed; fix the ones above first",
            "{n} more problems in this file are not listed; fix the ones above first",
            len(rest),
        ),
        unknown_key=all(p.unknown_key for p in rest),
    )
    return [*problems[:MAX_PROBLEMS], summary]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ``; did you mean `x`?`` hint (in the language of the run), or the empty string.

    Bounded work per word whatever the number of candidates (``digictl.suggest``);
    pass a ``suggest.Index`` when asking about many words against the same set. A message
    that can be written as two whole sentences (with the hint and without) asks
    ``suggest.closest`` itself.
    """
    from digictl.suggest import closest

    match = closest(word, candidates)
    # Translators: added at the end of a sentence that names something unknown
    return _("; did you mean `{match}`?", match=match) if match else ""


def show_path(path: JsonPath) -> str:
    """``parties[2].joined`` for ("parties", 2, "joined"); "the file" for the top level
    (messages about the top level say so in a sentence of their own)."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or _("the file")


def _what(value: Any) -> tuple[str, object]:
    """What a value is, for the sentences below: its kind (``empty``, ``bool``, ``text``,
    ``number``, ``list``, ``mapping``, ``other``) and the value to show."""
    if value is None:
        return "empty", value
    if isinstance(value, bool):
        return "bool", "true" if value else "false"
    if isinstance(value, str):
        return "text", value
    if isinstance(value, int | float):
        return "number", value
    if isinstance(value, list):
        return "list", value
    if isinstance(value, dict):
        return "mapping", value
    return "other", repr(value)  # pragma: no cover


# The sentence for a value of the wrong type, by the type(s) the schema wants and what the
# value is: whole sentences, each with its own hint. {where} is the key's path, {value}
# the value (as written: the text quoted, true or false, the number).
_WRONG_TYPE: dict[tuple[str, str], str] = {
    ("string", "empty"): N_("`{where}` must be text, not empty"),
    ("string", "bool"): N_("`{where}` must be text, not {value} (put the value in quotes)"),
    ("string", "number"): N_("`{where}` must be text, not the number {value}"),
    ("string", "list"): N_("`{where}` must be text, not a list"),
    ("string", "mapping"): N_("`{where}` must be text, not a mapping"),
    ("integer", "empty"): N_("`{where}` must be a whole number, not empty"),
    ("integer", "bool"): N_("`{where}` must be a whole number, not {value}"),
    ("integer", "number"): N_("`{where}` must be a whole number, not the number {value}"),
    ("integer", "text"): N_(
        "`{where}` must be a whole number, not the text {value!r} "
        "(write the number without quotes, spaces or units)"
    ),
    ("integer", "number-text"): N_(
        "`{where}` must be a whole number, not the text {value!r} "
        "(write it as a decimal number without leading zeros)"
    ),
    ("integer", "list"): N_("`{where}` must be a whole number, not a list"),
    ("integer", "mapping"): N_("`{where}` must be a whole number, not a mapping"),
    ("boolean", "empty"): N_("`{where}` must be true or false, not empty"),
    ("boolean", "text"): N_(
        "`{where}` must be true or false, not the text {value!r} "
        "(write true or false without quotes)"
    ),
    ("boolean", "number"): N_("`{where}` must be true or false, not the number {value}"),
    ("boolean", "list"): N_("`{where}` must be true or false, not a list"),
    ("boolean", "mapping"): N_("`{where}` must be true or false, not a mapping"),
    ("array", "empty"): N_("`{where}` must be a list, not empty"),
    ("array", "bool"): N_("`{where}` must be a list, not {value}"),
    ("array", "text"): N_("`{where}` must be a list, not the text {value!r}"),
    ("array", "number"): N_("`{where}` must be a list, not the number {value}"),
    ("array", "mapping"): N_("`{where}` must be a list, not a mapping"),
    ("object", "empty"): N_("`{where}` must be a mapping of keys, not empty"),
    ("object", "bool"): N_("`{where}` must be a mapping of keys, not {value}"),
    ("object", "text"): N_("`{where}` must be a mapping of keys, not the text {value!r}"),
    ("object", "number"): N_("`{where}` must be a mapping of keys, not the number {value}"),
    ("object", "list"): N_("`{where}` must be a mapping of keys, not a list"),
    ("string|number", "empty"): N_("`{where}` must be text or a number, not empty"),
    ("string|number", "bool"): N_("`{where}` must be text or a number, not {value}"),
    ("string|number", "list"): N_("`{where}` must be text or a number, not a list"),
    ("string|number", "mapping"): N_("`{where}` must be text or a number, not a mapping"),
    ("integer|boolean|string", "empty"): N_(
        "`{where}` must be a whole number or true or false or text, not empty"
    ),
    ("integer|boolean|string", "number"): N_(
        "`{where}` must be a whole number or true or false or text, not the number {value}"
    ),
    ("integer|boolean|string", "list"): N_(
        "`{where}` must be a whole number or true or false or text, not a list"
    ),
    ("integer|boolean|string", "mapping"): N_(
        "`{where}` must be a whole number or true or false or text, not a mapping"
    ),
}

_PATTERN_WORDS = {
    "^[a-z0-9][a-z0-9-]*$": N_(
        "`{where}` must be an id of lower-case letters a-z, digits and hyphens, "
        "not the text {value!r}"
    ),
    "^[A-Za-z0-9][A-Za-z0-9._/-]*$": N_(
        "`{where}` must be a decision id of letters, digits, '-', '.', '_' or '/', "
        "not the text {value!r}"
    ),
    "^[0-9]{4}$": N_(
        '`{where}` must be 4 digits written as text, e.g. "5001", not the text {value!r}'
    ),
    "^[0-9]{9}$": N_(
        '`{where}` must be 9 digits written as text, e.g. "942110464", not the text {value!r}'
    ),
    "^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$": N_(
        '`{where}` must be a day of the year written MM-DD, e.g. "03-31", not the text {value!r}'
    ),
}


_Explainer = Callable[[Any, JsonPath, str], Iterator[SchemaProblem]]


def _explain(error: Any) -> Iterator[SchemaProblem]:
    path: JsonPath = tuple(error.absolute_path)
    explainer = _EXPLAINERS.get(error.validator, _as_is)
    yield from explainer(error, path, show_path(path))


def _unknown_keys(error: Any, path: JsonPath, where: str) -> Iterator[SchemaProblem]:
    from digictl.suggest import closest

    instance = error.instance
    if not isinstance(instance, dict):  # pragma: no cover - only mappings have keys
        yield from _as_is(error, path, where)
        return
    known = list(error.schema.get("properties", {}))
    hints = MAX_PROBLEMS  # a hint costs a search: only for keys that can be listed
    for key in instance:
        if key not in known:
            match = closest(key, known) if hints > 0 else None
            hints -= 1
            yield SchemaProblem((*path, key), _unknown_key(key, path, where, match), True)


def _unknown_key(key: str, path: JsonPath, where: str, match: str | None) -> str:
    if not path and match:
        return _("unknown key `{key}` in the file; did you mean `{match}`?", key=key, match=match)
    if not path:
        return _("unknown key `{key}` in the file", key=key)
    if match:
        return _(
            "unknown key `{key}` in {where}; did you mean `{match}`?",
            key=key,
            where=where,
            match=match,
        )
    return _("unknown key `{key}` in {where}", key=key, where=where)


def _required(error: Any, path: JsonPath, where: str) -> Iterator[SchemaProblem]:
    m = re.match(r"'(.+)' is a required property", error.message)
    key = m.group(1) if m else str(error.validator_value)
    if path:
        yield SchemaProblem(
            path, _("{where} is missing the required key `{key}`", where=where, key=key)
        )
    else:
        yield SchemaProblem(path, _("the file is missing the required key `{key}`", key=key))


def _wrong_type(error: Any, path: JsonPath, where: str) -> Iterator[SchemaProblem]:
    expected = error.validator_value
    types = [str(t) for t in expected] if isinstance(expected, list) else [str(expected)]
    instance = error.instance
    kind, value = _what(instance)
    if kind == "text" and isinstance(instance, NumberText):
        kind = "number-text" if types in (["integer"], ["number"]) else kind
    template = _WRONG_TYPE.get(("|".join(types), kind))
    if template is None:  # a type the shipped schemas do not use
        yield SchemaProblem(
            path,
            _(
                "`{where}` must be of the type {types}, not {value!r}",
                where=where,
                types=" or ".join(types),
                value=instance,
            ),
        )
        return
    yield SchemaProblem(path, _(template, where=where, value=value))


def _not_an_option(error: Any, path: JsonPath, where: str) -> Iterator[SchemaProblem]:
    from digictl.suggest import closest

    kind, value = _what(error.instance)
    options = ", ".join(str(o) for o in error.validator_value)
    values = {"where": where, "options": options, "value": value}
    if kind == "text":
        match = closest(str(value), [str(o) for o in error.validator_value])
        if match:
            message = _(
                "`{where}` must be one of {options}, not the text {value!r}; "
                "did you mean `{match}`?",
                match=match,
                **values,
            )
        else:
            message = _("`{where}` must be one of {options}, not the text {value!r}", **values)
    elif kind == "number":
        message = _("`{where}` must be one of {options}, not the number {value}", **values)
    elif kind == "bool":
        message = _("`{where}` must be one of {options}, not {value}", **values)
    elif kind == "empty":
        message = _("`{where}` must be one of {options}, not empty", **values)
    elif kind == "list":
        message = _("`{where}` must be one of {options}, not a list", **values)
    else:
        message = _("`{where}` must be one of {options}, not a mapping", **values)
    yield SchemaProblem(path, message)


def _bad_format(error: Any, path: JsonPath, where: str) -> Iterator[SchemaProblem]:
    instance = error.instance
    if error.validator_value == "monthday" and instance == "02-29":
        yield SchemaProblem(
            path,
            _(
                '`{where}` is "02-29", which common years do not have; write "02-28" or "03-01"',
                where=where,
            ),
        )
    elif error.validator_value == "monthday":
        yield SchemaProblem(
            path,
            _(
                '`{where}` is "{value}", which is not a day of the year (write MM-DD, e.g. 03-31)',
                where=where,
                value=instance,
            ),
        )
    elif error.validator_value != "date":  # pragma: no cover - the schemas use no other
        yield from _as_is(error, path, where)
    elif isinstance(instance, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", instance):
        if in_calendar(instance):
            message = _(
                "`{where}` is {value}, outside the dates digictl handles ({first} to {last})",
                where=where,
                value=instance,
                first=FIRST_DAY,
                last=LAST_DAY,
            )
        else:
            message = _(
                "`{where}` is {value}, which is not a date in the calendar",
                where=where,
                value=instance,
            )
        yield SchemaProblem(path, message)
    else:
        yield SchemaProblem(path, _not_a_date(where, instance))


def _not_a_date(where: str, instance: Any) -> str:
    kind, value = _what(instance)
    if kind == "text":
        return _(
            "`{where}` must be a date written YYYY-MM-DD, not the text {value!r}",
            where=where,
            value=value,
        )
    if kind == "number":
        return _(
            "`{where}` must be a date written YYYY-MM-DD, not the number {value}",
            where=where,
            value=value,
        )
    if kind == "bool":
        return _(
            "`{where}` must be a date written YYYY-MM-DD, not {value}", where=where, value=value
        )
    if kind == "empty":
        return _("`{where}` must be a date written YYYY-MM-DD, not empty", where=where)
    if kind == "list":
        return _("`{where}` must be a date written YYYY-MM-DD, not a list", where=where)
    return _("`{where}` must be a date written YYYY-MM-DD, not a mapping", where=where)


def _no_match(error: Any, path: JsonPath, where: str) -> Iterator[SchemaProblem]:
    # only text is matched against a pattern
    template = _PATTERN_WORDS.get(error.validator_value)
    if template is None:
        message = _(
            "`{where}` must be text matching {pattern}, not the text {value!r}",
            where=where,
            pattern=error.validator_value,
            value=error.instance,
        )
    else:
        message = _(template, where=where, value=error.instance)
    yield SchemaProblem(path, message)


def _too_small(error: Any, path: JsonPath, where: str) -> Iterator[SchemaProblem]:
    yield SchemaProblem(
        path,
        _(
            "`{where}` must be at least {limit}, not {value}",
            where=where,
            limit=error.validator_value,
            value=error.instance,
        ),
    )


def _too_large(error: Any, path: JsonPath, where: str) -> Iterator[SchemaProblem]:
    yield SchemaProblem(
        path,
        _(
            "`{where}` must be at most {limit}, not {value}",
            where=where,
            limit=error.validator_value,
            value=error.instance,
        ),
    )


def _empty(error: Any, path: JsonPath, where: str) -> Iterator[SchemaProblem]:
    yield SchemaProblem(path, _("`{where}` must not be empty", where=where))


def _as_is(error: Any, path: JsonPath, where: str) -> Iterator[SchemaProblem]:
    # jsonschema's own words (English): no shipped schema gets here
    yield SchemaProblem(
        path, _("`{where}`: {problem}", where=where, problem=error.message)
    )  # pragma: no cover


# the sentence for each kind of schema error, by the keyword that failed
_EXPLAINERS: dict[str, _Explainer] = {
    "additionalProperties": _unknown_keys,
    "required": _required,
    "type": _wrong_type,
    "enum": _not_an_option,
    "format": _bad_format,
    "pattern": _no_match,
    "minimum": _too_small,
    "maximum": _too_large,
    "minLength": _empty,
}


def bundle(kind: Kind) -> dict[str, Any]:
    """A kind's schema made self-contained: the shared definitions inlined under ``$defs``.

    This is what editors (yaml-language-server) and other validators load.
    """
    used: dict[str, Any] = {}
    common = raw_schema(COMMON)["$defs"]

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if (
                    key == "$ref"
                    and isinstance(value, str)
                    and value.startswith(COMMON + "#/$defs/")
                ):
                    name = value.rsplit("/", 1)[1]
                    used[name] = common[name]
                    out[key] = f"#/$defs/{name}"
                else:
                    out[key] = rewrite(value)
            return out
        if isinstance(node, list):
            return [rewrite(x) for x in node]
        return node

    schema: dict[str, Any] = rewrite(raw_schema(kind.schema))
    schema["$defs"] = dict(sorted(used.items()))
    return schema


def globs(prefix: str = "data") -> dict[str, str]:
    """Which files each kind's schema applies to: schema file name -> glob."""
    out = {}
    for k in ALL:
        pattern = f"{prefix}/network.yaml" if not k.folder else f"{prefix}/{k.folder}/*.yaml"
        out[f"{k.name}.schema.json"] = pattern
    return out
