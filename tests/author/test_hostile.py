"""Every value given on the command line is hostile: it is stored as text and read back by
digictl's own loader unchanged, or refused (control characters); it never becomes structure."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digictl.author import Workspace
from digictl.author.orgs import add_municipality
from digictl.author.parties import join
from digictl.author.people import add_person
from digictl.errors import UsageError
from digictl.load.loader import load_bytes
from tests.author.conftest import Run, snapshot

HOSTILE = [
    'He said "hi"',
    "it's",
    "key: value",
    "a #comment",
    "#start",
    "{}",
    "[]",
    "{a: 1}",
    "[x, y]",
    "&anchor",
    "*alias",
    "!!python/object:os.system",
    "!tag x",
    "- item",
    "? question",
    "| block",
    "> folded",
    "%YAML 1.2",
    "---",
    "...",
    "@at",
    "`tick`",
    "yes",
    "no",
    "null",
    "~",
    "true",
    "1e3",
    "0x1F",
    "1_000",
    "12:30:00",
    "2025-01-01",
    "  padded  ",
    "trailing: ",
    "ÆØÅ æøå – Sámi čđŋšŧž",
    "\\n not a newline",
    "<<: *merge",
]


def _reread(path: Path) -> dict[str, object]:
    doc = load_bytes(path.read_bytes(), path, path.name)
    assert isinstance(doc.data, dict)
    return doc.data


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_is_stored_as_text(author: Run, data: Path, value: str) -> None:
    result = author("person", "add", "kari", "--name", value, "--org", "verdal", "--title", value)
    assert result.exit_code == 0, result.output
    read = _reread(data / "people/kari.yaml")
    assert read["name"] == value and read["title"] == value
    assert list(read) == ["id", "name", "org", "title"]


@pytest.mark.parametrize("value", ["two\nlines", "tab\there", "nul\x00", "esc\x1b[31m", "\u202e"])
def test_control_characters_are_refused(author: Run, data: Path, value: str) -> None:
    before = snapshot(data)
    result = author("person", "add", "kari", "--name", value, "--org", "verdal")
    assert result.exit_code == 2
    assert "must not contain control characters" in result.stderr
    assert snapshot(data) == before


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_text_is_refused(author: Run, value: str) -> None:
    result = author("person", "add", "kari", "--name", value, "--org", "verdal")
    assert result.exit_code == 2
    assert "must not be empty" in result.stderr


@pytest.mark.parametrize("value", ["../../etc/passwd", "a/b", "x: y", "Kari", "-x"])
def test_hostile_ids_are_refused(author: Run, data: Path, value: str) -> None:
    before = snapshot(data)
    result = author("person", "add", "--", value, "--name", "K", "--org", "verdal")
    assert result.exit_code == 2
    assert snapshot(data) == before


def test_hostile_decision_on_a_party(author: Run, data: Path) -> None:
    value = 'Kommunestyret: "sak 1/25" #2 {x} [y] &a *b !!str'
    assert author("org", "add", "4631").exit_code == 0
    result = author(
        "party", "join", "alver", "--agreement", "samarbeidsavtale-2022", "--date", "2025-11-01",
        "--decision", value,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    parties = _reread(data / "agreements/samarbeidsavtale-2022.yaml")["parties"]
    assert isinstance(parties, list)
    assert parties[-1] == {"org": "alver", "joined": "2025-11-01", "decision": value}


# a property: any text round-trips through the written file and digictl's loader


@pytest.fixture
def ws(data: Path) -> Workspace:
    """One workspace for all examples of a property (its changes discarded for each)."""
    return Workspace(data)


_TEXT = st.text(min_size=1, max_size=40)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=_TEXT, title=_TEXT)
def test_any_text_round_trips_or_is_refused(ws: Workspace, name: str, title: str) -> None:
    ws.discard()
    data = ws.data_dir
    try:
        add_person(ws, "kari", name, "verdal", title=title)
    except UsageError as exc:
        assert "control characters" in str(exc) or "empty" in str(exc)
        return
    text = ws.changes()["people/kari.yaml"]
    doc = load_bytes(text.encode("utf-8"), data / "people/kari.yaml", "people/kari.yaml")
    assert doc.data == {"id": "kari", "name": name, "org": "verdal", "title": title}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(decision=_TEXT)
def test_any_decision_text_of_a_party_round_trips_or_is_refused(
    ws: Workspace, decision: str
) -> None:
    ws.discard()
    data = ws.data_dir
    add_municipality(ws, "4631")
    try:
        join(ws, "alver", "samarbeidsavtale-2022", date(2025, 11, 1), decision)
    except UsageError as exc:
        assert "control characters" in str(exc) or "empty" in str(exc)
        return
    rel = "agreements/samarbeidsavtale-2022.yaml"
    doc = load_bytes(ws.changes()[rel].encode("utf-8"), data / rel, rel)
    assert doc.data["parties"][-1] == {"org": "alver", "joined": "2025-11-01", "decision": decision}
