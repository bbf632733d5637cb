"""`party join`, `party leave`: the parties of an agreement (agreements/<id>.yaml)."""

from __future__ import annotations

from datetime import date

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from digictl.author import yamldoc
from digictl.author.common import path_of, require
from digictl.author.workspace import Workspace
from digictl.errors import UsageError
from digictl.i18n import _
from digictl.scaffold import check_text


def _parties(ws: Workspace, agreement: str) -> CommentedSeq:
    return yamldoc.block_list(ws.edit(path_of("agreement", agreement)), "agreement", "parties")


def _entries(parties: CommentedSeq, org: str) -> list[CommentedMap]:
    return [p for p in parties if isinstance(p, CommentedMap) and p.get("org") == org]


def join(ws: Workspace, org: str, agreement: str, joined: date, decision: str) -> None:
    """Append a party: org, joined (the first day as a party), decision (the political
    decision of accession, free text)."""
    require(ws, "organisation", org, "ORG")
    require(ws, "agreement", agreement, "--agreement")
    parties = _parties(ws, agreement)
    for p in _entries(parties, org):
        ended = yamldoc.as_date(p.get("left")) or yamldoc.as_date(p.get("until"))
        if ended is None or ended >= joined:
            since = yamldoc.as_date(p.get("joined"))
            if since is None:
                raise UsageError(
                    _(
                        "`{org}` is already a party of `{agreement}` on {day}; "
                        "use party leave first",
                        org=org,
                        agreement=agreement,
                        day=joined,
                    )
                )
            raise UsageError(
                _(
                    "`{org}` is already a party of `{agreement}` on {day} "
                    "(joined {joined}); use party leave first",
                    org=org,
                    agreement=agreement,
                    day=joined,
                    joined=since,
                )
            )
    entry = yamldoc.new_map(
        "party",
        {"org": org, "joined": joined, "decision": yamldoc.text(decision, "--decision")},
    )
    parties.append(entry)


def leave(
    ws: Workspace, org: str, agreement: str, last_day: date, decision: str | None = None
) -> None:
    """Set `left` (the last day as a party) on the org's current party entry; the decision
    of withdrawal, when given, as a comment on that line."""
    require(ws, "organisation", org, "ORG")
    require(ws, "agreement", agreement, "--agreement")
    current = [p for p in _entries(_parties(ws, agreement), org) if p.get("left") is None]
    if not current:
        raise UsageError(
            _("`{org}` is not a current party of `{agreement}`", org=org, agreement=agreement)
        )
    entry = current[-1]
    joined = yamldoc.as_date(entry.get("joined"))
    if joined is not None and last_day < joined:
        raise UsageError(
            _(
                "--date {day} lies before `{org}` joined on {joined}",
                day=last_day,
                org=org,
                joined=joined,
            )
        )
    yamldoc.put(entry, "party", "left", last_day)
    if decision is not None:
        # the contract has no key for the decision of withdrawal: a comment on the line
        entry.yaml_add_eol_comment(f"# {check_text('--decision', decision)}", "left")
