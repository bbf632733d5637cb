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
    """List every rule: id, default severity, source clause of the agreement, what it checks,
    and the parameters it takes with their defaults; rules of installed plugins come last.

    Switch a rule off for one run with the global --skip RULE, or for the
    partnership in network.yaml (`rules: {party-owner-obligation: off}`), where
    a rule's severity can also be changed (error, warning, info) and its
    parameters set (`rules: {term-expiring: {severity: info, horizon: 60}}`).
    The reserved ids `internal` and `rule-config` are always reported.

    Example: digictl rules --format json
    """
    from digictl.cli.render import print_json, print_table
    from digictl.output.escape import terminal
    from digictl.rules import RULES

    for problem in RULES.problems:  # validate reports them as `internal` findings
        typer.echo(f"digictl: warning: {terminal(problem)}", err=True)
    if format is RulesFormat.json:
        print_json(_as_json())
    else:
        print_table(
            "digictl rules",
            ("rule", "severity", "source", "checks", "params"),
            _rows(),
            wrap=("source", "checks", "params"),
        )


def _as_json() -> dict[str, object]:
    from digictl.rules import RULES
    from digictl.rules.registry import RESERVED

    return {
        "version": 1,
        "rules": [
            {
                "id": r.id,
                "severity": r.severity.value,
                "source": r.source,
                "summary": r.summary,
                "fix": r.fix,
                "params": {k: list(v) if isinstance(v, tuple) else v for k, v in r.params.items()},
                "plugin": r.plugin or None,
            }
            for r in RULES.values()
        ],
        "reserved": [
            {"id": rid, "severity": "error", "summary": summary}
            for rid, summary in RESERVED.items()
        ],
    }


def _rows() -> list[tuple[str, str, str, str, str]]:
    from digictl.rules import RULES
    from digictl.rules.engine import show_value
    from digictl.rules.registry import RESERVED

    rows = [
        (
            r.id,
            r.severity.value,
            f"plugin {r.plugin}: {r.source}" if r.plugin else r.source,
            r.summary,
            ", ".join(f"{k}={show_value(v)}" for k, v in r.params.items()),
        )
        for r in RULES.values()
    ]
    return rows + [(rid, "error", "reserved", summary, "") for rid, summary in RESERVED.items()]
