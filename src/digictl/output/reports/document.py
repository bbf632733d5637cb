"""The records a report is made of: sections, tables and a timeline, plain data, no markup."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from digictl.facts import Facts, facts_of
from digictl.findings import Finding
from digictl.model import Model
from digictl.output.reports.i18n import Translator


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    empty: str = ""
    numeric: list[int] = field(default_factory=list)  # right-aligned column indexes


@dataclass
class Section:
    id: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[tuple[str, Table]] = field(default_factory=list)  # (caption, table)
    bullets: list[str] = field(default_factory=list)


@dataclass
class Bar:
    label: str
    start: date
    end: date
    css: str  # term, project, permanent, ...
    note: str = ""


@dataclass
class Timeline:
    title: str
    start: date
    end: date
    bars: list[Bar]
    today: date
    markers: list[tuple[date, str]] = field(default_factory=list)


@dataclass
class Report:
    kind: str
    lang: str
    title: str
    subtitle: str
    network: str
    as_of: date
    public: bool
    sections: list[Section]
    timeline: Timeline | None
    footer: str


@dataclass
class Inputs:
    """What a report is built from."""

    model: Model
    as_of: date
    t: Translator
    year: int
    public: bool = False
    within: int = 90
    findings_at: Callable[[date], list[Finding]] | None = None

    @property
    def facts(self) -> Facts:
        """The governance facts on the as-of date, with the report's horizon: a report reads
        every derived fact from here and derives none itself."""
        return facts_of(self.model, self.as_of, self.within)


# what a builder gives: the sections and, when there is one, the timeline
Built = tuple[list[Section], Timeline | None]
Builder = Callable[[Inputs], Built]
