"""Reviews: both sides checked, findings introduced and resolved, the change rules
(amendment-required, history-rewrite) and the review reporters (md, json, text)."""

from __future__ import annotations

import io
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from digictl.findings import Finding, Result, Severity
from digictl.history.changes import EntityChange
from digictl.history.review import Review, review
from digictl.load.dataset import DirectorySource
from digictl.output.findings import (
    FORMATS,
    result_formats,
    review_formats,
    write_result,
    write_review,
)
from digictl.output.findings.review import MARKER, markdown
from tests.conftest import BASE, BASE_AS_OF
from tests.test_gitrepo import AGREEMENT, BOARD, FELLES, NEW_AMENDMENT


class Pair:
    """Two copies of the base partnership: ``before`` stays, ``after`` is edited."""

    def __init__(self, root: Path) -> None:
        self.before = root / "before" / "data"
        self.after = root / "after" / "data"
        shutil.copytree(BASE, self.before)
        shutil.copytree(BASE, self.after)

    def replace(self, rel: str, old: str, new: str, side: str = "after") -> None:
        path = getattr(self, side) / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not once in {rel}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def append(self, rel: str, text: str) -> None:
        path = self.after / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    def review(self, as_of: date = BASE_AS_OF, skip: tuple[str, ...] = ()) -> Review:
        return review(
            DirectorySource(self.before),
            DirectorySource(self.after),
            as_of,
            skip,
            base_label="base",
            head_label="head",
        )


@pytest.fixture
def pair(tmp_path: Path) -> Pair:
    return Pair(tmp_path)


def rules_of(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


# --- review --------------------------------------------------------------------------------


def test_no_change_no_findings(pair: Pair) -> None:
    r = pair.review()
    assert (r.changes, r.introduced, r.resolved, r.failed) == ([], [], [], False)
    assert r.summary() == (
        "0 entities changed (base → head); introduces 0 errors, 0 warnings; resolves 0 findings"
    )


def test_removing_the_budget_decision_of_an_active_project_fails(pair: Pair) -> None:
    pair.replace(FELLES, "  decision: SG-2021-03\n", "")
    r = pair.review()
    assert r.failed
    [finding] = r.introduced
    assert (finding.rule, finding.severity, finding.entity) == (
        "project-mandate",
        Severity.ERROR,
        "project:felles-arkiv",
    )
    assert "felles-arkiv" in finding.message
    [change] = r.changes
    assert change.sentences == ["`felles-arkiv` loses its budget decision `SG-2021-03`"]
    assert r.summary() == (
        "1 entity changed (base → head); introduces 1 error, 0 warnings; resolves 0 findings"
    )


def test_a_new_milestone_introduces_nothing(pair: Pair) -> None:
    pair.replace(
        FELLES,
        "    due: 2024-03-01\n",
        "    due: 2024-03-01\n  - name: Evaluering\n    due: 2024-05-31\n",
    )
    r = pair.review()
    assert not r.failed
    assert r.introduced == []
    assert [s for c in r.changes for s in c.sentences] == [
        "new milestone 'Evaluering' of `felles-arkiv` due 31 May 2024"
    ]


def test_a_fix_is_resolved_and_an_old_error_is_not_introduced(pair: Pair) -> None:
    pair.replace(FELLES, "  decision: SG-2021-03\n", "", side="before")
    # the base is broken; an unrelated change keeps it broken: nothing new
    pair.replace(FELLES, "  decision: SG-2021-03\n", "")
    pair.replace(
        "projects/ideverksted.yaml", "name: Idéverkstad for tenestedesign", "name: Idéverkstad"
    )
    r = pair.review()
    assert r.introduced == []
    assert r.resolved == []
    assert not r.failed
    assert rules_of(r.existing) == ["project-mandate"]  # the base's error, shown apart
    # mending it resolves the finding
    fixed = Pair(pair.before.parent.parent / "again")
    fixed.replace(FELLES, "  decision: SG-2021-03\n", "", side="before")
    r2 = fixed.review()
    assert rules_of(r2.resolved) == ["project-mandate"]
    assert r2.introduced == []
    assert "resolves 1 finding" in r2.summary()


def base_broken_review(pair: Pair) -> Review:
    """The base lacks a budget decision (an error it has already); the head keeps it so
    and renames another project."""
    pair.replace(FELLES, "  decision: SG-2021-03\n", "", side="before")
    pair.replace(FELLES, "  decision: SG-2021-03\n", "")
    pair.replace(
        "projects/ideverksted.yaml", "name: Idéverkstad for tenestedesign", "name: Idéverkstad"
    )
    return pair.review()


def test_existing_errors_are_listed_apart_and_never_fail(pair: Pair) -> None:
    r = base_broken_review(pair)
    assert not r.failed and r.introduced == []
    [existing] = r.existing
    assert (existing.rule, existing.severity) == ("project-mandate", Severity.ERROR)
    doc = json.loads(render("json", r))
    assert doc["ok"] is True
    assert [f["rule"] for f in doc["existing"]] == ["project-mandate"]
    assert doc["existing"][0] == existing.as_dict()


def test_markdown_shows_introduced_then_resolved_then_existing(pair: Pair) -> None:
    pair.replace(FELLES, "  decision: SG-2021-03\n", "", side="before")
    pair.replace(FELLES, "  decision: SG-2021-03\n", "")
    pair.replace("projects/ideverksted.yaml", "name: Idéverkstad for tenestedesign", "name: X")
    r = pair.review()
    r.introduced = [Finding("rule-a", Severity.ERROR, "new one", "a.yaml", 1)]
    r.resolved = [Finding("rule-b", Severity.WARNING, "gone one", "b.yaml", 2)]
    text = markdown(r)
    assert text.startswith(MARKER + "\n❌ ")
    assert "ℹ️ 1 error already on base, not caused by this change (listed below)." in text
    titles = re.findall(r"<details(?: open)?><summary>([^<]*)</summary>", text)
    assert titles == [
        "Findings introduced (1)",
        "Findings resolved (1)",
        "Errors already on base (not caused by this change) (1)",
        "Changes (1 entity)",
    ]
    block = text.split("Errors already on base")[1].split("</details>")[0]
    assert "`project-mandate`" in block and "new one" not in block
    assert "<details><summary>Errors already on" in text  # collapsed
    assert text.count("<details") == text.count("</details>")


def test_text_lists_the_existing_errors_apart(pair: Pair) -> None:
    text = render("text", base_broken_review(pair))
    assert "errors already there before (base), not caused by the change" in text
    assert "findings introduced" not in text
    assert "(project-mandate)" in text.split("errors already there before")[1]


def test_a_clean_base_has_no_existing_block(pair: Pair) -> None:
    pair.replace(FELLES, "  decision: SG-2021-03\n", "")
    r = pair.review()
    assert r.existing == []
    text = markdown(r)
    assert "already on" not in text
    assert text.splitlines()[2] == "" and text.splitlines()[3].startswith("- ")


def test_skip_switches_rules_off_on_both_sides(pair: Pair) -> None:
    pair.replace(FELLES, "  decision: SG-2021-03\n", "")
    assert not pair.review(skip=("project-mandate",)).failed


# --- amendment-required ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "term"),
    [
        ("until: 2024-12-31", "until: 2025-12-31", "until"),
        ("effective: 2021-01-01", "effective: 2021-02-01", "effective"),
        ("amendment_rule: unanimous\n", "", "amendment_rule"),  # the schema allows only unanimous
        ("  due: 2023-03-31", "  due: 2023-06-30", "evaluation"),
    ],
)
def test_changing_terms_without_an_amendment_is_amendment_required(
    pair: Pair, old: str, new: str, term: str
) -> None:
    pair.replace(AGREEMENT, old, new)
    r = pair.review()
    found = [f for f in r.introduced if f.rule == "amendment-required"]
    assert len(found) == 1, r.introduced
    assert found[0].severity is Severity.ERROR
    assert f"changes `{term}`" in found[0].message
    assert found[0].entity == "agreement:avtale-2021"
    assert found[0].file == "data/agreements/avtale-2021.yaml"
    assert r.failed


def test_changing_until_with_a_new_amendment_is_fine(pair: Pair) -> None:
    pair.replace(AGREEMENT, "until: 2024-12-31", "until: 2025-12-31")
    pair.append(AGREEMENT, NEW_AMENDMENT)
    r = pair.review()
    assert "amendment-required" not in rules_of(r.introduced)
    assert not r.failed
    [change] = r.changes
    assert change.sentences == [
        "`avtale-2021` now ends on 31 December 2025 (was 31 December 2024)",
        "amendment `endring-2` of `avtale-2021` on 1 June 2023: Avtala forlenga til 2025",
    ]


def test_amendment_required_points_at_the_changed_line(pair: Pair) -> None:
    pair.replace(AGREEMENT, "until: 2024-12-31", "until: 2025-12-31")
    [finding] = [f for f in pair.review().introduced if f.rule == "amendment-required"]
    lines = (pair.after / AGREEMENT).read_text(encoding="utf-8").splitlines()
    assert finding.line == lines.index("until: 2025-12-31") + 1


# --- history-rewrite ------------------------------------------------------------------------------

BJORN = "  - person: bjorn-fjord\n    seat: regional\n    from: 2021-01-01\n    until: 2022-06-30\n"
BJORNAFJORDEN = (
    "  - org: bjornafjorden\n    joined: 2021-01-01\n"
    "    decision: Kommunestyret 15.12.20 sak 120/20\n"
)


def history(r: Review) -> list[Finding]:
    return [f for f in r.introduced if f.rule == "history-rewrite"]


def test_deleting_a_member_entry_is_history_rewrite(pair: Pair) -> None:
    pair.replace(BOARD, BJORN, "")
    [finding] = history(pair.review())
    assert finding.severity is Severity.WARNING
    assert "`bjorn-fjord`" in finding.message
    assert "until" in finding.message
    assert finding.entity == "body:styringsgruppa"


def test_ending_a_member_with_until_is_not_history_rewrite(pair: Pair) -> None:
    pair.replace(
        BOARD,
        "  - person: anders-ask\n    seat: regional\n    from: 2023-01-01\n",
        "  - person: anders-ask\n    seat: regional\n    from: 2023-01-01\n    until: 2023-06-30\n",
    )
    r = pair.review()
    assert history(r) == []
    assert [s for c in r.changes for s in c.sentences] == [
        "`anders-ask` leaves `styringsgruppa` (seat `regional`) on 30 June 2023"
    ]


def test_removing_a_party_is_history_rewrite(pair: Pair) -> None:
    pair.replace(AGREEMENT, BJORNAFJORDEN, "")
    [finding] = history(pair.review())
    assert "party `bjornafjorden`" in finding.message
    assert "`left`" in finding.message
    assert finding.entity == "agreement:avtale-2021"


def test_recording_left_is_not_history_rewrite(pair: Pair) -> None:
    pair.replace(AGREEMENT, BJORNAFJORDEN, BJORNAFJORDEN + "    left: 2023-12-31\n")
    r = pair.review()
    assert history(r) == []
    assert (
        "`bjornafjorden` leaves the agreement `avtale-2021` on 31 December 2023"
        in r.changes[0].sentences
    )


def test_changing_a_past_decision_is_history_rewrite(pair: Pair) -> None:
    pair.replace(
        "meetings/2023-03-13-styringsgruppa.yaml",
        "title: Årsrapport 2022",
        "title: Årsrapport 2022 (retta)",
    )
    [finding] = history(pair.review())
    assert "`SG-2023-02`" in finding.message
    assert "changed" in finding.message


def test_changing_a_past_outcome_is_history_rewrite(pair: Pair) -> None:
    pair.replace(
        "meetings/2023-06-05-styringsgruppa.yaml", "outcome: consensus", "outcome: majority"
    )
    assert ["`SG-2023-04`" in f.message for f in history(pair.review())] == [True]


def test_removing_a_past_decision_is_history_rewrite(pair: Pair) -> None:
    pair.replace(
        "meetings/2023-06-05-styringsgruppa.yaml",
        "  - id: SG-2023-04\n    title: Statusrapport for porteføljen\n    item: 3/23\n"
        "    text: Styringsgruppa tek statusrapporten til vitande.\n    outcome: consensus\n",
        "  - id: SG-2023-05\n    title: Noko anna\n    outcome: consensus\n",
    )
    [finding] = history(pair.review())
    assert "`SG-2023-04`" in finding.message
    assert "removed" in finding.message


def test_removing_a_past_meeting_file_is_history_rewrite(pair: Pair) -> None:
    (pair.after / "meetings/2023-06-05-styringsgruppa.yaml").unlink()
    r = pair.review()
    [finding] = history(r)
    assert "`SG-2023-04`" in finding.message
    assert finding.file == "data/meetings/2023-06-05-styringsgruppa.yaml"
    assert [(c.entity, c.change) for c in r.changes] == [
        ("meeting:2023-06-05-styringsgruppa", "removed")
    ]


def test_a_meeting_not_yet_held_may_change(pair: Pair) -> None:
    pair.replace(
        "meetings/2023-06-05-styringsgruppa.yaml",
        "title: Statusrapport for porteføljen\n    item",
        "title: Anna sak\n    item",
    )
    # as of a day before the meeting, its decisions are a draft
    assert history(pair.review(as_of=date(2023, 6, 1))) == []
    assert len(history(pair.review())) == 1


def test_history_rewrite_is_a_warning_not_a_failure(pair: Pair) -> None:
    pair.replace(BOARD, BJORN, "")
    r = pair.review()
    assert not r.failed
    assert "introduces 0 errors, 1 warning" in r.summary()


# --- reporters ------------------------------------------------------------------------------------


def render(name: str, r: Review) -> str:
    out = io.StringIO()
    write_review(name, r, out)
    return out.getvalue()


def test_one_registry_holds_the_formats_of_validate_and_diff() -> None:
    from digictl.cli.diff import DiffFormat
    from digictl.cli.validate import ValidateFormat

    assert set(result_formats()) == {f.value for f in ValidateFormat}
    assert set(review_formats()) == {f.value for f in DiffFormat}
    assert set(FORMATS) == {"text", "json", "github", "junit", "md"}
    assert {name for name, f in FORMATS.items() if f.result and f.review} == {"json", "text"}


def test_a_format_writes_only_what_it_knows() -> None:
    empty = Review("base", "head", [], [], [])
    with pytest.raises(ValueError, match="'junit' does not write changes"):
        write_review("junit", empty, io.StringIO())
    with pytest.raises(ValueError, match="'md' does not write validation results"):
        write_result("md", Result(), io.StringIO())
    with pytest.raises(ValueError, match="'yaml' does not write changes"):
        write_review("yaml", empty, io.StringIO())


def test_json_reporter_shape(pair: Pair) -> None:
    pair.replace(FELLES, "  decision: SG-2021-03\n", "")
    doc = json.loads(render("json", pair.review()))
    assert set(doc) == {
        "version",
        "base",
        "head",
        "ok",
        "summary",
        "changes",
        "introduced",
        "resolved",
        "existing",
    }
    assert doc["existing"] == []
    assert (doc["version"], doc["base"], doc["head"], doc["ok"]) == (1, "base", "head", False)
    [change] = doc["changes"]
    assert set(change) == {"entity", "change", "file", "line", "summary", "fields"}
    assert change["fields"] == [{"path": "budget.decision", "before": "SG-2021-03", "after": None}]
    assert doc["introduced"][0]["rule"] == "project-mandate"
    assert set(doc["introduced"][0]) == {
        "rule",
        "severity",
        "message",
        "file",
        "line",
        "entity",
        "subject",
    }


def test_text_reporter(pair: Pair) -> None:
    pair.replace(FELLES, "  decision: SG-2021-03\n", "")
    text = render("text", pair.review())
    assert text.splitlines()[0].startswith("1 entity changed (base → head); introduces 1 error")
    assert "project:felles-arkiv" in text
    assert "`felles-arkiv` loses its budget decision `SG-2021-03`" in text
    assert "(project-mandate)" in text


def test_markdown_starts_with_the_marker_and_one_summary_line(pair: Pair) -> None:
    pair.replace(FELLES, "  decision: SG-2021-03\n", "")
    r = pair.review()
    text = render("md", r)
    lines = text.splitlines()
    assert lines[0] == MARKER == "<!-- digictl-diff -->"
    assert lines[1] == f"❌ **digictl**: {r.summary()}"
    assert lines[2] == ""
    assert "- `felles-arkiv` loses its budget decision `SG-2021-03`" in lines
    assert "<details open><summary>Findings introduced (1)</summary>" in lines
    assert "<details><summary>Changes (1 entity)</summary>" in text
    assert text.count("<details") == text.count("</details>")
    assert "cut here" not in text


def test_markdown_of_a_clean_change_is_green(pair: Pair) -> None:
    pair.replace(
        FELLES, "    due: 2024-03-01\n", "    due: 2024-03-01\n  - name: X\n    due: 2024-05-31\n"
    )
    text = markdown(pair.review())
    assert text.splitlines()[1].startswith("✅ **digictl**: 1 entity changed")
    assert "Findings introduced" not in text


def big_review(
    n: int = 200, sentence: str = "new project `p{i}` (active, owner `askoy`)"
) -> Review:
    changes = [
        EntityChange(
            f"project:p{i}", "added", f"data/projects/p{i}.yaml", 1, [sentence.format(i=i)]
        )
        for i in range(n)
    ]
    findings = [
        Finding(
            "project-mandate",
            Severity.ERROR,
            f"project `p{i}` is active, but no programme-board decision approves its mandate",
            f"data/projects/p{i}.yaml",
            1,
            f"project:p{i}",
        )
        for i in range(n)
    ]
    return Review("main (0123456789)", "working tree", changes, findings, [])


def test_markdown_is_cut_at_the_limit() -> None:
    r = big_review()
    full = markdown(r)
    assert len(full) > 2000
    assert "cut here" not in full
    text = markdown(r, limit=2000)
    assert len(text) <= 2000
    lines = text.splitlines()
    assert lines[0] == MARKER
    assert lines[1] == f"❌ **digictl**: {r.summary()}"
    assert sum(1 for ln in lines if "**digictl**" in ln) == 1
    assert "<details" in text
    assert re.search(
        r"… cut here: \d+ more lines\. Run `digictl diff` locally for everything\.", text
    )
    assert text.count("<details") == text.count("</details>")
    # the headline lists at most ten sentences
    assert sum(1 for ln in lines[3:14] if ln.startswith("- new project")) == 10


def test_markdown_stays_within_the_limit_with_long_sentences() -> None:
    # decision titles and names come from the data: a long one must not push the comment
    # over the limit
    r = big_review(n=40, sentence="decision removed: `SG-{i}` " + "ein lang tittel " * 40)
    text = markdown(r, limit=2000)
    assert text.startswith(MARKER + "\n")
    assert len(text) <= 2000


def test_markdown_details_stay_balanced_when_cut_between_sections() -> None:
    # 10 findings and 7 changes at 1500 characters: the cut falls just after the findings block
    r = big_review(n=7)
    r.introduced = [
        Finding(
            "project-mandate",
            Severity.ERROR,
            f"project `p{i}` is active",
            f"data/projects/p{i}.yaml",
            1,
        )
        for i in range(10)
    ]
    text = markdown(r, limit=1500)
    assert "cut here" in text
    assert text.count("<details") == text.count("</details>")
