"""Reading a data directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digictl.errors import InputError, LoadError
from digictl.load import dataset, kinds
from digictl.load.dataset import (
    LINK,
    MAX_DEPTH,
    DirectorySource,
    classify,
    name_problem,
    read_dataset,
    shown_name,
)


def test_classify() -> None:
    assert classify("network.yaml") == (kinds.NETWORK, "network")
    assert classify("projects/a.yaml") == (kinds.PROJECT, "a")
    assert classify("projects/a.yml") == (kinds.PROJECT, "a")
    assert classify("projects/sub/a.yaml")[0] is None
    assert classify("README.md")[0] is None


def test_missing_and_non_directories(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        DirectorySource(tmp_path / "nope")
    f = tmp_path / "f.yaml"
    f.write_text("a: 1\n")
    with pytest.raises(InputError, match="is not a directory"):
        DirectorySource(f)


def test_not_a_data_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(InputError, match="is not a digictl data directory"):
        read_dataset(DirectorySource(tmp_path))


class FailingSource:
    label = "data"

    def files(self) -> list[str]:
        return ["network.yaml", "people/a.yaml"]

    def read(self, rel: str) -> bytes:
        if rel == "people/a.yaml":
            raise PermissionError(13, "Permission denied")
        return b"id: n\nname: N\nhost: h\n"


def test_unreadable_file_is_a_yaml_finding() -> None:
    data = read_dataset(FailingSource())
    [problem] = data.problems
    assert problem.rule == "yaml"
    assert problem.file == "data/people/a.yaml"
    assert "cannot be read: Permission denied" in problem.message


def test_hidden_files_are_ignored(base_data: Path) -> None:
    (base_data / ".git").mkdir()
    (base_data / ".git" / "x.yaml").write_text("- a\n")
    data = read_dataset(DirectorySource(base_data))
    assert data.problems == []


def _person(data: Path, name: str) -> Path:
    return data / "people" / name


def test_listing_refuses_links_and_special_files(base_data: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: secret\n")
    _person(base_data, "link.yaml").symlink_to(outside)
    _person(base_data, "folder.yaml").mkdir()
    os.mkfifo(_person(base_data, "pipe.yaml"))
    (base_data / "linked").symlink_to(tmp_path)
    source = DirectorySource(base_data)
    files = source.files()
    refused = {r.rel: r.message for r in source.refused()}
    assert "people/kari-ks.yaml" in files
    assert not any(name in f for f in files for name in ("link", "folder", "pipe", "linked"))
    assert refused["people/link.yaml"] == LINK
    assert refused["linked"] == LINK
    assert refused["people/folder.yaml"].startswith("this is a folder, not a file:")
    assert "named pipe (FIFO)" in refused["people/pipe.yaml"]


def test_refused_entries_are_yaml_findings(base_data: Path, tmp_path: Path) -> None:
    _person(base_data, "link.yaml").symlink_to(tmp_path / "nowhere.yaml")  # dangling
    (base_data / "notes.md").symlink_to("network.yaml")
    data = read_dataset(DirectorySource(base_data))
    by_file = {p.file: p for p in data.problems}
    link = by_file["data/people/link.yaml"]
    assert (link.rule, link.line, link.entity, link.warning) == ("yaml", 1, "person:link", False)
    assert by_file["data/notes.md"].warning  # never read anyway: only a warning
    assert "data/people/link.yaml" not in {e.rel for e in data.entries}


def test_a_file_turned_into_a_link_after_listing_is_not_followed(
    base_data: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: kari-ks\nname: SECRET\norg: ks\n")
    source = DirectorySource(base_data)
    source.files()  # listed while it was a regular file
    target = _person(base_data, "kari-ks.yaml")
    target.unlink()
    target.symlink_to(secret)
    data = read_dataset(source)
    [problem] = [p for p in data.problems if p.file == "data/people/kari-ks.yaml"]
    assert problem.rule == "yaml"
    assert "symbolic link" in problem.message
    assert all(e.doc is None for e in data.entries if e.rel == "data/people/kari-ks.yaml")


def test_a_folder_turned_into_a_link_after_listing_is_not_followed(
    base_data: Path, tmp_path: Path
) -> None:
    source = DirectorySource(base_data)
    source.files()
    moved = tmp_path / "moved"
    (base_data / "people").rename(moved)
    (base_data / "people").symlink_to(moved)
    with pytest.raises(OSError):
        source.read("people/kari-ks.yaml")
    data = read_dataset(source)
    unread = [p for p in data.problems if p.file.startswith("data/people/") and p.rule == "yaml"]
    assert unread and all("cannot be read" in p.message for p in unread)


def test_a_file_turned_into_a_fifo_after_listing_does_not_block(base_data: Path) -> None:
    source = DirectorySource(base_data)
    source.files()
    target = _person(base_data, "kari-ks.yaml")
    target.unlink()
    os.mkfifo(target)
    with pytest.raises(LoadError, match="named pipe"):
        source.read("people/kari-ks.yaml")  # O_NONBLOCK: returns at once, no writer needed


def test_the_data_directory_may_not_be_a_link(base_data: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(base_data)
    with pytest.raises(InputError, match="is a symbolic link"):
        DirectorySource(link)


def test_shown_name_escapes_what_cannot_be_printed() -> None:
    raw = os.fsdecode(b"people/\xff\xfe.yaml")
    assert shown_name(raw) == "people/\\xff\\xfe.yaml"
    assert shown_name("a\x1b[2J\nb\u2028.yaml") == "a\\x1b[2J\\x0ab\\u2028.yaml"
    assert shown_name("people/åse-øvre.yaml") == "people/åse-øvre.yaml"
    assert name_problem("people/åse-øvre.yaml") is None
    assert "not valid UTF-8" in (name_problem(raw) or "")
    assert "control characters" in (name_problem("a\tb.yaml") or "")


class BadNameSource:
    """A source (as git may give) listing a file whose name is not UTF-8."""

    label = "data"

    def files(self) -> list[str]:
        return ["network.yaml", os.fsdecode(b"people/\xff.yaml")]

    def read(self, rel: str) -> bytes:
        if rel != "network.yaml":
            raise AssertionError(f"read {rel!r}, which has a name that cannot be shown")
        return b"id: n\nname: N\nhost: h\n"


def test_names_are_checked_for_every_source() -> None:
    data = read_dataset(BadNameSource())
    [problem] = [p for p in data.problems if p.rule == "yaml"]
    assert problem.file == "data/people/\\xff.yaml"
    assert problem.entity == "person:\\xff"
    problem.file.encode("utf-8")


def test_without_dir_fd_links_are_still_refused(
    base_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where folders cannot be opened relative to a folder (not POSIX), lstat decides."""
    monkeypatch.setattr(dataset, "_BENEATH", False)
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: secret\n")
    _person(base_data, "link.yaml").symlink_to(outside)
    os.mkfifo(_person(base_data, "pipe.yaml"))
    source = DirectorySource(base_data)
    refused = {r.rel: r.message for r in source.refused()}
    assert refused["people/link.yaml"] == LINK
    assert "named pipe" in refused["people/pipe.yaml"]
    assert source.read("people/kari-ks.yaml").startswith(b"id: kari-ks")
    with pytest.raises(LoadError, match="symbolic link"):
        source.read("people/link.yaml")


def test_deep_folders_are_not_walked(base_data: Path) -> None:
    deep = base_data.joinpath("notes", *["d"] * (MAX_DEPTH + 5))
    deep.mkdir(parents=True)
    (deep / "x.yaml").write_text("a: 1\n")
    source = DirectorySource(base_data)
    assert not any(f.startswith("notes/") for f in source.files())
    [(rel, message)] = [(r.rel, r.message) for r in source.refused()]
    assert rel.count("/") + 1 == MAX_DEPTH
    assert "levels deep" in message


def test_unreadable_data_directory_is_an_input_error(
    base_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    source = DirectorySource(base_data)
    monkeypatch.setattr(os, "open", refuse)
    monkeypatch.setattr(dataset, "_BENEATH", True)
    with pytest.raises(InputError, match="cannot be read: Permission denied"):
        source.files()


def _as_seen(outcome: object) -> object:
    if isinstance(outcome, LoadError):
        return ("LoadError", outcome.message)
    if isinstance(outcome, OSError):
        return ("OSError", outcome.errno)
    return outcome


@pytest.mark.parametrize("beneath", [True, False])
def test_reading_many_files_at_once_is_reading_each(
    base_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, beneath: bool
) -> None:
    """read_each opens each folder once; what it gives for every file (bytes, a refusal,
    an error) is what read gives, also for entries changed after the listing."""
    monkeypatch.setattr(dataset, "_BENEATH", beneath and dataset._BENEATH)
    source = DirectorySource(base_data)
    files = source.files()
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: secret\n")
    _person(base_data, "kari-ks.yaml").unlink()
    _person(base_data, "kari-ks.yaml").symlink_to(outside)  # a link after listing
    people = sorted(p.name for p in (base_data / "people").iterdir())
    os.unlink(_person(base_data, people[1]))
    os.mkfifo(_person(base_data, people[1]))  # a pipe after listing
    os.unlink(_person(base_data, people[2]))  # gone after listing
    moved = tmp_path / "moved"
    (base_data / "projects").rename(moved)
    (base_data / "projects").symlink_to(moved)  # a folder turned into a link
    wanted = [*files, "nowhere/x.yaml", "network.yaml"]

    def one(rel: str) -> object:
        try:
            return source.read(rel)
        except (LoadError, OSError) as exc:
            return exc

    assert [_as_seen(o) for o in source.read_each(wanted)] == [_as_seen(one(r)) for r in wanted]


def _classify_by_path(rel: str) -> tuple[object, str]:
    """classify as it was written first, with PurePosixPath for every name."""
    from pathlib import PurePosixPath

    p = PurePosixPath(rel)
    if p.suffix not in (".yaml", ".yml"):
        return None, p.stem
    if len(p.parts) == 1:
        return (kinds.NETWORK if p.stem == "network" else None), p.stem
    if len(p.parts) == 2 and p.parts[0] in kinds.BY_FOLDER:
        return kinds.BY_FOLDER[p.parts[0]], p.stem
    return None, p.stem


_PART = st.sampled_from(["", ".", "..", "projects", "people", "x", "a.b", ".yaml", "network"])
_NAME = st.sampled_from(
    ["a.yaml", "a.yml", ".yaml", "a.", "a", "network.yaml", "b.c.yml", "é.yaml"]
)


@given(st.lists(_PART, max_size=3), _NAME, st.text(max_size=4))
def test_classify_by_strings_is_classify_by_path(parts: list[str], name: str, extra: str) -> None:
    for rel in ("/".join([*parts, name]), "/".join([*parts, name + extra]), name):
        assert classify(rel) == _classify_by_path(rel), rel


def test_a_file_that_grows_while_it_is_read_is_read_to_the_limit(
    base_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size fstat gave is only where reading starts: bytes written since are read too,
    up to one byte over the limit (which the loader then refuses)."""
    target = _person(base_data, "kari-ks.yaml")
    source = DirectorySource(base_data)
    real_fstat = os.fstat

    def stale_fstat(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        fields = list(info)
        fields[6] = 3  # st_size as it was a moment ago
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", stale_fstat)
    assert source.read("people/kari-ks.yaml") == target.read_bytes()
    monkeypatch.setattr(dataset, "MAX_BYTES", 10)
    assert source.read("people/kari-ks.yaml") == target.read_bytes()[:11]
