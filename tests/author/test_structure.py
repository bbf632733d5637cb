"""`agreement new`, `body new`, `body seat`: what they write (snapshots), comments and order of an
existing body survive a new seat, a change that introduces an error is refused (and goes
through with --force), --dry-run writes nothing, hostile text stays text, and a partnership's
first day goes from `digictl init` to a clean `digictl validate` with commands only."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from digictl.author import Workspace
from digictl.author.agreements import NewAgreement, new_agreement
from digictl.author.bodies import NewBody, NewSeat, add_seat, new_body
from digictl.cli import app
from digictl.load.loader import parse
from tests.author.conftest import Run, added_lines, assert_usage_error, assert_writes_only, snapshot
from tests.cli.conftest import assert_no_crash
from tests.cli.test_conventions import completions
from tests.conftest import ROOT

EXPECTED = Path(__file__).parent / "expected"


def expected(name: str) -> str:
    return (EXPECTED / name).read_text(encoding="utf-8")


def read_back(path: Path) -> Any:
    """The file as digictl's own loader reads it."""
    value, _ = parse(path.read_text(encoding="utf-8"), record=False)
    return value


AGREEMENT = [
    "agreement", "new", "samarbeidsavtale-2028", "--title",
    "Avtale om samarbeid vedrørende digitalisering i Trøndelag", "--effective", "2028-01-01",
    "--until", "2031-12-31", "--version", "3.0", "--evaluation-due", "2030-06-30",
    "--amendment-rule", "unanimous",
]  # fmt: skip
BODY = [
    "body", "new", "styringsgruppe-ikt", "--name", "Styringsgruppe for felles IKT",
    "--name-nn", "Styringsgruppa for felles IKT", "--role", "strategy-group", "--role",
    "expert-group", "--appointed-by", "programstyret", "--term-years", "2", "--max-terms", "3",
    "--cadence", "yearly", "--chair-org", "trondheim",
]  # fmt: skip
SEAT = [
    "body", "seat", "programstyret", "observator", "--name", "Statsforvalteren",
    "--org", "statsforvalteren-trondelag", "--permanent", "--role", "observer",
]  # fmt: skip

NEW_FILES = [
    (AGREEMENT, "agreements/samarbeidsavtale-2028.yaml", "structure-agreement.yaml"),
    (BODY, "bodies/styringsgruppe-ikt.yaml", "structure-body.yaml"),
]


@pytest.mark.parametrize(("args", "rel", "name"), NEW_FILES, ids=["agreement", "body"])
def test_new_file_is_what_a_person_writes(
    author: Run, data: Path, args: list[str], rel: str, name: str
) -> None:
    assert_writes_only(author, data, args, rel, name)


def test_the_change_is_told_in_diff_sentences(author: Run) -> None:
    result = author(*AGREEMENT)
    assert "agreement:samarbeidsavtale-2028 added" in result.stdout
    assert "new agreement `samarbeidsavtale-2028`" in result.stdout
    result = author(*SEAT)
    assert "`programstyret` seats: entry `observator` added" in result.stdout


def test_seats_of_a_new_body_are_a_block_list(author: Run, data: Path) -> None:
    steps = [
        ["body", "new", "radet", "--name", "Rådet", "--role", "resource-group"],
        ["body", "seat", "radet", "trondheim", "--org", "trondheim", "--permanent"],
        ["body", "seat", "radet", "fosen", "--region", "Fosen", "--count", "2"],
        ["body", "seat", "radet", "ks", "--kind", "ks", "--name", "KS Trøndelag"],
    ]
    for args in steps:
        result = author(*args)
        assert result.exit_code == 0, result.output
    assert (data / "bodies/radet.yaml").read_text(encoding="utf-8") == expected(
        "structure-body-seats.yaml"
    )


BODIES = sorted(p.name for p in (ROOT / "data" / "bodies").glob("*.yaml"))


@pytest.mark.parametrize("file", BODIES)
def test_body_seat_adds_only_the_seat(author: Run, data: Path, file: str) -> None:
    rel = f"bodies/{file}"
    before = (data / rel).read_text(encoding="utf-8")
    result = author("body", "seat", Path(file).stem, "observatorer", "--kind", "state",
                    "--count", "2", "--role", "observer")  # fmt: skip
    assert result.exit_code == 0, result.output
    after = (data / rel).read_text(encoding="utf-8")
    seat = ["  - id: observatorer", "    kind: state", "    count: 2", "    role: observer"]
    assert added_lines(before, after) == seat
    lines = after.splitlines()
    at = lines.index(seat[0])
    assert lines[at + len(seat)] == "members:"  # right after the last seat, in contract order
    comments = [ln for ln in before.splitlines() if ln.lstrip().startswith("#")]
    assert [ln for ln in lines if ln.lstrip().startswith("#")] == comments


@pytest.mark.parametrize("args", [AGREEMENT, BODY, SEAT], ids=["agreement", "body", "seat"])
def test_dry_run_writes_nothing(author: Run, data: Path, args: list[str]) -> None:
    before = snapshot(data)
    result = author(*args, "--dry-run")
    assert result.exit_code == 0, result.output
    assert snapshot(data) == before
    assert "dry run: nothing was written" in result.stdout
    assert f"+++ b/{data.name}/" in result.stdout


# an agreement whose evaluation was due before --as-of: agreement-evaluation is an error
OVERDUE = [
    "agreement", "new", "tilleggsavtale", "--title", "Tilleggsavtale", "--effective",
    "2023-01-01", "--until", "2027-12-31", "--evaluation-due", "2024-06-30",
]  # fmt: skip


def test_error_introducing_change_is_refused(author: Run, data: Path) -> None:
    before = snapshot(data)
    result = author(*OVERDUE)
    assert result.exit_code == 1, result.output
    assert "refused: the change introduces 1 error" in result.stdout
    assert "agreement-evaluation" in result.stdout
    assert snapshot(data) == before
    assert author(*OVERDUE, "--dry-run").exit_code == 1
    assert snapshot(data) == before
    forced = author(*OVERDUE, "--force")
    assert forced.exit_code == 0, forced.output
    assert (data / "agreements/tilleggsavtale.yaml").is_file()


USAGE = [
    (["body", "new", "x", "--name", "X", "--role", "programe-board"],
     "did you mean `programme-board`?"),
    (["body", "new", "x", "--name", "X", "--role", "programme-board", "--cadence", "monthly"],
     "--cadence takes quarterly or yearly, not 'monthly'"),
    (["body", "new", "x", "--name", "X", "--role", "efagrad", "--appointed-by", "programstyre"],
     "did you mean `programstyret`?"),
    (["body", "new", "x", "--name", "X", "--role", "efagrad", "--appointed-by", "x"],
     "cannot appoint its own members"),
    (["body", "new", "x", "--name", "X", "--role", "efagrad", "--chair-org", "trondhiem"],
     "did you mean `trondheim`?"),
    (["body", "new", "x", "--name", "X", "--role", "efagrad", "--term-years", "0"],
     "--term-years takes a whole number, 1 or more, not 0"),
    (["body", "new", "x", "--name", "X", "--role", "efagrad", "--max-terms", "2"],
     "--max-terms needs --term-years"),
    (["body", "new", "programstyret", "--name", "X", "--role", "efagrad"], "already exists"),
    (["body", "new", "Styret", "--name", "X", "--role", "efagrad"], "is not an id"),
    (["body", "seat", "programstyret", "regional"], "already has a seat `regional`"),
    (["body", "seat", "programstyre", "y"], "did you mean `programstyret`?"),
    (["body", "seat", "programstyret", "y", "--kind", "municpality"],
     "did you mean `municipality`?"),
    (["body", "seat", "programstyret", "y", "--kind", "ks", "--org", "trondheim"],
     "not --org and --kind"),
    (["body", "seat", "programstyret", "y", "--role", "chair"],
     "--role takes member or observer, not 'chair'"),
    (["body", "seat", "programstyret", "y", "--count", "0"], "--count takes a whole number"),
    (["agreement", "new", "a", "--title", "A", "--effective", "2025-01-01", "--until",
      "2024-12-31"], "--until 31 December 2024 lies before --effective 1 January 2025"),
    (["agreement", "new", "a", "--title", "A", "--effective", "2025-01-01", "--until",
      "2028-12-31", "--evaluation-due", "2024-12-31"],
     "--evaluation-due 31 December 2024 lies before"),
    (["agreement", "new", "a", "--title", "A", "--effective", "2025-01-01", "--until",
      "2028-12-31", "--amendment-rule", "unanimus"], "did you mean `unanimous`?"),
    (["agreement", "new", "a", "--title", "A", "--effective", "2025-02-30", "--until",
      "2028-12-31"], "--effective takes a date written YYYY-MM-DD"),
    (["agreement", "new", "samarbeidsavtale-2022", "--title", "A", "--effective", "2025-01-01",
      "--until", "2028-12-31"], "already exists"),
    (["agreement", "new", "a", "--title", "A\x07", "--effective", "2025-01-01", "--until",
      "2028-12-31"], "--title"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "says"), USAGE, ids=[f"{a[0]}-{a[1]}-{i}" for i, (a, _) in enumerate(USAGE)]
)
def test_usage_errors(author: Run, data: Path, args: list[str], says: str) -> None:
    assert_usage_error(author, data, args, says)


# hostile text: whatever is typed is written as that same text, never as YAML structure

HOSTILE = [
    "Avtale: del 2", "# ikke en kommentar", "- liste", "[a, b]", "{a: b}", "yes", "null", "~",
    "2025-01-01", "1.0", "0x1F", "&anker", "*alias", "!tag", "'sitert'", '"sitert"',
    "Bergen | Voss", "> brettet", "@ og `", "æøå «Digi» – §4.2", " innledende mellomrom",
    "slutt: ", "---", "...", "%YAML", "?",
]  # fmt: skip


def written(title: str, name: str) -> tuple[Any, Any]:
    """The agreement (title and version ``title``) and the body (names and a seat's name and
    region ``name``) as the commands would write them, read back by digictl's loader."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "network.yaml").write_text("id: n\nname: N\nhost: h\n", encoding="utf-8")
        ws = Workspace(Path(tmp))
        new_agreement(
            ws, NewAgreement("a", title, date(2025, 1, 1), date(2028, 12, 31), version=title)
        )
        new_body(ws, NewBody("b", name, ["efagrad"], name_nn=name))
        add_seat(ws, NewSeat("b", "s", name=name, region=name))
        files = ws.changes()
    agreement, _ = parse(files["agreements/a.yaml"], record=False)
    body, _ = parse(files["bodies/b.yaml"], record=False)
    return agreement, body


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips(text: str) -> None:
    agreement, body = written(text, text)
    assert agreement["title"] == text and agreement["version"] == text
    assert body["name"] == text and body["name_nn"] == text
    assert body["seats"] == [{"id": "s", "name": text, "region": text}]


def test_hostile_text_is_written_as_text(author: Run, data: Path) -> None:
    title, name = "Avtale: del 2 # ikke kommentar", "yes"
    result = author("agreement", "new", "a", "--title", title, "--version", "1.10",
                    "--effective", "2025-01-01", "--until", "2028-12-31")  # fmt: skip
    assert result.exit_code == 0, result.output
    agreement = read_back(data / "agreements/a.yaml")
    assert (agreement["title"], agreement["version"]) == (title, "1.10")
    result = author("body", "new", "b", "--name", name, "--role", "efagrad")
    assert result.exit_code == 0, result.output
    result = author("body", "seat", "b", "s", "--region", "[Fosen]", "--name", "- x")
    assert result.exit_code == 0, result.output
    body = read_back(data / "bodies/b.yaml")
    assert body["name"] == name
    assert body["seats"] == [{"id": "s", "name": "- x", "region": "[Fosen]"}]


PRINTABLE = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf")), min_size=1, max_size=30
)


@settings(max_examples=60, deadline=None)
@given(title=PRINTABLE, name=PRINTABLE)
def test_any_printable_text_round_trips(title: str, name: str) -> None:
    agreement, body = written(title, name)
    assert (agreement["title"], agreement["version"]) == (title, title)
    assert (body["name"], body["seats"][0]["region"]) == (name, name)


def test_help_teaches(author: Run) -> None:
    for group, command in [("agreement", "new"), ("body", "new"), ("body", "seat")]:
        text = author(group, command, "--help").stdout
        assert "Example: digictl" in text, (group, command)
        assert "--dry-run" in text and "--force" in text
        assert text.count("Exit codes") == 1


def _complete(data: Path, words: list[str]) -> list[str]:
    """What bash completion offers for the last word of ``digictl --data DATA WORDS``."""
    return completions(["--data", str(data), *words])


COMPLETIONS = [
    (["body", "seat", "p"], ["portefoljestyret", "programstyret"]),
    (["body", "seat", "programstyret", "x", "--org", "trondh"], ["trondheim"]),
    (["body", "seat", "programstyret", "x", "--kind", "s"], ["state"]),
    (["body", "seat", "programstyret", "x", "--role", "o"], ["observer"]),
    (["body", "new", "x", "--role", "p"], ["portfolio-board", "programme-board"]),
    (["body", "new", "x", "--cadence", ""], ["quarterly", "yearly"]),
    (["body", "new", "x", "--appointed-by", "por"], ["portefoljestyret"]),
    (["body", "new", "x", "--chair-org", "trondh"], ["trondheim"]),
    (["agreement", "new", "x", "--amendment-rule", "u"], ["unanimous"]),
]


@pytest.mark.parametrize(
    ("words", "offered"), COMPLETIONS, ids=[" ".join(w) for w, _ in COMPLETIONS]
)
def test_completion(words: list[str], offered: list[str]) -> None:
    assert _complete(ROOT / "data", words) == offered


# the first day: from an empty folder to an agreement with parties and a board with members

PARTIES = (
    "org;dato;vedtak\n"
    "4601;2025-01-01;Bystyret 12.12.24 sak 300/24\n"
    "Voss;01.01.2025;Kommunestyret 12.12.24 sak 94/24\n"
)
FIRST_DAY = [
    ["agreement", "new", "digi-vestland-2025", "--title", "Samarbeidsavtale om Digi Vestland",
     "--effective", "2025-01-01", "--until", "2028-12-31", "--evaluation-due", "2027-06-30",
     "--amendment-rule", "unanimous"],
    ["import", "{parties}", "--what", "parties", "--agreement", "digi-vestland-2025"],
    ["party", "join", "alver", "--agreement", "digi-vestland-2025", "--date", "2025-01-01",
     "--decision", "Kommunestyret 05.12.24 sak 120/24"],
    ["body", "new", "programstyret", "--name", "Programstyret", "--role", "programme-board",
     "--cadence", "quarterly", "--term-years", "3", "--max-terms", "2", "--chair-org", "bergen"],
    ["body", "seat", "programstyret", "bergen", "--org", "bergen", "--permanent"],
    ["body", "seat", "programstyret", "regional", "--kind", "municipality", "--count", "2"],
    ["person", "add", "kari-nordmann", "--name", "Kari Nordmann", "--org", "bergen"],
    ["person", "add", "ola-hauge", "--name", "Ola Hauge", "--org", "voss"],
    ["meeting", "new", "programstyret", "2025-02-10"],
    ["decision", "add", "2025-02-10-programstyret", "--id", "PS-2025-01", "--title",
     "Konstituering av programstyret"],
    ["member", "appoint", "kari-nordmann", "--body", "programstyret", "--seat", "bergen",
     "--role", "chair", "--from", "2025-02-10", "--decision", "PS-2025-01"],
    ["member", "appoint", "ola-hauge", "--body", "programstyret", "--seat", "regional",
     "--from", "2025-02-10", "--decision", "PS-2025-01"],
]  # fmt: skip


def test_first_day_with_commands_only(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "digi-vestland"
    table = tmp_path / "parter.csv"
    table.write_text(PARTIES, encoding="utf-8")

    def digictl(*args: str) -> str:
        result = runner.invoke(app, list(args))
        assert_no_crash(result)
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    digictl("init", str(folder), "--name", "Digi Vestland", "--host", "4601",
            "--county", "4601,4621,4631")  # fmt: skip
    data = folder / "data"
    for step in FIRST_DAY:
        args = [str(table) if a == "{parties}" else a for a in step]
        digictl("--data", str(data), "--as-of", "2025-03-01", *args)
    out = digictl("--data", str(data), "--as-of", "2025-03-01", "validate")
    assert "ok: 0 errors" in out
    agreement = read_back(data / "agreements/digi-vestland-2025.yaml")
    assert [p["org"] for p in agreement["parties"]] == ["bergen", "voss", "alver"]
    body = read_back(data / "bodies/programstyret.yaml")
    assert [m["person"] for m in body["members"]] == ["kari-nordmann", "ola-hauge"]
    assert [s["id"] for s in body["seats"]] == ["bergen", "regional"]
