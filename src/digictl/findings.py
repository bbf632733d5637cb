"""Findings: what a rule reports, and the result of a check."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Location:
    """A place in the data: a file (relative to the data directory's parent) and a line."""

    file: str
    line: int


@dataclass(frozen=True)
class Finding:
    """One problem. Its message is one line in every format: data it quotes (a key, an id)
    shows hidden characters as the escapes a YAML author would type (``\\n``, ``\\x1b``);
    each output format escapes the rest where the message enters it."""

    rule: str
    severity: Severity
    message: str
    file: str
    line: int
    entity: str | None = None
    # what the finding is about, as `kind:id` (`person:kari`, `year:2025`): the same
    # reference a deadline carries, so a deadline and the finding behind it can be matched
    subject: str | None = None

    def __post_init__(self) -> None:
        from digictl.output.escape import visible

        for name in ("message", "file", "entity", "subject"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, visible(value))

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.severity.rank, self.rule, self.message)

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "entity": self.entity,
            "subject": self.subject,
        }


@dataclass
class Result:
    """The outcome of checking a data directory."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    skipped: tuple[str, ...] = ()
    strict: bool = False  # warnings fail too (validate --strict)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def counts(self) -> dict[str, int]:
        return {s.value: self.count(s) for s in Severity}

    @property
    def ok(self) -> bool:
        return self.count(Severity.ERROR) == 0

    def failed(self, strict: bool = False) -> bool:
        if strict:
            return self.count(Severity.ERROR) + self.count(Severity.WARNING) > 0
        return not self.ok
