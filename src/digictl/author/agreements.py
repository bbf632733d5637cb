"""`agreement new`: the cooperation agreement (samarbeidsavtale, agreements/<id>.yaml), written
with no parties; they accede with `party join` or `import --what parties`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ruamel.yaml.comments import CommentedSeq

from digictl.author import yamldoc
from digictl.author.common import ident, path_of
from digictl.author.workspace import Workspace
from digictl.errors import UsageError
from digictl.i18n import _
from digictl.load.schemas import did_you_mean, raw_schema


def amendment_rules() -> tuple[str, ...]:
    """The values `amendment_rule` takes (schemas/agreement.schema.json)."""
    prop = raw_schema("agreement.schema.json")["properties"]["amendment_rule"]
    return tuple(str(v) for v in prop["enum"])


def one_of(value: str, option: str, choices: tuple[str, ...]) -> str:
    """``value`` when it is one of ``choices``, else a UsageError that names them."""
    if value in choices:
        return value
    hint = did_you_mean(value, choices)
    if len(choices) == 1:
        raise UsageError(
            _(
                "{option} takes {choice}, not {value!r}{hint}",
                option=option,
                choice=choices[0],
                value=value,
                hint=hint,
            )
        )
    if len(choices) == 2:
        raise UsageError(
            _(
                "{option} takes {first} or {second}, not {value!r}{hint}",
                option=option,
                first=choices[0],
                second=choices[1],
                value=value,
                hint=hint,
            )
        )
    raise UsageError(
        _(
            "{option} takes one of {choices} or {last}, not {value!r}{hint}",
            option=option,
            choices=", ".join(choices[:-1]),
            last=choices[-1],
            value=value,
            hint=hint,
        )
    )


@dataclass
class NewAgreement:
    """What `agreement new` is told."""

    id: str
    title: str
    effective: date
    until: date
    version: str | None = None
    evaluation_due: date | None = None
    amendment_rule: str | None = None


def _check(a: NewAgreement) -> None:
    ident(a.id, "ID")
    if a.until < a.effective:
        raise UsageError(
            _(
                "--until {until} lies before --effective {effective}",
                until=a.until,
                effective=a.effective,
            )
        )
    if a.evaluation_due is not None and a.evaluation_due < a.effective:
        raise UsageError(
            _(
                "--evaluation-due {due} lies before --effective {effective}",
                due=a.evaluation_due,
                effective=a.effective,
            )
        )
    if a.amendment_rule is not None:
        one_of(a.amendment_rule, "--amendment-rule", amendment_rules())


def new_agreement(ws: Workspace, a: NewAgreement) -> None:
    """Create agreements/<id>.yaml: id, title, version, effective, until, evaluation (due),
    amendment_rule and an empty list of parties."""
    _check(a)
    evaluation = (
        None
        if a.evaluation_due is None
        else yamldoc.new_map("evaluation", {"due": a.evaluation_due})
    )
    doc = yamldoc.new_map(
        "agreement",
        {
            "id": a.id,
            "title": yamldoc.text(a.title, "--title"),
            "version": None if a.version is None else yamldoc.text(a.version, "--version"),
            "effective": a.effective,
            "until": a.until,
            "evaluation": evaluation,
            "amendment_rule": a.amendment_rule,
            "parties": CommentedSeq(),
        },
    )
    ws.create(path_of("agreement", a.id), doc)
