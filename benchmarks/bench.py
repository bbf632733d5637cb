"""digictl side by side with the floor and its peers, in one run.

    make bench            (or: .venv/bin/python benchmarks/bench.py --reps 5)

Measures, alternating and repeated, and reports medians and ratios:
- the floor: parsing the same files with libyaml's C loader in one process, no checks;
- `digictl validate` (every rule) on the same files;
- the peer doing less work: `check-jsonschema` with digictl's schemas (schema only);
- `python -c "import typer"` against `digictl --help` and `digictl --version`;
- `digictl diff` with 10 of ~7 400 files changed against one `digictl validate`;
- peak memory (the whole process tree) of `validate` at 10x, and a scaling curve.

No timing is asserted anywhere in the test suite; this script is run by hand.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
AS_OF = "2026-11-21"
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

FLOOR = (
    "import sys, pathlib, yaml\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)\n"
)
KINDS = {
    "network": ["network.yaml"],
    "organisation": ["organisations"],
    "person": ["people"],
    "agreement": ["agreements"],
    "body": ["bodies"],
    "meeting": ["meetings"],
    "project": ["projects"],
    "year": ["years"],
}


def run(cmd: list[str | Path], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def tree_rss_kib(pid: int) -> int:
    """Memory of a process and all its descendants, from /proc: the sum of their PSS.

    PSS (proportional set size) counts a page shared by n processes as 1/n in each,
    so forked workers that share the parent's pages copy-on-write are not counted
    twice, as a sum of RSS would. Falls back to RSS where smaps_rollup is missing.
    """
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        total += _pss_kib(p)
    return total


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_memory(cmd: list[str | Path]) -> tuple[float, int]:
    """(seconds, peak KiB of the process tree), sampling every 20 ms."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(c) for c in cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, tree_rss_kib(proc.pid))
            time.sleep(0.02)

    t = threading.Thread(target=sample)
    t.start()
    proc.wait()
    t.join()
    return time.perf_counter() - start, peak


def check_jsonschema(data: Path) -> Callable[[], float]:
    exe = BIN / "check-jsonschema"
    groups = []
    for kind, places in KINDS.items():
        files: list[Path] = []
        for place in places:
            p = data / place
            files += sorted(p.glob("*.yaml")) if p.is_dir() else [p]
        if files:
            groups.append([exe, "--schemafile", ROOT / "schemas" / f"{kind}.schema.json", *files])

    def measure() -> float:
        return sum(run(g) for g in groups)

    return measure


def make_repo(root: Path) -> Path:
    """A git repository with 1x data committed and 10 project files changed."""
    repo = root / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "config", "user.email", "bench@example.org"], check=True)
    subprocess.run([*git, "config", "user.name", "bench"], check=True)
    generate(repo / "data", 1.0)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "data"], check=True)
    for i in range(10):
        p = repo / "data" / "projects" / f"prosjekt{i}-0.yaml"
        p.write_text(p.read_text().replace(f"name: Prosjekt {i}\n", f"name: Prosjekt {i} (ny)\n"))
    return repo


ALIAS_BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [
        f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
)


def robustness(work: Path, data: Path, mutations: int = 500) -> list[tuple[str, str]]:
    """Alias bomb, a 50 MB file, and the slowest file of a random mutation campaign."""
    import random
    import resource

    sys.path.insert(0, str(ROOT / "src"))
    from digictl.errors import LoadError
    from digictl.load.loader import load_bytes

    out = []
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        load_bytes(ALIAS_BOMB.encode(), Path("bomb.yaml"), "bomb.yaml")
        verdict = "accepted (!)"
    except LoadError as exc:
        verdict = f"refused: {exc.message[:60]}…"
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    out.append(
        (
            "alias bomb (9 levels of 9 aliases)",
            f"{time.perf_counter() - start:.4f} s, max RSS grew {grown} KiB, {verdict}",
        )
    )
    big = work / "big" / "projects" / "big.yaml"
    shutil.copytree(data.parent / "data", work / "big", dirs_exist_ok=True)
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    secs, peak = peak_memory(
        [BIN / "digictl", "--data", work / "big", "--as-of", AS_OF, "validate", "--format", "json"]
    )
    out.append(
        ("7 400 files plus one 50 MB file", f"{secs:.2f} s, peak {peak // 1024} MiB, refused")
    )
    rng = random.Random(1)
    files = sorted(data.rglob("*.yaml"))
    snippets = [b"\n", b": ", b"- ", b"\t", b"&a ", b"*a", b"{", b"]", b"'", b"\xff", b"2021-02-30"]
    worst = 0.0
    for _ in range(mutations):
        raw = rng.choice(files).read_bytes()
        at = rng.randrange(len(raw) + 1)
        raw = raw[:at] + rng.choice(snippets) + raw[at:]
        t0 = time.perf_counter()
        with contextlib.suppress(LoadError):
            load_bytes(raw, Path("m.yaml"), "m.yaml")
        worst = max(worst, time.perf_counter() - t0)
    out.append((f"{mutations} randomly mutated files", f"slowest file {worst * 1000:.2f} ms"))
    return out


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--scales", default="0.1,1,3,10")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args()
    digictl = BIN / "digictl"
    py = BIN / "python"
    work = Path(tempfile.mkdtemp(prefix="digictl-bench-"))
    try:
        repo = make_repo(work)
        data = repo / "data"
        files = sum(1 for _ in data.rglob("*.yaml"))
        validate = [digictl, "--data", data, "--as-of", AS_OF, "validate", "--format", "json"]
        diff = [digictl, "--data", data, "--as-of", AS_OF, "diff", "HEAD", "--format", "json"]
        cjs = check_jsonschema(data)
        run(diff, cwd=repo)  # fill the load cache once, as a CI runner keeps .git between steps
        t: dict[str, list[float]] = {
            k: []
            for k in (
                "floor",
                "validate",
                "check-jsonschema",
                "import typer",
                "--help",
                "--version",
                "diff",
                "validate (diff pair)",
            )
        }
        for _ in range(args.reps):
            t["floor"].append(run([py, "-c", FLOOR, data]))
            t["validate"].append(run(validate))
            t["check-jsonschema"].append(cjs())
            t["import typer"].append(run([py, "-c", "import typer"]))
            t["--help"].append(run([digictl, "--help"]))
            t["--version"].append(run([digictl, "--version"]))
            t["diff"].append(run(diff, cwd=repo))
            t["validate (diff pair)"].append(run(validate))
        m = {k: median(v) for k, v in t.items()}
        cold_dir = repo / ".git" / "digictl"
        shutil.rmtree(cold_dir, ignore_errors=True)
        cold_diff = run(diff, cwd=repo)

        curve = []
        for scale in [float(s) for s in args.scales.split(",")]:
            d = work / f"scale-{scale}"
            n = generate(d, scale)
            runs = [
                peak_memory(
                    [digictl, "--data", d, "--as-of", AS_OF, "validate", "--format", "json"]
                )
                for _ in range(max(1, args.reps // 2))
            ]
            floor = median([run([py, "-c", FLOOR, d]) for _ in range(max(1, args.reps // 2))])
            curve.append((scale, n, median([r[0] for r in runs]), max(r[1] for r in runs), floor))
        robust = robustness(work, data)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ratios = [
        ("`digictl --help` / `import typer`", m["--help"] / m["import typer"], 1.5),
        ("`digictl --version` / `import typer`", m["--version"] / m["import typer"], 1.5),
        ("`validate` / C-parse floor (1x)", m["validate"] / m["floor"], 2.0),
        ("`validate` / check-jsonschema (1x)", m["validate"] / m["check-jsonschema"], 0.5),
        ("`diff` (10 changed) / `validate`", m["diff"] / m["validate (diff pair)"], 1.3),
    ]
    peak10 = next((c[3] for c in curve if c[0] == 10.0), None)
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `make bench` (`.venv/bin/python benchmarks/bench.py --reps {args.reps}`) on "
        f"{time.strftime('%Y-%m-%d')}. Medians of {args.reps} alternating repetitions in one run; "
        "every time is the wall time of a whole command, interpreter start-up included.",
        "",
        "## Machine and versions",
        "",
        f"- {platform.machine()}, {os.cpu_count()} cores, {_cpu()}, {_mem()}",
        f"- Python {platform.python_version()}, {_versions()}",
        f"- data: `benchmarks/generate.py` at 1x = {files} files (seed 7); as of {AS_OF}",
        "",
        "## Ratios against the budgets",
        "",
        "| measure | ratio | budget | |",
        "|---|---:|---:|---|",
    ]
    for name, ratio, budget in ratios:
        lines.append(
            f"| {name} | {ratio:.2f} | ≤ {budget} | {'ok' if ratio <= budget else 'over'} |"
        )
    if peak10 is not None:
        ok = "ok" if peak10 < 1024 * 1024 else "over"
        lines.append(
            f"| peak memory of `validate` at 10x | {peak10 / 1024:.0f} MiB | < 1024 MiB | {ok} |"
        )
    lines += [
        "",
        "## Medians (seconds)",
        "",
        "| command | median | min | max |",
        "|---|---:|---:|---:|",
    ]
    for k, v in t.items():
        lines.append(f"| {k} | {median(v):.3f} | {min(v):.3f} | {max(v):.3f} |")
    lines.append(f"| diff, cold (no load cache) | {cold_diff:.3f} | | |")
    lines += [
        "",
        "## Scaling (validate, every rule)",
        "",
        "| scale | files | validate (s) | s per 1 000 files | peak memory (MiB) | floor (s) | ratio to floor |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scale, n, secs, peak, floor in curve:
        lines.append(
            f"| {scale:g}x | {n} | {secs:.2f} | {1000 * secs / n:.3f} | {peak / 1024:.0f} | "
            f"{floor:.2f} | {secs / floor:.2f} |"
        )
    lines += ["", "## Robustness", "", "| input | result |", "|---|---|"]
    lines += [f"| {name} | {result} |" for name, result in robust]
    lines += ["", "Reproduce: `make bench` (installs check-jsonschema into .venv first).", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _mem() -> str:
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        return f"{kib / 1024 / 1024:.0f} GiB memory"
    except (OSError, ValueError, IndexError):
        return "memory unknown"


def _versions() -> str:
    from importlib.metadata import version

    import yaml

    names = ["digictl", "PyYAML", "jsonschema", "fastjsonschema", "check-jsonschema", "typer"]
    out = []
    for n in names:
        try:
            out.append(f"{n} {version(n)}")
        except Exception:
            out.append(f"{n} (not installed)")
    return ", ".join(out) + f"; libyaml {'yes' if yaml.__with_libyaml__ else 'no'}"


if __name__ == "__main__":
    main()
