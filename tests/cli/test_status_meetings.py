"""`digictl status` shows the meetings (issue 14): each body's next meeting with its notice
and the decision items that lack documents, and the minutes awaiting approval.

On the data of tests/cli/test_meeting_plan.py (data/ with its meetings from 2027 on
replaced), as of 8 March 2027. Every date shown is the one `deadlines` lists (one truth).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Invoke
from tests.cli.test_meeting_plan import AS_OF, plan_data
from tests.conftest import BASE

# the keys of `status --format json` before the meetings were added: they stay as they are
KEYS = {
    "version",
    "network",
    "as_of",
    "within",
    "validation",
    "deadlines",
    "vacancies",
    "terms",
    "projects_needing_decision",
}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return plan_data(tmp_path)


def _json(cli: Invoke, *args: object) -> dict[str, Any]:
    r = cli(*args)
    assert r.exit_code in (0, 1), r.output
    value = json.loads(r.stdout)
    assert isinstance(value, dict)
    return value


def _status(cli: Invoke, data: Path, *extra: str) -> dict[str, Any]:
    return _json(cli, "--data", data, "--as-of", AS_OF, "status", *extra, "--format", "json")


def _deadlines(cli: Invoke, data: Path, *extra: str) -> dict[tuple[str, str], dict[str, Any]]:
    out = _json(cli, "--data", data, "--as-of", AS_OF, "deadlines", "--all", *extra, "-f", "json")
    return {
        (d["kind"], d["subject"]): d
        for d in out["deadlines"]
        if d["kind"] in ("meeting-notice", "minutes-approval")
    }


def test_json_adds_the_meetings_key(cli: Invoke, data: Path) -> None:
    out = _status(cli, data)
    assert set(out) == KEYS | {"meetings"}
    assert set(out["meetings"]) == {"next", "awaiting_approval"}
    for n in out["meetings"]["next"]:
        assert set(n) == {
            "id",
            "body",
            "date",
            "time",
            "place",
            "notice",
            "without_documents",
            "ready",
        }
        assert set(n["notice"]) == {"due", "sent", "status", "days_left"}
    for a in out["meetings"]["awaiting_approval"]:
        assert set(a) == {"id", "body", "date", "minutes"}
        assert set(a["minutes"]) == {"due", "effective", "status", "days_left"}


def test_next_meetings(cli: Invoke, data: Path) -> None:
    """One per body, by date: programstyret's notice is overdue and two decision items have
    no documents; porteføljestyret's notice is sent."""
    nxt = _status(cli, data)["meetings"]["next"]
    assert [(n["id"], n["ready"]) for n in nxt] == [
        ("2027-03-11-programstyret", False),
        ("2027-05-27-portefoljestyret", True),
    ]
    first, second = nxt
    assert first["notice"] == {
        "due": "2027-03-04",
        "sent": None,
        "status": "overdue",
        "days_left": -4,
    }
    assert first["without_documents"] == ["4/27", "5/27"]
    assert first["time"] == "09:00-11:30"
    assert first["place"] == "Teams (videomøte)"
    assert second["notice"]["sent"] == "2027-03-01"
    assert second["notice"]["status"] == "done"
    assert second["without_documents"] == []


def test_awaiting_approval(cli: Invoke, data: Path) -> None:
    awaiting = {a["id"]: a for a in _status(cli, data)["meetings"]["awaiting_approval"]}
    assert "2027-02-11-programstyret" not in awaiting  # approved on 19 February
    assert awaiting["2027-02-18-portefoljestyret"]["minutes"] == {
        "due": "2027-03-04",
        "effective": "2027-03-04",
        "status": "overdue",
        "days_left": -4,
    }


@pytest.mark.parametrize("within", ["90", "0", "365"])
def test_dates_are_the_deadlines(cli: Invoke, data: Path, within: str) -> None:
    """One truth: every date, status and count of days `status` shows for a meeting is the
    one `deadlines` lists for it (kinds meeting-notice and minutes-approval)."""
    meetings = _status(cli, data, "--within", within)["meetings"]
    listed = _deadlines(cli, data, "--within", within)
    assert meetings["next"] and meetings["awaiting_approval"]
    for n in meetings["next"]:
        d = listed[("meeting-notice", f"meeting:{n['id']}")]
        assert n["notice"]["due"] == d["due"] == d["effective"]
        assert n["notice"]["status"] == d["status"]
        assert n["notice"]["days_left"] == d["days_left"]
        assert (n["notice"]["sent"] is not None) == (d["status"] == "done")
    for a in meetings["awaiting_approval"]:
        d = listed[("minutes-approval", f"meeting:{a['id']}")]
        assert a["minutes"]["due"] == d["due"]
        assert a["minutes"]["effective"] == d["effective"]
        assert a["minutes"]["status"] == d["status"] != "done"
        assert a["minutes"]["days_left"] == d["days_left"]
    # every minutes deadline not done for a held meeting is awaiting approval
    open_minutes = {
        s.removeprefix("meeting:")
        for (kind, s), d in listed.items()
        if kind == "minutes-approval" and d["status"] != "done"
    }
    assert open_minutes == {a["id"] for a in meetings["awaiting_approval"]}


def _plain_table(text: str, title: str) -> list[list[str]]:
    """The rows (header first) of the plain table headed ``# title``."""
    for block in text.split("\n\n"):
        lines = block.splitlines()
        if lines and lines[0] == f"# {title}":
            return [ln.split("\t") for ln in lines[1:]]
    raise AssertionError(f"no table {title!r} in {text}")


def test_table(cli: Invoke, data: Path) -> None:
    r = cli("--data", data, "--as-of", AS_OF, "status")
    assert r.exit_code in (0, 1), r.output
    rows = _plain_table(r.stdout, "Next meetings")
    assert rows[0] == ["date", "body", "notice", "status", "items without documents"]
    assert rows[1] == ["11 Mar 2027", "programstyret", "due 4 March 2027", "overdue", "4/27, 5/27"]
    assert rows[2] == ["27 May 2027", "portefoljestyret", "sent 1 March 2027", "done", ""]
    rows = _plain_table(r.stdout, "Minutes awaiting approval")
    assert rows[0] == ["date", "body", "effective", "days", "status"]
    assert ["18 Feb 2027", "portefoljestyret", "4 Mar 2027", "-4", "overdue"] in rows
    # the tables come after the ones status had before
    assert r.stdout.index("# Projects needing a decision") < r.stdout.index("# Next meetings")


def test_nothing_to_show(cli: Invoke) -> None:
    """The base partnership records no meetings ahead and no workflow: empty lists, and
    tables that say so."""
    out = _json(cli, "--data", BASE, "--as-of", "2030-01-01", "status", "--format", "json")
    assert out["meetings"] == {"next": [], "awaiting_approval": []}
    r = cli("--data", BASE, "--as-of", "2030-01-01", "status")
    assert "# no meetings ahead" in r.stdout
    assert "# no minutes awaiting approval" in r.stdout
