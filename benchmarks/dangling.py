"""A data set with many dangling references, to time the "did you mean" hints.

    python benchmarks/dangling.py OUT [--refs 2000]
    time digictl --data OUT --as-of 2026-11-21 validate > /dev/null

Generates the 1x benchmark data (benchmarks/generate.py), then points the
manager of ``--refs`` projects at people that do not exist, half of them one
typo away from a real id (a hint is expected) and half unlike any id, and the
budget decision of as many projects at decisions that do not exist. Every one
of them is a `ref` finding whose hint searches the ids of its kind.

Measured 2026-12-02 (2 shared cores, 7 377 files, 4 000 dangling references,
`validate --format json`): before the bounded search 148.7 s wall / 66.1 s user
(machine loaded), after 5.7 s wall / 5.2 s user; with `--skip ref` 4.6 s user.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402


def dangle(out: Path, refs: int) -> int:
    """Rewrite ``refs`` project files so that each has two dangling references."""
    projects = sorted((out / "projects").glob("*.yaml"))[:refs]
    for i, path in enumerate(projects):
        text = path.read_text(encoding="utf-8")
        ghost = f"p{i % 600}-0x" if i % 2 == 0 else f"nobody-{i}"
        text = re.sub(r"(?m)^manager: .*$", f"manager: {ghost}", text)
        text = re.sub(r"(?m)^  decision: .*$", f"  decision: X-{i}-9", text)
        path.write_text(text, encoding="utf-8")
    return len(projects)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--refs", type=int, default=2000)
    args = ap.parse_args()
    files = generate(args.out, 1.0, 7)
    print(files, "files,", dangle(args.out, args.refs), "projects with dangling references")


if __name__ == "__main__":
    main()
