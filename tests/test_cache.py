"""The load cache: a hit is what loading gives; damage or another version is ignored."""

from __future__ import annotations

import pickle
from pathlib import Path

from digictl.cache import LoadCache, salt
from digictl.changes import entity_changes
from digictl.dataset import DirectorySource, read_dataset


def _summary(data):  # type: ignore[no-untyped-def]
    return [(e.rel, e.valid, e.doc.data if e.doc else None) for e in data.entries], [
        (p.rule, p.file, p.line, p.message) for p in data.problems
    ]


def test_a_cache_hit_equals_a_fresh_load(base_data: Path, tmp_path: Path) -> None:
    (base_data / "people" / "kari-ks.yaml").write_text("id: kari-ks\nname: Kari\norg: ks\nbad: 1\n")
    fresh = read_dataset(DirectorySource(base_data))
    cache = LoadCache(tmp_path / "cache")
    first = read_dataset(DirectorySource(base_data), cache)
    assert (tmp_path / "cache" / f"loaded-{salt()}.pickle").exists()
    again = LoadCache(tmp_path / "cache")
    assert len(again.entries) == len(fresh.entries)
    cached = read_dataset(DirectorySource(base_data), again)
    assert _summary(cached) == _summary(fresh) == _summary(first)
    assert not again.dirty  # everything came from the cache


def test_a_changed_file_is_loaded_again(base_data: Path, tmp_path: Path) -> None:
    cache = LoadCache(tmp_path / "cache")
    before = read_dataset(DirectorySource(base_data), cache)
    p = base_data / "projects" / "ideverksted.yaml"
    p.write_text(p.read_text().replace("status: proposed", "status: approved"))
    after = read_dataset(DirectorySource(base_data), LoadCache(tmp_path / "cache"))
    [change] = entity_changes(before, after)
    assert change.entity == "project:ideverksted"
    assert "status proposed → approved" in change.sentences[0]


def test_a_damaged_cache_is_ignored(base_data: Path, tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    directory.mkdir()
    (directory / f"loaded-{salt()}.pickle").write_bytes(b"not a pickle")
    data = read_dataset(DirectorySource(base_data), LoadCache(directory))
    assert data.problems == []
    with (directory / f"loaded-{salt()}.pickle").open("rb") as f:
        assert isinstance(pickle.load(f), dict)  # rewritten whole


def test_other_versions_do_not_mix(tmp_path: Path) -> None:
    old = tmp_path / "cache" / "loaded-0000000000000000.pickle"
    old.parent.mkdir()
    old.write_bytes(pickle.dumps({"k": "stale"}))
    assert LoadCache(tmp_path / "cache").get("k") is None
