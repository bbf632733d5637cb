"""CLI conventions over every command of the app (issue 12, part 6).

The tests walk the click command tree, so a command added later is covered without a
change here: global options after the command, one exit-code paragraph per --help, tables
that never cut an id or a date, plain rows off a terminal, and shell completion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import pytest
import typer
import typer.main
from rich.console import Console
from typer.core import TyperCommand, TyperGroup, TyperOption
from typer.testing import CliRunner

from digictl.cli import app, complete, render
from digictl.cli.common import GlobalOptionsGroup, hoist_global_options
from tests.cli.conftest import AS_OF, Edit, Invoke, one_line
from tests.conftest import BASE, ROOT

DATA = ROOT / "data"
DATA_AS_OF = "2025-08-01"
GLOBALS = {"--data": "DIR", "-d": "DIR", "--skip": "RULE", "--as-of": "DATE", "--at": "REV"}
GLOBALS["--lang"] = "LANG"
VALUES = {"--data": "data", "-d": "data", "--skip": "term-limit", "--as-of": AS_OF}
VALUES.update({"--at": "HEAD", "--lang": "nn"})
ROOT_GROUP = typer.main.get_command(app)


def _commands() -> Iterator[tuple[list[str], TyperCommand]]:
    """Every command that runs (not a group), with its path of names."""

    def walk(cmd: object, path: list[str]) -> Iterator[tuple[list[str], TyperCommand]]:
        if isinstance(cmd, TyperGroup):
            for name, sub in cmd.commands.items():
                yield from walk(sub, [*path, name])
        else:
            assert isinstance(cmd, TyperCommand)
            yield path, cmd

    return walk(ROOT_GROUP, [])


COMMANDS = [path for path, _ in _commands()]
IDS = [" ".join(path) for path in COMMANDS]


def _owned(cmd: TyperCommand) -> set[str]:
    return {o for p in cmd.params if isinstance(p, TyperOption) for o in p.opts}


def _hoist(args: list[str]) -> list[str]:
    assert isinstance(ROOT_GROUP, TyperGroup)
    return hoist_global_options(ROOT_GROUP, typer.Context(ROOT_GROUP), args)


# --------------------------------------------------------------------------- global options


def test_the_global_options_are_the_apps() -> None:
    """The hoisting moves the app's options that take a value: exactly the documented five."""
    takes_value = {
        o for p in ROOT_GROUP.params if isinstance(p, TyperOption) and not p.is_flag for o in p.opts
    }
    assert takes_value == set(GLOBALS)


@pytest.mark.parametrize("path", COMMANDS, ids=IDS)
def test_every_global_option_is_moved_before_every_command(path: list[str]) -> None:
    cmd = dict(zip(IDS, (c for _, c in _commands()), strict=True))[" ".join(path)]
    for option, value in VALUES.items():
        if option in _owned(cmd):
            assert _hoist([*path, option, value]) == [*path, option, value]
            continue
        assert _hoist([*path, option, value, "-x"]) == [option, value, *path, "-x"]
        if option.startswith("--"):
            assert _hoist([*path, f"{option}={value}"]) == [f"{option}={value}", *path]
        assert _hoist([*path, "--", option, value]) == [*path, "--", option, value]


@pytest.mark.parametrize("path", COMMANDS, ids=IDS)
def test_every_command_accepts_global_options_after_it(cli: Invoke, path: list[str]) -> None:
    """Through the real parser: without the move, click would say "No such option"."""
    args = [a for option, value in VALUES.items() for a in (option, value)]
    r = cli(*path, *args, "--help")
    assert r.exit_code == 0, r.output
    assert f"Usage: digictl {' '.join(path)}" in r.stdout


def test_the_order_and_values_are_kept() -> None:
    got = _hoist(["--data", "a", "board", "x", "--skip", "r1", "-f", "json", "--skip=r2", "-db"])
    assert got == ["--data", "a", "--skip", "r1", "--skip=r2", "-db", "board", "x", "-f", "json"]
    # an option value that looks like a global option is the command's
    assert _hoist(["report", "board", "-o", "--lang"]) == ["report", "board", "-o", "--lang"]


def test_after_the_command_means_the_same(cli: Invoke) -> None:
    before = cli("--data", BASE, "--as-of", "2023-08-01", "deadlines", "--format", "json")
    after = cli("deadlines", "--format", "json", "--as-of=2023-08-01", "-d", BASE)
    assert before.exit_code == after.exit_code == 0, after.output
    assert '"as_of": "2023-08-01"' in after.stdout
    assert after.stdout == before.stdout


def test_skip_and_lang_after_the_command(cli: Invoke, edit: Edit) -> None:
    data = edit({"people/anders-ask.yaml": None})
    r = cli("validate", "--data", data, "--as-of", AS_OF, "--format", "json")
    assert r.exit_code == 1
    assert '"rule": "ref"' in r.stdout
    r = cli("validate", "--data", data, "--as-of", AS_OF, "--skip", "ref", "--format", "json")
    assert '"rule": "ref"' not in r.stdout
    r = cli("report", "board", "--data", data, "--as-of", AS_OF, "--lang", "en")
    english = r.stdout
    r = cli("report", "board", "--data", data, "--as-of", AS_OF, "--lang", "nn")
    assert r.stdout != english


def test_a_global_option_after_double_dash_is_not_moved(cli: Invoke) -> None:
    r = cli("validate", "--", "--as-of", AS_OF)
    assert r.exit_code == 2
    assert "unexpected extra argument" in r.output


@pytest.mark.parametrize(("option", "metavar"), sorted(GLOBALS.items()))
def test_a_global_option_without_its_value_names_the_fix(
    cli: Invoke, option: str, metavar: str
) -> None:
    r = cli("board", "programstyret", option)
    assert r.exit_code == 2
    assert (
        f"{option} is a global option: write digictl {option} {metavar} board programstyret"
        in r.output
    )


def test_a_command_keeps_its_own_option_of_a_global_name() -> None:
    """A command (or group) that declares --lang itself gets it; others get the global."""
    got: dict[str, object] = {}
    demo = typer.Typer(cls=GlobalOptionsGroup)

    @demo.callback()
    def main(lang: str = typer.Option("nb", "--lang")) -> None:
        got["global"] = lang

    @demo.command()
    def own(lang: str = typer.Option("x", "--lang")) -> None:
        got["own"] = lang

    @demo.command()
    def other(words: Annotated[list[str] | None, typer.Argument()] = None) -> None:
        got["words"] = words

    runner = CliRunner()
    assert runner.invoke(demo, ["own", "--lang", "en"]).exit_code == 0
    assert got == {"global": "nb", "own": "en"}
    assert runner.invoke(demo, ["other", "a", "--lang", "nn", "b"]).exit_code == 0
    assert got["global"] == "nn"
    assert got["words"] == ["a", "b"]
    assert runner.invoke(demo, ["other", "--", "--lang", "nn"]).exit_code == 0
    assert got["words"] == ["--lang", "nn"]


# --------------------------------------------------------------------------- exit codes


@pytest.mark.parametrize("path", [[], *COMMANDS], ids=["digictl", *IDS])
def test_one_exit_code_paragraph_per_help(cli: Invoke, path: list[str]) -> None:
    r = cli(*path, "--help")
    assert r.exit_code == 0, r.output
    assert r.stdout.count("Exit codes") == 1, r.stdout


def _codes(path: list[str]) -> set[int]:
    text = " ".join(CliRunner().invoke(app, [*path, "--help"]).stdout.split())
    paragraph = text[text.index("Exit codes") :]
    return {int(code) for code in re.findall(r"(?:^|[:;,] )(\d) ", paragraph)}


BROKEN = {"projects/nytt.yaml": "id: nytt\nname: [unclosed\n"}


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["validate"],
        ["deadlines"],
        ["board"],
        ["portfolio"],
        ["report", "portfolio"],
    ],
    ids=lambda a: a[0],
)
def test_exit_1_on_a_broken_file_is_documented(cli: Invoke, edit: Edit, args: list[str]) -> None:
    data = edit(BROKEN)
    r = cli("--data", data, "--as-of", AS_OF, *args)
    assert r.exit_code == 1, r.output
    assert _codes(args[:1]) == {0, 1, 2}


@pytest.mark.parametrize("command", ["log", "rules", "init", "schema"])
def test_commands_that_never_judge_data_do_not_document_exit_1(command: str) -> None:
    assert _codes([command]) == {0, 2}


# --------------------------------------------------------------------------- tables

FREE_TEXT = {"title", "person", "why", "source", "checks", "params", "milestones"}
TABLE_COMMANDS = {
    "board": ["board"],
    "rules": ["rules"],
    "deadlines": ["deadlines", "--all"],
    "status": ["status"],
    "portfolio": ["portfolio"],
}


def _plain_tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """The tables of plain output: (header, rows), read as the module docstring says."""
    tables = []
    for block in text.split("\n\n"):
        lines = [ln for ln in block.splitlines() if not ln.startswith("# ")]
        if lines:
            tables.append((lines[0].split("\t"), [ln.split("\t") for ln in lines[1:]]))
    return tables


def _whole_values(text: str) -> set[str]:
    """Every value of a column that is not free text, in the plain output."""
    return {
        row[i]
        for header, rows in _plain_tables(text)
        for row in rows
        for i, name in enumerate(header)
        if name not in FREE_TEXT and row[i]
    }


@pytest.fixture(scope="module")
def plain() -> dict[str, str]:
    out = {}
    for name, args in TABLE_COMMANDS.items():
        r = CliRunner().invoke(app, ["--data", str(DATA), "--as-of", DATA_AS_OF, *args])
        assert r.exit_code == 0, r.output
        out[name] = r.stdout
    return out


@pytest.mark.parametrize("name", sorted(TABLE_COMMANDS))
def test_plain_rows_off_a_terminal(plain: dict[str, str], name: str) -> None:
    text = plain[name]
    assert not re.search(r"[│┃━─┏└]", text)
    tables = _plain_tables(text)
    assert tables
    for header, rows in tables:
        assert all(len(row) == len(header) for row in rows), (header, rows)
    assert len(_whole_values(text)) > 3


@pytest.mark.parametrize("width", [40, 80, 200])
@pytest.mark.parametrize("name", sorted(TABLE_COMMANDS))
def test_terminal_tables_never_cut_ids_or_dates(
    plain: dict[str, str], name: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        render,
        "make_console",
        lambda: Console(force_terminal=True, width=width, color_system=None, highlight=False),
    )
    r = CliRunner().invoke(app, ["--data", str(DATA), "--as-of", DATA_AS_OF, *TABLE_COMMANDS[name]])
    assert r.exit_code == 0, r.output
    assert "┃" in r.stdout  # drawn as a terminal table
    cells = {cell.strip() for line in r.stdout.splitlines() for cell in re.split("[│┃]", line)}
    missing = sorted(v for v in _whole_values(plain[name]) if v not in cells)
    assert not missing, f"cut at {width} columns: {missing}"


def test_terminal_free_text_wraps_within_the_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the whole values fit, the table fits: the free text wraps instead."""
    monkeypatch.setattr(
        render,
        "make_console",
        lambda: Console(force_terminal=True, width=80, color_system=None, highlight=False),
    )
    r = CliRunner().invoke(app, ["rules"])
    assert max(len(line) for line in r.stdout.splitlines()) <= 80
    assert "party-owner-obligation" in r.stdout


def test_plain_rows_escape_tabs_and_newlines(cli: Invoke, edit: Edit) -> None:
    person = 'id: anders-ask\nname: "Anders\\tAsk\\nNy linje"\norg: askoy\n'
    data = edit({"people/anders-ask.yaml": person})
    r = cli("--data", data, "--as-of", AS_OF, "board", "styringsgruppa")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0] == "# Styringsgruppa (styringsgruppa) as of 15 June 2023"
    assert lines[1] == "seat\tperson\torg\trole\tfrom\tterm end\tstatus"
    row = next(ln for ln in lines if "Anders" in ln)
    assert row.split("\t")[:3] == ["regional", "Anders\\tAsk\\nNy linje", "askoy"]
    assert lines[-2:] == ["# no vacancies", ""]
    assert r.stdout.endswith("\n\n")


def test_each_listing_help_names_the_plain_format(cli: Invoke) -> None:
    for command in (*TABLE_COMMANDS, "log"):
        text = " ".join(cli(command, "--help").stdout.split())
        assert "plain tab-separated rows" in text, command
        assert "stable format" in text, command


# --------------------------------------------------------------------------- completion


def completions(words: list[str], env: dict[str, str] | None = None) -> list[str]:
    """What bash completion offers for the last word of ``digictl WORDS``."""
    line = ["digictl", *words]
    r = CliRunner().invoke(
        app,
        [],
        prog_name="digictl",
        env={
            "_DIGICTL_COMPLETE": "complete_bash",
            "COMP_WORDS": " ".join(line),
            "COMP_CWORD": str(len(line) - 1),
            **(env or {}),
        },
    )
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return [ln for ln in r.stdout.splitlines() if ln]


def test_complete_bodies() -> None:
    assert completions(["--data", str(DATA), "board", "p"]) == ["portefoljestyret", "programstyret"]
    assert completions(["board", "--data", str(BASE), "s"]) == ["styringsgruppa"]
    assert completions(["board", "s"], env={"DIGICTL_DATA": str(BASE)}) == ["styringsgruppa"]


def test_complete_rules_before_and_after_the_command() -> None:
    assert completions(["--skip", "term-e"]) == ["term-expired", "term-expiring"]
    assert completions(["validate", "--skip", "term-e"]) == ["term-expired", "term-expiring"]
    assert "internal" not in completions(["--skip", ""])


def test_complete_kinds() -> None:
    assert completions(["schema", "p"]) == ["person", "project"]


def test_complete_entities() -> None:
    got = completions(["--data", str(BASE), "log", "body:"])
    assert got == ["body:ressursgruppa", "body:styringsgruppa"]
    assert "network" in completions(["--data", str(BASE), "log", ""])
    assert completions(["--data", str(BASE), "log", "styr"]) == ["styringsgruppa"]


def test_complete_languages() -> None:
    assert completions(["--lang", ""]) == ["nb", "nn", "en"]
    assert completions(["report", "board", "--lang", "n"]) == ["nb", "nn"]


def test_complete_report_kinds() -> None:
    assert completions(["report", "annual-"]) == ["annual-plan", "annual-report"]


def test_completion_never_fails_on_a_missing_data_directory(tmp_path: Path) -> None:
    assert completions(["--data", str(tmp_path / "missing"), "board", ""]) == []
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert complete.bodies("", args=["--data", str(tmp_path / "file")]) == []
    assert complete.entities("", args=["-d", "with\0nul"]) == ["network"]


def test_completion_reads_file_names_only(tmp_path: Path) -> None:
    (tmp_path / "projects").mkdir()
    for name in ("a.yaml", "b.yml", "c.txt", ".hidden.yaml", "d.yaml.tmp"):
        (tmp_path / "projects" / name).write_text("not: [yaml", encoding="utf-8")
    (tmp_path / "projects" / "folder.yaml").mkdir()
    assert complete.projects("", args=[f"--data={tmp_path}"]) == ["a", "b"]


def test_completion_suffixes_are_the_loaders() -> None:
    from digictl.load.dataset import YAML_SUFFIXES

    assert complete.SUFFIXES == YAML_SUFFIXES


# --------------------------------------------------------------------------- schema --export


def test_schema_help_shows_the_refresh(cli: Invoke, tmp_path: Path) -> None:
    r = cli("schema", "--help")
    assert "digictl schema --export .digictl/schemas --force" in r.stdout
    target = tmp_path / "schemas"
    assert cli("schema", "--export", target).exit_code == 0
    r = cli("schema", "--export", target)
    assert r.exit_code == 2
    assert one_line(r.stderr).endswith(
        f"add --force to refresh them (digictl schema --export {target} --force)"
    )
