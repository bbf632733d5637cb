"""The first day of a partnership, end to end, with the released wheel and nothing hand-written.

From an empty folder to Digi Vestland: `init` with the 43 municipalities of the county, an
agreement whose parties come from a spreadsheet (XLSX), a steering group whose people and
members come from CSV files, a project. Only `init`, the authoring commands and `import`
touch the data. Then the pull-request workflow `init` wrote runs its steps on two pull
requests: a harmless one ends green with its comment; one that introduces an error (written
with --force after the command refused it) ends red with its comment.

Everything runs as of today, as the programme leader would: the dates are relative to it.
The steps' timings are printed (`pytest -s`).
"""

from __future__ import annotations

import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from digictl.scaffold import county_members
from tests.cli.conftest import Install
from tests.cli.test_workflows import DIFF_MARKER, PR, Repo, actions, results
from tests.test_forge import StubForge

TODAY = date.today()
COUNTY = "46"


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


class FirstDay:
    """The scratch repository, and how long each step took."""

    def __init__(self, tmp_path: Path, install: Install) -> None:
        self.repo = Repo(tmp_path, install)
        self.timings: list[tuple[str, float]] = []

    def step(self, label: str, *args: str) -> str:
        start = time.perf_counter()
        out = self.repo.run(*args)
        self.timings.append((label, time.perf_counter() - start))
        return out

    def refused(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=self.repo.path, env=self.repo.env, capture_output=True, text=True
        )


def parties_xlsx(path: Path) -> int:
    """The accession table as the programme leader keeps it: one row per municipality of
    the county (the current list, as init --county writes them), dates as date cells."""
    members, _ = county_members(COUNTY)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Kommunenummer", "Tiltredt", "Vedtak"])
    for i, m in enumerate(members, start=1):
        sheet.append([m.number, TODAY - timedelta(days=30), f"Kommunestyret sak {i}/{TODAY.year}"])
    book.save(path)
    return len(members)


PEOPLE = """\
navn;org;tittel
Kari Nordmann;bergen;kommunedirektør
Ola Vik;voss;kommunedirektør
Siri Dale;alver;digitaliseringssjef
Nils Haug;askoy;kommunedirektør
Liv Berg;bjornafjorden;kommunedirektør
Per Fylke;vestland-fylkeskommune;fylkesdirektør
"""


def members_csv() -> str:
    rows = ["person;sete;fra;vedtak;rolle"]
    seats = {"Per Fylke": "fylkeskommunen"}
    for i, line in enumerate(PEOPLE.splitlines()[1:]):
        name = line.split(";")[0]
        role = "leiar" if i == 0 else "medlem"
        rows.append(f"{name};{seats.get(name, 'kommune')};{day(-1)};SG-{TODAY.year}-01;{role}")
    return "\n".join(rows) + "\n"


def build_partnership(tmp_path: Path, install: Install) -> FirstDay:
    f = FirstDay(tmp_path, install)
    f.step(
        "pip install the wheel",
        *(str(install.bin / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index"),
        str(install.wheel),
    )
    f.step(
        "init --county 46",
        *("digictl", "init", "digi-vestland", "--name", "Digi Vestland", "--language", "nn"),
        *("--host", "Vestland fylkeskommune", "--county", COUNTY),
        *("--digictl-source", str(install.wheel)),
    )
    f.repo.path = tmp_path / "digi-vestland"
    f.step("git init", "git", "init", "-q", "-b", "main")
    f.step(
        "agreement new",
        *("digictl", "agreement", "new", "samarbeidsavtale", "--title", "Samarbeidsavtale"),
        *("--effective", day(-30), "--until", day(3 * 365), "--evaluation-due", day(2 * 365)),
    )
    count = parties_xlsx(tmp_path / "parter.xlsx")
    assert count == 43
    f.step("import parties (xlsx)", "digictl", "import", "../parter.xlsx", "--what", "parties")
    f.step(
        "party join (county)",
        *("digictl", "party", "join", "vestland-fylkeskommune", "--agreement", "samarbeidsavtale"),
        *("--date", day(-30), "--decision", "Fylkestinget sak 45"),
    )
    f.step(
        "body new",
        *("digictl", "body", "new", "styringsgruppa", "--name", "Styringsgruppa"),
        *("--role", "portfolio-board", "--role", "programme-board", "--cadence", "quarterly"),
        *("--term-years", "2"),
    )
    f.step(
        "body seat (municipalities)",
        *("digictl", "body", "seat", "styringsgruppa", "kommune", "--kind", "municipality"),
        *("--count", "5"),
    )
    f.step(
        "body seat (county)",
        *("digictl", "body", "seat", "styringsgruppa", "fylkeskommunen"),
        *("--org", "vestland-fylkeskommune"),
    )
    (tmp_path / "personar.csv").write_text(PEOPLE, encoding="utf-8")
    f.step("import people (csv)", "digictl", "import", "../personar.csv", "--what", "people")
    f.step("meeting new", "digictl", "meeting", "new", "styringsgruppa", day(-1))
    f.step(
        "decision add",
        *("digictl", "decision", "add", f"{day(-1)}-styringsgruppa"),
        *("--id", f"SG-{TODAY.year}-01", "--title", "Oppnemning av styringsgruppa"),
    )
    (tmp_path / "medlemer.csv").write_text(members_csv(), encoding="utf-8")
    f.step(
        "import members (csv)",
        *("digictl", "import", "../medlemer.csv", "--what", "members", "--body", "styringsgruppa"),
    )
    f.step(
        "project new",
        *("digictl", "project", "new", "felles-sak-arkiv", "--name", "Felles sak/arkiv"),
        *("--owner", "bergen", "--start", day(30), "--end", day(400)),
    )
    f.step("validate", "digictl", "validate")
    f.repo.run("git", "add", "-A", ".")
    f.repo.run("git", "commit", "-q", "-m", "Første dag")
    return f


def test_first_day_to_a_green_and_a_red_pull_request(
    tmp_path: Path, install: Install, stub: StubForge
) -> None:
    f = build_partnership(tmp_path, install)
    repo = f.repo
    data = repo.path / "data"
    assert len(list((data / "organisations").glob("*.yaml"))) == 44
    agreement = (data / "agreements/samarbeidsavtale.yaml").read_text(encoding="utf-8")
    assert agreement.count("- org:") == 44
    assert "ok: 0 errors" in f.step("validate again", "digictl", "validate")

    # a harmless pull request: green, with its comment
    repo.branch("nytt-prosjekt")
    f.step(
        "project new (pull request)",
        *("digictl", "project", "new", "felles-innbyggjartenester", "--name", "Innbyggjartenester"),
        *("--owner", "voss", "--start", day(60), "--end", day(500)),
    )
    repo.commit("Nytt prosjekt", {})
    start = time.perf_counter()
    jobs = actions(repo, stub, tmp_path, "digictl.yml", "pull_request", "nytt-prosjekt")
    f.timings.append(("workflow (green)", time.perf_counter() - start))
    log = jobs["diff"].log() + jobs["comment"].log()
    assert results(jobs) == {"validate": "skipped", "diff": "success", "comment": "success"}, log
    [comment] = stub.comments[PR]
    assert comment["body"].startswith(DIFF_MARKER + "\n✅")
    assert "felles-innbyggjartenester" in comment["body"]

    # a pull request that introduces an error: refused by the command, forced, red with comment
    repo.run("git", "switch", "-q", "main")
    repo.branch("bergen-går-ut")
    leave = (
        *("digictl", "party", "leave", "bergen", "--agreement", "samarbeidsavtale"),
        *("--date", day(-1), "--decision", "Bystyret sak 12"),
    )
    refused = f.refused(*leave)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert repo.run("git", "status", "--porcelain") == ""  # nothing written
    f.step("party leave --force", *leave, "--force")
    repo.commit("Bergen går ut", {})
    start = time.perf_counter()
    jobs = actions(repo, stub, tmp_path, "digictl.yml", "pull_request", "bergen-går-ut")
    f.timings.append(("workflow (red)", time.perf_counter() - start))
    log = jobs["diff"].log() + jobs["comment"].log()
    assert results(jobs) == {"validate": "skipped", "diff": "success", "comment": "failure"}, log
    assert jobs["diff"].outputs == {"status": "1"}
    [updated] = stub.comments[PR]  # the same pull-request number in the stub: one comment
    assert updated["body"].startswith(DIFF_MARKER + "\n❌")
    assert "bergen" in updated["body"]

    print("\nfirst day, step by step:")
    for label, seconds in f.timings:
        print(f"  {seconds:6.2f} s  {label}")
    print(f"  {sum(s for _, s in f.timings):6.2f} s  in all")
