"""Where the schemas, templates and national registry live.

Installed from a wheel they are package data under ``digictl/``; in a source
checkout (editable install) ``schemas/`` and ``templates/`` sit at the top of
the repository, beside ``src/``.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path


def _folder(name: str) -> Traversable:
    packaged = files("digictl").joinpath(name)
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def schemas() -> Traversable:
    return _folder("schemas")


def templates() -> Traversable:
    return _folder("templates")


def registry() -> Traversable:
    return files("digictl").joinpath("registry")
