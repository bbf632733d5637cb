"""The write framework: round-trip documents, the overlay source, judging and writing."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from ruamel.yaml.comments import CommentedMap

from digictl.author import OverlaySource, Workspace, yamldoc
from digictl.author.people import add_person
from digictl.errors import DigictlError, InputError, UsageError
from digictl.load.dataset import DirectorySource
from tests.author.conftest import snapshot
from tests.conftest import ROOT

DAY = date(2025, 3, 1)


@pytest.mark.parametrize(
    "path", sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*.yaml"))
)
def test_every_example_file_round_trips_byte_for_byte(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    assert yamldoc.dump(yamldoc.load(text, path)) == text


def test_put_follows_the_contract_order() -> None:
    m = yamldoc.load("person: kari  # who\nseat: x\nfrom: 2025-01-01\nappointed_by: D-1\n", "f")
    yamldoc.put(m, "member", "until", date(2025, 12, 31))
    yamldoc.put(m, "member", "role", "chair")
    yamldoc.put(m, "member", "seat", "y")
    assert yamldoc.dump(m) == (
        "person: kari  # who\nseat: y\nrole: chair\nfrom: 2025-01-01\nuntil: 2025-12-31\n"
        "appointed_by: D-1\n"
    )


def test_new_map_orders_keys_and_drops_none() -> None:
    m = yamldoc.new_map("person", {"email": None, "org": "o", "name": "N", "id": "i"})
    assert yamldoc.dump(m) == "id: i\nname: N\norg: o\n"


def test_codes_are_double_quoted() -> None:
    m = CommentedMap()
    m["kommunenummer"] = yamldoc.code("0301")
    assert yamldoc.dump(m) == 'kommunenummer: "0301"\n'


def test_a_broken_file_is_named_with_its_line(data: Path) -> None:
    (data / "people/astrid-nordvik.yaml").write_text("id: x\nname: [unclosed\n")
    ws = Workspace(data)
    with pytest.raises(InputError, match=r"data/people/astrid-nordvik.yaml:\d+: .*not valid YAML"):
        ws.edit("people/astrid-nordvik.yaml")


def test_overlay_source_reads_new_bytes_over_the_directory(data: Path) -> None:
    base = DirectorySource(data)
    overlay = OverlaySource(base, {"people/new.yaml": b"id: new\n", "network.yaml": b"x: 1\n"})
    assert "people/new.yaml" in overlay.files()
    assert overlay.read("network.yaml") == b"x: 1\n"
    assert overlay.read("people/astrid-nordvik.yaml") == base.read("people/astrid-nordvik.yaml")
    assert overlay.label == base.label == "data"


def test_a_schema_breaking_change_is_refused_unless_forced(data: Path) -> None:
    ws = Workspace(data)
    ws.edit("people/astrid-nordvik.yaml")["nmae"] = "typo"
    before = snapshot(data)
    outcome = ws.commit(DAY)
    assert outcome.refused and outcome.exit_code == 1 and not outcome.written
    assert [f.rule for f in outcome.review.introduced] == ["schema"]
    assert snapshot(data) == before
    forced = ws.commit(DAY, force=True)
    assert forced.exit_code == 0 and forced.written == ["data/people/astrid-nordvik.yaml"]
    assert "nmae: typo" in (data / "people/astrid-nordvik.yaml").read_text()


def test_skipped_rules_do_not_refuse(data: Path) -> None:
    ws = Workspace(data)
    ws.edit("people/astrid-nordvik.yaml")["nmae"] = "typo"
    assert not ws.commit(DAY, skip=("schema",), dry_run=True).refused


def test_nothing_to_change_is_a_usage_error(data: Path) -> None:
    ws = Workspace(data)
    ws.edit("people/astrid-nordvik.yaml")
    with pytest.raises(UsageError, match="nothing to change"):
        ws.commit(DAY)


def test_dry_run_has_the_unified_diff_and_writes_nothing(data: Path) -> None:
    ws = Workspace(data)
    add_person(ws, "kari", "Kari", "verdal")
    before = snapshot(data)
    outcome = ws.commit(DAY, dry_run=True)
    assert snapshot(data) == before
    assert outcome.diff.splitlines()[:3] == [
        "--- /dev/null",
        "+++ b/data/people/kari.yaml",
        "@@ -0,0 +1,3 @@",
    ]


def test_a_file_that_is_a_link_is_never_written_through(data: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: outside\n")
    ws = Workspace(data)
    add_person(ws, "kari", "Kari", "verdal")
    os.symlink(outside, data / "people/kari.yaml")  # appears after the change was made
    with pytest.raises(DigictlError, match="link"):
        ws.commit(DAY)
    assert outside.read_text() == "id: outside\n"


def test_a_folder_that_is_a_link_is_never_written_through(data: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    ws = Workspace(data)
    ws.create("years/2030.yaml", yamldoc.new_map("year", {"year": 2030}))
    (data / "years").rename(tmp_path / "years-moved")
    os.symlink(elsewhere, data / "years")
    with pytest.raises(DigictlError, match="link"):
        ws.commit(DAY)
    assert list(elsewhere.iterdir()) == []


def test_created_ids_count_as_known(data: Path) -> None:
    from digictl.author.members import appoint

    ws = Workspace(data)
    add_person(ws, "kari", "Kari", "verdal")
    ws.edit("bodies/programstyret.yaml")
    appoint(ws, "kari", "programstyret", "regional", DAY, "PF-2024-04")
    assert set(ws.changes()) == {"people/kari.yaml", "bodies/programstyret.yaml"}


def test_appending_to_an_empty_flow_list_writes_block_items(data: Path) -> None:
    from digictl.author.members import appoint

    rel = "bodies/programstyret.yaml"
    text = (data / rel).read_text()
    (data / rel).write_text(text[: text.index("members:")] + "members: []  # none yet\n")
    ws = Workspace(data)
    appoint(ws, "siri-haugan", "programstyret", "regional", DAY, "PF-2024-04")
    lines = ws.changes()[rel].splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("members:"))
    assert lines[at].split() == ["members:", "#", "none", "yet"]  # the comment stays
    assert lines[at + 1 :] == [
        "  - person: siri-haugan",
        "    seat: regional",
        "    role: member",
        "    from: 2025-03-01",
        "    appointed_by: PF-2024-04",
    ]


def test_new_files_get_inits_schema_line_where_init_put_the_schemas(data: Path) -> None:
    schemas = data.parent / ".digictl" / "schemas"
    schemas.mkdir(parents=True)
    (schemas / "person.schema.json").write_text("{}")
    ws = Workspace(data)
    add_person(ws, "kari", "Kari", "verdal")
    assert ws.changes()["people/kari.yaml"] == (
        "# yaml-language-server: $schema=../../.digictl/schemas/person.schema.json\n"
        "id: kari\nname: Kari\norg: verdal\n"
    )


def test_an_oversized_file_is_not_edited(data: Path) -> None:
    from digictl.load.loader import MAX_BYTES

    (data / "people/astrid-nordvik.yaml").write_bytes(b"# x\n" * (MAX_BYTES // 4 + 1))
    with pytest.raises(InputError, match=r"astrid-nordvik\.yaml"):
        Workspace(data).edit("people/astrid-nordvik.yaml")


@pytest.mark.parametrize(("bom", "newline"), [(False, "\r\n"), (True, "\n"), (True, "\r\n")])
def test_a_file_keeps_its_line_endings_and_byte_order_mark(
    data: Path, bom: bool, newline: str
) -> None:
    """A file saved on Windows (CRLF, a BOM) changes only in the lines the command adds."""
    rel = "people/astrid-nordvik.yaml"
    text = (data / rel).read_text(encoding="utf-8")
    original = ("\ufeff" if bom else "") + text.replace("\n", newline)
    (data / rel).write_bytes(original.encode("utf-8"))
    ws = Workspace(data)
    yamldoc.put(ws.edit(rel), "person", "title", "rådgiver")
    outcome = ws.commit(DAY)
    assert outcome.exit_code == 0
    after = (data / rel).read_bytes().decode("utf-8")
    assert after.startswith("\ufeff") is bom
    assert after.count("\r\n") == (after.count("\n") if newline == "\r\n" else 0)
    before_lines = original.removeprefix("\ufeff").split(newline)
    after_lines = after.removeprefix("\ufeff").split(newline)
    assert [line for line in after_lines if line not in before_lines] == ["title: rådgiver"]
