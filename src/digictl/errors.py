"""The one small exception hierarchy of digictl.

Domain code raises these; only the CLI maps them to exit codes and stderr.
"""

from __future__ import annotations


class DigictlError(Exception):
    """Base of every error digictl reports as one sentence. Exit code 2."""

    exit_code = 2


class UsageError(DigictlError):
    """A command-line value is wrong (bad date, unknown rule, bad revision)."""


class InputError(DigictlError):
    """Input cannot be read at all: no data directory, unreadable file."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        self.file = file
        self.line = line
        where = ""
        if file is not None:
            where = f"{file}:{line}: " if line else f"{file}: "
        super().__init__(f"{where}{message}")


class LoadError(DigictlError):
    """A YAML file could not be loaded safely; carries file, line and column."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        self.message = message
        self.line = line
        self.column = column
        super().__init__(message)
