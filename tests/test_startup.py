"""Start-up: a command imports only what it uses, and what is the same on every run is
computed once (issue 15, part 1). Behaviour only: what is imported, what the generated
files hold, that the shortcuts answer exactly as the long way does. No timings."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from digictl import codegen
from digictl.cli import app
from digictl.errors import LoadError
from digictl.findings import Finding, Result, Severity
from digictl.load import kinds, schemas
from digictl.load.dataset import classify
from digictl.load.loader import load_bytes
from digictl.output.findings import text as text_reporter
from tests.conftest import BASE, CASES, ROOT

DATA = ROOT / "data"
# what `validate` on valid data never needs: reports, authoring, CI, holidays, pydantic
NOT_FOR_VALIDATE = {
    *("jinja2", "babel", "holidays", "ruamel", "openpyxl", "icalendar", "pydantic"),
    *("jsonschema", "digictl.author", "digictl.forge", "digictl.output.reports"),
}
_RUN = """
import json, sys
sys.argv = ["digictl", *json.loads(sys.argv[1])]
from digictl.cli import main
try:
    main()
finally:
    with open({out!r}, "w") as f:
        json.dump(sorted(sys.modules), f)
"""


def _imported(tmp_path: Path, *args: str) -> set[str]:
    """The modules a run of `digictl ARGS` imported (in a fresh process)."""
    out = tmp_path / "modules.json"
    script = _RUN.format(out=str(out))
    subprocess.run(
        [sys.executable, "-c", script, json.dumps(list(args))],
        cwd=ROOT,
        capture_output=True,
        check=False,
        timeout=60,
    )
    modules: list[str] = json.loads(out.read_text(encoding="utf-8"))
    return set(modules)


def _hits(modules: set[str], banned: set[str]) -> set[str]:
    return {m for m in modules if m in banned or m.split(".")[0] in banned} | {
        m for m in modules for b in banned if m.startswith(b + ".")
    }


def test_validate_imports_only_what_it_uses(tmp_path: Path) -> None:
    modules = _imported(tmp_path, "--data", str(DATA), "validate", "--format", "json")
    assert "digictl.rules" in modules  # the run happened
    assert _hits(modules, NOT_FOR_VALIDATE | {"rich"}) == set()


def test_text_validate_off_a_terminal_imports_no_drawing_or_lookup_library(
    tmp_path: Path,
) -> None:
    """Piped (as in pre-commit and CI) the text report is plain: no rich. No plugin is
    installed, so no importlib.metadata; every orgnr is registered, so no python-stdnum."""
    modules = _imported(tmp_path, "--data", str(DATA), "validate")
    assert "digictl.rules" in modules
    banned = {"rich", "stdnum", "importlib.metadata"}
    assert _hits(modules, NOT_FOR_VALIDATE | banned) == set()


_HOSTILE = "line\\nbreak \x1b[31mred\x1b[0m [bold]x[/bold] :smile: \u202e\t end"


def _results() -> Iterator[Result]:
    one = Finding("orgnr", Severity.ERROR, "`x` fails", "organisations/x.yaml", 3)
    long = Finding("cadence", Severity.INFO, "m " * 200, "bodies/y.yaml", 12345)
    evil = Finding(_HOSTILE, Severity.WARNING, _HOSTILE, _HOSTILE, 7)
    yield Result(findings=[one, long, evil, evil], files=3)
    yield Result(findings=[long], files=1, strict=True)
    yield Result(findings=[], files=0)


@pytest.mark.parametrize("result", list(_results()))
def test_the_plain_text_report_is_what_rich_writes_off_a_terminal(
    result: Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Byte for byte, hostile text included: the plain path only skips importing rich."""
    plain, drawn = io.StringIO(), io.StringIO()
    text_reporter.text_report(result, plain)  # a StringIO is no terminal
    monkeypatch.setattr(text_reporter, "may_be_terminal", lambda out: True)
    text_reporter.text_report(result, drawn)  # rich, which also finds no terminal
    assert plain.getvalue() == drawn.getvalue()
    assert "\x1b" not in plain.getvalue()


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_import_no_rules(tmp_path: Path, args: list[str]) -> None:
    modules = _imported(tmp_path, *args)
    assert "digictl.cli" in modules
    banned = NOT_FOR_VALIDATE | {"rich", "digictl.rules", "digictl.model", "yaml"}
    assert _hits(modules, banned) == set()


def test_a_command_without_rules_loads_none(tmp_path: Path) -> None:
    """The rules load for --skip and for the commands that check, not for `schema`."""
    modules = _imported(tmp_path, "--data", str(DATA), "schema", "person")
    assert "digictl.load.schemas" in modules
    assert _hits(modules, NOT_FOR_VALIDATE | {"rich", "digictl.rules"}) == set()


# --------------------------------------------------------------------------- generated files


@pytest.mark.parametrize("path", sorted(codegen.generated(), key=str), ids=str)
def test_generated_file_is_up_to_date(path: Path) -> None:
    on_disk = (codegen.SRC / path).read_text(encoding="utf-8")
    assert on_disk == codegen.generated()[path](), f"src/digictl/{path} is stale: make generate"


def test_every_shipped_schema_has_its_precompiled_validator() -> None:
    for kind in kinds.ALL:
        assert schemas._precompiled(kind.schema) is not None, kind.schema


def test_precompiled_validators_run_without_fastjsonschema() -> None:
    """They raise the index's own exception: checking valid data imports no fastjsonschema
    (nor importlib.resources to find the schemas)."""
    probe = (
        "import sys\n"
        "from digictl.load import kinds, schemas\n"
        "ok = [schemas._accept(k.schema) for k in kinds.ALL]\n"
        "assert ok[0]({}) is False\n"
        "print(sorted(m for m in sys.modules if m.startswith(('fastjsonschema', 'importlib.res'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"


def _clear_schema_caches() -> None:
    for cached in (schemas.raw_schema, schemas.inlined, schemas.validator_key, schemas._accept):
        cached.cache_clear()


def test_an_edited_schema_is_compiled_at_run_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A schema that is not the one the modules were made from never uses them."""
    from digictl import resources

    for f in (ROOT / "schemas").glob("*.json"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    person = json.loads((tmp_path / "person.schema.json").read_text(encoding="utf-8"))
    person["required"] = [*person["required"], "title"]
    (tmp_path / "person.schema.json").write_text(json.dumps(person), encoding="utf-8")
    monkeypatch.setattr(resources, "schemas", lambda: tmp_path)
    _clear_schema_caches()
    try:
        assert schemas._precompiled(kinds.PERSON.schema) is None
        assert schemas._precompiled(kinds.BODY.schema) is None  # any edit: every schema
        check = schemas._accept(kinds.PERSON.schema)
        assert check({"id": "kari", "name": "Kari", "org": "bergen", "title": "rådgiver"})
        assert not check({"id": "kari", "name": "Kari", "org": "bergen"})  # the edit counts
    finally:
        monkeypatch.undo()
        _clear_schema_caches()
    assert schemas._precompiled(kinds.PERSON.schema) is not None


def _documents() -> Iterator[tuple[kinds.Kind, Any]]:
    """Every document of data/ and of the rule cases, as the schema check sees it."""
    for top in [DATA, BASE, *sorted(CASES.glob("**/files"))]:
        for f in sorted(top.rglob("*.y*ml")):
            kind, _ = classify(f.relative_to(top).as_posix())
            if kind is None:
                continue
            try:
                data = load_bytes(f.read_bytes(), f, "x").data
            except LoadError:
                continue
            schemas.coerce(data, schemas.inlined(kind.schema))
            yield kind, data


def _verdict(check: Any, data: Any) -> bool:
    from digictl.load._validators import Invalid

    try:
        check(copy.deepcopy(data))
    except (fastjsonschema.JsonSchemaException, Invalid):
        return False
    return True


def test_precompiled_validators_answer_as_compiled_ones() -> None:
    compiled = {
        k.schema: fastjsonschema.compile(schemas._fast_schema(k.schema), formats=schemas._FORMATS)
        for k in kinds.ALL
    }
    verdicts = {True: 0, False: 0}
    for kind, data in _documents():
        ahead = schemas._precompiled(kind.schema)
        assert ahead is not None
        expected = _verdict(compiled[kind.schema], data)
        fast = partial(ahead, custom_formats=schemas._FORMATS)
        precompiled = _verdict(fast, data)
        assert precompiled == expected, (kind.name, data)
        verdicts[expected] += 1
        broken = {**data, "not-a-key": 1} if isinstance(data, dict) else data
        assert _verdict(fast, broken) is False
    assert verdicts[True] > 100 and verdicts[False] > 0  # both answers were put to the test


def test_holiday_table_is_the_holidays_package() -> None:
    import holidays

    from digictl.facts.timeline import _holidays

    for year in (1899, 1900, 1901, 1947, 2024, 2100, 2101, 2999, 3000):
        assert _holidays(year) == frozenset(holidays.country_holidays("NO", years=year)), year


# --------------------------------------------------------------------------- option values


def _params() -> Iterator[tuple[str, Any]]:
    def walk(cmd: Any, path: str) -> Iterator[tuple[str, Any]]:
        for p in cmd.params:
            yield f"{path}:{p.name}", p
        if isinstance(cmd, TyperGroup):
            for name, sub in cmd.commands.items():
                yield from walk(sub, f"{path} {name}".strip())
        else:
            assert isinstance(cmd, TyperCommand)

    return walk(typer.main.get_command(app), "")


SAMPLES = ["x", "", "data", "0", "30", "-1", " 5", "1_0", "07", "2024-01-01", "nb", "JSON"]


def _outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        return "ok", runtime.coerce(value, param=param, ctx=ctx)
    except Exception as exc:
        return type(exc).__name__, str(getattr(exc, "message", exc))


def test_plain_option_values_are_what_typer_makes_of_them() -> None:
    """digictl coerces plain option values without pydantic; every option of every command
    gets what typer's own (pydantic) coercion makes of each sample value, errors included."""
    from typer import core

    plain = getattr(core, "build_runtime_param")  # noqa: B009 - not exported by typer
    typers = getattr(plain, "typers", None)
    assert typers is not None, "the plain coercion is not installed"
    compared = 0
    for where, param in _params():
        if not hasattr(param, "type_descriptor"):
            continue
        ctx = typer.Context(typer.main.get_command(app))
        descriptor = param.type_descriptor
        choices = [str(getattr(c, "value", c)) for c in (descriptor.choices or ())]
        values: list[Any] = [
            *SAMPLES,
            *choices,
            *(c.upper() for c in choices),
            param.default,
            None,
        ]
        if param.multiple:
            values += [("a", "b"), ()]
        for value in values:
            ours = _outcome(plain(descriptor), value, param, ctx)
            theirs = _outcome(typers(descriptor), value, param, ctx)
            assert ours == theirs, (where, value)
            compared += 1
    assert compared > 500


# --------------------------------------------------------------------------- command groups


def test_groups_not_named_are_built_without_commands() -> None:
    """`digictl validate` builds the authoring groups empty; --help and the tree are the same."""
    from typer.testing import CliRunner

    from digictl.cli import _only_named_groups

    full = typer.main.get_command(app)
    full_help = CliRunner().invoke(app, ["--help"]).output
    with _only_named_groups(["--data", "data", "member", "validate"]):
        light = typer.main.get_command(app)
        light_help = CliRunner().invoke(app, ["--help"]).output
    again = typer.main.get_command(app)
    assert isinstance(full, TyperGroup) and isinstance(light, TyperGroup)
    assert isinstance(again, TyperGroup)
    assert light_help == full_help
    assert list(light.commands) == list(full.commands)
    for name, cmd in full.commands.items():
        assert light.commands[name].get_short_help_str() == cmd.get_short_help_str()
    groups = [name for name, cmd in full.commands.items() if isinstance(cmd, TyperGroup)]
    assert "org" in groups and "member" in groups
    for name in groups:
        built = light.commands[name]
        assert isinstance(built, TyperGroup)
        expected = full.commands[name]
        assert isinstance(expected, TyperGroup)
        assert list(built.commands) == ([] if name != "member" else list(expected.commands))
        restored = again.commands[name]
        assert isinstance(restored, TyperGroup)
        assert list(restored.commands) == list(expected.commands)
