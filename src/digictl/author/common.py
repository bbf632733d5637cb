"""What the authoring operations share: checking ids, dates and references given on the
command line (every value is hostile until checked)."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from digictl.errors import UsageError
from digictl.i18n import N_, _
from digictl.load.dates import parse_date_option
from digictl.load.schemas import did_you_mean
from digictl.scaffold import check_text

if TYPE_CHECKING:
    from digictl.author.workspace import Workspace

_ID = re.compile(r"[a-z0-9][a-z0-9-]*", re.ASCII)
_DECISION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*", re.ASCII)

# kind -> (folder, the sentence when there is none of that id: translated where it is shown)
KINDS = {
    # Translators: {option} is the option or argument, {folder} the folder searched,
    # {hint} is empty or a "; did you mean ...?" of its own
    "organisation": (
        "organisations",
        N_("{option}: there is no organisation `{id}` in {folder}{hint}"),
    ),
    "person": ("people", N_("{option}: there is no person `{id}` in {folder}{hint}")),
    "agreement": ("agreements", N_("{option}: there is no agreement `{id}` in {folder}{hint}")),
    "body": ("bodies", N_("{option}: there is no body `{id}` in {folder}{hint}")),
    "meeting": ("meetings", N_("{option}: there is no meeting `{id}` in {folder}{hint}")),
    "project": ("projects", N_("{option}: there is no project `{id}` in {folder}{hint}")),
    "year": ("years", N_("{option}: there is no year `{id}` in {folder}{hint}")),
}


def ident(value: str, option: str) -> str:
    """An id: lower-case letters a-z, digits and hyphens, starting with a letter or digit."""
    check_text(option, value)
    if not _ID.fullmatch(value):
        raise UsageError(
            _(
                "{option} {value!r} is not an id: use lower-case letters a-z, digits and hyphens "
                "(for example kari-nordmann)",
                option=option,
                value=value,
            )
        )
    return value


def decision_id(value: str, option: str = "--decision") -> str:
    """A decision id as numbered in a meeting file, e.g. PS-2021-07."""
    check_text(option, value)
    if not _DECISION.fullmatch(value):
        raise UsageError(
            _(
                "{option} {value!r} is not a decision id: use letters, digits and . _ / - "
                "(for example PS-2025-03)",
                option=option,
                value=value,
            )
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
    folder, missing = KINDS[kind]
    where = f"{ws.source.label}/{folder}"
    hint = did_you_mean(ident_, known)
    raise UsageError(_(missing, option=option, id=ident_, folder=where, hint=hint))


def positive(value: int | None, option: str) -> int | None:
    if value is not None and value < 0:
        raise UsageError(
            _(
                "{option} takes a whole number of kroner, 0 or more, not {value}",
                option=option,
                value=value,
            )
        )
    return value
