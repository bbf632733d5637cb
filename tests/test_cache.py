"""The load cache: a hit is what loading gives, type for type; it holds data, never code;
damage, another shape or another version is a miss, and the file is written again whole."""

from __future__ import annotations

import os
import pickle
import shlex
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digictl.errors import LoadError
from digictl.history.cache import LoadCache, Uncacheable, decode, encode, salt
from digictl.history.changes import entity_changes
from digictl.load.dataset import Dataset, DirectorySource, FileProblem, read_dataset
from digictl.load.loader import Document, YamlFloat, YamlInt, load_text


def _typed(value: Any) -> Any:
    """A value with every type (and a number's source text) made visible to ==."""
    if isinstance(value, dict):
        return ("map", [(k, type(k).__name__, _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    if isinstance(value, YamlInt | YamlFloat):
        return (type(value).__name__, value.raw, repr(value))
    return (type(value).__name__, value)


def _doc(doc: Document | None) -> Any:
    if doc is None:
        return None
    return (doc.file, type(doc.file), doc.rel, doc.text, _typed(doc.data), doc.lines)


def _summary(data: Dataset) -> Any:
    return (
        [(e.rel, e.entity, e.digest, e.valid, _doc(e.doc)) for e in data.entries],
        [(p, type(p.line)) for p in data.problems],
    )


def _file(directory: Path) -> Path:
    return directory / f"loaded-{salt()}.jsonl"


@pytest.fixture
def edited(base_data: Path) -> Path:
    """The base data with a schema problem (so a line table is made) and odd numbers."""
    (base_data / "people" / "kari-ks.yaml").write_text(
        "id: kari-ks\nname: Kari\norg: ks\nbad: [+5, -0, 1.10, .5, 1e300, 7, 2.5, 1.]\n"
    )
    return base_data


def test_a_cache_hit_equals_a_fresh_load(edited: Path, tmp_path: Path) -> None:
    fresh = read_dataset(DirectorySource(edited))
    cache = LoadCache(tmp_path / "cache")
    first = read_dataset(DirectorySource(edited), cache)
    assert _file(tmp_path / "cache").exists()
    again = LoadCache(tmp_path / "cache")
    assert len(again.entries) == len(fresh.entries)
    cached = read_dataset(DirectorySource(edited), again)
    assert _summary(cached) == _summary(fresh) == _summary(first)
    assert not again.dirty  # everything came from the cache
    [kari] = [e for e in cached.entries if e.rel.endswith("kari-ks.yaml")]
    assert kari.doc is not None and kari.doc.line_table  # a problem needed its line
    assert [v.raw for v in kari.doc.data["bad"]] == [
        "+5", "-0", "1.10", ".5", "1e300", "7", "2.5", "1.",
    ]  # fmt: skip


def test_a_changed_file_is_loaded_again(base_data: Path, tmp_path: Path) -> None:
    cache = LoadCache(tmp_path / "cache")
    before = read_dataset(DirectorySource(base_data), cache)
    p = base_data / "projects" / "ideverksted.yaml"
    p.write_text(p.read_text().replace("status: proposed", "status: approved"))
    after = read_dataset(DirectorySource(base_data), LoadCache(tmp_path / "cache"))
    [change] = entity_changes(before, after)
    assert change.entity == "project:ideverksted"
    assert "status proposed → approved" in change.sentences[0]


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")


def _damage_garbage(path: Path) -> None:
    path.write_bytes(b"not a cache \xff\x00 at all")


def _damage_truncated(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def _damage_empty(path: Path) -> None:
    path.write_bytes(b"")


def _damage_header(path: Path) -> None:
    lines = _lines(path)
    path.write_bytes(b"\n".join([b"digictl-load-cache 0 " + salt().encode(), *lines[1:]]))


def _damage_checksum(path: Path) -> None:
    lines = _lines(path)
    lines[1:-1] = [ln.replace(b'"', b"'", 1) for ln in lines[1:-1]]  # JSON no more
    path.write_bytes(b"\n".join(lines))


def _damage_value(path: Path) -> None:
    """Every entry altered: its checksum does not match any more."""
    lines = _lines(path)
    lines[1:-1] = [ln.replace(b"true", b"false").replace(b"false", b"true") for ln in lines[1:-1]]
    path.write_bytes(b"\n".join(lines))


def _damage_shape(path: Path) -> None:
    """Well-formed entries, right checksums, wrong shapes (a document that is a list, a
    problem with a line that is text, odd numbers that point nowhere, ...)."""
    from digictl.history.cache import _checksum

    shapes = [
        b"[]",
        b"[null]",
        b"[[], [], true]",
        b"[null, [[1, 2, 3, 4, 5, 6]], true]",
        b'[null, [["yaml", "m", "f", "7", null, false]], true]',
        b'[{"file": "f", "rel": "r", "text": "", "data": [], "odd": [], "lines": null}, [], true]',
        b'[{"file": "f", "rel": "r", "text": "", "data": {}, "odd": [[["x"], "i", "5"]],'
        b' "lines": null}, [], true]',
        b'[{"file": "f", "rel": "r", "text": "", "data": {"x": 1}, "odd": [[["x"], "i", "5"]],'
        b' "lines": null}, [], true]',
        b'[{"file": "f", "rel": "r", "text": "", "data": {"x": null}, "odd": [[["x"], "i", '
        b'"0x10"]], "lines": null}, [], true]',
        b'[{"file": "f", "rel": "r", "text": "", "data": {"x": NaN}, "odd": [], "lines": null},'
        b" [], true]",
        b'[{"file": "f", "rel": "r", "text": "", "data": {}, "odd": [], "lines": [[["a"], -1]]},'
        b" [], true]",
        b"[" * 100_000,
    ]
    lines = _lines(path)
    for i in range(1, len(lines) - 1):
        k = lines[i].split(b" ", 1)[0]
        payload = shapes[i % len(shapes)]
        lines[i] = k + b" " + _checksum(payload) + b" " + payload
    path.write_bytes(b"\n".join(lines))


def _damage_pickle(path: Path) -> None:
    path.write_bytes(pickle.dumps({"k": "a pickle"}))


def _damage_directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


DAMAGE = [
    _damage_garbage,
    _damage_truncated,
    _damage_empty,
    _damage_header,
    _damage_checksum,
    _damage_value,
    _damage_shape,
    _damage_pickle,
]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__[8:])
def test_a_damaged_cache_is_a_miss_and_is_written_again(
    damage: Any, edited: Path, tmp_path: Path
) -> None:
    directory = tmp_path / "cache"
    fresh = read_dataset(DirectorySource(edited), LoadCache(directory))
    damage(_file(directory))
    again = read_dataset(DirectorySource(edited), LoadCache(directory))
    assert _summary(again) == _summary(fresh)
    healed = LoadCache(directory)  # written again, whole
    assert not healed.dirty
    assert all(healed.get(e.digest) is not None for e in fresh.entries)
    assert _summary(read_dataset(DirectorySource(edited), healed)) == _summary(fresh)
    assert not healed.dirty


def test_a_cache_that_cannot_be_read_or_written_is_only_slower(
    base_data: Path, tmp_path: Path
) -> None:
    directory = tmp_path / "cache"
    fresh = read_dataset(DirectorySource(base_data), LoadCache(directory))
    _damage_directory(_file(directory))
    again = read_dataset(DirectorySource(base_data), LoadCache(directory))
    assert _summary(again) == _summary(fresh)
    assert _file(directory).is_dir()


def test_a_pickle_where_the_cache_is_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"

    class RunsCode:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {shlex.quote(str(marker))}",))

    directory = tmp_path / "cache"
    directory.mkdir()
    for name in (f"loaded-{salt()}.jsonl", f"loaded-{salt()}.pickle"):
        (directory / name).write_bytes(pickle.dumps({"k": RunsCode()}))
    cache = LoadCache(directory)
    assert cache.get("k") is None
    assert not marker.exists()


def test_other_versions_do_not_mix_and_are_removed(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    directory.mkdir()
    old = directory / "loaded-0000000000000000.jsonl"
    old.write_bytes(b"digictl-load-cache 1 0000000000000000\n")
    stale_pickle = directory / "loaded-0000000000000000.pickle"
    stale_pickle.write_bytes(pickle.dumps({"k": "stale"}))
    cache = LoadCache(directory)
    assert cache.get("k") is None
    cache.put("0" * 40, (None, [], False))
    cache.save()
    assert sorted(p.name for p in directory.iterdir()) == [_file(directory).name]


# --- the entry codec ---------------------------------------------------------------------------


def _loaded(text: str, problems: list[FileProblem] | None = None) -> Any:
    doc = load_text(text, Path("projects/x.yaml"), "data/projects/x.yaml")
    return doc, problems or [], True


@pytest.mark.parametrize(
    "text",
    [
        "id: x\nn: [+5, -0, 0, 12, -7, 1.10, .5, -.5, 1., 1e3, 1E+3, 1e300, -1e300, 2.50]\n",
        "id: x\ns: '\\u0001\\x1b[2J'\nt: \"\\ud800 and \\U0001F600 and \\0\"\nu: æøå\n",
        'id: x\n"": empty key\n"a\\"b": q\nnested: {a: [{b: [1, [2, {c: ~}]]}]}\n',
        "id: x\nbool: [true, false, True]\nnull: [~, null, ]\nlong: " + "y" * 3000 + "\n",
    ],
)
def test_an_entry_round_trips_type_for_type(text: str) -> None:
    value = _loaded(text, [FileProblem("schema", "m", "data/x.yaml", 3, "project:x", True)])
    value[0].line(*value[0].data)  # builds the line table
    back = decode(encode(value))
    assert _doc(back[0]) == _doc(value[0])
    assert back[1] == value[1] and type(back[1][0].line) is int
    assert back[2] is True


def test_a_value_the_cache_cannot_hold_exactly_is_not_cached(tmp_path: Path) -> None:
    doc, _, _ = _loaded("id: x\n")
    cache = LoadCache(tmp_path)
    for odd in (5, 2.5, b"bytes", ("a",), {1: "x"}):
        doc.data["odd"] = odd
        with pytest.raises(Uncacheable):
            encode((doc, [], True))
        cache.put("1" * 40, (doc, [], True))
        assert "1" * 40 not in cache.entries


@pytest.mark.parametrize("what", ["fifo", "link", "dangling link"])
def test_a_cache_name_held_by_a_fifo_or_link_neither_blocks_nor_is_followed(
    base_data: Path, tmp_path: Path, what: str
) -> None:
    directory = tmp_path / "cache"
    directory.mkdir()
    path = directory / f"loaded-{salt()}.jsonl"
    elsewhere = tmp_path / "elsewhere.jsonl"
    elsewhere.write_bytes(b"mine\n")
    if what == "fifo":
        os.mkfifo(path)  # opened for reading, it would wait for a writer for ever
    else:
        path.symlink_to(elsewhere if what == "link" else tmp_path / "nowhere")
    cache = LoadCache(directory)
    assert cache.entries == {} and cache.dirty
    fresh = read_dataset(DirectorySource(base_data), cache)
    assert path.is_file() and not path.is_symlink()  # replaced by the cache itself
    assert elsewhere.read_bytes() == b"mine\n"
    again = read_dataset(DirectorySource(base_data), LoadCache(directory))
    assert _summary(again) == _summary(fresh)
    assert LoadCache(directory).entries


# --- kept line tables, read in place ------------------------------------------------------------

_KEYS = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=6)
_TREES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 500) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200)
@given(st.dictionaries(_KEYS, _TREES, min_size=1, max_size=4), st.lists(_KEYS, max_size=3))
def test_a_kept_line_table_answers_as_the_decoded_table(
    data: dict[str, Any], strangers: list[str]
) -> None:
    """Any path, in the table or not (keys with quotes, brackets and commas included),
    gets from the kept JSON the line the decoded table holds, or None."""
    import yaml as pyyaml

    from digictl.history.cache import _encode_lines, _KeptLines
    from digictl.load.loader import parse

    text = pyyaml.safe_dump(data, allow_unicode=True)
    try:
        _, table = parse(text)
    except LoadError:  # not what digictl reads (e.g. a key it refuses): nothing to compare
        return
    kept = _KeptLines(_encode_lines(table))
    assert kept.table() == table
    for path in table:
        if path and type(path[0]) is str:
            assert kept.line_of(path) == table[path], path
    for path in [p for p in table if p]:
        for extra in strangers:
            longer = (*path, extra)
            assert kept.line_of(longer) == table.get(longer)
    for extra in strangers:
        assert kept.line_of((extra,)) == table.get((extra,))


def test_a_document_answers_lines_from_the_kept_table_without_decoding_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from digictl.history import cache as cache_module

    value = _loaded('id: x\n"a\\"],[": {b: [1, {c: 2}]}\nname: n\n')
    value[0].line("id")  # asked: its table is kept
    back = decode(encode(value))[0]
    assert back is not None and back.line_table is None

    def no_decoding(lines: Any) -> Any:
        raise AssertionError("the table was decoded")

    monkeypatch.setattr(cache_module, "_decode_lines", no_decoding)
    assert back.line("id") == 1
    assert back.line('a"],[', "b", 1, "c") == 2
    assert back.line("name") == 3
    assert back.line("nowhere", 3) == 1
    assert back.line_table is None  # still not decoded
