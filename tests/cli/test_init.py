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
REQUIREMENT = "digictl @ https://git.example.org/dist/digictl-0.2.0-py3-none-any.whl"

EXPECTED = {
    "data/network.yaml",
    "data/organisations/bergen.yaml",
    *(f"data/{f}/.gitkeep" for f in FOLDERS),
    *(f".digictl/schemas/{k}.schema.json" for k in KINDS),
    ".vscode/settings.json",
    "README.md",
    ".github/workflows/digictl.yml",
    ".github/workflows/digictl-deadlines.yml",
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
        "4601",  # a list of one kommunenummer: the host, written once
        "--language",
        "nn",
        "--digictl-source",
        REQUIREMENT,
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


def test_pre_commit_config(scaffold: Path) -> None:
    config = load_yaml(scaffold / ".pre-commit-config.yaml")
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    [hook] = repo["hooks"]
    assert hook["additional_dependencies"] == [REQUIREMENT]  # written verbatim
    # the same hook as the one digictl's own repository offers (`repo: <digictl's URL>`)
    [offered] = load_yaml(ROOT / ".pre-commit-hooks.yaml")
    same = ("id", "name", "entry", "language", "pass_filenames", "files")
    assert {k: hook[k] for k in same} == {k: offered[k] for k in same}
    assert offered["entry"] == "digictl validate" and offered["language"] == "python"


def test_readme_installs_the_requirement_and_names_the_commands(scaffold: Path) -> None:
    readme = (scaffold / "README.md").read_text(encoding="utf-8")
    assert f'pip install "{REQUIREMENT}"' in readme
    for command in (
        "digictl org add",
        "digictl party join",
        "digictl member appoint",
        "digictl meeting new",
        "digictl decision add",
        "digictl import",
        "digictl validate",
        "digictl status",
        "digictl deadlines",
        "digictl schema --export .digictl/schemas --force",
    ):
        assert command in readme, command
    assert "digictl-deadlines.yml" in readme
    assert __version__ in readme


def test_init_language_nn_writes_the_nynorsk_readme(scaffold: Path) -> None:
    readme = (scaffold / "README.md").read_text(encoding="utf-8")  # init ... --language nn
    assert readme.startswith("# Digi Testland – styringsdata\n")
    assert "## Dagleg arbeid" in readme and "kommunar frå det nasjonale registeret" in readme
    assert "## Daily work" not in readme and "## Daglig arbeid" not in readme


@pytest.mark.parametrize(("run", "language"), [([], "en"), (["--lang", "nn"], "nn")])
def test_init_language_defaults_to_the_language_of_the_run(
    cli: Invoke, tmp_path: Path, run: list[str], language: str
) -> None:
    target = tmp_path / "new"  # tests run in English ($DIGICTL_LANG=en) unless --lang says
    result = cli(*run, "init", target, "--name", "Digi Vest", "--host", "4601")
    assert result.exit_code == 0, result.output
    assert load_yaml(target / "data/network.yaml")["language"] == language
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert readme == scaffold_readme(language, "Digi Vest")


def scaffold_readme(language: str, name: str) -> str:
    from digictl import scaffold

    return scaffold.plan(name, "4601", language=language).files["README.md"]


def test_generated_files_install_this_version_by_default(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "new"
    result = cli("init", target, "--name", "Digi Vest", "--host", "4601")
    assert result.exit_code == 0, result.output
    default = f"digictl=={__version__}"
    config = load_yaml(target / ".pre-commit-config.yaml")
    assert config["repos"][0]["hooks"][0]["additional_dependencies"] == [default]
    assert f'pip install "{default}"' in (target / "README.md").read_text(encoding="utf-8")
    for rel in (".github/workflows/digictl.yml", ".gitlab-ci.yml"):
        text = (target / rel).read_text(encoding="utf-8")
        assert default in text and "git+" not in text, rel


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
        # as an editor's YAML server reads it: a date is text (records_from in network.yaml)
        document = json.loads(json.dumps(load_yaml(scaffold / rel), default=str))
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


def test_init_with_a_host_outside_the_registry_needs_its_orgnr(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "new"
    result = cli("init", target, "--name", "Digi Øst - Aust", "--host", "Vertskommunen Ås")
    assert result.exit_code == 2
    message = one_line(result.stderr)
    assert "'Vertskommunen Ås' is not in the national registry" in message
    for accepted in ("kommunenummer", "Voss herad", "Vestland fylkeskommune", "--host-orgnr"):
        assert accepted in message
    assert not target.exists()
    result = cli(
        "init", target, "--name", "Digi Øst - Aust", "--host", "Vertskommunen Ås",
        "--host-orgnr", "971032146",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    network = load_yaml(target / "data/network.yaml")
    assert network["id"] == "digi-ost"
    assert network["host"] == "vertskommunen-as"
    host = load_yaml(target / "data/organisations/vertskommunen-as.yaml")
    assert host == {
        "id": "vertskommunen-as",
        "name": "Vertskommunen Ås",
        "kind": "other",
        "orgnr": "971032146",
    }
    assert digictl(target, "validate").returncode == 0


@pytest.mark.parametrize("orgnr", ["971032147", "97103214", "9710321460", "97103214x", " "])
def test_init_refuses_a_host_orgnr_that_fails_the_check(
    cli: Invoke, tmp_path: Path, orgnr: str
) -> None:
    target = tmp_path / "new"
    result = cli("init", target, "--name", "X", "--host", "Digi AS", "--host-orgnr", orgnr)
    assert result.exit_code == 2
    assert "--host-orgnr" in one_line(result.stderr)
    assert "MOD11" in result.stderr
    assert not target.exists()


def organisations(target: Path) -> dict[str, Any]:
    return {p.stem: load_yaml(p) for p in (target / "data/organisations").glob("*.yaml")}


@pytest.mark.parametrize("host", ["Voss herad", "Voss kommune", "voss", "VOSS", "4621"])
def test_init_resolves_the_host_through_the_registry(
    cli: Invoke, tmp_path: Path, host: str
) -> None:
    target = tmp_path / "new"
    result = cli("init", target, "--name", "Digi Vestland", "--host", host, "--language", "nn")
    assert result.exit_code == 0, result.output
    assert load_yaml(target / "data/network.yaml")["host"] == "voss"
    assert organisations(target) == {
        "voss": {
            "id": "voss",
            "name": "Voss",
            "kind": "municipality",
            "kommunenummer": "4621",
            "orgnr": "960510542",
            "digifin": {"member": True},
        }
    }
    lines = (target / "data/organisations/voss.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[1] == (
        "# Voss kommune (4621). Kommunenummer og organisasjonsnummer frå det nasjonale registeret."
    )


@pytest.mark.parametrize(
    ("host", "ident", "orgnr"),
    [
        ("Vestland fylkeskommune", "vestland-fylkeskommune", "821311632"),
        ("Trøndelag fylkeskommune", "trondelag-fylkeskommune", "817920632"),
        ("trøndelag  FYLKESKOMMUNE", "trondelag-fylkeskommune", "817920632"),
    ],
)
def test_init_resolves_a_county_council_host(
    cli: Invoke, tmp_path: Path, host: str, ident: str, orgnr: str
) -> None:
    target = tmp_path / "new"
    result = cli("--lang", "nb", "init", target, "--name", "Digi", "--host", host)
    assert result.exit_code == 0, result.output
    assert load_yaml(target / "data/network.yaml")["host"] == ident
    org = organisations(target)[ident]
    assert (org["kind"], org["orgnr"], org["digifin"]) == ("county", orgnr, {"member": True})
    assert org["name"].endswith(" fylkeskommune") and "kommunenummer" not in org
    text = (target / f"data/organisations/{ident}.yaml").read_text(encoding="utf-8")
    # nb: --language follows the run's language
    assert "Organisasjonsnummer fra det nasjonale registeret." in text
    assert digictl(target, "validate").returncode == 0


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("Herøy", "names 2 municipalities (1515 Herøy (Møre og Romsdal), 1818 Herøy (Nordland))"),
        ("Bergn", "did you mean `Bergen`?"),
        ("Rogaland fylkeskommune", "is not in the national registry"),
        ("Voss fylkeskommune", "is not in the national registry"),
        ("9999", "9999 is not a municipality number"),
    ],
)
def test_init_refuses_a_host_the_registry_does_not_resolve(
    cli: Invoke, tmp_path: Path, host: str, expected: str
) -> None:
    target = tmp_path / "new"
    result = cli("init", target, "--name", "X", "--host", host)
    assert result.exit_code == 2
    assert expected in one_line(result.stderr)
    assert not target.exists()


def test_init_refuses_a_host_orgnr_that_contradicts_the_registry(
    cli: Invoke, tmp_path: Path
) -> None:
    target = tmp_path / "new"
    result = cli("init", target, "--name", "X", "--host", "4601", "--host-orgnr", "971032146")
    assert result.exit_code == 2
    assert "964338531" in one_line(result.stderr)  # Bergen's, from the registry
    assert not target.exists()


def test_init_county_46_creates_its_43_municipalities(cli: Invoke, tmp_path: Path) -> None:
    from digictl.load import national

    target = tmp_path / "digi-vestland"
    result = cli(
        "init", target, "--name", "Digi Vestland", "--host", "4601", "--county", "46",
        "--language", "nn",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    registry = national.load()
    in_46 = [n for n in registry.current if n.startswith("46")]
    assert len(in_46) == 43
    orgs = organisations(target)
    assert len(orgs) == 43  # the host, Bergen, is one of them and written once
    assert sorted(o["kommunenummer"] for o in orgs.values()) == sorted(in_46)
    schema = json.loads(
        (target / ".digictl/schemas/organisation.schema.json").read_text(encoding="utf-8")
    )
    validator = jsonschema.Draft202012Validator(schema)
    for ident, org in orgs.items():
        m = registry.municipality(org["kommunenummer"])
        assert m is not None
        assert (org["id"], org["name"], org["orgnr"]) == (ident, m.name, m.orgnr)
        assert org["kind"] == "municipality" and org["digifin"] == {"member": True}
        assert "name_nn" not in org  # the registry holds no nynorsk form (SOURCES.md)
        assert list(validator.iter_errors(org)) == [], ident
    assert load_yaml(target / "data/network.yaml")["county"] == "Vestland"
    checked = digictl(target, "validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 errors, 0 warnings" in checked.stdout


@pytest.mark.parametrize(
    ("county", "numbers", "network_county"),
    [
        ("Vestland", 43, "Vestland"),
        ("vestland fylke", 43, "Vestland"),
        ("Trøndelag", 39, "Trøndelag - Trööndelage"),  # and the host, Bergen
        ("50", 39, "Trøndelag - Trööndelage"),
        ("4631, 4621 4601", 3, "Vestland"),
        ("4601,5001", 2, None),  # a list that spans counties: no county
    ],
)
def test_init_county_forms(
    cli: Invoke, tmp_path: Path, county: str, numbers: int, network_county: str | None
) -> None:
    target = tmp_path / "new"
    result = cli("init", target, "--name", "Digi", "--host", "4601", "--county", county)
    assert result.exit_code == 0, result.output
    assert len(organisations(target)) == numbers
    assert load_yaml(target / "data/network.yaml").get("county") == network_county


def test_init_county_twins_get_their_number(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "new"
    result = cli("init", target, "--name", "Digi", "--host", "1515", "--county", "1515 1818 4601")
    assert result.exit_code == 0, result.output
    orgs = organisations(target)
    assert set(orgs) == {"heroy-1515", "heroy-1818", "bergen"}
    assert orgs["heroy-1818"]["name"] == "Herøy (Nordland)"
    assert load_yaml(target / "data/network.yaml")["host"] == "heroy-1515"
    assert "county" not in load_yaml(target / "data/network.yaml")
    checked = digictl(target, "validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize(
    ("county", "expected"),
    [
        ("Vestlan", "did you mean `Vestland`?"),
        ("Viken", "is not a county of the national registry"),
        ("99", "give its number (46), its name (Vestland) or a list of kommunenummer"),
        ("4601 9999", "9999 is not a municipality number"),
        ("1507", "1507 (Ålesund) is a municipality of the 2020-2023 list only"),
    ],
)
def test_init_refuses_an_unknown_county(
    cli: Invoke, tmp_path: Path, county: str, expected: str
) -> None:
    target = tmp_path / "new"
    result = cli("init", target, "--name", "X", "--host", "4601", "--county", county)
    assert result.exit_code == 2
    message = one_line(result.stderr)
    assert "--county" in message and expected in message
    assert not target.exists()


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


INJECTED = """\
name: injected
on: pull_request
permissions: {}
jobs:
  diff:
    runs-on: ubuntu-latest
    permissions: {}
    steps:
      - run: git diff "origin/${{ github.head_ref }}"
"""


def test_zizmor_would_catch_an_injection(tmp_path: Path) -> None:
    # the audit is not vacuous: a `${{ github.head_ref }}` in `run:` is found
    workflows = tmp_path / "w" / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "injected.yml").write_text(INJECTED, encoding="utf-8")
    idents = {f["ident"] for f in zizmor_findings(workflows)}
    assert "template-injection" in idents


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


TEMPLATED = (
    ".github/workflows/digictl.yml",
    ".github/workflows/digictl-deadlines.yml",
    ".gitlab-ci.yml",
    ".pre-commit-config.yaml",
)
HOSTILE_HOST = 'Host: "x" #y ${{ z }} [a](b) <b>'


def test_hostile_values_are_written_as_text(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "new"
    result = cli(
        "init", target, "--name", HOSTILE, "--host", HOSTILE_HOST, "--host-orgnr", "971032146",
        "--id", "evil",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    network = load_yaml(target / "data/network.yaml")
    assert network["name"] == HOSTILE
    [org] = (target / "data/organisations").glob("*.yaml")
    assert load_yaml(org)["name"] == HOSTILE_HOST
    assert digictl(target, "validate").returncode == 0  # digictl's own loader agrees
    for rel in ("README.md", *TEMPLATED):
        text = (target / rel).read_text(encoding="utf-8")
        assert not re.search("@@[A-Z_]+@@", text), rel  # each placeholder replaced, once
        if rel in TEMPLATED:
            assert "Evil" not in text and "Host" not in text, rel
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
    "county", ['County\'; "$(id)" # ${{ github.event.pull_request.title }}', "4601; rm -rf /"]
)
def test_a_hostile_county_is_refused_in_one_line(cli: Invoke, tmp_path: Path, county: str) -> None:
    target = tmp_path / "new"
    result = cli("init", target, "--name", "X", "--host", "4601", "--county", county)
    assert result.exit_code == 2
    assert "is not a county of the national registry" in one_line(result.stderr)
    assert not target.exists()


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
        "digictl==0.2.0'",
        "https://git.example.org/$(id)",
        "git+https://x.example/digictl@$REF",
        "https://git.example.org/`id`",
        "https://git.example.org/x\nrun: evil",
        "digictl==0.2.0\n",
        "https://git.example.org/${{ github.token }}",
        "${{ github.token }}",
        "C:\\dist\\digictl.whl",
        "not a url",
        "-e https://x",
        "--index-url=https://evil.example",
    ],
)
def test_init_refuses_a_source_that_is_not_one_plain_requirement(
    cli: Invoke, tmp_path: Path, source: str
) -> None:
    target = tmp_path / "new"
    result = init(cli, target, "--digictl-source", source)
    assert result.exit_code == 2, result.output
    assert "--digictl-source" in one_line(result.stderr)
    assert not target.exists()


@pytest.mark.parametrize(
    "source",
    [
        "digictl==0.2.0",
        "/srv/digictl",
        "./dist/digictl-0.2.0-py3-none-any.whl",
        "git+https://x.example/digictl@v0.2.0",
        "digictl @ https://x.example/d.whl",
    ],
)
def test_init_writes_the_requirement_verbatim(cli: Invoke, tmp_path: Path, source: str) -> None:
    target = tmp_path / "new"
    result = cli("init", target, "--name", "X", "--host", "4601", "--digictl-source", source)
    assert result.exit_code == 0, result.output
    config = load_yaml(target / ".pre-commit-config.yaml")
    assert config["repos"][0]["hooks"][0]["additional_dependencies"] == [source]
    assert f'pip install "{source}"' in (target / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--as-of", "2025-02-01"), "2025-02-01"),
        (("--as-of", "2025-02-01", "--records-from", "2024-01-01"), "2024-01-01"),
    ],
)
def test_records_start_on_the_day_of_init(
    cli: Invoke, tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    """A new partnership owes nothing from before its records start (network.yaml
    `records_from`), by default the day it ran init (or --as-of)."""
    target = tmp_path / "new"
    as_of, rest = args[:2], args[2:]
    result = cli(*as_of, "init", target, "--name", "Digi Testland", "--host", "4601", *rest)
    assert result.exit_code == 0, result.output
    network = (target / "data/network.yaml").read_text(encoding="utf-8")
    assert f"records_from: {expected}  #" in network
    assert load_yaml(target / "data/network.yaml")["records_from"].isoformat() == expected
