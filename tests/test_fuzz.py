"""Fuzz campaign: random mutations of valid files never make anything escape.

Runs a bounded number of examples in CI; `DIGICTL_FUZZ_EXAMPLES=5000 pytest
tests/test_fuzz.py` runs a longer campaign by hand. Time per file is measured in
benchmarks/, never asserted here.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digictl.load.dataset import DirectorySource, read_dataset
from digictl.load.loader import MAX_BYTES
from digictl.rules.engine import check_source
from tests.conftest import BASE

EXAMPLES = int(os.environ.get("DIGICTL_FUZZ_EXAMPLES", "120"))
FILES = sorted(p.relative_to(BASE).as_posix() for p in BASE.rglob("*.yaml"))
SNIPPETS = [
    b"\n",
    b": ",
    b"- ",
    b"  ",
    b"\t",
    b"&a ",
    b"*a",
    b"!!python/object ",
    b"{",
    b"]",
    b"'",
    b'"',
    b"#",
    b"---\n",
    b"2021-02-30",
    b"0301",
    b"NO",
    b"~",
    b"\xff",
    b"\x00",
    b"<<: ",
    b"? ",
    b"until: 2020-01-01\n",
    b"left: 2022-06-30\n",
    b"role: chair\n",
    b"count: 0\n",
]


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, bytes]:
    rel = draw(st.sampled_from(FILES))
    raw = (BASE / rel).read_bytes()
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(raw)))
        how = draw(st.sampled_from(["insert", "delete", "replace", "duplicate-line"]))
        if how == "insert":
            raw = raw[:at] + draw(st.sampled_from(SNIPPETS)) + raw[at:]
        elif how == "delete":
            raw = raw[:at] + raw[at + draw(st.integers(1, 20)) :]
        elif how == "replace":
            raw = raw[:at] + draw(st.sampled_from(SNIPPETS)) + raw[at + 1 :]
        else:
            lines = raw.split(b"\n")
            i = at % max(len(lines), 1)
            raw = b"\n".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
    return rel, raw


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutation(), st.sampled_from([date(2021, 6, 1), date(2023, 6, 15), date(2025, 1, 1)]))
def test_mutated_data_never_escapes(tmp_path: Path, change: tuple[str, bytes], as_of: date) -> None:
    rel, raw = change
    data = tmp_path / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(BASE, data)
    (data / rel).write_bytes(raw)
    checked = check_source(DirectorySource(data), as_of)  # must not raise
    for f in checked.result.findings:
        assert f.line >= 1 and f.message and "\n" not in f.message


def test_a_50_mb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    big = data / "projects" / "big.yaml"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    assert big.stat().st_size > MAX_BYTES
    problems = [
        p for p in read_dataset(DirectorySource(data)).problems if p.file.endswith("big.yaml")
    ]
    assert [p.rule for p in problems] == ["yaml"]
    assert "50 MiB" in problems[0].message and "at most 8 MiB" in problems[0].message
