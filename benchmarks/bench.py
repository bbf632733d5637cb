"""digictl per command, cold and warm, against its floors and peers, in one run.

    make bench                                   (the real run: 5 reps, 1x national, 10x memory)
    .venv/bin/python benchmarks/bench.py --quick (1 rep, 0.1x, 1 000 commits, no 10x: a try)

Every figure is a whole process, interpreter start-up included: its wall time and its CPU
time (user + sys, with the children it waited for, from os.wait4), medians of the
repetitions; within a repetition the commands alternate, each run cold (the load cache
`.git/digictl` removed, as a fresh CI clone has it) and then warm (run again). Sites:
- data/ (the bundled example, ~125 files) in a fresh git repository; its floor is
  `python -c "import typer"`;
- "national" (benchmarks/generate.py, ~7 400 files at 1x) in a fresh git repository with
  one file changed in the working tree; its floor is libyaml's C loader parsing the same
  files in one process, no checks; after `validate` warm, that file gets content the cache
  has never seen and `validate` runs again ("after one change");
- a history of data/ plus N commits made with git fast-import, for `log ENTITY` against
  `git log -p -- FILE`;
- 10x national once per command, for peak memory (ru_maxrss of the largest process).
The peer check-jsonschema (schema checks only) is given the self-contained schemas of
`digictl schema --export`, its best setup. No timing is asserted in the test suite.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
AS_OF = "2026-11-21"
sys.path.insert(0, str(HERE))

from harness import (  # noqa: E402
    Budget,
    CommandRow,
    Sample,
    Settings,
    budget_table,
    command_table,
    edited,
    fast_import_stream,
    measure,
    median_sample,
    memory_row,
    pair,
    parse_args,
    sample_table,
    touches,
)

FLOOR = (
    "import sys, pathlib, yaml\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)\n"
)
DIFF = "diff (one changed file)"
COMMANDS: list[tuple[str, list[str]]] = [
    ("validate", ["validate"]),
    ("status", ["status"]),
    ("deadlines", ["deadlines"]),
    ("deadlines --format json", ["deadlines", "--format", "json"]),
    ("board", ["board"]),
    ("portfolio", ["portfolio"]),
    ("report annual-plan --format html", ["report", "annual-plan", "--format", "html"]),
    (DIFF, ["diff", "HEAD", "--format", "json"]),
    ("log ENTITY", ["log", "{entity}"]),
    ("--help", ["--help"]),
    ("--version", ["--version"]),
]
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
DIGICTL = BIN / "digictl"
AFTER_CHANGE = "validate after one change (warm cache)"
PEER = "check-jsonschema, inlined schemas (schema checks only)"
TYPER = 'python -c "import typer"'
CPARSE = "C-parse floor (libyaml CLoader, one process)"
PY = BIN / "python"


@dataclass
class Site:
    """A git repository holding data/, with one file changed in the working tree."""

    name: str
    repo: Path
    changed: Path
    original: str
    files: int
    edits: int = 0

    @property
    def data(self) -> Path:
        return self.repo / "data"

    @property
    def entity(self) -> str:
        return f"project:{self.changed.stem}"

    def command(self, args: Sequence[str]) -> list[str | Path]:
        if args[0].startswith("--"):
            return [DIGICTL, *args]
        args = [a.replace("{entity}", self.entity) for a in args]
        return [DIGICTL, "--data", self.data, "--as-of", AS_OF, *args]

    def clear_cache(self) -> None:
        shutil.rmtree(self.repo / ".git" / "digictl", ignore_errors=True)

    def change_one_file(self) -> None:
        """A new content for the changed file, never seen by the cache before."""
        self.edits += 1
        self.changed.write_text(edited(self.original, self.edits), encoding="utf-8")


def git(repo: Path, *args: str, stdin: bytes | None = None) -> None:
    subprocess.run(["git", "-C", str(repo), *args], input=stdin, check=True)


def init_repo(repo: Path) -> None:
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "bench@example.org")
    git(repo, "config", "user.name", "bench")
    git(repo, "config", "gc.auto", "0")


def make_site(work: Path, name: str, scale: float | None, changed: str) -> Site:
    """data/ copied (scale None) or generated at scale, committed, one file then changed."""
    repo = work / name
    init_repo(repo)
    if scale is None:
        shutil.copytree(ROOT / "data", repo / "data")
    else:  # in a process of its own: the harness stays small (a child starts at its RSS)
        subprocess.run(
            [PY, HERE / "generate.py", repo / "data", "--scale", str(scale)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "data")
    git(repo, "repack", "-adq")  # packed, as a fresh clone is (CI reads history from a pack)
    git(repo, "prune")
    path = repo / "data" / "projects" / changed
    files = sum(1 for _ in (repo / "data").rglob("*.yaml"))
    site = Site(name, repo, path, path.read_text(encoding="utf-8"), files)
    site.change_one_file()
    return site


@dataclass
class Runs:
    """The samples of one site: per command cold and warm, and named extra processes."""

    cold: dict[str, list[Sample]] = field(default_factory=dict)
    warm: dict[str, list[Sample]] = field(default_factory=dict)
    extra: dict[str, list[Sample]] = field(default_factory=dict)

    def add(self, table: dict[str, list[Sample]], key: str, sample: Sample) -> None:
        """Keep a sample; a run that failed (exit code 2 or more) has no figure to give."""
        if sample.status not in (0, 1):
            raise RuntimeError(f"{key} exited with {sample.status}: its time would mean nothing")
        table.setdefault(key, []).append(sample)

    def median(self, table: dict[str, list[Sample]], key: str) -> Sample | None:
        return median_sample(table[key]) if table.get(key) else None


def check_jsonschema() -> Path | None:
    local = BIN / "check-jsonschema"
    if local.exists():
        return local
    found = shutil.which("check-jsonschema")
    return Path(found) if found else None


def peer_groups(exe: Path, data: Path, schemas: Path) -> list[list[str | Path]]:
    """One check-jsonschema process per kind, with the kind's self-contained schema."""
    groups: list[list[str | Path]] = []
    for kind, places in KINDS.items():
        files: list[Path] = []
        for place in places:
            p = data / place
            files += sorted(p.glob("*.yaml")) if p.is_dir() else [p]
        if files:
            groups.append([exe, "--schemafile", schemas / f"{kind}.schema.json", *files])
    return groups


def summed(groups: list[list[str | Path]], sink: Path) -> Sample:
    samples = [measure(g, out=sink) for g in groups]
    return Sample(
        sum(s.wall for s in samples), sum(s.cpu for s in samples), max(s.rss_kib for s in samples)
    )


def floors(site: Site, schemas: Path) -> list[tuple[str, list[str | Path] | None]]:
    exe = check_jsonschema()
    return [
        ("python -c pass", [PY, "-c", "pass"]),
        (TYPER, [PY, "-c", "import typer"]),
        (CPARSE, [PY, "-c", FLOOR, site.data]),
        (PEER, None if exe is None else [exe]),
    ]


def one_rep(site: Site, runs: Runs, schemas: Path, sink: Path) -> None:
    """The floors, then every command cold then warm (validate also after one change)."""
    for name, cmd in floors(site, schemas):
        if cmd is None:
            continue
        if name == PEER:
            exe = Path(cmd[0])
            runs.add(runs.extra, name, summed(peer_groups(exe, site.data, schemas), sink))
        else:
            runs.add(runs.extra, name, measure(cmd, out=sink))
    for label, args in COMMANDS:
        cmd = site.command(args)
        site.clear_cache()
        runs.add(runs.cold, label, measure(cmd, site.repo, sink))
        runs.add(runs.warm, label, measure(cmd, site.repo, sink))
        if label == "validate":  # the cache is full: change one file, validate again
            site.change_one_file()
            runs.add(runs.extra, AFTER_CHANGE, measure(cmd, site.repo, sink))


@dataclass
class History:
    repo: Path
    path: str
    commits: int
    touching: int


def make_history(work: Path, commits: int) -> History:
    """data/ as a first commit, then `commits` commits made by git fast-import."""
    repo = work / "history"
    init_repo(repo)
    files = {
        f"data/{p.relative_to(ROOT / 'data').as_posix()}": p.read_bytes()
        for p in sorted((ROOT / "data").rglob("*"))
        if p.is_file()
    }
    edit = [p for p, b in files.items() if p.endswith(".yaml") and b"\nname: " in b"\n" + b]
    target = "data/projects/felles-sak-arkiv.yaml"
    git(repo, "fast-import", "--quiet", stdin=fast_import_stream(files, edit, commits))
    git(repo, "checkout", "-q", "-f", "main")
    return History(repo, target, commits, touches(edit, commits, target))


def history_rep(history: History, runs: Runs, sink: Path) -> None:
    stem = Path(history.path).stem
    cmd: list[str | Path] = [DIGICTL, "--data", history.repo / "data", "log", f"project:{stem}"]
    shutil.rmtree(history.repo / ".git" / "digictl", ignore_errors=True)
    runs.add(runs.cold, "log ENTITY", measure(cmd, history.repo, sink))
    runs.add(runs.warm, "log ENTITY", measure(cmd, history.repo, sink))
    git_log = ["git", "-C", history.repo, "log", "-p", "--", history.path]
    runs.add(runs.extra, "git log -p -- FILE", measure(git_log, out=sink))


def memory_run(site: Site, sink: Path) -> dict[str, Sample]:
    """Each command (but --help and --version) once, cold, at the big scale."""
    out = {}
    for label, args in COMMANDS:
        if args[0].startswith("--"):
            continue
        site.clear_cache()
        out[label] = measure(site.command(args), site.repo, sink)
    return out


@dataclass
class Results:
    settings: Settings
    small: Site
    national: Site
    history: History
    runs: dict[str, Runs]
    memory: dict[str, Sample] | None
    big_files: int | None
    started: str
    seconds: float = 0.0
    argv: str = ""


def run_all(settings: Settings, work: Path) -> Results:
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    t0 = time.perf_counter()
    small = make_site(work, "small", None, "digital-byggesak.yaml")
    national = make_site(work, "national", settings.scale, "prosjekt0-0.yaml")
    history = make_history(work, settings.commits)
    schemas = work / "schemas"
    subprocess.run([DIGICTL, "schema", "--export", schemas], stdout=subprocess.DEVNULL, check=True)
    sink = work / "stdout"
    runs = {"small": Runs(), "national": Runs(), "history": Runs()}
    for rep in range(settings.reps):
        print(f"repetition {rep + 1} of {settings.reps}", file=sys.stderr)
        one_rep(small, runs["small"], schemas, sink)
        one_rep(national, runs["national"], schemas, sink)
        history_rep(history, runs["history"], sink)
    memory, big_files = None, None
    if settings.big:
        print(f"memory at {settings.big:g}x", file=sys.stderr)
        big = make_site(work, "big", settings.big, "prosjekt0-0.yaml")
        memory, big_files = memory_run(big, sink), big.files
    res = Results(settings, small, national, history, runs, memory, big_files, started)
    res.seconds = time.perf_counter() - t0
    return res


def _req(s: Sample | None) -> Sample:
    if s is None:
        raise RuntimeError("a sample the budgets need was not measured")
    return s


def small_budgets(sm: Runs) -> list[Budget]:
    """data/: validate, status and deadlines against `import typer`, cold and warm."""
    typer = sm.median(sm.extra, TYPER)
    return [
        Budget(
            f"`{cmd}`, data/, {state} / `import typer`",
            sm.median(table, cmd),
            typer,
            budget,
            cpu=False,
        )
        for cmd, budget in (("validate", 3.0), ("status", 3.5), ("deadlines", 3.5))
        for state, table in (("cold", sm.cold), ("warm", sm.warm))
    ]


def national_budgets(nat: Runs) -> list[Budget]:
    """National: validate against the C-parse floor, every other command against validate."""
    floor = nat.median(nat.extra, CPARSE)
    validate = nat.median(nat.cold, "validate")
    out = [
        Budget("`validate` cold, national / C-parse floor", validate, floor, 1.5),
        Budget(
            "`validate` warm (nothing changed) / C-parse floor",
            nat.median(nat.warm, "validate"),
            floor,
            0.5,
        ),
        Budget(
            "`validate` after one change / C-parse floor",
            nat.median(nat.extra, AFTER_CHANGE),
            floor,
            0.6,
        ),
    ]
    out += [
        Budget(
            f"`{label}` cold, national / `validate` cold",
            nat.median(nat.cold, label),
            validate,
            1.5,
        )
        for label, _ in COMMANDS
        if label not in ("validate", DIFF)
    ]
    out.append(
        Budget(
            "`diff` of one changed file, cold / `validate` cold (national)",
            nat.median(nat.cold, DIFF),
            validate,
            1.2,
            cpu=False,
        )
    )
    return out


def budgets(r: Results) -> list[Budget]:
    hist, h = r.runs["history"], r.history
    log = Budget(
        f"`log ENTITY` cold / `git log -p -- FILE` ({h.commits + 1} commits, "
        f"{h.touching} change the file)",
        hist.median(hist.cold, "log ENTITY"),
        hist.median(hist.extra, "git log -p -- FILE"),
        3.0,
        cpu=False,
    )
    return [*small_budgets(r.runs["small"]), *national_budgets(r.runs["national"]), log]


def site_section(title: str, site: Site, runs: Runs, floor_key: str, floor_name: str) -> list[str]:
    rows = [
        CommandRow(label, _req(runs.median(runs.cold, label)), runs.median(runs.warm, label))
        for label, _ in COMMANDS
    ]
    floor = _req(runs.median(runs.extra, floor_key))
    validate = _req(runs.median(runs.cold, "validate"))
    extra = [(k, _req(runs.median(runs.extra, k))) for k in runs.extra]
    return [
        f"### {title} ({site.files} files)",
        "",
        f"Seconds; ratios are wall / CPU; the floor here is {floor_name}.",
        "",
        *command_table(rows, floor, "floor", validate),
        "",
        *sample_table(extra),
        "",
    ]


def peers(r: Results) -> list[str]:
    lines = [
        "| site | `validate` cold ÷ check-jsonschema (wall / CPU) | `validate` warm ÷ check-jsonschema |",
        "|---|---:|---:|",
    ]
    for name, key in (("data/", "small"), ("national", "national")):
        runs = r.runs[key]
        peer = runs.median(runs.extra, PEER)
        if peer is None:
            return ["check-jsonschema: not installed, not measured (`make bench` installs it)."]
        cold, warm = runs.median(runs.cold, "validate"), runs.median(runs.warm, "validate")
        lines.append(f"| {name} | {pair(cold, peer)} | {pair(warm, peer)} |")
    return [
        "check-jsonschema does schema checks only (no rules); it is given the self-contained "
        "schemas of `digictl schema --export`, one process per kind (their times summed).",
        "",
        *lines,
    ]


def header(r: Results) -> list[str]:
    s = r.settings
    return [
        "# Benchmarks",
        "",
        f"Generated by `.venv/bin/python benchmarks/bench.py{r.argv}` (`make bench` is the real "
        f"run) on {r.started}, in {r.seconds / 60:.1f} minutes. Medians of {s.reps} "
        "repetition(s); every figure is a whole process, interpreter start-up included: wall "
        "seconds and CPU seconds (user + sys of the process and the children it waited for, "
        "from `os.wait4`). Cold: the load cache `.git/digictl` removed just before the run (as "
        "in a fresh CI clone); warm: the same command run again right after. The operating "
        "system's file cache is warm in both. Output goes to a file (plain rows, as piped).",
        "",
        "## Machine and versions",
        "",
        f"- {platform.machine()}, {os.cpu_count()} cores, {_cpu()}, {_mem()}; "
        f"load average at the start {_load()}",
        f"- Python {platform.python_version()}, {_versions()}; {_git_version()}",
        f"- data/: the bundled example, {r.small.files} files; national: `benchmarks/generate.py` "
        f"at {s.scale:g}x = {r.national.files} files (seed 7); as of {AS_OF}",
        f"- one file changed in the working tree of each ({r.small.changed.name}, "
        f"{r.national.changed.name}); `log ENTITY` is `log {r.small.entity}` / "
        f"`log {r.national.entity}` (one commit)",
        "",
    ]


def history_section(r: Results) -> list[str]:
    hist, h = r.runs["history"], r.history
    return [
        f"### History: data/ plus {h.commits} commits (git fast-import)",
        "",
        f"{h.touching} of the {h.commits + 1} commits change `{h.path}`.",
        "",
        *sample_table(
            [
                ("log ENTITY, cold", _req(hist.median(hist.cold, "log ENTITY"))),
                ("log ENTITY, warm", _req(hist.median(hist.warm, "log ENTITY"))),
                ("git log -p -- FILE", _req(hist.median(hist.extra, "git log -p -- FILE"))),
            ]
        ),
        "",
    ]


def render(r: Results) -> str:
    s = r.settings
    lines = [
        *header(r),
        '## Budgets (issue 15, "Done when")',
        "",
        "Judged on wall and CPU where the issue says both (national scale), on wall elsewhere; "
        "the other ratio is shown.",
        "",
        *budget_table(budgets(r)),
        *_memory_lines(r),
        "",
        "## Per command",
        "",
        *site_section("data/", r.small, r.runs["small"], TYPER, f"`{TYPER}`"),
        *site_section(f"national {s.scale:g}x", r.national, r.runs["national"], CPARSE, CPARSE),
        *history_section(r),
        "## Peer",
        "",
        *peers(r),
        "",
        "## Reproduce",
        "",
        "`make bench` (installs check-jsonschema into .venv, then runs `benchmarks/bench.py`: "
        "5 repetitions, 1x national, 10 000 commits, memory at 10x). "
        "`benchmarks/bench.py --quick` tries the harness in a few minutes "
        "(1 repetition, 0.1x, 1 000 commits, no 10x); its figures are not the budgets' figures.",
        "",
    ]
    return "\n".join(lines)


def _memory_lines(r: Results) -> list[str]:
    big = r.settings.big
    if r.memory is None or big is None:
        return ["", "Peak memory at 10x: not measured in this run (`--quick` or no `--big`)."]
    lines = [
        "",
        f"Peak memory at {big:g}x ({r.big_files} files), each command once, cold "
        "(ru_maxrss: the largest single process of its tree; at least the harness's own "
        f"peak RSS, {_harness_mib()} MiB, as Linux keeps the high-water mark across fork and "
        "exec):",
        "",
        "| command | peak RSS | limit | |",
        "|---|---:|---:|---|",
    ]
    return lines + [memory_row(f"`{k}`", v.rss_kib) for k, v in r.memory.items()]


def _harness_mib() -> int:
    """The harness's own peak RSS: the least any process it starts can show."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


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


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _git_version() -> str:
    done = subprocess.run(["git", "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip()


def _versions() -> str:
    from importlib.metadata import version

    import yaml

    names = ["digictl", "PyYAML", "jsonschema", "check-jsonschema", "typer"]
    out = []
    for n in names:
        try:
            out.append(f"{n} {version(n)}")
        except Exception:
            exe = check_jsonschema() if n == "check-jsonschema" else None
            out.append(f"{n} ({exe})" if exe else f"{n} (not installed)")
    return ", ".join(out) + f"; libyaml {'yes' if yaml.__with_libyaml__ else 'no'}"


def main(argv: Sequence[str] | None = None) -> None:
    settings = parse_args(argv, HERE / "RESULTS.md")
    work = Path(tempfile.mkdtemp(prefix="digictl-bench-"))
    try:
        results = run_all(settings, work)
        results.argv = "".join(f" {a}" for a in (sys.argv[1:] if argv is None else argv))
        text = render(results)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    settings.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
