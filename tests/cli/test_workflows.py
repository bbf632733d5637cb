"""The generated CI, run: each job's shell steps in order, as GitHub Actions and GitLab CI would.

A harness reads the workflow YAML that `digictl init` wrote and runs every `run:` step with
`bash --noprofile --norc -eo pipefail` in a clone of a scratch git repository, with the
environment the forge gives (workflow, job and step `env:`, GITHUB_OUTPUT, the event payload,
the API at a local stub that keeps comments and issues in memory). `uses:` steps are
simulated (checkout: a clone of the scratch repository; artifacts: a shared folder;
setup-python: nothing); `if:` conditions are evaluated for exactly the forms the templates
use, and any other form fails the test. The install step really runs
`pip install "${DIGICTL_REQUIREMENT}"`, with the requirement pointing at a wheel of this
project built once per session and installed into a fresh virtual environment.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from digictl.facts.deadlines import Deadline
from digictl.output import tracking
from tests.cli.conftest import AS_OF, Edit, Install, Invoke, one_line
from tests.conftest import BASE
from tests.test_forge import GITLAB_USER, TOKEN, StubForge
from tests.test_gitrepo import DIGICTL, GIT_ENV

ROOT = Path(__file__).resolve().parents[2]
REPOSITORY = "digi/data"
PR = 7
MR = 3
DIFF_MARKER = "<!-- digictl-diff -->"
TRACK_MARKER = "<!-- digictl-deadlines -->"

# An agreement in force since 2022 with no year files: every annual plan and report since is
# overdue, errors from time alone, on the base branch as on every pull request.
AGREEMENT = """\
id: avtale
title: Samarbeidsavtale
version: "1.0"
effective: 2022-01-01
until: 2090-12-31
amendment_rule: unanimous
parties:
  - org: bergen
    joined: 2022-01-01
    decision: Bystyret sak 1/21
"""
ASKOY = """\
id: askoy
name: Askøy
kind: municipality
kommunenummer: "4627"
orgnr: "964338442"
"""
# a board whose member is nobody the data knows: an error this change introduces
BOARD = """\
id: styringsgruppa
name: Styringsgruppa
roles: [portfolio-board]
term_years: 2
cadence: yearly
seats:
  - id: bergen
    org: bergen
    permanent: true
members:
  - person: ukjend-person
    seat: bergen
    from: 2022-01-01
"""


# the scratch repository


class Repo:
    """A data repository made with `digictl init`, on branch main, with a pull-request branch."""

    def __init__(self, path: Path, install: Install) -> None:
        self.path = path
        self.install = install
        self.env = {
            **os.environ,
            **GIT_ENV,
            "PATH": f"{install.bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.org",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.org",
        }
        for key in ("DIGICTL_DATA", "PYTHONPATH", "VIRTUAL_ENV"):
            self.env.pop(key, None)

    def run(self, *args: str) -> str:
        result = subprocess.run(
            args, cwd=self.path, env=self.env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"{' '.join(args)} failed: {result.stderr}"
        return result.stdout

    def write(self, files: Mapping[str, str | None]) -> None:
        for rel, text in files.items():
            target = self.path / rel
            if text is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")

    def commit(self, message: str, files: Mapping[str, str | None]) -> None:
        self.write(files)
        self.run("git", "add", "-A", ".")
        self.run("git", "commit", "-q", "-m", message)

    def branch(self, name: str) -> None:
        self.run("git", "switch", "-q", "-c", name)


@pytest.fixture
def repo(tmp_path: Path, install: Install) -> Repo:
    path = tmp_path / "data-repo"
    r = Repo(tmp_path, install)
    r.run(
        *DIGICTL,
        "init",
        str(path),
        "--name",
        "Digi Test",
        "--host",
        "4601",
        "--digictl-source",
        str(install.wheel),
    )
    r.path = path
    r.run("git", "init", "-q", "-b", "main")
    # records kept since 2022 (init's records_from is today): the years since then are due
    network = (path / "data/network.yaml").read_text(encoding="utf-8")
    network = re.sub(r"(?m)^records_from: .*$", "records_from: 2022-01-01", network)
    r.commit("base", {"data/agreements/avtale.yaml": AGREEMENT, "data/network.yaml": network})
    return r


# GitHub Actions, simulated


_PATH = r"[a-z_][a-z0-9_.\[\]-]*"


@dataclass
class Step:
    name: str
    outcome: str  # success, failure, skipped
    log: str = ""


@dataclass
class Job:
    result: str  # success, failure, skipped
    steps: list[Step] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)

    def log(self) -> str:
        return "\n".join(f"--- {s.name}: {s.outcome}\n{s.log}" for s in self.steps)


class Actions:
    """Runs one workflow for one event against the scratch repository."""

    def __init__(self, repo: Repo, stub: StubForge, work: Path, event: str, ref: str) -> None:
        self.repo, self.stub, self.work = repo, stub, work
        self.event, self.ref = event, ref
        self.artifacts = work / "artifacts"
        self.artifacts.mkdir(parents=True)
        payload: dict[str, Any] = {"repository": {"default_branch": "main"}}
        if event == "pull_request":
            payload["pull_request"] = {"number": PR, "base": {"ref": "main"}}
        self.event_path = work / "event.json"
        self.event_path.write_text(json.dumps(payload), encoding="utf-8")
        self.jobs: dict[str, Job] = {}

    def github(self) -> dict[str, str]:
        pr = self.event == "pull_request"
        return {
            "event_name": self.event,
            "ref_name": f"{PR}/merge" if pr else self.ref,
            "ref": f"refs/pull/{PR}/merge" if pr else f"refs/heads/{self.ref}",
            "base_ref": "main" if pr else "",
            "head_ref": self.ref if pr else "",
            "event.repository.default_branch": "main",
            "event.pull_request.number": str(PR) if pr else "",
            "token": TOKEN,
        }

    def value(self, path: str, outputs: dict[str, dict[str, str]]) -> str:
        """A context value: github.*, steps.<id>.outputs.<name>, needs.<job>.outputs.<name>."""
        head, _, rest = path.partition(".")
        if head == "github" and rest in self.github():
            return self.github()[rest]
        m = re.fullmatch(r"(steps|needs)\.([\w-]+)\.outputs\.([\w-]+)", path)
        if m and m.group(1) == "steps":
            return outputs.get(m.group(2), {}).get(m.group(3), "")
        if m:
            return self.jobs[m.group(2)].outputs.get(m.group(3), "")
        raise AssertionError(f"the harness does not know the context value {path!r}")

    def expand(self, text: str, outputs: dict[str, dict[str, str]]) -> str:
        def one(m: re.Match[str]) -> str:
            inner = m.group(1).strip()
            if not re.fullmatch(_PATH, inner):
                raise AssertionError(f"the harness does not evaluate the expression {inner!r}")
            return self.value(inner, outputs)

        return re.sub(r"\$\{\{(.*?)\}\}", one, text)

    def condition(self, text: str | None, ok: bool, outputs: dict[str, dict[str, str]]) -> bool:
        """An `if:`: `&&` of always(), success(), `A == 'x'`, `A != 'x'` and `A == B`."""
        terms = [t.strip() for t in (text or "success()").split("&&")]
        if "always()" not in terms and "success()" not in terms:
            terms.append("success()")
        result = True
        for term in terms:
            if term == "always()":
                continue
            if term == "success()":
                result = result and ok
                continue
            m = re.fullmatch(rf"({_PATH}) (==|!=) (?:'([^']*)'|({_PATH}))", term)
            if not m:
                raise AssertionError(f"the harness does not evaluate the condition {term!r}")
            left = self.value(m.group(1), outputs)
            right = m.group(3) if m.group(3) is not None else self.value(m.group(4), outputs)
            result = result and ((left == right) == (m.group(2) == "=="))
        return result

    def run(self, workflow: dict[str, Any]) -> dict[str, Job]:
        for name, spec in workflow["jobs"].items():
            needs = spec.get("needs", [])
            needs = [needs] if isinstance(needs, str) else needs
            ok = all(self.jobs[n].result == "success" for n in needs)
            if not self.condition(spec.get("if"), ok, {}):
                self.jobs[name] = Job("skipped")
                continue
            self.jobs[name] = self.job(name, workflow, spec)
        return self.jobs

    def job(self, name: str, workflow: dict[str, Any], spec: dict[str, Any]) -> Job:
        job = Job("success")
        outputs: dict[str, dict[str, str]] = {}
        workspace = self.work / "jobs" / name
        workspace.mkdir(parents=True)
        env = {**workflow.get("env", {}), **spec.get("env", {})}
        for i, step in enumerate(spec["steps"]):
            label = step.get("name") or step.get("uses") or f"step {i}"
            if not self.condition(step.get("if"), job.result == "success", outputs):
                job.steps.append(Step(label, "skipped"))
                continue
            done = self.step(step, workspace, {**env, **step.get("env", {})}, outputs)
            done.name = label
            job.steps.append(done)
            if done.outcome == "failure":
                job.result = "failure"
        for key, value in spec.get("outputs", {}).items():
            job.outputs[key] = self.expand(value, outputs)
        return job

    def step(
        self,
        step: dict[str, Any],
        ws: Path,
        env: dict[str, str],
        outputs: dict[str, dict[str, str]],
    ) -> Step:
        if "uses" in step:
            return self.action(step["uses"], step.get("with", {}), ws)
        output = self.work / f"output-{len(list(self.work.glob('output-*')))}"
        output.touch()
        script = self.work / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        full = {
            **self.repo.env,
            **{k: self.expand(str(v), outputs) for k, v in env.items()},
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_NAME": self.event,
            "GITHUB_EVENT_PATH": str(self.event_path),
            "GITHUB_API_URL": self.stub.url,
            "GITHUB_REPOSITORY": REPOSITORY,
            "GITHUB_REF_NAME": self.github()["ref_name"],
            "GITHUB_BASE_REF": self.github()["base_ref"],
            "GITHUB_HEAD_REF": self.github()["head_ref"],
            "GITHUB_WORKSPACE": str(ws),
            "GITHUB_OUTPUT": str(output),
            "PIP_NO_INDEX": "1",
            "PIP_NO_DEPS": "1",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        }
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=ws,
            env=full,
            capture_output=True,
            text=True,
            check=False,
        )
        if "id" in step:
            pairs = output.read_text(encoding="utf-8").splitlines()
            assert not any("<<" in p for p in pairs), "multi-line outputs are not simulated"
            outputs[step["id"]] = dict(p.split("=", 1) for p in pairs if "=" in p)
        outcome = "success" if result.returncode == 0 else "failure"
        return Step("", outcome, f"exit {result.returncode}\n{result.stdout}{result.stderr}")

    def action(self, uses: str, with_: dict[str, Any], ws: Path) -> Step:
        action = uses.split("@", 1)[0]
        if action == "actions/checkout":
            depth = [] if with_.get("fetch-depth") == 0 else ["--depth", "1"]
            source = f"file://{self.repo.path}"
            args = ["git", "clone", "-q", *depth, "--branch", self.ref, source, str(ws / "_")]
            subprocess.run(args, env=self.repo.env, check=True, capture_output=True)
            for item in (ws / "_").iterdir():
                item.rename(ws / item.name)
            (ws / "_").rmdir()
            return Step("", "success", "checked out")
        if action == "actions/setup-python":
            return Step("", "success", "python from the session's virtual environment")
        if action == "actions/upload-artifact":
            source = ws / with_["path"]
            if not source.is_file():
                return Step("", "failure", f"no file {with_['path']}")
            (self.artifacts / with_["name"]).mkdir()
            shutil.copy(source, self.artifacts / with_["name"] / source.name)
            return Step("", "success", "uploaded")
        if action == "actions/download-artifact":
            folder = self.artifacts / with_["name"]
            if not folder.is_dir():
                return Step("", "failure", f"no artifact {with_['name']}")
            for item in folder.iterdir():
                shutil.copy(item, ws / item.name)
            return Step("", "success", "downloaded")
        raise AssertionError(f"the harness does not simulate the action {action}")


def workflow(repo: Repo, name: str) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(
        (repo.path / ".github/workflows" / name).read_text(encoding="utf-8")
    )
    return doc


_RUNS = iter(range(1_000_000))


def actions(
    repo: Repo, stub: StubForge, tmp_path: Path, name: str, event: str, ref: str
) -> dict[str, Job]:
    work = tmp_path / f"run-{next(_RUNS)}"
    return Actions(repo, stub, work, event, ref).run(workflow(repo, name))


def results(jobs: Mapping[str, Job]) -> dict[str, str]:
    return {name: job.result for name, job in jobs.items()}


def step_outcomes(job: Job) -> list[str]:
    return [s.outcome for s in job.steps]


# GitHub: the pull-request workflow


def test_a_harmless_pull_request_on_a_base_with_errors_is_green_with_one_comment(
    repo: Repo, stub: StubForge, tmp_path: Path
) -> None:
    repo.branch("pr")
    repo.commit("add Askøy", {"data/organisations/askoy.yaml": ASKOY})
    jobs = actions(repo, stub, tmp_path, "digictl.yml", "pull_request", "pr")
    assert results(jobs) == {"validate": "skipped", "diff": "success", "comment": "success"}, (
        jobs["diff"].log() + jobs["comment"].log()
    )
    assert all(o == "success" for j in jobs.values() for o in step_outcomes(j))
    assert jobs["diff"].outputs == {"status": "0"}
    [comment] = stub.comments[PR]
    body = comment["body"]
    assert body.startswith(DIFF_MARKER + "\n✅")
    assert "Errors already on origin/main" in body and "not caused by this change" in body
    assert body.count("annual-plan") >= 2  # the base's overdue plans, listed apart
    intro = body.partition("Errors already on")[0]
    assert "annual-plan" not in intro
    assert "askoy" in body
    # a second run (another push to the pull request) updates the same comment
    repo.commit(
        "rename Askøy", {"data/organisations/askoy.yaml": ASKOY.replace("Askøy", "Askøy kommune")}
    )
    again = actions(repo, stub, tmp_path, "digictl.yml", "pull_request", "pr")
    assert results(again)["comment"] == "success", again["comment"].log()
    [updated] = stub.comments[PR]
    assert updated["id"] == comment["id"] and "Askøy kommune" in updated["body"]


def test_a_pull_request_introducing_an_error_is_red_with_the_comment(
    repo: Repo, stub: StubForge, tmp_path: Path
) -> None:
    repo.branch("pr")
    repo.commit("board", {"data/bodies/styringsgruppa.yaml": BOARD})
    jobs = actions(repo, stub, tmp_path, "digictl.yml", "pull_request", "pr")
    log = jobs["diff"].log() + jobs["comment"].log()
    assert results(jobs) == {"validate": "skipped", "diff": "success", "comment": "failure"}, log
    assert jobs["diff"].outputs == {"status": "1"}
    assert step_outcomes(jobs["comment"]) == ["success"] * 4 + ["failure"]
    assert "the change introduces errors" in jobs["comment"].steps[-1].log
    [comment] = stub.comments[PR]
    assert comment["body"].startswith(DIFF_MARKER + "\n❌")
    assert "ukjend\\-person" in comment["body"] or "ukjend-person" in comment["body"]


def test_an_unreadable_change_still_gets_a_comment_and_fails(
    repo: Repo, stub: StubForge, tmp_path: Path
) -> None:
    repo.branch("pr")
    repo.run("git", "rm", "-q", "-r", "data")
    repo.commit("no data folder", {"data": "not a folder\n"})  # diff exits 2
    jobs = actions(repo, stub, tmp_path, "digictl.yml", "pull_request", "pr")
    assert jobs["diff"].outputs == {"status": "2"}
    assert results(jobs)["comment"] == "failure"
    assert "could not judge" in jobs["comment"].steps[-1].log
    [comment] = stub.comments[PR]
    assert comment["body"].startswith(DIFF_MARKER + "\n❌ **digictl** could not explain")


def test_push_validates_the_default_branch_only(
    repo: Repo, stub: StubForge, tmp_path: Path
) -> None:
    jobs = actions(repo, stub, tmp_path, "digictl.yml", "push", "main")
    assert results(jobs) == {"validate": "failure", "diff": "skipped", "comment": "skipped"}
    assert "annual-plan" in jobs["validate"].steps[-1].log  # errors from time: main is red
    repo.branch("feature")
    jobs = actions(repo, stub, tmp_path, "digictl.yml", "push", "feature")
    assert set(results(jobs).values()) == {"skipped"}
    assert stub.comments == {}


# GitHub: the deadlines workflow


def test_the_deadlines_workflow_opens_updates_and_closes_one_issue(
    repo: Repo, stub: StubForge, tmp_path: Path
) -> None:
    def run() -> Job:
        job = actions(repo, stub, tmp_path, "digictl-deadlines.yml", "schedule", "main")[
            "deadlines"
        ]
        assert job.result == "success", job.log()
        return job

    run()
    [issue] = stub.issues
    assert issue["state"] == "open" and issue["body"].startswith(TRACK_MARKER)
    assert "### Overdue" in issue["body"] and "Annual plan 2022" in issue["body"]
    repo.commit("plan 2022 noted", {"data/organisations/askoy.yaml": ASKOY})
    run()
    assert [i["number"] for i in stub.issues] == [issue["number"]]  # updated, not a second
    repo.commit("no agreement", {"data/agreements/avtale.yaml": None})
    job = run()
    assert issue["state"] == "closed" and f"closed #{issue['number']}" in job.steps[-1].log
    assert stub.comments[issue["number"]][0]["body"].startswith("Nothing is overdue")


# GitLab CI, simulated


def gitlab_condition(text: str, variables: Mapping[str, str]) -> bool:
    """A rule's `if:`: `&&` of `$VAR == "x"` and `$VAR == $VAR`; any other form fails."""
    result = True
    for term in (t.strip() for t in text.split("&&")):
        m = re.fullmatch(r'\$(\w+) (==|!=) (?:"([^"]*)"|\$(\w+))', term)
        if not m:
            raise AssertionError(f"the harness does not evaluate the GitLab rule {term!r}")
        left = variables.get(m.group(1), "")
        right = m.group(3) if m.group(3) is not None else variables.get(m.group(4), "")
        result = result and ((left == right) == (m.group(2) == "=="))
    return result


def gitlab(
    repo: Repo, stub: StubForge, tmp_path: Path, source: str, branch: str, token: bool = True
) -> dict[str, Step]:
    """Run the pipeline of ``source`` (push, merge_request_event, schedule) on ``branch``."""
    ci = yaml.safe_load((repo.path / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    mr = source == "merge_request_event"
    variables = {
        **ci.get("variables", {}),
        "CI": "true",
        "GITLAB_CI": "true",
        "CI_PIPELINE_SOURCE": source,
        "CI_DEFAULT_BRANCH": "main",
        "CI_COMMIT_BRANCH": "" if mr else branch,
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main" if mr else "",
        "CI_MERGE_REQUEST_IID": str(MR) if mr else "",
        "CI_API_V4_URL": stub.url + "/api/v4",
        "CI_PROJECT_ID": "42",
        "DIGICTL_GITLAB_TOKEN": TOKEN if token else "",
        "PIP_NO_INDEX": "1",
        "PIP_NO_DEPS": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    ran: dict[str, Step] = {}
    work = tmp_path / f"gitlab-{next(_RUNS)}"
    for name, job in ci.items():
        if not isinstance(job, dict) or "script" not in job:
            continue
        if not any(gitlab_condition(rule["if"], variables) for rule in job.get("rules", [])):
            continue
        assert all(isinstance(line, str) for line in job["script"]), name
        ws = work / name
        source_url = f"file://{repo.path}"
        subprocess.run(
            ["git", "clone", "-q", "--branch", branch, source_url, str(ws)],
            env=repo.env,
            check=True,
            capture_output=True,
        )
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", "\n".join(job["script"])],
            cwd=ws,
            env={**repo.env, **variables},
            capture_output=True,
            text=True,
            check=False,
        )
        outcome = "success" if result.returncode == 0 else "failure"
        ran[name] = Step(name, outcome, f"exit {result.returncode}\n{result.stdout}{result.stderr}")
    return ran


def test_gitlab_merge_request_job_notes_and_judges_the_change(
    repo: Repo, stub: StubForge, tmp_path: Path
) -> None:
    repo.branch("mr")
    repo.commit("add Askøy", {"data/organisations/askoy.yaml": ASKOY})
    ran = gitlab(repo, stub, tmp_path, "merge_request_event", "mr")
    assert list(ran) == ["digictl-diff"] and ran["digictl-diff"].outcome == "success", ran[
        "digictl-diff"
    ].log
    [note] = stub.notes[MR]
    assert note["body"].startswith(DIFF_MARKER + "\n✅") and "Errors already on" in note["body"]
    assert note["author"] == GITLAB_USER
    repo.commit("board", {"data/bodies/styringsgruppa.yaml": BOARD})
    ran = gitlab(repo, stub, tmp_path, "merge_request_event", "mr")
    assert ran["digictl-diff"].outcome == "failure"
    assert "introduces errors" in ran["digictl-diff"].log
    [note] = stub.notes[MR]  # the same note, updated
    assert note["body"].startswith(DIFF_MARKER + "\n❌")
    # without the token: no note, a hint how to get one, the same judgement
    ran = gitlab(repo, stub, tmp_path, "merge_request_event", "mr", token=False)
    assert "add DIGICTL_GITLAB_TOKEN" in ran["digictl-diff"].log
    assert ran["digictl-diff"].outcome == "failure"


def test_gitlab_pipelines_validate_main_and_track_deadlines_on_schedule(
    repo: Repo, stub: StubForge, tmp_path: Path
) -> None:
    ran = gitlab(repo, stub, tmp_path, "push", "main")
    assert list(ran) == ["digictl-validate"] and ran["digictl-validate"].outcome == "failure"
    ran = gitlab(repo, stub, tmp_path, "schedule", "main")
    assert list(ran) == ["digictl-deadlines"], ran
    assert ran["digictl-deadlines"].outcome == "success", ran["digictl-deadlines"].log
    [issue] = stub.gl_issues
    assert issue["description"].startswith(TRACK_MARKER) and issue["state"] == "opened"
    gitlab(repo, stub, tmp_path, "schedule", "main")
    assert len(stub.gl_issues) == 1
    repo.commit("no agreement", {"data/agreements/avtale.yaml": None})
    gitlab(repo, stub, tmp_path, "schedule", "main")
    assert issue["state"] == "closed" and stub.gl_issue_notes[issue["iid"]]


# the commands, in process


def test_track_dry_run_prints_the_issue_and_changes_nothing(cli: Invoke) -> None:
    result = cli("--as-of", "2024-11-01", "--data", BASE, "ci", "track", "--dry-run")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == TRACK_MARKER
    assert lines[1].startswith("**digictl**: deadlines of Digi Testland as of 1 November 2024: ")
    assert any(ln.startswith("### Within 90 days (") for ln in lines)
    assert lines[-1] == "dry run: would open or update the tracking issue"
    quiet = cli("--as-of", AS_OF, "--data", BASE, "ci", "track", "--dry-run")
    assert "as of 15 June 2023: nothing due." in quiet.stdout
    assert quiet.stdout.splitlines()[-1] == "dry run: would close the tracking issue if open"


def test_tracking_sections_come_from_the_status_and_escape_every_value() -> None:
    as_of = date(2024, 1, 10)

    def due(days: int, title: str, done: bool = False) -> Deadline:
        day = as_of + timedelta(days=days)
        return Deadline("milestone", "project:p", title, day, day, done)

    items = [
        due(-3, "late"),
        due(2, "soon **now**"),
        due(20, "@team #1"),
        due(80, "q"),
        due(95, "x"),
    ]
    items.append(due(-9, "done already", done=True))
    groups = tracking.sections(items, as_of)
    assert {k: [d.title for d in v] for k, v in groups.items()} == {
        "Overdue": ["late"],
        "Within 7 days": ["soon **now**"],
        "Within 30 days": ["@team #1"],
        "Within 90 days": ["q"],
    }
    text = tracking.body(items, as_of, "Digi <Test>")
    assert text.startswith(TRACK_MARKER + "\n**digictl**: deadlines of Digi &lt;Test&gt; as of")
    assert "soon \\*\\*now\\*\\*" in text and "@team" not in text and "#1" not in text
    assert "3 days overdue" in text and "in 2 days" in text and "done already" not in text
    assert tracking.is_due(items, as_of)
    assert not tracking.is_due([due(95, "x"), due(-1, "d", done=True)], as_of)


def test_comment_refuses_a_file_without_the_marker(cli: Invoke, tmp_path: Path) -> None:
    body = tmp_path / "c.md"
    body.write_text("no marker\n", encoding="utf-8")
    result = cli("ci", "comment", body, env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 2
    assert "marker line" in one_line(result.stderr)


def test_comment_outside_ci_is_one_sentence(cli: Invoke, tmp_path: Path) -> None:
    body = tmp_path / "c.md"
    body.write_text(DIFF_MARKER + "\nok\n", encoding="utf-8")
    env = {"GITHUB_ACTIONS": None, "GITLAB_CI": None}
    result = cli("ci", "comment", body, env=env)
    assert result.exit_code == 2
    assert "neither is set" in one_line(result.stderr)
    missing = cli("ci", "comment", tmp_path / "nope.md", env=env)
    assert missing.exit_code == 2 and "cannot be read" in one_line(missing.stderr)


def test_track_names_an_unreadable_file_and_exits_1(cli: Invoke, edit: Edit) -> None:
    data = edit({"projects/nytt.yaml": "id: nytt\nname: [unclosed\n"})
    result = cli("--as-of", AS_OF, "--data", data, "ci", "track", "--dry-run")
    assert result.exit_code == 1
    assert "projects/nytt.yaml" in result.stderr
    assert result.stdout.startswith(TRACK_MARKER)
