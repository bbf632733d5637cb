"""What every command shares: the global settings and the mapping of errors to exit codes."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, ParamSpec, TypeVar

import typer

from digictl.errors import DigictlError
from digictl.vocabulary import DEFAULT_HORIZON

if TYPE_CHECKING:
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
        """The data directory, on disk or (with --at) at a git revision."""
        if self.at is not None:
            from digictl.history.gitrepo import source_at

            return source_at(self.data, self.at)
        from digictl.load.dataset import DirectorySource

        return DirectorySource(self.data)

    def check(self, horizon: int = DEFAULT_HORIZON) -> Checked:
        """Read and check the data directory (once per horizon per run)."""
        if horizon not in self._checked:
            from digictl.load.dates import check_horizon
            from digictl.rules.engine import check_source

            check_horizon(horizon)

            self._checked[horizon] = check_source(self.source(), self.as_of, self.skip, horizon)
        return self._checked[horizon]


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
            f"digictl: {len(unread)} problem(s) left data out of this output; run digictl validate",
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

    typer.echo(f"digictl: error: {terminal(message)}", err=True)


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
