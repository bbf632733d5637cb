"""Data-driven rule cases: tests/cases/<rule>/<case>/.

Each case starts from the clean base partnership (tests/cases/_base), copies
the files under ``files/`` over it, deletes those listed in ``case.yaml`` and
runs every rule as of ``as_of``. The findings of the rule named by the folder
must be exactly those listed under ``expect`` (file, line, severity and a
piece of the message): a pass case expects none.

For the change rules, a ``before/`` folder (or ``previous: base``) gives the
earlier state the data is compared with, as in ``digictl diff``: the base plus
the files under ``before/``.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from digictl.load.dataset import DirectorySource, read_dataset
from digictl.model import build
from digictl.rules import RULES
from digictl.rules.engine import check_source, run_rules
from tests.conftest import BASE, BASE_AS_OF, CASES

CASE_DIRS = sorted(p for p in CASES.glob("*/*") if p.is_dir() and not p.parent.name.startswith("_"))


def _materialise(target: Path, overlay: Path, delete: list[str]) -> Path:
    data = target / "data"
    shutil.copytree(BASE, data)
    if overlay.is_dir():
        shutil.copytree(overlay, data, dirs_exist_ok=True)
    for rel in delete:
        (data / rel).unlink()
    return data


def _run(case: Path, tmp_path: Path) -> tuple[dict[str, Any], list[Any]]:
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8")) or {}
    data = _materialise(tmp_path, case / "files", spec.get("delete", []))
    as_of = spec.get("as_of", BASE_AS_OF)
    if isinstance(as_of, str):
        as_of = date.fromisoformat(as_of)
    horizon = spec.get("horizon", 90)
    if (case / "before").is_dir() or spec.get("previous"):
        before = _materialise(tmp_path / "before", case / "before", spec.get("delete_before", []))
        previous = build(read_dataset(DirectorySource(before)))
        dataset = read_dataset(DirectorySource(data))
        result = run_rules(
            dataset,
            build(dataset),
            as_of,
            horizon=horizon,
            previous=previous,
            previous_label="base",
        )
        return spec, result.findings
    checked = check_source(DirectorySource(data), as_of, horizon=horizon)
    return spec, checked.result.findings


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rule_case(case: Path, tmp_path: Path) -> None:
    rule_id = case.parent.name
    assert rule_id in RULES, f"case folder names unknown rule {rule_id!r}"
    spec, findings = _run(case, tmp_path)
    got = sorted(
        (f.file.removeprefix("data/"), f.line, f.severity.value, f.message)
        for f in findings
        if f.rule == rule_id
    )
    expected = sorted(
        (e["file"], e["line"], e.get("severity", RULES[rule_id].severity.value), e["message"])
        for e in spec.get("expect") or []
    )
    assert len(got) == len(expected), f"{rule_id}: expected {expected}, got {got}"
    for (gf, gl, gs, gm), (ef, el, es, em) in zip(got, expected, strict=True):
        assert (gf, gl, gs) == (ef, el, es), f"expected {(ef, el, es, em)}, got {(gf, gl, gs, gm)}"
        assert em in gm, f"message {gm!r} lacks {em!r}"


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    for rule_id in RULES:
        folder = CASES / rule_id
        cases = [p for p in folder.glob("*") if p.is_dir()] if folder.is_dir() else []
        kinds = set()
        for c in cases:
            spec = yaml.safe_load((c / "case.yaml").read_text(encoding="utf-8")) or {}
            kinds.add("fail" if spec.get("expect") else "pass")
        assert kinds == {"pass", "fail"}, f"rule {rule_id} needs a pass and a fail case: {kinds}"


def test_base_is_clean(tmp_path: Path) -> None:
    checked = check_source(DirectorySource(BASE), BASE_AS_OF)
    noisy = [f for f in checked.result.findings if f.severity.value != "info"]
    assert noisy == []
