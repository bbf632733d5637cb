"""Run the rule catalogue over a data directory and collect every finding.

One rule's failure does not stop the others: it becomes an `internal` finding. The
rule settings of network.yaml are applied here: `off`, a severity, and parameters
checked against what each rule declares (a setting that is not applied is a
`rule-config` finding and the rule runs with its default).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from digictl.errors import UsageError
from digictl.findings import Finding, Location, Result, Severity
from digictl.i18n import _, ngettext
from digictl.load.dataset import Dataset, Source, read_dataset
from digictl.load.schemas import MAX_PROBLEMS
from digictl.model import Model, Network, ParamValue, build
from digictl.rules import RULES, Context, Issue, Rule
from digictl.rules.registry import (
    INTERNAL,
    RESERVED,
    RULE_CONFIG,
    describe_failure,
    kind_of,
    kind_words,
    reserved,
)
from digictl.suggest import closest
from digictl.vocabulary import DEFAULT_HORIZON

if TYPE_CHECKING:
    from digictl.history.cache import LoadCache

Params = dict[str, dict[str, ParamValue]]


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
        if rule_id in RESERVED:
            raise UsageError(
                # Translators: {why} is what the reserved id reports, a sentence of its own
                _(
                    "--skip names `{rule}`, which is reserved and always reported ({why})",
                    rule=rule_id,
                    why=reserved(rule_id),
                )
            )
        if rule_id not in RULES:
            match = closest(rule_id, RULES)
            raise UsageError(
                _(
                    "--skip names `{rule}`, which is not a digictl rule; did you mean "
                    "`{match}`? (digictl rules lists them)",
                    rule=rule_id,
                    match=match,
                )
                if match
                else _(
                    "--skip names `{rule}`, which is not a digictl rule (digictl rules lists them)",
                    rule=rule_id,
                )
            )
        out.append(rule_id)
    return tuple(out)


def run_rules(
    dataset: Dataset,
    model: Model,
    as_of: date,
    skip: Iterable[str] = (),
    horizon: int = DEFAULT_HORIZON,
    previous: Model | None = None,
    previous_label: str = "",
) -> Result:
    """Run every rule that is not skipped or switched off; never stops at the first finding.

    With ``previous`` (the base of a diff) the change rules compare against it too.
    """
    skipped = set(skip)
    network = model.network
    config = network.rules if network else {}
    # where a finding about the run itself points: the partnership's file, or the directory
    where = network.src.at() if network else Location(dataset.label, 1)
    findings = [_internal(problem, where, network) for problem in RULES.problems]
    params, problems = _params(network)
    findings += problems
    ctx = Context(dataset, model, as_of, horizon, previous, previous_label, params)
    for r in RULES.values():
        setting = config.get(r.id)
        severity = setting.severity if setting else None
        if r.id in skipped or severity == "off":
            continue
        findings += _run(r, ctx, Severity(severity) if severity else None, where)
    findings.sort(key=Finding.sort_key)
    return Result(findings=findings, files=dataset.files, skipped=tuple(sorted(skipped)))


def _run(r: Rule, ctx: Context, severity: Severity | None, where: Location) -> list[Finding]:
    """One rule's findings; if it fails, those it gave before and one `internal` finding."""
    out: list[Finding] = []
    try:
        for issue in r.check(ctx):
            if not isinstance(issue, Issue):
                message = _not_an_issue(r, type(issue).__name__)
                return [*out, _internal(message, where, ctx.model.network)]
            out.append(
                Finding(
                    rule=r.id,
                    severity=severity or issue.severity or r.severity,
                    message=issue.message,
                    file=issue.at.file,
                    line=issue.at.line,
                    entity=issue.entity,
                    subject=issue.subject,
                )
            )
    except Exception as exc:  # one rule's bug must not hide what the others find
        failure = describe_failure(exc, getattr(r.check, "__module__", None) or "")
        out.append(_internal(_failed(r, failure), where, ctx.model.network))
    return out


def _failed(r: Rule, failure: str) -> str:
    """A rule failed: ``failure`` says how (the exception, as ``describe_failure`` puts it)."""
    if r.plugin:
        return _(
            "rule `{rule}` (plugin `{plugin}`) failed: {failure}; the other rules ran",
            rule=r.id,
            plugin=r.plugin,
            failure=failure,
        )
    return _("rule `{rule}` failed: {failure}; the other rules ran", rule=r.id, failure=failure)


def _not_an_issue(r: Rule, gave: str) -> str:
    """A rule gave something that is not an Issue (``gave`` is its type's name)."""
    if r.plugin:
        return _(
            "rule `{rule}` (plugin `{plugin}`) failed: it gave {type}, not an Issue; the other "
            "rules ran",
            rule=r.id,
            plugin=r.plugin,
            type=gave,
        )
    return _(
        "rule `{rule}` failed: it gave {type}, not an Issue; the other rules ran",
        rule=r.id,
        type=gave,
    )


def _internal(message: str, where: Location, network: Network | None) -> Finding:
    entity = network.src.entity if network else None
    return Finding(INTERNAL, Severity.ERROR, message, where.file, where.line, entity)


def _params(network: Network | None) -> tuple[Params, list[Finding]]:
    """The parameters network.yaml sets, and a finding for each one not applied.

    A setting for a rule id digictl does not know is the `schema` rule's finding. At
    most MAX_PROBLEMS settings are named, then one finding counts the rest.
    """
    params: Params = {}
    findings: list[Finding] = []
    if network is None:
        return params, findings
    left_out: list[tuple[str, str]] = []
    for rule_id, setting in network.rules.items():
        r = RULES.get(rule_id)
        if r is None:
            continue
        for name, value in setting.params.items():
            if name in r.params and kind_of(value) == kind_of(r.params[name]):
                params.setdefault(rule_id, {})[name] = value
            elif len(findings) < MAX_PROBLEMS:
                findings.append(_config(network, _param_problem(r, name, value), rule_id, name))
            else:
                left_out.append((rule_id, name))
    if left_out:
        more = ngettext(
            "{n} more setting in `rules` is not applied; fix the ones above first",
            "{n} more settings in `rules` are not applied; fix the ones above first",
            len(left_out),
        )
        findings.append(_config(network, more, *left_out[0]))
    return params, findings


def _config(network: Network, message: str, rule_id: str, name: str) -> Finding:
    at = network.src.at("rules", rule_id, name)
    return Finding(RULE_CONFIG, Severity.ERROR, message, at.file, at.line, network.src.entity)


def _param_problem(r: Rule, name: str, value: ParamValue) -> str:
    """Why a parameter set in network.yaml is not applied, or the empty string."""
    if name not in r.params:
        if not r.params:
            return _(
                "rule `{rule}` takes no parameters, so `{name}` is ignored", rule=r.id, name=name
            )
        takes = ", ".join(f"`{p}`" for p in r.params)
        match = closest(name, r.params)
        if match:
            return _(
                "rule `{rule}` has no parameter `{name}`; did you mean `{match}`? (it takes "
                "{params}); it is ignored",
                rule=r.id,
                name=name,
                match=match,
                params=takes,
            )
        return _(
            "rule `{rule}` has no parameter `{name}` (it takes {params}); it is ignored",
            rule=r.id,
            name=name,
            params=takes,
        )
    default = r.params[name]
    if kind_of(value) != kind_of(default):
        # Translators: {wanted} and {got} are kinds of value: "a whole number", "text"
        return _(
            "`rules.{rule}.{name}` must be {wanted}, not {got}; the default {default} is used",
            rule=r.id,
            name=name,
            wanted=kind_words(default),
            got=kind_words(value),
            default=show_value(default),
        )
    return ""


def show_value(value: ParamValue) -> str:
    """A parameter's value as YAML would write it: 90, true, text, [a, b]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return f"[{', '.join(value)}]"
    return str(value)


def check_source(
    source: Source,
    as_of: date,
    skip: Iterable[str] = (),
    horizon: int = DEFAULT_HORIZON,
    cache: LoadCache | None = None,
) -> Checked:
    """Read (through ``cache``, when given), model and check a data directory."""
    dataset = read_dataset(source, cache)
    model = build(dataset)
    return Checked(dataset, model, run_rules(dataset, model, as_of, skip, horizon))
