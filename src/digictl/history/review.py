"""A change in governance terms: entity changes plus findings introduced and resolved."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from digictl.findings import Finding, Severity
from digictl.history.cache import LoadCache
from digictl.history.changes import EntityChange, entity_changes
from digictl.i18n import _, ngettext
from digictl.load.dataset import Source, read_dataset
from digictl.model import build
from digictl.rules.engine import run_rules


@dataclass
class Review:
    base: str  # how the base is named, e.g. a short commit id
    head: str  # e.g. "working tree"
    changes: list[EntityChange]
    introduced: list[Finding]
    resolved: list[Finding]
    # the errors found on both sides: not caused by the change (a term that expired, a plan
    # that fell due), shown apart and never a reason to fail
    existing: list[Finding] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.introduced)

    def count(self, findings: list[Finding], severity: Severity) -> int:
        return sum(1 for f in findings if f.severity is severity)

    def summary(self) -> str:
        # each count with its noun, then the sentence that holds them (one plural per count)
        errors = self.count(self.introduced, Severity.ERROR)
        warnings = self.count(self.introduced, Severity.WARNING)
        return _(
            "{entities} changed ({base} → {head}); introduces {errors}, {warnings}; "
            "resolves {findings}",
            # Translators: counted nouns, filled into "{entities} changed (…); introduces …"
            entities=ngettext("{n} entity", "{n} entities", len(self.changes)),
            base=self.base,
            head=self.head,
            errors=ngettext("{n} error", "{n} errors", errors),
            warnings=ngettext("{n} warning", "{n} warnings", warnings),
            findings=ngettext("{n} finding", "{n} findings", len(self.resolved)),
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "version": 1,
            "base": self.base,
            "head": self.head,
            "ok": not self.failed,
            "summary": self.summary(),
            "changes": [c.as_dict() for c in self.changes],
            "introduced": [f.as_dict() for f in self.introduced],
            "resolved": [f.as_dict() for f in self.resolved],
            "existing": [f.as_dict() for f in self.existing],
        }


def _key(f: Finding) -> tuple[str, str | None, str]:
    return (f.rule, f.entity, f.message)


def review(
    base: Source,
    head: Source,
    as_of: date,
    skip: Iterable[str] = (),
    horizon: int = 90,
    base_label: str = "base",
    head_label: str = "head",
    cache: LoadCache | None = None,
) -> Review:
    skip = tuple(skip)
    with cache.held() if cache is not None else contextlib.nullcontext():
        return _review(base, head, as_of, skip, horizon, base_label, head_label, cache)


def _review(
    base: Source,
    head: Source,
    as_of: date,
    skip: tuple[str, ...],
    horizon: int,
    base_label: str,
    head_label: str,
    cache: LoadCache | None,
) -> Review:
    base_data = read_dataset(base, cache)
    head_data = read_dataset(head, cache)
    base_model = build(base_data)
    head_model = build(head_data)
    before = run_rules(base_data, base_model, as_of, skip, horizon)
    # the change rules read the base's records, never its facts: free them before the head's
    base_model.facts_cache.clear()
    after = run_rules(
        head_data, head_model, as_of, skip, horizon, previous=base_model, previous_label=base_label
    )
    old = {_key(f) for f in before.findings}
    new = {_key(f) for f in after.findings}
    return Review(
        base=base_label,
        head=head_label,
        changes=entity_changes(base_data, head_data),
        introduced=[f for f in after.findings if _key(f) not in old],
        resolved=[f for f in before.findings if _key(f) not in new],
        existing=[f for f in after.findings if f.severity is Severity.ERROR and _key(f) in old],
    )
