"""The CI files `digictl init` writes, read as YAML: what runs when, with which permissions,
pinned actions, untrusted values only through the environment, and zizmor clean.
(tests/cli/test_workflows.py runs their steps.)"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Invoke
from tests.cli.test_init import all_steps, job_steps, load_yaml, zizmor_findings

REQUIREMENT = "git+https://git.example.org/digictl@v0.2.0"
PINNED = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
INSTALL = 'pip install "${DIGICTL_REQUIREMENT}"'


@pytest.fixture
def scaffold(cli: Invoke, tmp_path: Path) -> Path:
    target = tmp_path / "digi-testland"
    args = ["init", target, "--name", "Digi Testland", "--host", "4601"]
    result = cli(*args, "--digictl-source", REQUIREMENT)
    assert result.exit_code == 0, result.output
    return target


def workflow(root: Path, name: str) -> dict[Any, Any]:
    doc: dict[Any, Any] = load_yaml(root / ".github/workflows" / name)
    return doc


def triggers(wf: dict[Any, Any]) -> Any:
    return wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as true


def runs(steps: list[dict[str, Any]]) -> str:
    return "\n".join(s.get("run", "") for s in steps)


def test_pull_request_workflow_jobs(scaffold: Path) -> None:
    wf = workflow(scaffold, "digictl.yml")
    on = triggers(wf)
    assert "push" in on and "pull_request" in on
    assert "pull_request_target" not in on and "workflow_run" not in on
    assert wf["concurrency"]["group"]
    assert set(wf["jobs"]) == {"validate", "diff", "comment"}
    assert wf["env"] == {"DIGICTL_REQUIREMENT": REQUIREMENT}  # written verbatim
    installs = [s["run"] for s in all_steps(wf) if "pip" in s.get("run", "")]
    assert installs == [INSTALL] * 3
    # validate: pushes to the default branch only
    validate = wf["jobs"]["validate"]
    assert "github.ref_name == github.event.repository.default_branch" in validate["if"]
    assert "github.event_name == 'push'" in validate["if"]
    assert "digictl --data data validate --format github" in runs(validate["steps"])


def test_diff_job_always_uploads_and_records_its_status(scaffold: Path) -> None:
    wf = workflow(scaffold, "digictl.yml")
    diff = wf["jobs"]["diff"]
    assert diff["if"] == "github.event_name == 'pull_request'"
    steps = job_steps(wf, "diff")
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # diff needs the base branch's history
    [step] = [s for s in steps if s.get("id") == "diff"]
    assert '"origin/${BASE_REF}" --format md > digictl-diff.md || status=$?' in step["run"]
    assert 'echo "status=${status}" >> "$GITHUB_OUTPUT"' in step["run"]
    assert step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert diff["outputs"]["status"] == "${{ steps.diff.outputs.status }}"
    upload = next(s for s in steps if "upload-artifact" in str(s.get("uses", "")))
    assert upload["if"] == "always()" and upload["with"]["path"] == "digictl-diff.md"


def test_comment_job_runs_always_and_fails_on_any_status_but_0(scaffold: Path) -> None:
    wf = workflow(scaffold, "digictl.yml")
    comment = wf["jobs"]["comment"]
    assert comment["needs"] == "diff"
    assert comment["if"] == "always() && github.event_name == 'pull_request'"
    steps = comment["steps"]
    [post] = [s for s in steps if "ci comment" in s.get("run", "")]
    assert post["run"] == "digictl ci comment digictl-diff.md"
    assert post["env"] == {"GITHUB_TOKEN": "${{ github.token }}"}
    last = steps[-1]
    assert last is not post and last["if"] == "always()"
    assert last["env"] == {"STATUS": "${{ needs.diff.outputs.status }}"}
    assert re.search(r"^\s*0\) echo", last["run"], re.MULTILINE)
    assert last["run"].count("exit 1") == 2  # status 1, and anything else


def test_github_permissions_are_least(scaffold: Path) -> None:
    wf = workflow(scaffold, "digictl.yml")
    assert wf["permissions"] == {}
    assert wf["jobs"]["validate"]["permissions"] == {"contents": "read"}
    assert wf["jobs"]["diff"]["permissions"] == {"contents": "read"}
    comment = wf["jobs"]["comment"]
    assert comment["permissions"] == {"pull-requests": "write"}
    # the job that may write checks out nothing and runs digictl only to post the comment
    assert not any("checkout" in str(s.get("uses", "")) for s in comment["steps"])
    commands = re.findall(r"^\s*(digictl [^\n]*)", runs(comment["steps"]), re.MULTILINE)
    assert commands == ["digictl ci comment digictl-diff.md"]
    deadlines = workflow(scaffold, "digictl-deadlines.yml")
    assert deadlines["permissions"] == {}
    [job] = deadlines["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}


def test_deadlines_workflow(scaffold: Path) -> None:
    wf = workflow(scaffold, "digictl-deadlines.yml")
    on = triggers(wf)
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert len(on["schedule"]) == 1 and on["schedule"][0]["cron"]
    assert wf["env"] == {"DIGICTL_REQUIREMENT": REQUIREMENT}
    [job] = wf["jobs"].values()
    [track] = [s for s in job["steps"] if "ci track" in s.get("run", "")]
    assert track["run"] == "digictl --data data ci track"
    assert track["env"] == {"GITHUB_TOKEN": "${{ github.token }}"}
    assert INSTALL in runs(job["steps"])


@pytest.mark.parametrize("name", ["digictl.yml", "digictl-deadlines.yml"])
def test_every_action_is_pinned_and_no_expression_reaches_a_script(
    scaffold: Path, name: str
) -> None:
    text = (scaffold / ".github/workflows" / name).read_text(encoding="utf-8")
    uses = [ln for ln in text.splitlines() if "uses:" in ln]
    assert uses
    for line in uses:
        assert PINNED.match(line), line
    wf = workflow(scaffold, name)
    checkouts = [s for s in all_steps(wf) if str(s.get("uses", "")).startswith("actions/checkout")]
    assert checkouts and all(s["with"]["persist-credentials"] is False for s in checkouts)
    assert all("${{" not in s.get("run", "") for s in all_steps(wf))


def test_gitlab_ci(scaffold: Path) -> None:
    ci = load_yaml(scaffold / ".gitlab-ci.yml")
    jobs = {k: v for k, v in ci.items() if isinstance(v, dict) and "script" in v}
    assert set(jobs) == {"digictl-validate", "digictl-diff", "digictl-deadlines"}
    assert ci["variables"] == {"DIGICTL_REQUIREMENT": REQUIREMENT}
    assert set(ci["stages"]) >= {job["stage"] for job in jobs.values()}
    rules = {name: [r["if"] for r in job["rules"]] for name, job in jobs.items()}
    assert rules == {
        "digictl-validate": [
            '$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH'
        ],
        "digictl-diff": ['$CI_PIPELINE_SOURCE == "merge_request_event"'],
        "digictl-deadlines": ['$CI_PIPELINE_SOURCE == "schedule"'],
    }
    for name, job in jobs.items():
        assert all(isinstance(line, str) for line in job["script"]), name  # no `: ` mapping
        assert job["script"][0] == INSTALL
        # variables (the target branch's name among them) reach the shell only in double quotes
        for line in job["script"]:
            assert "$" not in re.sub(r'"[^"]*"', "", line), line
    diff = "\n".join(jobs["digictl-diff"]["script"])
    assert "--format md > digictl-diff.md" in diff
    assert 'if [ -n "${DIGICTL_GITLAB_TOKEN}" ]; then digictl ci comment digictl-diff.md' in diff
    assert "digictl --data data ci track" in jobs["digictl-deadlines"]["script"]
    text = (scaffold / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "project access token" in text and "masked, protected" in text


def test_zizmor_finds_nothing_in_the_generated_workflows(scaffold: Path) -> None:
    findings = zizmor_findings(scaffold / ".github/workflows")
    assert findings == [], [f["ident"] for f in findings]
    audited = sorted(p.name for p in (scaffold / ".github/workflows").iterdir())
    assert audited == ["digictl-deadlines.yml", "digictl.yml"]
