"""Shell completion of digictl's arguments and options: ids from the data, rules, kinds.

Every function here is a Typer ``autocompletion=`` callback: ``fn(incomplete) -> list[str]``,
the candidates that start with what was typed so far, sorted. Typer also passes the click
context and the words typed before (``ctx``, ``args``); called directly they are optional.

Completion runs at every press of TAB, so it is cheap and never fails: ids are the file names
below the data directory (``data/bodies/programstyret.yaml`` completes ``programstyret``),
nothing is parsed, and a data directory that is missing or unreadable completes nothing. The
data directory is the global --data (before or after the command), else $DIGICTL_DATA, else
./data, as for the commands themselves.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import typer

from digictl.load import kinds as _kinds
from digictl.vocabulary import LANGUAGES

# the endings of data files: digictl.load.dataset.YAML_SUFFIXES (not imported: it is slow to
# load, and completion runs at every TAB; a test keeps the two equal)
SUFFIXES = (".yaml", ".yml")
_DATA_OPTIONS = ("--data", "-d")


def _matching(candidates: Iterable[str], incomplete: str) -> list[str]:
    return sorted({c for c in candidates if c.startswith(incomplete)})


def _data_in_args(args: Iterable[str]) -> str | None:
    """The last --data/-d among the words typed: ``--data DIR``, ``--data=DIR``, ``-dDIR``."""
    found: str | None = None
    words = list(args)
    for i, word in enumerate(words):
        if word == "--":
            break
        if word in _DATA_OPTIONS and i + 1 < len(words):
            found = words[i + 1]
        elif word.startswith("--data="):
            found = word.partition("=")[2]
        elif word.startswith("-d") and not word.startswith("--") and len(word) > 2:
            found = word[2:]
    return found


def data_dir(ctx: typer.Context | None = None, args: Iterable[str] | None = None) -> Path:
    """The data directory the command line being completed names."""
    typed = _data_in_args(args or ())
    if typed is not None:
        return Path(typed)
    if ctx is not None:
        value = ctx.find_root().params.get("data")
        if value:
            return Path(value)
    from digictl.cli.common import default_data_dir

    return default_data_dir()


def _ids(folder: str, ctx: typer.Context | None, args: Iterable[str] | None) -> list[str]:
    """The ids of the files in one folder of the data directory (empty when unreadable)."""
    try:
        with os.scandir(data_dir(ctx, args) / folder) as entries:
            return [
                Path(e.name).stem
                for e in entries
                if Path(e.name).suffix in SUFFIXES and not e.name.startswith(".") and e.is_file()
            ]
    except (OSError, ValueError):  # missing, not a folder, unreadable, a NUL in --data
        return []


def _of_kind(
    kind: _kinds.Kind,
    incomplete: str,
    ctx: typer.Context | None,
    args: list[str] | None,
) -> list[str]:
    return _matching(_ids(kind.folder, ctx, args), incomplete)


def bodies(
    incomplete: str, ctx: typer.Context | None = None, args: list[str] | None = None
) -> list[str]:
    """Body ids (styrer, grupper): data/bodies/."""
    return _of_kind(_kinds.BODY, incomplete, ctx, args)


def organisations(
    incomplete: str, ctx: typer.Context | None = None, args: list[str] | None = None
) -> list[str]:
    """Organisation ids: data/organisations/."""
    return _of_kind(_kinds.ORGANISATION, incomplete, ctx, args)


def people(
    incomplete: str, ctx: typer.Context | None = None, args: list[str] | None = None
) -> list[str]:
    """Person ids: data/people/."""
    return _of_kind(_kinds.PERSON, incomplete, ctx, args)


def agreements(
    incomplete: str, ctx: typer.Context | None = None, args: list[str] | None = None
) -> list[str]:
    """Agreement ids: data/agreements/."""
    return _of_kind(_kinds.AGREEMENT, incomplete, ctx, args)


def meetings(
    incomplete: str, ctx: typer.Context | None = None, args: list[str] | None = None
) -> list[str]:
    """Meeting ids (DATE-BODY): data/meetings/."""
    return _of_kind(_kinds.MEETING, incomplete, ctx, args)


def projects(
    incomplete: str, ctx: typer.Context | None = None, args: list[str] | None = None
) -> list[str]:
    """Project ids: data/projects/."""
    return _of_kind(_kinds.PROJECT, incomplete, ctx, args)


def years(
    incomplete: str, ctx: typer.Context | None = None, args: list[str] | None = None
) -> list[str]:
    """Years with a year file: data/years/."""
    return _of_kind(_kinds.YEAR, incomplete, ctx, args)


def entities(
    incomplete: str, ctx: typer.Context | None = None, args: list[str] | None = None
) -> list[str]:
    """Entities as `log` takes them: ``kind:id`` (project:felles-sak-arkiv) and ``network``;
    once something without a colon is typed, bare ids that start with it too."""
    named = ["network"]
    bare: list[str] = []
    for kind in _kinds.ALL:
        if kind.folder:
            ids = _ids(kind.folder, ctx, args)
            named += [f"{kind.name}:{i}" for i in ids]
            bare += ids
    if incomplete and ":" not in incomplete:
        named += bare
    return _matching(named, incomplete)


def rules(incomplete: str) -> list[str]:
    """Rule ids a run can skip (--skip RULE): the registry's, plugins' included."""
    try:
        from digictl.rules import RULES

        ids = list(RULES)
    except Exception:  # a broken plugin or install must not break the shell
        return []
    return _matching(ids, incomplete)


def kinds(incomplete: str) -> list[str]:
    """Kinds of entity, as `schema KIND` takes them."""
    return _matching(_kinds.BY_NAME, incomplete)


def languages(incomplete: str) -> list[str]:
    """The languages of --lang: nb, nn, en."""
    return [lang for lang in LANGUAGES if lang.startswith(incomplete)]


def report_kinds(incomplete: str) -> list[str]:
    """The reports `digictl report KIND` renders."""
    from digictl.cli.report import ReportKind

    return _matching((k.value for k in ReportKind), incomplete)
