"""What the authoring operations share: checking ids, dates and references given on the
command line (every value is hostile until checked)."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from digictl.errors import UsageError
from digictl.load.dates import parse_date_option
from digictl.load.schemas import did_you_mean
from digictl.scaffold import check_text

if TYPE_CHECKING:
    from digictl.author.workspace import Workspace

_ID = re.compile(r"[a-z0-9][a-z0-9-]*", re.ASCII)
_DECISION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*", re.ASCII)

# kind -> (folder, how it is named in messages)
KINDS = {
    "organisation": ("organisations", "organisation"),
    "person": ("people", "person"),
    "agreement": ("agreements", "agreement"),
    "body": ("bodies", "body"),
    "meeting": ("meetings", "meeting"),
    "project": ("projects", "project"),
    "year": ("years", "year"),
}


def ident(value: str, option: str) -> str:
    """An id: lower-case letters a-z, digits and hyphens, starting with a letter or digit."""
    check_text(option, value)
    if not _ID.fullmatch(value):
        raise UsageError(
            f"{option} {value!r} is not an id: use lower-case letters a-z, digits and hyphens "
            "(for example kari-nordmann)"
        )
    return value


def decision_id(value: str, option: str = "--decision") -> str:
    """A decision id as numbered in a meeting file, e.g. PS-2021-07."""
    check_text(option, value)
    if not _DECISION.fullmatch(value):
        raise UsageError(
            f"{option} {value!r} is not a decision id: use letters, digits and . _ / - "
            "(for example PS-2025-03)"
        )
    return value


def day(value: str, option: str) -> date:
    """A date from the command line (the one date parser)."""
    return parse_date_option(value, option)


def path_of(kind: str, ident_: str) -> str:
    """The file of an entity, relative to the data directory."""
    return f"{KINDS[kind][0]}/{ident_}.yaml"


def require(ws: Workspace, kind: str, ident_: str, option: str) -> str:
    """``ident_`` when an entity of ``kind`` has that id, else a UsageError with a hint."""
    ident(ident_, option)
    known = ws.model().known.get(kind, set()) | ws.created(KINDS[kind][0])
    if ident_ in known:
        return ident_
    raise UsageError(
        f"{option}: there is no {KINDS[kind][1]} `{ident_}` in {ws.source.label}/"
        f"{KINDS[kind][0]}{did_you_mean(ident_, known)}"
    )


def positive(value: int | None, option: str) -> int | None:
    if value is not None and value < 0:
        raise UsageError(f"{option} takes a whole number of kroner, 0 or more, not {value}")
    return value
