"""Reports: every kind in every language and format; escaping; agreement with the json views."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from digictl.cli import app
from digictl.output.reports.build import KINDS
from digictl.output.reports.i18n import catalogue
from digictl.vocabulary import LANGUAGES
from tests.conftest import BASE, BASE_AS_OF, ROOT

runner = CliRunner()
TEMPLATES = ROOT / "templates"


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_catalogue_has_every_key() -> None:
    keys = [set(catalogue(lang)) for lang in LANGUAGES]
    for lang, k in zip(LANGUAGES, keys, strict=True):
        assert k == keys[0], f"{lang}: {sorted(k ^ keys[0])}"


def test_every_key_used_in_the_code_exists() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "src/digictl/output/reports").glob("*.py"))
    source += (TEMPLATES / "reports/report.html").read_text()
    used = set(re.findall(r"""t\(\s*["']([a-z_.-]+)["']""", source))
    assert used, "no keys found"
    assert used <= set(catalogue("nb")), sorted(used - set(catalogue("nb")))


def test_nynorsk_is_nynorsk_not_bokmal() -> None:
    nn = " ".join(catalogue("nn").values())
    for word in ("prosjekta", "partane", "tilskot", "leiar", "kjelde", "frå", "ikkje"):
        assert word in nn.lower(), word
    for word in ("prosjektene", "partene", "tilskudd", "leder ", "kilde", "ikke "):
        assert word not in nn.lower(), word


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_report_renders(kind: str, lang: str, fmt: str) -> None:
    for data, as_of in ((ROOT / "data", "2026-11-21"), (BASE, BASE_AS_OF.isoformat())):
        out = run(
            "--data",
            str(data),
            "--as-of",
            as_of,
            "--lang",
            lang,
            "report",
            kind,
            "--format",
            fmt,
            "--year",
            as_of[:4],
        )
        assert len(out) > 200
        if fmt == "html":
            assert out.startswith("<!DOCTYPE html>") and "<script" not in out
            assert f'<html lang="{lang}">' in out
            assert "http://" not in out.replace("http://www.w3.org/2000/svg", "")
            assert "https://" not in out


def test_dates_and_amounts_through_babel() -> None:
    out = run(
        "--data",
        str(BASE),
        "--as-of",
        "2023-06-15",
        "--lang",
        "nb",
        "report",
        "annual-plan",
        "--year",
        "2021",
    )
    assert "15. juni 2023" in out
    assert "1\u00a0000\u00a0000 kr" in out  # felles-arkiv's budget
    en = run(
        "--data",
        str(BASE),
        "--as-of",
        "2023-06-15",
        "--lang",
        "en",
        "report",
        "annual-plan",
        "--year",
        "2021",
    )
    assert "15 June 2023" in en and "NOK 1,000,000" in en


def test_project_name_with_script_is_text(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    p = data / "projects" / "ideverksted.yaml"
    p.write_text(
        p.read_text().replace(
            "name: Idéverkstad for tenestedesign", 'name: "<script>alert(1)</script>"'
        )
    )
    out = run(
        "--data", str(data), "--as-of", "2023-06-15", "report", "portfolio", "--format", "html"
    )
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_public_version_leaves_out_contact_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    (data / "people" / "kari-ks.yaml").write_text(
        "id: kari-ks\nname: Kari Ks\norg: ks\nemail: kari@example.org\nrestricted: true\n"
    )
    # Markdown puts a zero-width space after every @ (no mention, no autolink): drop it here
    full = run("--data", str(data), "--as-of", "2023-06-15", "report", "board").replace(
        "\u200b", ""
    )
    public = run(
        "--data", str(data), "--as-of", "2023-06-15", "report", "board", "--public"
    ).replace("\u200b", "")
    assert "berit.berg@example.org" in full
    assert "@example.org" not in public
    assert "Kari Ks" not in public and "(restricted)" in public


def test_output_file_is_written_atomically_and_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    args = ["--data", str(BASE), "--as-of", "2023-06-15", "report", "annual-plan", "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    first = out.read_text()
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert out.read_text() == first
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


def test_templates_can_be_overridden_by_name(tmp_path: Path) -> None:
    (tmp_path / "report.md").write_text(
        "CUSTOM {{ report.title }} {{ report.sections | length }}\n"
    )
    out = run(
        "--data",
        str(BASE),
        "--as-of",
        "2023-06-15",
        "report",
        "portfolio",
        "--templates",
        str(tmp_path),
    )
    assert out.startswith("CUSTOM ")


def test_a_missing_value_fails_loudly(tmp_path: Path) -> None:
    (tmp_path / "report.md").write_text("{{ report.no_such_thing }}\n")
    result = runner.invoke(
        app, ["--data", str(BASE), "report", "portfolio", "--templates", str(tmp_path)]
    )
    assert result.exit_code != 0


def _json(*args: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(
        run("--data", str(ROOT / "data"), "--as-of", "2026-11-21", *args)
    )
    return doc


def test_figures_agree_with_the_json_views() -> None:
    from digictl.load.dataset import DirectorySource
    from digictl.output.reports.build import Inputs, build
    from digictl.output.reports.i18n import Translator
    from digictl.rules.engine import check_source

    as_of = date(2026, 11, 21)
    model = check_source(DirectorySource(ROOT / "data"), as_of).model
    t = Translator("en")

    board = _json("board", "--format", "json")
    rep = build("board", Inputs(model, as_of, t, 2026))
    for body, section in zip(board["bodies"], rep.sections, strict=True):
        assert section.id == body["id"]
        rows = section.tables[0][1].rows
        assert len(rows) == len(body["members"])
        assert [r[0] for r in rows] == [m["seat"] for m in body["members"]]
        assert [r[6] for r in rows] == [m["status"] for m in body["members"]]

    pf = _json("portfolio", "--format", "json")
    rep = build("portfolio", Inputs(model, as_of, t, 2026))
    rows = rep.sections[0].tables[0][1].rows
    assert [r[0] for r in rows] == [p["name"] for p in pf["projects"]]
    assert [r[5] for r in rows] == [
        t.kr(p["budget"]) if p["budget"] is not None else "" for p in pf["projects"]
    ]
    assert t.kr(pf["totals"]["budget"]) in rep.sections[0].paragraphs[0]

    dl = _json("deadlines", "--format", "json")
    rep = build("deadlines", Inputs(model, as_of, t, 2026))
    rows = rep.sections[0].tables[0][1].rows
    assert [r[1] for r in rows] == [
        t.short_date(date.fromisoformat(d["effective"])) for d in dl["deadlines"]
    ]
    assert [int(r[3]) for r in rows] == [d["days_left"] for d in dl["deadlines"]]


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("report.md", ["report", "portfolio"]),
        ("minutes.md", ["meeting", "minutes", "2023-06-05-styringsgruppa"]),
    ],
)
def test_a_template_that_does_not_parse_is_one_sentence(
    name: str, command: list[str], tmp_path: Path
) -> None:
    """Reports and meeting documents render through one place, which names a broken user
    template and its line (exit 2, no traceback)."""
    (tmp_path / name).write_text("line one\n{% if %}\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["--lang", "en", "--data", str(BASE), *command, "--templates", str(tmp_path)],
    )
    assert result.exit_code == 2, result.output
    assert f"template {tmp_path / name}:2:" in result.stderr
    assert "Traceback" not in result.output
