"""What every command shares: the global settings and the mapping of errors to exit codes."""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, ParamSpec, TypeVar

import typer
from typer.core import TyperGroup, TyperOption

from digictl import i18n
from digictl.errors import DigictlError
from digictl.i18n import _, ngettext
from digictl.vocabulary import DEFAULT_HORIZON

if TYPE_CHECKING:
    from typer._click import Command, Context, Parameter

    from digictl.history.cache import LoadCache
    from digictl.load.dataset import Source
    from digictl.rules.engine import Checked

P = ParamSpec("P")
R = TypeVar("R")

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

# `--within` where it sets the horizon of what counts as upcoming (status, deadlines)
Upcoming = Annotated[
    int, typer.Option("--within", min=0, help="Horizon in days: what counts as upcoming.")
]


@dataclass
class Settings:
    """The global options, resolved once in the app callback."""

    data: Path
    as_of: date
    skip: tuple[str, ...] = ()
    lang: str | None = None
    at: str | None = None
    _checked: dict[int, Checked] = field(default_factory=dict)

    def source(self) -> Source:
        """The data directory, on disk or (with --at) at a git revision; its network.yaml
        sets the language of what follows unless --lang did (``i18n.choose``)."""
        source: Source
        if self.at is not None:
            from digictl.history.gitrepo import source_at

            source = source_at(self.data, self.at)
        else:
            from digictl.load.dataset import DirectorySource

            source = DirectorySource(self.data)
        self.speak_for(source)
        return source

    def speak_for(self, source: Source) -> None:
        """Speak the language network.yaml in ``source`` names, unless --lang (or
        $DIGICTL_LANG) chose one (``i18n.choose``)."""
        if self.lang is None:
            i18n.use(i18n.choose(None, network_language(source)))

    def speak_for_data(self) -> None:
        """``speak_for`` the data directory on disk, for commands that read the data their
        own way (diff, log, the authoring commands): the working tree's network.yaml, what
        the reader works in. A directory that cannot be read leaves the language as it is,
        and the command says why it cannot read it."""
        from digictl.load.dataset import DirectorySource

        with contextlib.suppress(DigictlError):
            self.speak_for(DirectorySource(self.data))

    def check(self, horizon: int = DEFAULT_HORIZON) -> Checked:
        """Read and check the data directory (once per horizon per run)."""
        if horizon not in self._checked:
            from digictl.load.dates import check_horizon
            from digictl.rules.engine import check_source

            check_horizon(horizon)
            source = self.source()
            cache = load_cache(source)
            with cache.held() if cache is not None else contextlib.nullcontext():
                self._checked[horizon] = check_source(
                    source, self.as_of, self.skip, horizon, cache=cache
                )
        return self._checked[horizon]


_LANGUAGE_LINE = re.compile(rb"^language:[ \t]*([\"']?)(nb|nn|en)\1[ \t]*(?:#.*)?$", re.MULTILINE)


def network_language(source: Source) -> str | None:
    """The ``language`` network.yaml sets, read before the data is loaded so that what the
    load reports is in it already; None when the file is missing, unreadable or says none
    (the full load reports why)."""
    try:
        raw = source.read("network.yaml")
    except Exception:
        return None
    found = _LANGUAGE_LINE.search(raw[:65536])
    return found.group(2).decode() if found else None


def load_cache(source: Source) -> LoadCache | None:
    """The load cache of the repository that holds ``source``, as `diff` uses it: in the
    real git directory (``.git/digictl``) of the work tree's top level, found by git, never
    from anything in the data. None when the data is not in a git repository (or git
    cannot say which): then every file is loaded, with the same results."""
    from digictl.errors import InputError
    from digictl.history import gitrepo
    from digictl.history.cache import LoadCache
    from digictl.load.dataset import DirectorySource

    if isinstance(source, gitrepo.GitSource):
        repo = source.commit.repo
    elif isinstance(source, DirectorySource):
        try:
            repo = gitrepo.open_repo(source.root)
        except InputError:
            return None
    else:
        return None
    return LoadCache(Path(repo.git_dir) / "digictl")


def report_unreadable(checked: Checked) -> int:
    """For read-only commands: name every file that could not be read on stderr.

    Returns the exit code the command should end with (1 when a file was left out).
    """
    problems = [
        p for p in checked.dataset.problems if not p.warning and p.rule in ("yaml", "schema")
    ]
    unread = [p for p in problems if p.rule == "yaml" or not _usable(checked, p.file)]
    for p in unread:
        say_error(f"{p.file}:{p.line}: {p.message} ({p.rule})")
    if unread:
        typer.echo(
            ngettext(
                "digictl: {n} problem left data out of this output; run digictl validate",
                "digictl: {n} problems left data out of this output; run digictl validate",
                len(unread),
            ),
            err=True,
        )
    return EXIT_FINDINGS if unread else EXIT_OK


def _usable(checked: Checked, file: str) -> bool:
    return any(e.rel == file and e.valid for e in checked.dataset.entries)


def default_data_dir() -> Path:
    return Path(os.environ.get("DIGICTL_DATA") or "data")


def settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    if not isinstance(obj, Settings):  # pragma: no cover - the callback always sets it
        raise typer.Exit(EXIT_USAGE)
    return obj


def say_error(message: str) -> None:
    """One line on stderr: CI runners read stderr for workflow commands too, so the
    message (which may quote data) goes through the terminal escape."""
    from digictl.output.escape import terminal

    typer.echo(_("digictl: error: {message}", message=terminal(message)), err=True)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print one sentence to stderr and exit."""
    say_error(message)
    raise typer.Exit(code)


def silence_stdout() -> None:
    """After a broken pipe: send what is still to be written to /dev/null (Python's
    documented recipe), so that neither a later write nor the flush at exit fails."""
    import sys

    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def is_broken_pipe(exc: BaseException) -> bool:
    """A BrokenPipeError, or rich's SystemExit(1) raised while handling one."""
    if isinstance(exc, BrokenPipeError):
        return True
    return isinstance(exc, SystemExit) and isinstance(exc.__context__, BrokenPipeError)


@contextlib.contextmanager
def reader_may_stop() -> Iterator[None]:
    """Write output knowing that the reader may stop early (`digictl validate | head`).

    On a broken pipe the rest of the output is dropped and the command goes on, so it can
    still exit with its verdict.
    """
    try:
        yield
    except (BrokenPipeError, SystemExit) as exc:
        if not is_broken_pipe(exc):
            raise
        silence_stdout()


def handles_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Map digictl's exceptions to one line on stderr and the right exit code.

    A broken pipe (the reader stopped: `digictl rules | head -1`) ends the command
    with exit 0 and nothing on stderr.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except DigictlError as exc:
            fail(str(exc), exc.exit_code)
        except (BrokenPipeError, SystemExit) as exc:
            if not is_broken_pipe(exc):
                raise
            silence_stdout()
            raise typer.Exit(EXIT_OK) from None

    return wrapper


# ---------------------------------------------------------------------------------------------
# Global options after the command
#
# `digictl validate --as-of 2024-01-01` means `digictl --as-of 2024-01-01 validate`: before
# click parses the command line, the root group moves every global option (an option of the
# app's callback that takes a value: --data/-d, --skip, --as-of, --at, --lang) that follows
# the command to just before it, with its value, in the order written. What the command (or a
# group on the way) declares itself under the same name stays the command's, and `--` ends
# option processing: what follows it is never moved.


def _takes_value(param: Parameter) -> bool:
    return isinstance(param, TyperOption) and not param.is_flag and not param.count


def _options(cmd: Command) -> tuple[set[str], set[str]]:
    """The option names ``cmd`` declares: all of them, and those that take a value."""
    names: set[str] = set()
    valued: set[str] = set()
    for param in cmd.params:
        if isinstance(param, TyperOption):
            names.update(param.opts, param.secondary_opts)
            if _takes_value(param):
                valued.update(param.opts)
    return names, valued


@dataclass
class _Hoist:
    """The command line being rearranged: the global options by name, what moves, what stays."""

    root: Command
    args: list[str]
    moved: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    dangling: str | None = None  # a global option that ends the line without its value

    @functools.cached_property
    def globals(self) -> dict[str, TyperOption]:
        return {
            name: param
            for param in self.root.params
            if isinstance(param, TyperOption) and _takes_value(param)
            for name in param.opts
        }

    def global_name(self, token: str, owned: set[str]) -> str | None:
        """The global option ``token`` starts (``--as-of``, ``--as-of=D``, ``-dDIR``), unless
        the command declares that name itself."""
        name = token.partition("=")[0] if token.startswith("--") else token[:2]
        if name in self.globals and name not in owned:
            return name
        return None

    def scan(self, cmd: Command, start: int, *, to_subcommand: bool) -> int:
        """Go through the words of ``cmd`` from ``start``: move global options, keep the rest.
        With ``to_subcommand``, stop at the first word that is not an option (the next
        command's name). Returns where it stopped (len(args) at the end, -1 after ``--``)."""
        owned, valued = _options(cmd)
        i = start
        while i < len(self.args):
            token = self.args[i]
            if token == "--":
                self.kept += self.args[i:]
                return -1
            if not token.startswith("-") or token == "-":
                if to_subcommand:
                    return i
                self.kept.append(token)
                i += 1
                continue
            name = self.global_name(token, owned)
            width = 2 if (token in valued or (name is not None and token == name)) else 1
            if name is not None and width == 2 and i + 1 == len(self.args):
                self.dangling = name
                return len(self.args)
            (self.moved if name is not None else self.kept).extend(self.args[i : i + width])
            i += width
        return i

    def hint(self, before: list[str]) -> str:
        """The usage error for a global option that ends the line without its value: the
        command line as it should be written, with the value to fill in."""
        import shlex

        assert self.dangling is not None
        param = self.globals[self.dangling]
        metavar = param.metavar or (param.name or "value").upper()
        head = shlex.join([*before, *self.moved, self.dangling])
        return _(
            "{option} is a global option: write digictl {head} {metavar} {rest}",
            option=self.dangling,
            head=head,
            metavar=metavar,
            rest=shlex.join(self.kept),
        )


def _first_command(root: Command, args: list[str]) -> int:
    """Where the command's name is among the arguments (after the app's own options);
    -1 when there is none, or a ``--`` comes first."""
    _names, valued = _options(root)
    i = 0
    while i < len(args):
        token = args[i]
        if token == "--":
            return -1
        if not token.startswith("-") or token == "-":
            return i
        i += 2 if token in valued else 1
    return -1


def hoist_global_options(root: TyperGroup, ctx: Context, args: list[str]) -> list[str]:
    """The arguments with every global option that follows the command moved before it.

    A global option at the very end, without its value, cannot be moved: a usage error
    names the fix (while completing, the line is cut there so the option's value completes).
    """
    start = _first_command(root, args)
    if start < 0:
        return args
    h = _Hoist(root, args)
    cmd: Command = root
    i = start
    while i >= 0 and i < len(args) and isinstance(cmd, TyperGroup):
        sub = cmd.get_command(ctx, args[i])
        if sub is None:
            return args  # click names the unknown command
        h.kept.append(args[i])
        cmd = sub
        i = h.scan(cmd, i + 1, to_subcommand=isinstance(cmd, TyperGroup))
    if h.dangling is not None:
        if ctx.resilient_parsing:  # completing the value of a global option: the app's own
            return args[:start] + h.moved
        ctx.fail(h.hint(args[:start]))
    return args[:start] + h.moved + h.kept


class GlobalOptionsGroup(TyperGroup):
    """The app's root group: global options are accepted after the command too."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            args = hoist_global_options(self, ctx, args)
        return super().parse_args(ctx, args)
