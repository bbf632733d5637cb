"""Each authoring command: what it writes (snapshots), comments and order of an existing file
survive, a change that introduces an error is refused (and goes through with --force), and
--dry-run writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.author.conftest import Run, added_lines, assert_usage_error, assert_writes_only, snapshot

EXPECTED = Path(__file__).parent / "expected"


def expected(name: str) -> str:
    return (EXPECTED / name).read_text(encoding="utf-8")


# new files: the YAML equals a hand-written file

NEW_FILES = [
    (
        ["person", "add", "kari-nordmann", "--name", "Kari Nordmann", "--org", "verdal",
         "--title", "kommunedirektør", "--email", "kari.nordmann@example.org"],
        "people/kari-nordmann.yaml",
        "person-kari-nordmann.yaml",
    ),
    (
        ["org", "add", "4631", "--region", "Nordhordland"],
        "organisations/alver.yaml",
        "org-alver.yaml",
    ),
    (
        ["org", "add", "--name", "Vestland fylkeskommune", "--kind", "county",
         "--orgnr", "821 311 632"],
        "organisations/vestland-fylkeskommune.yaml",
        "org-vestland-fylkeskommune.yaml",
    ),
    (
        ["meeting", "new", "programstyret", "2025-04-10",
         "--minutes", "https://example.org/protokoll.pdf"],
        "meetings/2025-04-10-programstyret.yaml",
        "meeting-2025-04-10-programstyret.yaml",
    ),
    (
        ["project", "new", "ny-portal", "--name", "Ny portal", "--owner", "verdal",
         "--start", "2025-03-01", "--end", "2025-12-31", "--budget", "100000",
         "--budget-decision", "PS-2025-01", "--manager", "astrid-nordvik"],
        "projects/ny-portal.yaml",
        "project-ny-portal.yaml",
    ),
    (["year", "new", "2028", "--office-budget", "5000000"], "years/2028.yaml", "year-2028.yaml"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "rel", "name"), NEW_FILES, ids=[n for _, _, n in NEW_FILES])
def test_new_file_is_what_a_person_writes(
    author: Run, data: Path, args: list[str], rel: str, name: str
) -> None:
    assert_writes_only(author, data, args, rel, name)


@pytest.mark.parametrize(("args", "rel", "name"), NEW_FILES, ids=[n for _, _, n in NEW_FILES])
def test_dry_run_writes_nothing(
    author: Run, data: Path, args: list[str], rel: str, name: str
) -> None:
    before = snapshot(data)
    result = author(*args, "--dry-run")
    assert result.exit_code == 0, result.output
    assert snapshot(data) == before
    assert f"+++ b/{data.name}/{rel}" in result.stdout
    assert "dry run: nothing was written" in result.stdout
    for line in expected(name).splitlines():
        assert f"+{line}" in result.stdout


def test_the_change_is_told_in_diff_sentences(author: Run) -> None:
    result = author("person", "add", "kari-nordmann", "--name", "Kari Nordmann", "--org", "verdal")
    assert "person:kari-nordmann added" in result.stdout
    assert "new person `kari-nordmann` (Kari Nordmann)" in result.stdout


# changes to existing files: comments, order and everything untouched survive


def _changed(data: Path, rel: str, run: Run, *args: str) -> list[str]:
    before = (data / rel).read_text(encoding="utf-8")
    result = run(*args)
    assert result.exit_code == 0, result.output
    return added_lines(before, (data / rel).read_text(encoding="utf-8"))


def test_member_appoint_adds_only_the_entry(author: Run, data: Path) -> None:
    rel = "bodies/programstyret.yaml"
    comments = [ln for ln in (data / rel).read_text().splitlines() if ln.lstrip().startswith("#")]
    # end a regional member first so that the seat has room (else seat-composition refuses);
    # after the last meeting the member attended (else the minutes list a non-member: quorum)
    author("member", "end", "frode-ose-brekke", "--body", "programstyret", "--date", "2026-11-30")
    added = _changed(
        data, rel, author, "member", "appoint", "siri-haugan", "--body", "programstyret",
        "--seat", "regional", "--from", "2026-12-01", "--decision", "PF-2026-04",
    )  # fmt: skip
    assert added == [
        "  - person: siri-haugan",
        "    seat: regional",
        "    role: member",
        "    from: 2026-12-01",
        "    appointed_by: PF-2026-04",
    ]
    text = (data / rel).read_text()
    assert [ln for ln in text.splitlines() if ln.lstrip().startswith("#")] == comments
    assert text.endswith("    appointed_by: PF-2026-04\n")


def test_member_end_sets_until_after_from(author: Run, data: Path) -> None:
    rel = "bodies/programstyret.yaml"
    before = (data / rel).read_text()
    added = _changed(
        data, rel, author, "member", "end", "stian-wold-moen", "--body", "programstyret",
        "--date", "2026-11-30",
    )  # fmt: skip
    assert added == ["    until: 2026-11-30"]
    lines = (data / rel).read_text().splitlines()
    at = lines.index("    until: 2026-11-30")
    assert lines[at - 4 : at] == [
        "  - person: stian-wold-moen",
        "    seat: ks",
        "    role: member",
        "    from: 2023-07-01",
    ]
    assert len(lines) == len(before.splitlines()) + 1


def test_member_reappoint_starts_the_day_after_the_term(author: Run, data: Path) -> None:
    # astrid-nordvik: from 2025-02-01, 3-year term: it ends 2028-01-31 (the facts layer)
    added = _changed(
        data, "bodies/programstyret.yaml", author, "member", "reappoint", "astrid-nordvik",
        "--body", "programstyret", "--decision", "PF-2024-04",
    )  # fmt: skip
    assert added == [
        "  - person: astrid-nordvik",
        "    seat: regional",
        "    role: member",
        "    from: 2028-02-01",
        "    appointed_by: PF-2024-04",
    ]


def test_party_join_appends_the_party(author: Run, data: Path) -> None:
    author("org", "add", "4631")
    rel = "agreements/samarbeidsavtale-2022.yaml"
    added = _changed(
        data, rel, author, "party", "join", "alver", "--agreement", "samarbeidsavtale-2022",
        "--date", "2025-11-01", "--decision", "Kommunestyret 16.10.25 sak 71/25",
    )  # fmt: skip
    assert added == [
        "  - org: alver",
        "    joined: 2025-11-01",
        "    decision: Kommunestyret 16.10.25 sak 71/25",
    ]
    assert (data / rel).read_text().startswith("# Fornyet samarbeidsavtale 2022–2027")


def test_party_leave_sets_left_with_the_decision_as_comment(author: Run, data: Path) -> None:
    # ørland owns no project and has no members: it can leave without an error
    added = _changed(
        data, "agreements/samarbeidsavtale-2022.yaml", author, "party", "leave", "orland",
        "--agreement", "samarbeidsavtale-2022", "--date", "2026-12-31",
        "--decision", "Kommunestyret 12.06.26 sak 40/26",
    )  # fmt: skip
    assert added == ["    left: 2026-12-31  # Kommunestyret 12.06.26 sak 40/26"]


def test_decision_add_numbers_in_the_house_pattern(author: Run, data: Path) -> None:
    rel = "meetings/2025-02-13-programstyret.yaml"
    added = _changed(
        data, rel, author, "decision", "add", "2025-02-13-programstyret", "--title",
        "Budsjett 2026", "--subject", "year:2026",
    )  # fmt: skip
    assert added == [
        "  - id: PS-2025-06",
        "    title: Budsjett 2026",
        "    outcome: consensus",
        "    subjects:",
        "      - year:2026",
    ]


def test_decision_add_to_a_new_meeting(author: Run, data: Path) -> None:
    author("meeting", "new", "ressursgruppa", "2025-04-10")
    result = author("decision", "add", "2025-04-10-ressursgruppa", "--title", "Arbeidsplan")
    assert result.exit_code == 0, result.output
    assert (data / "meetings/2025-04-10-ressursgruppa.yaml").read_text() == (
        "body: ressursgruppa\n"
        "date: 2025-04-10\n"
        "decisions:\n"
        "  - id: RE-2025-01\n"
        "    title: Arbeidsplan\n"
        "    outcome: consensus\n"
    )


def test_org_add_twice_is_no_change(author: Run, data: Path) -> None:
    assert author("org", "add", "5001").stdout.startswith("nothing to change")
    before = snapshot(data)
    result = author("org", "add", "Trondheim")
    assert result.exit_code == 0
    assert snapshot(data) == before


def test_org_add_different_is_an_error(author: Run, data: Path) -> None:
    result = author("org", "add", "--name", "Trondheim", "--kind", "other")
    assert result.exit_code == 2
    assert "already exists" in result.stderr


# refused: a change that introduces an error writes nothing, unless --force

REFUSED = [
    ["member", "appoint", "siri-haugan", "--body", "programstyret", "--seat", "regional",
     "--from", "2025-03-01", "--decision", "PF-2024-04"],  # a fifth member on four seats
    ["member", "reappoint", "astrid-nordvik", "--body", "programstyret", "--decision", "NOPE-1"],
    ["member", "end", "tor-einar-hallan", "--body", "programstyret", "--date", "2025-01-31"],
    ["party", "leave", "verdal", "--agreement", "samarbeidsavtale-2022", "--date", "2024-12-31"],
    ["party", "join", "4631", "--agreement", "samarbeidsavtale-2022", "--date", "2025-01-01",
     "--decision", "x"],  # joins before amendment endring-2 it did not consent to
    ["decision", "add", "2025-02-13-programstyret", "--id", "PS-2025-01", "--title", "x"],
    ["project", "new", "p", "--name", "P", "--owner", "verdal", "--start", "2025-03-01",
     "--end", "2025-12-31", "--status", "approved"],  # approved without a mandate
]  # fmt: skip


@pytest.mark.parametrize("args", REFUSED, ids=[" ".join(a[:2]) for a in REFUSED])
def test_error_introducing_change_is_refused(author: Run, data: Path, args: list[str]) -> None:
    if args[:2] == ["party", "join"]:
        assert author("org", "add", "4631").exit_code == 0
        args = [*args[:2], "alver", *args[3:]]
    before = snapshot(data)
    result = author(*args)
    assert result.exit_code == 1, result.output
    assert "refused: the change introduces" in result.stdout
    assert "findings introduced" in result.stdout
    assert snapshot(data) == before
    forced = author(*args, "--force")
    assert forced.exit_code == 0, forced.output
    assert snapshot(data) != before


def test_refused_dry_run_writes_nothing(author: Run, data: Path) -> None:
    before = snapshot(data)
    refused = author(*REFUSED[0], "--dry-run")
    assert refused.exit_code == 1
    assert "+++ b/data/bodies/programstyret.yaml" in refused.stdout  # what it would write
    assert "+  - person: siri-haugan" in refused.stdout
    assert author(*REFUSED[0], "--dry-run", "--force").exit_code == 0
    assert snapshot(data) == before


# usage errors: one sentence, exit 2, with a did-you-mean for unknown ids

USAGE = [
    (["person", "add", "kari", "--name", "K", "--org", "verdall"], "did you mean `verdal`?"),
    (["member", "appoint", "siri-haugan", "--body", "programstyre", "--seat", "regional",
      "--from", "2025-03-01", "--decision", "X"], "did you mean `programstyret`?"),
    (["member", "appoint", "siri-haugan", "--body", "programstyret", "--seat", "regionl",
      "--from", "2025-03-01", "--decision", "X"], "did you mean `regional`?"),
    (["member", "appoint", "siri-haugan", "--body", "programstyret", "--seat", "regional",
      "--from", "2025-02-30", "--decision", "X"], "--from takes a date written YYYY-MM-DD"),
    (["person", "add", "Kari", "--name", "K", "--org", "verdal"], "is not an id"),
    (["person", "add", "astrid-nordvik", "--name", "K", "--org", "verdal"], "already exists"),
    (["org", "add", "9999"], "not a kommunenummer"),
    (["org", "add", "--name", "X", "--kind", "other", "--orgnr", "123456789"],
     "not a valid organisation number"),
    (["meeting", "new", "programstyret", "2025-02-13"], "already exists"),
    (["decision", "add", "2025-02-13-programstyret", "--title", "x", "--subject", "projekt:x"],
     "is not a typed reference"),
    (["party", "join", "verdal", "--agreement", "samarbeidsavtale-2022", "--date", "2025-01-01",
      "--decision", "x"], "is already a party"),
    (["member", "reappoint", "tor-einar-hallan", "--body", "programstyret", "--decision", "X"],
     "has no term end"),
    (["year", "new", "2025"], "already exists"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "says"), USAGE, ids=[f"{a[0]}-{i}" for i, (a, _) in enumerate(USAGE)]
)
def test_usage_errors(author: Run, data: Path, args: list[str], says: str) -> None:
    assert_usage_error(author, data, args, says)


def test_help_teaches(author: Run) -> None:
    for group, command in [
        ("org", "add"), ("person", "add"), ("party", "join"), ("party", "leave"),
        ("member", "appoint"), ("member", "reappoint"), ("member", "end"), ("meeting", "new"),
        ("decision", "add"), ("project", "new"), ("year", "new"),
    ]:  # fmt: skip
        text = author(group, command, "--help").stdout
        assert "Example: digictl" in text, (group, command)
        assert "--dry-run" in text and "--force" in text
        assert text.count("Exit codes") == 1


def test_member_appoint_with_every_option_in_contract_order(author: Run, data: Path) -> None:
    author("member", "end", "frode-ose-brekke", "--body", "programstyret", "--date", "2025-01-31")
    added = _changed(
        data, "bodies/programstyret.yaml", author, "member", "appoint", "siri-haugan",
        "--body", "programstyret", "--seat", "regional", "--from", "2025-02-01",
        "--decision", "PF-2024-04", "--role", "deputy", "--term-years", "2",
        "--until", "2026-12-31",
    )  # fmt: skip
    assert added == [
        "  - person: siri-haugan",
        "    seat: regional",
        "    role: deputy",
        "    from: 2025-02-01",
        "    until: 2026-12-31",
        "    term_years: 2",
        "    appointed_by: PF-2024-04",
    ]


def test_org_add_takes_legal_names_and_several_numbers(author: Run, data: Path) -> None:
    result = author("org", "add", "Voss herad", "4631", "Alver")
    assert result.exit_code == 0, result.output
    assert "wrote data/organisations/alver.yaml" in result.stdout
    assert "wrote data/organisations/voss.yaml" in result.stdout
    assert result.stdout.count("wrote ") == 2  # Alver named twice is written once
    assert 'kommunenummer: "4621"' in (data / "organisations/voss.yaml").read_text()


def test_member_end_ends_the_entry_that_holds_the_seat_that_day(author: Run, data: Path) -> None:
    rel = "bodies/programstyret.yaml"
    assert author("member", "reappoint", "astrid-nordvik", "--body", "programstyret",
                  "--decision", "PF-2024-04").exit_code == 0  # fmt: skip
    result = author("member", "end", "astrid-nordvik", "--body", "programstyret",
                    "--date", "2026-06-30", "--force")  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = (data / rel).read_text().splitlines()
    at = lines.index("    until: 2026-06-30")
    assert lines[at - 4 : at] == [
        "  - person: astrid-nordvik",
        "    seat: regional",
        "    role: member",
        "    from: 2025-02-01",
    ]


def test_org_add_reads_a_name_as_init_does(author: Run, data: Path) -> None:
    """ "Ålesund" is the current municipality 1508 for `org add` as for `init --host`, not
    ambiguous with the 2020-2023 number 1507."""
    from digictl.scaffold import host_record

    result = author("org", "add", "Ålesund")
    assert result.exit_code == 0, result.output
    written = (data / "organisations/alesund.yaml").read_text(encoding="utf-8")
    assert f'kommunenummer: "{host_record("Ålesund")["kommunenummer"]}"' in written
    assert 'kommunenummer: "1508"' in written
