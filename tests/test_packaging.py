"""Packaging: the sdist is the whole project and its tests pass from it; the wheel carries
everything and works outside the repository; the release workflow; shell completion."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from digictl import __version__
from tests.cli.test_init import zizmor_findings
from tests.conftest import ROOT

VENV_BIN = Path(sys.executable).parent
RELEASE = ROOT / ".github" / "workflows" / "release.yml"


def sh(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, f"{args}: {result.stdout[-2000:]}{result.stderr[-2000:]}"
    return result.stdout


@dataclass(frozen=True)
class Dists:
    sdist: Path
    wheel: Path
    unpacked: Path  # the sdist, unpacked


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    """The sdist and the wheel built from it, as a release builds them (`python -m build`)."""
    if os.environ.get("DIGICTL_SKIP_WHEEL") == "1":
        pytest.skip("DIGICTL_SKIP_WHEEL=1 (building needs hatchling from the package index)")
    out = tmp_path_factory.mktemp("dist")
    sh(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ROOT)
    sdist = out / f"digictl-{__version__}.tar.gz"
    wheel = out / f"digictl-{__version__}-py3-none-any.whl"
    assert sdist.is_file() and wheel.is_file(), sorted(p.name for p in out.iterdir())
    unpacked = tmp_path_factory.mktemp("sdist")
    with tarfile.open(sdist) as tar:
        tar.extractall(unpacked, filter="data")
    return Dists(sdist, wheel, unpacked / f"digictl-{__version__}")


def test_the_sdist_holds_the_whole_project(dists: Dists) -> None:
    with tarfile.open(dists.sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for top in ("LICENSE", "README.md", "CHANGELOG.md", "Makefile", "pyproject.toml"):
        assert top in names, top
    for rel in (
        ".pre-commit-hooks.yaml",
        ".github/workflows/release.yml",
        "data/network.yaml",
        "docs/design.md",
        "schemas/organisation.schema.json",
        "templates/init/README.nb.md",
        "src/digictl/registry/kommuner-2024.csv",
        "tests/conftest.py",
        "tests/test_example_data.py",
        "benchmarks/bench.py",
    ):
        assert rel in names, rel
    # every file of data/ and docs/ in the tree is in the sdist
    for folder in ("data", "docs", "tests/cases"):
        tree = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()}
        assert tree <= names, sorted(tree - names)[:5]
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert "MIT License" in (dists.unpacked / "LICENSE").read_text(encoding="utf-8")


def test_the_wheel_holds_the_package_data_and_the_license(dists: Dists) -> None:
    with zipfile.ZipFile(dists.wheel) as whl:
        names = set(whl.namelist())
        metadata = whl.read(f"digictl-{__version__}.dist-info/METADATA").decode()
    for rel in (
        "digictl/__init__.py",
        "digictl/templates/init/README.nb.md",
        "digictl/templates/init/README.nn.md",
        "digictl/templates/init/README.en.md",
        "digictl/templates/init/digictl.yml",
        "digictl/templates/init/pre-commit-config.yaml",
        "digictl/templates/meetings/notice.html",
        "digictl/templates/meetings/minutes.md",
        "digictl/templates/messages/nn.json",
        "digictl/schemas/organisation.schema.json",
        "digictl/registry/kommuner-2024.csv",
        "digictl/registry/orgnr.csv",
        "digictl/locale/nb/LC_MESSAGES/digictl.mo",
        "digictl/locale/nn/LC_MESSAGES/digictl.mo",
        f"digictl-{__version__}.dist-info/licenses/LICENSE",
    ):
        assert rel in names, rel
    assert not [n for n in names if n.startswith(("tests/", "data/", "docs/"))]
    assert f"Version: {__version__}" in metadata
    assert "Provides-Extra: pdf" in metadata  # WeasyPrint, for --format pdf


def test_tests_pass_from_the_unpacked_sdist(dists: Dists) -> None:
    # a few tests that read the example data, the docs and the schemas from the tree: they
    # find them in the sdist, with the sdist's own source on the path
    env = {k: v for k, v in os.environ.items() if k != "DIGICTL_DATA"}
    env["PYTHONPATH"] = str(dists.unpacked / "src")
    out = sh(
        sys.executable,
        "-m",
        "pytest",
        "-o",
        "addopts=",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_example_data.py",
        "tests/test_docsgen.py",
        cwd=dists.unpacked,
        env=env,
    )
    assert re.search(r"\b\d+ passed\b", out) and "failed" not in out, out[-2000:]
    where = sh(sys.executable, "-c", "import digictl; print(digictl.__file__)", cwd=ROOT, env=env)
    assert where.strip() == str(dists.unpacked / "src" / "digictl" / "__init__.py")


def test_wheel_installs_and_runs_outside_the_repository(dists: Dists, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    sh(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    # the dependencies come from this virtualenv (its site-packages, appended to the path: no
    # .pth of it is read, so not its editable digictl); digictl itself only from the wheel
    site = sh(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").strip()
    deps = sh(sys.executable, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
    (Path(site) / "zz-dependencies.pth").write_text(deps, encoding="utf-8")
    pip = (sys.executable, "-m", "pip", "--python", python)
    sh(*pip, "install", "--quiet", "--no-deps", "--no-index", dists.wheel)
    work = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "data", work / "data")
    # the language is the data's (network.yaml: nb), as a user's run has it
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "DIGICTL_DATA", "DIGICTL_LANG")
    }
    digictl = venv / "bin" / "digictl"
    assert sh(digictl, "--version", cwd=work, env=env).strip() == f"digictl {__version__}"
    out = sh(digictl, "--as-of", "2026-11-21", "validate", "--format", "json", cwd=work, env=env)
    assert json.loads(out)["ok"] is True
    out = sh(digictl, "--as-of", "2026-11-21", "deadlines", "--format", "json", cwd=work, env=env)
    assert json.loads(out)["deadlines"]
    html = sh(
        digictl,
        "--as-of",
        "2026-11-21",
        "report",
        "annual-plan",
        "--format",
        "html",
        cwd=work,
        env=env,
    )
    assert "<svg" in html and "Årsplan 2026" in html
    # the compiled catalogues are in the wheel: the same listing in English and nynorsk
    listing = ("--as-of", "2026-11-21", "deadlines")
    en = sh(digictl, "--lang", "en", *listing, cwd=work, env=env)
    nn = sh(digictl, "--lang", "nn", *listing, cwd=work, env=env)
    assert "Contributions for 2027" in en and "Contributions for 2027" not in nn, nn[:2000]
    schema = json.loads(sh(digictl, "schema", "project", cwd=work, env=env))
    assert schema["title"] == "project"
    # init from the wheel writes its own version as the requirement, and registry data
    sh(digictl, "init", "new", "--name", "Digi Vest", "--host", "Voss herad", cwd=work, env=env)
    assert f'"digictl=={__version__}"' in (work / "new/.pre-commit-config.yaml").read_text()
    assert 'kommunenummer: "4621"' in (work / "new/data/organisations/voss.yaml").read_text()
    # the installed package does not reach back into the source tree
    where = sh(python, "-c", "import digictl; print(digictl.__file__)", cwd=work, env=env)
    assert where.startswith(site), where


# --- the project's release workflow ----------------------------------------------------------

PINNED = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def release() -> dict[Any, Any]:
    workflow: dict[Any, Any] = yaml.safe_load(RELEASE.read_text(encoding="utf-8"))
    return workflow


def step_named(job: dict[str, Any], words: str) -> dict[str, Any]:
    steps: list[dict[str, Any]] = [s for s in job["steps"] if words in str(s.get("name", ""))]
    [step] = steps
    return step


def test_release_runs_on_version_tags_with_least_privilege() -> None:
    wf = release()
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as true
    assert triggers == {"push": {"tags": ["v*"]}}
    assert wf["permissions"] == {}
    jobs = wf["jobs"]
    assert set(jobs) == {"build", "publish", "github-release"}
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["publish"]["permissions"] == {"id-token": "write"}
    assert jobs["publish"]["needs"] == "build"
    assert jobs["github-release"]["permissions"] == {"contents": "write"}
    assert jobs["github-release"]["needs"] == "publish"
    uses = [s["uses"] for s in jobs["publish"]["steps"] if "uses" in s]
    assert uses[-1].startswith("pypa/gh-action-pypi-publish@")
    assert "password" not in str(jobs["publish"])  # trusted publishing: no token
    assert "id-token" not in str({k: v for k, v in jobs.items() if k != "publish"})
    for job in jobs.values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step  # values come in through env:


def test_release_pins_every_action_and_keeps_no_credentials() -> None:
    text = RELEASE.read_text(encoding="utf-8")
    uses = [ln for ln in text.splitlines() if "uses:" in ln]
    assert len(uses) == 6
    for line in uses:
        assert PINNED.match(line), line
    checkouts = [
        s
        for job in release()["jobs"].values()
        for s in job["steps"]
        if str(s.get("uses", "")).startswith("actions/checkout@")
    ]
    assert checkouts and all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_release_builds_tests_and_attaches_the_files() -> None:
    jobs = release()["jobs"]
    build = "\n".join(s.get("run", "") for s in jobs["build"]["steps"])
    assert "python -m build" in build
    assert "tar -xzf dist/digictl-*.tar.gz" in build and "pytest" in build
    upload = [s for s in jobs["build"]["steps"] if "upload-artifact" in str(s.get("uses"))]
    assert upload[0]["with"]["path"] == "dist/"
    attach = step_named(jobs["github-release"], "Create the release")
    assert "gh release create" in attach["run"] and "dist/*" in attach["run"]
    assert attach["env"]["GH_TOKEN"] == "${{ github.token }}"


@pytest.mark.parametrize(("tag", "ok"), [(f"v{__version__}", True), ("v9.9.9", False)])
def test_release_refuses_a_tag_that_is_not_the_version(tmp_path: Path, tag: str, ok: bool) -> None:
    step = step_named(release()["jobs"]["build"], "The tag is the package's version")
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "dist").mkdir()
    for name in (f"digictl-{__version__}.tar.gz", f"digictl-{__version__}-py3-none-any.whl"):
        (tmp_path / "dist" / name).write_bytes(b"")
    env = dict(os.environ, TAG=tag, PATH=f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}")
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert (result.returncode == 0) is ok, result.stdout + result.stderr
    if not ok:
        assert f"::error::tag {tag} is not v{__version__}" in result.stdout


def test_zizmor_finds_nothing_in_the_release_workflow() -> None:
    findings = zizmor_findings(RELEASE.parent)
    assert findings == [], [f["ident"] for f in findings]


def test_bash_completion_completes_commands_and_arguments() -> None:
    digictl = VENV_BIN / "digictl"
    env = dict(
        os.environ, _DIGICTL_COMPLETE="complete_bash", COMP_WORDS="digictl va", COMP_CWORD="1"
    )
    assert sh(digictl, env=env).split() == ["validate"]
    env.update(COMP_WORDS="digictl report annual", COMP_CWORD="2")
    assert sh(digictl, env=env).split() == ["annual-plan", "annual-report"]
    # the shell named, not detected from the processes above (a CI runner may have no shell
    # among them): Typer takes --show-completion SHELL when detection is off
    shown = dict(os.environ, SHELL="/bin/bash", _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    script = sh(digictl, "--show-completion", "bash", env=shown)
    assert "_digictl_completion" in script and "complete " in script
