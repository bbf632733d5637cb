"""Synthetic, contract-valid partnership data at a scale factor, deterministic from a seed.

    python benchmarks/generate.py OUT --scale 1 --seed 7

1x is about 400 organisations, 600 people, 4 350 projects, 2 000 meetings and
7 400 files; 10x repeats the whole (ids get a suffix). The data follows the
contract of DESIGN §3 and uses the national registry for municipalities.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

from digictl import resources

BASE = {"organisations": 400, "people": 600, "projects": 4350, "meetings": 2000}
REGIONS = ["Nord", "Sør", "Øst", "Vest", "Midt", "Kyst", "Fjell", "Innland"]


def _registry() -> list[dict[str, str]]:
    text = resources.registry().joinpath("orgnr.csv").read_text(encoding="utf-8")
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["entity_type"] == "kommune"]
    names = {}
    k24 = resources.registry().joinpath("kommuner-2024.csv").read_text(encoding="utf-8")
    for r in csv.DictReader(io.StringIO(k24)):
        names[r["kommunenummer"]] = r["name"]
    out = []
    for r in rows:
        number = r["kommunenummer_2024"] or r["kommunenummer_2020_2023"]
        if number in names:
            out.append({"number": number, "orgnr": r["orgnr"], "name": names[number]})
    return out


def _mod11_orgnr(rng: random.Random) -> str:
    weights = [3, 2, 7, 6, 5, 4, 3, 2]
    while True:
        digits = [8 if i == 0 else rng.randrange(10) for i in range(8)]
        check = 11 - sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _organisations(
    out: Path, sfx: str, n_orgs: int, municipalities: list[dict[str, str]], rng: random.Random
) -> list[str]:
    """Write the organisations of one copy; the first are the registry's municipalities."""
    orgs: list[str] = []
    for i in range(n_orgs):
        oid = f"m{i}{sfx}"
        if i < len(municipalities):
            m = municipalities[i]
            text = (
                f'id: {oid}\nname: "{m["name"]}"\nkind: municipality\n'
                f'kommunenummer: "{m["number"]}"\norgnr: "{m["orgnr"]}"\n'
                f"region: {REGIONS[i % len(REGIONS)]}\ndigifin: {{member: true, since: 2018-01-01}}\n"
            )
        else:
            text = f'id: {oid}\nname: Organisasjon {i}\nkind: other\norgnr: "{_mod11_orgnr(rng)}"\n'
        write(out / "organisations" / f"{oid}.yaml", text)
        orgs.append(oid)
    return orgs


def generate(out: Path, scale: float = 1.0, seed: int = 7) -> int:
    """Write a data directory; returns the number of files."""
    if out.exists():
        shutil.rmtree(out)
    rng = random.Random(seed)
    copies = max(1, int(scale)) if scale >= 1 else 1
    factor = scale if scale < 1 else 1.0
    municipalities = _registry()
    files = 0
    write(
        out / "network.yaml",
        "id: bench\nname: Benchmark network\nhost: m0-0\nlanguage: nb\ncalendar:\n"
        '  annual_plan_due: "03-31"\n  annual_report_due: "04-30"\n  contributions_due: "11-30"\n'
        "rules: {}\n",
    )
    files += 1
    for c in range(copies):
        sfx = f"-{c}"
        orgs = _organisations(out, sfx, int(BASE["organisations"] * factor), municipalities, rng)
        parties = [o for i, o in enumerate(orgs) if i < len(municipalities)]
        n_people = int(BASE["people"] * factor)
        people = []
        for i in range(n_people):
            pid = f"p{i}{sfx}"
            write(
                out / "people" / f"{pid}.yaml",
                f"id: {pid}\nname: Person {i}\norg: {parties[i % len(parties)]}\n"
                f"title: rådgiver\nemail: p{i}@example.org\n",
            )
            people.append(pid)
        lines = [
            f"id: avtale{sfx}",
            "title: Samarbeidsavtale",
            'version: "1.0"',
            "effective: 2019-01-01",
            "until: 2030-12-31",
            "evaluation: {due: 2024-06-30, done: 2024-06-01}",
            "amendment_rule: unanimous",
            "parties:",
        ]
        for o in parties:
            lines += [
                f"  - org: {o}",
                "    joined: 2019-01-01",
                "    decision: Kommunestyret sak 1/19",
            ]
        write(out / "agreements" / f"avtale{sfx}.yaml", "\n".join(lines) + "\n")
        board = f"programstyret{sfx}"
        members = []
        for j in range(8):
            members += [
                f"  - person: {people[j]}",
                "    seat: medlem",
                "    from: 2019-01-01",
                *(["    role: chair"] if j == 0 else []),
            ]
        write(
            out / "bodies" / f"{board}.yaml",
            f"id: {board}\nname: Programstyret\nroles: [programme-board, portfolio-board]\n"
            "term_years: 20\ncadence: quarterly\nseats:\n  - id: medlem\n    kind: municipality\n"
            "    count: 8\nmembers:\n" + "\n".join(members) + "\n",
        )
        for g in range(12):
            gid = f"gruppe{g}{sfx}"
            mem = "\n".join(
                f"  - person: {people[(g * 7 + k) % len(people)]}\n    seat: medlem\n    from: 2020-01-01"
                for k in range(5)
            )
            write(
                out / "bodies" / f"{gid}.yaml",
                f"id: {gid}\nname: Gruppe {g}\nroles: [expert-group]\nseats:\n  - id: medlem\n"
                f"    count: 5\nmembers:\n{mem}\n",
            )
        n_meetings = int(BASE["meetings"] * factor)
        decisions: list[str] = []
        day = date(2019, 1, 10)
        used: set[str] = set()
        for i in range(n_meetings):
            day += timedelta(days=1 + (i % 2))
            body = board if i % 3 == 0 else f"gruppe{i % 12}{sfx}"
            stem = f"{day.isoformat()}-{body}"
            if stem in used:
                continue
            used.add(stem)
            ds = []
            for k in range(3):
                did = f"D{sfx}-{i}-{k}"
                ds.append(f"  - id: {did}\n    title: Vedtak {i}.{k}\n    outcome: consensus")
                if body == board:
                    decisions.append(did)
            write(
                out / "meetings" / f"{stem}.yaml",
                f"body: {body}\ndate: {day.isoformat()}\ndecisions:\n" + "\n".join(ds) + "\n",
            )
        n_projects = int(BASE["projects"] * factor)
        for i in range(n_projects):
            pid = f"prosjekt{i}{sfx}"
            total = rng.randrange(10, 500) * 10_000
            a = rng.randrange(1, total // 10_000) * 10_000 if total > 10_000 else 0
            d = decisions[i % len(decisions)]
            start = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 1800))
            write(
                out / "projects" / f"{pid}.yaml",
                f"id: {pid}\nname: Prosjekt {i}\nscope: regional\nstatus: active\n"
                f"owner: {parties[i % len(parties)]}\nmanager: {people[i % len(people)]}\n"
                f"participants: [{parties[(i + 1) % len(parties)]}, {parties[(i + 2) % len(parties)]}]\n"
                f"start: {start.isoformat()}\nend: {(start + timedelta(days=700)).isoformat()}\n"
                f"mandate: {{decision: {d}, summary: Mandat {i}}}\n"
                f"budget:\n  total: {total}\n  decision: {d}\n  financing:\n"
                f"    - {{source: party, org: {parties[i % len(parties)]}, amount: {a}}}\n"
                f"    - {{source: digifin, amount: {total - a}}}\n"
                f"steering_group: [{people[i % 8]}]\n"
                f"milestones:\n  - {{name: Start, due: {start.isoformat()}, done: {start.isoformat()}}}\n",
            )
        if c == 0:
            for y in range(2019, 2031):
                plan = decisions[min((y - 2019) * 40, len(decisions) - 1)]
                report = decisions[min((y - 2018) * 40 + 5, len(decisions) - 1)]
                write(
                    out / "years" / f"{y}.yaml",
                    f"year: {y}\nannual_plan: {{decision: {plan}}}\n"
                    f"annual_report: {{decision: {report}}}\n",
                )
    return sum(1 for p in out.rglob("*.yaml"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    print(generate(args.out, args.scale, args.seed), "files")


if __name__ == "__main__":
    main()
