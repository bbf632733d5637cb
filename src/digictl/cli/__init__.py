"""The command-line interface: a thin layer over digictl's modules.

Global options live in the callback; each command is a module of its own.
Heavy libraries are imported inside the commands that need them, so
``digictl --help`` and ``--version`` start fast.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import io
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Optional, get_args, get_origin

import typer

from digictl import __version__, i18n
from digictl.cli import author as author_cmd
from digictl.cli import board as board_cmd
from digictl.cli import ci as ci_cmd
from digictl.cli import complete
from digictl.cli import deadlines as deadlines_cmd
from digictl.cli import diff as diff_cmd
from digictl.cli import importer as importer_cmd
from digictl.cli import init as init_cmd
from digictl.cli import log as log_cmd
from digictl.cli import portfolio as portfolio_cmd
from digictl.cli import report as report_cmd
from digictl.cli import rules as rules_cmd
from digictl.cli import schema as schema_cmd
from digictl.cli import status as status_cmd
from digictl.cli import structure as structure_cmd
from digictl.cli import validate as validate_cmd
from digictl.cli.common import (
    GlobalOptionsGroup,
    Settings,
    default_data_dir,
    fail,
    handles_errors,
)
from digictl.i18n import _
from digictl.vocabulary import LANGUAGES


class _NotPlain(Exception):
    """A value the plain coercion does not take: typer's own (pydantic) path decides."""


_WHOLE_NUMBER = re.compile(r"0|[1-9][0-9]{0,15}", re.ASCII)


def _plain_leaf(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    """What typer's TypeAdapter makes of one plain CLI value, computed without pydantic."""
    from typer._param_types import choice_coercion_annotation, coerce_cli_choice, routes_to_path

    if info.parser is not None:
        raise _NotPlain
    choice = choice_coercion_annotation(annotation, info)
    if choice is not None:
        return coerce_cli_choice(value, choices=list(choice[0]), case_sensitive=choice[1], ctx=ctx)
    if annotation is str and type(value) is str:
        return value
    if annotation is int and not info.clamp:
        number = int(value) if type(value) is str and _WHOLE_NUMBER.fullmatch(value) else value
        low, high = info.min, info.max
        if (
            type(number) is int
            and (low is None or number >= low)
            and (high is None or number <= high)
        ):
            return number
    if routes_to_path(annotation, info) and (info.path_type or annotation) is Path:
        from typer._param_types import coerce_cli_path

        if type(value) is str and value and "\x00" not in value:
            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
    raise _NotPlain


def _coerce_without_pydantic() -> None:
    """Let typer coerce digictl's plain option values without importing pydantic.

    Typer 0.2x coerces every option value through a pydantic TypeAdapter, and importing
    pydantic costs more than the rest of a command's start-up. Text, paths, choices, whole
    numbers and lists of them get here what the adapter makes of them, with typer's own
    helpers; any other annotation, and any value these do not take, goes typer's way, so
    results and error messages stay typer's (a test compares the two on every option).
    A typer without this machinery is left as it is.
    """
    try:
        from typer import _coercion, _param_types, core
    except ImportError:  # pragma: no cover - another typer: nothing to lighten
        return
    needed = (
        (_coercion, ("RuntimeParam", "TypeDescriptor")),
        (_param_types, ("choice_coercion_annotation", "coerce_cli_choice", "routes_to_path")),
        (_param_types, ("coerce_cli_path",)),
    )
    if not all(hasattr(module, name) for module, names in needed for name in names):
        return  # pragma: no cover - a typer whose helpers differ: left as it is
    found = getattr(core, "build_runtime_param", None)
    if found is None or getattr(found, "plain", False):
        return
    build: Callable[[Any], Any] = found

    @dataclass(frozen=True)
    class Plain(_coercion.RuntimeParam):
        descriptor: _coercion.TypeDescriptor

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            annotation: Any = self.descriptor.annotation
            info = self.descriptor.parameter_info
            try:
                if get_origin(annotation) is list:
                    (item,) = get_args(annotation)
                    items = value if isinstance(value, list | tuple) else [value]
                    return [_plain_leaf(item, info, v, param, ctx) for v in items]
                return _plain_leaf(annotation, info, value, param, ctx)
            except (_NotPlain, ValueError, TypeError, AttributeError):
                typers = build(self.descriptor)
                return typers._coerce_value(value, param=param, ctx=ctx)

    def plain(descriptor: _coercion.TypeDescriptor) -> Any:
        if descriptor.file_annotation is not None:
            return build(descriptor)
        return Plain(descriptor.parameter_info, descriptor.annotation, descriptor)

    plain.plain = True  # type: ignore[attr-defined]
    plain.typers = build  # type: ignore[attr-defined]
    setattr(core, "build_runtime_param", plain)  # noqa: B010 - typer's module, not ours


_coerce_without_pydantic()

app = typer.Typer(
    name="digictl",
    help=(
        "Governance as code for regional digitalisation partnerships of Norwegian "
        "municipalities (digitaliseringssamarbeid): validate the agreement's rules, "
        "compute terms and deadlines, and report to the boards.\n\n"
        "Global options (--data, --skip, --as-of, --at, --lang) go before or after the "
        "command: digictl --data DIR --as-of 2022-03-01 validate --format json is "
        "digictl validate --format json --data DIR --as-of 2022-03-01; a command's own "
        "option of the same name wins, and -- ends the options.\n\n"
        "Exit codes: 0 success, 1 the data breaks rules or a file could not be read, 2 usage "
        "error or unreadable input, 3 an internal error (please report it); each command's "
        "--help says which it uses."
    ),
    no_args_is_help=True,
    cls=GlobalOptionsGroup,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,  # plain help: rich loads only for tables, so --help starts fast
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"digictl {__version__}")
        raise typer.Exit(0)


DataOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional on Python 3.11
    typer.Option(
        "--data",
        "-d",
        help="The data directory (default ./data, or $DIGICTL_DATA).",
        show_default=False,
        metavar="DIR",
    ),
]
Skip = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--skip",
        help="Switch a rule off for this run (repeatable).",
        metavar="RULE",
        autocompletion=complete.rules,
    ),
]
AsOf = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--as-of",
        help="Examine the data as of this date, YYYY-MM-DD (default: $DIGICTL_AS_OF, else today).",
        metavar="DATE",
        envvar="DIGICTL_AS_OF",
        show_envvar=False,
    ),
]
At = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--at",
        help="Read the data as it was at a git revision (branch, tag, commit), "
        "without checking it out.",
        metavar="REV",
    ),
]
Lang = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--lang",
        help="Language of messages, tables and reports: nb, nn or en "
        "(default: $DIGICTL_LANG, else network.yaml's language, else $LANG, else nb).",
        metavar="LANG",
        envvar="DIGICTL_LANG",
        show_envvar=False,
        autocompletion=complete.languages,
    ),
]
Version = Annotated[
    bool,
    typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
]


@app.callback()
@handles_errors
def main_callback(
    ctx: typer.Context,
    data: DataOption = None,
    skip: Skip = None,
    as_of: AsOf = None,
    at: At = None,
    lang: Lang = None,
    version: Version = False,
) -> None:
    from digictl.load.dates import parse_date_option

    if at is not None:
        from digictl.history.gitrepo import check_rev

        check_rev(at)

    if lang is not None and lang not in LANGUAGES:
        fail(_("--lang takes nb, nn or en, not {value!r}", value=lang))
    # the language of anything said before the data is read; the data's network.yaml
    # may set it when it is read (Settings.source)
    i18n.use(i18n.choose(lang, None))
    ctx.obj = Settings(
        data=data if data is not None else default_data_dir(),
        as_of=parse_date_option(as_of) if as_of else date.today(),
        skip=_checked_skips(skip),
        lang=lang,
        at=at,
    )


def _checked_skips(skip: list[str] | None) -> tuple[str, ...]:
    """The rule ids given to --skip, checked; the rules are loaded only when there are some."""
    if not skip:
        return ()
    from digictl.rules.engine import check_rule_ids

    return check_rule_ids(skip)


_ON_FILES = "2 usage error, or no readable data directory."
_LEFT_OUT = "1 a file could not be read and its data is left out (run digictl validate); "
# One "Exit codes" paragraph per command, true to what it does (a test keeps it one); the
# listing commands also say that their tables are a stable plain format off a terminal.
EXIT_CODES = {
    "status": "Exit codes: 0 the data has no errors; 1 it has errors (a rule is broken, or a "
    "file could not be read); " + _ON_FILES,
    "validate": "Exit codes: 0 no errors (with --strict: no warnings either); 1 the data "
    "breaks a rule or a file could not be read (with --strict: also a warning); " + _ON_FILES,
    "deadlines": "Exit codes: 0 success; " + _LEFT_OUT + _ON_FILES,
    "board": "Exit codes: 0 success; " + _LEFT_OUT + "2 usage error (an unknown body), or no "
    "readable data directory.",
    "portfolio": "Exit codes: 0 success; " + _LEFT_OUT + _ON_FILES,
    "report": "Exit codes: 0 success; " + _LEFT_OUT + "2 usage error (an --output that "
    "exists without --force), or no readable data directory.",
    "diff": "Exit codes: 0 the change introduces no error (errors on both sides do not "
    "count); 1 it introduces an error; 2 usage error, an unknown revision or no git "
    "repository.",
    "log": "Exit codes: 0 success; 2 usage error (an unknown or ambiguous entity, an unknown "
    "revision, no git repository).",
    "rules": "Exit codes: 0 success (a rule plugin that does not load is a warning on "
    "stderr); 2 usage error.",
    "init": "Exit codes: 0 the repository is created (existing files are kept); 2 usage "
    "error, or a path is in the way (nothing is written).",
    "schema": "Exit codes: 0 success; 2 usage error (an unknown kind), or an --export file "
    "exists without --force (nothing is written).",
}
TABLES = ("status", "deadlines", "board", "portfolio", "rules", "log")
COMMANDS: list[tuple[str, Callable[..., Any], str]] = [
    ("status", status_cmd.status, "The dashboard (oversikt): what needs attention now."),
    ("validate", validate_cmd.validate, "Check every file against the schemas and the rules."),
    ("deadlines", deadlines_cmd.deadlines, "Computed deadlines (frister), overdue first."),
    ("board", board_cmd.board, "Rosters of boards (styrer): terms and vacancies."),
    ("portfolio", portfolio_cmd.portfolio, "The project portfolio (prosjektporteføljen)."),
    ("report", report_cmd.report, "Reports for the boards (årsplan, årsrapport, ...)."),
    ("diff", diff_cmd.diff, "A change between revisions, in governance terms."),
    ("log", log_cmd.log, "The audit trail (historikk) of one entity."),
    ("rules", rules_cmd.rules, "The rule catalogue with source clauses."),
    ("init", init_cmd.init, "Scaffold a data repository for a new partnership."),
    ("schema", schema_cmd.schema, "The JSON Schemas of the data, for editors."),
]


def _epilog(name: str) -> str:
    from digictl.cli.render import PLAIN_NOTE

    return (PLAIN_NOTE + "\n\n" if name in TABLES else "") + EXIT_CODES[name]


for _name, _fn, _short in COMMANDS:
    app.command(_name, short_help=_short, epilog=_epilog(_name))(_fn)

# Command groups, one module each, joined with add_typer: authoring (org, party, member,
# meeting, decision, project, year, import) and the CI helpers (ci comment, ci track).
for _group in (author_cmd, structure_cmd, importer_cmd, ci_cmd):
    _group.register(app)


def _escape_unencodable(exc: UnicodeError) -> tuple[str, int]:
    """Write a character the stream cannot encode as a ``\\u`` escape: readable in text, and
    the very same character inside a JSON string, so JSON output stays valid JSON."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out: list[str] = []
    for ch in exc.object[exc.start : exc.end]:
        cp = ord(ch)
        if cp > 0xFFFF:  # JSON writes these as a surrogate pair
            cp -= 0x10000
            out.append(f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}")
        else:
            out.append(f"\\u{cp:04x}")
    return "".join(out), exc.end


def _tolerant_streams() -> None:
    """Let stdout and stderr write any text: a character the output encoding lacks
    (PYTHONIOENCODING=ascii, a C locale) is written as an escape, never a crash."""
    import codecs
    import sys

    codecs.register_error("digictl.output.escape", _escape_unencodable)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="digictl.output.escape")


class _ClosedStream(io.RawIOBase):
    """What a closed standard stream (`digictl status >&-`) writes to: every write fails
    with EBADF, as it would on the closed descriptor, so writing is an OSError (exit 2)."""

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        raise OSError(errno.EBADF, "the stream is closed")


def _closed_streams() -> None:
    """Python sets a standard stream that was closed when it started to None; give it a
    stream whose writes fail, so a command that writes nothing there still works."""
    import sys

    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedStream()), encoding="utf-8")
    if sys.stderr is None:  # nowhere to tell anything: errors are lost, exit codes stay
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process


def _write_error(exc: OSError) -> str:
    """The sentence for an OSError no command expected: the system refused a write or a
    read (disk full, stdout closed), which is not a bug in digictl."""
    reason = exc.strerror or exc.__class__.__name__
    if exc.filename is not None:
        return f"{os.fsdecode(exc.filename)}: {reason}"
    return _("the output could not be written: {reason}", reason=reason)


@contextlib.contextmanager
def _only_named_groups(args: list[str]) -> Iterator[None]:
    """Build the command groups the arguments do not name without their commands.

    Typer builds the whole command tree before it runs one command, and the authoring
    groups' commands and options are most of it. A group not named among the arguments
    cannot run, and its name and help (all that --help and a suggestion show) stay; when
    a shell asks for completions every group is built.
    """
    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        yield
        return
    named = set(args)
    skipped = [
        info.typer_instance
        for info in app.registered_groups
        if info.typer_instance is not None and info.name not in named
    ]
    kept = [(group, group.registered_commands) for group in skipped]
    try:
        for group in skipped:
            group.registered_commands = []
        yield
    finally:
        for group, commands in kept:
            group.registered_commands = commands


def main() -> None:
    """Console entry point: an unexpected error is one line on stderr, not a traceback.

    Exit 3 is kept for real bugs. A broken pipe (`digictl validate | head -1`) is not
    one: the rest of the output is dropped, as the reader asked (see handles_errors).
    Nor is an output the system will not take (disk full, stdout closed): exit 2.
    """
    import sys

    from digictl.cli.common import is_broken_pipe, silence_stdout

    # One command is one short pass over acyclic records: the cyclic collector finds nothing
    # to free, but its full passes over a growing heap cost a fifth of a national run.
    # Reference counting still frees everything else; peak memory is measured in benchmarks/.
    gc.disable()
    _closed_streams()
    _tolerant_streams()
    try:
        try:
            with _only_named_groups(sys.argv[1:]):
                app()
        finally:
            sys.stdout.flush()  # inside the try: a pipe closed early shows here
    except BrokenPipeError as exc:  # at the last flush: keep the command's exit code
        silence_stdout()
        ended = exc.__context__
        sys.exit(ended.code if isinstance(ended, SystemExit) else 0)
    except SystemExit as exc:
        if not is_broken_pipe(exc):  # the normal way out of app()
            raise
        silence_stdout()  # rich or typer gave up on a broken pipe with exit 1
        sys.exit(0)
    except OSError as exc:
        from digictl.cli.common import EXIT_USAGE, say_error

        sys.stdout = None  # what is left unwritten stays so
        say_error(_write_error(exc))
        sys.exit(EXIT_USAGE)
    except Exception as exc:
        if os.environ.get("DIGICTL_DEBUG"):
            raise
        from digictl.output.escape import terminal

        print(
            _(
                "digictl: internal error: {error}: {details} "
                "(please report it; DIGICTL_DEBUG=1 shows the details)",
                error=exc.__class__.__name__,
                details=terminal(exc),
            ),
            file=sys.stderr,
        )
        sys.exit(3)
