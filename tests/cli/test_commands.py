"""The CLI contract of DESIGN §6: every command, every format, exit codes, snapshots.

Runs digictl in-process through Typer's CliRunner (stdout and stderr are kept
apart) on copies of the clean base partnership (tests/cases/_base) as of
2023-06-15.

Snapshots live in tests/cli/snapshots/; rewrite them with
``DIGICTL_UPDATE_SNAPSHOTS=1 pytest tests/cli`` and review the diff by hand.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from digictl import __version__
from tests.cli.conftest import AS_OF, Edit, Invoke, one_line
from tests.conftest import BASE
from tests.snapshots import check_snapshot

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"

# DESIGN §4: the rule ids are part of the contract, with their default severity
# ("warning / error" rules escalate; their default may be either).
DESIGN_RULES = {
    "schema": "error",
    "yaml": "error",
    "id-matches-file": "error",
    "ref": "error",
    "orgnr": "error",
    "party-digifin": "error",
    "party-owner-obligation": "info",
    "amendment-unanimous": "error",
    "agreement-evaluation": "warning/error",
    "agreement-expiry": "warning",
    "seat-composition": "error",
    "seat-vacant": "warning",
    "region-coverage": "warning",
    "chair": "error",
    "term-expired": "error",
    "term-expiring": "warning",
    "term-limit": "warning",
    "member-party": "error",
    "appointment": "warning",
    "cadence": "warning",
    "decision-outcome": "info",
    "project-owner-party": "error",
    "project-mandate": "error",
    "project-financing": "error",
    "project-steering-group": "error",
    "milestone-overdue": "warning",
    "annual-plan": "warning/error",
    "annual-report": "warning/error",
    "contributions": "warning",
}

# DESIGN §6: the kinds and statuses of `deadlines --format json`.
DEADLINE_KINDS = {
    "agreement-end",
    "party-end",
    "evaluation",
    "term-end",
    "meeting",
    "meeting-notice",
    "minutes-approval",
    "annual-plan",
    "annual-report",
    "contributions",
    "milestone",
    "project-end",
}
DEADLINE_STATUSES = ("overdue", "upcoming", "later", "done")
DEADLINE_KEYS = {"kind", "subject", "title", "due", "effective", "status", "days_left", "rule"}
FINDING_KEYS = {"rule", "severity", "message", "file", "line", "entity", "subject"}

# Two errors: an unknown key in one project, a dangling owner in another.
BROKEN = {
    "projects/ideverksted.yaml": (
        "id: ideverksted\n"
        "name: Idéverkstad for tenestedesign\n"
        "scope: regional\n"
        "status: proposed\n"
        "owner: alver\n"
        "budgt: {total: 100}\n"
    ),
    "projects/nytt.yaml": ("id: nytt\nname: Nytt prosjekt\nstatus: proposed\nowner: nobody\n"),
}


def _warning_only(edit: Edit) -> Path:
    """The base with one warning and no error: a milestone overdue since 2023-05-02."""
    path = BASE / "projects" / "felles-arkiv.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    due: 2024-03-01\n" in text
    return edit({"projects/felles-arkiv.yaml": text.replace("due: 2024-03-01", "due: 2023-05-01")})


def _json(text: str) -> dict[str, Any]:
    value = json.loads(text)
    assert isinstance(value, dict)
    return value


def _flat(text: str) -> str:
    """Help text with rich's wrapping and box drawing folded into single spaces."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


# --------------------------------------------------------------------------- validate


class TestValidate:
    def test_text_clean(self, cli: Invoke, base_data: Path) -> None:
        r = cli("--data", base_data, "--as-of", AS_OF, "validate")
        assert r.exit_code == 0, r.output
        assert "ok: 0 errors, 0 warnings" in r.stdout
        assert r.stderr == ""

    def test_text_broken(self, cli: Invoke, edit: Edit) -> None:
        data = edit(BROKEN)
        r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "text")
        assert r.exit_code == 1, r.output
        assert "data/projects/ideverksted.yaml" in r.stdout
        assert "unknown key `budgt`" in r.stdout
        assert "did you mean `budget`" in r.stdout
        assert "data/projects/nytt.yaml" in r.stdout
        assert "organisation `nobody`" in r.stdout
        assert "FAILED: 2 errors" in r.stdout
        assert r.stderr == ""

    def test_json_clean(self, cli: Invoke, base_data: Path) -> None:
        r = cli("--data", base_data, "--as-of", AS_OF, "validate", "--format", "json")
        assert r.exit_code == 0, r.output
        out = _json(r.stdout)
        assert set(out) == {"version", "ok", "counts", "findings"}
        assert out["version"] == 1
        assert out["ok"] is True
        assert out["counts"] == {"error": 0, "warning": 0, "info": 0}
        assert out["findings"] == []

    def test_json_broken(self, cli: Invoke, edit: Edit) -> None:
        data = edit(BROKEN)
        r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "json")
        assert r.exit_code == 1, r.output
        out = _json(r.stdout)
        assert set(out) == {"version", "ok", "counts", "findings"}
        assert out["version"] == 1
        assert out["ok"] is False
        assert set(out["counts"]) == {"error", "warning", "info"}
        for f in out["findings"]:
            assert set(f) == FINDING_KEYS, f
            assert f["severity"] in ("error", "warning", "info")
            assert f["file"].startswith("data/"), f
            assert isinstance(f["line"], int) and f["line"] >= 1
        for sev in ("error", "warning", "info"):
            assert out["counts"][sev] == sum(1 for f in out["findings"] if f["severity"] == sev)
        got = {(f["rule"], f["file"], f["line"], f["entity"]) for f in out["findings"]}
        assert ("schema", "data/projects/ideverksted.yaml", 6, "project:ideverksted") in got
        assert ("ref", "data/projects/nytt.yaml", 4, "project:nytt") in got
        assert out["counts"]["error"] == 2

    def test_json_file_is_relative_to_the_parent_of_the_data_dir(
        self, cli: Invoke, tmp_path: Path, edit: Edit
    ) -> None:
        data = edit(BROKEN)
        renamed = data.rename(tmp_path / "partnerskap")
        r = cli("--data", renamed, "--as-of", AS_OF, "validate", "--format", "json")
        assert r.exit_code == 1
        files = {f["file"] for f in _json(r.stdout)["findings"]}
        assert files == {"partnerskap/projects/ideverksted.yaml", "partnerskap/projects/nytt.yaml"}

    def test_json_file_when_data_is_dot(
        self, cli: Invoke, edit: Edit, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        data = edit(BROKEN)
        monkeypatch.chdir(data)
        r = cli("--data", ".", "--as-of", AS_OF, "validate", "--format", "json")
        assert r.exit_code == 1
        files = {f["file"] for f in _json(r.stdout)["findings"]}
        assert files == {"data/projects/ideverksted.yaml", "data/projects/nytt.yaml"}

    def test_github_clean(self, cli: Invoke, base_data: Path) -> None:
        r = cli("--data", base_data, "--as-of", AS_OF, "validate", "--format", "github")
        assert r.exit_code == 0, r.output
        assert not [ln for ln in r.stdout.splitlines() if ln.startswith("::")]

    def test_github_broken(self, cli: Invoke, edit: Edit) -> None:
        data = edit(BROKEN)
        r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "github")
        assert r.exit_code == 1, r.output
        pattern = re.compile(
            r"^::(error|warning|notice) file=(data/[^,:]+),line=(\d+),title=([a-z0-9-]+)::(.+)$"
        )
        annotations = [ln for ln in r.stdout.splitlines() if ln.startswith("::")]
        parsed = []
        for ln in annotations:
            m = pattern.match(ln)
            assert m, f"not a GitHub annotation: {ln!r}"
            parsed.append(m.groups())
        errors = {(f, int(n), t) for lvl, f, n, t, _ in parsed if lvl == "error"}
        assert errors == {
            ("data/projects/ideverksted.yaml", 6, "schema"),
            ("data/projects/nytt.yaml", 4, "ref"),
        }
        assert (
            "::error file=data/projects/ideverksted.yaml,line=6,title=schema::"
            "unknown key `budgt` in the file; did you mean `budget`?"
        ) in r.stdout.splitlines()

    def test_github_warning_level(self, cli: Invoke, edit: Edit) -> None:
        data = _warning_only(edit)
        r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "github")
        assert r.exit_code == 0, r.output
        lines = [ln for ln in r.stdout.splitlines() if ln.startswith("::")]
        assert len(lines) == 1
        assert lines[0].startswith(
            "::warning file=data/projects/felles-arkiv.yaml,line=28,title=milestone-overdue::"
        )

    def test_junit_clean(self, cli: Invoke, base_data: Path) -> None:
        r = cli("--data", base_data, "--as-of", AS_OF, "validate", "--format", "junit")
        assert r.exit_code == 0, r.output
        root = ET.fromstring(r.stdout_bytes)
        assert root.tag == "testsuites"
        assert list(root.iter("failure")) == []
        assert len(list(root.iter("testcase"))) >= 1

    def test_junit_broken(self, cli: Invoke, edit: Edit) -> None:
        data = edit(BROKEN)
        r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "junit")
        assert r.exit_code == 1, r.output
        root = ET.fromstring(r.stdout_bytes)
        failures = list(root.iter("failure"))
        assert len(failures) == 2
        assert {f.get("type") for f in failures} == {"schema", "ref"}
        assert root.get("failures") == "2"
        names = {tc.get("name") for tc in root.iter("testcase") if tc.find("failure") is not None}
        assert names == {"data/projects/ideverksted.yaml:6", "data/projects/nytt.yaml:4"}

    def test_junit_warning_is_not_a_failure(self, cli: Invoke, edit: Edit) -> None:
        data = _warning_only(edit)
        r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "junit")
        assert r.exit_code == 0
        root = ET.fromstring(r.stdout_bytes)
        assert list(root.iter("failure")) == []
        assert len(list(root.iter("testcase"))) == 1

    def test_strict_fails_on_warnings(self, cli: Invoke, edit: Edit) -> None:
        data = _warning_only(edit)
        r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "json")
        assert r.exit_code == 0, r.output
        assert _json(r.stdout)["counts"] == {"error": 0, "warning": 1, "info": 0}
        r = cli("--data", data, "--as-of", AS_OF, "validate", "--strict", "--format", "json")
        assert r.exit_code == 1, r.output
        assert _json(r.stdout)["findings"][0]["rule"] == "milestone-overdue"

    def test_strict_on_clean_data_passes(self, cli: Invoke, base_data: Path) -> None:
        r = cli("--data", base_data, "--as-of", AS_OF, "validate", "--strict")
        assert r.exit_code == 0, r.output

    def test_skip_removes_a_rule(self, cli: Invoke, edit: Edit) -> None:
        data = edit(BROKEN)
        r = cli("--data", data, "--skip", "ref", "--as-of", AS_OF, "validate", "--format", "json")
        assert r.exit_code == 1
        rules = {f["rule"] for f in _json(r.stdout)["findings"]}
        assert "ref" not in rules
        assert "schema" in rules

    def test_skip_is_repeatable(self, cli: Invoke, edit: Edit) -> None:
        data = edit(BROKEN)
        r = cli(
            "--data",
            data,
            "--skip",
            "ref",
            "--skip",
            "schema",
            "--as-of",
            AS_OF,
            "validate",
            "--format",
            "json",
        )
        assert r.exit_code == 0, r.output
        assert _json(r.stdout)["findings"] == []

    def test_skip_warning_rule_under_strict(self, cli: Invoke, edit: Edit) -> None:
        data = _warning_only(edit)
        r = cli(
            "--data", data, "--skip", "milestone-overdue", "--as-of", AS_OF, "validate", "--strict"
        )
        assert r.exit_code == 0, r.output

    def test_skip_unknown_rule(self, cli: Invoke, base_data: Path) -> None:
        r = cli("--data", base_data, "--skip", "nosuchrule", "validate")
        assert r.exit_code == 2
        line = one_line(r.stderr)
        assert "nosuchrule" in line
        assert "digictl rules" in line
        assert r.stdout == ""

    def test_skip_misspelt_rule_did_you_mean(self, cli: Invoke, base_data: Path) -> None:
        r = cli("--data", base_data, "--skip", "shema", "validate")
        assert r.exit_code == 2
        line = one_line(r.stderr)
        assert "`shema`" in line
        assert "did you mean `schema`?" in line
        assert r.stdout == ""

    def test_digictl_data_env(self, cli: Invoke, edit: Edit) -> None:
        data = edit(BROKEN)
        r = cli("--as-of", AS_OF, "validate", "--format", "json", env={"DIGICTL_DATA": str(data)})
        assert r.exit_code == 1, r.output
        assert {f["file"] for f in _json(r.stdout)["findings"]} == {
            "data/projects/ideverksted.yaml",
            "data/projects/nytt.yaml",
        }

    def test_data_option_beats_env(self, cli: Invoke, edit: Edit, tmp_path: Path) -> None:
        r = cli(
            "--data",
            BASE,
            "--as-of",
            AS_OF,
            "validate",
            env={"DIGICTL_DATA": str(tmp_path / "missing")},
        )
        assert r.exit_code == 0, r.output

    def test_env_names_missing_dir(self, cli: Invoke, tmp_path: Path) -> None:
        missing = tmp_path / "nirgendwo"
        r = cli("validate", env={"DIGICTL_DATA": str(missing)})
        assert r.exit_code == 2
        assert "nirgendwo" in one_line(r.stderr)

    def test_default_is_data_in_cwd(
        self, cli: Invoke, base_data: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(base_data.parent)
        r = cli("--as-of", AS_OF, "validate", "--format", "json")
        assert r.exit_code == 0, r.output
        assert _json(r.stdout)["ok"] is True


# --------------------------------------------------------------------------- deadlines


def _deadlines(cli: Invoke, data: Path | str, as_of: str, *extra: str) -> dict[str, Any]:
    r = cli("--data", data, "--as-of", as_of, "deadlines", *extra, "--format", "json")
    assert r.exit_code == 0, r.output
    return _json(r.stdout)


class TestDeadlines:
    def test_json_shape(self, cli: Invoke) -> None:
        out = _deadlines(cli, BASE, AS_OF, "--all")
        assert set(out) == {"version", "as_of", "within", "deadlines"}
        assert out["version"] == 1
        assert out["as_of"] == AS_OF
        assert out["within"] == 90
        assert out["deadlines"], "the base has deadlines"
        as_of = date.fromisoformat(AS_OF)
        for d in out["deadlines"]:
            assert set(d) == DEADLINE_KEYS, d
            assert d["kind"] in DEADLINE_KINDS
            assert d["status"] in DEADLINE_STATUSES
            due, eff = date.fromisoformat(d["due"]), date.fromisoformat(d["effective"])
            assert eff >= due
            assert d["days_left"] == (eff - as_of).days
            if d["kind"] in ("agreement-end", "party-end", "term-end", "project-end"):
                assert eff == due, f"an end is a fact and does not move: {d}"
            elif d["kind"] == "meeting-notice":  # a latest day counted back: it never moves
                assert eff == due, d
            else:
                assert eff.weekday() < 5, f"an action falls on a working day: {d}"

    def test_overdue_first_then_by_date(self, cli: Invoke, edit: Edit) -> None:
        out = _deadlines(cli, _warning_only(edit), AS_OF, "--all")
        order = [DEADLINE_STATUSES.index(d["status"]) for d in out["deadlines"]]
        assert order == sorted(order)
        assert out["deadlines"][0]["status"] == "overdue"
        for status in DEADLINE_STATUSES:
            eff = [d["effective"] for d in out["deadlines"] if d["status"] == status]
            assert eff == sorted(eff)

    def test_working_day_moves_in_the_base(self, cli: Invoke) -> None:
        """Checked by hand against the calendar and the Norwegian public holidays."""
        items = _deadlines(cli, BASE, AS_OF, "--all")["deadlines"]
        expected = {
            # Saturday 30 April 2022, then Sunday 1 May (a holiday) -> Monday 2 May
            "Annual report 2021 approved by the portfolio board": (
                "2022-04-30",
                "2022-05-02",
                "done",
            ),
            # Sunday 30 April 2023, then Monday 1 May (holiday) -> Tuesday 2 May
            "Annual report 2022 approved by the portfolio board": (
                "2023-04-30",
                "2023-05-02",
                "done",
            ),
            "Annual report 2023 approved by the portfolio board": (
                "2024-04-30",
                "2024-04-30",
                "later",
            ),
            # Easter Sunday 31 March 2024, Easter Monday 1 April -> Tuesday 2 April
            "Annual plan 2024 approved by the portfolio board": (
                "2024-03-31",
                "2024-04-02",
                "later",
            ),
            "Annual plan 2023 approved by the portfolio board": (
                "2023-03-31",
                "2023-03-31",
                "done",
            ),
            # Saturday 31 December 2022, Sunday 1 January (holiday) -> Monday 2 January
            "styringsgruppa meets in 2022 Q4 (quarterly)": ("2022-12-31", "2023-01-02", "done"),
            "styringsgruppa meets in 2023 Q2 (quarterly)": ("2023-06-30", "2023-06-30", "done"),
            # Saturday 30 September 2023 -> Monday 2 October
            "styringsgruppa meets in 2023 Q3 (quarterly)": ("2023-09-30", "2023-10-02", "later"),
            # Sunday 31 December 2023, Monday 1 January (holiday) -> Tuesday 2 January
            "styringsgruppa meets in 2023 Q4 (quarterly)": ("2023-12-31", "2024-01-02", "later"),
            "styringsgruppa meets in 2024 Q2 (quarterly)": ("2024-06-30", "2024-07-01", "later"),
            "Contributions for 2023 agreed with the parties": ("2022-11-30", "2022-11-30", "done"),
            "Evaluate agreement avtale-2021": ("2023-03-31", "2023-03-31", "done"),
            "felles-arkiv: Innføring i alle kommunane": ("2024-03-01", "2024-03-01", "later"),
            # ends are facts: Sunday 30 June 2024 does not move
            "Project felles-arkiv ends": ("2024-06-30", "2024-06-30", "later"),
            "Term of bodil-fjord on styringsgruppa (seat regional) ends": (
                "2024-06-30",
                "2024-06-30",
                "later",
            ),
            # 2021-01-01 + 2 years ends 2022-12-31 (a Saturday, not moved); renewed
            "Term of anders-ask on styringsgruppa (seat regional) ends": (
                "2022-12-31",
                "2022-12-31",
                "done",
            ),
            "Agreement avtale-2021 ends": ("2024-12-31", "2024-12-31", "later"),
        }
        for title, (due, effective, status) in expected.items():
            found = [d for d in items if d["title"] == title and d["due"] == due]
            assert len(found) == 1, f"expected one deadline {title!r} due {due}, got {found}"
            assert (found[0]["effective"], found[0]["status"]) == (effective, status), title
        # bjorn-fjord left on 2022-06-30, before his term ended: no term end for him
        assert not [d for d in items if d["subject"] == "person:bjorn-fjord"]
        # two terms each: the first renewed (done), the second running
        for person, dues in {
            "anders-ask": [("2022-12-31", "done"), ("2024-12-31", "later")],
            "aud-alver": [("2023-01-31", "done"), ("2025-01-31", "later")],
        }.items():
            got = sorted(
                (d["due"], d["status"]) for d in items if d["subject"] == f"person:{person}"
            )
            assert got == dues, person
        # permanent seats and bodies without term_years have no term end
        people = {d["subject"] for d in items if d["kind"] == "term-end"}
        assert people == {"person:anders-ask", "person:aud-alver", "person:bodil-fjord"}

    def test_default_lists_overdue_and_upcoming_only(self, cli: Invoke) -> None:
        default = _deadlines(cli, BASE, "2023-08-01")["deadlines"]
        everything = _deadlines(cli, BASE, "2023-08-01", "--all")["deadlines"]
        assert {d["status"] for d in default} <= {"overdue", "upcoming"}
        assert [d["title"] for d in default] == ["styringsgruppa meets in 2023 Q3 (quarterly)"]
        assert len(everything) > len(default)
        assert {"done", "later"} <= {d["status"] for d in everything}

    def test_within_widens_the_horizon(self, cli: Invoke) -> None:
        narrow = _deadlines(cli, BASE, AS_OF)["deadlines"]
        wide = _deadlines(cli, BASE, AS_OF, "--within", "170")
        assert narrow == []
        assert wide["within"] == 170
        # 2024 records no office budget: no contributions are due for it (docs/design.md §4)
        assert [(d["kind"], d["days_left"], d["status"]) for d in wide["deadlines"]] == [
            ("meeting", 109, "upcoming"),
        ]

    def test_within_zero(self, cli: Invoke) -> None:
        # 2023-10-02 is the effective day of the 2023 Q3 meeting deadline: still upcoming
        out = _deadlines(cli, BASE, "2023-10-02", "--within", "0")
        assert out["within"] == 0
        assert [(d["title"], d["status"], d["days_left"]) for d in out["deadlines"]] == [
            ("styringsgruppa meets in 2023 Q3 (quarterly)", "upcoming", 0)
        ]
        # the day after, it is overdue
        out = _deadlines(cli, BASE, "2023-10-03", "--within", "0")
        assert [(d["title"], d["status"], d["days_left"]) for d in out["deadlines"]] == [
            ("styringsgruppa meets in 2023 Q3 (quarterly)", "overdue", -1)
        ]

    def test_within_negative_is_a_usage_error(self, cli: Invoke) -> None:
        r = cli("--data", BASE, "--as-of", AS_OF, "deadlines", "--within", "-1")
        assert r.exit_code == 2
        assert r.stdout == ""

    def test_table(self, cli: Invoke) -> None:
        r = cli("--data", BASE, "--as-of", "2023-08-01", "deadlines")
        assert r.exit_code == 0, r.output
        assert "Deadlines as of 1 August 2023 (within 90 days)" in r.stdout
        assert "2 Oct 2023" in r.stdout
        assert "30 Sep 2023" in r.stdout
        assert "upcoming" in r.stdout

    def test_md(self, cli: Invoke) -> None:
        r = cli("--data", BASE, "--as-of", "2023-08-01", "deadlines", "--format", "md")
        assert r.exit_code == 0, r.output
        lines = r.stdout.splitlines()
        assert lines[0] == "## Deadlines as of 1 August 2023"
        assert "| status | effective | due | days | kind | subject | title |" in lines
        assert (
            "| upcoming | 2 Oct 2023 | 30 Sep 2023 | 62 | meeting | body:styringsgruppa "
            "| styringsgruppa meets in 2023 Q3 (quarterly) |"
        ) in lines

    def test_md_empty(self, cli: Invoke) -> None:
        r = cli("--data", BASE, "--as-of", AS_OF, "deadlines", "--format", "md")
        assert r.exit_code == 0
        assert "No deadlines." in r.stdout

    def _ics(self, cli: Invoke, as_of: str = AS_OF, *extra: str) -> bytes:
        r = cli("--data", BASE, "--as-of", as_of, "deadlines", "--all", *extra, "--format", "ics")
        assert r.exit_code == 0, r.output
        return r.stdout_bytes

    def test_ics_parses_with_all_day_events(self, cli: Invoke) -> None:
        from icalendar import Calendar

        raw = self._ics(cli)
        cal = Calendar.from_ical(raw)
        events = list(cal.walk("VEVENT"))
        listed = _deadlines(cli, BASE, AS_OF, "--all")["deadlines"]
        assert len(events) == len(listed)
        for ev, d in zip(events, listed, strict=True):
            start = ev.decoded("dtstart")
            end = ev.decoded("dtend")
            assert type(start) is date, f"DTSTART must be a DATE (all-day): {start!r}"
            assert type(end) is date
            assert end - start == timedelta(days=1)
            assert str(ev["summary"]) == d["title"]
            assert start.isoformat() == d["effective"]
        uids = [str(ev["uid"]) for ev in events]
        assert len(set(uids)) == len(uids)

    def test_ics_uses_crlf(self, cli: Invoke) -> None:
        raw = self._ics(cli)
        assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
        assert raw.count(b"\n") == raw.count(b"\r\n"), "RFC 5545 lines end in CRLF"

    def test_ics_uids_are_stable(self, cli: Invoke) -> None:
        from icalendar import Calendar

        def uids(raw: bytes) -> dict[tuple[str, date], str]:
            events = Calendar.from_ical(raw).walk("VEVENT")
            out = {(str(ev["summary"]), ev.decoded("dtstart")): str(ev["uid"]) for ev in events}
            assert len(out) == len(events)
            return out

        first, second = uids(self._ics(cli)), uids(self._ics(cli))
        assert first == second
        # a later as-of date (other statuses, other stamps) keeps every event's UID
        later = uids(self._ics(cli, "2024-02-01"))
        assert set(first) == set(later)
        assert first == later

    def test_ics_uid_follows_the_event(self, cli: Invoke, edit: Edit) -> None:
        """Changing one milestone's date changes only that event's UID."""
        from icalendar import Calendar

        def uids(data: Path) -> dict[str, str]:
            r = cli("--data", data, "--as-of", AS_OF, "deadlines", "--all", "--format", "ics")
            assert r.exit_code == 0
            return {
                str(ev["uid"]): str(ev["summary"])
                for ev in Calendar.from_ical(r.stdout_bytes).walk("VEVENT")
            }

        before = uids(BASE)
        after = uids(_warning_only(edit))
        assert len(before) == len(after)
        assert {before[u] for u in set(before) - set(after)} == {
            "felles-arkiv: Innføring i alle kommunane"
        }
        assert {after[u] for u in set(after) - set(before)} == {
            "felles-arkiv: Innføring i alle kommunane"
        }


# --------------------------------------------------------------------------- board


class TestBoard:
    def test_json_all_bodies(self, cli: Invoke) -> None:
        r = cli("--data", BASE, "--as-of", AS_OF, "board", "--format", "json")
        assert r.exit_code == 0, r.output
        out = _json(r.stdout)
        assert set(out) >= {"version", "as_of", "bodies"}
        assert out["version"] == 1
        assert out["as_of"] == AS_OF
        assert [b["id"] for b in out["bodies"]] == ["ressursgruppa", "styringsgruppa"]
        sg = out["bodies"][1]
        members = {(m["person"], m["from"]): m for m in sg["members"]}
        # only members seated on the as-of date; terms of 2 years end the day before
        assert set(members) == {
            ("berit-berg", "2021-01-01"),
            ("bodil-fjord", "2022-07-01"),
            ("anders-ask", "2023-01-01"),
            ("aud-alver", "2023-02-01"),
            ("kari-ks", "2021-01-01"),
            ("sverre-stat", "2021-01-01"),
        }
        assert members[("bodil-fjord", "2022-07-01")]["term_end"] == "2024-06-30"
        assert members[("anders-ask", "2023-01-01")]["term_end"] == "2024-12-31"
        assert members[("aud-alver", "2023-02-01")]["term_end"] == "2025-01-31"
        assert members[("berit-berg", "2021-01-01")]["term_end"] is None  # permanent seat
        assert members[("berit-berg", "2021-01-01")]["role"] == "chair"
        assert members[("aud-alver", "2023-02-01")]["name"] == "Aud Alver"
        assert members[("aud-alver", "2023-02-01")]["org"] == "alver"
        assert {m["status"] for m in sg["members"]} == {"active"}
        seats = {s["id"]: s for s in sg["seats"]}
        assert (
            seats["regional"]["count"],
            seats["regional"]["held"],
            seats["regional"]["vacant"],
        ) == (3, 3, 0)

    def test_json_one_body(self, cli: Invoke) -> None:
        r = cli("--data", BASE, "--as-of", AS_OF, "board", "ressursgruppa", "--format", "json")
        assert r.exit_code == 0, r.output
        bodies = _json(r.stdout)["bodies"]
        assert [b["id"] for b in bodies] == ["ressursgruppa"]
        assert sorted(m["name"] for m in bodies[0]["members"]) == ["Rita Ressurs", "Rolf Ressurs"]

    def test_expiring_then_expired(self, cli: Invoke) -> None:
        def bodil(as_of: str) -> dict[str, Any]:
            r = cli("--data", BASE, "--as-of", as_of, "board", "styringsgruppa", "--format", "json")
            assert r.exit_code == 0, r.output
            (b,) = _json(r.stdout)["bodies"]
            (m,) = [m for m in b["members"] if m["person"] == "bodil-fjord"]
            return cast("dict[str, Any]", m)

        assert bodil("2024-03-01")["status"] == "active"  # ends 2024-06-30, 121 days ahead
        assert bodil("2024-04-15")["status"] == "expiring"  # within 90 days
        assert bodil("2024-06-30")["status"] == "expiring"  # the last day of the term
        assert bodil("2024-07-01")["status"] == "expired"

    def test_md_one_body(self, cli: Invoke) -> None:
        r = cli("--data", BASE, "--as-of", AS_OF, "board", "styringsgruppa", "--format", "md")
        assert r.exit_code == 0, r.output
        assert r.stdout.startswith("## Styringsgruppa (`styringsgruppa`) as of 15 June 2023\n")
        assert "Ressursgruppa" not in r.stdout
        assert (
            "| regional | Bodil Fjord | bjornafjorden | member | 1 Jul 2022 | 30 Jun 2024 "
            "| active |" in r.stdout.splitlines()
        )

    def test_table(self, cli: Invoke) -> None:
        r = cli("--data", BASE, "--as-of", AS_OF, "board")
        assert r.exit_code == 0, r.output
        for text in (
            "Styringsgruppa",
            "Ressursgruppa",
            "Berit Berg",
            "31 Jan 2025",
            "no vacancies",
        ):
            assert text in r.stdout

    def test_unknown_body_did_you_mean(self, cli: Invoke) -> None:
        r = cli("--data", BASE, "--as-of", AS_OF, "board", "styringsgrupa")
        assert r.exit_code == 2
        line = one_line(r.stderr)
        assert "`styringsgrupa`" in line
        assert "did you mean `styringsgruppa`?" in line
        assert r.stdout == ""

    def test_unknown_body_lists_bodies(self, cli: Invoke) -> None:
        r = cli("--data", BASE, "--as-of", AS_OF, "board", "programstyret", "--format", "json")
        assert r.exit_code == 2
        line = one_line(r.stderr)
        assert "programstyret" in line
        assert "ressursgruppa" in line and "styringsgruppa" in line
        assert r.stdout == ""


# --------------------------------------------------------------------------- portfolio


class TestPortfolio:
    def test_json(self, cli: Invoke) -> None:
        r = cli("--data", BASE, "--as-of", AS_OF, "portfolio", "--format", "json")
        assert r.exit_code == 0, r.output
        out = _json(r.stdout)
        assert out["version"] == 1
        assert out["as_of"] == AS_OF
        projects = {p["id"]: p for p in out["projects"]}
        assert [p["id"] for p in out["projects"]] == ["ideverksted", "felles-arkiv", "kompetanse"]
        assert projects["felles-arkiv"]["budget"] == 1_000_000
        assert projects["felles-arkiv"]["milestones"] == {"total": 2, "done": 1, "overdue": 0}
        assert projects["ideverksted"]["budget"] is None
        assert out["totals"]["projects"] == 3
        assert out["totals"]["budget"] == 1_300_000
        assert out["totals"]["financing_by_source"] == {
            "party": 400_000,
            "digifin": 600_000,
            "skjonnsmidler": 300_000,
        }
        assert out["parties_without_project"] == ["bjornafjorden"]
        assert sorted((o["org"], o["projects"]) for o in out["owners"]) == [
            ("alver", 1),
            ("askoy", 1),
            ("bergen", 1),
        ]

    def test_md(self, cli: Invoke) -> None:
        r = cli("--data", BASE, "--as-of", AS_OF, "portfolio", "--format", "md")
        assert r.exit_code == 0, r.output
        lines = r.stdout.splitlines()
        assert lines[0] == "## Portfolio as of 15 June 2023"
        assert (
            "| felles-arkiv | active | askoy | 1 Mar 2021 | 30 Jun 2024 | 1 000 000 kr | 1/2 |"
            in lines
        )
        assert "- Active parties owning no project: bjornafjorden" in lines

    def test_table(self, cli: Invoke) -> None:
        r = cli("--data", BASE, "--as-of", AS_OF, "portfolio")
        assert r.exit_code == 0, r.output
        for text in (
            "Portfolio as of 15 June 2023",
            "felles-arkiv",
            "1 300 000 kr",
            "bjornafjorden",
        ):
            assert text in r.stdout

    def test_overdue_milestone(self, cli: Invoke, edit: Edit) -> None:
        data = _warning_only(edit)
        r = cli("--data", data, "--as-of", AS_OF, "portfolio", "--format", "json")
        assert r.exit_code == 0
        (p,) = [p for p in _json(r.stdout)["projects"] if p["id"] == "felles-arkiv"]
        assert p["milestones"]["overdue"] == 1

    def test_milestone_on_a_moved_deadline_is_not_yet_overdue(
        self, cli: Invoke, edit: Edit
    ) -> None:
        """DESIGN §5: a milestone due on Saturday 2023-09-30 is effective Monday 2023-10-02.

        On 2023-10-02 `deadlines` calls it upcoming (0 days left) and validate's
        milestone-overdue is silent; the portfolio must not call it overdue.
        """
        text = (BASE / "projects" / "felles-arkiv.yaml").read_text(encoding="utf-8")
        data = edit(
            {"projects/felles-arkiv.yaml": text.replace("due: 2024-03-01", "due: 2023-09-30")}
        )
        dl = _deadlines(cli, data, "2023-10-02")["deadlines"]
        (ms,) = [d for d in dl if d["kind"] == "milestone"]
        assert (ms["effective"], ms["status"]) == ("2023-10-02", "upcoming")
        r = cli("--data", data, "--as-of", "2023-10-02", "validate", "--format", "json")
        assert "milestone-overdue" not in {f["rule"] for f in _json(r.stdout)["findings"]}
        r = cli("--data", data, "--as-of", "2023-10-02", "portfolio", "--format", "json")
        assert r.exit_code == 0
        (p,) = [p for p in _json(r.stdout)["projects"] if p["id"] == "felles-arkiv"]
        assert p["milestones"]["overdue"] == 0, (
            "portfolio counts the nominal date, not the effective one"
        )


# --------------------------------------------------------------------------- status


class TestStatus:
    def test_table_clean(self, cli: Invoke) -> None:
        r = cli("--data", BASE, "--as-of", AS_OF, "status")
        assert r.exit_code == 0, r.output
        assert "Digi Testland as of 15 June 2023" in r.stdout
        assert "Validation: ok: 0 errors" in r.stdout
        assert "ideverksted" in r.stdout  # proposed: needs a decision

    def test_table_with_errors_exits_1(self, cli: Invoke, edit: Edit) -> None:
        data = edit(BROKEN)
        r = cli("--data", data, "--as-of", AS_OF, "status")
        assert r.exit_code == 1, r.output
        assert "FAILED: 2 errors" in r.stdout
        assert "data/projects/nytt.yaml:4" in r.stdout

    def test_json_clean(self, cli: Invoke) -> None:
        r = cli("--data", BASE, "--as-of", "2023-08-01", "status", "--format", "json")
        assert r.exit_code == 0, r.output
        out = _json(r.stdout)
        assert out["version"] == 1
        assert out["as_of"] == "2023-08-01"
        assert out["within"] == 90
        assert out["validation"] == {"ok": True, "counts": {"error": 0, "warning": 0, "info": 0}}
        assert [d["title"] for d in out["deadlines"]] == [
            "styringsgruppa meets in 2023 Q3 (quarterly)"
        ]
        assert set(out["deadlines"][0]) == DEADLINE_KEYS
        assert [p["project"] for p in out["projects_needing_decision"]] == ["ideverksted"]

    def test_json_with_errors_exits_1(self, cli: Invoke, edit: Edit) -> None:
        data = edit(BROKEN)
        r = cli("--data", data, "--as-of", AS_OF, "status", "--format", "json")
        assert r.exit_code == 1, r.output
        out = _json(r.stdout)
        assert out["validation"]["ok"] is False
        assert out["validation"]["counts"]["error"] == 2

    def test_json_shows_expiring_terms(self, cli: Invoke) -> None:
        r = cli("--data", BASE, "--as-of", "2024-05-01", "status", "--format", "json")
        assert r.exit_code in (0, 1), r.output
        terms = _json(r.stdout)["terms"]
        assert ("styringsgruppa", "bodil-fjord", "expiring") in {
            (t["body"], t["person"], t["status"]) for t in terms
        }


# --------------------------------------------------------------------------- rules


class TestRules:
    def test_json(self, cli: Invoke) -> None:
        r = cli("rules", "--format", "json")
        assert r.exit_code == 0, r.output
        out = _json(r.stdout)
        assert out["version"] == 1
        rules = {x["id"]: x for x in out["rules"]}
        assert len(rules) == len(out["rules"]), "rule ids are unique"
        missing = set(DESIGN_RULES) - set(rules)
        assert not missing, f"rules of DESIGN §4 missing: {sorted(missing)}"
        for rule_id, severity in DESIGN_RULES.items():
            keys = {"id", "severity", "source", "summary", "fix", "params", "plugin"}
            assert set(rules[rule_id]) == keys
            assert rules[rule_id]["severity"] in severity.split("/"), rule_id
            assert rules[rule_id]["summary"]

    def test_table(self, cli: Invoke) -> None:
        r = cli("rules")
        assert r.exit_code == 0, r.output
        for rule_id in DESIGN_RULES:
            assert re.search(rf"(?<![\w-]){re.escape(rule_id)}(?![\w-])", r.stdout), rule_id

    def test_needs_no_data(self, cli: Invoke, tmp_path: Path) -> None:
        r = cli("--data", tmp_path / "missing", "rules", "--format", "json")
        assert r.exit_code == 0, r.output


# --------------------------------------------------------------------------- help, version


class TestHelp:
    def test_main_help(self, cli: Invoke) -> None:
        r = cli("--help")
        assert r.exit_code == 0
        text = _flat(r.stdout)
        assert "digictl --data DIR --as-of 2022-03-01 validate --format json" in text
        for command in ("status", "validate", "deadlines", "board", "portfolio", "rules"):
            assert command in text

    @pytest.mark.parametrize(
        "command", ["status", "validate", "deadlines", "board", "portfolio", "rules"]
    )
    def test_command_help(self, cli: Invoke, command: str) -> None:
        r = cli(command, "--help")
        assert r.exit_code == 0, r.output
        text = _flat(r.stdout)
        assert f"Usage: digictl {command}" in text
        assert re.search(r"Example: digictl .*\b" + command + r"\b", text), text

    def test_version(self, cli: Invoke) -> None:
        r = cli("--version")
        assert r.exit_code == 0
        assert r.stdout.strip() == f"digictl {__version__}"
        assert re.fullmatch(r"\d+\.\d+\.\d+.*", __version__)

    def test_version_is_eager(self, cli: Invoke, tmp_path: Path) -> None:
        r = cli("--data", tmp_path / "missing", "--version")
        assert r.exit_code == 0
        assert r.stdout.strip() == f"digictl {__version__}"

    def test_no_arguments_shows_help(self, cli: Invoke) -> None:
        r = cli()
        assert r.exit_code in (0, 2)
        assert "Usage: digictl" in _flat(r.output)


# --------------------------------------------------------------------------- snapshots

SNAPSHOT_COMMANDS = {
    "deadlines-all.md": ("deadlines", "--all", "--format", "md"),
    "board.md": ("board", "--format", "md"),
    "portfolio.md": ("portfolio", "--format", "md"),
    "deadlines-all.ics": ("deadlines", "--all", "--format", "ics"),
}


@pytest.mark.parametrize("name", sorted(SNAPSHOT_COMMANDS))
def test_snapshot(cli: Invoke, name: str) -> None:
    r = cli("--data", BASE, "--as-of", AS_OF, *SNAPSHOT_COMMANDS[name])
    assert r.exit_code == 0, r.output
    # as text first for a readable diff, then byte for byte (CRLF in ics)
    check_snapshot(SNAPSHOTS / name, r.stdout_bytes)
