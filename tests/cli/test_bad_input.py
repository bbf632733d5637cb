"""Bad input (DESIGN §6 exit codes, §7): one clear line or finding, the right exit code,
never a traceback.

Usage errors and unreadable data directories exit 2 with one sentence on
stderr; broken files inside a data directory are findings of the `yaml` and
`schema` rules (validate exits 1) naming file and line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli.conftest import AS_OF, Edit, Invoke, one_line
from tests.conftest import BASE

COMMANDS = [
    ("validate",),
    ("status",),
    ("deadlines",),
    ("board",),
    ("portfolio",),
]


def _error_line(stderr: str) -> str:
    line = one_line(stderr)
    assert line.startswith("digictl: error: "), line
    return line


# --------------------------------------------------------------------------- the data directory


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "finnes-ikke"


def _a_file(tmp_path: Path) -> Path:
    path = tmp_path / "network.yaml"
    path.write_text("id: x\n", encoding="utf-8")
    return path


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "tom"
    path.mkdir()
    return path


def _only_other_files(tmp_path: Path) -> Path:
    path = tmp_path / "docs"
    path.mkdir()
    (path / "README.md").write_text("# not data\n", encoding="utf-8")
    return path


def _unknown_layout(tmp_path: Path) -> Path:
    path = tmp_path / "noe-annet"
    (path / "config").mkdir(parents=True)
    (path / "config" / "settings.yaml").write_text("a: 1\n", encoding="utf-8")
    (path / "settings.yaml").write_text("b: 2\n", encoding="utf-8")
    return path


def _repo_root(tmp_path: Path) -> Path:
    """The repository that holds data/, given instead of data/ itself."""
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(BASE, root / "data")
    return root


NOT_A_DATA_DIR = {
    "missing": _missing,
    "a-file": _a_file,
    "empty": _empty,
    "no-yaml": _only_other_files,
    "unknown-layout": _unknown_layout,
    "repo-root": _repo_root,
}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("case", sorted(NOT_A_DATA_DIR))
def test_not_a_data_directory(
    cli: Invoke, tmp_path: Path, case: str, command: tuple[str, ...]
) -> None:
    path = NOT_A_DATA_DIR[case](tmp_path)
    r = cli("--data", path, "--as-of", AS_OF, *command)
    assert r.exit_code == 2, r.output
    line = _error_line(r.stderr)
    assert path.name in line, line
    assert "--data" in line, "the message says how to fix it"
    assert r.stdout == ""


# --------------------------------------------------------------------------- options


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--as-of", "2021-02-30"), "2021-02-30"),
        (("--as-of", "yesterday"), "yesterday"),
        (("--as-of", "2021-2-3"), "2021-2-3"),
        (("--as-of", "20210203"), "20210203"),
        (("--lang", "xx"), "xx"),
        (("--skip", "nosuchrule"), "nosuchrule"),
    ],
    ids=lambda v: v if isinstance(v, str) else " ".join(v),
)
def test_bad_global_option(cli: Invoke, args: tuple[str, ...], needle: str) -> None:
    r = cli("--data", BASE, *args, "validate")
    assert r.exit_code == 2, r.output
    line = _error_line(r.stderr)
    assert needle in line
    assert args[0] in line, "the message names the option"
    assert r.stdout == ""


def test_as_of_message_shows_the_format(cli: Invoke) -> None:
    r = cli("--data", BASE, "--as-of", "2021-02-30", "deadlines")
    assert r.exit_code == 2
    assert "YYYY-MM-DD" in _error_line(r.stderr)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_good_lang(cli: Invoke, lang: str) -> None:
    r = cli("--data", BASE, "--lang", lang, "--as-of", AS_OF, "validate")
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize(
    "args",
    [
        ("nosuchcommand",),
        ("validate", "--format", "xml"),
        ("deadlines", "--format", "pdf"),
        ("deadlines", "--within", "soon"),
        ("board", "--format", "html"),
        ("validate", "--no-such-option"),
    ],
    ids=" ".join,
)
def test_usage_errors_exit_2(cli: Invoke, args: tuple[str, ...]) -> None:
    r = cli("--data", BASE, "--as-of", AS_OF, *args)
    assert r.exit_code == 2, r.output
    assert r.stdout == ""
    assert r.stderr.strip()


# --------------------------------------------------------------------------- broken files

BOMB = b"""id: kari-ks
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
name: *i
org: ks
"""

# (file, content, rule, line, a piece of the message)
BROKEN_FILES = {
    "not-utf8": (
        "people/kari-ks.yaml",
        b"id: kari-ks\nname: Kari \xf8ks\norg: ks\n",
        "yaml",
        2,
        "not valid UTF-8",
    ),
    "latin1-name": (
        "people/kari-ks.yaml",
        "id: kari-ks\nname: Kari Øks\norg: ks\n".encode("latin-1"),
        "yaml",
        2,
        "not valid UTF-8",
    ),
    "tab": (
        "people/kari-ks.yaml",
        b"id: kari-ks\nname: Kari Ks\n\torg: ks\n",
        "yaml",
        3,
        "tab character",
    ),
    "duplicate-key": (
        "people/kari-ks.yaml",
        b"id: kari-ks\nname: Kari Ks\norg: ks\nname: Kari\n",
        "yaml",
        4,
        "duplicate key `name` (first written at line 2)",
    ),
    "alias-bomb": (
        "people/kari-ks.yaml",
        BOMB,
        "yaml",
        2,
        "anchors and aliases",
    ),
    "top-level-list": (
        "people/kari-ks.yaml",
        b"- id: kari-ks\n- name: Kari Ks\n",
        "yaml",
        1,
        "top level of the file is a list",
    ),
    "top-level-scalar": (
        "people/kari-ks.yaml",
        b"kari-ks\n",
        "yaml",
        1,
        "top level of the file is a single value",
    ),
    "empty": (
        "people/kari-ks.yaml",
        b"",
        "yaml",
        1,
        "the file is empty",
    ),
    "python-object": (
        "people/kari-ks.yaml",
        b"id: kari-ks\nname: !!python/object:collections.OrderedDict {}\norg: ks\n",
        "yaml",
        2,
        "the tag `!!python/object:collections.OrderedDict` is not allowed",
    ),
    "two-documents": (
        "people/kari-ks.yaml",
        b"id: kari-ks\nname: Kari Ks\norg: ks\n---\nid: x\n",
        "yaml",
        4,
        "more than one YAML document",
    ),
    "invalid-date": (
        "projects/ideverksted.yaml",
        "id: ideverksted\nname: Idé\nstatus: proposed\nowner: alver\nstart: 2021-02-30\n".encode(),
        "schema",
        5,
        "`start` is 2021-02-30, which is not a date in the calendar",
    ),
    "network-list": (
        "network.yaml",
        b"- id: testnett\n",
        "yaml",
        1,
        "top level of the file is a list",
    ),
}


def _findings(stdout: str) -> list[dict]:
    out = json.loads(stdout)
    assert isinstance(out, dict) and "findings" in out
    return out["findings"]


@pytest.mark.parametrize("case", sorted(BROKEN_FILES))
def test_broken_file_is_a_finding(cli: Invoke, edit: Edit, case: str) -> None:
    rel, content, rule, line, message = BROKEN_FILES[case]
    data = edit({rel: content})
    r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "json")
    assert r.exit_code == 1, r.output
    assert r.stderr == ""
    matches = [
        f
        for f in _findings(r.stdout)
        if (f["rule"], f["file"], f["line"]) == (rule, f"data/{rel}", line)
    ]
    assert len(matches) == 1, _findings(r.stdout)
    assert message in matches[0]["message"]
    assert matches[0]["severity"] == "error"


@pytest.mark.parametrize("case", sorted(BROKEN_FILES))
def test_broken_file_in_text_report(cli: Invoke, edit: Edit, case: str) -> None:
    rel, content, rule, line, message = BROKEN_FILES[case]
    data = edit({rel: content})
    r = cli("--data", data, "--as-of", AS_OF, "validate")
    assert r.exit_code == 1, r.output
    lines = r.stdout.splitlines()
    at = lines.index(f"data/{rel}")
    group = []
    for ln in lines[at + 1 :]:
        if not ln.startswith(" "):
            break
        group.append(ln)
    assert any(
        ln.split()[0] == str(line) and message in ln and f"({rule})" in ln for ln in group
    ), group


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("case", sorted(BROKEN_FILES))
def test_broken_file_never_crashes(
    cli: Invoke, edit: Edit, case: str, command: tuple[str, ...]
) -> None:
    rel, content, *_ = BROKEN_FILES[case]
    data = edit({rel: content})
    r = cli("--data", data, "--as-of", AS_OF, *command)  # cli() fails on a crash
    assert r.exit_code in (0, 1), r.output
    if command[0] in ("validate", "status"):
        assert r.exit_code == 1


def test_python_tag_is_not_executed(cli: Invoke, edit: Edit, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    content = f'id: kari-ks\nname: !!python/object/apply:os.system ["touch {marker}"]\norg: ks\n'
    data = edit({"people/kari-ks.yaml": content})
    for command in COMMANDS:
        cli("--data", data, "--as-of", AS_OF, *command)
    assert not marker.exists()
    r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "json")
    assert r.exit_code == 1
    assert any(
        f["rule"] == "yaml" and "!!python/object/apply:os.system" in f["message"]
        for f in _findings(r.stdout)
    )


def test_unreadable_file_does_not_pass_silently(cli: Invoke, edit: Edit) -> None:
    """DESIGN §7: non-UTF-8 bytes give a clear error naming file and line, exit 2 or 1.

    `validate` and `status` report it; the listing commands must not render the
    remaining data as if nothing were wrong (kari-ks would appear with her id
    as name and no organisation) and exit 0.
    """
    rel, content, *_ = BROKEN_FILES["not-utf8"]
    data = edit({rel: content})
    for command in (("board", "--format", "json"), ("deadlines",), ("portfolio",)):
        r = cli("--data", data, "--as-of", AS_OF, *command)
        assert "data/people/kari-ks.yaml" in r.stderr, f"{command[0]}: nothing on stderr"
        assert r.exit_code in (1, 2), f"{command[0]} exits {r.exit_code} on unreadable data"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode"
)
def test_unreadable_permissions(cli: Invoke, edit: Edit) -> None:
    data = edit({})
    path = data / "people" / "kari-ks.yaml"
    path.chmod(0)
    try:
        r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "json")
    finally:
        path.chmod(0o644)
    assert r.exit_code in (1, 2), r.output
    if r.exit_code == 1:
        assert any(
            f["file"] == "data/people/kari-ks.yaml" and "cannot be read" in f["message"]
            for f in _findings(r.stdout)
        )
    else:
        assert "data/people/kari-ks.yaml" in _error_line(r.stderr)


def test_missing_network_yaml(cli: Invoke, edit: Edit) -> None:
    data = edit({"network.yaml": None})
    r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "json")
    assert r.exit_code == 1, r.output
    found = [
        f
        for f in _findings(r.stdout)
        if (f["rule"], f["file"], f["line"], f["severity"])
        == ("schema", "data/network.yaml", 1, "error")
    ]
    assert len(found) == 1
    assert "network.yaml is missing" in found[0]["message"]
    for command in COMMANDS:
        r = cli("--data", data, "--as-of", AS_OF, *command)
        assert r.exit_code in (0, 1), r.output


# --------------------------------------------------------------------------- YAML 1.1 traps


def test_yaml11_words_and_numbers_stay_text(cli: Invoke, edit: Edit) -> None:
    """`NO`, `0301`, `22:22`, `yes`, `on`, `off` stay the text written (DESIGN §7)."""
    data = edit(
        {
            "people/kari-ks.yaml": "id: kari-ks\nname: NO\norg: ks\ntitle: yes\n",
            "people/sverre-stat.yaml": (
                "id: sverre-stat\nname: 0301\norg: statsforvaltaren\ntitle: on\n"
            ),
            "people/berit-berg.yaml": "id: berit-berg\nname: 22:22\norg: bergen\ntitle: off\n",
            "people/aud-alver.yaml": "id: aud-alver\nname: 0o17\norg: alver\ntitle: 1_000\n",
        }
    )
    r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "json")
    assert r.exit_code == 0, r.output
    assert _findings(r.stdout) == []
    r = cli("--data", data, "--as-of", AS_OF, "board", "styringsgruppa", "--format", "json")
    assert r.exit_code == 0, r.output
    names = {m["person"]: m["name"] for b in json.loads(r.stdout)["bodies"] for m in b["members"]}
    assert names["kari-ks"] == "NO"
    assert names["sverre-stat"] == "0301"
    assert names["berit-berg"] == "22:22"
    assert names["aud-alver"] == "0o17"


def test_unquoted_kommunenummer_keeps_its_leading_zero(cli: Invoke, edit: Edit) -> None:
    text = (BASE / "organisations" / "alver.yaml").read_text(encoding="utf-8")
    data = edit(
        {"organisations/alver.yaml": text.replace('kommunenummer: "4631"', "kommunenummer: 0301")}
    )
    r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "json")
    assert r.exit_code in (0, 1), r.output
    alver = [f for f in _findings(r.stdout) if f["file"] == "data/organisations/alver.yaml"]
    # 0301 is a valid kommunenummer (Oslo's), so no schema finding; the registry
    # check may complain that it is not Alver's, and then names it as written
    assert not [f for f in alver if f["rule"] == "schema"], alver
    for f in alver:
        assert "0301" in f["message"], f
