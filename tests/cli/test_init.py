"""`digictl init DIR`: a new data repository with CI, pre-commit and editor wiring."""

from __future__ import annotations

import fnmatch
import json
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from digictl import __version__
from digictl.reporters.review import MARKER
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


def steps_of(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    [job] = workflow["jobs"].values()
    steps: list[dict[str, Any]] = job["steps"]
    return steps


def test_github_workflow(scaffold: Path) -> None:
    wf = load_yaml(scaffold / ".github/workflows/digictl.yml")
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers and "pull_request" in triggers
    assert wf["permissions"]["pull-requests"] == "write"
    steps = steps_of(wf)
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # diff needs the base branch's history
    runs = [s.get("run", "") for s in steps]
    install = next(r for r in runs if "pip install" in r)
    assert SOURCE in install
    assert f"v{__version__}" in install
    validate = [r for r in runs if "validate" in r]
    assert len(validate) == 1
    assert "--format github" in validate[0]
    diff_step = next(
        s for s in steps if "diff" in s.get("run", "") and "digictl" in s.get("run", "")
    )
    assert "--format md" in diff_step["run"]
    assert "pull_request" in diff_step["if"]
    assert "digictl-diff.md" in diff_step["run"]
    comment = next(s for s in steps if "github-script" in str(s.get("uses", "")))
    script = comment["with"]["script"]
    assert f"'{MARKER}'" in script
    assert MARKER == "<!-- digictl-diff -->"
    assert "updateComment" in script
    assert "createComment" in script
    assert "digictl-diff.md" in script
    # a change that introduces errors fails the check
    assert any(
        s.get("run", "").strip() == "exit 1" and "steps.diff.outputs.status" in s.get("if", "")
        for s in steps
    )


def test_gitlab_ci(scaffold: Path) -> None:
    ci = load_yaml(scaffold / ".gitlab-ci.yml")
    jobs = {k: v for k, v in ci.items() if isinstance(v, dict) and "script" in v}
    scripts = {name: "\n".join(job["script"]) for name, job in jobs.items()}
    validate = [n for n, s in scripts.items() if "validate" in s]
    diff = [n for n, s in scripts.items() if " diff " in s]
    assert validate and diff
    assert all(SOURCE in s for s in scripts.values())
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
