"""Run the rule registry over a data directory and collect every finding."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from digictl.errors import UsageError
from digictl.findings import Finding, Result, Severity
from digictl.load.dataset import Dataset, Source, read_dataset
from digictl.load.schemas import did_you_mean
from digictl.model import Model, build
from digictl.rules import RULES, Context


@dataclass
class Checked:
    """A data directory read, modelled and checked."""

    dataset: Dataset
    model: Model
    result: Result


def check_rule_ids(ids: Iterable[str]) -> tuple[str, ...]:
    """Validate rule ids given on the command line."""
    out = []
    for rule_id in ids:
        if rule_id not in RULES:
            hint = did_you_mean(rule_id, RULES)
            raise UsageError(
                f"--skip names `{rule_id}`, which is not a digictl rule{hint} "
                "(digictl rules lists them)"
            )
        out.append(rule_id)
    return tuple(out)


def run_rules(
    dataset: Dataset,
    model: Model,
    as_of: date,
    skip: Iterable[str] = (),
    horizon: int = 90,
    previous: Model | None = None,
    previous_label: str = "",
) -> Result:
    """Run every rule that is not skipped or switched off; never stops at the first finding.

    With ``previous`` (the base of a diff) the change rules compare against it too.
    """
    skipped = set(skip)
    config = model.network.rules if model.network else {}
    ctx = Context(dataset, model, as_of, horizon, previous, previous_label)
    findings: list[Finding] = []
    for r in RULES.values():
        setting = config.get(r.id)
        if r.id in skipped or setting == "off":
            continue
        for issue in r.check(ctx):
            severity = Severity(setting) if setting else (issue.severity or r.severity)
            findings.append(
                Finding(
                    rule=r.id,
                    severity=severity,
                    message=issue.message,
                    file=issue.at.file,
                    line=issue.at.line,
                    entity=issue.entity,
                )
            )
    findings.sort(key=Finding.sort_key)
    return Result(findings=findings, files=dataset.files, skipped=tuple(sorted(skipped)))


def check_source(
    source: Source, as_of: date, skip: Iterable[str] = (), horizon: int = 90
) -> Checked:
    dataset = read_dataset(source)
    model = build(dataset)
    return Checked(dataset, model, run_rules(dataset, model, as_of, skip, horizon))
