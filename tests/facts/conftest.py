"""Helpers for the facts tests: edit a copy of the base partnership and read its facts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from digictl.facts import Facts, facts_of
from digictl.findings import Finding
from digictl.load.dataset import DirectorySource, read_dataset
from digictl.model import Model, build
from digictl.rules.engine import check_source

REGIONAL = ("anders-ask", "aud-alver", "bodil-fjord")


def read_yaml(data: Path, rel: str) -> Any:
    return yaml.safe_load((data / rel).read_text(encoding="utf-8"))


class _NoAliases(yaml.SafeDumper):
    """Writes a value met twice in full: digictl refuses YAML anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(content: Any) -> str:
    return yaml.dump(content, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)


def write_yaml(data: Path, rel: str, content: Any) -> None:
    path = data / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(content), encoding="utf-8")


def edit_body(data: Path, body: str, **changes: Any) -> None:
    """Replace top-level keys (``members``, ``seats``, ...) of ``bodies/<body>.yaml``."""
    doc = read_yaml(data, f"bodies/{body}.yaml")
    doc.update(changes)
    write_yaml(data, f"bodies/{body}.yaml", doc)


def add_member(data: Path, body: str, **member: Any) -> None:
    doc = read_yaml(data, f"bodies/{body}.yaml")
    doc["members"].append(member)
    write_yaml(data, f"bodies/{body}.yaml", doc)


def change_member(data: Path, body: str, person: str, start: date, **changes: Any) -> None:
    """Change the entry of ``person`` starting on ``start``."""
    doc = read_yaml(data, f"bodies/{body}.yaml")
    entries = [m for m in doc["members"] if m["person"] == person and m["from"] == start]
    assert len(entries) == 1, f"no single entry of {person} from {start}"
    entries[0].update(changes)
    write_yaml(data, f"bodies/{body}.yaml", doc)


def add_decision(data: Path, body: str, day: date, ident: str, title: str) -> None:
    write_yaml(
        data,
        f"meetings/{day.isoformat()}-{body}.yaml",
        {"body": body, "date": day, "decisions": [{"id": ident, "title": title}]},
    )


def model_of(data: Path) -> Model:
    return build(read_dataset(DirectorySource(data)))


def facts(data: Path, as_of: date, horizon: int = 90) -> Facts:
    return facts_of(model_of(data), as_of, horizon)


def findings(data: Path, as_of: date, rule: str | None = None, horizon: int = 90) -> list[Finding]:
    checked = check_source(DirectorySource(data), as_of, horizon=horizon)
    return [f for f in checked.result.findings if rule is None or f.rule == rule]


class MemorySource:
    """The files of a data directory held in memory: relative path -> YAML text."""

    label = "data"

    def __init__(self, files: dict[str, str]) -> None:
        self._files = files

    def files(self) -> list[str]:
        return sorted(self._files)

    def read(self, rel: str) -> bytes:
        return self._files[rel].encode("utf-8")


def model_from(files: dict[str, Any]) -> Model:
    """A model from documents held in memory (each dumped as YAML)."""
    dataset = read_dataset(MemorySource({rel: dump(doc) for rel, doc in files.items()}))
    assert dataset.problems == [], dataset.problems
    return build(dataset)
