"""A pull request that commits a fake git directory (and a fake load cache) into the data.

The branch `evil` of a scratch repository holds a real change (felles-arkiv loses its
budget decision: a `project-mandate` error) and, inside the data directory (or above
it), what git and GitPython take for a bare repository: `HEAD`, `refs/` naming the
attacker's commit as `main` and `origin/main`, `objects/info/alternates` borrowing from
nowhere (so every blob read there is fetched lazily), and a `config` whose partial-clone
promisor, fsmonitor, hooks and aliases run commands; next to it
`digictl/loaded-<salt>.pickle` and `.jsonl` cache files, the pickle crafted to run a
command when loaded.

digictl (run as a separate process, as CI runs it) must run none of those commands and
must compare with the real `main`.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from digictl import __version__, resources
from digictl.history.cache import salt
from digictl.load import kinds
from tests.test_gitrepo import BUDGET_DECISION, FELLES, GIT_ENV, Scratch

AS_OF = "2023-06-15"


class _RunsCode:
    """Unpickling this runs ``touch MARKER``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {shlex.quote(str(self.marker))}",))


def legacy_salt() -> str:
    """The salt digictl 2.x named its pickle cache with (version and schema texts)."""
    h = hashlib.sha1(__version__.encode())
    for name in ["common.schema.json", *(k.schema for k in kinds.ALL)]:
        h.update(resources.schemas().joinpath(name).read_bytes())
    return h.hexdigest()[:16]


def plant(s: Scratch, where: Path, markers: Path, target: str) -> None:
    """Write the fake git directory at ``where`` (a tracked folder); ``target``: its main."""
    touch = f"touch {shlex.quote(str(markers))}/"
    (where / "refs" / "heads").mkdir(parents=True, exist_ok=True)
    (where / "refs" / "remotes" / "origin").mkdir(parents=True, exist_ok=True)
    (where / "HEAD").write_text("ref: refs/heads/main\n")
    (where / "refs" / "heads" / "main").write_text(target + "\n")
    (where / "refs" / "remotes" / "origin" / "main").write_text(target + "\n")
    (where / "refs" / "remotes" / "origin" / "HEAD").write_text(target + "\n")
    (where / "objects" / "info").mkdir(parents=True, exist_ok=True)
    # objects borrowed from nowhere: every blob read in this "repository" is fetched lazily
    (where / "objects" / "info" / "alternates").write_text("../../nowhere/objects\n")
    (where / "hooks").mkdir(exist_ok=True)
    for hook in ("post-checkout", "pre-commit", "reference-transaction", "fsmonitor-watchman"):
        (where / "hooks" / hook).write_text(f"#!/bin/sh\n{touch}hook-{hook}\n")
        (where / "hooks" / hook).chmod(0o755)
    config = where / "config"
    settings = [
        ("core.repositoryformatversion", "1"),
        ("core.bare", "false"),
        ("core.worktree", ".."),
        ("core.fsmonitor", f"{touch}fsmonitor"),
        ("core.hooksPath", "hooks"),
        ("core.sshCommand", f"{touch}ssh"),
        ("core.pager", f"{touch}pager"),
        ("extensions.partialClone", "origin"),
        ("remote.origin.url", "file:///nonexistent/repository"),
        ("remote.origin.uploadpack", f"{touch}uploadpack; false"),
        ("remote.origin.promisor", "true"),
        ("remote.origin.partialclonefilter", "blob:none"),
        ("alias.cat-file", f"!{touch}alias"),
        ("alias.ls-tree", f"!{touch}alias"),
        ("alias.rev-parse", f"!{touch}alias"),
    ]
    for name, value in settings:
        s.git("config", "-f", str(config), name, value)
    cache = where / "digictl"
    cache.mkdir(exist_ok=True)
    for name in {salt(), legacy_salt()}:
        evil = pickle.dumps({"k": _RunsCode(markers / "pickle")})
        (cache / f"loaded-{name}.pickle").write_bytes(evil)
        (cache / f"loaded-{name}.jsonl").write_bytes(evil)
        (cache / f"loaded-{name}.json").write_bytes(evil)


@pytest.fixture(autouse=True)
def _git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("DIGICTL_DATA", raising=False)


def digictl(s: Scratch, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "digictl", "--as-of", AS_OF, "--data", str(s.data), *args],
        cwd=s.root,
        env={**os.environ, **GIT_ENV, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture(params=["in-data", "above-data"])
def evil(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Scratch, Path]:
    """The scratch repository on the branch `evil`, and the folder the markers would go to."""
    nested = request.param == "above-data"
    s = Scratch(tmp_path / "repo", data_dir="gov/data" if nested else "data")
    s.git("update-ref", "refs/remotes/origin/main", "main")  # the real origin/main is main
    markers = tmp_path / "markers"
    markers.mkdir()
    s.git("checkout", "-q", "-b", "evil")
    s.replace(FELLES, BUDGET_DECISION, "")  # the real change: a project-mandate error
    change = s.commit("felles-arkiv without its budget decision")
    # the fake main is the attacker's own commit: against it, nothing would change
    for where in (s.data, s.data.parent) if nested else (s.data,):
        plant(s, where, markers, change)
    s.commit("fake git directory")
    return s, markers


def fired(markers: Path) -> list[str]:
    return sorted(p.name for p in markers.iterdir())


def test_diff_compares_with_the_real_main_and_runs_nothing(evil: tuple[Scratch, Path]) -> None:
    s, markers = evil
    for base in ("main", "origin/main"):
        result = digictl(s, "diff", base, "--format", "json")
        assert fired(markers) == [], result.stderr
        assert result.returncode == 1, result.stderr
        doc = json.loads(result.stdout)
        assert [(c["entity"], c["change"]) for c in doc["changes"]] == [
            ("project:felles-arkiv", "changed")
        ]
        assert [f["rule"] for f in doc["introduced"]] == ["project-mandate"]
        assert doc["base"] == f"{base} ({s.base[:10]})"


def test_diff_default_base_is_the_real_merge_base(evil: tuple[Scratch, Path]) -> None:
    s, markers = evil
    result = digictl(s, "diff", "--format", "json")
    assert fired(markers) == [], result.stderr
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["base"] == s.base[:10]


def test_at_main_reads_the_real_main_and_runs_nothing(evil: tuple[Scratch, Path]) -> None:
    s, markers = evil
    for rev in ("main", "origin/main"):
        result = digictl(s, "--at", rev, "validate", "--format", "json")
        assert fired(markers) == [], result.stderr
        assert result.returncode == 0, result.stdout + result.stderr  # the real main is clean
        assert json.loads(result.stdout)["ok"] is True
    broken = digictl(s, "--at", "evil", "validate", "--format", "json")
    assert broken.returncode == 1, broken.stderr


def test_log_reads_the_real_history_and_runs_nothing(evil: tuple[Scratch, Path]) -> None:
    s, markers = evil
    result = digictl(s, "log", "project:felles-arkiv", "--format", "json")
    assert fired(markers) == [], result.stderr
    assert result.returncode == 0, result.stderr
    commits = json.loads(result.stdout)["commits"]
    assert [c["summary"] for c in commits] == [
        "felles-arkiv without its budget decision",
        "base partnership",
    ]


def test_the_cache_goes_to_the_real_git_directory(evil: tuple[Scratch, Path]) -> None:
    s, markers = evil
    planted = sorted((s.data / "digictl").iterdir())
    before = [p.read_bytes() for p in planted]
    assert digictl(s, "diff", "main").returncode == 1
    assert digictl(s, "diff", "main").returncode == 1  # a second run reads the cache
    assert fired(markers) == []
    assert sorted((s.data / "digictl").iterdir()) == planted
    assert [p.read_bytes() for p in planted] == before
    written = [p.name for p in (s.root / ".git" / "digictl").iterdir()]
    assert len(written) == 1, written  # the cache of this version only
    assert written[0].endswith(".jsonl")
