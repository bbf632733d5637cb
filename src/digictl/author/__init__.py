"""Authoring: change a data directory with commands that write the YAML a person would have
written (docs/design.md §3), judged like a pull request before anything is written."""

from __future__ import annotations

from digictl.author.workspace import Outcome, OverlaySource, Workspace

__all__ = ["Outcome", "OverlaySource", "Workspace"]
