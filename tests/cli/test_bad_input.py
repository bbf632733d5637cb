"""Bad input (DESIGN §6 exit codes, §7): one clear line or finding, the right exit code,
never a traceback.

Usage errors and unreadable data directories exit 2 with one sentence on
stderr; broken files inside a data directory are findings of the `yaml` and
`schema` rules (validate exits 1) naming file and line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

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
        3,
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


def _findings(stdout: str) -> list[dict[str, Any]]:
    out = json.loads(stdout)
    assert isinstance(out, dict) and "findings" in out
    return cast("list[dict[str, Any]]", out["findings"])


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
    """`NO`, `0301`, `22:22`, `yes`, `on`, `off` stay the text written (DESIGN §7).

    Numbers other YAML readers see (0301, 0o17, 1_000) are quoted here: written plainly
    in a text field, they are a schema finding asking for quotes (next test).
    """
    data = edit(
        {
            "people/kari-ks.yaml": "id: kari-ks\nname: NO\norg: ks\ntitle: yes\n",
            "people/sverre-stat.yaml": (
                "id: sverre-stat\nname: '0301'\norg: statsforvaltaren\ntitle: on\n"
            ),
            "people/berit-berg.yaml": "id: berit-berg\nname: 22:22\norg: bergen\ntitle: off\n",
            "people/aud-alver.yaml": "id: aud-alver\nname: '0o17'\norg: alver\ntitle: '1_000'\n",
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


def test_unquoted_kommunenummer_is_asked_to_be_quoted(cli: Invoke, edit: Edit) -> None:
    text = (BASE / "organisations" / "alver.yaml").read_text(encoding="utf-8")
    data = edit(
        {"organisations/alver.yaml": text.replace('kommunenummer: "4631"', "kommunenummer: 0301")}
    )
    r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "json")
    assert r.exit_code == 1, r.output
    alver = [f for f in _findings(r.stdout) if f["file"] == "data/organisations/alver.yaml"]
    # other YAML readers (editors, yq, the exported schemas) read 301 or octal 193 here
    assert [(f["rule"], f["line"], f["message"]) for f in alver] == [
        (
            "schema",
            4,
            "`kommunenummer` is 0301 without quotes, which YAML readers take for a number; "
            'write it in quotes: "0301"',
        )
    ]


# --------------------------------------------------------------------------- issue #10: crashes

# Option values outside what digictl handles (dates 1900-01-01 to 2999-12-31, horizons up
# to 36500 days): one sentence naming the option, exit 2, never "internal error".
OUT_OF_RANGE = [
    (("--as-of", "9999-12-31", "validate"), "--as-of"),
    (("--as-of", "0001-01-01", "deadlines"), "--as-of"),
    (("--as-of", "1899-12-31", "status"), "--as-of"),
    (("deadlines", "--within", str(10**9)), "--within"),
    (("deadlines", "--within", str(10**30)), "--within"),
    (("status", "--within", "36501"), "--within"),
    (("board", "--within", str(10**9)), "--within"),
    (("report", "deadlines", "--within", str(10**9)), "--within"),
    (("report", "annual-plan", "--year", "10000"), "--year"),
    (("report", "annual-report", "--year", "0"), "--year"),
    (("report", "annual-plan", "--year", "-1"), "--year"),
]


def _ids(value: object) -> str:
    return " ".join(value) if isinstance(value, tuple) else str(value)


@pytest.mark.parametrize(("args", "option"), OUT_OF_RANGE, ids=_ids)
def test_option_out_of_range(cli: Invoke, args: tuple[str, ...], option: str) -> None:
    r = cli("--data", BASE, *args)
    assert r.exit_code == 2, r.output
    line = _error_line(r.stderr)
    assert option in line and args[args.index(option) + 1] in line, line
    assert r.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ("--as-of", "2999-12-31", "deadlines", "--within", "36500", "--all"),
        ("--as-of", "1900-01-01", "validate"),
        ("--as-of", "2999-12-31", "report", "annual-report", "--year", "1900"),
        ("--as-of", AS_OF, "report", "annual-plan", "--year", "2999"),
    ],
    ids=" ".join,
)
def test_option_at_the_ends_of_the_range(cli: Invoke, args: tuple[str, ...]) -> None:
    r = cli("--data", BASE, *args)
    assert r.exit_code in (0, 1), r.output


@pytest.mark.parametrize(
    ("rel", "old", "new", "line"),
    [
        ("agreements/avtale-2021.yaml", "until: 2024-12-31", "until: 9999-12-31", 5),
        ("agreements/avtale-2021.yaml", "effective: 2021-01-01", "effective: 0001-01-01", 4),
        ("agreements/avtale-2021.yaml", "joined: 2021-02-01", "joined: 0001-01-01", 19),
        ("projects/felles-arkiv.yaml", "start: 2021-03-01", "start: 0001-01-01", 8),
        ("projects/felles-arkiv.yaml", "end: 2024-06-30", "end: 9999-12-31", 9),
    ],
    ids=["until-9999", "effective-0001", "joined-0001", "start-0001", "end-9999"],
)
def test_date_outside_the_range_in_data(
    cli: Invoke, edit: Edit, rel: str, old: str, new: str, line: int
) -> None:
    text = (BASE / rel).read_text(encoding="utf-8")
    assert old in text
    data = edit({rel: text.replace(old, new)})
    r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "json")
    assert r.exit_code == 1, r.output
    found = [
        f
        for f in _findings(r.stdout)
        if (f["rule"], f["file"], f["line"]) == ("schema", f"data/{rel}", line)
    ]
    assert len(found) == 1, _findings(r.stdout)
    assert (
        "outside the dates digictl handles (1 January 1900 to 31 December 2999)"
        in (found[0]["message"])
    )
    for command in (*COMMANDS, ("report", "annual-report"), ("deadlines", "--all", "-f", "ics")):
        r = cli("--data", data, "--as-of", AS_OF, *command)  # cli() fails on a crash
        assert r.exit_code in (0, 1), (command, r.output)


@pytest.mark.parametrize("kind", ["annual-plan", "annual-report", "portfolio"])
@pytest.mark.parametrize("format_", ["md", "html"])
def test_huge_amounts_in_reports(cli: Invoke, edit: Edit, kind: str, format_: str) -> None:
    """Babel rounds through a 28-digit decimal context: 10**30 kr failed in every report."""
    huge = "7" * 31
    year = (BASE / "years" / "2023.yaml").read_text(encoding="utf-8")
    project = (BASE / "projects" / "felles-arkiv.yaml").read_text(encoding="utf-8")
    data = edit(
        {
            "years/2023.yaml": year.replace("budget: 1400000", f"budget: {huge}"),
            "projects/felles-arkiv.yaml": project.replace("total: 1000000", f"total: {huge}"),
        }
    )
    args = ("report", kind, "--year", "2023", "-f", format_)
    r = cli("--data", data, "--as-of", AS_OF, "--lang", "nb", *args)
    assert r.exit_code in (0, 1), r.output
    assert "777 777 777 777 777 777" in r.stdout.replace("\xa0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("value", ["true", "[true]", "x", "{a: 1}", "[{id: SG-9, title: 1}]"])
def test_decisions_of_the_wrong_type(cli: Invoke, edit: Edit, value: str) -> None:
    rel = "meetings/2022-03-14-styringsgruppa.yaml"
    data = edit({rel: f"body: styringsgruppa\ndate: 2022-03-14\ndecisions: {value}\n"})
    r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "json")
    assert r.exit_code == 1, r.output
    assert any(f["rule"] == "schema" and f["file"] == f"data/{rel}" for f in _findings(r.stdout)), (
        _findings(r.stdout)
    )
    for command in (*COMMANDS, ("report", "annual-report", "--year", "2022")):
        r = cli("--data", data, "--as-of", AS_OF, *command)  # cli() fails on a crash
        assert r.exit_code in (0, 1), (command, r.output)


# --------------------------------------------------------------------------- -o and --export


def _out_directory(tmp_path: Path) -> Path:
    return tmp_path


def _out_missing_parent(tmp_path: Path) -> Path:
    return tmp_path / "nei" / "ikkje" / "r.md"


def _out_parent_is_a_file(tmp_path: Path) -> Path:
    (tmp_path / "fil").write_text("x", encoding="utf-8")
    return tmp_path / "fil" / "r.md"


def _out_dangling_link(tmp_path: Path) -> Path:
    (tmp_path / "r.md").symlink_to(tmp_path / "borte.md")
    return tmp_path / "r.md"


def _out_link(tmp_path: Path) -> Path:
    (tmp_path / "ekte.md").write_text("keep", encoding="utf-8")
    (tmp_path / "r.md").symlink_to(tmp_path / "ekte.md")
    return tmp_path / "r.md"


def _out_fifo(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "r.md")
    return tmp_path / "r.md"


def _out_dev_full(tmp_path: Path) -> Path:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    return Path("/dev/full")


def _out_dev_stdout(tmp_path: Path) -> Path:
    if not os.path.islink("/dev/stdout"):
        pytest.skip("no /dev/stdout link here")
    return Path("/dev/stdout")


# (make the target, a piece of the message)
BAD_OUTPUTS = {
    "directory": (_out_directory, "is a directory"),
    "missing-parent": (_out_missing_parent, "the directory {path.parent} does not exist"),
    "parent-is-a-file": (_out_parent_is_a_file, "{path.parent} is not a directory"),
    "dangling-link": (_out_dangling_link, "symbolic link that points nowhere"),
    "link": (_out_link, "symbolic link"),
    "fifo": (_out_fifo, "FIFO"),
    "dev-full": (_out_dev_full, "character device"),
    "dev-stdout": (_out_dev_stdout, "use `-o -` to write to standard output"),
}


@pytest.mark.parametrize("force", [False, True], ids=["no-force", "force"])
@pytest.mark.parametrize("case", sorted(BAD_OUTPUTS))
def test_bad_output_file(cli: Invoke, tmp_path: Path, case: str, force: bool) -> None:
    make, message = BAD_OUTPUTS[case]
    out = tmp_path / "out"
    out.mkdir()
    path = make(out)
    before = sorted(p.name for p in out.iterdir())
    mode = os.lstat(path).st_mode if os.path.lexists(path) else None
    force_args = ("--force",) if force else ()
    r = cli("--data", BASE, "--as-of", AS_OF, "report", "board", "-o", path, *force_args)
    assert r.exit_code == 2, r.output
    line = _error_line(r.stderr)
    assert line.startswith(f"digictl: error: cannot write {path}: "), line
    assert message.format(path=path) in line, line
    assert r.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == before, "nothing written, no temp file"
    if mode is not None:
        assert os.lstat(path).st_mode == mode, "not replaced"


def test_output_dash_is_stdout(cli: Invoke, tmp_path: Path) -> None:
    r = cli("--data", BASE, "--as-of", AS_OF, "report", "board", "-o", "-")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("#")
    assert not (Path.cwd() / "-").exists()


def test_output_file_mode_and_force(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_mask = os.umask(0o022)
    try:
        path = tmp_path / "r.md"
        r = cli("--data", BASE, "--as-of", AS_OF, "report", "board", "-o", path)
        assert r.exit_code == 0, r.output
        assert oct(path.stat().st_mode & 0o777) == oct(0o644)
        r = cli("--data", BASE, "--as-of", AS_OF, "report", "board", "-o", path)
        assert r.exit_code == 2
        assert "exists; pass --force" in _error_line(r.stderr)
        r = cli("--data", BASE, "--as-of", AS_OF, "report", "board", "-o", path, "--force")
        assert r.exit_code == 0, r.output
        assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]
    finally:
        os.umask(old_mask)


def test_output_on_a_full_disk(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    path = tmp_path / "r.md"
    monkeypatch.setattr(os, "write", full)
    r = cli("--data", BASE, "--as-of", AS_OF, "report", "board", "-o", path)
    monkeypatch.undo()
    assert r.exit_code == 2, r.output
    assert _error_line(r.stderr) == (
        f"digictl: error: cannot write {path}: No space left on device"
    )
    assert list(tmp_path.iterdir()) == []


def test_schema_export(cli: Invoke, tmp_path: Path) -> None:
    old_mask = os.umask(0o022)
    try:
        target = tmp_path / ".digictl" / "schemas"
        r = cli("schema", "--export", target)
        assert r.exit_code == 0, r.output
        files = sorted(target.iterdir())
        assert files and all(p.stat().st_mode & 0o777 == 0o644 for p in files)
        r = cli("schema", "--export", target)
        assert r.exit_code == 2
        assert "add --force to refresh them" in _error_line(r.stderr)
        r = cli("schema", "--export", target, "--force")
        assert r.exit_code == 0, r.output
        (tmp_path / "fil").write_text("x", encoding="utf-8")
        r = cli("schema", "--export", tmp_path / "fil")
        assert r.exit_code == 2
        assert "is not a directory" in _error_line(r.stderr)
    finally:
        os.umask(old_mask)


def test_leftover_temporary_file_is_not_data(cli: Invoke, edit: Edit) -> None:
    """What `kill -9` during a write can leave (named like fsutil's) is never read."""
    data = edit({"people/.kari-ks.yaml.0123456789ab.tmp": b"id: [broken\n"})
    r = cli("--data", data, "--as-of", AS_OF, "validate", "--format", "json")
    assert r.exit_code == 0, r.output
    assert _findings(r.stdout) == []


# --------------------------------------------------------------------------- the process's streams
# These run `python -m digictl` for real: main() owns the streams (encoding, broken pipes).


def _digictl_process(
    *args: object, stdout: int, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    full_env = {k: v for k, v in os.environ.items() if k != "DIGICTL_DATA"}
    full_env.update(env or {})
    return subprocess.Popen(
        [sys.executable, "-m", "digictl", *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=full_env,
    )


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("validate",), 0),
        (("validate", "--format", "json"), 0),
        (("deadlines", "--all"), 0),
        (("rules",), 0),
        (("--help",), 0),
        (("--as-of", "2030-01-01", "validate"), 1),  # the verdict survives the closed pipe
    ],
    ids=_ids,
)
def test_reader_gone_exits_quietly(args: tuple[str, ...], code: int) -> None:
    """`digictl validate | head -1`: no reader left; digictl writes into a closed pipe."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: the first write fails with EPIPE
    try:
        proc = _digictl_process("--data", BASE, "--as-of", AS_OF, *args, stdout=write_end)
    finally:
        os.close(write_end)
    _, stderr = proc.communicate(timeout=120)
    assert stderr.decode() == ""
    assert proc.returncode == code


def test_pipe_into_head() -> None:
    producer = _digictl_process(
        "--data", BASE, "--as-of", AS_OF, "deadlines", "--all", stdout=subprocess.PIPE
    )
    assert producer.stdout is not None
    head = subprocess.run(["head", "-1"], stdin=producer.stdout, capture_output=True, check=True)
    producer.stdout.close()
    _, stderr = producer.communicate(timeout=120)
    assert head.stdout.strip()
    assert stderr.decode() == ""
    assert producer.returncode == 0


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("deadlines", "--all", "--format", "json"),
        ("deadlines", "--all", "--format", "md"),
        ("report", "board"),
        ("--as-of", "2030-01-01", "validate"),
        ("--lang", "xx", "validate"),  # an error message
    ],
    ids=" ".join,
)
def test_ascii_only_output(args: tuple[str, ...]) -> None:
    """PYTHONIOENCODING=ascii: Norwegian letters are written as escapes, never a crash."""
    proc = _digictl_process(
        "--data",
        BASE,
        "--as-of",
        AS_OF,
        *args,
        stdout=subprocess.PIPE,
        env={"PYTHONIOENCODING": "ascii", "COLUMNS": "200"},
    )
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode in (0, 1, 2), stderr
    assert "internal error" not in stderr.decode("ascii")
    assert "Traceback" not in stderr.decode("ascii")
    stdout.decode("ascii")  # only ASCII reached the stream
    if proc.returncode == 2:
        assert stderr.decode("ascii").startswith("digictl: error: ")
    if "json" in args:
        assert b"\\u00" in stdout  # a Norwegian letter, escaped the way JSON reads it
        titles = [d["title"] for d in json.loads(stdout)["deadlines"]]
        assert any(not t.isascii() for t in titles), "the escapes are JSON's: the same text"


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("board", "--all"),
        ("deadlines", "--all", "--format", "ics"),
        ("report", "agreement", "--format", "html"),
        ("schema", "project"),
        ("--version",),
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("how", ["disk-full", "closed"])
def test_output_the_system_refuses(args: tuple[str, ...], how: str) -> None:
    """`> /dev/full` and `>&-`: one sentence and exit 2, not an internal error (exit 3)."""
    argv = [sys.executable, "-m", "digictl", "--data", str(BASE), "--as-of", AS_OF, *args]
    if how == "disk-full":
        with open("/dev/full", "wb") as full:
            proc = subprocess.run(argv, stdout=full, stderr=subprocess.PIPE, timeout=120)
    else:  # the shell closes stdout before digictl starts: Python's sys.stdout is None
        proc = subprocess.run(
            ["sh", "-c", 'exec "$@" >&-', "sh", *argv], stderr=subprocess.PIPE, timeout=120
        )
    assert proc.returncode == 2, proc.stderr
    line = _error_line(proc.stderr.decode())
    assert "the output could not be written" in line


def test_closed_stdout_is_not_needed_to_write_a_file(tmp_path: Path) -> None:
    """`report -o FILE >&-` writes nothing to stdout, so a closed stdout does not matter."""
    out = tmp_path / "board.md"
    argv = [sys.executable, "-m", "digictl", "--data", str(BASE), "--as-of", AS_OF]
    proc = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", *argv, "report", "board", "-o", str(out)],
        stderr=subprocess.PIPE,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").strip()
