"""The structural diff of entities and its governance sentences (digictl.history.changes)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from digictl.history.changes import FieldChange, describe, diff_values, entity_changes, item_label
from digictl.load.dataset import DirectorySource, read_dataset
from digictl.load.loader import load_bytes
from tests.conftest import BASE


def load(rel: str, root: Path = BASE) -> dict[str, Any]:
    path = root / rel
    return load_bytes(path.read_bytes(), Path(rel), f"data/{rel}").data


def loaded(text: str) -> dict[str, Any]:
    return load_bytes(text.encode("utf-8"), Path("x.yaml"), "data/x.yaml").data


# --- diff_values --------------------------------------------------------------------------


def test_equal_values_are_no_change() -> None:
    body = load("bodies/styringsgruppa.yaml")
    assert diff_values(body, load("bodies/styringsgruppa.yaml")) == []


def test_reordered_list_of_keyed_items_is_no_change() -> None:
    body = load("bodies/styringsgruppa.yaml")
    shuffled = {**body, "members": list(reversed(body["members"]))}
    assert shuffled["members"] != body["members"]
    assert diff_values(body, shuffled) == []


def test_reordered_parties_and_milestones_are_no_change() -> None:
    agreement = load("agreements/avtale-2021.yaml")
    assert diff_values(agreement, {**agreement, "parties": agreement["parties"][::-1]}) == []
    project = load("projects/felles-arkiv.yaml")
    assert diff_values(project, {**project, "milestones": project["milestones"][::-1]}) == []


def test_scalar_lists_compare_as_sets() -> None:
    before = {"participants": ["askoy", "alver", "bergen"]}
    assert diff_values(before, {"participants": ["bergen", "askoy", "alver"]}) == []
    assert diff_values(before, {"participants": ["bergen", "askoy", "alver", "bjornafjorden"]}) == [
        FieldChange(("participants",), None, "bjornafjorden")
    ]
    assert diff_values(before, {"participants": ["askoy", "bergen"]}) == [
        FieldChange(("participants",), "alver", None)
    ]
    assert diff_values(before, {"participants": ["askoy", "bergen", "alver", "alver"]}) == []


def test_a_field_inside_a_keyed_item_is_addressed_by_its_label() -> None:
    body = load("bodies/styringsgruppa.yaml")
    after = loaded(
        (BASE / "bodies/styringsgruppa.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "  - person: anders-ask\n    seat: regional\n    from: 2023-01-01\n",
            "  - person: anders-ask\n    seat: regional\n    from: 2023-01-01\n"
            "    until: 2023-06-30\n",
        )
    )
    assert diff_values(body, after) == [
        FieldChange(("members", "anders-ask/regional/2023-01-01", "until"), None, "2023-06-30")
    ]


def test_added_and_removed_items_are_whole_items() -> None:
    before = {"members": [{"person": "a", "seat": "s", "from": "2021-01-01"}]}
    new = {"person": "b", "seat": "s", "from": "2022-01-01"}
    assert diff_values(before, {"members": [*before["members"], new]}) == [
        FieldChange(("members", "b/s/2022-01-01"), None, new)
    ]
    assert diff_values(before, {"members": []}) == [
        FieldChange(("members", "a/s/2021-01-01"), before["members"][0], None)
    ]


def test_a_new_term_of_the_same_person_is_a_new_item() -> None:
    # reappointment: same person and seat, another start
    before = {"members": [{"person": "a", "seat": "s", "from": "2021-01-01"}]}
    after = {"members": [{"person": "a", "seat": "s", "from": "2023-01-01"}]}
    changes = diff_values(before, after)
    assert [(c.path, c.before is None, c.after is None) for c in changes] == [
        (("members", "a/s/2021-01-01"), False, True),
        (("members", "a/s/2023-01-01"), True, False),
    ]


def test_mapping_keys_added_removed_changed() -> None:
    before = {"status": "active", "end": "2024-06-30", "budget": {"total": 1}}
    after = {"status": "completed", "budget": {"total": 1, "decision": "SG-1"}, "manager": "x"}
    assert diff_values(before, after) == [
        FieldChange(("status",), "active", "completed"),
        FieldChange(("end",), "2024-06-30", None),
        FieldChange(("budget", "decision"), None, "SG-1"),
        FieldChange(("manager",), None, "x"),
    ]


def test_numbers_compare_by_value() -> None:
    before = loaded("budget:\n  total: 1000000\n")
    assert diff_values(before, loaded("budget:\n  total: 1000000\n")) == []
    [change] = diff_values(before, loaded("budget:\n  total: 1200000\n"))
    assert change.path == ("budget", "total")
    assert (int(change.before), int(change.after)) == (1_000_000, 1_200_000)


def test_item_label() -> None:
    assert (
        item_label("members", {"person": "p", "seat": "s", "from": "2021-01-01"}, 3)
        == "p/s/2021-01-01"
    )
    assert item_label("parties", {"org": "askoy", "joined": "2021-01-01"}, 0) == "askoy/2021-01-01"
    assert item_label("financing", {"source": "digifin", "amount": 1}, 1) == "digifin"
    assert item_label("unknown", {"a": 1}, 4) == "#4"
    assert item_label("members", {"role": "x"}, 2) == "#2"


# --- describe: one governance sentence per change ------------------------------------------------


def test_describe_party_leaves() -> None:
    agreement = load("agreements/avtale-2021.yaml")
    f = FieldChange(("parties", "askoy/2021-01-01", "left"), None, "2023-12-31")
    assert describe("agreement", "avtale-2021", agreement, f) == (
        "`askoy` leaves the agreement `avtale-2021` on 31 December 2023"
    )


def test_describe_party_accedes_and_is_removed() -> None:
    agreement = load("agreements/avtale-2021.yaml")
    party = {"org": "voss", "joined": "2024-01-01", "decision": "K-sak 1/24"}
    assert describe(
        "agreement",
        "avtale-2021",
        agreement,
        FieldChange(("parties", "voss/2024-01-01"), None, party),
    ) == ("`voss` accedes to `avtale-2021` from 1 January 2024 (K-sak 1/24)")
    old = agreement["parties"][3]
    assert (
        describe(
            "agreement",
            "avtale-2021",
            agreement,
            FieldChange(("parties", "bjornafjorden/2021-01-01"), old, None),
        )
        == "`bjornafjorden` is removed from the parties of `avtale-2021`"
    )


def test_describe_agreement_terms_and_amendment() -> None:
    agreement = load("agreements/avtale-2021.yaml")
    assert describe(
        "agreement", "avtale-2021", agreement, FieldChange(("until",), "2024-12-31", "2025-12-31")
    ) == ("`avtale-2021` now ends on 31 December 2025 (was 31 December 2024)")
    amendment = {"id": "endring-2", "date": "2023-06-01", "summary": "Forlenga"}
    assert (
        describe(
            "agreement",
            "avtale-2021",
            agreement,
            FieldChange(("amendments", "endring-2"), None, amendment),
        )
        == "amendment `endring-2` of `avtale-2021` on 1 June 2023: Forlenga"
    )


@pytest.mark.parametrize(
    ("start", "term_end"),
    [
        ("2023-07-01", "30 June 2025"),
        (
            "2024-02-29",
            "28 February 2026",
        ),  # anniversary of 29 February in a common year is 1 March
        ("2023-01-01", "31 December 2024"),
    ],
)
def test_describe_new_member_with_term_end(start: str, term_end: str) -> None:
    body = load("bodies/styringsgruppa.yaml")  # term_years: 2
    member = {"person": "bjorn-fjord", "seat": "regional", "from": start}
    f = FieldChange(("members", f"bjorn-fjord/regional/{start}"), None, member)
    assert describe("body", "styringsgruppa", body, f) == (
        f"new member `bjorn-fjord` on `styringsgruppa`, seat `regional`, term to {term_end}"
    )


def test_describe_new_member_term_from_the_member_or_the_body() -> None:
    body = {"term_years": 3, "seats": [{"id": "regional"}]}
    member = {"person": "p", "seat": "regional", "from": "2021-03-01"}
    f = FieldChange(("members", "p/regional/2021-03-01"), None, member)
    # DESIGN §5: 2021-03-01 + 3 years ends 2024-02-29
    assert (
        describe("body", "b", body, f)
        == "new member `p` on `b`, seat `regional`, term to 29 February 2024"
    )
    own = {**member, "term_years": 4}
    assert describe("body", "b", body, FieldChange(f.path, None, own)).endswith(
        "term to 28 February 2025"
    )
    assert describe("body", "b", {"seats": [{"id": "regional"}]}, f) == (
        "new member `p` on `b`, seat `regional`, from 1 March 2021"
    )


def test_describe_new_member_on_a_permanent_seat_has_no_term() -> None:
    body = load("bodies/styringsgruppa.yaml")
    member = {"person": "kari-ks", "seat": "ks", "from": "2023-07-01"}
    f = FieldChange(("members", "kari-ks/ks/2023-07-01"), None, member)
    assert describe("body", "styringsgruppa", body, f) == (
        "new member `kari-ks` on `styringsgruppa`, seat `ks`, from 1 July 2023"
    )


def test_describe_member_leaves_and_member_deleted() -> None:
    body = load("bodies/styringsgruppa.yaml")
    ends = FieldChange(("members", "anders-ask/regional/2023-01-01", "until"), None, "2023-06-30")
    assert describe("body", "styringsgruppa", body, ends) == (
        "`anders-ask` leaves `styringsgruppa` (seat `regional`) on 30 June 2023"
    )
    old = {"person": "bjorn-fjord", "seat": "regional", "from": "2021-01-01", "until": "2022-06-30"}
    deleted = FieldChange(("members", "bjorn-fjord/regional/2021-01-01"), old, None)
    assert describe("body", "styringsgruppa", body, deleted) == (
        "the entry of `bjorn-fjord` on `styringsgruppa` (seat `regional`, from 1 January 2021) "
        "is deleted"
    )


def test_describe_budget_in_kroner() -> None:
    project = load("projects/felles-arkiv.yaml")
    f = FieldChange(("budget", "total"), 1_000_000, 1_200_000)
    assert describe("project", "felles-arkiv", project, f) == (
        "`felles-arkiv` budget 1 000 000 kr → 1 200 000 kr"
    )


def test_describe_budget_from_loaded_numbers() -> None:
    [f] = diff_values(loaded("budget:\n  total: 1000000\n"), loaded("budget:\n  total: 1200000\n"))
    assert (
        describe("project", "felles-arkiv", {}, f)
        == "`felles-arkiv` budget 1 000 000 kr → 1 200 000 kr"
    )


def test_describe_project_changes() -> None:
    project = load("projects/felles-arkiv.yaml")
    cases = [
        (
            FieldChange(("status",), "active", "completed"),
            "`felles-arkiv` status active → completed",
        ),
        (
            FieldChange(("owner",), "askoy", "alver"),
            "`felles-arkiv` changes owner from `askoy` to `alver`",
        ),
        (
            FieldChange(
                ("milestones", "Evaluering"), None, {"name": "Evaluering", "due": "2024-05-31"}
            ),
            "new milestone 'Evaluering' of `felles-arkiv` due 31 May 2024",
        ),
        (
            FieldChange(("milestones", "Innføring i alle kommunane", "done"), None, "2024-02-20"),
            "milestone 'Innføring i alle kommunane' of `felles-arkiv` done on 20 February 2024",
        ),
        (
            FieldChange(("budget", "decision"), "SG-2021-03", None),
            "`felles-arkiv` loses its budget decision `SG-2021-03`",
        ),
        (
            FieldChange(("mandate", "decision"), "SG-2021-02", None),
            "`felles-arkiv` loses its mandate decision `SG-2021-02`",
        ),
    ]
    for change, sentence in cases:
        assert describe("project", "felles-arkiv", project, change) == sentence


def test_describe_decisions() -> None:
    meeting = load("meetings/2023-06-05-styringsgruppa.yaml")
    decision = {
        "id": "SG-2023-04",
        "title": "Statusrapport for porteføljen",
        "outcome": "consensus",
    }
    assert (
        describe(
            "meeting",
            "2023-06-05-styringsgruppa",
            meeting,
            FieldChange(("decisions", "SG-2023-04"), decision, None),
        )
        == "decision removed: `SG-2023-04` Statusrapport for porteføljen"
    )
    assert (
        describe(
            "meeting",
            "2023-06-05-styringsgruppa",
            meeting,
            FieldChange(("decisions", "SG-2023-04"), None, decision),
        )
        == "new decision `SG-2023-04` Statusrapport for porteføljen"
    )


def test_describe_year_approval() -> None:
    year = load("years/2023.yaml")
    assert describe(
        "year", "2023", year, FieldChange(("annual_report", "decision"), None, "SG-2024-01")
    ) == ("annual report 2023 approved by `SG-2024-01`")
    assert describe(
        "year", "2023", year, FieldChange(("annual_plan", "decision"), "SG-2023-03", None)
    ) == ("annual plan 2023 loses its approval `SG-2023-03`")


def test_describe_generic_fallbacks() -> None:
    assert describe(
        "person", "berit-berg", {}, FieldChange(("title",), "rådmann", "kommunedirektør")
    ) == ("`berit-berg` title: rådmann → kommunedirektør")
    assert describe("person", "berit-berg", {}, FieldChange(("phone",), None, "55 55 55 55")) == (
        "`berit-berg` phone: 55 55 55 55 added"
    )
    assert describe("person", "berit-berg", {}, FieldChange(("email",), "b@example.org", None)) == (
        "`berit-berg` email: b@example.org removed"
    )


# --- entity_changes over two data directories -----------------------------------------------------


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    before, after = tmp_path / "before" / "data", tmp_path / "after" / "data"
    shutil.copytree(BASE, before)
    shutil.copytree(BASE, after)
    return before, after


def changes_between(before: Path, after: Path) -> list[Any]:
    return entity_changes(
        read_dataset(DirectorySource(before)), read_dataset(DirectorySource(after))
    )


def test_no_change_between_equal_directories(pair: tuple[Path, Path]) -> None:
    assert changes_between(*pair) == []


def test_reordered_file_is_no_change(pair: tuple[Path, Path]) -> None:
    before, after = pair
    body = after / "bodies/ressursgruppa.yaml"
    text = body.read_text(encoding="utf-8")
    rita = "  - person: rita-ressurs\n    seat: medlem\n    from: 2021-03-01\n"
    rolf = "  - person: rolf-ressurs\n    seat: medlem\n    from: 2021-03-01\n"
    assert rita + rolf in text
    body.write_text(text.replace(rita + rolf, rolf + rita), encoding="utf-8")
    assert changes_between(before, after) == []


def test_renamed_project_is_removed_and_added(pair: tuple[Path, Path]) -> None:
    before, after = pair
    old = after / "projects/felles-arkiv.yaml"
    text = old.read_text(encoding="utf-8").replace("id: felles-arkiv", "id: felles-sak-arkiv")
    old.unlink()
    (after / "projects/felles-sak-arkiv.yaml").write_text(text, encoding="utf-8")
    changes = changes_between(before, after)
    assert [(c.entity, c.change, c.file) for c in changes] == [
        ("project:felles-arkiv", "removed", "data/projects/felles-arkiv.yaml"),
        ("project:felles-sak-arkiv", "added", "data/projects/felles-sak-arkiv.yaml"),
    ]
    assert changes[0].sentences == ["project `felles-arkiv` is removed"]
    assert changes[1].sentences == [
        "new project `felles-sak-arkiv` (active, owner `askoy`, budget 1 000 000 kr)"
    ]


def test_changed_entity_points_at_the_changed_line(pair: tuple[Path, Path]) -> None:
    before, after = pair
    path = after / "projects/felles-arkiv.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("total: 1000000", "total: 1200000"), encoding="utf-8")
    [change] = changes_between(before, after)
    assert change.entity == "project:felles-arkiv"
    assert change.change == "changed"
    assert change.line == text.splitlines().index("  total: 1000000") + 1
    assert change.sentences == ["`felles-arkiv` budget 1 000 000 kr → 1 200 000 kr"]
    assert change.as_dict()["fields"] == [
        {"path": "budget.total", "before": 1000000, "after": 1200000}
    ]


def test_new_member_line_and_sentence(pair: tuple[Path, Path]) -> None:
    before, after = pair
    path = after / "bodies/styringsgruppa.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "  - person: kari-ks\n"
    new = "  - person: rita-ressurs\n    seat: regional\n    from: 2023-07-01\n"
    path.write_text(text.replace(anchor, new + anchor), encoding="utf-8")
    [change] = changes_between(before, after)
    assert change.sentences == [
        "new member `rita-ressurs` on `styringsgruppa`, seat `regional`, term to 30 June 2025"
    ]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert change.line == lines.index("  - person: rita-ressurs") + 1


def test_new_meeting_lists_its_decisions(pair: tuple[Path, Path]) -> None:
    before, after = pair
    (after / "meetings/2023-09-18-styringsgruppa.yaml").write_text(
        "body: styringsgruppa\ndate: 2023-09-18\ndecisions:\n"
        "  - id: SG-2023-05\n    title: Budsjett 2024\n    outcome: consensus\n",
        encoding="utf-8",
    )
    [change] = changes_between(before, after)
    assert (change.entity, change.change) == ("meeting:2023-09-18-styringsgruppa", "added")
    assert change.sentences == ["`styringsgruppa` meets on 18 September 2023: `SG-2023-05`"]
