"""Reading a data directory from git history (DESIGN §6 `--at REV`, §7 safe revisions).

Every test builds its own scratch repository in tmp_path: `git init`, the clean
base partnership (tests/cases/_base) copied to `<repo>/data`, one commit; then
commits of its own. ``Scratch`` is shared with the CLI tests of diff and log.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from digictl.cli import app
from digictl.errors import InputError, LoadError, UsageError
from digictl.history import gitrepo
from digictl.load.dataset import DirectorySource, read_dataset
from tests.conftest import BASE

AS_OF = "2023-06-15"  # tests/conftest.py BASE_AS_OF

_VENV_DIGICTL = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "digictl"
# the installed command, for tests where a real working directory matters
DIGICTL = [str(_VENV_DIGICTL)] if _VENV_DIGICTL.exists() else [sys.executable, "-m", "digictl"]

# git run by the tests sees no system or user configuration (digictl sets its own: gitrepo.git_env)
GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_TERMINAL_PROMPT": "0",
}

FELLES = "projects/felles-arkiv.yaml"
BUDGET_DECISION = "  decision: SG-2021-03\n"  # budget.decision of the active project felles-arkiv
LAST_MILESTONE = "  - name: Innføring i alle kommunane\n    due: 2024-03-01\n"
NEW_MILESTONE = LAST_MILESTONE + "  - name: Evaluering\n    due: 2024-05-31\n"
AGREEMENT = "agreements/avtale-2021.yaml"
BOARD = "bodies/styringsgruppa.yaml"
NEW_AMENDMENT = (
    "  - id: endring-2\n"
    "    date: 2023-06-01\n"
    "    summary: Avtala forlenga til 2025\n"
    "    consented_by: [bergen, askoy, alver, bjornafjorden]\n"
)


class Scratch:
    """A scratch git repository holding the base partnership in ``data/``, committed on main."""

    def __init__(self, root: Path, data_dir: str = "data") -> None:
        self.root = root
        self.data = root / data_dir if data_dir else root
        self._day = date(2023, 1, 1)
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Tester T")
        self.git("config", "user.email", "tester@example.org")
        self.git("config", "commit.gpgsign", "false")
        shutil.copytree(BASE, self.data, dirs_exist_ok=True)
        self.base = self.commit("base partnership")

    def git(self, *args: str, **env: str) -> str:
        result = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env={**os.environ, **GIT_ENV, **env},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"git {' '.join(args)} failed: {result.stderr}"
        return result.stdout.strip()

    def text(self, rel: str) -> str:
        return (self.data / rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        path = self.data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        text = self.text(rel)
        assert text.count(old) == 1, f"{old!r} is not once in {rel}"
        self.write(rel, text.replace(old, new))

    def delete(self, rel: str) -> None:
        (self.data / rel).unlink()

    def diverge(self) -> None:
        """main: base, then ideverksted rejected; feature (from base): a new milestone.

        Leaves `feature` checked out."""
        self.git("checkout", "-q", "-b", "feature")
        self.replace(FELLES, LAST_MILESTONE, NEW_MILESTONE)
        self.commit("feature: milestone")
        self.git("checkout", "-q", "main")
        self.replace("projects/ideverksted.yaml", "status: proposed", "status: rejected")
        self.commit("main: ideverksted rejected")
        self.git("checkout", "-q", "feature")

    def commit(self, message: str, author: str = "Tester T") -> str:
        """Commit everything (one day after the previous commit); returns the full sha."""
        self._day += timedelta(days=1)
        stamp = f"{self._day.isoformat()}T12:00:00+00:00"
        self.git("add", "-A")
        self.git(
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            message,
            GIT_AUTHOR_NAME=author,
            GIT_AUTHOR_EMAIL=f"{author.split()[0].lower()}@example.org",
            GIT_AUTHOR_DATE=stamp,
            GIT_COMMITTER_DATE=stamp,
        )
        return self.git("rev-parse", "HEAD")

    @property
    def day(self) -> str:
        """The date of the last commit."""
        return self._day.isoformat()


@pytest.fixture(autouse=True)
def _git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("DIGICTL_DATA", raising=False)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def scratch(tmp_path: Path) -> Scratch:
    return Scratch(tmp_path / "repo")


def inside_git(path: Path) -> bool:
    return any((p / ".git").exists() for p in [path, *path.parents])


def run(*args: object) -> Result:
    """digictl in-process; never a crash."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        raise AssertionError(f"digictl crashed with {exc!r}") from exc
    assert "Traceback" not in result.output
    return result


def one_line(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    return lines[0]


# --- check_rev: a revision is never an option --------------------------------------------


@pytest.mark.parametrize(
    "rev",
    [
        "main",
        "HEAD",
        "HEAD~2",
        "HEAD^",
        "v1.0.0",
        "feature/new-board",
        "origin/main",
        "a1b2c3d",
        "HEAD@{1}",
    ],
)
def test_check_rev_accepts_ordinary_revisions(rev: str) -> None:
    assert gitrepo.check_rev(rev) == rev


@pytest.mark.parametrize("rev", ["-rf", "--output=/tmp/x", "-", "--all"])
def test_check_rev_refuses_option_like_revisions(rev: str) -> None:
    with pytest.raises(UsageError, match="starts with '-'"):
        gitrepo.check_rev(rev)


@pytest.mark.parametrize(
    "rev", ["", "main..feature", "HEAD; rm -rf /", "a b", "$(id)", "main\n-x", "main\n"]
)
def test_check_rev_refuses_odd_revisions(rev: str) -> None:
    with pytest.raises(UsageError):
        gitrepo.check_rev(rev)


# --- the repository and its commits ------------------------------------------------------------


def test_open_repo_finds_the_repository_from_the_data_dir(scratch: Scratch) -> None:
    repo = gitrepo.open_repo(scratch.data / "projects")
    assert Path(str(repo.working_tree_dir)).resolve() == scratch.root.resolve()


def test_open_repo_outside_git_is_an_input_error(tmp_path: Path) -> None:
    if inside_git(tmp_path):
        pytest.skip("the temporary directory is inside a git repository")
    with pytest.raises(InputError, match="not inside a git repository"):
        gitrepo.open_repo(tmp_path)


def test_resolve_names_the_commit(scratch: Scratch) -> None:
    first = scratch.base
    scratch.write("people/ny-person.yaml", "id: ny-person\nname: Ny Person\norg: bergen\n")
    second = scratch.commit("a person")
    repo = gitrepo.open_repo(scratch.root)
    assert gitrepo.resolve(repo, "HEAD").hexsha == second
    assert gitrepo.resolve(repo, "HEAD~1").hexsha == first
    assert gitrepo.resolve(repo, first[:10]).hexsha == first
    assert gitrepo.short(gitrepo.resolve(repo, "main")) == second[:10]


@pytest.mark.parametrize("rev", ["nosuchbranch", "HEAD~7", "deadbeef1234"])
def test_resolve_unknown_revision_is_a_usage_error(scratch: Scratch, rev: str) -> None:
    repo = gitrepo.open_repo(scratch.root)
    with pytest.raises(UsageError, match="does not exist"):
        gitrepo.resolve(repo, rev)


def test_resolve_checks_the_revision_before_git_sees_it(scratch: Scratch) -> None:
    repo = gitrepo.open_repo(scratch.root)
    with pytest.raises(UsageError, match="starts with '-'"):
        gitrepo.resolve(repo, "--all")


def test_prefix_of_data_dir(scratch: Scratch, tmp_path: Path) -> None:
    repo = gitrepo.open_repo(scratch.root)
    assert gitrepo.prefix_of(repo, scratch.data) == "data"
    assert gitrepo.prefix_of(repo, scratch.root) == ""
    with pytest.raises(InputError, match="not inside the repository"):
        gitrepo.prefix_of(repo, tmp_path / "elsewhere")


def test_default_base_is_head_without_a_default_branch(tmp_path: Path) -> None:
    s = Scratch(tmp_path / "repo")
    s.git("branch", "-m", "main", "trunk")
    s.write("people/ny-person.yaml", "id: ny-person\nname: Ny Person\norg: bergen\n")
    head = s.commit("a person")
    repo = gitrepo.open_repo(s.root)
    assert gitrepo.default_base(repo).hexsha == head


def test_default_base_is_the_merge_base_with_main(scratch: Scratch) -> None:
    scratch.diverge()
    repo = gitrepo.open_repo(scratch.root)
    assert gitrepo.default_base(repo).hexsha == scratch.base


def test_commits_touching_newest_first(scratch: Scratch) -> None:
    scratch.replace(FELLES, "total: 1000000", "total: 1200000")
    scratch.replace(FELLES, "      amount: 600000", "      amount: 800000")
    budget = scratch.commit("budget up", author="Per Budsjett")
    scratch.replace("projects/ideverksted.yaml", "status: proposed", "status: rejected")
    scratch.commit("other project")
    scratch.replace(FELLES, LAST_MILESTONE, NEW_MILESTONE)
    milestone = scratch.commit("milestone", author="Kari Milepæl")
    repo = gitrepo.open_repo(scratch.root)
    infos = gitrepo.commits_touching(repo, "data/projects/felles-arkiv.yaml")
    assert [i.sha for i in infos] == [milestone, budget, scratch.base]
    assert [i.author for i in infos] == ["Kari Milepæl", "Per Budsjett", "Tester T"]
    assert [i.summary for i in infos] == ["milestone", "budget up", "base partnership"]
    assert infos[0].date == scratch.day
    # up to an older revision only
    assert [
        i.sha for i in gitrepo.commits_touching(repo, "data/projects/felles-arkiv.yaml", "HEAD~1")
    ] == [
        budget,
        scratch.base,
    ]


# --- GitSource: the files of a revision, from the object database ------------------------------


def test_git_source_lists_the_committed_files_only(scratch: Scratch) -> None:
    scratch.write("people/uncommitted.yaml", "id: uncommitted\nname: U\norg: bergen\n")
    scratch.write(".hidden/secret.yaml", "x: 1\n")
    src = gitrepo.source_at(scratch.data, "HEAD")
    committed = sorted(p.relative_to(BASE).as_posix() for p in BASE.rglob("*") if p.is_file())
    assert src.files() == committed
    assert "people/uncommitted.yaml" not in src.files()
    assert src.label == "data"


def test_git_source_skips_dot_files_of_the_revision(scratch: Scratch) -> None:
    scratch.write(".hidden/secret.yaml", "x: 1\n")
    scratch.write("projects/.draft.yaml", "x: 1\n")
    scratch.commit("dot files")
    files = gitrepo.source_at(scratch.data, "HEAD").files()
    assert ".hidden/secret.yaml" not in files
    assert "projects/.draft.yaml" not in files
    assert "network.yaml" in files


def test_git_source_reads_the_revision_not_the_work_tree(scratch: Scratch) -> None:
    committed = (scratch.data / FELLES).read_bytes()
    scratch.replace(FELLES, "total: 1000000", "total: 9")
    src = gitrepo.source_at(scratch.data, "HEAD")
    assert src.read(FELLES) == committed
    assert src.blob_id(FELLES) == scratch.git("rev-parse", f"HEAD:data/{FELLES}")


def test_git_source_reads_a_data_dir_at_the_repository_root(tmp_path: Path) -> None:
    s = Scratch(tmp_path / "repo", data_dir="")
    src = gitrepo.source_at(s.data, "HEAD")
    assert "network.yaml" in src.files()
    assert src.read("network.yaml") == (BASE / "network.yaml").read_bytes()


def test_git_source_dataset_equals_the_directory_dataset(scratch: Scratch) -> None:
    from_git = read_dataset(gitrepo.source_at(scratch.data, "HEAD"))
    from_dir = read_dataset(DirectorySource(scratch.data))
    assert [(e.entity, e.rel, e.valid) for e in from_git.entries] == [
        (e.entity, e.rel, e.valid) for e in from_dir.entries
    ]
    assert [e.doc.data for e in from_git.entries if e.doc] == [
        e.doc.data for e in from_dir.entries if e.doc
    ]


def test_git_source_of_a_revision_without_the_data_dir(scratch: Scratch) -> None:
    scratch.git("rm", "-rq", "data")
    scratch.commit("data removed")
    (scratch.root / "data").mkdir()
    src = gitrepo.source_at(scratch.data, "HEAD")
    with pytest.raises(InputError, match="no data/ directory"):
        src.files()


# --- --at REV on the command line ----------------------------------------------------------------


@pytest.fixture
def history(scratch: Scratch) -> Scratch:
    """Three commits: HEAD~2 valid; HEAD~1 breaks project-mandate (and shifts lines);
    HEAD valid again with a milestone due within the horizon. The work tree breaks
    project-mandate again, uncommitted."""
    text = scratch.text(FELLES)
    scratch.write(FELLES, "# line\n# line\n# line\n" + text.replace(BUDGET_DECISION, ""))
    scratch.commit("budget decision dropped")
    scratch.write(
        FELLES,
        text.replace(
            LAST_MILESTONE, LAST_MILESTONE + "  - name: Pilot i Alver\n    due: 2023-08-01\n"
        ),
    )
    scratch.commit("decision back, pilot milestone")
    scratch.replace(FELLES, BUDGET_DECISION, "")
    return scratch


def test_at_validate_gives_the_result_of_that_revision(history: Scratch) -> None:
    data = history.data
    now = run("--as-of", AS_OF, "--data", data, "validate", "--format", "json")
    assert now.exit_code == 1  # the work tree is broken ...
    head = run("--as-of", AS_OF, "--data", data, "--at", "HEAD", "validate", "--format", "json")
    assert head.exit_code == 0, head.output  # ... HEAD is not
    assert json.loads(head.stdout)["ok"] is True

    broken = run("--as-of", AS_OF, "--data", data, "--at", "HEAD~1", "validate", "--format", "json")
    assert broken.exit_code == 1
    report = json.loads(broken.stdout)
    assert report["ok"] is False
    assert report["counts"]["error"] == 1
    [finding] = report["findings"]
    assert finding["rule"] == "project-mandate"
    assert finding["entity"] == "project:felles-arkiv"
    assert finding["file"] == "data/projects/felles-arkiv.yaml"
    # the line is the line in that revision's file (three comment lines on top), not the work tree's
    old_text = history.git("show", f"HEAD~1:data/{FELLES}").splitlines()
    assert finding["line"] == old_text.index("budget:") + 1

    first = run("--as-of", AS_OF, "--data", data, "--at", "HEAD~2", "validate")
    assert first.exit_code == 0, first.output
    by_sha = run("--as-of", AS_OF, "--data", data, "--at", history.base[:12], "validate")
    assert by_sha.exit_code == 0, by_sha.output


def test_at_deadlines_json_gives_the_deadlines_of_that_revision(history: Scratch) -> None:
    def milestones(rev: str) -> list[dict[str, object]]:
        result = run(
            "--as-of", AS_OF, "--data", history.data, "--at", rev, "deadlines", "--format", "json"
        )
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        assert doc["version"] == 1
        assert doc["as_of"] == AS_OF
        return [d for d in doc["deadlines"] if d["kind"] == "milestone"]

    assert milestones("HEAD") == [
        {
            "kind": "milestone",
            "subject": "project:felles-arkiv",
            "title": "felles-arkiv: Pilot i Alver",
            "due": "2023-08-01",
            "effective": "2023-08-01",
            "status": "upcoming",
            "days_left": 47,
            "rule": "milestone-overdue",
        }
    ]
    assert milestones("HEAD~1") == []
    assert milestones("main~2") == []


def test_at_reads_a_data_dir_deleted_from_the_work_tree(scratch: Scratch) -> None:
    scratch.git("rm", "-rq", "data")
    scratch.commit("data removed")
    result = subprocess.run(
        [*DIGICTL, "--as-of", AS_OF, "--at", "HEAD~1", "validate"],
        cwd=scratch.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "0 errors" in result.stdout


@pytest.mark.parametrize("rev", ["-rf", "--help", "-x"])
def test_at_option_like_revision_is_refused(scratch: Scratch, rev: str) -> None:
    result = run("--data", scratch.data, f"--at={rev}", "validate")
    assert result.exit_code == 2
    assert "not an option" in one_line(result.stderr)
    assert result.stdout == ""


@pytest.mark.parametrize("rev", ["nosuchbranch", "HEAD~9", "main..HEAD", "HEAD:data"])
def test_at_unknown_revision_exits_2(scratch: Scratch, rev: str) -> None:
    result = run("--as-of", AS_OF, "--data", scratch.data, "--at", rev, "validate")
    assert result.exit_code == 2
    assert rev in one_line(result.stderr)


def test_at_outside_git_is_a_clear_error_but_validate_works(base_data: Path) -> None:
    if inside_git(base_data):
        pytest.skip("the temporary directory is inside a git repository")
    plain = run("--as-of", AS_OF, "--data", base_data, "validate")
    assert plain.exit_code == 0, plain.output
    at = run("--as-of", AS_OF, "--data", base_data, "--at", "HEAD", "validate")
    assert at.exit_code == 2
    assert "not inside a git repository" in one_line(at.stderr)


# --- hostile data: the repository is never found in tracked files (issue #10) ------------------


def plant_bare_repository(where: Path) -> None:
    """What git takes for a bare repository: HEAD, refs/ and objects/ (all could be tracked)."""
    (where / "refs" / "heads").mkdir(parents=True, exist_ok=True)
    (where / "objects" / "info").mkdir(parents=True, exist_ok=True)
    (where / "HEAD").write_text("ref: refs/heads/main\n")
    (where / "refs" / "heads" / "main").write_text("1" * 40 + "\n")
    (where / "config").write_text("[core]\n\tbare = true\n")


@pytest.mark.parametrize("inside", ["data", "data/projects"])
def test_open_repo_never_takes_the_data_for_a_git_directory(scratch: Scratch, inside: str) -> None:
    plant_bare_repository(scratch.root / inside)
    scratch.commit("a bare repository in the data")
    repo = gitrepo.open_repo(scratch.root / inside)
    assert repo.root == scratch.root.resolve()
    assert repo.git_dir == (scratch.root / ".git").resolve()
    assert gitrepo.resolve(repo, "main").hexsha == scratch.git("rev-parse", "main")


def test_open_repo_ignores_the_callers_git_variables(
    scratch: Scratch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "fake"
    plant_bare_repository(fake)
    monkeypatch.setenv("GIT_DIR", str(fake))
    monkeypatch.setenv("GIT_WORK_TREE", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", "'core.fsmonitor'='touch /nonexistent/x'")
    repo = gitrepo.open_repo(scratch.data)
    assert repo.git_dir == (scratch.root / ".git").resolve()
    assert gitrepo.resolve(repo, "HEAD").hexsha == scratch.base
    env = gitrepo.git_env()
    assert not {"GIT_DIR", "GIT_WORK_TREE", "GIT_CONFIG_PARAMETERS"} & set(env)
    assert env["GIT_CONFIG_NOSYSTEM"] == "1"
    assert env["GIT_CONFIG_GLOBAL"] == os.devnull
    assert env["GIT_NO_REPLACE_OBJECTS"] == "1"


def test_a_bare_repository_that_is_not_below_a_dot_git_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "fake"
    plant_bare_repository(fake)
    if inside_git(fake):
        pytest.skip("the temporary directory is inside a git repository")
    with pytest.raises(InputError, match="not inside a git repository"):
        gitrepo.open_repo(fake)


def test_replace_objects_are_not_honoured(scratch: Scratch) -> None:
    scratch.replace(FELLES, "total: 1000000", "total: 9")
    other = scratch.commit("budget 9")
    scratch.git("replace", scratch.base, other)
    repo = gitrepo.open_repo(scratch.root)
    src = gitrepo.GitSource(gitrepo.resolve(repo, other + "~1"), "data", "data")
    assert b"total: 1000000" in src.read(FELLES)


def test_default_base_takes_full_branch_names_only(scratch: Scratch) -> None:
    scratch.diverge()
    scratch.git("tag", "origin/main", "feature")  # a tag that looks like the default branch
    repo = gitrepo.open_repo(scratch.root)
    assert gitrepo.default_base(repo).hexsha == scratch.base


# --- revisions with @{...} ----------------------------------------------------------------------


def test_reflog_and_upstream_revisions_resolve(scratch: Scratch) -> None:
    scratch.write("people/ny-person.yaml", "id: ny-person\nname: Ny Person\norg: bergen\n")
    second = scratch.commit("a person")
    repo = gitrepo.open_repo(scratch.root)
    assert gitrepo.resolve(repo, "HEAD@{1}").hexsha == scratch.base
    assert gitrepo.resolve(repo, "HEAD@{0}").hexsha == second
    assert gitrepo.resolve(repo, "HEAD@{2.days.ago}").hexsha in (scratch.base, second)
    scratch.git("remote", "add", "origin", "/nonexistent/repository")
    scratch.git("update-ref", "refs/remotes/origin/main", scratch.base)
    scratch.git("branch", "--set-upstream-to=origin/main", "main")
    assert gitrepo.resolve(repo, "main@{upstream}").hexsha == scratch.base
    assert gitrepo.resolve(repo, "@{u}").hexsha == scratch.base


@pytest.mark.parametrize(
    ("rev", "says"),
    [
        ("main@{upstream}", "no upstream configured"),
        ("HEAD@{9}", "does not exist"),
        ("nosuch@{yesterday}", "does not exist"),
        ("HEAD@{-1}", "does not exist"),
        ("HEAD^{tree}", "not a commit"),
        ("HEAD:data", "not a commit"),
    ],
)
def test_bad_at_revisions_exit_2_with_one_sentence(scratch: Scratch, rev: str, says: str) -> None:
    for args in (["--at", rev, "validate"], ["diff", rev], ["--at", rev, "log", "felles-arkiv"]):
        result = run("--as-of", AS_OF, "--data", scratch.data, *args)
        assert result.exit_code == 2, result.output
        line = one_line(result.stderr)
        assert rev in line and says in line


def test_yesterday_revisions_work_on_the_command_line(scratch: Scratch) -> None:
    for rev in ("HEAD@{yesterday}", "HEAD@{1.hour.ago}", "HEAD@{0}"):
        result = run("--as-of", AS_OF, "--data", scratch.data, "--at", rev, "validate")
        assert result.exit_code == 0, result.output
        diff = run("--as-of", AS_OF, "--data", scratch.data, "diff", rev)
        assert diff.exit_code == 0, diff.output


# --- what a revision holds that a directory could not -------------------------------------------


def test_a_file_name_that_is_not_utf8_is_refused_as_on_disk(scratch: Scratch) -> None:
    raw = bytes(scratch.data / "people") + b"/caf\xe9.yaml"
    with open(raw, "wb") as f:
        f.write(b"id: cafe\nname: Kafe\norg: bergen\n")
    scratch.commit("a name in Latin-1")
    os.unlink(raw)  # the work tree is clean again; the revision still has it
    src = gitrepo.source_at(scratch.data, "HEAD")
    assert os.fsdecode(b"people/caf\xe9.yaml") in src.files()
    text = run("--as-of", AS_OF, "--data", scratch.data, "diff", "HEAD~1", "HEAD")
    assert text.exit_code == 1, text.output
    assert "caf\\xe9.yaml" in text.stdout
    assert "not valid UTF-8" in text.stdout
    diff = run("--as-of", AS_OF, "--data", scratch.data, "diff", "HEAD~1", "HEAD", "-f", "json")
    assert diff.exit_code == 1, diff.output
    json.loads(diff.stdout)  # well-formed, whatever the name holds
    doc = json.loads(run("--data", scratch.data, "--at", "HEAD", "validate", "-f", "json").stdout)
    assert any(
        "caf\\xe9" in f["file"] and f["rule"] == "yaml" and "UTF-8" in f["message"]
        for f in doc["findings"]
    )


def test_a_symbolic_link_in_a_revision_is_not_read(scratch: Scratch) -> None:
    os.symlink("/etc/passwd", scratch.data / "people" / "passwd.yaml")
    os.symlink("ola-nordmann.yaml", scratch.data / "people" / "alias.yaml")
    os.symlink("/etc", scratch.data / "projects" / "linked-folder")
    scratch.commit("links")
    for name in ("people/passwd.yaml", "people/alias.yaml", "projects/linked-folder"):
        (scratch.data / name).unlink()
    src = gitrepo.source_at(scratch.data, "HEAD")
    assert "people/passwd.yaml" not in src.files()
    assert {r.rel for r in src.refused()} == {
        "people/passwd.yaml",
        "people/alias.yaml",
        "projects/linked-folder",
    }
    result = run("--as-of", AS_OF, "--data", scratch.data, "--at", "HEAD", "validate", "-f", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert {f["file"] for f in findings if "symbolic link" in f["message"]} == {
        "data/people/passwd.yaml",
        "data/people/alias.yaml",
        "data/projects/linked-folder",
    }
    assert "root:" not in result.stdout


def test_a_blob_too_large_is_refused_before_it_is_read(
    scratch: Scratch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gitrepo, "MAX_BYTES", 64)
    src = gitrepo.source_at(scratch.data, "HEAD")
    with pytest.raises(LoadError, match="MiB"):
        src.read(FELLES)


def test_a_revision_too_large_in_all_is_refused_before_it_is_read(
    scratch: Scratch, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a pull request of many files just under the per-file limit packs to almost nothing
    monkeypatch.setattr(gitrepo, "MAX_TOTAL_BYTES", 1024)
    src = gitrepo.source_at(scratch.data, "HEAD")
    with pytest.raises(InputError, match=r"holds \d+ MiB of files; digictl reads at most 0 MiB"):
        src.files()
    result = run("--as-of", AS_OF, "--data", scratch.data, "--at", "HEAD", "validate")
    assert result.exit_code == 2
    assert "digictl reads at most" in result.output


def test_log_reads_commits_whatever_their_authors_wrote(scratch: Scratch) -> None:
    """A commit object written by hand: a NUL and a non-UTF-8 byte in the author, a date
    beyond the calendar, a NUL in the message. `log` reads it raw and does not crash."""
    scratch.replace(FELLES, "total: 1000000", "total: 1200000")
    scratch.git("add", "-A")
    tree = scratch.git("write-tree")
    raw = (
        f"tree {tree}\nparent {scratch.base}\n".encode()
        + b"author Evil\x00Name \xff <e@example.org> 1672660800 +0100\n"
        + b"committer C <c@example.org> 99999999999999 +0000\n\n"
        + b"budget\x00 up\nbody %H %x00\n"
    )
    path = scratch.root / "commit.raw"
    path.write_bytes(raw)
    sha = scratch.git("hash-object", "-t", "commit", "--literally", "-w", str(path))
    path.unlink()
    scratch.git("update-ref", "refs/heads/main", sha)
    scratch.git("reset", "-q", "--hard")
    result = run("--data", scratch.data, "log", "project:felles-arkiv", "--format", "json")
    assert result.exit_code == 0, result.output
    first, second = json.loads(result.stdout)["commits"]
    assert first["commit"] == sha
    assert first["author"].startswith("Evil\x00Name")
    assert first["summary"] == "budget\x00 up"
    assert first["date"] == ""
    assert any("budget" in change for change in first["changes"]), first["changes"]
    assert second["commit"] == scratch.base
    assert second["date"] == "2023-01-02"
