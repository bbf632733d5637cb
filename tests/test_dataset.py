"""Reading a data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from digictl import kinds
from digictl.dataset import DirectorySource, classify, read_dataset
from digictl.errors import InputError


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
