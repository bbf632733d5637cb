"""`digictl meeting notice|minutes` and `digictl report decisions` on the command line:
unknown meetings, --output, PDF."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digictl.cli import app
from digictl.errors import UsageError
from tests.conftest import ROOT
from tests.meetings.fixture import AS_OF, MEETING, base_with_meeting

runner = CliRunner()
DATA_AS_OF = "2026-11-21"
needs_weasyprint = pytest.mark.skipif(
    importlib.util.find_spec("weasyprint") is None, reason="WeasyPrint is not installed"
)


def invoke(data: Path, as_of: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--data", str(data), "--as-of", as_of, *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("kind", ["notice", "minutes"])
def test_an_unknown_meeting_is_one_sentence(kind: str, tmp_path: Path) -> None:
    data = base_with_meeting(tmp_path)
    code, out, err = invoke(data, AS_OF, "meeting", kind, "2023-06-05-styringsgrupa")
    assert code == 2 and out == ""
    assert err.count("\n") == 1, err
    assert "2023-06-05-styringsgrupa" in err and f"did you mean `{MEETING}`?" in err
    code, out, err = invoke(data, AS_OF, "meeting", kind, "1999-01-01-nobody")
    assert code == 2 and err.count("\n") == 1 and "1999-01-01-nobody" in err
    assert "did you mean" not in err and "Traceback" not in err


@pytest.mark.parametrize("kind", ["notice", "minutes"])
def test_output_is_never_overwritten_without_force(kind: str, tmp_path: Path) -> None:
    data = base_with_meeting(tmp_path)
    target = tmp_path / "doc.html"
    target.write_text("keep me", encoding="utf-8")
    args = ["meeting", kind, MEETING, "--format", "html", "-o", str(target)]
    code, out, err = invoke(data, AS_OF, *args)
    assert code == 2 and out == "" and err.count("\n") == 1 and "--force" in err
    assert target.read_text(encoding="utf-8") == "keep me"
    code, out, err = invoke(data, AS_OF, *args, "--force")
    assert code == 0 and out == "" and str(target) in err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    fresh = tmp_path / "fresh.md"
    code, _out, _err = invoke(data, AS_OF, "meeting", kind, MEETING, "-o", str(fresh))
    assert code == 0 and fresh.read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_decisions_of_a_year(fmt: str) -> None:
    from digictl.load.dataset import DirectorySource, read_dataset
    from digictl.model import build

    data = ROOT / "data"
    code, out, err = invoke(
        data, DATA_AS_OF, "--lang", "nb", "report", "decisions", "--year", "2026", "--format", fmt
    )
    assert code == 0, err
    assert "Vedtaksliste 2026" in out
    model = build(read_dataset(DirectorySource(data)))
    taken = [d for d in model.decisions.values() if d.date.year == 2026]
    assert taken, "data/ records decisions in 2026"
    for d in taken:
        assert d.id in out, d.id
    assert not [d for d in model.decisions.values() if d.date.year == 2025 and d.id in out]
    if fmt == "html":
        assert out.startswith("<!DOCTYPE html>") and '<html lang="nb">' in out


def test_the_outcome_of_each_decision(tmp_path: Path) -> None:
    data = base_with_meeting(tmp_path)
    code, out, _err = invoke(data, AS_OF, "--lang", "en", "report", "decisions", "--year", "2023")
    assert code == 0
    assert "| SG-2023-05 | 5 Jun 2023 | 8/23 | Skjønsmidlar til felles arkiv | vote: 2 for, " in out
    assert "chair, after consensus failed (§4.3)" in out
    code, out, _err = invoke(data, AS_OF, "--lang", "en", "report", "decisions", "--year", "2031")
    assert code == 0 and "No decisions are recorded for 2031." in out


@needs_weasyprint
def test_pdf(tmp_path: Path) -> None:
    data = base_with_meeting(tmp_path)
    target = tmp_path / "protokoll.pdf"
    args = ["meeting", "minutes", MEETING, "--format", "pdf", "-o", str(target)]
    code, _out, err = invoke(data, AS_OF, *args)
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF-")
    result = runner.invoke(
        app, ["--data", str(data), "--as-of", AS_OF, "report", "decisions", "--format", "pdf"]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF-")
    result = runner.invoke(
        app, ["--data", str(data), "--as-of", AS_OF, "meeting", "notice", MEETING, "-f", "pdf"]
    )
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"%PDF-")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_pdf_is_not_written_to_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from digictl.cli.report import output_target

    monkeypatch.setattr("sys.stdout", _Terminal())
    with pytest.raises(UsageError, match="-o FILE"):
        output_target(None, False, "pdf")
    assert output_target(None, False, "html") is None  # text may go to a terminal
