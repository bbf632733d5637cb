"""Issue #10 point 3: symbolic links, special files and undecodable names in the data directory.

A pull request can commit symbolic links (into the runner's home, into /proc, in a
loop); a checkout or a reviewer's machine can hold named pipes, sockets and folders
named like data files, and file names that are not UTF-8. None of them may be followed,
hang digictl, crash an output format or pass in silence: each is a finding naming it.

Cases that could hang if a regression followed them (a FIFO, /proc) run digictl in a
subprocess with a timeout, so a regression fails instead of stopping the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from digictl.cli import app
from tests.cli.conftest import assert_no_crash
from tests.conftest import BASE

AS_OF = "2023-06-15"
SECRET = "TOPSECRET-4f1c"  # what lies outside the data directory; must never be printed
FORMATS = ("text", "json", "junit", "github")
READERS = (("board", "--format", "json"), ("portfolio",), ("deadlines",), ("status",))
# status shows the validation summary on stdout; the listings name what they left out on stderr

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX special files")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The base partnership in tmp/repo/data, and a secret person file in tmp/outside."""
    target = tmp_path / "repo" / "data"
    shutil.copytree(BASE, target)
    outside = tmp_path / "outside"
    (outside / "people").mkdir(parents=True)
    secret = f"id: leak\nname: {SECRET}\norg: {SECRET}\n"
    (outside / "leak.yaml").write_text(secret)
    (outside / "people" / "leak.yaml").write_text(secret)
    (outside / "network.yaml").write_text(f"id: {SECRET}\nname: {SECRET}\nhost: {SECRET}\n")
    return target


def run(data: Path, *args: str) -> Result:
    r = CliRunner().invoke(app, ["--data", str(data), "--as-of", AS_OF, *args])
    assert_no_crash(r)
    return r


def run_subprocess(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """digictl in its own process, killed (and the test failed) if it hangs."""
    return subprocess.run(
        [sys.executable, "-m", "digictl", "--data", str(data), "--as-of", AS_OF, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def findings(stdout: str) -> dict[str, dict[str, object]]:
    """The findings of `validate --format json` by file."""
    return {f["file"]: f for f in json.loads(stdout)["findings"]}


def assert_well_formed(fmt: str, stdout: str) -> None:
    if fmt == "json":
        json.loads(stdout)
    elif fmt == "junit":
        ET.fromstring(stdout)
    stdout.encode("utf-8")  # no lone surrogates: printable anywhere


def test_link_to_a_file_outside_is_an_error_and_never_read(data: Path) -> None:
    (data / "people" / "leak.yaml").symlink_to(data.parent.parent / "outside" / "leak.yaml")
    for fmt in FORMATS:
        r = run(data, "validate", "--format", fmt)
        assert r.exit_code == 1, r.output
        assert SECRET not in r.output
        assert "data/people/leak.yaml" in r.stdout
    found = findings(run(data, "validate", "--format", "json").stdout)["data/people/leak.yaml"]
    assert (found["rule"], found["severity"], found["line"]) == ("yaml", "error", 1)
    assert "is a symbolic link" in str(found["message"])
    for command in READERS:  # the commands that list data say what they left out
        r = run(data, *command)
        assert SECRET not in r.output
        assert "data/people/leak.yaml" in r.output
        assert r.exit_code == 1, (command, r.output)


def test_link_to_a_folder_outside_is_an_error(data: Path) -> None:
    shutil.rmtree(data / "people")
    (data / "people").symlink_to(data.parent.parent / "outside" / "people")
    r = run(data, "validate", "--format", "json")
    assert r.exit_code == 1
    assert SECRET not in r.output
    found = findings(r.stdout)["data/people"]
    assert (found["rule"], found["severity"]) == ("yaml", "error")
    assert "is a symbolic link" in str(found["message"])


def test_network_yaml_as_a_link_is_an_error_not_missing(data: Path) -> None:
    (data / "network.yaml").unlink()
    (data / "network.yaml").symlink_to(data.parent.parent / "outside" / "network.yaml")
    r = run(data, "validate", "--format", "json")
    assert r.exit_code == 1
    assert SECRET not in r.output
    found = findings(r.stdout)["data/network.yaml"]
    assert "is a symbolic link" in str(found["message"])
    assert "missing" not in str(found["message"])


def test_link_inside_the_data_directory_is_refused_too(data: Path) -> None:
    # consistent with review in git, where a link is a blob holding the target's path
    (data / "people" / "copy.yaml").symlink_to("kari-ks.yaml")
    found = findings(run(data, "validate", "--format", "json").stdout)
    assert "is a symbolic link" in str(found["data/people/copy.yaml"]["message"])


def test_link_where_nothing_is_read_is_a_warning(data: Path) -> None:
    (data / "README.md").symlink_to(data.parent.parent / "outside" / "leak.yaml")
    r = run(data, "validate", "--format", "json")
    assert r.exit_code == 0, r.output  # nothing was left out of the data
    assert SECRET not in r.output
    found = findings(r.stdout)["data/README.md"]
    assert (found["rule"], found["severity"]) == ("yaml", "warning")
    assert run(data, "validate", "--strict").exit_code == 1


def test_data_directory_itself_a_link_is_refused(data: Path) -> None:
    link = data.parent / "linked"
    link.symlink_to(data.parent.parent / "outside")
    r = run(link, "validate", "--format", "json")
    assert r.exit_code == 2
    assert SECRET not in r.output
    assert "is a symbolic link" in r.stderr


def test_link_loop_is_a_finding(data: Path) -> None:
    (data / "people" / "a.yaml").symlink_to("b.yaml")
    (data / "people" / "b.yaml").symlink_to("a.yaml")
    (data / "people" / "self.yaml").symlink_to("self.yaml")
    r = run(data, "validate", "--format", "json")
    assert r.exit_code == 1
    found = findings(r.stdout)
    for name in ("a", "b", "self"):
        assert "is a symbolic link" in str(found[f"data/people/{name}.yaml"]["message"])


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_links_into_proc_neither_hang_nor_crash(data: Path) -> None:
    for name, target in [
        ("stdin", "/proc/self/fd/0"),
        ("mem", "/proc/self/mem"),
        ("environ", "/proc/self/environ"),
        ("kmsg", "/proc/kmsg"),
    ]:
        (data / "people" / f"{name}.yaml").symlink_to(target)
    proc = run_subprocess(data, "validate", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    found = findings(proc.stdout)
    for name in ("stdin", "mem", "environ", "kmsg"):
        assert "is a symbolic link" in str(found[f"data/people/{name}.yaml"]["message"])
    assert "HOME=" not in proc.stdout


@posix_only
def test_fifo_named_yaml_is_a_finding_and_does_not_hang(data: Path) -> None:
    os.mkfifo(data / "people" / "pipe.yaml")
    os.mkfifo(data / "notes.txt")
    proc = run_subprocess(data, "validate", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    found = findings(proc.stdout)
    pipe = found["data/people/pipe.yaml"]
    assert (pipe["rule"], pipe["severity"]) == ("yaml", "error")
    assert "named pipe (FIFO)" in str(pipe["message"])
    assert found["data/notes.txt"]["severity"] == "warning"
    proc = run_subprocess(data, "board")  # a listing command, too
    assert "data/people/pipe.yaml" in proc.stderr
    assert proc.returncode == 1


def test_folder_named_yaml_is_a_finding(data: Path) -> None:
    (data / "people" / "folder.yaml").mkdir()
    (data / "people" / "folder.yaml" / "inner.yaml").write_text(f"name: {SECRET}\n")
    (data / "projects" / "x.yml").mkdir()
    r = run(data, "validate", "--format", "json")
    assert r.exit_code == 1
    found = findings(r.stdout)
    for rel in ("data/people/folder.yaml", "data/projects/x.yml"):
        assert (found[rel]["rule"], found[rel]["severity"]) == ("yaml", "error")
        assert "is a folder, not a file" in str(found[rel]["message"])
    assert SECRET not in r.output


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs unix sockets")
def test_socket_named_yaml_is_a_finding(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(data / "people")  # a relative name: socket paths are short
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind("sock.yaml")
        proc = run_subprocess(data, "validate", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    found = findings(proc.stdout)["data/people/sock.yaml"]
    assert "is a socket" in str(found["message"])


def _non_utf8(data: Path) -> None:
    """A person file and a folder whose names are not UTF-8, and a name with an escape."""
    people = os.fsencode(data / "people")
    with open(people + b"/\xff\xfe.yaml", "w") as f:
        f.write("id: x\nname: X\norg: ks\n")
    os.mkdir(os.fsencode(data) + b"/\xe9t\xe9")
    with open(os.fsencode(data) + b"/\xe9t\xe9/a.yaml", "w") as f:
        f.write("a: 1\n")
    (data / "people" / "esc\x1b[2Jape.yaml").write_text("id: y\nname: Y\norg: ks\n")


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses names that are not UTF-8")
@pytest.mark.parametrize("fmt", FORMATS)
def test_non_utf8_names_give_valid_output_naming_them(data: Path, fmt: str) -> None:
    _non_utf8(data)
    r = run(data, "validate", "--format", fmt)
    assert r.exit_code == 1, r.output
    assert_well_formed(fmt, r.stdout)
    shown = "\n".join(findings(r.stdout)) if fmt == "json" else r.stdout
    for rel in ("people/\\xff\\xfe.yaml", "\\xe9t\\xe9/a.yaml", "people/esc\\x1b[2Jape.yaml"):
        assert f"data/{rel}" in shown
    assert "\x1b" not in r.stdout


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses names that are not UTF-8")
def test_non_utf8_names_are_findings_with_the_right_severity(data: Path) -> None:
    _non_utf8(data)
    found = findings(run(data, "validate", "--format", "json").stdout)
    person = found["data/people/\\xff\\xfe.yaml"]
    assert (person["rule"], person["severity"]) == ("yaml", "error")
    assert "not valid UTF-8" in str(person["message"])
    assert found["data/\\xe9t\\xe9/a.yaml"]["severity"] == "warning"  # never read anyway
    assert "control characters" in str(found["data/people/esc\\x1b[2Jape.yaml"]["message"])
    for command in READERS:
        r = run(data, *command)
        assert "data/people/\\xff\\xfe.yaml" in r.output
        r.stdout.encode("utf-8")
        assert r.exit_code == 1


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses names that are not UTF-8")
def test_non_utf8_names_with_the_subprocess_encodings(data: Path) -> None:
    """Printed by a real process, with a strict UTF-8 stdout: nothing to encode fails."""
    _non_utf8(data)
    command = [sys.executable, "-m", "digictl", "--data", str(data), "--as-of", AS_OF]
    for fmt in FORMATS:
        proc = subprocess.run(
            [*command, "validate", "--format", fmt],
            capture_output=True,
            timeout=120,
            check=False,
            env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
        )
        assert proc.returncode == 1, proc.stderr
        out = proc.stdout.decode("utf-8")
        assert_well_formed(fmt, out)
        if fmt == "json":
            assert "data/people/\\xff\\xfe.yaml" in findings(out)
        else:
            assert "data/people/\\xff\\xfe.yaml" in out
