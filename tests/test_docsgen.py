"""The generated docs in docs/ are up to date with the rule registry and the schemas."""

from __future__ import annotations

import pytest

from digictl.output import docsgen
from digictl.rules import RULES
from tests.conftest import ROOT


@pytest.mark.parametrize("name", sorted(docsgen.GENERATED))
def test_generated_docs_are_up_to_date(name: str) -> None:
    on_disk = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert on_disk == docsgen.GENERATED[name](), f"docs/{name} is stale: run `make docs`"


def test_every_rule_is_documented_with_a_remedy() -> None:
    text = docsgen.rules_md()
    for r in RULES.values():
        assert f"`{r.id}`" in text
        assert r.fix, f"rule {r.id} has no `fix` text"
