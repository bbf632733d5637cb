"""`digictl meeting notice|minutes MEETING`: the notice and the minutes of a meeting."""

from __future__ import annotations

import typer


def register(group: typer.Typer) -> None:
    """Add this module's commands to the `meeting` group."""
