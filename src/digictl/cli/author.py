"""Authoring commands: change the data with commands that write the YAML a person would have written."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Join this module's commands to the main app."""
