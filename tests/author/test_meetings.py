"""The meeting workflow's authoring commands (docs/design.md §14): `meeting new` with time and
place, `meeting item`, `meeting notified`, `meeting attendance`, `meeting conflict`,
`meeting approve` and `decision add` with item, text, votes and matter. What they write is
what a person would write; comments survive; the change is judged before it is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from digictl.cli import app
from digictl.load.loader import load_bytes
from tests.author.conftest import EXPECTED, Run, added_lines, assert_usage_error, snapshot
from tests.cli.conftest import assert_no_crash

At = Callable[..., Result]

MEETING = "2025-12-11-programstyret"
REL = f"meetings/{MEETING}.yaml"
PRESENT = [
    "tor-einar-hallan", "stian-wold-moen", "hanne-ask-lindseth", "frode-ose-brekke",
    "oddbjorn-heimdal", "eva-marie-skogseth",
]  # fmt: skip


@pytest.fixture
def at(data: Path) -> At:
    """Run digictl on the data copy as of a given day: ``at("2025-11-20", "meeting", ...)``
    (a meeting is prepared, held and approved on different days)."""
    runner = CliRunner()

    def invoke(as_of: str, *args: object) -> Result:
        argv = ["--data", str(data), "--as-of", as_of, *[str(a) for a in args]]
        result = runner.invoke(app, argv)
        assert_no_crash(result)
        return result

    return invoke


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    assert "introduces 0 errors, 0 warnings" in result.stdout, result.stdout
    return result.stdout


def _read(path: Path) -> dict[str, object]:
    doc = load_bytes(path.read_bytes(), path, path.name)
    assert isinstance(doc.data, dict)
    return doc.data


# the workflow of one meeting: what a person would write


PROTOCOL = "https://example.org/digitrondelag/protokoller/2025-12-11-programstyret.pdf"
PREPARE = [
    ["meeting", "new", "programstyret", "2025-12-11", "--time", "09:00-12:00",
     "--place", "Trondheim rådhus, formannskapssalen"],
    ["meeting", "item", MEETING,
     "--title", "Budsjett og finansieringsplan for digital byggesaksbehandling",
     "--proposal", "Programstyret godkjenner budsjett og finansieringsplan for digital "
     "byggesaksbehandling.",
     "--attachment", "Saksframlegg 1/25=https://example.org/digitrondelag/saker/2025/1-25.pdf",
     "--attachment", "Vedlegg 1: Finansieringsplan=https://example.org/x.xlsx?v=2"],
    ["meeting", "item", MEETING, "--title", "Orientering fra programkontoret",
     "--kind", "orientation"],
    ["meeting", "item", MEETING,
     "--title", "Forhandlinger med leverandør av felles sak-arkivløsning",
     "--kind", "orientation", "--exempt", "offentleglova § 23 første ledd"],
]  # fmt: skip
HOLD = [
    ("2025-11-27", ["meeting", "notified", MEETING]),
    ("2025-12-11", ["meeting", "attendance", MEETING,
                    *[a for p in PRESENT for a in ("--present", p)],
                    "--absent", "astrid-nordvik:sykdom",
                    "--deputy", "magnus-fjeldvaer:astrid-nordvik",
                    "--observer", "marte-lysholm"]),
    ("2025-12-11", ["decision", "add", MEETING, "--item", "1/25",
                    "--outcome", "vote", "--for", "5", "--against", "1",
                    "--text", "Programstyret godkjenner budsjett og finansieringsplan for "
                    "digital byggesaksbehandling som foreslått.",
                    "--matter", "project-budget", "--subject", "project:digital-byggesak"]),
    ("2025-12-11", ["meeting", "conflict", MEETING, "1/25", "--person", "oddbjorn-heimdal",
                    "--grounds",
                    "forvaltningsloven § 6 andre ledd (Orkland kommune er prosjekteier)"]),
    ("2025-12-18", ["meeting", "approve", MEETING, "--on", "2025-12-17",
                    "--by", "tor-einar-hallan", "--by", "hanne-ask-lindseth",
                    "--method", "e-mail", "--ref", PROTOCOL]),
]  # fmt: skip


def _prepare(at: At) -> None:
    """A meeting called: time, place, three items (one with attachments, one exempt)."""
    for args in PREPARE:
        _ok(at("2025-11-20", *args))


def test_the_workflow_writes_what_a_person_writes(at: At, data: Path) -> None:
    _prepare(at)
    for as_of, args in HOLD:
        _ok(at(as_of, *args))
    written = (data / REL).read_text(encoding="utf-8")
    assert written == (EXPECTED / f"meeting-{MEETING}.yaml").read_text(encoding="utf-8")


def test_each_step_changes_only_the_meeting_file(at: At, data: Path) -> None:
    before = snapshot(data)
    _prepare(at)
    result = _ok(at("2025-11-27", "meeting", "notified", MEETING, "--on", "2025-11-26"))
    assert f"wrote data/{REL}" in result
    after = snapshot(data)
    assert {k: v for k, v in after.items() if k != REL} == before
    assert "notice: 2025-11-26\n" in (data / REL).read_text()


def test_the_time_is_written_as_the_contract_asks(at: At, data: Path) -> None:
    _ok(at("2025-11-20", "meeting", "new", "programstyret", "2025-12-11", "--time", "9.00–12.30"))
    assert (data / REL).read_text() == (
        'body: programstyret\ndate: 2025-12-11\ntime: "09:00-12:30"\ndecisions: []\n'
    )


def test_a_vote_is_the_outcome_when_counts_are_given(at: At, data: Path) -> None:
    _prepare(at)
    _ok(at("2025-11-20", "decision", "add", MEETING, "--item", "1/25", "--for", "4",
           "--against", "1", "--blank", "1"))  # fmt: skip
    decision = _read(data / REL)["decisions"]
    assert decision == [
        {
            "id": "PS-2025-06",
            "title": "Budsjett og finansieringsplan for digital byggesaksbehandling",
            "item": "1/25",
            "outcome": "vote",
            "votes": {"for": 4, "against": 1, "blank": 1},
        }
    ]
    assert "    votes: {for: 4, against: 1, blank: 1}\n" in (data / REL).read_text()


# numbering of agenda items: per body and year, across the body's meeting files


def test_items_are_numbered_across_the_meetings_of_a_body_in_a_year(at: At, data: Path) -> None:
    _prepare(at)  # 1/25, 2/25, 3/25 on 11 December
    _ok(at("2025-11-20", "meeting", "new", "programstyret", "2025-12-18"))
    result = _ok(at("2025-11-20", "meeting", "item", "2025-12-18-programstyret",
                    "--title", "Møteplan 2026"))  # fmt: skip
    assert "wrote data/meetings/2025-12-18-programstyret.yaml" in result
    agenda = _read(data / "meetings/2025-12-18-programstyret.yaml")["agenda"]
    assert agenda == [{"number": "4/25", "title": "Møteplan 2026", "kind": "decision"}]


def test_a_new_year_starts_at_one_and_the_data_continues(at: At, data: Path) -> None:
    # portefoljestyret has no item in 2025; programstyret's items of 2026 end at 16/26
    _ok(at("2025-11-20", "meeting", "new", "portefoljestyret", "2025-12-11"))
    _ok(at("2025-11-20", "meeting", "item", "2025-12-11-portefoljestyret", "--title", "Årsplan"))
    assert "  - number: 1/25\n" in (data / "meetings/2025-12-11-portefoljestyret.yaml").read_text()
    _ok(at("2026-12-01", "meeting", "new", "programstyret", "2026-12-17"))
    _ok(at("2026-12-01", "meeting", "item", "2026-12-17-programstyret", "--title", "Eventuelt"))
    assert "  - number: 17/26\n" in (data / "meetings/2026-12-17-programstyret.yaml").read_text()


def test_a_given_number_that_is_taken_is_refused(at: At, data: Path) -> None:
    _prepare(at)
    args = ["meeting", "item", MEETING, "--title", "Ekstra", "--number", "2/25"]
    assert_usage_error(lambda *a: at("2025-11-20", *a), data, args, "2/25 is already on the")


def test_an_item_number_is_placed_in_order(at: At, data: Path) -> None:
    _ok(at("2025-11-20", "meeting", "new", "programstyret", "2025-12-11"))
    _ok(at("2025-11-20", "meeting", "item", MEETING, "--title", "B", "--number", "2/25"))
    result = at("2025-11-20", "meeting", "item", MEETING, "--title", "A", "--number", "1/25")
    assert result.exit_code == 0, result.output
    agenda = _read(data / REL)["agenda"]
    assert isinstance(agenda, list)
    assert [i["number"] for i in agenda] == ["1/25", "2/25"]


# changes to existing files: comments and everything untouched survive


def test_an_item_on_a_planned_meeting_adds_only_its_lines(at: At, data: Path) -> None:
    rel = "meetings/2026-12-10-programstyret.yaml"
    before = (data / rel).read_text(encoding="utf-8")
    _ok(at("2026-11-20", "meeting", "item", "2026-12-10-programstyret",
           "--title", "Eventuelt", "--kind", "discussion"))  # fmt: skip
    after = (data / rel).read_text(encoding="utf-8")
    assert added_lines(before, after) == [
        "  - number: 17/26",
        "    title: Eventuelt",
        "    kind: discussion",
    ]
    assert after.startswith("# Møte i programstyret 10.12.2026.\n# Planlagt møte:")


def test_notice_goes_after_the_place_and_comments_survive(at: At, data: Path) -> None:
    rel = "meetings/2026-12-10-programstyret.yaml"
    before = (data / rel).read_text(encoding="utf-8")
    _ok(at("2026-11-26", "meeting", "notified", "2026-12-10-programstyret"))
    after = (data / rel).read_text(encoding="utf-8")
    assert added_lines(before, after) == ["notice: 2026-11-26"]
    lines = after.splitlines()
    assert lines[lines.index("notice: 2026-11-26") - 1] == "place: Teams (videomøte)"


def test_approve_keeps_a_text_reference_as_ref(at: At, data: Path) -> None:
    rel = "meetings/2025-11-13-programstyret.yaml"
    before = (data / rel).read_text(encoding="utf-8")
    ref = _read(data / rel)["minutes"]
    # (an approval puts the meeting in the workflow: meeting-notice warns of the notice)
    result = at("2025-11-20", "meeting", "approve", "2025-11-13-programstyret", "--by",
                "tor-einar-hallan", "--method", "meeting")  # fmt: skip
    assert result.exit_code == 0, result.output
    after = (data / rel).read_text(encoding="utf-8")
    assert _read(data / rel)["minutes"] == {
        "ref": ref,
        "approved": "2025-11-20",
        "by": ["tor-einar-hallan"],
        "method": "meeting",
    }
    assert [ln for ln in before.splitlines() if ln.startswith("#")] == [
        ln for ln in after.splitlines() if ln.startswith("#")
    ]


def test_a_comment_on_the_reference_stays_on_its_line(at: At, data: Path) -> None:
    rel = "meetings/2025-11-13-programstyret.yaml"
    text = (data / rel).read_text(encoding="utf-8")
    (data / rel).write_text(text.replace(".pdf\n", ".pdf  # arkiv 25/1234\n", 1), encoding="utf-8")
    result = at("2025-11-20", "meeting", "approve", "2025-11-13-programstyret", "--by",
                "tor-einar-hallan")  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = (data / rel).read_text(encoding="utf-8").splitlines()
    ref = lines[lines.index("minutes:") + 1]
    assert ref.startswith("  ref: https://") and ref.endswith(".pdf    # arkiv 25/1234")


def test_approve_updates_a_recorded_approval(at: At, data: Path) -> None:
    rel = "meetings/2026-11-12-programstyret.yaml"
    before = (data / rel).read_text(encoding="utf-8")
    _ok(at("2026-11-30", "meeting", "approve", "2026-11-12-programstyret", "--on", "2026-11-19",
           "--by", "tor-einar-hallan", "--by", "astrid-nordvik"))  # fmt: skip
    after = (data / rel).read_text(encoding="utf-8")
    old = [ln for ln in before.splitlines() if ln not in after.splitlines()]
    new = [ln for ln in after.splitlines() if ln not in before.splitlines()]
    assert old == ["  approved: 2026-11-20", "  by: [tor-einar-hallan, hanne-ask-lindseth]"]
    assert new == ["  approved: 2026-11-19", "  by: [tor-einar-hallan, astrid-nordvik]"]


def test_attendance_is_completed_and_corrected(at: At, data: Path) -> None:
    _prepare(at)
    present = [a for p in PRESENT for a in ("--present", p)]
    _ok(at("2025-12-11", "meeting", "attendance", MEETING, *present,
           "--present", "astrid-nordvik"))  # fmt: skip
    # astrid-nordvik turned out to be away, with a deputy; an observer is added
    _ok(at("2025-12-11", "meeting", "attendance", MEETING,
           "--absent", "astrid-nordvik:sykdom", "--deputy", "magnus-fjeldvaer:astrid-nordvik",
           "--observer", "marte-lysholm"))  # fmt: skip
    attendance = _read(data / REL)["attendance"]
    assert attendance == {
        "present": PRESENT,
        "absent": [{"person": "astrid-nordvik", "reason": "sykdom"}],
        "deputies": [{"person": "magnus-fjeldvaer", "for": "astrid-nordvik"}],
        "observers": ["marte-lysholm"],
    }
    # the same again is no change
    result = at("2025-12-11", "meeting", "attendance", MEETING, "--observer", "marte-lysholm")
    assert result.exit_code == 2
    assert "nothing to change" in result.stderr


def test_a_conflict_of_a_member_who_stayed(at: At, data: Path) -> None:
    _prepare(at)
    present = [a for p in PRESENT for a in ("--present", p)]
    _ok(at("2025-12-11", "meeting", "attendance", MEETING, *present, "--present", "astrid-nordvik"))
    before = snapshot(data)
    # a member who stayed in an item despite a conflict: the conflict-of-interest rule refuses
    refused = at("2025-12-11", "meeting", "conflict", MEETING, "1/25", "--person",
                 "oddbjorn-heimdal", "--stayed")  # fmt: skip
    assert refused.exit_code == 1, refused.output
    assert "refused: the change introduces" in refused.stdout
    assert snapshot(data) == before
    forced = at("2025-12-11", "meeting", "conflict", MEETING, "1/25", "--person",
                "oddbjorn-heimdal", "--stayed", "--force")  # fmt: skip
    assert forced.exit_code == 0, forced.output
    item = _read(data / REL)["agenda"]
    assert isinstance(item, list)
    assert item[0]["conflicts"] == [{"person": "oddbjorn-heimdal", "left": False}]


# --dry-run, refusals, usage errors


def test_dry_run_writes_nothing(at: At, data: Path) -> None:
    _prepare(at)
    before = snapshot(data)
    commands = [
        ["meeting", "item", MEETING, "--title", "Eventuelt", "--dry-run"],
        ["meeting", "notified", MEETING, "--dry-run"],
        ["meeting", "attendance", MEETING, "--observer", "marte-lysholm", "--dry-run"],
        ["meeting", "conflict", MEETING, "1/25", "--person", "oddbjorn-heimdal", "--dry-run"],
        ["meeting", "approve", MEETING, "--by", "tor-einar-hallan", "--dry-run"],
        ["decision", "add", MEETING, "--item", "1/25", "--dry-run"],
        ["meeting", "new", "programstyret", "2025-12-18", "--time", "10:00", "--dry-run"],
    ]
    for args in commands:
        result = at("2025-11-20", *args)
        assert result.exit_code == 0, (args, result.output)
        assert "dry run: nothing was written" in result.stdout
        assert "+++ b/data/meetings/" in result.stdout
    assert snapshot(data) == before
    shown = at("2025-11-20", "meeting", "item", MEETING, "--title", "Eventuelt", "--dry-run")
    assert "+  - number: 4/25" in shown.stdout


def test_a_change_that_introduces_an_error_is_refused(at: At, data: Path) -> None:
    _prepare(at)
    before = snapshot(data)
    # a person who is not a member of the body listed present: quorum (the attendance fits
    # the body) refuses it
    args = ["meeting", "attendance", MEETING, "--present", "marte-lysholm"]
    refused = at("2025-12-11", *args)
    assert refused.exit_code == 1, refused.output
    assert "refused: the change introduces" in refused.stdout
    assert "(quorum)" in refused.stdout
    assert snapshot(data) == before
    dry = at("2025-12-11", *args, "--dry-run")
    assert dry.exit_code == 1 and "+    - marte-lysholm" in dry.stdout
    assert snapshot(data) == before


def test_minutes_approved_before_the_meeting_are_judged(at: At, data: Path) -> None:
    _prepare(at)
    result = at("2025-12-18", "meeting", "approve", MEETING, "--on", "2025-12-01",
                "--by", "tor-einar-hallan")  # fmt: skip
    assert "before the meeting" in result.stdout
    assert "(minutes-approval)" in result.stdout


USAGE = [
    (["meeting", "item", "2025-12-12-programstyret", "--title", "x"],
     "there is no meeting `2025-12-12-programstyret`"),
    (["meeting", "item", MEETING, "--title", "x", "--kind", "vedtak"],
     "--kind takes one of decision, orientation, discussion"),
    (["meeting", "item", MEETING, "--title", "x", "--number", "4-25"], "is not an agenda number"),
    (["meeting", "item", MEETING, "--title", "x", "--number", "4/26"], "is not numbered in 2025"),
    (["meeting", "item", MEETING, "--title", "two\nlines"], "must not contain control characters"),
    (["meeting", "notified", MEETING, "--on", "26.11.2025"], "--on takes a date written"),
    (["meeting", "attendance", MEETING], "give at least one of --present"),
    (["meeting", "attendance", MEETING, "--present", "kari-nordman"],
     "there is no person `kari-nordman`"),
    (["meeting", "attendance", MEETING, "--present", "astrid-nordvik", "--absent",
      "astrid-nordvik"], "`astrid-nordvik` is named twice"),
    (["meeting", "attendance", MEETING, "--deputy", "magnus-fjeldvaer"],
     "does not name the member met for"),
    (["meeting", "attendance", MEETING, "--deputy", "magnus-fjeldvaer:astrid-nordvk"],
     "did you mean `astrid-nordvik`?"),
    (["meeting", "conflict", MEETING, "9/25", "--person", "oddbjorn-heimdal"],
     f"item 9/25 is not on the agenda of meeting `{MEETING}` (it has 1/25, 2/25, 3/25)"),
    (["meeting", "conflict", MEETING, "1/25", "--person", "oddbjorn"], "there is no person"),
    (["meeting", "approve", MEETING], "--by: name who approved the minutes"),
    (["meeting", "approve", MEETING, "--by", "tor-einar-hallan", "--method", "epost"],
     "--method takes one of meeting, e-mail"),
    (["meeting", "new", "programstyret", "2025-12-18", "--time", "25:00"],
     "is not a time of day"),
    (["meeting", "new", "programstyret", "2025-12-18", "--time", "12:00-09:00"],
     "ends before it starts"),
    (["decision", "add", MEETING, "--item", "7/25"], "item 7/25 is not on the agenda"),
    (["decision", "add", MEETING, "--title", "x", "--outcome", "vote"],
     "--outcome vote needs the counts"),
    (["decision", "add", MEETING, "--title", "x", "--for", "3"], "--outcome vote needs the counts"),
    (["decision", "add", MEETING, "--title", "x", "--outcome", "consensus", "--for", "3",
      "--against", "0"], "they go with --outcome vote"),
    (["decision", "add", MEETING, "--title", "x", "--for", "-1", "--against", "0"],
     "--for takes a whole number, 0 or more"),
    (["decision", "add", MEETING, "--title", "x", "--matter", "budget"],
     "--matter takes one of project-mandate"),
    (["decision", "add", MEETING], "--title is needed"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "says"), USAGE, ids=[f"{a[0]}-{a[1]}-{i}" for i, (a, _) in enumerate(USAGE)]
)
def test_usage_errors(at: At, data: Path, args: list[str], says: str) -> None:
    _prepare(at)

    def author(*argv: object) -> Result:
        return at("2025-11-20", *argv)

    assert_usage_error(author, data, args, says)


def test_an_agenda_is_needed_for_an_item(author: Run, data: Path) -> None:
    assert_usage_error(
        author,
        data,
        ["decision", "add", "2025-02-13-programstyret", "--item", "1/25", "--title", "x"],
        "meeting `2025-02-13-programstyret` has no agenda yet",
    )


def test_help_teaches(author: Run) -> None:
    for command in ("new", "item", "notified", "attendance", "conflict", "approve"):
        text = author("meeting", command, "--help").stdout
        assert "Example: digictl meeting" in text, command
        assert "--dry-run" in text and "--force" in text
        assert text.count("Exit codes") == 1
    text = author("decision", "add", "--help").stdout
    assert "Example: digictl decision add" in text
    assert "--item" in text and "--for" in text and "--matter" in text


# hostile text: stored as text, read back unchanged

HOSTILE = [
    'Sak: "budsjett" #1 {x} [y] &a *b',
    "!!python/object:os.system",
    "key: value",
    "- item",
    "# not a comment",
    "yes",
    "12:30",
    "2025-01-01",
    "|",
    "> folded",
    "%YAML 1.2",
    "<<: *merge",
    "trailing: ",
    "ÆØÅ – čđŋ",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_round_trips(at: At, data: Path, value: str) -> None:
    _ok(at("2025-11-20", "meeting", "new", "programstyret", "2025-12-11", "--place", value))
    _ok(at("2025-11-20", "meeting", "item", MEETING, "--title", value, "--proposal", value,
           "--attachment", f"{value.replace('=', '')}={value}", "--exempt", value))  # fmt: skip
    _ok(at("2025-11-20", "decision", "add", MEETING, "--item", "1/25", "--text", value))
    read = _read(data / REL)
    assert read["place"] == value
    assert read["agenda"] == [
        {
            "number": "1/25",
            "title": value,
            "kind": "decision",
            "proposal": value,
            "public": False,
            "exempt": value,
            "attachments": [{"title": value.replace("=", "").strip(), "ref": value.strip()}],
        }
    ]
    assert read["decisions"] == [
        {"id": "PS-2025-06", "title": value, "item": "1/25", "text": value, "outcome": "consensus"}
    ]


def test_a_proposal_and_a_decision_text_keep_their_line_breaks(at: At, data: Path) -> None:
    text = "Programstyret vedtar:\n1. Ramme: 5 200 000 kr.\n\n2. #Fordeling som i vedlegg 1."
    _prepare(at)
    _ok(at("2025-11-20", "meeting", "item", MEETING, "--title", "Budsjett", "--proposal", text))
    _ok(at("2025-11-20", "decision", "add", MEETING, "--item", "4/25", "--text", text + "\r\n"))
    read = _read(data / REL)
    agenda, decisions = read["agenda"], read["decisions"]
    assert isinstance(agenda, list) and isinstance(decisions, list)
    assert agenda[-1]["proposal"] == text
    assert decisions[-1]["text"] == text + "\n"
    assert "    proposal: |-\n      Programstyret vedtar:\n" in (data / REL).read_text()
