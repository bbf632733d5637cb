"""Rule records, the registry and the context rules read."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from digictl.findings import Location, Severity
from digictl.load.dataset import Dataset
from digictl.load.national import NationalRegistry
from digictl.model import Model, Src


@dataclass(frozen=True)
class Issue:
    """What a rule reports: a sentence and where; severity only when it differs."""

    message: str
    at: Location
    entity: str | None = None
    severity: Severity | None = None

    @classmethod
    def of(cls, src: Src, message: str, *sub: str | int, severity: Severity | None = None) -> Issue:
        return cls(message, src.at(*sub), src.entity, severity)


@dataclass
class Context:
    """What every rule can read: the files, the model and the moment examined."""

    dataset: Dataset
    model: Model
    as_of: date
    horizon: int = 90
    # for change rules: the state the data is compared with (diff), and its name
    previous: Model | None = None
    previous_label: str = ""

    @cached_property
    def national(self) -> NationalRegistry:
        from digictl.load import national

        return national.load()


Check = Callable[[Context], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    source: str
    summary: str
    check: Check
    fix: str = ""  # what to do about a finding


RULES: dict[str, Rule] = {}


def rule(
    id: str, severity: Severity, source: str, summary: str, fix: str = ""
) -> Callable[[Check], Check]:
    """Register a rule function under its id."""

    def register(check: Check) -> Check:
        if id in RULES:
            raise ValueError(f"rule {id!r} is registered twice")
        RULES[id] = Rule(id, severity, source, summary, check, fix)
        return check

    return register
