"""`digictl rules`: the rule catalogue."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from digictl.cli.common import handles_errors


class RulesFormat(StrEnum):
    table = "table"
    json = "json"


@handles_errors
def rules(
    format: Annotated[
        RulesFormat, typer.Option("--format", "-f", help="table or json.")
    ] = RulesFormat.table,
) -> None:
    """List every rule: id, default severity, source clause of the agreement, what it checks.

    Switch a rule off for one run with the global --skip RULE, or for the
    partnership in network.yaml (`rules: {party-owner-obligation: off}`), where
    a rule's severity can also be changed (error, warning, info).

    Example: digictl rules --format json
    """
    from digictl.cli.render import print_json, print_table
    from digictl.rules import RULES

    rows = [(r.id, r.severity.value, r.source, r.summary) for r in RULES.values()]
    if format is RulesFormat.json:
        print_json(
            {
                "version": 1,
                "rules": [
                    {
                        "id": r.id,
                        "severity": r.severity.value,
                        "source": r.source,
                        "summary": r.summary,
                        "fix": r.fix,
                    }
                    for r in RULES.values()
                ],
            }
        )
    else:
        print_table("digictl rules", ("rule", "severity", "source", "checks"), rows)
