"""Where the schemas, templates and national registry live.

Installed from a wheel they are package data under ``digictl/``; in a source
checkout (editable install) ``schemas/`` and ``templates/`` sit at the top of
the repository, beside ``src/``. Both are folders on disk, found without importing
``importlib.resources`` (a tenth of a short run); only a package loaded some other
way (from a zip archive) is asked through it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_HERE = Path(__file__).resolve().parent


def _folder(name: str) -> Traversable:
    for candidate in (_HERE / name, _HERE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    from importlib.resources import files

    return files("digictl").joinpath(name)


def schemas() -> Traversable:
    return _folder("schemas")


def templates() -> Traversable:
    return _folder("templates")


def registry() -> Traversable:
    packaged = _HERE / "registry"
    if packaged.is_dir():
        return packaged
    from importlib.resources import files

    return files("digictl").joinpath("registry")
