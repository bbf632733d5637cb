"""`digictl log ENTITY`: the audit trail of one entity (DESIGN §6)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import AS_OF, Invoke, one_line
from tests.test_gitrepo import FELLES, GIT_ENV, LAST_MILESTONE, NEW_MILESTONE, Scratch, inside_git

BOARD = "bodies/styringsgruppa.yaml"


@pytest.fixture(autouse=True)
def _git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


class Trail:
    """A repository with a known history of felles-arkiv and commits that do not touch it."""

    def __init__(self, root: Path) -> None:
        s = self.s = Scratch(root)
        self.created = s.base
        self.created_day = s.day
        s.replace(FELLES, "total: 1000000", "total: 1200000")
        s.replace(FELLES, "      amount: 600000", "      amount: 800000")
        self.budget = s.commit("Auka budsjett for felles arkiv", author="Per Budsjett")
        self.budget_day = s.day
        s.replace("projects/ideverksted.yaml", "status: proposed", "status: rejected")
        self.other = s.commit("Idéverkstaden avslått", author="Ola Annan")
        s.replace(
            BOARD,
            "  - person: anders-ask\n    seat: regional\n    from: 2023-01-01\n",
            "  - person: anders-ask\n    seat: regional\n    from: 2023-01-01\n"
            "    until: 2023-06-30\n",
        )
        self.board = s.commit("Anders går ut", author="Ola Annan")
        s.replace(FELLES, LAST_MILESTONE, NEW_MILESTONE)
        self.milestone = s.commit("Ny milepæl", author="Kari Milepæl")
        self.milestone_day = s.day


@pytest.fixture
def trail(tmp_path: Path) -> Trail:
    return Trail(tmp_path / "repo")


def log_json(cli: Invoke, t: Trail, entity: str, *pre: str) -> dict[str, Any]:
    result = cli("--as-of", AS_OF, "--data", t.s.data, *pre, "log", entity, "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_log_json_lists_the_commits_newest_first(cli: Invoke, trail: Trail) -> None:
    doc = log_json(cli, trail, "project:felles-arkiv")
    assert set(doc) == {"version", "entity", "commits"}
    assert doc["version"] == 1
    assert doc["entity"] == "project:felles-arkiv"
    commits = doc["commits"]
    for c in commits:
        assert set(c) == {"commit", "author", "date", "summary", "changes"}
    assert [c["commit"] for c in commits] == [trail.milestone, trail.budget, trail.created]
    assert [c["author"] for c in commits] == ["Kari Milepæl", "Per Budsjett", "Tester T"]
    assert [c["date"] for c in commits] == [
        trail.milestone_day,
        trail.budget_day,
        trail.created_day,
    ]
    assert [c["summary"] for c in commits] == [
        "Ny milepæl",
        "Auka budsjett for felles arkiv",
        "base partnership",
    ]
    assert commits[0]["changes"] == ["new milestone 'Evaluering' of `felles-arkiv` due 31 May 2024"]
    assert commits[1]["changes"][0] == "`felles-arkiv` budget 1 000 000 kr → 1 200 000 kr"
    assert commits[2]["changes"] == ["project `felles-arkiv` is created"]


def test_log_table_shows_authors_and_governance_summaries(cli: Invoke, trail: Trail) -> None:
    result = cli("--as-of", AS_OF, "--data", trail.s.data, "log", "project:felles-arkiv")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for author in ("Kari Milepæl", "Per Budsjett", "Tester T"):
        assert author in out
    assert "Ola Annan" not in out
    assert "new milestone 'Evaluering'" in out
    assert "budget 1 000 000 kr → 1 200 000 kr" in out
    assert "is created" in out
    # newest first
    positions = [out.index(sha[:10]) for sha in (trail.milestone, trail.budget, trail.created)]
    assert positions == sorted(positions)
    assert trail.other[:10] not in out


def test_log_by_bare_id(cli: Invoke, trail: Trail) -> None:
    doc = log_json(cli, trail, "felles-arkiv")
    assert [c["commit"] for c in doc["commits"]] == [trail.milestone, trail.budget, trail.created]


def test_log_of_a_body_says_who_leaves(cli: Invoke, trail: Trail) -> None:
    doc = log_json(cli, trail, "body:styringsgruppa")
    assert [c["commit"] for c in doc["commits"]] == [trail.board, trail.created]
    assert doc["commits"][0]["changes"] == [
        "`anders-ask` leaves `styringsgruppa` (seat `regional`) on 30 June 2023"
    ]


def test_log_of_the_network(cli: Invoke, trail: Trail) -> None:
    trail.s.replace("network.yaml", "name: Digi Testland", "name: Digi Testland 2")
    changed = trail.s.commit("Nytt namn")
    doc = log_json(cli, trail, "network:testnett")
    assert [c["commit"] for c in doc["commits"]] == [changed, trail.created]
    assert doc["commits"][0]["changes"] == ["`testnett` name: Digi Testland → Digi Testland 2"]


def test_log_of_the_network_by_its_entity_name(cli: Invoke, trail: Trail) -> None:
    # diff and validate name the network's entity `network`; log takes that name too
    trail.s.replace("network.yaml", "name: Digi Testland", "name: Digi Testland 2")
    changed = trail.s.commit("Nytt namn")
    assert [c["commit"] for c in log_json(cli, trail, "network")["commits"]] == [
        changed,
        trail.created,
    ]


def test_log_at_an_older_revision(cli: Invoke, trail: Trail) -> None:
    doc = log_json(cli, trail, "project:felles-arkiv", "--at", "HEAD~1")
    assert [c["commit"] for c in doc["commits"]] == [trail.budget, trail.created]


def test_log_of_a_deleted_entity(cli: Invoke, trail: Trail) -> None:
    trail.s.delete("projects/ideverksted.yaml")
    gone = trail.s.commit("Idéverkstaden fjerna")
    doc = log_json(cli, trail, "project:ideverksted")
    assert [c["commit"] for c in doc["commits"]] == [gone, trail.other, trail.created]
    assert doc["commits"][0]["changes"] == ["project `ideverksted` is deleted"]
    assert doc["commits"][1]["changes"] == ["`ideverksted` status proposed → rejected"]


def test_log_of_a_renamed_project_stops_at_the_rename(cli: Invoke, trail: Trail) -> None:
    trail.s.git("mv", f"data/{FELLES}", "data/projects/felles-sak-arkiv.yaml")
    trail.s.replace("projects/felles-sak-arkiv.yaml", "id: felles-arkiv", "id: felles-sak-arkiv")
    renamed = trail.s.commit("Nytt namn på prosjektet")
    new = log_json(cli, trail, "project:felles-sak-arkiv")
    assert [c["commit"] for c in new["commits"]] == [renamed]
    assert new["commits"][0]["changes"] == ["project `felles-sak-arkiv` is created"]
    old = log_json(cli, trail, "project:felles-arkiv")
    assert old["commits"][0]["commit"] == renamed
    assert old["commits"][0]["changes"] == ["project `felles-arkiv` is deleted"]


def test_ambiguous_entity_exits_2(cli: Invoke, trail: Trail) -> None:
    trail.s.write("people/askoy.yaml", "id: askoy\nname: Askøy Person\norg: askoy\n")
    trail.s.commit("a person called askoy")
    result = cli("--as-of", AS_OF, "--data", trail.s.data, "log", "askoy")
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert "ambiguous" in line
    assert "`organisation:askoy`" in line
    assert "`person:askoy`" in line
    assert result.stdout == ""
    # naming the kind settles it
    assert len(log_json(cli, trail, "organisation:askoy")["commits"]) == 1


@pytest.mark.parametrize(
    "entity",
    [
        "nosuch",
        "project:nosuch",
        "bogus:felles-arkiv",
        "projekt:felles-arkiv",
        "project:../network",  # not a project: a path out of projects/
        "project:",
    ],
)
def test_unknown_entity_exits_2(cli: Invoke, trail: Trail, entity: str) -> None:
    result = cli("--as-of", AS_OF, "--data", trail.s.data, "log", entity)
    assert result.exit_code == 2, result.stdout
    assert one_line(result.stderr).startswith("digictl: error: ")
    assert result.stdout == ""


def test_unknown_kind_suggests_the_right_one(cli: Invoke, trail: Trail) -> None:
    result = cli("--as-of", AS_OF, "--data", trail.s.data, "log", "projekt:felles-arkiv")
    assert "`project`" in one_line(result.stderr)


def test_log_at_unknown_revision_exits_2(cli: Invoke, trail: Trail) -> None:
    result = cli("--as-of", AS_OF, "--data", trail.s.data, "--at", "nosuch", "log", "felles-arkiv")
    assert result.exit_code == 2
    assert "nosuch" in one_line(result.stderr)


def test_log_outside_git(cli: Invoke, base_data: Path) -> None:
    if inside_git(base_data):
        pytest.skip("the temporary directory is inside a git repository")
    result = cli("--as-of", AS_OF, "--data", base_data, "log", "project:felles-arkiv")
    assert result.exit_code == 2
    assert "not inside a git repository" in one_line(result.stderr)


def _git_commands(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The git commands digictl starts (the word after git's own options), as they start."""
    from digictl.history import gitrepo

    seen: list[str] = []
    run = gitrepo._run

    def spy(argv: list[str], *args: Any, **kwargs: Any) -> Any:
        words = [a for a in argv[1:] if not a.startswith("-")]
        values = {argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "-c"}
        seen.append(next(w for w in words if w not in values))
        return run(argv, *args, **kwargs)

    monkeypatch.setattr(gitrepo, "_run", spy)
    return seen


def test_log_reads_history_in_bulk(
    cli: Invoke, trail: Trail, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _git_commands(monkeypatch)
    log_json(cli, trail, "felles-arkiv")  # every kind's file is a candidate: one log still
    assert seen.count("log") == 1
    assert seen.count("cat-file") == 1
    assert "rev-list" not in seen


def test_log_of_a_merge_shows_what_it_changed_against_the_first_parent(
    cli: Invoke, trail: Trail
) -> None:
    s = trail.s
    s.git("checkout", "-q", "-b", "side", trail.budget)
    s.replace(FELLES, "total: 1200000", "total: 1300000")
    side = s.commit("Sidegrein", author="Sara Side")
    s.git("checkout", "-q", "main")
    s.git("merge", "-q", "--no-ff", "-s", "ours", "-m", "Merge side", side)
    s.replace(FELLES, "total: 1200000", "total: 1400000")
    s.git("add", "-A")
    s.git("commit", "-q", "--amend", "--no-edit")  # an evil merge: it changes the file itself
    merge = s.git("rev-parse", "HEAD").strip()
    commits = log_json(cli, trail, "project:felles-arkiv")["commits"]
    assert [c["commit"] for c in commits][:1] == [merge]
    assert side in [c["commit"] for c in commits]
    assert any("1 400 000" in change for change in commits[0]["changes"])


def test_the_repository_configuration_does_not_change_the_log(cli: Invoke, trail: Trail) -> None:
    before = log_json(cli, trail, "project:felles-arkiv")
    for setting in (
        "log.follow=true",
        "diff.renames=copies",
        "log.showRoot=false",
        "color.ui=always",
    ):
        trail.s.git("config", *setting.split("="))
    assert log_json(cli, trail, "project:felles-arkiv") == before


def test_each_version_is_parsed_once(
    cli: Invoke, trail: Trail, monkeypatch: pytest.MonkeyPatch
) -> None:
    from digictl.load import loader

    texts: list[str] = []
    parse = loader.parse

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        texts.append(text)
        return parse(text, *args, **kwargs)

    from digictl.history import audit

    monkeypatch.setattr(loader, "parse", counting)
    monkeypatch.setattr(audit, "parse", counting)
    first = log_json(cli, trail, "project:felles-arkiv")
    assert texts and len(texts) == len(set(texts)) == len(first["commits"])  # 3 versions
