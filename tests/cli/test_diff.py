"""`digictl diff [BASE] [HEAD]` on scratch git repositories (DESIGN §6, §7).

Each test makes its own repository (tests.test_gitrepo.Scratch): the clean base
partnership in `<repo>/data`, committed on `main`, as of 2023-06-15.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import AS_OF, Invoke, one_line
from tests.conftest import BASE
from tests.test_gitrepo import (
    AGREEMENT,
    BOARD,
    BUDGET_DECISION,
    DIGICTL,
    FELLES,
    GIT_ENV,
    LAST_MILESTONE,
    NEW_AMENDMENT,
    NEW_MILESTONE,
    Scratch,
    inside_git,
)


@pytest.fixture(autouse=True)
def _git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def scratch(tmp_path: Path) -> Scratch:
    return Scratch(tmp_path / "repo")


def diff_json(cli: Invoke, s: Scratch, *revs: str, code: int | None = None) -> dict[str, Any]:
    result = cli("--as-of", AS_OF, "--data", s.data, "diff", *revs, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    if code is not None:
        assert result.exit_code == code, result.stdout
    doc: dict[str, Any] = json.loads(result.stdout)
    assert doc["ok"] is (result.exit_code == 0)
    return doc


def entities(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["entity"], c["change"]) for c in doc["changes"]]


def rules(findings: list[dict[str, Any]]) -> list[str]:
    return [f["rule"] for f in findings]


# --- the cases ---------------------------------------------------------------------------


def test_removing_a_budget_decision_against_head_exits_1_and_names_the_project(
    cli: Invoke, scratch: Scratch
) -> None:
    scratch.replace(FELLES, BUDGET_DECISION, "")
    result = cli("--as-of", AS_OF, "--data", scratch.data, "diff", "HEAD")
    assert result.exit_code == 1, result.output
    assert "felles-arkiv" in result.stdout
    assert "project-mandate" in result.stdout
    assert "loses its budget decision `SG-2021-03`" in result.stdout
    assert result.stdout.splitlines()[0].startswith(
        f"1 entity changed (HEAD ({scratch.base[:10]}) → working tree); introduces 1 error"
    )


def test_removing_a_budget_decision_json(cli: Invoke, scratch: Scratch) -> None:
    scratch.replace(FELLES, BUDGET_DECISION, "")
    doc = diff_json(cli, scratch, "HEAD", code=1)
    assert doc["version"] == 1
    assert doc["head"] == "working tree"
    assert doc["base"] == f"HEAD ({scratch.base[:10]})"
    assert entities(doc) == [("project:felles-arkiv", "changed")]
    [finding] = doc["introduced"]
    assert finding["rule"] == "project-mandate"
    assert finding["severity"] == "error"
    assert finding["entity"] == "project:felles-arkiv"
    assert finding["file"] == "data/projects/felles-arkiv.yaml"


def test_committed_change_between_two_revisions(cli: Invoke, scratch: Scratch) -> None:
    scratch.replace(FELLES, BUDGET_DECISION, "")
    second = scratch.commit("drop the budget decision")
    doc = diff_json(cli, scratch, "HEAD~1", "HEAD", code=1)
    assert doc["base"] == f"HEAD~1 ({scratch.base[:10]})"
    assert doc["head"] == "HEAD"
    assert rules(doc["introduced"]) == ["project-mandate"]
    # by commit ids: named by their ids (the head shortened)
    by_sha = diff_json(cli, scratch, scratch.base, second, code=1)
    assert by_sha["base"] in (scratch.base, scratch.base[:10])
    assert by_sha["head"] == second[:10]
    # and the other way round the change fixes it
    back = diff_json(cli, scratch, "HEAD", "HEAD~1", code=0)
    assert rules(back["resolved"]) == ["project-mandate"]
    assert back["introduced"] == []


def test_diff_without_base_on_main_compares_with_head(cli: Invoke, scratch: Scratch) -> None:
    scratch.replace(FELLES, BUDGET_DECISION, "")
    result = cli("--as-of", AS_OF, "--data", scratch.data, "diff")
    assert result.exit_code == 1
    assert "felles-arkiv" in result.stdout


def test_adding_a_milestone_exits_0_and_reports_a_new_milestone(
    cli: Invoke, scratch: Scratch
) -> None:
    scratch.replace(FELLES, LAST_MILESTONE, NEW_MILESTONE)
    result = cli("--as-of", AS_OF, "--data", scratch.data, "diff", "HEAD")
    assert result.exit_code == 0, result.output
    assert "new milestone 'Evaluering' of `felles-arkiv` due 31 May 2024" in result.stdout
    doc = diff_json(cli, scratch, "HEAD", code=0)
    assert doc["introduced"] == []
    assert doc["changes"][0]["summary"] == [
        "new milestone 'Evaluering' of `felles-arkiv` due 31 May 2024"
    ]


def test_editing_until_without_an_amendment_is_amendment_required(
    cli: Invoke, scratch: Scratch
) -> None:
    scratch.replace(AGREEMENT, "until: 2024-12-31", "until: 2025-12-31")
    doc = diff_json(cli, scratch, "HEAD", code=1)
    assert rules(doc["introduced"]) == ["amendment-required"]
    [finding] = doc["introduced"]
    assert finding["entity"] == "agreement:avtale-2021"
    assert "`until` from 31 December 2024 to 31 December 2025" in finding["message"]
    assert finding["line"] == scratch.text(AGREEMENT).splitlines().index("until: 2025-12-31") + 1


def test_editing_until_with_a_new_amendment_is_not_amendment_required(
    cli: Invoke, scratch: Scratch
) -> None:
    scratch.replace(AGREEMENT, "until: 2024-12-31", "until: 2025-12-31")
    scratch.write(AGREEMENT, scratch.text(AGREEMENT) + NEW_AMENDMENT)
    doc = diff_json(cli, scratch, "HEAD", code=0)
    assert "amendment-required" not in rules(doc["introduced"])
    assert doc["changes"][0]["summary"] == [
        "`avtale-2021` now ends on 31 December 2025 (was 31 December 2024)",
        "amendment `endring-2` of `avtale-2021` on 1 June 2023: Avtala forlenga til 2025",
    ]


def test_amendment_required_also_between_commits(cli: Invoke, scratch: Scratch) -> None:
    scratch.replace(AGREEMENT, "until: 2024-12-31", "until: 2025-12-31")
    scratch.commit("extend the agreement")
    scratch.write(AGREEMENT, scratch.text(AGREEMENT) + NEW_AMENDMENT)
    scratch.commit("record the amendment afterwards")
    assert rules(diff_json(cli, scratch, "HEAD~2", "HEAD~1", code=1)["introduced"]) == [
        "amendment-required"
    ]
    # the whole branch: the amendment is there
    assert "amendment-required" not in rules(
        diff_json(cli, scratch, "HEAD~2", "HEAD")["introduced"]
    )


def test_deleting_a_member_entry_is_a_history_rewrite_warning(
    cli: Invoke, scratch: Scratch
) -> None:
    scratch.replace(
        BOARD,
        "  - person: bjorn-fjord\n    seat: regional\n    from: 2021-01-01\n"
        "    until: 2022-06-30\n",
        "",
    )
    doc = diff_json(cli, scratch, "HEAD", code=0)
    assert rules(doc["introduced"]) == ["history-rewrite"]
    [finding] = doc["introduced"]
    assert finding["severity"] == "warning"
    assert "`bjorn-fjord`" in finding["message"]
    assert finding["entity"] == "body:styringsgruppa"


def test_setting_until_on_a_member_is_no_history_rewrite(cli: Invoke, scratch: Scratch) -> None:
    scratch.replace(
        BOARD,
        "  - person: bodil-fjord\n    seat: regional\n    from: 2022-07-01\n",
        "  - person: bodil-fjord\n    seat: regional\n    from: 2022-07-01\n"
        "    until: 2023-06-30\n",
    )
    doc = diff_json(cli, scratch, "HEAD")
    assert "history-rewrite" not in rules(doc["introduced"])
    assert doc["changes"][0]["summary"] == [
        "`bodil-fjord` leaves `styringsgruppa` (seat `regional`) on 30 June 2023"
    ]


def test_removing_a_party_is_history_rewrite(cli: Invoke, scratch: Scratch) -> None:
    scratch.replace(
        AGREEMENT,
        "  - org: askoy\n    joined: 2021-01-01\n    decision: Kommunestyret 10.12.20 sak 88/20\n",
        "",
    )
    doc = diff_json(cli, scratch, "HEAD")
    history = [f for f in doc["introduced"] if f["rule"] == "history-rewrite"]
    assert len(history) == 1
    assert "party `askoy`" in history[0]["message"]
    assert "`left`" in history[0]["message"]


def test_recording_left_is_no_history_rewrite(cli: Invoke, scratch: Scratch) -> None:
    scratch.replace(
        AGREEMENT,
        "    decision: Kommunestyret 10.12.20 sak 88/20\n",
        "    decision: Kommunestyret 10.12.20 sak 88/20\n    left: 2023-12-31\n",
    )
    doc = diff_json(cli, scratch, "HEAD")
    assert "history-rewrite" not in rules(doc["introduced"])
    assert (
        "`askoy` leaves the agreement `avtale-2021` on 31 December 2023"
        in doc["changes"][0]["summary"]
    )


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        ("title: Årsrapport 2022", "title: Årsrapport 2021", "changed"),
        (
            "  - id: SG-2023-02\n    title: Årsrapport 2022\n    outcome: consensus\n"
            "    subjects: [year:2022]\n",
            "",
            "removed",
        ),
    ],
)
def test_changing_or_removing_a_past_decision_is_history_rewrite(
    cli: Invoke, scratch: Scratch, old: str, new: str, what: str
) -> None:
    scratch.replace("meetings/2023-03-13-styringsgruppa.yaml", old, new)
    scratch.commit(f"decision {what}")
    doc = diff_json(cli, scratch, "HEAD~1", "HEAD")
    history = [f for f in doc["introduced"] if f["rule"] == "history-rewrite"]
    assert len(history) == 1, doc["introduced"]
    assert "`SG-2023-02`" in history[0]["message"]
    assert what in history[0]["message"]
    assert history[0]["file"] == "data/meetings/2023-03-13-styringsgruppa.yaml"


# --- renames, branches, merges -------------------------------------------------------------------


def test_renamed_file_with_a_new_id_is_removed_and_added(cli: Invoke, scratch: Scratch) -> None:
    scratch.git("mv", f"data/{FELLES}", "data/projects/felles-sak-arkiv.yaml")
    scratch.replace("projects/felles-sak-arkiv.yaml", "id: felles-arkiv", "id: felles-sak-arkiv")
    scratch.commit("rename felles-arkiv")
    doc = diff_json(cli, scratch, "HEAD~1", "HEAD", code=1)
    assert entities(doc) == [
        ("project:felles-arkiv", "removed"),
        ("project:felles-sak-arkiv", "added"),
    ]
    assert doc["changes"][0]["summary"] == ["project `felles-arkiv` is removed"]
    assert doc["changes"][1]["summary"][0].startswith("new project `felles-sak-arkiv`")
    # the meetings still refer to the old id: that is what fails
    assert set(rules(doc["introduced"])) == {"ref"}
    assert all("felles-sak-arkiv" in f["message"] for f in doc["introduced"])


@pytest.fixture
def branches(scratch: Scratch) -> Scratch:
    """main: base, then ideverksted rejected. feature (from base): a new milestone."""
    scratch.diverge()
    return scratch


def test_diff_without_base_uses_the_merge_base_with_main(cli: Invoke, branches: Scratch) -> None:
    doc = diff_json(cli, branches, code=0)
    assert entities(doc) == [("project:felles-arkiv", "changed")]
    assert doc["base"] == branches.base[:10]
    # against main's tip, main's own change shows up (reversed)
    against_main = diff_json(cli, branches, "main")
    assert sorted(entities(against_main)) == [
        ("project:felles-arkiv", "changed"),
        ("project:ideverksted", "changed"),
    ]


def test_diff_without_base_after_merging_main(cli: Invoke, branches: Scratch) -> None:
    branches.git(
        "merge",
        "-q",
        "--no-edit",
        "main",
        GIT_AUTHOR_DATE="2023-02-01T12:00:00+00:00",
        GIT_COMMITTER_DATE="2023-02-01T12:00:00+00:00",
    )
    main_tip = branches.git("rev-parse", "main")
    doc = diff_json(cli, branches, code=0)
    assert entities(doc) == [("project:felles-arkiv", "changed")]
    assert doc["base"] == main_tip[:10]
    # with uncommitted work on top it is reported too, main's change still is not
    branches.replace(
        "projects/kompetanse.yaml", "name: Kompetanseprogram for leiarar", "name: Kompetanse"
    )
    doc = diff_json(cli, branches)
    assert entities(doc) == [("project:felles-arkiv", "changed"), ("project:kompetanse", "changed")]


def test_diff_run_from_inside_the_repository(branches: Scratch) -> None:
    # default --data ./data, the working directory is the repository
    result = subprocess.run(
        [*DIGICTL, "--as-of", AS_OF, "diff", "--format", "md"],
        cwd=branches.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "<!-- digictl-diff -->"
    assert lines[1].startswith("✅ **digictl**: 1 entity changed")
    assert "- new milestone 'Evaluering' of `felles-arkiv` due 31 May 2024" in lines
    assert "ideverksted" not in result.stdout


# --- formats -------------------------------------------------------------------------------------


def test_md_format_is_a_pull_request_comment(cli: Invoke, scratch: Scratch) -> None:
    scratch.replace(FELLES, BUDGET_DECISION, "")
    result = cli("--as-of", AS_OF, "--data", scratch.data, "diff", "HEAD", "--format", "md")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "<!-- digictl-diff -->"
    assert lines[1].startswith("❌ **digictl**: 1 entity changed")
    assert "<details open><summary>Findings introduced (1)</summary>" in lines
    assert any(
        ln.startswith("- **error** `project-mandate` data/projects/felles-arkiv.yaml:")
        for ln in lines
    )


def test_errors_from_time_on_the_base_are_existing_not_introduced(
    cli: Invoke, scratch: Scratch
) -> None:
    # three years on, the base has errors from time alone (terms, plans, reports)
    later = "2026-06-15"
    scratch.replace(FELLES, "name: Felles sak- og arkivsystem", "name: Felles arkiv")
    result = cli("--as-of", later, "--data", scratch.data, "diff", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.stdout
    doc = json.loads(result.stdout)
    assert doc["ok"] is True and doc["existing"]
    assert all(f["severity"] == "error" for f in doc["existing"])
    assert not [f for f in doc["introduced"] if f["severity"] == "error"]
    md = cli("--as-of", later, "--data", scratch.data, "diff", "HEAD", "--format", "md")
    assert md.exit_code == 0
    n = len(doc["existing"])
    summary = "<details><summary>Errors already on HEAD ("
    assert summary in md.stdout and f"(not caused by this change) ({n})</summary>" in md.stdout
    assert md.stdout.splitlines()[1].startswith("✅ ")


# --- refused input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["diff", "--", "-x"],
        ["diff", "--", "--output=/tmp/x"],
        ["diff", "HEAD", "--", "-x"],
        ["diff", "--", "-rf", "HEAD"],
    ],
)
def test_option_like_revisions_are_refused(cli: Invoke, scratch: Scratch, args: list[str]) -> None:
    result = cli("--as-of", AS_OF, "--data", scratch.data, *args)
    assert result.exit_code == 2
    assert "not an option" in one_line(result.stderr)
    assert result.stdout == ""


def test_option_like_at_is_refused(cli: Invoke, scratch: Scratch) -> None:
    result = cli("--data", scratch.data, "--at", "-rf", "validate")
    assert result.exit_code == 2
    assert "not an option" in one_line(result.stderr)


@pytest.mark.parametrize(
    "revs", [["nosuchbranch"], ["HEAD~3"], ["HEAD", "nosuchbranch"], ["main..HEAD"]]
)
def test_unknown_revisions_exit_2(cli: Invoke, scratch: Scratch, revs: list[str]) -> None:
    result = cli("--as-of", AS_OF, "--data", scratch.data, "diff", *revs)
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith("digictl: error: ")
    assert result.stdout == ""


def test_diff_refuses_at(cli: Invoke, scratch: Scratch) -> None:
    result = cli("--as-of", AS_OF, "--data", scratch.data, "--at", "HEAD", "diff")
    assert result.exit_code == 2
    assert "--at" in one_line(result.stderr)


def test_diff_outside_git_is_a_clear_error_but_validate_works(cli: Invoke, base_data: Path) -> None:
    if inside_git(base_data):
        pytest.skip("the temporary directory is inside a git repository")
    result = cli("--as-of", AS_OF, "--data", base_data, "diff")
    assert result.exit_code == 2
    assert "not inside a git repository" in one_line(result.stderr)
    assert cli("--as-of", AS_OF, "--data", base_data, "diff", "HEAD").exit_code == 2
    assert cli("--as-of", AS_OF, "--data", base_data, "validate").exit_code == 0


def test_diff_against_a_revision_without_the_data_dir(cli: Invoke, scratch: Scratch) -> None:
    scratch.git("rm", "-rq", "data")
    scratch.commit("data removed")
    result = cli("--as-of", AS_OF, "--data", scratch.data, "diff", "HEAD~1", "HEAD")
    assert result.exit_code == 2
    assert "no data/ directory" in one_line(result.stderr)


def test_diff_in_a_repository_without_commits(cli: Invoke, tmp_path: Path) -> None:
    # `git init` and the data, nothing committed yet: no base to compare with
    repo = tmp_path / "fresh"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    shutil.copytree(BASE, repo / "data")
    result = cli("--as-of", AS_OF, "--data", repo / "data", "diff")
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith("digictl: error: ")
    assert result.stdout == ""
