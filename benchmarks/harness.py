"""The pure parts of the benchmark: settings, measuring one process, medians, ratios, tables.

bench.py runs the commands; this module turns samples into the tables of RESULTS.md and
is tested by tests/test_bench.py without timing anything long.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MIB = 1024  # ru_maxrss is in KiB on Linux


@dataclass(frozen=True)
class Sample:
    """One run of one process: wall seconds, CPU seconds (user + sys), peak RSS in KiB,
    and its exit code (the largest, for a median)."""

    wall: float
    cpu: float
    rss_kib: int = 0
    status: int = 0


@dataclass(frozen=True)
class Settings:
    reps: int
    scale: float
    commits: int
    big: float | None
    out: Path
    quick: bool


def parse_args(argv: Sequence[str] | None, default_out: Path) -> Settings:
    """The command line: the real run by default, --quick for trying the harness."""
    ap = argparse.ArgumentParser(description="digictl against its floors and peers, per command.")
    ap.add_argument(
        "--quick", action="store_true", help="1 rep, 0.1x national, 1 000 commits, no 10x"
    )
    ap.add_argument("--reps", type=int, help="repetitions (default 5; 1 with --quick)")
    ap.add_argument(
        "--scale", type=float, help="the 'national' scale (default 1; 0.1 with --quick)"
    )
    ap.add_argument("--commits", type=int, help="history length for log (default 10 000)")
    ap.add_argument(
        "--big", type=float, help="scale of the memory run (default 10; none with --quick)"
    )
    ap.add_argument("--out", type=Path, default=default_out, help="where to write the results")
    ns = ap.parse_args(argv)
    quick = bool(ns.quick)
    reps = ns.reps if ns.reps is not None else (1 if quick else 5)
    if reps < 1:
        ap.error("--reps must be at least 1")
    big = ns.big if ns.big is not None else (None if quick else 10.0)
    return Settings(
        reps=reps,
        scale=ns.scale if ns.scale is not None else (0.1 if quick else 1.0),
        commits=ns.commits if ns.commits is not None else (1000 if quick else 10_000),
        big=big if big else None,
        out=ns.out,
        quick=quick,
    )


def measure(cmd: Sequence[str | Path], cwd: Path | None = None, out: Path | None = None) -> Sample:
    """Run cmd once; its wall time, and from os.wait4 its CPU time and peak RSS.

    CPU includes the descendants it waited for (a process pool's workers); the peak RSS
    is that of the largest single process of the tree. Output goes to the file `out`
    (bench.py always gives one: not a terminal, not /dev/null, which some programs
    short-cut), else to /dev/null; stderr is dropped.
    """
    sink = out if out is not None else Path(os.devnull)
    start = time.perf_counter()
    with sink.open("wb") as f:
        proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, stdout=f, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait again
    return Sample(wall, usage.ru_utime + usage.ru_stime, int(usage.ru_maxrss), proc.returncode)


def median_sample(samples: Sequence[Sample]) -> Sample:
    """Median wall and median CPU (each on its own), and the largest peak RSS."""
    if not samples:
        raise ValueError("no samples to take the median of")
    return Sample(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        max(s.rss_kib for s in samples),
        max(s.status for s in samples),
    )


def ratio(num: float, den: float) -> float | None:
    """num / den, or None when the denominator is not a positive time."""
    return num / den if den > 0 else None


def verdict(values: Sequence[float | None], budget: float) -> str:
    """ok when every measured ratio is within the budget, over when one is not."""
    measured = [v for v in values if v is not None]
    if not measured:
        return "not measured"
    return "ok" if all(v <= budget for v in measured) else "over"


def fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def fmt_seconds(value: float) -> str:
    return f"{value:.3f}"


@dataclass(frozen=True)
class Budget:
    """One line of the issue's "Done when" list: num / den, in wall and CPU, within budget."""

    name: str
    num: Sample | None
    den: Sample | None
    budget: float
    cpu: bool = True  # judge the CPU ratio as well as the wall one

    def ratios(self) -> tuple[float | None, float | None]:
        if self.num is None or self.den is None:
            return None, None
        return ratio(self.num.wall, self.den.wall), ratio(self.num.cpu, self.den.cpu)

    def row(self) -> str:
        wall, cpu = self.ratios()
        judged = [wall, cpu] if self.cpu else [wall]
        return (
            f"| {self.name} | {fmt_ratio(wall)} | {fmt_ratio(cpu)} | ≤ {self.budget:g} | "
            f"{'wall and CPU' if self.cpu else 'wall'} | {verdict(judged, self.budget)} |"
        )


def budget_table(budgets: Sequence[Budget]) -> list[str]:
    lines = [
        "| measure | wall ratio | CPU ratio | budget | judged on | |",
        "|---|---:|---:|---:|---|---|",
    ]
    return lines + [b.row() for b in budgets]


def memory_row(name: str, rss_kib: int | None, limit_mib: int = 1024) -> str:
    if rss_kib is None:
        return f"| {name} | not measured | < {limit_mib} MiB | not measured |"
    mib = rss_kib / MIB
    return f"| {name} | {mib:.0f} MiB | < {limit_mib} MiB | {'ok' if mib < limit_mib else 'over'} |"


@dataclass(frozen=True)
class CommandRow:
    """The medians of one command at one site, cold and warm."""

    command: str
    cold: Sample
    warm: Sample | None


def pair(num: Sample | None, den: Sample) -> str:
    """'wall / CPU' ratios of num to den, for a table cell."""
    if num is None:
        return "—"
    return f"{fmt_ratio(ratio(num.wall, den.wall))} / {fmt_ratio(ratio(num.cpu, den.cpu))}"


def command_table(
    rows: Sequence[CommandRow], floor: Sample, floor_name: str, validate: Sample
) -> list[str]:
    """Cold and warm wall/CPU seconds of each command; its ratios to the floor and to validate."""
    lines = [
        "| command | cold wall | cold CPU | warm wall | warm CPU | "
        f"cold ÷ {floor_name} (wall / CPU) | warm ÷ {floor_name} | cold ÷ cold validate "
        "| peak RSS (MiB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        warm_wall = fmt_seconds(r.warm.wall) if r.warm else "—"
        warm_cpu = fmt_seconds(r.warm.cpu) if r.warm else "—"
        rss = max(r.cold.rss_kib, r.warm.rss_kib if r.warm else 0)
        lines.append(
            f"| {r.command} | {fmt_seconds(r.cold.wall)} | {fmt_seconds(r.cold.cpu)} | "
            f"{warm_wall} | {warm_cpu} | {pair(r.cold, floor)} | {pair(r.warm, floor)} | "
            f"{pair(r.cold, validate)} | {rss / MIB:.0f} |"
        )
    return lines


def sample_table(named: Sequence[tuple[str, Sample]]) -> list[str]:
    lines = ["| process | wall (s) | CPU (s) | peak RSS (MiB) |", "|---|---:|---:|---:|"]
    return lines + [
        f"| {n} | {fmt_seconds(s.wall)} | {fmt_seconds(s.cpu)} | {s.rss_kib / MIB:.0f} |"
        for n, s in named
    ]


_NAME = re.compile(r"^name: (.*)$", re.MULTILINE)


def edited(text: str, n: int) -> str:
    """The file with its first top-level `name:` changed to a value unique to n."""
    changed, count = _NAME.subn(lambda m: f"name: {m.group(1)} (endring {n})", text, count=1)
    if not count:
        raise ValueError("the file has no top-level `name:` line to change")
    return changed


def fast_import_stream(
    files: dict[str, bytes], edit: Sequence[str], commits: int, start: int = 1_600_000_000
) -> bytes:
    """A git fast-import stream: one commit of all files, then `commits` commits, each
    changing the next file of `edit` (round robin) with a new `name:`."""
    if any(p not in files for p in edit) or not edit:
        raise ValueError("every file to edit must be among the files of the first commit")
    out: list[bytes] = []

    def commit(n: int, changes: dict[str, bytes]) -> None:
        msg = f"change {n}\n".encode()
        out.append(
            b"commit refs/heads/main\n"
            + f"committer bench <bench@example.org> {start + n * 600} +0000\n".encode()
            + f"data {len(msg)}\n".encode()
            + msg
        )
        for path, data in changes.items():
            out.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
        out.append(b"\n")

    commit(0, files)
    for n in range(1, commits + 1):
        path = edit[(n - 1) % len(edit)]
        commit(n, {path: edited(files[path].decode("utf-8"), n).encode("utf-8")})
    return b"".join(out)


def touches(edit: Sequence[str], commits: int, path: str) -> int:
    """How many commits of fast_import_stream change `path` (the first commit included)."""
    return 1 + sum(1 for n in range(1, commits + 1) if edit[(n - 1) % len(edit)] == path)
