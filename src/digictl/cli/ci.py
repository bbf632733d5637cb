"""CI helpers: post the pull-request comment, keep the deadlines tracking issue."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Join this module's commands to the main app."""
