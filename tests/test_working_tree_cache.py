"""The working tree reads through the load cache of its repository (issue 15).

Every command that checks the data (`Settings.check`) uses the content-keyed cache `diff`
uses, in the real git directory: a second run loads no file, a run after changing one file
loads that file only, and the results are those of a run without a cache.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner, Result

from digictl.cli import app
from digictl.cli.common import load_cache
from digictl.history.cache import LoadCache
from digictl.load import dataset, loader
from digictl.load.dataset import DirectorySource
from digictl.rules.engine import Checked, check_source
from tests.conftest import BASE, BASE_AS_OF, CASES, ROOT
from tests.test_gitrepo import GIT_ENV, inside_git

AS_OF = BASE_AS_OF.isoformat()
CASE_DIRS = sorted(p for p in CASES.glob("*/*") if p.is_dir() and not p.parent.name.startswith("_"))


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in GIT_ENV.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("DIGICTL_DATA", raising=False)
    monkeypatch.setenv("COLUMNS", "200")


class Counter:
    """How many files went through the YAML loader, and how many texts were parsed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.loaded: list[str] = []
        self.parsed = 0
        load_bytes, parse = getattr(dataset, "load_bytes"), loader.parse  # noqa: B009

        def counting_load(raw: bytes, path: Path, shown: str) -> Any:
            self.loaded.append(shown)
            return load_bytes(raw, path, shown)

        def counting_parse(*args: Any, **kwargs: Any) -> Any:
            self.parsed += 1
            return parse(*args, **kwargs)

        monkeypatch.setattr(dataset, "load_bytes", counting_load)
        monkeypatch.setattr(loader, "parse", counting_parse)

    def reset(self) -> None:
        self.loaded.clear()
        self.parsed = 0


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter]:
    yield Counter(monkeypatch)


def git_repo(root: Path, source: Path) -> Path:
    """A git repository at ``root`` holding a copy of ``source`` in ``data/``, committed."""
    data = root / "data"
    shutil.copytree(source, data)
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "data"],
        cwd=root,
        env=env,
        check=True,
    )
    return data


def run(data: Path, *args: str) -> Result:
    result = CliRunner().invoke(app, ["--data", str(data), "--as-of", AS_OF, *args])
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        raise AssertionError(f"digictl crashed with {exc!r}") from exc
    return result


def outcome(result: Result) -> tuple[int, str, str]:
    return result.exit_code, result.stdout, result.stderr


def cache_files(data: Path) -> list[Path]:
    return sorted((data.parent / ".git" / "digictl").glob("loaded-*.jsonl"))


def summary(checked: Checked) -> Any:
    """All a check gives: the findings, the file problems and every entry's document."""
    entries = [
        (e.kind.name, e.stem, e.rel, e.valid, None if e.doc is None else e.doc.data)
        for e in checked.dataset.entries
    ]
    problems = [asdict(p) for p in checked.dataset.problems]
    return [asdict(f) for f in checked.result.findings], problems, entries


# --- the cache gives what loading gives -----------------------------------------------------


def _materialise(case: Path, target: Path) -> tuple[Path, Any]:
    spec_file = case / "case.yaml"
    spec = yaml.safe_load(spec_file.read_text(encoding="utf-8")) if spec_file.exists() else {}
    data = target / "data"
    shutil.copytree(BASE, data)
    if (case / "files").is_dir():
        shutil.copytree(case / "files", data, dirs_exist_ok=True)
    for rel in spec.get("delete", []):
        (data / rel).unlink()
    return data, spec or {}


@pytest.mark.parametrize("case", [BASE, *CASE_DIRS], ids=lambda p: p.relative_to(CASES).as_posix())
def test_every_rule_case_checks_the_same_with_and_without_the_cache(
    case: Path, tmp_path: Path
) -> None:
    data, spec = _materialise(case, tmp_path)
    as_of = spec.get("as_of", BASE_AS_OF)
    as_of = date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    horizon = spec.get("horizon", 90)
    source = DirectorySource(data)
    plain = summary(check_source(source, as_of, horizon=horizon))
    filling = check_source(source, as_of, horizon=horizon, cache=LoadCache(tmp_path / "c"))
    assert summary(filling) == plain
    warm = check_source(source, as_of, horizon=horizon, cache=LoadCache(tmp_path / "c"))
    assert summary(warm) == plain


def test_the_example_data_checks_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    source = DirectorySource(ROOT / "data")
    as_of = BASE_AS_OF
    plain = check_source(source, as_of)
    cache = LoadCache(tmp_path)
    first = check_source(source, as_of, cache=cache)
    cache.add_line_tables()  # as Settings.check does: the lines the findings asked for
    cache.save()
    warm = check_source(source, as_of, cache=LoadCache(tmp_path))
    assert summary(first) == summary(warm) == summary(plain)
    # the line of every finding is the same when the line table comes from the cache
    assert [f.line for f in warm.result.findings] == [f.line for f in plain.result.findings]


# --- the working tree reads through its repository's cache ------------------------------------


def test_a_second_run_loads_no_file_and_says_the_same(tmp_path: Path, counter: Counter) -> None:
    data = git_repo(tmp_path / "repo", BASE)
    first = run(data, "validate")
    assert len(counter.loaded) == len(list(data.rglob("*.yaml")))
    assert len(cache_files(data)) == 1
    assert counter.parsed == len(counter.loaded)  # each text parsed once, lines recorded
    counter.reset()
    [cache] = cache_files(data)
    saved = cache.read_bytes(), cache.stat().st_mtime_ns
    second = run(data, "validate")
    assert counter.loaded == []
    assert counter.parsed == 0  # not even for a finding's line
    assert outcome(second) == outcome(first)
    assert (cache.read_bytes(), cache.stat().st_mtime_ns) == saved  # nothing to write


def test_a_damaged_line_table_in_the_cache_gives_the_lines_again(tmp_path: Path) -> None:
    """Line tables are decoded when a line is first asked for; a damaged one (under a good
    checksum) is parsed again from the document's text, to the same lines."""
    from digictl.history.cache import _checksum

    source = DirectorySource(ROOT / "data")  # it has findings, so tables are kept
    plain = check_source(source, BASE_AS_OF)
    cache = LoadCache(tmp_path)
    cache.hold = True  # as Settings.check: saved once, with the tables findings asked for
    check_source(source, BASE_AS_OF, cache=cache)
    cache.hold = False
    cache.save()
    [path] = tmp_path.glob("loaded-*.jsonl")
    rows = path.read_bytes().split(b"\n")
    for i, row in enumerate(rows[1:], 1):
        k, _, rest = row.partition(b" ")
        payload = rest.partition(b" ")[2].replace(b'"lines":"[', b'"lines":"[[[\\"x\\"],-1],')
        rows[i] = k + b" " + _checksum(payload) + b" " + payload if row else row
    damaged = b"\n".join(rows)
    assert damaged.count(b'[[[\\"x\\"],-1],') >= 2
    path.write_bytes(damaged)
    warm = check_source(source, BASE_AS_OF, cache=LoadCache(tmp_path))
    assert [(f.file, f.line) for f in warm.result.findings] == [
        (f.file, f.line) for f in plain.result.findings
    ]
    assert summary(warm) == summary(plain)


@pytest.mark.parametrize("command", [["status"], ["deadlines", "--format", "json"], ["board"]])
def test_every_command_that_checks_reads_through_the_cache(
    tmp_path: Path, counter: Counter, command: list[str]
) -> None:
    data = git_repo(tmp_path / "repo", BASE)
    first = run(data, *command)
    counter.reset()
    second = run(data, *command)
    assert counter.loaded == []
    assert outcome(second) == outcome(first)


def test_after_changing_one_file_exactly_that_file_is_loaded(
    tmp_path: Path, counter: Counter
) -> None:
    data = git_repo(tmp_path / "repo", BASE)
    run(data, "validate")
    felles = data / "projects" / "felles-arkiv.yaml"
    felles.write_text(felles.read_text(encoding="utf-8").replace("total: 1000000", "total: 1"))
    counter.reset()
    changed = run(data, "validate", "--format", "json")
    assert counter.loaded == ["data/projects/felles-arkiv.yaml"]
    fresh = git_repo(tmp_path / "fresh", data)  # the same files, no cache yet
    assert outcome(run(fresh, "validate", "--format", "json")) == outcome(changed)


def test_at_a_revision_reads_through_the_cache_too(tmp_path: Path, counter: Counter) -> None:
    data = git_repo(tmp_path / "repo", BASE)
    first = run(data, "--at", "HEAD", "validate")
    counter.reset()
    second = run(data, "--at", "HEAD", "validate")
    assert counter.loaded == []
    assert outcome(second) == outcome(first)
    assert len(cache_files(data)) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b.replace(b'"', b"'"),  # no JSON
        lambda b: b"\0" * len(b),
        lambda b: b.replace(b"true", b"fals"),  # checksums no longer match
    ],
    ids=["truncated", "not-json", "zeros", "altered"],
)
def test_a_corrupt_cache_gives_the_same_output(
    tmp_path: Path, counter: Counter, damage: Any
) -> None:
    data = git_repo(tmp_path / "repo", BASE)
    first = run(data, "validate")
    (path,) = cache_files(data)
    path.write_bytes(damage(path.read_bytes()))
    assert outcome(run(data, "validate")) == outcome(first)
    counter.reset()
    assert outcome(run(data, "validate")) == outcome(first)  # and it was written again
    assert counter.loaded == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_cache_that_cannot_be_saved_changes_nothing(tmp_path: Path) -> None:
    data = git_repo(tmp_path / "repo", BASE)
    plain = run(data, "validate")
    shutil.rmtree(data.parent / ".git" / "digictl")
    git_dir = data.parent / ".git"
    git_dir.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert outcome(run(data, "validate")) == outcome(plain)
    finally:
        git_dir.chmod(stat.S_IRWXU)
    assert cache_files(data) == []


def test_saving_fails_quietly_when_the_cache_name_is_a_folder(tmp_path: Path) -> None:
    data = git_repo(tmp_path / "repo", BASE)
    plain = run(data, "validate")
    (path,) = cache_files(data)
    path.unlink()
    path.mkdir()  # what write_atomic cannot replace, even as root
    assert outcome(run(data, "validate")) == outcome(plain)
    assert path.is_dir()


@pytest.mark.skipif(inside_git(Path("/tmp")), reason="the temporary folder is inside a repository")
def test_outside_a_repository_there_is_no_cache_and_the_same_result(tmp_path: Path) -> None:
    data = shutil.copytree(BASE, tmp_path / "data")
    assert load_cache(DirectorySource(data)) is None
    in_repo = git_repo(tmp_path / "repo", BASE)
    assert outcome(run(data, "validate")) == outcome(run(in_repo, "validate"))
    written = sorted(p.relative_to(tmp_path).parts[0] for p in tmp_path.rglob("loaded-*.jsonl"))
    assert written == ["repo"]


def test_the_cache_is_found_by_git_never_in_the_data(tmp_path: Path) -> None:
    data = git_repo(tmp_path / "repo", BASE)
    cache = load_cache(DirectorySource(data / "projects"))  # any folder of the work tree
    assert cache is not None
    assert cache.path.parent == (data.parent / ".git" / "digictl").resolve()
