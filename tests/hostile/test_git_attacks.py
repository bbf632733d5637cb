"""Pull requests that use the repository's own structure: links on the way to the data,
partial writes of exported files, git worktrees.

A pull request can commit a symbolic link anywhere, including in place of a folder the
CI names in ``--data`` (``gov -> /elsewhere`` with ``--data gov/data``): digictl must then
read nothing outside the repository, on disk or from history. Links above the work tree
(``/tmp/link -> repo``) are the user's own and keep working.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from digictl.errors import InputError, UsageError
from digictl.history import gitrepo
from digictl.load.dataset import DirectorySource, link_inside_work_tree, read_dataset
from tests.conftest import BASE
from tests.test_gitrepo import GIT_ENV, Scratch, run

SECRET = "name: SECRET-OUTSIDE\nbroken: [\n"


@pytest.fixture(autouse=True)
def _git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("DIGICTL_DATA", raising=False)


@pytest.fixture
def linked(tmp_path: Path) -> Scratch:
    """A repository whose data is `gov/data`; the branch `evil` replaces `gov` with a link
    to a data directory outside the repository that holds a "secret" file."""
    outside = tmp_path / "outside"
    shutil.copytree(BASE, outside / "data")
    (outside / "data" / "projects" / "secret.yaml").write_text(SECRET, encoding="utf-8")
    s = Scratch(tmp_path / "repo", data_dir="gov/data")
    s.git("checkout", "-q", "-b", "evil")
    shutil.rmtree(s.root / "gov")
    (s.root / "gov").symlink_to(outside)
    s.commit("gov is a link")
    return s


def test_a_committed_link_above_the_data_is_not_followed(
    linked: Scratch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(linked.root)
    assert link_inside_work_tree(Path("gov/data")) == linked.root.resolve() / "gov"
    with pytest.raises(InputError, match="gov' on the way to the data directory is a symbolic"):
        DirectorySource(Path("gov/data"))
    for args in (["validate"], ["--at", "main", "validate"], ["diff", "main"], ["log", "network"]):
        result = run("--data", "gov/data", "--as-of", "2023-06-15", *args)
        assert result.exit_code == 2, (args, result.output)
        assert "SECRET" not in result.output
        assert "symbolic link inside the repository" in result.output, (args, result.output)


def test_a_link_above_the_work_tree_is_the_users_own(tmp_path: Path) -> None:
    s = Scratch(tmp_path / "repo")
    link = tmp_path / "link"
    link.symlink_to(s.root)
    via = link / "sub" / ".." / "data"  # `..` after a real folder is the kernel's `..`
    (s.root / "sub").mkdir()
    assert link_inside_work_tree(via) is None
    assert DirectorySource(via).files()
    repo = gitrepo.open_repo(via)
    assert repo.root == s.root.resolve()
    assert gitrepo.prefix_of(repo, via) == "data"
    result = run("--data", via, "--as-of", "2023-06-15", "--at", "main", "validate")
    assert result.exit_code == 0, result.output


def test_a_link_then_dot_dot_is_followed_as_the_kernel_does(tmp_path: Path) -> None:
    """`gov/../data` with `gov` a link goes to the parent of the link's target."""
    s = Scratch(tmp_path / "repo")
    (tmp_path / "elsewhere" / "x").mkdir(parents=True)
    shutil.copytree(BASE, tmp_path / "elsewhere" / "data")
    (s.root / "gov").symlink_to(tmp_path / "elsewhere" / "x")
    assert link_inside_work_tree(s.root / "gov" / ".." / "data") == s.root / "gov"
    with pytest.raises(InputError, match="symbolic link inside the repository"):
        DirectorySource(s.root / "gov" / ".." / "data")


def test_a_link_to_another_repository_leaves_the_checked_one(tmp_path: Path) -> None:
    """A link that leads into another work tree is that tree's business: its own top level
    holds a `.git`, which a pull request cannot commit."""
    s = Scratch(tmp_path / "repo")
    other = Scratch(tmp_path / "other")
    (s.root / "gov").symlink_to(other.root)
    assert link_inside_work_tree(s.root / "gov" / "data") is None


def test_a_git_worktree_reads_its_own_history_and_caches_in_its_git_dir(tmp_path: Path) -> None:
    s = Scratch(tmp_path / "repo")
    s.replace("projects/ideverksted.yaml", "status: proposed", "status: rejected")
    s.commit("ideverksted rejected")
    tree = tmp_path / "tree"
    s.git("worktree", "add", "-q", "--detach", str(tree), "HEAD~1")
    assert (tree / ".git").is_file()
    repo = gitrepo.open_repo(tree / "data")
    assert repo.root == tree.resolve()
    assert gitrepo.resolve(repo, "HEAD").hexsha == s.base
    result = run("--data", tree / "data", "--as-of", "2023-06-15", "diff", "main", "-f", "json")
    assert result.exit_code == 0, result.output
    assert '"entity": "project:ideverksted"' in result.output
    assert (repo.git_dir / "digictl").is_dir()
    assert repo.git_dir != (s.root / ".git").resolve()


def test_schema_export_checks_every_target_before_writing_one(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    out.mkdir()
    (out / "project.schema.json").symlink_to(os.devnull)
    result = run("schema", "--export", out)
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["project.schema.json"]  # nothing else
    (out / "project.schema.json").unlink()
    (out / "person.schema.json").write_text("mine\n")
    result = run("schema", "--export", out)
    assert result.exit_code == 2, result.output
    assert "--force" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["person.schema.json"]
    assert run("schema", "--export", out, "--force").exit_code == 0
    assert (out / "person.schema.json").read_text() != "mine\n"


def test_a_data_directory_named_like_a_pattern_is_that_name(tmp_path: Path) -> None:
    """git reads `d*/network.yaml` as a pattern; a pull request adding `dx/network.yaml`
    must not enter the history of the data directory `d*`."""
    s = Scratch(tmp_path / "repo", data_dir="d*")
    (s.root / "dx").mkdir()
    (s.root / "dx" / "network.yaml").write_text("name: FROM-DX\n")
    s.commit("dx only")
    repo = gitrepo.open_repo(s.data)
    assert [c.summary for c in gitrepo.commits_touching(repo, "d*/network.yaml")] == [
        "base partnership"
    ]
    result = run("--data", s.data, "log", "network", "-f", "json")
    assert result.exit_code == 0, result.output
    assert "dx only" not in result.output


def test_a_submodule_checkout_in_the_data_is_refused_on_disk_as_in_history(
    tmp_path: Path,
) -> None:
    """A pull request can add a submodule (its URL and commit are the PR's) inside the data
    directory; a CI that checks submodules out must not read another repository's files."""
    other = Scratch(tmp_path / "other")
    (other.data / "projects" / "smuggled.yaml").write_text("name: SMUGGLED\n")
    other.commit("smuggled")
    s = Scratch(tmp_path / "repo")
    s.git(
        "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(other.root),
        "data/projects/vendor",
    )  # fmt: skip
    s.commit("a submodule in the data")
    assert (s.data / "projects" / "vendor" / ".git").is_file()
    on_disk = read_dataset(DirectorySource(s.data))
    in_history = read_dataset(gitrepo.source_at(s.data, "HEAD"))
    for data in (on_disk, in_history):
        assert not any("smuggled" in e.rel or "vendor" in e.rel for e in data.entries)
        assert [p.file for p in data.problems if "submodule" in p.message] == [
            "data/projects/vendor"
        ]
    nested = tmp_path / "repo" / "data" / "people" / "clone"
    shutil.copytree(other.root, nested, symlinks=True)  # a repository of its own, on disk
    assert "data/people/clone" in [
        p.file for p in read_dataset(DirectorySource(s.data)).problems if "submodule" in p.message
    ]


def test_a_tag_named_like_the_base_branch_is_refused_not_taken(tmp_path: Path) -> None:
    """A tag `origin/main` (fetched from a contributor's fork) wins over the branch in git's
    own lookup; digictl refuses the ambiguous name instead of comparing with the tag."""
    s = Scratch(tmp_path / "repo")
    s.replace("projects/ideverksted.yaml", "status: proposed", "status: rejected")
    s.commit("main moves on")
    s.git("update-ref", "refs/remotes/origin/main", "main")
    s.git("tag", "origin/main", s.base)
    repo = gitrepo.open_repo(s.data)
    with pytest.raises(UsageError, match=r"'origin/main' is ambiguous.*name it in full"):
        gitrepo.resolve(repo, "origin/main")
    full = gitrepo.resolve(repo, "refs/remotes/origin/main")
    assert full.hexsha == s.git("rev-parse", "main")
    result = run("--data", s.data, "--as-of", "2023-06-15", "diff", "origin/main")
    assert result.exit_code == 2, result.output
    assert "ambiguous" in result.output
    assert gitrepo.default_base(repo).hexsha == full.hexsha  # full names: not fooled either


@pytest.mark.parametrize("entry", ["", "."])
def test_a_git_committed_at_the_top_never_runs_through_a_relative_path_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: str
) -> None:
    """git runs at the top of the work tree; with an empty or `.` entry in PATH (`PATH=$PATH:`
    in a CI script) a committed executable `git` there would be the one started."""
    s = Scratch(tmp_path / "repo")
    marker = tmp_path / "RAN"
    fake = s.root / "git"
    fake.write_text(f'#!/bin/sh\ntouch "{marker}"\nexit 1\n')
    fake.chmod(0o755)
    s.commit("a git of our own")
    monkeypatch.setenv("PATH", os.pathsep.join([entry, os.environ["PATH"]]))
    assert gitrepo.git_env()["PATH"].split(os.pathsep)[0] != entry
    result = run("--data", s.data, "--as-of", "2023-06-15", "--at", "HEAD", "validate")
    assert result.exit_code == 0, result.output
    assert not marker.exists()


def test_links_outside_any_work_tree_are_followed(tmp_path: Path) -> None:
    """Data that is not in git at all, reached through a link, is read as before."""
    shutil.copytree(BASE, tmp_path / "plain" / "data")
    (tmp_path / "link").symlink_to(tmp_path / "plain")
    via = tmp_path / "link" / "data"
    assert link_inside_work_tree(via) is None
    assert DirectorySource(via).files()


@pytest.mark.parametrize("inside", [True, False])
@pytest.mark.parametrize(
    "args", [["validate"], ["diff"], ["--at", "HEAD", "validate"], ["log", "network"]]
)
def test_a_loop_of_links_on_the_way_to_the_data_is_a_clear_error(
    tmp_path: Path, inside: bool, args: list[str]
) -> None:
    s = Scratch(tmp_path / "repo")
    where = s.root if inside else tmp_path
    (where / "a").symlink_to(where / "b")
    (where / "b").symlink_to(where / "a")
    result = run("--data", where / "a" / "data", "--as-of", "2023-06-15", *args)
    assert result.exit_code == 2, result.output


def test_a_data_path_with_a_line_break_is_named_in_the_log_error(tmp_path: Path) -> None:
    s = Scratch(tmp_path / "repo", data_dir="gov\ndata")
    result = run("--data", s.data, "log", "network")
    assert result.exit_code == 2, result.output
    assert "'gov\\x0adata/network.yaml'" in result.output
    assert "line break" in result.output
