"""The words of the meeting documents and the list of decisions: every key they use is in the
reports' catalogues (templates/messages/*.json) in every language, and every value the data
may hold (an outcome, an item kind, an approval method, a deadline kind) has its words."""

from __future__ import annotations

import json
import re

import pytest

from digictl.facts.deadlines import KINDS as DEADLINE_KINDS
from digictl.output.reports.i18n import catalogue
from digictl.vocabulary import LANGUAGES
from tests.conftest import ROOT

SOURCES = [
    *(ROOT / "src/digictl/output/meetings").glob("*.py"),
    ROOT / "src/digictl/output/reports/decisions.py",
    *(ROOT / "templates/meetings").iterdir(),
]


def _schema_enum(*path: str) -> list[str]:
    node = json.loads((ROOT / "schemas/meeting.schema.json").read_text(encoding="utf-8"))
    for key in path:
        node = node[key]
    values: list[str] = node["enum"]
    return values


def test_every_key_used_exists() -> None:
    used = {
        key
        for path in SOURCES
        for key in re.findall(r"""\bt\(\s*["']([a-z_.-]+)["']""", path.read_text("utf-8"))
    }
    assert "doc.minutes_ref" in used and "doc.proposal" in used
    for lang in LANGUAGES:
        assert used <= set(catalogue(lang)), (lang, sorted(used - set(catalogue(lang))))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_value_has_its_words(lang: str) -> None:
    words = catalogue(lang)
    decision = ("properties", "decisions", "items", "properties")
    for outcome in _schema_enum(*decision, "outcome"):
        for prefix in ("outcome", "doc.outcome", "decisions.outcome"):
            assert f"{prefix}.{outcome}" in words
    agenda = ("properties", "agenda", "items", "properties")
    for kind in _schema_enum(*agenda, "kind"):
        assert f"item.{kind}" in words
    node = json.loads((ROOT / "schemas/meeting.schema.json").read_text(encoding="utf-8"))
    methods = node["properties"]["minutes"]["oneOf"][1]["properties"]["method"]["enum"]
    assert methods and all(f"doc.method.{m}" in words for m in methods)
    for kind in DEADLINE_KINDS:
        assert f"kind.{kind}" in words
    for day in range(7):
        assert f"doc.weekday.{day}" in words


def test_nynorsk_documents_are_nynorsk() -> None:
    nn = " ".join(v for k, v in catalogue("nn").items() if k.startswith(("doc.", "item.")))
    for word in ("innkalling", "saksliste", "til stades", "forfall", "varamedlemmar"):
        assert word in nn.lower(), word
    for word in ("vedtaksført", "inhabil", "fråtredde", "godkjend", "ikkje", "framlegg"):
        assert word in nn.lower(), word
