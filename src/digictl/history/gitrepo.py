"""Git, wrapped thinly: one function per question, every git process started by ``_git``.

Data of any revision is read straight from the object database: no checkout,
no temporary copy of the work tree.

The data directory is tracked content, so a pull request controls it: it can commit
``HEAD``, ``refs/``, ``objects/`` and ``config`` there, which git (and GitPython)
would take for a bare repository whose configuration runs commands. So:

- the repository is the nearest directory holding a ``.git`` entry (git never tracks
  one), asked of git from that top level only, with implicit bare repositories
  refused and no search above it;
- every git process gets that git directory and work tree explicitly, a fixed
  environment (no system or global configuration, no replace objects, no lazy fetch,
  no prompts) and command-line settings that switch off what could run a command
  (fsmonitor, hooks, every transport). The repository's own ``.git/config`` is read:
  it is the user's clone.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from digictl.errors import InputError, LoadError, UsageError
from digictl.i18n import _
from digictl.load.paths import LINK, MAX_BYTES, SUBMODULE, Refused, check_no_link, shown_name

# What one revision's data directory may hold in all: a pack compresses a pull request of
# many identical-looking files to almost nothing, so the sum is checked before reading.
MAX_TOTAL_BYTES = 512 * 1024 * 1024

_SAFE_REV = re.compile(r"^[A-Za-z0-9_./@{}^~:+-]+$")

# settings given on every git command line; they win over the repository's configuration
SAFE_CONFIG = (
    "safe.bareRepository=explicit",  # never take a directory of tracked files for a repository
    "core.fsmonitor=false",
    f"core.hooksPath={os.devnull}",
    "protocol.allow=never",  # no fetch of any kind, so no promisor (lazy) fetch
    "core.alternateRefsCommand=",
    "gc.auto=0",
    "maintenance.auto=false",
    "log.showSignature=false",
    "core.warnAmbiguousRefs=true",  # an ambiguous name is refused, not guessed (resolve)
)

# the environment of every git process: nothing of the caller's GIT_* variables
_ENV_KEEP = ("PATH", "SYSTEMROOT", "TMPDIR", "TMP", "TEMP")
_ENV_SET = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_NO_LAZY_FETCH": "1",  # git >= 2.44; protocol.allow=never covers older ones
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_ATTR_NOSYSTEM": "1",
    "GIT_PROTOCOL_FROM_USER": "0",
    "GIT_LITERAL_PATHSPECS": "1",  # a data directory named `d*` or `:(glob)x` is that name
    "LC_ALL": "C",
    "LANGUAGE": "C",
}


def _absolute_path(value: str) -> str:
    """A PATH with only its absolute entries: an empty entry or ``.`` would find a
    ``git`` committed at the top of the work tree, where git runs."""
    return os.pathsep.join(d for d in value.split(os.pathsep) if os.path.isabs(d))


def git_env() -> dict[str, str]:
    """The fixed environment every git process runs in."""
    env = {k: os.environ[k] for k in _ENV_KEEP if k in os.environ}
    env["PATH"] = _absolute_path(env.get("PATH", os.defpath)) or _absolute_path(os.defpath)
    env.update(_ENV_SET)
    return env


def check_rev(rev: str) -> str:
    """Refuse revisions that could be read as options or carry odd characters."""
    if not rev or rev.startswith("-"):
        raise UsageError(
            _("the revision {rev!r} starts with '-'; a revision is not an option", rev=rev)
        )
    if not _SAFE_REV.fullmatch(rev) or ".." in rev:
        raise UsageError(
            _("{rev!r} is not a revision digictl accepts (a branch, tag or commit)", rev=rev)
        )
    return rev


@dataclass(frozen=True)
class Repo:
    """A repository found from its work tree: the top level and its real git directory."""

    root: Path  # the work tree's top level
    git_dir: Path  # the .git directory (or the one a .git file names)
    trusted: tuple[str, ...] = ()  # safe.directory values from the user's own configuration

    @property
    def working_tree_dir(self) -> str:
        return str(self.root)


@dataclass(frozen=True)
class Commit:
    repo: Repo
    hexsha: str


def _reason(stderr: bytes) -> str:
    """git's own complaint, on one line of printable text."""
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    text = lines[-1] if lines else "no reason given"
    text = re.sub(r"^(fatal|error): ", "", text)
    return "".join(c if c.isprintable() else "?" for c in text)[:300]


def _run(
    argv: list[str], cwd: Path, stdin: bytes | None = None, **env: str
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            argv, cwd=cwd, env={**git_env(), **env}, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise InputError(
            _("git is not installed (or not on PATH), so history cannot be read")
        ) from None
    except OSError as exc:
        raise InputError(
            _("git could not be started: {reason}", reason=exc.strerror or exc)
        ) from None


def _settings(trusted: tuple[str, ...]) -> list[str]:
    argv: list[str] = []
    for setting in (*SAFE_CONFIG, *(f"safe.directory={d}" for d in trusted)):
        argv += ["-c", setting]
    return argv


def _proc(repo: Repo, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``git ARGS`` on ``repo`` only, safely (see the module's docstring)."""
    argv = ["git", *_settings(repo.trusted), f"--git-dir={repo.git_dir}"]
    return _run([*argv, f"--work-tree={repo.root}", *args], repo.root, stdin)


def _git(repo: Repo, *args: str, stdin: bytes | None = None) -> bytes:
    """The output of ``git ARGS`` on ``repo``; an input error naming git's reason if it fails."""
    proc = _proc(repo, *args, stdin=stdin)
    if proc.returncode != 0:
        raise InputError(
            _(
                "git {command} failed in {root}: {reason}",
                command=args[0],
                root=repo.root,
                reason=_reason(proc.stderr),
            )
        )
    return proc.stdout


def _top_level(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` holding a ``.git`` entry (never tracked)."""
    for d in (start, *start.parents):
        if os.path.lexists(d / ".git"):
            return d
    return None


@functools.cache
def _trusted_directories() -> tuple[str, ...]:
    """safe.directory from the user's own (global and system) git configuration."""
    out: list[str] = []
    for scope in ("--system", "--global"):
        try:
            proc = subprocess.run(
                ["git", "config", scope, "--get-all", "safe.directory"],
                cwd=os.path.abspath(os.sep),
                env={
                    **{k: v for k, v in os.environ.items() if not k.startswith("GIT_DIR")},
                    "PATH": git_env()["PATH"],
                },
                capture_output=True,
                check=False,
            )
        except OSError:
            continue
        out += [ln for ln in proc.stdout.decode("utf-8", "replace").splitlines() if ln]
    return tuple(out)


def _discover(top: Path, trusted: tuple[str, ...]) -> subprocess.CompletedProcess[bytes]:
    """git's view of the repository at ``top`` (a .git entry is there); it looks no higher."""
    argv = ["git", *_settings(trusted), "rev-parse", "--absolute-git-dir", "--show-toplevel"]
    return _run(argv, top, GIT_CEILING_DIRECTORIES=str(top.parent))


def _real(path: Path) -> Path:
    """``path`` with every link resolved; an input error for a loop of links."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        raise InputError(
            _("{path!r} leads into a loop of symbolic links", path=str(path))
        ) from None


def open_repo(path: Path) -> Repo:
    """The git repository whose work tree holds ``path``."""
    check_no_link(path)  # a committed link must not lead to another repository
    start = _real(path)
    top = _top_level(start)
    if top is None:
        raise InputError(
            _(
                "{path!r} is not inside a git repository, so --at and diff cannot read history",
                path=str(path),
            )
        )
    trusted: tuple[str, ...] = ()
    proc = _discover(top, trusted)
    if proc.returncode != 0 and b"dubious ownership" in proc.stderr:
        trusted = _trusted_directories()
        proc = _discover(top, trusted)
    if proc.returncode != 0:
        raise InputError(
            _(
                "git cannot read the repository {top}: {reason}",
                top=top,
                reason=_reason(proc.stderr),
            )
        )
    lines = proc.stdout.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) != 2 or Path(lines[1]).resolve() != top:
        raise InputError(_("git does not take {top} for the top level of its repository", top=top))
    git_dir = Path(lines[0]).resolve()
    dot_git = top / ".git"
    if dot_git.is_dir() and not dot_git.is_symlink() and git_dir != dot_git.resolve():
        raise InputError(
            _("git does not take {git_dir} for the repository of {top}", git_dir=dot_git, top=top)
        )
    return Repo(root=top, git_dir=git_dir, trusted=trusted)


_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def _rev_parse(repo: Repo, rev: str) -> str | None:
    proc = _proc(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", rev)
    sha = proc.stdout.decode("ascii", "replace").strip()
    return sha if proc.returncode == 0 and _SHA.fullmatch(sha) else None


def resolve(repo: Repo, rev: str) -> Commit:
    """The commit a (checked) revision names; a usage error otherwise.

    Anything `git rev-parse` understands works: ``HEAD~2``, ``main@{upstream}``,
    ``HEAD@{yesterday}``, a tag, an abbreviated id.
    """
    check_rev(rev)
    proc = _proc(repo, "rev-parse", "--verify", "--end-of-options", f"{rev}^{{commit}}")
    sha = proc.stdout.decode("ascii", "replace").strip()
    if proc.returncode == 0 and _SHA.fullmatch(sha):
        if b"is ambiguous" in proc.stderr:  # git would pick one of them, a tag first
            raise UsageError(
                _(
                    "the revision {rev!r} is ambiguous in {root}: more than one ref (a tag "
                    "and a branch, say) has that name; name it in full (refs/heads/…, "
                    "refs/remotes/… or refs/tags/…)",
                    rev=rev,
                    root=repo.root,
                )
            )
        return Commit(repo, sha)
    if _rev_parse(repo, rev) is not None:
        raise UsageError(
            _(
                "the revision {rev!r} names something in {root} that is not a commit",
                rev=rev,
                root=repo.root,
            )
        )
    proc = _proc(repo, "rev-parse", "--verify", "--end-of-options", f"{rev}^{{commit}}")
    raise UsageError(
        _(
            "the revision {rev!r} does not exist in {root} ({reason})",
            rev=rev,
            root=repo.root,
            reason=_reason(proc.stderr),
        )
    )


def relative(path: str, prefix: str) -> str:
    """A repository path relative to the data directory at ``prefix``."""
    return path[len(prefix) + 1 :] if prefix else path


def prefix_of(repo: Repo, data_dir: Path) -> str:
    """The data directory's path inside the repository, posix style ('' for the root)."""
    check_no_link(data_dir)  # a committed link must not lead the history elsewhere
    root = repo.root
    try:
        rel = _real(data_dir).relative_to(root)
    except ValueError:
        raise InputError(
            _("{path!r} is not inside the repository {root}", path=str(data_dir), root=root)
        ) from None
    return rel.as_posix() if str(rel) != "." else ""


# where a change starts, by full ref name in the real repository (a tag or a file cannot pose)
DEFAULT_BRANCHES = (
    "refs/remotes/origin/HEAD",
    "refs/remotes/origin/main",
    "refs/remotes/origin/master",
    "refs/heads/main",
    "refs/heads/master",
)


def default_base(repo: Repo) -> Commit:
    """Where a change starts: the merge base with the default branch, else HEAD."""
    head = _rev_parse(repo, "HEAD^{commit}")
    if head is None:
        raise UsageError(
            _(
                "the repository {root} has no commits yet, so there is nothing "
                "to compare with; commit first or name a BASE revision",
                root=repo.root,
            )
        )
    for name in DEFAULT_BRANCHES:
        other = _rev_parse(repo, f"{name}^{{commit}}")
        if other is None:
            continue
        proc = _proc(repo, "merge-base", "--end-of-options", head, other)
        base = proc.stdout.decode("ascii", "replace").strip()
        if proc.returncode == 0 and _SHA.fullmatch(base):
            return Commit(repo, base)
    return Commit(repo, head)


def short(commit: Commit) -> str:
    return str(commit.hexsha[:10])


@dataclass(frozen=True)
class TreeEntry:
    sha: str
    size: int


@dataclass
class Listing:
    """The files of a tree below a prefix, and the entries that are not read (as on disk)."""

    blobs: dict[str, TreeEntry] = field(default_factory=dict)
    refused: list[Refused] = field(default_factory=list)


def list_tree(repo: Repo, sha: str, prefix: str) -> Listing:
    """Every entry below ``prefix`` at commit ``sha``, in one `git ls-tree`.

    Paths are relative to the prefix, decoded as the disk would be (``os.fsdecode``), so
    names that are not UTF-8 or hold control characters are refused by the same check as
    on disk. Symbolic links and submodules are listed as refused, never read; dot files
    and folders are left out, as on disk.
    """
    args = ["ls-tree", "-r", "-z", "-l", "--full-tree", "--end-of-options", sha]
    if prefix:
        args += ["--", prefix]
    out = _git(repo, *args)
    listing = Listing()
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _tab, raw_path = entry.partition(b"\t")
        fields = meta.split()
        if len(fields) != 4:
            continue
        mode, kind, blob, size = fields
        path = os.fsdecode(raw_path)
        rel = path[len(prefix) + 1 :] if prefix else path
        if any(part.startswith(".") for part in rel.split("/")) or rel in listing.blobs:
            continue
        if kind == b"commit" or mode == b"160000":
            listing.refused.append(Refused(rel, SUBMODULE))
        elif mode == b"120000":
            listing.refused.append(Refused(rel, LINK))
        elif kind == b"blob":
            listing.blobs[rel] = TreeEntry(blob.decode("ascii"), int(size) if size.isdigit() else 0)
    return listing


def check_batch_name(name: str) -> None:
    """Refuse a name (an id, or ``rev:path``) that `git cat-file --batch` cannot be given."""
    if "\n" in name or "\r" in name:
        raise UsageError(
            _(
                "cannot read '{path}' from git: the path holds a line break, which git's batch "
                "reading cannot name (rename the folder)",
                path=shown_name(name.partition(":")[2] or name),
            )
        )


def read_raw(repo: Repo, names: list[str]) -> dict[str, tuple[bytes, bytes] | None]:
    """Many objects (ids, or ``rev:path``) in one `git cat-file --batch` stream.

    Each name maps to (kind, bytes), or None when it is missing.
    """
    if not names:
        return {}
    for name in names:
        check_batch_name(name)
    out = _git(repo, "cat-file", "--batch", stdin="\n".join(names).encode() + b"\n")
    data: dict[str, tuple[bytes, bytes] | None] = {}
    pos = 0
    for name in names:
        header_end = out.find(b"\n", pos)
        if header_end < 0:
            raise InputError(_("git cat-file stopped early in {root}", root=repo.root))
        fields = out[pos:header_end].split()
        if len(fields) != 3 or not fields[2].isdigit():  # "<name> missing" / "ambiguous"
            data[name] = None
            pos = header_end + 1
            continue
        _sha, kind, size = fields
        start = header_end + 1
        data[name] = (kind, out[start : start + int(size)])
        pos = start + int(size) + 1
    return data


def read_objects(repo: Repo, names: list[str]) -> dict[str, bytes | None]:
    """Many blobs (ids, or ``rev:path``): their bytes, or None when missing or not a blob."""
    return {
        name: found[1] if found is not None and found[0] == b"blob" else None
        for name, found in read_raw(repo, names).items()
    }


def read_blobs(repo: Repo, shas: list[str]) -> dict[str, bytes]:
    """The contents of many blobs in one `git cat-file --batch` stream."""
    return {k: v for k, v in read_objects(repo, shas).items() if v is not None}


def has_path(repo: Repo, commit: Commit, path: str) -> bool:
    """Whether ``path`` exists (as anything) at ``commit``."""
    return _rev_parse(repo, f"{commit.hexsha}:{path}") is not None


@dataclass
class GitSource:
    """The files of a data directory at one commit, read from the object database in bulk."""

    commit: Commit
    prefix: str
    label: str
    _tree: Listing | None = None
    _contents: dict[str, bytes] | None = field(default=None, repr=False)

    def _listing(self) -> dict[str, TreeEntry]:
        return self._read_tree().blobs

    def _read_tree(self) -> Listing:
        if self._tree is None:
            repo = self.commit.repo
            tree = list_tree(repo, self.commit.hexsha, self.prefix)
            empty = not tree.blobs and not tree.refused
            if self.prefix and empty and not has_path(repo, self.commit, self.prefix):
                raise InputError(
                    _(
                        "revision {commit} has no {folder}/ directory",
                        commit=short(self.commit),
                        folder=self.prefix,
                    )
                )
            sizes = {e.sha: e.size for e in tree.blobs.values() if e.size <= MAX_BYTES}
            if sum(sizes.values()) > MAX_TOTAL_BYTES:
                raise InputError(
                    _(
                        "the data directory at revision {commit} holds {size} MiB of files; "
                        "digictl reads at most {most} MiB from one revision",
                        commit=short(self.commit),
                        size=sum(sizes.values()) // (1024 * 1024),
                        most=MAX_TOTAL_BYTES // (1024 * 1024),
                    )
                )
            self._tree = tree
        return self._tree

    def refused(self) -> list[Refused]:
        """The links and submodules of the revision's data directory: never read."""
        return list(self._read_tree().refused)

    def files(self) -> list[str]:
        return sorted(self._listing())

    def read(self, rel: str) -> bytes:
        listing = self._listing()
        entry = listing.get(rel)
        if entry is None:
            raise FileNotFoundError(2, "No such file in the revision", rel)
        if entry.size > MAX_BYTES:
            raise LoadError(
                _(
                    "the file is {size} MiB; digictl reads files of at most {most} MiB",
                    size=entry.size // (1024 * 1024),
                    most=MAX_BYTES // (1024 * 1024),
                )
            )
        if self._contents is None:
            wanted = {e.sha for e in listing.values() if e.size <= MAX_BYTES}
            by_sha = read_blobs(self.commit.repo, sorted(wanted))
            self._contents = {p: by_sha[e.sha] for p, e in listing.items() if e.sha in by_sha}
        try:
            return self._contents[rel]
        except KeyError:
            raise FileNotFoundError(2, "No such file in the revision", rel) from None

    def blob_id(self, rel: str) -> str:
        return self._listing()[rel].sha


def source_at(data_dir: Path, rev: str) -> GitSource:
    """A Source for ``data_dir`` as it was at revision ``rev``."""
    check_rev(rev)
    repo = open_repo(data_dir if data_dir.exists() else Path.cwd())
    commit = resolve(repo, rev)
    return GitSource(commit, prefix_of(repo, data_dir), _real(data_dir).name)


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    author: str
    date: str  # ISO date of the commit
    summary: str
    parent: str | None = None  # the first parent, if any


def _commit_date(line: bytes) -> str:
    """The ISO date of a ``committer ... <email> 1672660800 +0100`` line, in its own zone."""
    m = re.search(rb"> (\d{1,15}) ([+-])(\d\d)(\d\d)$", line)
    if m is None:
        return ""
    offset = timedelta(hours=int(m[3]), minutes=int(m[4])) * (-1 if m[2] == b"-" else 1)
    try:
        return datetime.fromtimestamp(int(m[1]), timezone(offset)).date().isoformat()
    except (ValueError, OverflowError, OSError):
        return ""


def _commit_info(sha: str, parents: list[str], raw: bytes) -> CommitInfo:
    """Who, when and what, from a raw commit object (which the history's author wrote)."""
    head, _gap, message = raw.partition(b"\n\n")
    author, date = b"", ""
    for line in head.split(b"\n"):
        if line.startswith(b"author "):
            author = line[len(b"author ") :].rsplit(b" <", 1)[0]
        elif line.startswith(b"committer "):
            date = _commit_date(line)
    return CommitInfo(
        sha=sha,
        author=author.decode("utf-8", "replace"),
        date=date,
        summary=message.split(b"\n", 1)[0].decode("utf-8", "replace"),
        parent=parents[0] if parents else None,
    )


def commits_touching(repo: Repo, path: str, rev: str = "HEAD") -> list[CommitInfo]:
    """Commits that changed ``path`` (repository-relative), newest first.

    A renamed file is a new entity (its id is its file name), so renames are not followed.
    The commits are read raw (one `git cat-file --batch`): names and messages are text
    of the history's authors and are never parsed as a format.
    """
    sha = resolve(repo, rev).hexsha
    out = _git(
        repo, "rev-list", "--no-commit-header", "--format=%H %P", "--end-of-options", sha,
        "--", path,
    )  # fmt: skip
    rows = [line.decode("ascii").split() for line in out.splitlines() if line.strip()]
    raw = read_raw(repo, [row[0] for row in rows])
    infos = []
    for commit, *parents in rows:
        found = raw.get(commit)
        if found is None or found[0] != b"commit":
            raise InputError(
                _("git cannot read the commit {commit} in {root}", commit=commit, root=repo.root)
            )
        infos.append(_commit_info(commit, parents, found[1]))
    return infos


@dataclass(frozen=True)
class PathChange:
    """A commit that changed some of the paths asked for: per path, the blob before and
    after (None: no file). Empty for a merge, whose change git's log does not show."""

    sha: str
    parents: tuple[str, ...]
    blobs: dict[str, tuple[str | None, str | None]]


def _blob_id(raw: bytes) -> str | None:
    text = raw.decode("ascii", "replace")
    return None if not _SHA.fullmatch(text) or not text.strip("0") else text


def _parse_path_log(out: bytes) -> list[PathChange]:
    """The commits of a ``git log -z --raw --format=%x01%H %P``, newest first."""
    changes: list[PathChange] = []
    tokens = out.split(b"\0")
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip(b"\n")
        i += 1
        if token.startswith(b"\x01"):
            sha, *parents = token[1:].decode("ascii", "replace").split()
            changes.append(PathChange(sha, tuple(parents), {}))
        elif token.startswith(b":") and changes and i < len(tokens):
            fields = token.split()  # :old-mode new-mode old-blob new-blob status
            path = os.fsdecode(tokens[i])
            i += 1
            if len(fields) == 5:
                changes[-1].blobs[path] = (_blob_id(fields[2]), _blob_id(fields[3]))
    return changes


def path_log(repo: Repo, paths: list[str], sha: str) -> list[PathChange]:
    """The commits up to ``sha`` that changed any of ``paths`` (repository-relative), newest
    first, with the blob of each path before and after: one `git log --raw`.

    The commits are those `git rev-list SHA -- PATHS` gives (renames are not followed: a
    renamed file is a new entity). Every option that could change what git prints is
    given, so the repository's configuration cannot.
    """
    out = _git(
        repo, "-c", "log.follow=false", "log", "-z", "--raw", "--no-abbrev", "--no-renames",
        "--root", "--no-color", "--no-decorate", "--no-show-signature", "--no-ext-diff",
        "--format=%x01%H %P", "--end-of-options", sha, "--", *paths,
    )  # fmt: skip
    return _parse_path_log(out)


def commit_info(repo: Repo, change: PathChange, raw: tuple[bytes, bytes] | None) -> CommitInfo:
    """Who, when and what of a commit read by `read_raw`; an input error if it is not one."""
    if raw is None or raw[0] != b"commit":
        raise InputError(
            _("git cannot read the commit {commit} in {root}", commit=change.sha, root=repo.root)
        )
    return _commit_info(change.sha, list(change.parents), raw[1])
