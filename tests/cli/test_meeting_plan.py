"""`digictl meeting plan` (issue 14): the meeting plan as a table, JSON, Markdown and ICS.

Runs on a copy of data/ whose meetings from 2027 on are replaced by the ones below (notice,
time, place, agenda with an exempt item, minutes approval), as of 8 March 2027. Snapshots
live in tests/cli/snapshots/meetings/; rewrite them with
``DIGICTL_UPDATE_SNAPSHOTS=1 pytest tests/cli/test_meeting_plan.py`` and review the diff.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.cli.conftest import Invoke, one_line
from tests.conftest import ROOT
from tests.snapshots import check_snapshot

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots" / "meetings"
AS_OF = "2027-03-08"

MEETINGS = {
    # held, notice in time, minutes approved; an exempt item
    "2027-02-11-programstyret.yaml": """\
body: programstyret
date: 2027-02-11
time: "09:00-12:00"
place: Trondheim rådhus, formannskapssalen
notice: 2027-01-28
agenda:
  - number: 1/27
    title: Porteføljestatus og prioriteringer 2027
    kind: decision
    proposal: Programstyret tar porteføljestatusen til orientering.
    attachments:
      - title: Saksframlegg 1/27
        ref: https://example.org/saker/2027/1-27.pdf
  - number: 2/27
    title: Orientering fra programkontoret
    kind: orientation
  - number: 3/27
    title: Anskaffelse av plattform – forhandlinger med leverandør
    kind: decision
    public: false
    exempt: offentleglova § 23 første ledd
    attachments:
      - title: Saksframlegg 3/27
decisions:
  - id: PS-2027-01
    title: Porteføljestatus 2027
    item: 1/27
    outcome: consensus
  - id: PS-2027-02
    title: Forhandlingsmandat
    item: 3/27
    outcome: consensus
minutes:
  ref: https://example.org/protokoller/2027-02-11-programstyret.pdf
  approved: 2027-02-19
  method: e-mail
""",
    # held, notice late, minutes not approved (due 4 March 2027: overdue on 8 March)
    "2027-02-18-portefoljestyret.yaml": """\
body: portefoljestyret
date: 2027-02-18
time: "12:30"
place: Scandic Hell, Stjørdal
notice: 2027-02-15
agenda:
  - number: 1/27
    title: Årsrapport 2026
    kind: decision
    attachments:
      - title: Utkast til årsrapport 2026
decisions:
  - id: PF-2027-01
    title: Årsrapport 2026
    item: 1/27
    outcome: consensus
""",
    # ahead: notice not sent and overdue (due 4 March), two decision items without documents
    "2027-03-11-programstyret.yaml": """\
body: programstyret
date: 2027-03-11
time: "09:00-11:30"
place: Teams (videomøte)
agenda:
  - number: 4/27
    title: Mandat for felles innbyggerdialog
    kind: decision
  - number: 5/27
    title: Budsjettrevisjon 2027
    kind: decision
  - number: 6/27
    title: Innspill til nasjonal strategi
    kind: discussion
decisions: []
""",
    # ahead, no time (all day), notice sent early
    "2027-05-27-portefoljestyret.yaml": """\
body: portefoljestyret
date: 2027-05-27
notice: 2027-03-01
agenda:
  - number: 2/27
    title: Evaluering av samarbeidsavtalen
    kind: discussion
decisions: []
""",
}


def plan_data(tmp_path: Path, meetings: dict[str, str] | None = None) -> Path:
    """A copy of data/ whose meetings from 2027 on are ``meetings`` (default MEETINGS)."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    for old in (target / "meetings").iterdir():
        if old.name[:4] >= "2027":
            old.unlink()
    for name, text in (MEETINGS if meetings is None else meetings).items():
        (target / "meetings" / name).write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return plan_data(tmp_path)


def _plan(cli: Invoke, data: Path, *args: str) -> Any:
    r = cli("--data", data, "--as-of", AS_OF, "meeting", "plan", *args)
    assert r.exit_code == 0, r.output
    return r


def _json(cli: Invoke, data: Path, *args: str) -> dict[str, Any]:
    value = json.loads(_plan(cli, data, *args, "--format", "json").stdout)
    assert isinstance(value, dict)
    return value


# --------------------------------------------------------------------------- snapshots

SNAPSHOT_RUNS = {
    "plan-2027.json": ("--format", "json"),
    "plan-2027.md": ("--format", "md"),
    "plan-2027.ics": ("--format", "ics"),
}


@pytest.mark.parametrize("name", sorted(SNAPSHOT_RUNS))
def test_snapshot(cli: Invoke, data: Path, name: str) -> None:
    r = _plan(cli, data, *SNAPSHOT_RUNS[name])
    check_snapshot(SNAPSHOTS / name, r.stdout_bytes)


# --------------------------------------------------------------------------- json


def test_json_shape(cli: Invoke, data: Path) -> None:
    out = _json(cli, data)
    assert set(out) == {"version", "as_of", "meetings"}
    assert out["version"] == 1
    assert out["as_of"] == AS_OF
    meetings = out["meetings"]
    assert [m["id"] for m in meetings] == [name.removesuffix(".yaml") for name in MEETINGS]
    keys = {"id", "body", "date", "time", "place", "held", "notice", "minutes", "agenda"}
    for m in meetings:
        assert set(m) == keys
        assert set(m["notice"]) == {"due", "sent"}
        assert set(m["minutes"]) == {"due", "effective", "approved", "ref"}
        for item in m["agenda"]:
            assert set(item) == {"number", "title", "kind", "public", "exempt"}
    first, second, third, fourth = meetings
    assert first["held"] and second["held"] and not third["held"] and not fourth["held"]
    assert first["notice"] == {"due": "2027-02-04", "sent": "2027-01-28"}
    assert first["minutes"]["approved"] == "2027-02-19"
    assert second["minutes"] == {
        "due": "2027-03-04",
        "effective": "2027-03-04",
        "approved": None,
        "ref": None,
    }
    assert third["notice"] == {"due": "2027-03-04", "sent": None}
    assert fourth["time"] is None


def test_exempt_item_has_no_title(cli: Invoke, data: Path) -> None:
    items = _json(cli, data)["meetings"][0]["agenda"]
    exempt = next(i for i in items if i["number"] == "3/27")
    assert exempt == {
        "number": "3/27",
        "title": None,
        "kind": "decision",
        "public": False,
        "exempt": "offentleglova § 23 første ledd",
    }
    r = _plan(cli, data, "--format", "md")
    assert "forhandlinger" not in r.stdout
    assert "Anskaffelse" not in _plan(cli, data, "--format", "ics").stdout


def test_dates_are_the_deadlines(cli: Invoke, data: Path) -> None:
    """One truth: the plan's notice and minutes dates are `deadlines`' for each meeting."""
    r = cli("--data", data, "--as-of", AS_OF, "deadlines", "--all", "--format", "json")
    listed = {
        (d["kind"], d["subject"]): d
        for d in json.loads(r.stdout)["deadlines"]
        if d["kind"] in ("meeting-notice", "minutes-approval")
    }
    for m in _json(cli, data, "--all")["meetings"]:
        notice = listed.get(("meeting-notice", f"meeting:{m['id']}"))
        assert m["notice"]["due"] == (notice["due"] if notice else None), m["id"]
        minutes = listed.get(("minutes-approval", f"meeting:{m['id']}"))
        if minutes is not None:
            assert m["minutes"]["due"] == minutes["due"]
            assert m["minutes"]["effective"] == minutes["effective"]
            assert (m["minutes"]["approved"] is not None) == (minutes["status"] == "done")


def test_records_start_mid_way(cli: Invoke, data: Path) -> None:
    """With `records_from` after a meeting's notice was due, no notice is asked for (its due
    is null), while its minutes, due after the records start, are; as in `deadlines`."""
    network = data / "network.yaml"
    network.write_text(
        network.read_text(encoding="utf-8") + "records_from: 2027-02-10\n", encoding="utf-8"
    )
    first = _json(cli, data)["meetings"][0]
    assert first["notice"] == {"due": None, "sent": "2027-01-28"}
    assert first["minutes"]["due"] == "2027-02-25"
    test_dates_are_the_deadlines(cli, data)


def test_untracked_meeting_has_no_minutes(cli: Invoke, tmp_path: Path) -> None:
    """A meeting recorded the old way (date and decisions only) asks for no notice or
    minutes: its notice due and its minutes are null."""
    data = plan_data(tmp_path)
    out = _json(cli, data, "--year", "2019")
    assert out["meetings"]
    for m in out["meetings"]:
        assert m["notice"] == {"due": None, "sent": None}
        assert m["minutes"] is None
        assert m["agenda"] == []


def test_year_body_and_all(cli: Invoke, data: Path) -> None:
    ids = [m["id"] for m in _json(cli, data, "--body", "portefoljestyret")["meetings"]]
    assert ids == ["2027-02-18-portefoljestyret", "2027-05-27-portefoljestyret"]
    years = {m["date"][:4] for m in _json(cli, data, "--all")["meetings"]}
    assert {"2019", "2026", "2027"} <= years
    assert {m["date"][:4] for m in _json(cli, data, "--year", "2026")["meetings"]} == {"2026"}
    assert _json(cli, data, "--year", "2030")["meetings"] == []


def test_empty_plan(cli: Invoke, data: Path) -> None:
    r = _plan(cli, data, "--year", "2030")
    assert "# no meetings" in r.stdout
    assert "No meetings." in _plan(cli, data, "--year", "2030", "-f", "md").stdout


# --------------------------------------------------------------------------- usage errors


def test_unknown_body(cli: Invoke, data: Path) -> None:
    r = cli("--data", data, "--as-of", AS_OF, "meeting", "plan", "--body", "programstyre")
    assert r.exit_code == 2
    assert one_line(r.stderr) == (
        "digictl: error: there is no body `programstyre`; did you mean `programstyret`? "
        "(bodies: faggruppe-informasjonssikkerhet, portefoljestyret, programstyret, "
        "ressursgruppa)"
    )
    assert r.stdout == ""


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (["--year", "1899"], "--year takes a year from 1900 to 2999, not 1899"),
        (["--year", "2027", "--all"], "give --year or --all, not both"),
    ],
)
def test_bad_year(cli: Invoke, data: Path, args: list[str], sentence: str) -> None:
    r = cli("--data", data, "--as-of", AS_OF, "meeting", "plan", *args)
    assert r.exit_code == 2
    assert one_line(r.stderr) == f"digictl: error: {sentence}"


def test_help(cli: Invoke) -> None:
    text = " ".join(cli("meeting", "plan", "--help").stdout.split())
    assert text.count("Exit codes") == 1
    assert "plain tab-separated rows" in text


# --------------------------------------------------------------------------- ics


def _calendar(raw: bytes) -> Any:
    from icalendar import Calendar

    return Calendar.from_ical(raw)


def test_ics_one_event_per_meeting(cli: Invoke, data: Path) -> None:
    raw = _plan(cli, data, "--format", "ics").stdout_bytes
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n"), "RFC 5545 lines end in CRLF"
    cal = _calendar(raw)
    events = list(cal.walk("VEVENT"))
    meetings = _json(cli, data)["meetings"]
    assert len(events) == len(meetings) == len(MEETINGS)
    assert str(cal["x-wr-calname"]) == "Meeting plan of DigiTrøndelag"
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Oslo"]
    uids = [str(ev["uid"]) for ev in events]
    assert len(set(uids)) == len(uids)
    oslo = ZoneInfo("Europe/Oslo")
    first, second, third, fourth = events
    assert str(first["summary"]) == "Meeting of Programstyret"
    assert first.decoded("dtstart") == datetime(2027, 2, 11, 9, 0, tzinfo=oslo)
    assert first.decoded("dtend") == datetime(2027, 2, 11, 12, 0, tzinfo=oslo)
    assert first["dtstart"].params["TZID"] == "Europe/Oslo"
    assert str(first["location"]) == "Trondheim rådhus, formannskapssalen"
    assert str(first["description"]).split("\n") == [
        "1/27 Porteføljestatus og prioriteringer 2027",
        "2/27 Orientering fra programkontoret",
        "3/27 exempt from public access (offentleglova § 23 første ledd)",
    ]
    assert second.decoded("dtstart") == datetime(2027, 2, 18, 12, 30, tzinfo=oslo)
    assert "dtend" not in second  # a start time only: no end is made up
    assert third.decoded("dtend") == datetime(2027, 3, 11, 11, 30, tzinfo=oslo)
    # no time: an all-day event
    assert type(fourth.decoded("dtstart")) is date
    assert fourth.decoded("dtend") - fourth.decoded("dtstart") == timedelta(days=1)
    assert "location" not in fourth


def test_ics_uids_are_stable(cli: Invoke, data: Path) -> None:
    """The same meeting has the same UID on another as-of date and in another language."""

    def uids(*args: str) -> list[str]:
        r = cli("--data", data, *args, "meeting", "plan", "--year", "2027", "-f", "ics")
        assert r.exit_code == 0, r.output
        return [str(ev["uid"]) for ev in _calendar(r.stdout_bytes).walk("VEVENT")]

    first = uids("--as-of", AS_OF)
    assert uids("--as-of", "2027-06-01") == first
    assert uids("--as-of", AS_OF, "--lang", "nn") == first


def test_ics_summary_in_the_language(cli: Invoke, data: Path) -> None:
    """The summary and the calendar's name are sentences in the run's language (nb here,
    once the catalogue has them; never the English sentence in a Norwegian feed when it
    is translated)."""
    from digictl import i18n

    r = _plan(cli, data, "--lang", "nb", "--format", "ics")
    cal = _calendar(r.stdout_bytes)
    with i18n.speaking("nb"):
        summary = i18n._("Meeting of {body}", body="Programstyret")
    assert str(next(iter(cal.walk("VEVENT")))["summary"]) == summary


def test_the_timezone_is_oslos(cli: Invoke, data: Path) -> None:
    """The VTIMEZONE's rule (CEST from the last Sunday of March at 02:00 to the last Sunday
    of October at 03:00) is the zone database's for Europe/Oslo in every year since 1996."""
    tz = _calendar(_plan(cli, data, "-f", "ics").stdout_bytes).walk("VTIMEZONE")[0]
    daylight, standard = tz.walk("DAYLIGHT")[0], tz.walk("STANDARD")[0]
    assert daylight["rrule"]["BYDAY"] == ["-1SU"] and daylight["rrule"]["BYMONTH"] == [3]
    assert standard["rrule"]["BYDAY"] == ["-1SU"] and standard["rrule"]["BYMONTH"] == [10]
    oslo = ZoneInfo("Europe/Oslo")
    for year in range(1996, 2038):
        for month, before, after in ((3, 1, 2), (10, 2, 1)):
            last = max(
                date(year, month, d) for d in range(25, 32) if date(year, month, d).weekday() == 6
            )
            utc = datetime(last.year, last.month, last.day, 1, 0, tzinfo=ZoneInfo("UTC"))
            assert (utc - timedelta(seconds=1)).astimezone(oslo).utcoffset() == timedelta(
                hours=before
            )
            assert utc.astimezone(oslo).utcoffset() == timedelta(hours=after)


# --------------------------------------------------------------------------- hostile values

HOSTILE = (
    "Sak; med, tegn\\ og\nDTSTART:19700101T000000Z\nEND:VEVENT\nBEGIN:VEVENT\n"
    "SUMMARY:forfalsket " + "lang " * 400
)


def test_hostile_titles_and_place_forge_nothing(cli: Invoke, tmp_path: Path) -> None:
    quoted = json.dumps(HOSTILE, ensure_ascii=False)
    meeting = (
        "body: programstyret\n"
        "date: 2027-04-15\n"
        'time: "10:00-11:00"\n'
        f"place: {quoted}\n"
        "agenda:\n"
        "  - number: 7/27\n"
        f"    title: {quoted}\n"
        "  - number: 8/27\n"
        "    title: Vanlig sak\n"
        "    public: false\n"
        f"    exempt: {quoted}\n"
        "decisions: []\n"
    )
    data = plan_data(tmp_path, {"2027-04-15-programstyret.yaml": meeting})
    raw = _plan(cli, data, "--format", "ics").stdout_bytes
    cal = _calendar(raw)
    [event] = cal.walk("VEVENT")
    assert raw.count(b"\r\nBEGIN:VEVENT\r\n") == 1
    assert raw.count(b"\r\nEND:VEVENT\r\n") == 1
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "long lines are folded"
    # the values come back as they were, each on one line (a newline shown as \n)
    one_line_value = HOSTILE.replace("\n", "\\n")
    assert str(event["location"]) == one_line_value
    assert str(event["description"]).split("\n") == [
        f"7/27 {one_line_value}",
        f"8/27 exempt from public access ({one_line_value})",
    ]
    assert event.decoded("dtstart") == datetime(2027, 4, 15, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))
    # every line of the feed is a property of the event or calendar, none from the data
    names = {
        line.split(b":")[0].split(b";")[0]
        for line in raw.split(b"\r\n")
        if line and line[:1] != b" "
    }
    assert b"SUMMARY" in names
    assert raw.count(b"\r\nDTSTART") == 3  # the event's and the two of the VTIMEZONE


def test_hidden_characters_in_the_calendar(tmp_path: Path) -> None:
    """Control and bidi characters (refused in data files, so put into the model here) are
    shown as escapes; icalendar escapes the rest."""
    from digictl.facts import facts_of
    from digictl.load.dataset import DirectorySource, read_dataset
    from digictl.model import build
    from digictl.output.ics import meeting_calendar
    from digictl.views.meetings import meeting_plan

    model = build(read_dataset(DirectorySource(plan_data(tmp_path))))
    evil = "a\rb\x00c\u2028d;e,f\\g\u202eh"
    model.bodies["programstyret"].name = "Styret\x1b[31m\u202e"
    meeting = model.meetings["2027-02-11-programstyret"]
    meeting.place = evil
    meeting.agenda[0].title = evil
    day = date(2027, 3, 8)
    plan = meeting_plan(facts_of(model, day), "programstyret", 2027)
    raw = meeting_calendar(plan, "Plan\nX-EVIL:1", "net", day)
    assert b"\x1b" not in raw and b"\x00" not in raw and "\u202e".encode() not in raw
    assert b"\rb" not in raw
    assert b"\r\nX-EVIL" not in raw
    cal = _calendar(raw)
    assert str(cal["x-wr-calname"]) == "Plan\\nX-EVIL:1"
    event = cal.walk("VEVENT")[0]
    shown = "a\\rb\\x00c\\u2028d;e,f\\g\\u202eh"
    assert str(event["location"]) == shown
    assert str(event["description"]).split("\n")[0] == f"1/27 {shown}"
    assert str(event["summary"]) == "Meeting of Styret\\x1b[31m\\u202e"
