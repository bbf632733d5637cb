"""`party join`, `party leave`: the parties of an agreement (agreements/<id>.yaml)."""

from __future__ import annotations

from datetime import date

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from digictl.author import yamldoc
from digictl.author.common import path_of, require
from digictl.author.workspace import Workspace
from digictl.errors import UsageError
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
            raise UsageError(
                f"`{org}` is already a party of `{agreement}` on {joined} "
                f"(joined {yamldoc.as_date(p.get('joined'))}); use party leave first"
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
        raise UsageError(f"`{org}` is not a current party of `{agreement}`")
    entry = current[-1]
    joined = yamldoc.as_date(entry.get("joined"))
    if joined is not None and last_day < joined:
        raise UsageError(f"--date {last_day} lies before `{org}` joined on {joined}")
    yamldoc.put(entry, "party", "left", last_day)
    if decision is not None:
        # the contract has no key for the decision of withdrawal: a comment on the line
        entry.yaml_add_eol_comment(f"# {check_text('--decision', decision)}", "left")
