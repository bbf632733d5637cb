"""`digictl meeting plan`: the meetings of the bodies, as a table, JSON, Markdown or ICS."""

from __future__ import annotations

import typer


def register(group: typer.Typer) -> None:
    """Add this module's commands to the `meeting` group."""
