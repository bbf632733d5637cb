"""A tiny rule plugin, as a partnership would write one: its name must be long enough.

tests/rules/test_engine.py installs it (a ``*.dist-info`` folder with an entry point of
group ``digictl.rules``) to prove that digictl finds, runs and configures plugin rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from digictl.findings import Severity
from digictl.rules import Context, Issue, rule

RULE = "example-network-name"


@rule(
    RULE,
    Severity.WARNING,
    "example",
    "the partnership's name has at least `min_length` characters",
    fix="Write the partnership's name in full in network.yaml.",
    params={"min_length": 4},
)
def network_name(ctx: Context) -> Iterator[Issue]:
    network = ctx.model.network
    shortest = ctx.int_param(RULE, "min_length")
    if network is not None and len(network.name) < shortest:
        yield Issue.of(
            network.src,
            f"the name `{network.name}` is shorter than {shortest} characters",
            "name",
        )
