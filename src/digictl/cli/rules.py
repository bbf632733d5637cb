"""`digictl rules`: the rule catalogue."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from digictl.cli.common import handles_errors
from digictl.i18n import _


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
        typer.echo(_("digictl: warning: {problem}", problem=terminal(problem)), err=True)
    if format is RulesFormat.json:
        print_json(_as_json())
    else:
        columns = (_("rule"), _("severity"), _("source"), _("checks"), _("params"))
        print_table("digictl rules", columns, _rows(), wrap=columns[2:])


def _as_json() -> dict[str, object]:
    from digictl.rules import RULES
    from digictl.rules.registry import RESERVED, reserved

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
            {"id": rid, "severity": "error", "summary": reserved(rid)} for rid in RESERVED
        ],
    }


def _rows() -> list[tuple[str, str, str, str, str]]:
    from digictl.rules import RULES
    from digictl.rules.engine import show_value
    from digictl.rules.registry import RESERVED, reserved

    rows = [
        (
            r.id,
            r.severity.value,
            _("plugin {plugin}: {source}", plugin=r.plugin, source=r.source)
            if r.plugin
            else r.source,
            r.summary,
            ", ".join(f"{k}={show_value(v)}" for k, v in r.params.items()),
        )
        for r in RULES.values()
    ]
    # Translators: the source of a reserved rule id in `digictl rules` (it is no rule of the
    # agreement: digictl reports it about the run itself)
    source = _("reserved")
    return rows + [(rid, "error", source, reserved(rid), "") for rid in RESERVED]
