"""Every command people read, in bokmål, nynorsk and English (issue "Norsk først").

Each output is saved per language in tests/cli/snapshots/lang/; rewrite them with
``DIGICTL_UPDATE_SNAPSHOTS=1 pytest tests/cli/test_languages.py`` and review the diff.
Beyond the snapshots, a Norwegian output must hold no sentence of the English catalogue
(``english_left``): a message that is not translated, or bypasses the catalogue, fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digictl import __version__, catalogues
from digictl.cli import app
from tests.cli.conftest import ROOT
from tests.snapshots import check_snapshot
from tests.test_gitrepo import (
    BUDGET_DECISION,
    FELLES,
    GIT_ENV,
    LAST_MILESTONE,
    NEW_MILESTONE,
    Scratch,
)

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots" / "lang"
LANGS = ("nb", "nn", "en")
LATE = "2028-06-01"  # data/ has findings of most rule families by then
NOW = "2026-11-21"

# a YAML error and a schema error beside data/'s files: the load's messages
BROKEN = {
    "people/ola-brokk.yaml": "id: ola-brokk\nname: [Ola Brokk\n",
    "projects/halvferdig.yaml": "id: halvferdig\nname: Halvferdig\nstatus: kanskje\nowner: 7\n",
}

# name -> (arguments after --lang, whether the data has the broken files)
RUNS: dict[str, tuple[list[str], bool]] = {
    "validate.txt": (["--as-of", LATE, "validate"], True),
    "validate.json": (["--as-of", LATE, "validate", "--format", "json"], True),
    "validate.github": (["--as-of", LATE, "validate", "--format", "github"], True),
    "validate.junit": (["--as-of", LATE, "validate", "--format", "junit"], True),
    "status.txt": (["--as-of", NOW, "status"], False),
    "deadlines.txt": (["--as-of", NOW, "deadlines"], False),
    "deadlines.md": (["--as-of", NOW, "deadlines", "--format", "md"], False),
    "deadlines.ics": (["--as-of", NOW, "deadlines", "--format", "ics"], False),
    "board.txt": (["--as-of", NOW, "board"], False),
    "portfolio.txt": (["--as-of", NOW, "portfolio"], False),
    "rules.txt": (["rules"], False),
    "error-no-data.txt": (["--data", "no-such-folder", "validate"], False),
    "error-bad-date.txt": (["--as-of", "2026-02-30", "validate"], False),
}


def _run(args: list[str], cwd: Path, lang: str, env: Mapping[str, str] | None = None) -> str:
    bare = {"DIGICTL_LANG": None, "LANG": "C.UTF-8", "LC_ALL": None, "LANGUAGE": None}
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, ["--lang", lang, *args], env={**bare, **(env or {})})
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return f"exit {result.exit_code}\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}"


def _data(tmp_path: Path, broken: bool) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    if broken:
        for rel, text in BROKEN.items():
            (tmp_path / "data" / rel).write_text(text, encoding="utf-8")
    return tmp_path


@cache
def _english_sentences() -> tuple[str, ...]:
    """The pieces of the English messages between their placeholders that are long enough
    to be a sentence of their own (three words or more)."""
    pieces = set()
    for message in catalogues.extract():
        if not message.id:
            continue
        for msgid in [message.id] if isinstance(message.id, str) else message.id:
            for piece in re.split(r"\{[^{}]*\}|`[^`]*`", msgid):
                piece = piece.strip(" ,.;:()'\"")
                if len(piece.split()) >= 3 and len(piece) >= 16:
                    pieces.add(piece)
    return tuple(sorted(pieces))


def english_left(text: str) -> list[str]:
    return [p for p in _english_sentences() if p in text]


def _compare(name: str, outputs: dict[str, str]) -> None:
    stem, _dot, ext = name.partition(".")
    for lang, text in outputs.items():
        check_snapshot(SNAPSHOTS / f"{stem}.{lang}.{ext}", text)
    assert outputs["nb"] != outputs["en"] and outputs["nn"] != outputs["en"], name
    for lang in ("nb", "nn"):
        assert not english_left(outputs[lang]), f"{name} {lang}: {english_left(outputs[lang])}"


@pytest.mark.parametrize("name", sorted(RUNS))
def test_each_output_in_each_language(name: str, tmp_path: Path) -> None:
    args, broken = RUNS[name]
    where = _data(tmp_path, broken)
    _compare(name, {lang: _run(args, where, lang) for lang in LANGS})


def test_nynorsk_and_bokmal_differ_where_the_languages_do() -> None:
    """The nynorsk snapshots are not the bokmål ones: the languages differ in most
    sentences (a catalogue copied from the other would pass every other test)."""
    differ = [
        n
        for n in sorted(RUNS)
        if (SNAPSHOTS / n.replace(".", ".nb.", 1)).read_text(encoding="utf-8")
        != (SNAPSHOTS / n.replace(".", ".nn.", 1)).read_text(encoding="utf-8")
    ]
    assert len(differ) >= len(RUNS) - 3, differ


def _diff_run(tmp_path: Path, lang: str, fmt: str) -> str:
    scratch = Scratch(tmp_path / f"repo-{lang}-{fmt}")
    scratch.replace(FELLES, BUDGET_DECISION, "")
    scratch.replace(FELLES, LAST_MILESTONE, NEW_MILESTONE)
    args = ["--as-of", "2023-06-15", "--data", str(scratch.data), "diff", "--format", fmt]
    return _run(args, tmp_path, lang, GIT_ENV)


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_diff_in_each_language(fmt: str, tmp_path: Path) -> None:
    outputs = {lang: _diff_run(tmp_path, lang, fmt) for lang in LANGS}
    outputs = {k: v.replace(str(tmp_path), "<tmp>") for k, v in outputs.items()}
    _compare(f"diff.{fmt}", outputs)


def _stdout(run: str) -> str:
    return run.split("--- stdout\n", 1)[1].split("--- stderr\n", 1)[0]


def test_json_keeps_rule_ids_and_keys_in_english(tmp_path: Path) -> None:
    where = _data(tmp_path, True)
    docs = {
        lang: json.loads(_stdout(_run(RUNS["validate.json"][0], where, lang))) for lang in LANGS
    }
    shapes = {
        lang: [(f["rule"], f["severity"], f["file"], f["line"]) for f in doc["findings"]]
        for lang, doc in docs.items()
    }
    assert shapes["nb"] == shapes["nn"] == shapes["en"]
    assert set(docs["nb"]) == set(docs["nn"]) == set(docs["en"])
    messages = {lang: [f["message"] for f in doc["findings"]] for lang, doc in docs.items()}
    assert messages["nb"] != messages["en"] and messages["nn"] != messages["nb"]


def test_init_writes_its_readme_in_the_language(tmp_path: Path) -> None:
    readmes = {}
    for lang in LANGS:
        where = tmp_path / lang
        where.mkdir()
        _run(["init", "ny", "--name", "Digi Vest", "--host", "Voss herad"], where, lang)
        readmes[lang] = (where / "ny" / "README.md").read_text(encoding="utf-8")
    _compare("init-readme.md", {k: v.replace(__version__, "<version>") for k, v in readmes.items()})


def _validate(data: Path, env: dict[str, str | None], *args: str) -> str:
    base = {"DIGICTL_LANG": None, "LANG": None, "LC_ALL": None, "LC_MESSAGES": None}
    result = CliRunner().invoke(
        app, ["--data", str(data), "--as-of", LATE, *args, "validate"], env={**base, **env}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.stdout + result.stderr


@pytest.mark.parametrize(
    ("network", "env", "args", "expected"),
    [
        ("nn", {"LANG": "en_US.UTF-8"}, (), "nn"),  # network.yaml before the locale
        (None, {"LANG": "nn_NO.UTF-8"}, (), "nn"),  # the locale when network.yaml says none
        (None, {"LANG": "C.UTF-8"}, (), "nb"),  # else bokmål
        ("nn", {"DIGICTL_LANG": "en"}, (), "en"),  # $DIGICTL_LANG before network.yaml
        ("nn", {"DIGICTL_LANG": "en"}, ("--lang", "nb"), "nb"),  # --lang before everything
    ],
)
def test_the_language_of_a_run(
    network: str | None,
    env: dict[str, str | None],
    args: tuple[str, ...],
    expected: str,
    tmp_path: Path,
) -> None:
    """The order of DESIGN §13, end to end; what the load reports (a file that is not YAML)
    is already in network.yaml's language, read before the data is loaded."""
    data = _data(tmp_path, broken=True) / "data"
    text = (data / "network.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^language: \w+\n", "", text)
    if network:
        text += f"language: {network}\n"
    (data / "network.yaml").write_text(text, encoding="utf-8")
    out = _validate(data, env, *args)
    want = {lang: _validate(data, {}, "--lang", lang) for lang in LANGS}
    assert out == want[expected]
    assert len(set(want.values())) == 3


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (b"id: x\nlanguage: nn\n", "nn"),
        (b'language: "en"  # for the English partners\nid: x\n', "en"),
        (b"language: 'nb'\n", "nb"),
        (b"language: sv\n", None),  # not ours: the load says why
        (b"language: 'nn\"\n", None),  # quotes that do not match
        (b"  language: nn\n", None),  # not a top-level key
        (b"id: x\n", None),
        (b"\xff\xfe garbage", None),
    ],
)
def test_network_language_is_read_before_the_load(text: bytes, lang: str | None) -> None:
    from digictl.cli.common import network_language

    class One:
        def read(self, rel: str) -> bytes:
            assert rel == "network.yaml"
            return text

    assert network_language(One()) == lang  # type: ignore[arg-type]


def test_an_unreadable_network_yaml_leaves_the_language_to_the_rest() -> None:
    from digictl.cli.common import network_language

    class Gone:
        def read(self, rel: str) -> bytes:
            raise FileNotFoundError(rel)

    assert network_language(Gone()) is None  # type: ignore[arg-type]


def test_diff_log_and_authoring_speak_the_network_language(tmp_path: Path) -> None:
    """Commands that read the data their own way take network.yaml's language too."""
    scratch = Scratch(tmp_path / "repo")  # the base partnership says `language: nn`
    scratch.replace(FELLES, BUDGET_DECISION, "")
    base = {"DIGICTL_LANG": None, "LANG": "en_US.UTF-8", "LC_ALL": None, **GIT_ENV}
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(
            app, ["--as-of", "2023-06-15", "--data", str(scratch.data), *args], env=base
        )
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        return result.stdout + result.stderr

    def english(*args: str) -> str:
        return run("--lang", "en", *args)

    for args in (
        ("diff",),
        ("log", "project:felles-arkiv"),
        ("person", "add", "kari-ny", "--name", "Kari Ny", "--org", "bergen", "--dry-run"),
    ):
        assert run(*args) == run("--lang", "nn", *args) != english(*args), args
