"""Git, wrapped thinly: one function per question, GitPython imported only here.

Data of any revision is read straight from the object database: no checkout,
no temporary copy of the work tree.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from digictl.errors import InputError, UsageError

if TYPE_CHECKING:
    from git import Commit, Repo

_SAFE_REV = re.compile(r"^[A-Za-z0-9_./@{}^~:+-]+$")


def check_rev(rev: str) -> str:
    """Refuse revisions that could be read as options or carry odd characters."""
    if not rev or rev.startswith("-"):
        raise UsageError(f"the revision {rev!r} starts with '-'; a revision is not an option")
    if not _SAFE_REV.fullmatch(rev) or ".." in rev:
        raise UsageError(f"{rev!r} is not a revision digictl accepts (a branch, tag or commit)")
    return rev


def open_repo(path: Path) -> Repo:
    """The git repository that holds ``path``."""
    import git

    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise InputError(
            f"{str(path)!r} is not inside a git repository, so --at and diff cannot read history"
        ) from None


def resolve(repo: Repo, rev: str) -> Commit:
    """The commit a (checked) revision names."""
    import git

    check_rev(rev)
    try:
        commit = repo.commit(rev)
    except (git.BadName, git.BadObject, ValueError, IndexError):
        raise UsageError(
            f"the revision {rev!r} does not exist in {repo.working_tree_dir}"
        ) from None
    return commit


def prefix_of(repo: Repo, data_dir: Path) -> str:
    """The data directory's path inside the repository, posix style ('' for the root)."""
    root = Path(str(repo.working_tree_dir)).resolve()
    try:
        rel = data_dir.resolve().relative_to(root)
    except ValueError:
        raise InputError(f"{str(data_dir)!r} is not inside the repository {root}") from None
    return rel.as_posix() if str(rel) != "." else ""


def default_base(repo: Repo) -> Commit:
    """Where a change starts: the merge base with the default branch, else HEAD."""
    try:
        head = repo.head.commit
    except ValueError:
        raise UsageError(
            f"the repository {repo.working_tree_dir} has no commits yet, so there is nothing "
            "to compare with; commit first or name a BASE revision"
        ) from None
    for name in ("origin/HEAD", "origin/main", "origin/master", "main", "master"):
        try:
            other = repo.commit(name)
        except Exception:
            continue
        bases = repo.merge_base(head, other)
        if bases:
            base: Commit = bases[0]
            return base
    return head


def short(commit: Commit) -> str:
    return str(commit.hexsha[:10])


def list_blobs(repo: Repo, commit: Commit, prefix: str) -> dict[str, str]:
    """Every file below ``prefix`` at ``commit``: posix path relative to prefix -> blob id.

    One `git ls-tree` for the whole tree.
    """
    args = ["-r", "-z", "--full-tree", commit.hexsha]
    if prefix:
        args += ["--", prefix]
    out = repo.git.ls_tree(*args)
    blobs: dict[str, str] = {}
    for entry in out.split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        _mode, kind, sha = meta.split()
        if kind != "blob":
            continue
        rel = path[len(prefix) + 1 :] if prefix else path
        if not any(part.startswith(".") for part in rel.split("/")):
            blobs[rel] = sha
    return blobs


def read_blobs(repo: Repo, shas: list[str]) -> dict[str, bytes]:
    """The contents of many blobs in one `git cat-file --batch` stream."""
    if not shas:
        return {}
    proc = subprocess.run(
        ["git", "-C", str(repo.git_dir), "cat-file", "--batch"],
        input="\n".join(shas).encode() + b"\n",
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        raise InputError(f"git cat-file failed: {proc.stderr.decode(errors='replace').strip()}")
    out, pos, data = proc.stdout, 0, {}
    while pos < len(out):
        header_end = out.index(b"\n", pos)
        fields = out[pos:header_end].decode().split()
        if len(fields) != 3:  # "<sha> missing"
            pos = header_end + 1
            continue
        sha, _kind, size = fields
        start = header_end + 1
        data[sha] = out[start : start + int(size)]
        pos = start + int(size) + 1
    return data


@dataclass
class GitSource:
    """The files of a data directory at one commit, read from the object database in bulk."""

    commit: Commit
    prefix: str
    label: str
    _blobs: dict[str, str] | None = None
    _contents: dict[str, bytes] | None = None

    def _listing(self) -> dict[str, str]:
        if self._blobs is None:
            repo = self.commit.repo
            self._blobs = list_blobs(repo, self.commit, self.prefix)
            if self.prefix and not self._blobs:
                try:
                    self.commit.tree / self.prefix
                except KeyError:
                    raise InputError(
                        f"revision {short(self.commit)} has no {self.prefix}/ directory"
                    ) from None
        return self._blobs

    def files(self) -> list[str]:
        return sorted(self._listing())

    def read(self, rel: str) -> bytes:
        if self._contents is None:
            listing = self._listing()
            by_sha = read_blobs(self.commit.repo, sorted(set(listing.values())))
            self._contents = {path: by_sha[sha] for path, sha in listing.items()}
        try:
            return self._contents[rel]
        except KeyError:
            raise FileNotFoundError(2, "No such file in the revision", rel) from None

    def blob_id(self, rel: str) -> str:
        return self._listing()[rel]


def source_at(data_dir: Path, rev: str) -> GitSource:
    """A Source for ``data_dir`` as it was at revision ``rev``."""
    check_rev(rev)
    repo = open_repo(data_dir if data_dir.exists() else Path.cwd())
    commit = resolve(repo, rev)
    return GitSource(commit, prefix_of(repo, data_dir), data_dir.resolve().name)


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    author: str
    date: str  # ISO date of the commit
    summary: str


def commits_touching(repo: Repo, path: str, rev: str = "HEAD") -> list[CommitInfo]:
    """Commits that changed ``path`` (repository-relative), newest first.

    A renamed file is a new entity (its id is its file name), so renames are not followed.
    """
    out = []
    for c in repo.iter_commits(rev, paths=path, follow=False):
        out.append(
            CommitInfo(
                sha=c.hexsha,
                author=str(c.author.name),
                date=c.committed_datetime.date().isoformat(),
                summary=str(c.summary),
            )
        )
    return out
