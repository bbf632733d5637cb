"""`digictl init DIR`: a new data repository with CI, pre-commit and editor wiring."""

from __future__ import annotations

import errno
import fnmatch
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from digictl import __version__
from digictl.fsutil import write_atomic
from digictl.output.escape import md as md_text
from digictl.output.findings.review import MARKER
from tests.cli.conftest import Invoke, one_line
from tests.test_gitrepo import DIGICTL, GIT_ENV

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("network", "organisation", "person", "agreement", "body", "meeting", "project", "year")
FOLDERS = ("people", "agreements", "bodies", "meetings", "projects", "years")
SOURCE = "https://git.example.org/digictl"

EXPECTED = {
    "data/network.yaml",
    "data/organisations/bergen.yaml",
    *(f"data/{f}/.gitkeep" for f in FOLDERS),
    *(f".digictl/schemas/{k}.schema.json" for k in KINDS),
    ".vscode/settings.json",
    "README.md",
    ".github/workflows/digictl.yml",
    ".gitlab-ci.yml",
    ".pre-commit-config.yaml",
}


@pytest.fixture(autouse=True)
def _git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def init(cli: Invoke, target: Path, *extra: str) -> Any:
    return cli(
        "init",
        target,
        "--name",
        "Digi Testland",
        "--host",
        "4601",
        "--county",
        "Vestland",
        "--language",
        "nn",
        "--digictl-source",
        SOURCE,
        *extra,
    )


@pytest.fixture
def scaffold(cli: Invoke, tmp_path: Path) -> Path:
    target = tmp_path / "digi-testland"
    target.mkdir()  # an empty directory
    result = init(cli, target)
    assert result.exit_code == 0, result.output
    return target


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def digictl(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*DIGICTL, *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_init_writes_the_files(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "digi-testland"
    target.mkdir()
    result = init(cli, target)
    assert result.exit_code == 0, result.output
    assert set(files_of(target)) == EXPECTED
    created = [ln for ln in result.stdout.splitlines() if ln.startswith("created ")]
    assert len(created) == len(EXPECTED)
    assert "kept" not in result.stdout


def test_init_creates_a_missing_directory(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    assert init(cli, target).exit_code == 0
    assert set(files_of(target)) == EXPECTED


def test_scaffold_network_and_host(scaffold: Path) -> None:
    network = load_yaml(scaffold / "data/network.yaml")
    assert network["id"] == "digi-testland"
    assert network["name"] == "Digi Testland"
    assert network["county"] == "Vestland"
    assert network["host"] == "bergen"
    assert network["language"] == "nn"
    host = load_yaml(scaffold / "data/organisations/bergen.yaml")
    assert host["kommunenummer"] == "4601"
    assert host["kind"] == "municipality"


def test_scaffold_passes_its_own_validate(scaffold: Path) -> None:
    result = digictl(scaffold, "validate")  # default ./data from the repository root
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout
    ci = digictl(scaffold, "--data", "data", "validate", "--format", "github", "--strict")
    assert ci.returncode == 0, ci.stdout + ci.stderr
    assert "::error" not in ci.stdout
    assert "::warning" not in ci.stdout


def job_steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return steps


def all_steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"] for s in job_steps(workflow, job)]


PINNED = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def test_github_workflow(scaffold: Path) -> None:
    text = (scaffold / ".github/workflows/digictl.yml").read_text(encoding="utf-8")
    wf = load_yaml(scaffold / ".github/workflows/digictl.yml")
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers and "pull_request" in triggers
    assert "pull_request_target" not in triggers and "workflow_run" not in triggers
    assert wf["concurrency"]["group"]
    assert set(wf["jobs"]) == {"validate", "diff", "comment"}
    # validate
    runs = [s.get("run", "") for s in job_steps(wf, "validate")]
    assert [r for r in runs if "validate" in r] == ["digictl --data data validate --format github"]
    # the install command takes digictl's source and revision from the environment
    install = [s["run"] for s in all_steps(wf) if "pip install" in s.get("run", "")]
    assert len(install) == 2
    assert all("${DIGICTL_SOURCE}@${DIGICTL_REV}" in r for r in install)
    assert wf["env"] == {"DIGICTL_SOURCE": SOURCE, "DIGICTL_REV": f"v{__version__}"}
    # diff: in its own job, on pull requests only, with the base branch's history
    diff_job = wf["jobs"]["diff"]
    assert "pull_request" in diff_job["if"]
    steps = job_steps(wf, "diff")
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # diff needs the base branch's history
    diff_step = next(
        s for s in steps if "diff" in s.get("run", "") and "digictl" in s.get("run", "")
    )
    assert "--format md" in diff_step["run"]
    assert "digictl-diff.md" in diff_step["run"]
    assert '"origin/${BASE_REF}"' in diff_step["run"]
    assert diff_step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert diff_job["outputs"]["status"] == "${{ steps.diff.outputs.status }}"
    # comment: after diff, on pull requests only
    comment_job = wf["jobs"]["comment"]
    assert comment_job["needs"] == "diff"
    assert "pull_request" in comment_job["if"]
    comment = next(s for s in job_steps(wf, "comment") if "github-script" in str(s.get("uses", "")))
    script = comment["with"]["script"]
    assert f"'{MARKER}'" in script
    assert MARKER == "<!-- digictl-diff -->"
    assert "'github-actions[bot]'" in script
    assert "'Bot'" in script
    assert "updateComment" in script
    assert "createComment" in script
    assert "digictl-diff.md" in script
    # a change that introduces errors fails the check, after the comment is posted
    last = job_steps(wf, "comment")[-1]
    assert last["run"].strip().endswith("exit 1")
    assert "needs.diff.outputs.status" in last["if"]
    # no `${{ }}` reaches a shell or a script: values come in through `env:`
    for step in all_steps(wf):
        assert "${{" not in step.get("run", ""), step
        assert "${{" not in str(step.get("with", {}).get("script", "")), step
    assert "zizmor: ignore" not in text


def test_github_workflow_permissions(scaffold: Path) -> None:
    wf = load_yaml(scaffold / ".github/workflows/digictl.yml")
    assert wf["permissions"] == {}
    assert wf["jobs"]["validate"]["permissions"] == {"contents": "read"}
    assert wf["jobs"]["diff"]["permissions"] == {"contents": "read"}
    # the only job that may write runs on pull requests only, and runs no code of theirs
    comment = wf["jobs"]["comment"]
    assert comment["permissions"] == {"pull-requests": "write"}
    assert comment["if"] == "github.event_name == 'pull_request'"
    runs = "\n".join(s.get("run", "") for s in comment["steps"])
    assert "pip" not in runs
    assert not re.search(r"^\s*digictl ", runs, re.MULTILINE)
    assert not any("checkout" in str(s.get("uses", "")) for s in comment["steps"])


def test_github_workflow_pins_every_action(scaffold: Path) -> None:
    text = (scaffold / ".github/workflows/digictl.yml").read_text(encoding="utf-8")
    uses = [ln for ln in text.splitlines() if "uses:" in ln]
    assert len(uses) == 7
    for line in uses:
        assert PINNED.match(line), line
    wf = load_yaml(scaffold / ".github/workflows/digictl.yml")
    checkouts = [s for s in all_steps(wf) if str(s.get("uses", "")).startswith("actions/checkout")]
    assert len(checkouts) == 2
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_gitlab_ci(scaffold: Path) -> None:
    ci = load_yaml(scaffold / ".gitlab-ci.yml")
    jobs = {k: v for k, v in ci.items() if isinstance(v, dict) and "script" in v}
    scripts = {name: "\n".join(job["script"]) for name, job in jobs.items()}
    validate = [n for n, s in scripts.items() if "validate" in s]
    diff = [n for n, s in scripts.items() if " diff " in s]
    assert validate and diff
    assert ci["variables"] == {"DIGICTL_SOURCE": SOURCE, "DIGICTL_REV": f"v{__version__}"}
    assert all('"digictl @ git+${DIGICTL_SOURCE}@${DIGICTL_REV}"' in s for s in scripts.values())
    # variables (the target branch's name among them) reach the shell only in double quotes
    assert "CI_MERGE_REQUEST_TARGET_BRANCH_NAME" in scripts[diff[0]]
    for script in scripts.values():
        for line in script.splitlines():
            assert "$" not in re.sub(r'"[^"]*"', "", line), line
    assert "--format md" in scripts[diff[0]]
    assert any("MERGE_REQUEST" in str(r.get("if", "")) for r in jobs[diff[0]]["rules"])
    assert set(ci["stages"]) >= {job["stage"] for job in jobs.values()}


def test_pre_commit_config(scaffold: Path) -> None:
    config = load_yaml(scaffold / ".pre-commit-config.yaml")
    [repo] = config["repos"]
    assert repo["repo"] == SOURCE
    assert repo["rev"] == f"v{__version__}"
    hook_ids = [h["id"] for h in repo["hooks"]]
    assert hook_ids == ["digictl-validate"]
    # the hook is one digictl's own repository offers
    offered = load_yaml(ROOT / ".pre-commit-hooks.yaml")
    assert "digictl-validate" in [h["id"] for h in offered]


def test_vscode_settings_map_schemas_to_globs(scaffold: Path) -> None:
    settings = json.loads((scaffold / ".vscode/settings.json").read_text(encoding="utf-8"))
    schemas: dict[str, str] = settings["yaml.schemas"]
    assert set(schemas) == {f".digictl/schemas/{k}.schema.json" for k in KINDS}
    for schema_file in schemas:
        assert (scaffold / schema_file).is_file()
    assert schemas[".digictl/schemas/network.schema.json"] == "data/network.yaml"
    assert schemas[".digictl/schemas/project.schema.json"] == "data/projects/*.yaml"
    assert fnmatch.fnmatch(
        "data/organisations/bergen.yaml", schemas[".digictl/schemas/organisation.schema.json"]
    )
    assert fnmatch.fnmatch("data/people/kari.yaml", schemas[".digictl/schemas/person.schema.json"])


def test_yaml_files_point_at_existing_schemas(scaffold: Path) -> None:
    for rel in ("data/network.yaml", "data/organisations/bergen.yaml"):
        first = (scaffold / rel).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (scaffold / rel).parent / first.split("$schema=", 1)[1]
        assert target.resolve().is_file(), target


@pytest.mark.parametrize("kind", KINDS)
def test_exported_schemas_are_valid_draft_2020_12(scaffold: Path, kind: str) -> None:
    schema = json.loads(
        (scaffold / f".digictl/schemas/{kind}.schema.json").read_text(encoding="utf-8")
    )
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_exported_schemas_validate_the_scaffold(scaffold: Path) -> None:
    for kind, rel in (
        ("network", "data/network.yaml"),
        ("organisation", "data/organisations/bergen.yaml"),
    ):
        schema = json.loads(
            (scaffold / f".digictl/schemas/{kind}.schema.json").read_text(encoding="utf-8")
        )
        validator = jsonschema.Draft202012Validator(schema)
        document = load_yaml(scaffold / rel)
        assert list(validator.iter_errors(document)) == [], rel
        # and the schema is not vacuous
        assert list(validator.iter_errors({**document, "no_such_key": 1}))


def test_init_twice_keeps_every_file(cli: Invoke, scaffold: Path) -> None:
    (scaffold / "data/network.yaml").write_text(
        (scaffold / "data/network.yaml").read_text(encoding="utf-8") + "# edited by hand\n",
        encoding="utf-8",
    )
    (scaffold / ".gitlab-ci.yml").unlink()
    before = files_of(scaffold)
    # the same command again, with another name and language
    result = init(cli, scaffold, "--name", "Anna Namn", "--language", "en")
    assert result.exit_code == 0, result.output
    after = files_of(scaffold)
    for rel, content in before.items():
        assert after[rel] == content, f"{rel} was overwritten"
    # only the missing file is written again
    assert set(after) - set(before) == {".gitlab-ci.yml"}
    assert [ln for ln in result.stdout.splitlines() if ln.startswith("created ")] == [
        f"created {scaffold / '.gitlab-ci.yml'}"
    ]
    kept = [ln for ln in result.stdout.splitlines() if ln.startswith("kept ")]
    assert len(kept) == len(EXPECTED) - 1
    assert "# edited by hand" in (scaffold / "data/network.yaml").read_text(encoding="utf-8")


def test_init_on_a_file_exits_2(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = init(cli, target)
    assert result.exit_code == 2
    one_line(result.stderr)
    assert target.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize(
    "extra",
    [
        ["--language", "de"],
        ["--id", "Not An Id"],
    ],
)
def test_init_refuses_bad_options(cli: Invoke, tmp_path: Path, extra: list[str]) -> None:
    target = tmp_path / "new"
    result = init(cli, target, *extra)
    assert result.exit_code == 2
    assert not target.exists() or files_of(target) == {}


def test_init_unknown_municipality_number_exits_2(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "new"
    result = cli("init", target, "--name", "X", "--host", "9999")
    assert result.exit_code == 2
    assert "9999" in one_line(result.stderr)
    assert not target.exists() or files_of(target) == {}


def test_init_with_a_host_by_name_validates(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "new"
    result = cli("init", target, "--name", "Digi Øst - Aust", "--host", "Vertskommunen Ås")
    assert result.exit_code == 0, result.output
    network = load_yaml(target / "data/network.yaml")
    assert network["id"] == "digi-ost"
    assert network["host"] == "vertskommunen-as"
    assert (target / "data/organisations/vertskommunen-as.yaml").is_file()
    assert digictl(target, "validate").returncode == 0


def test_scaffold_in_git_runs_the_ci_commands(scaffold: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=scaffold, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.name", "Tester T")
    git("config", "user.email", "tester@example.org")
    git("add", "-A")
    git("commit", "-q", "-m", "scaffold")
    git("checkout", "-q", "-b", "feature")
    (scaffold / "data/people/kari-nordmann.yaml").write_text(
        "id: kari-nordmann\nname: Kari Nordmann\norg: bergen\n", encoding="utf-8"
    )
    git("add", "-A")
    git("commit", "-q", "-m", "a person")
    result = digictl(scaffold, "--data", "data", "diff", "main", "--format", "md")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == MARKER
    assert lines[1].startswith("✅ **digictl**: 1 entity changed")
    assert "- new person `kari-nordmann` (Kari Nordmann)" in lines


# --- zizmor: the generated workflow passes its default audit -------------------------------


def zizmor_executable() -> str | None:
    beside = Path(sys.executable).parent / "zizmor"  # installed into the same virtualenv
    return str(beside) if beside.exists() else shutil.which("zizmor")


def zizmor_findings(root: Path) -> list[dict[str, Any]]:
    exe = zizmor_executable()
    if exe is None:
        pytest.skip("zizmor is not installed (pip install zizmor): the workflow audit needs it")
    result = subprocess.run(
        [exe, "--offline", "--strict-collection", "--no-ignores", "--format", "json", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    if not result.stdout.strip():  # e.g. a workflow that breaks GitHub's schema
        pytest.fail(f"zizmor audited nothing (exit {result.returncode}): {result.stderr}")
    findings: list[dict[str, Any]] = json.loads(result.stdout)
    if not findings:
        assert result.returncode == 0, result.stderr
    return findings


def test_zizmor_finds_nothing_in_the_workflow(scaffold: Path) -> None:
    findings = zizmor_findings(scaffold / ".github/workflows")
    assert findings == [], [f["ident"] for f in findings]


def test_zizmor_finds_nothing_in_the_whole_scaffold(scaffold: Path) -> None:
    assert zizmor_findings(scaffold) == []


def test_zizmor_would_catch_an_injection(scaffold: Path, tmp_path: Path) -> None:
    # the audit is not vacuous: the old workflow's `${{ github.base_ref }}` in `run:` is found
    workflows = tmp_path / "w" / ".github" / "workflows"
    workflows.mkdir(parents=True)
    text = (scaffold / ".github/workflows/digictl.yml").read_text(encoding="utf-8")
    text = text.replace('"origin/${BASE_REF}"', '"origin/${{ github.base_ref }}"')
    (workflows / "digictl.yml").write_text(text, encoding="utf-8")
    idents = {f["ident"] for f in zizmor_findings(workflows)}
    assert "template-injection" in idents


# --- the comment step: only the workflow's own comment is updated ----------------------------

COMMENT_HARNESS = """
const fs = require('fs');
const [script, comments] = JSON.parse(fs.readFileSync(0, 'utf8'));
const calls = [];
const record = (name) => async (args) => { calls.push([name, args]); return {}; };
const github = {
  rest: { issues: { listComments: 'listComments', updateComment: record('update'),
                    createComment: record('create') } },
  paginate: async (fn, args) => { calls.push(['paginate', fn, args]); return comments; },
};
const context = { repo: { owner: 'o', repo: 'r' }, issue: { number: 7 } };
const core = { warning: (m) => calls.push(['warning', m]) };
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
new AsyncFunction('require', 'github', 'context', 'core', script)(require, github, context, core)
  .then(() => process.stdout.write(JSON.stringify(calls)));
"""


def run_comment_script(scaffold: Path, tmp_path: Path, body: str, comments: list[Any]) -> Any:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the github-script step cannot be run")
    wf = load_yaml(scaffold / ".github/workflows/digictl.yml")
    [step] = [s for s in job_steps(wf, "comment") if "github-script" in str(s.get("uses", ""))]
    work = tmp_path / "runner"
    work.mkdir(parents=True)
    (work / "digictl-diff.md").write_text(body, encoding="utf-8")
    result = subprocess.run(
        [node, "-e", COMMENT_HARNESS],
        input=json.dumps([step["with"]["script"], comments]),
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


BOT = {"login": "github-actions[bot]", "type": "Bot"}


def test_comment_updates_only_the_bots_own_comment(scaffold: Path, tmp_path: Path) -> None:
    body = f"{MARKER}\n✅ **digictl**: 1 entity changed\n"
    forged = [
        {"id": 1, "user": {"login": "mallory", "type": "User"}, "body": f"{MARKER} forged"},
        {"id": 2, "user": {"login": "evil-app[bot]", "type": "Bot"}, "body": MARKER},
        {"id": 3, "user": {"login": "github-actions[bot]", "type": "User"}, "body": MARKER},
        {"id": 4, "user": BOT, "body": f"quoting {MARKER} is not enough"},
        {"id": 5, "user": None, "body": MARKER},
    ]
    calls = run_comment_script(scaffold, tmp_path, body, forged)
    assert [c[0] for c in calls] == ["paginate", "create"]
    assert calls[-1][1] == {"owner": "o", "repo": "r", "issue_number": 7, "body": body}
    own = {"id": 6, "user": BOT, "body": f"{MARKER}\nan older diff"}
    calls = run_comment_script(scaffold, tmp_path / "2", body, [*forged, own])
    assert [c[0] for c in calls] == ["paginate", "update"]
    assert calls[-1][1] == {"owner": "o", "repo": "r", "comment_id": 6, "body": body}


def test_comment_step_skips_a_failed_diff(scaffold: Path, tmp_path: Path) -> None:
    calls = run_comment_script(scaffold, tmp_path, "", [])
    assert [c[0] for c in calls] == ["warning"]


# --- every target is checked before the first file is written --------------------------------


def listing(root: Path) -> dict[str, object]:
    """Everything under ``root`` (root included), symbolic links not followed."""
    out: dict[str, object] = {}
    paths = [root, *root.rglob("*")] if root.is_dir() and not root.is_symlink() else [root]
    for p in paths:
        rel = p.relative_to(root.parent).as_posix()
        if p.is_symlink():
            out[rel] = ("link", os.readlink(p))
        elif p.is_file():
            out[rel] = ("file", p.read_bytes(), p.stat().st_mode)
        elif p.is_dir():
            out[rel] = ("dir", p.stat().st_mode)
        elif p.exists():
            out[rel] = ("special", stat.S_IFMT(p.lstat().st_mode))
    return out


def _file(path: Path, text: str = "mine\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _link(path: Path) -> None:
    path.symlink_to(path.parent / "nowhere")


def _data_links_out(t: Path, o: Path) -> None:
    t.mkdir()
    o.mkdir()
    (t / "data").symlink_to(o)


def _network_dangles(t: Path, o: Path) -> None:
    (t / "data").mkdir(parents=True)
    _link(t / "data/network.yaml")


def _readme_links_to_a_file(t: Path, o: Path) -> None:
    _file(o / "secret")
    _file(t / "x")
    (t / "README.md").symlink_to(o / "secret")


def _readme_is_a_fifo(t: Path, o: Path) -> None:
    t.mkdir()
    os.mkfifo(t / "README.md")


CONFLICTS: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "target is a file": (lambda t, o: _file(t), "target"),
    "target is a dangling link": (lambda t, o: _link(t), "target"),
    ".github is a file": (lambda t, o: _file(t / ".github"), "target/.github"),
    "data/organisations is a file": (
        lambda t, o: _file(t / "data/organisations"),
        "target/data/organisations",
    ),
    "the workflow is a directory": (
        lambda t, o: (t / ".github/workflows/digictl.yml").mkdir(parents=True),
        "target/.github/workflows/digictl.yml",
    ),
    "data is a link out": (_data_links_out, "target/data"),
    "network.yaml is a dangling link": (_network_dangles, "target/data/network.yaml"),
    "README.md is a link to a file": (_readme_links_to_a_file, "target/README.md"),
    "README.md is a FIFO": (_readme_is_a_fifo, "target/README.md"),
}


@pytest.mark.parametrize("case", list(CONFLICTS))
def test_init_refuses_a_conflict_before_writing(cli: Invoke, tmp_path: Path, case: str) -> None:
    setup, culprit = CONFLICTS[case]
    target, outside = tmp_path / "target", tmp_path / "outside"
    setup(target, outside)
    before = listing(tmp_path)
    result = init(cli, target)
    assert result.exit_code == 2, result.output
    message = one_line(result.stderr)
    assert str(tmp_path / culprit) in message
    assert "nothing was written" in message
    assert result.stdout == ""
    assert listing(tmp_path) == before


def test_init_below_a_file_exits_2(cli: Invoke, tmp_path: Path) -> None:
    _file(tmp_path / "file")
    before = listing(tmp_path)
    result = init(cli, tmp_path / "file" / "sub")
    assert result.exit_code == 2
    assert str(tmp_path / "file") in one_line(result.stderr)
    assert listing(tmp_path) == before


def test_init_keeps_a_regular_file_in_place(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "target"
    _file(target / "data/network.yaml", "id: mine\n")
    result = init(cli, target)
    assert result.exit_code == 0, result.output
    assert (target / "data/network.yaml").read_text(encoding="utf-8") == "id: mine\n"
    assert f"kept    {target / 'data/network.yaml'} (exists)" in result.stdout


@pytest.mark.parametrize("existing", [False, True])
def test_init_removes_what_it_wrote_when_a_write_fails(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    from digictl import scaffold

    target = tmp_path / "a" / "b"
    if existing:
        _file(target / "data/people/kari.yaml", "id: kari\n")
    before = listing(tmp_path)
    calls: list[Path] = []

    def disk_full(path: Path, data: str | bytes, force: bool = False) -> None:
        calls.append(path)
        if len(calls) == 6:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        write_atomic(path, data, force)

    monkeypatch.setattr(scaffold, "write_atomic", disk_full)
    result = init(cli, target)
    assert result.exit_code == 2, result.output
    message = one_line(result.stderr)
    assert os.strerror(errno.ENOSPC) in message
    assert str(calls[-1]) in message
    assert listing(tmp_path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_init_into_a_read_only_directory_exits_2(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "ro"
    target.mkdir()
    target.chmod(0o555)
    try:
        before = listing(tmp_path)
        result = init(cli, target)
        assert result.exit_code == 2, result.output
        assert os.strerror(errno.EACCES) in one_line(result.stderr)
        assert listing(tmp_path) == before
    finally:
        target.chmod(0o755)


# --- values given to init cannot inject into what it writes ----------------------------------

HOSTILE = (
    "Evil \"double\" 'single' #hash: colon ${{ github.token }} @@SOURCE@@ {{x}} "
    "<img src=x onerror=alert(1)> [link](https://evil.example) @octocat `code` $(id) \\ *b* - x"
)


TEMPLATED = (".github/workflows/digictl.yml", ".gitlab-ci.yml", ".pre-commit-config.yaml")


def test_hostile_values_are_written_as_text(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "new"
    host = 'Host: "x" #y ${{ z }} [a](b) <b>'
    county = 'County\'; "$(id)" # ${{ github.event.pull_request.title }}'
    result = cli(
        "init", target, "--name", HOSTILE, "--host", host, "--county", county, "--id", "evil"
    )
    assert result.exit_code == 0, result.output
    network = load_yaml(target / "data/network.yaml")
    assert (network["name"], network["county"]) == (HOSTILE, county)
    [org] = (target / "data/organisations").glob("*.yaml")
    assert load_yaml(org)["name"] == host
    assert digictl(target, "validate").returncode == 0  # digictl's own loader agrees
    for rel in ("README.md", *TEMPLATED):
        text = (target / rel).read_text(encoding="utf-8")
        assert not re.search("@@[A-Z_]+@@", text), rel  # each placeholder replaced, once
        if rel in TEMPLATED:
            assert "Evil" not in text and "Host" not in text and "County" not in text, rel
    readme = (target / "README.md").read_text(encoding="utf-8")
    heading = readme.splitlines()[0]
    assert heading.startswith("# Evil ")
    # the heading renders as the name itself: no HTML, link, image, mention or code from it
    rendered = MarkdownIt("commonmark").render(heading + "\n").replace("\u200b", "")
    assert rendered == f"<h1>{escapeHtml(HOSTILE)} – governance data</h1>\n"
    assert HOSTILE not in readme
    assert readme.count(md_text(HOSTILE)) == 2  # the heading and the first paragraph
    if zizmor_executable() is not None:
        assert zizmor_findings(target) == []


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--name", "Digi\nTestland"),
        ("--name", "Digi\x1b[2J"),
        ("--name", "Digi\u2028Testland"),
        ("--name", "Digi \u202eTestland"),
        ("--name", "Digi \udcff"),  # a byte that was not UTF-8
        ("--name", "   "),
        ("--host", "Bergen\n::error::forged"),
        ("--county", "Vestland\r"),
    ],
)
def test_init_refuses_values_that_are_not_one_line_of_text(
    cli: Invoke, tmp_path: Path, option: str, value: str
) -> None:
    target = tmp_path / "new"
    args = {"--name": "Digi Testland", "--host": "4601", "--county": "Vestland", option: value}
    result = cli("init", target, *(x for kv in args.items() for x in kv))
    assert result.exit_code == 2, result.output
    assert option in one_line(result.stderr)
    assert not target.exists()


@pytest.mark.parametrize(
    "source",
    [
        'https://git.example.org/x" ; touch pwned #',
        "https://git.example.org/$(id)",
        "https://git.example.org/`id`",
        "https://git.example.org/x\nrun: evil",
        "https://git.example.org/${{ github.token }}",
        "not a url",
        "-e https://x",
    ],
)
def test_init_refuses_a_source_that_is_not_a_plain_url(
    cli: Invoke, tmp_path: Path, source: str
) -> None:
    target = tmp_path / "new"
    result = init(cli, target, "--digictl-source", source)
    assert result.exit_code == 2, result.output
    assert "--digictl-source" in one_line(result.stderr)
    assert not target.exists()
