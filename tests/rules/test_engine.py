"""The rule engine: the catalogue's order, one rule's failure isolated, rule parameters in
network.yaml, and rule plugins found through the entry point group `digictl.rules`.

Rules registered here for a test, and plugins installed for one, are removed again by
their fixtures: the catalogue other tests see is digictl's own.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner
from typer.testing import Result as CliResult

from digictl.errors import UsageError
from digictl.findings import Finding, Result, Severity
from digictl.load.dataset import DirectorySource, read_dataset
from digictl.load.schemas import MAX_PROBLEMS
from digictl.model import ParamValue, build
from digictl.rules import ORDER, RULES, Context, Issue, rule
from digictl.rules.engine import _param_problem, check_rule_ids, check_source, run_rules
from digictl.rules.registry import RESERVED, Check, Rule, describe_failure
from tests.cli.conftest import AS_OF, Invoke, assert_no_crash
from tests.conftest import BASE_AS_OF

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"
EXAMPLE = "example-network-name"

AnyCheck = Callable[[Context], object]  # tests register rules that misbehave too
Register = Callable[..., Callable[[AnyCheck], object]]


@pytest.fixture
def register() -> Iterator[Register]:
    """``register(id, **params)`` decorates a rule for this test only."""
    added: list[str] = []

    def add(rule_id: str, **params: ParamValue | list[str]) -> Callable[[AnyCheck], object]:
        decorate = rule(rule_id, Severity.WARNING, "test", "a rule of a test", "", params)

        def registered(check: AnyCheck) -> object:
            decorate(cast(Check, check))
            added.append(rule_id)  # only what this test registered is removed
            return check

        return registered

    yield add
    for rule_id in added:
        RULES.remove(rule_id)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """digictl in-process, as tests/cli runs it (stdout and stderr apart, no crash)."""
    from digictl.cli import app

    monkeypatch.delenv("DIGICTL_DATA", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()

    def invoke(*args: object) -> CliResult:
        result = runner.invoke(app, [str(a) for a in args])
        assert_no_crash(result)
        return result

    return invoke


def _line_of(marker: str) -> int:
    """The line of this file that holds ``marker`` (where a test rule raises)."""
    lines = Path(__file__).read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.rstrip().endswith(marker))


def _check(data: Path, skip: tuple[str, ...] = ()) -> Result:
    return check_source(DirectorySource(data), BASE_AS_OF, skip).result


def _of(result: Result, rule_id: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == rule_id]


def _set_rules(data: Path, rules: str) -> None:
    """Replace the `rules:` block of the base network.yaml."""
    path = data / "network.yaml"
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("rules:")]
    path.write_text(head + "rules:\n" + textwrap.indent(textwrap.dedent(rules), "  "), "utf-8")


# --------------------------------------------------------------------------- catalogue


def test_order_names_every_rule_digictl_registers_once() -> None:
    assert len(set(ORDER)) == len(ORDER), "a rule id is twice in ORDER"
    registered = set(RULES.own)
    assert registered - set(ORDER) == set(), "registered, but not in rules.ORDER"
    assert set(ORDER) - registered == set(), "in rules.ORDER, but no module registers it"
    assert tuple(RULES)[: len(ORDER)] == ORDER


def test_reserved_ids_are_no_rules() -> None:
    assert not set(RESERVED) & set(RULES)


def test_a_rule_id_is_registered_once(register: Register) -> None:
    with pytest.raises(ValueError, match="registered twice"):
        register("seat-vacant")(lambda ctx: [])
    with pytest.raises(ValueError, match="reserved"):
        register("internal")(lambda ctx: [])
    assert RULES["seat-vacant"].check.__module__ == "digictl.rules.boards"


@pytest.mark.parametrize(
    ("params", "wrong"),
    [
        ({"severity": 1}, "parameter named 'severity'"),
        ({"Max": 1}, "parameter named 'Max'"),
        ({"ratio": 0.5}, "defaults to a float"),
        ({"names": ["a", 1]}, "defaults to a tuple"),
    ],
)
def test_a_parameter_is_declared_with_a_default_of_a_known_type(
    params: dict[str, object], wrong: str
) -> None:
    with pytest.raises(ValueError, match=wrong):
        rule("test-bad-param", Severity.INFO, "test", "-", params=params)  # type: ignore[arg-type]
    assert "test-bad-param" not in RULES


def test_a_rule_id_is_an_id() -> None:
    with pytest.raises(ValueError, match="lower-case"):
        rule("Bad Id", Severity.INFO, "test", "-")


def test_a_test_rule_runs_after_the_catalogue(register: Register) -> None:
    @register("test-late")
    def late(ctx: Context) -> Iterator[Issue]:
        return iter(())

    assert tuple(RULES)[-1] == "test-late"
    assert tuple(RULES)[: len(ORDER)] == ORDER


# --------------------------------------------------------------------------- isolation


def test_a_failing_rule_becomes_one_internal_finding(base_data: Path, register: Register) -> None:
    @register("test-boom")
    def boom(ctx: Context) -> Iterator[Issue]:
        network = ctx.model.network
        assert network is not None
        yield Issue.of(network.src, "found before the failure", "name")
        yield Issue.of(network.src, str(1 // len(network.name[:0])), "name")  # marker: boom

    result = _check(base_data)
    internal = _of(result, "internal")
    assert len(internal) == 1
    f = internal[0]
    line = _line_of("# marker: boom")
    assert f.message == (
        "rule `test-boom` failed: ZeroDivisionError: integer division or modulo by zero "
        f"(at tests/rules/test_engine.py:{line}); the other rules ran"
    )
    assert (f.severity, f.file, f.line) == (Severity.ERROR, "data/network.yaml", 1)
    assert [x.message for x in _of(result, "test-boom")] == ["found before the failure"]
    assert not result.ok
    assert _of(result, "party-digifin") == []  # the other rules ran: the base is clean
    clean = _check(base_data, skip=("test-boom",))
    assert clean.ok


def test_a_failure_deep_in_the_standard_library_is_placed_in_the_rule(
    base_data: Path, register: Register
) -> None:
    @register("test-deep")
    def deep(ctx: Context) -> Iterator[Issue]:
        yield from ()
        json.loads("{")  # marker: deep

    (f,) = _of(_check(base_data), "internal")
    assert "JSONDecodeError: Expecting property name" in f.message
    assert f"(at tests/rules/test_engine.py:{_line_of('# marker: deep')})" in f.message


def test_a_rule_that_gives_no_issue_is_reported(base_data: Path, register: Register) -> None:
    @register("test-text")
    def text(ctx: Context) -> Iterator[str]:
        yield "a sentence"

    (f,) = _of(_check(base_data), "internal")
    assert f.message == "rule `test-text` failed: it gave str, not an Issue; the other rules ran"


def test_without_a_network_the_finding_names_the_directory(
    base_data: Path, register: Register
) -> None:
    register("test-none")(lambda ctx: None)
    (base_data / "network.yaml").unlink()
    internal = _of(_check(base_data), "internal")
    assert [(f.file, f.line) for f in internal] == [("data", 1)]
    assert internal[0].message == (
        "rule `test-none` failed: TypeError: 'NoneType' object is not iterable; the other rules ran"
    )


def test_validate_exits_1_and_says_which_rule_failed(
    cli: Invoke, base_data: Path, register: Register
) -> None:
    @register("test-boom")
    def boom(ctx: Context) -> Iterator[Issue]:
        raise RuntimeError("line one\nline two")

    r = cli("--data", base_data, "--as-of", AS_OF, "validate")
    assert r.exit_code == 1, r.output
    (line,) = [x for x in r.stdout.splitlines() if "test-boom" in x]
    assert line.split()[:2] == ["1", "error"]
    assert "rule `test-boom` failed: RuntimeError: line one\\nline two (at tests/" in line
    assert line.rstrip().endswith("(internal)")
    assert "data/network.yaml" in r.stdout


def test_internal_cannot_be_skipped(cli: Invoke, base_data: Path) -> None:
    for reserved in RESERVED:
        with pytest.raises(UsageError, match=f"`{reserved}`, which is reserved"):
            check_rule_ids([reserved])
    r = cli("--data", base_data, "--skip", "internal", "validate")
    assert r.exit_code == 2
    assert "reserved and always reported" in r.stderr


def test_a_long_message_is_cut() -> None:
    try:
        raise ValueError("x" * 1000)
    except ValueError as exc:
        said = describe_failure(exc, __name__)
    assert said.startswith("ValueError: xxx")
    assert "…" in said
    assert len(said) < 260


# --------------------------------------------------------------------------- parameters


@pytest.fixture
def echo(register: Register) -> Rule:
    """A rule that reports the parameters it reads."""

    @register("test-echo", limit=3, names=["a"], strict=True, word="x")
    def check(ctx: Context) -> Iterator[Issue]:
        network = ctx.model.network
        assert network is not None
        values = (
            ctx.int_param("test-echo", "limit"),
            ctx.strs_param("test-echo", "names"),
            ctx.bool_param("test-echo", "strict"),
            ctx.str_param("test-echo", "word"),
        )
        yield Issue.of(network.src, repr(values))

    return RULES["test-echo"]


def test_parameters_default_to_their_declaration(base_data: Path, echo: Rule) -> None:
    (f,) = _of(_check(base_data), "test-echo")
    assert f.message == repr((3, ("a",), True, "x"))
    assert f.severity is Severity.WARNING


def test_network_yaml_sets_parameters_and_severity(base_data: Path, echo: Rule) -> None:
    _set_rules(
        base_data,
        """\
        party-owner-obligation: "off"
        test-echo:
          severity: info
          limit: 5
          names: [b, "0301"]
          strict: false
        """,
    )
    result = _check(base_data)
    (f,) = _of(result, "test-echo")
    assert f.message == repr((5, ("b", "0301"), False, "x"))
    assert f.severity is Severity.INFO
    assert _of(result, "rule-config") == []
    assert _of(result, "schema") == []


def test_a_mapping_can_switch_a_rule_off(base_data: Path, echo: Rule) -> None:
    _set_rules(base_data, 'test-echo: {severity: "off", limit: 5}\n')
    result = _check(base_data)
    assert _of(result, "test-echo") == []
    assert _of(result, "rule-config") == _of(result, "schema") == []


def test_a_wrong_setting_is_reported_and_the_default_used(base_data: Path, echo: Rule) -> None:
    _set_rules(
        base_data,
        """\
        test-echo:
          limit: "five"
          limt: 4
        orgnr: {count: 2}
        """,
    )
    result = _check(base_data)
    (f,) = _of(result, "test-echo")
    assert f.message == repr((3, ("a",), True, "x"))
    got = sorted((c.line, c.severity.value, c.message) for c in _of(result, "rule-config"))
    head = len((base_data / "network.yaml").read_text().split("rules:")[0].splitlines())
    assert got == [
        (
            head + 3,
            "error",
            "`rules.test-echo.limit` must be a whole number, not text; the default 3 is used",
        ),
        (
            head + 4,
            "error",
            "rule `test-echo` has no parameter `limt`; did you mean `limit`? "
            "(it takes `limit`, `names`, `strict`, `word`); it is ignored",
        ),
        (head + 5, "error", "rule `orgnr` takes no parameters, so `count` is ignored"),
    ]
    assert {c.file for c in _of(result, "rule-config")} == {"data/network.yaml"}


def test_settings_not_applied_are_bounded(base_data: Path, echo: Rule) -> None:
    many = "".join(f"  p{i}: 1\n" for i in range(MAX_PROBLEMS + 10))
    _set_rules(base_data, f"test-echo:\n{many}")
    config = _of(_check(base_data), "rule-config")
    assert len(config) == MAX_PROBLEMS + 1
    assert config[-1].message == (
        "10 more settings in `rules` are not applied; fix the ones above first"
    )


def test_an_unknown_rule_in_network_yaml_stays_a_schema_finding(base_data: Path) -> None:
    _set_rules(base_data, 'seat-vacnt: {severity: info}\ninternal: "off"\n')
    result = _check(base_data)
    assert [f.message for f in _of(result, "schema")] == [
        "`rules` names `seat-vacnt`, which is not a digictl rule; did you mean `seat-vacant`?",
        "`rules` names `internal`, which is not a digictl rule",
    ]
    assert _of(result, "rule-config") == []


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("seat-vacant: warn\n", "must be one of off, error, warning, info, not the text 'warn'"),
        ("seat-vacant: {severity: loud}\n", "`rules.seat-vacant.severity` must be one of"),
        ("seat-vacant: {share: 0.5}\n", "`rules.seat-vacant.share` must be a whole number or"),
        ("seat-vacant: {names: [a, 1]}\n", "`rules.seat-vacant.names[1]` must be text"),
    ],
)
def test_the_schema_keeps_the_settings_readable(
    base_data: Path, setting: str, message: str
) -> None:
    _set_rules(base_data, setting)
    schema = _of(_check(base_data), "schema")
    assert schema, "the setting should be a schema finding"
    assert any(message in f.message for f in schema), [f.message for f in schema]


def test_a_rule_asking_for_the_wrong_parameter_fails_alone(base_data: Path, echo: Rule) -> None:
    dataset = read_dataset(DirectorySource(base_data))
    ctx = Context(dataset, build(dataset), BASE_AS_OF)
    assert ctx.param("test-echo", "limit") == 3
    with pytest.raises(TypeError, match="is a whole number, not text"):
        ctx.str_param("test-echo", "limit")
    with pytest.raises(TypeError, match="not true or false"):
        ctx.bool_param("test-echo", "word")
    with pytest.raises(TypeError, match="not a list of text"):
        ctx.strs_param("test-echo", "strict")
    with pytest.raises(TypeError, match="not a whole number"):
        ctx.int_param("test-echo", "strict")
    with pytest.raises(LookupError, match="declares no parameter `horizon`"):
        ctx.param("test-echo", "horizon")


VALUES = st.one_of(
    st.integers(),
    st.booleans(),
    st.text(max_size=5),
    st.lists(st.text(max_size=3), max_size=3).map(tuple),
)


@given(default=VALUES, value=VALUES)
def test_a_value_is_applied_exactly_when_it_is_of_the_declared_kind(
    default: ParamValue, value: ParamValue
) -> None:
    r = Rule("test-kind", Severity.INFO, "-", "-", lambda ctx: [], params={"p": default})
    same = type(value) is type(default)  # bool is a type of its own, not an int here
    assert (_param_problem(r, "p", value) == "") == same


# --------------------------------------------------------------------------- plugins


def _install(site: Path, dist: str, entry_points: str) -> None:
    info = site / f"{dist}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[digictl.rules]\n{entry_points}\n")


@pytest.fixture
def plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on sys.path for plugin modules and their dist-info; the catalogue forgets
    every plugin afterwards, and their modules are unloaded."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    RULES.forget_plugins()
    yield site
    RULES.forget_plugins()
    for name, module in list(sys.modules.items()):
        origin = getattr(module, "__file__", None) or ""
        if origin.startswith((str(site), str(PLUGINS))):
            del sys.modules[name]


@pytest.fixture
def example(plugins: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example plugin of tests/plugins, installed."""
    monkeypatch.syspath_prepend(str(PLUGINS))
    _install(plugins, "digictl_example_rules", "example = digictl_example_rules")
    return plugins


def test_a_plugin_rule_runs_after_the_catalogue(
    cli: Invoke, base_data: Path, example: Path
) -> None:
    assert tuple(RULES)[: len(ORDER)] == ORDER
    assert tuple(RULES)[len(ORDER) :] == (EXAMPLE,)
    assert RULES[EXAMPLE].plugin == "example"
    _set_rules(base_data, f"{EXAMPLE}: {{severity: error, min_length: 20}}\n")
    r = cli("--data", base_data, "--as-of", AS_OF, "validate", "--format", "json")
    assert r.exit_code == 1, r.output
    findings = [f for f in json.loads(r.stdout)["findings"] if f["severity"] != "info"]
    assert [(f["rule"], f["severity"], f["file"], f["message"]) for f in findings] == [
        (
            EXAMPLE,
            "error",
            "data/network.yaml",
            "the name `Digi Testland` is shorter than 20 characters",
        )
    ]


def test_a_plugin_rule_is_configured_and_skipped_like_any(
    cli: Invoke, base_data: Path, example: Path
) -> None:
    assert _of(_check(base_data), EXAMPLE) == []  # 13 characters, at least 4
    _set_rules(base_data, f"{EXAMPLE}: {{min_length: 14}}\n")
    assert len(_of(_check(base_data), EXAMPLE)) == 1
    r = cli("--data", base_data, "--as-of", AS_OF, "--skip", EXAMPLE, "validate")
    assert r.exit_code == 0, r.output
    assert EXAMPLE not in r.stdout


def test_digictl_rules_lists_a_plugin_rule(cli: Invoke, example: Path) -> None:
    r = cli("rules", "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    (listed,) = [x for x in out["rules"] if x["id"] == EXAMPLE]
    assert listed["params"] == {"min_length": 4}
    assert listed["plugin"] == "example"
    assert out["rules"][-1]["id"] == EXAMPLE
    assert [x["id"] for x in out["reserved"]] == list(RESERVED)
    table = cli("rules")
    assert table.exit_code == 0
    assert EXAMPLE in table.stdout
    assert "min_length=4" in table.stdout
    assert "plugin example" in table.stdout


def test_no_plugin_leaks_into_other_tests() -> None:
    assert EXAMPLE not in RULES
    assert RULES.problems == ()


def test_plugins_load_by_name(plugins: Path) -> None:
    for module in ("zeta_rules", "alpha_rules"):
        (plugins / f"{module}.py").write_text(
            "from digictl.findings import Severity\n"
            "from digictl.rules import rule\n"
            f"for rid in ('{module[0]}-two', '{module[0]}-one'):\n"
            "    rule(rid, Severity.INFO, 'test', 'a rule of a test')(lambda ctx: [])\n"
        )
    _install(plugins, "zeta", "zeta = zeta_rules")
    _install(plugins, "alpha", "alpha = alpha_rules")
    assert tuple(RULES)[len(ORDER) :] == ("a-two", "a-one", "z-two", "z-one")


def test_a_broken_plugin_becomes_an_internal_finding(plugins: Path, base_data: Path) -> None:
    (plugins / "broken_rules.py").write_text(
        "from digictl.findings import Severity\n"
        "from digictl.rules import rule\n"
        "rule('broken-one', Severity.INFO, 'test', '-')(lambda ctx: [])\n"
        "raise ImportError('needs a library that is not installed')\n"
    )
    (plugins / "clash_rules.py").write_text(
        "from digictl.findings import Severity\n"
        "from digictl.rules import rule\n"
        "rule('seat-vacant', Severity.INFO, 'test', '-')(lambda ctx: [])\n"
        "rule('clash-own', Severity.INFO, 'test', '-')(lambda ctx: [])\n"
    )
    _install(plugins, "broken", "broken = broken_rules")
    _install(plugins, "clash", "clash = clash_rules")
    _install(plugins, "gone", "gone = no_such_module_here")
    result = _check(base_data)
    messages = sorted(f.message for f in _of(result, "internal"))
    assert messages == [
        "plugin `broken` (broken_rules) failed to load: ImportError: needs a library that is "
        "not installed (at broken_rules.py:4); its rules did not run",
        "plugin `clash` registers the rule `seat-vacant`, which is a digictl rule; the "
        "plugin's rule is left out (give it another id)",
        "plugin `gone` (no_such_module_here) failed to load: ModuleNotFoundError: No module "
        "named 'no_such_module_here'; its rules did not run",
    ]
    assert "broken-one" not in RULES
    assert RULES["clash-own"].plugin == "clash"
    assert RULES["seat-vacant"].plugin == ""
    assert {(f.file, f.line) for f in _of(result, "internal")} == {("data/network.yaml", 1)}


def test_digictl_rules_warns_of_a_broken_plugin(cli: Invoke, plugins: Path) -> None:
    _install(plugins, "gone", "gone = no_such_module_here")
    r = cli("rules")
    assert_no_crash(r)
    assert r.exit_code == 0
    assert r.stderr.startswith("digictl: warning: plugin `gone` (no_such_module_here) failed")


def test_run_rules_reports_plugin_problems_once_per_run(plugins: Path, base_data: Path) -> None:
    _install(plugins, "gone", "gone = no_such_module_here")
    dataset = read_dataset(DirectorySource(base_data))
    model = build(dataset)
    for _ in range(2):
        result = run_rules(dataset, model, BASE_AS_OF)
        assert len(_of(result, "internal")) == 1
