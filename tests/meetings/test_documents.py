"""The meeting documents (notice and minutes): every recorded meeting in every language and
format, saved snapshots of a full meeting, hostile values, and the public version."""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digictl import __version__
from digictl.cli import app
from digictl.output.meetings import DOCUMENTS, document
from digictl.output.meetings.render import render
from digictl.output.reports.document import Inputs
from digictl.output.reports.i18n import Translator
from digictl.vocabulary import LANGUAGES
from tests.meetings.fixture import (
    AS_OF,
    DATA_AS_OF,
    MEETING,
    base_with_meeting,
    data_with_meeting,
)
from tests.snapshots import check_snapshot

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
VERSION = "@VERSION@"  # the version that made a document, so a release changes no snapshot

runner = CliRunner()


def run(data: Path, as_of: str, *args: str) -> str:
    result = runner.invoke(app, ["--data", str(data), "--as-of", as_of, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def recorded(data: Path) -> list[str]:
    """The meetings of ``data`` whose file records an agenda or attendance."""
    pattern = re.compile(r"^(agenda|attendance):", re.MULTILINE)
    return sorted(
        p.stem
        for p in (data / "meetings").glob("*.yaml")
        if pattern.search(p.read_text(encoding="utf-8"))
    )


def heading_levels(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])\b", html)]


def check_html(html: str, lang: str) -> None:
    """What every HTML document is: one self-contained page, in its language, with a title,
    a main landmark and headings that skip no level."""
    assert html.startswith("<!DOCTYPE html>")
    assert f'<html lang="{lang}">' in html
    assert re.search(r"<title>[^<]+</title>", html)
    assert html.count("<main>") == 1 and html.count("<h1>") == 1
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b|<[^>]*\s(src|on\w+)=", html)
    levels = heading_levels(html)
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in pairwise(levels)), levels
    assert all('<th scope="' in table for table in html.split("<table")[1:])


def test_every_meeting_renders(tmp_path: Path) -> None:
    """Every meeting of data/ (and the full fixture meeting): those recorded with the
    workflow and those recorded only with their decisions, in every language, md and html."""
    from digictl.load.dataset import DirectorySource, read_dataset
    from digictl.model import build

    data, own = data_with_meeting(tmp_path)
    assert own in recorded(data) and len(recorded(data)) >= 8
    meetings = sorted(p.stem for p in (data / "meetings").glob("*.yaml"))
    model = build(read_dataset(DirectorySource(data)))
    for meeting in meetings:
        assert meeting in model.meetings, f"{meeting} did not load"
        for kind in DOCUMENTS:
            for lang in LANGUAGES:
                inp = Inputs(model, date.fromisoformat(DATA_AS_OF), Translator(lang), 2026)
                doc = document(kind, inp, meeting)
                md = render(doc, "md")
                assert md.startswith(f"# {doc.title}\n"), (meeting, kind, lang)
                check_html(render(doc, "html"), lang)


def test_the_full_meeting_through_the_cli(tmp_path: Path) -> None:
    data, own = data_with_meeting(tmp_path)
    minutes = run(data, DATA_AS_OF, "--lang", "nn", "meeting", "minutes", own)
    assert "Protokoll frå møte i" in minutes
    assert "vedtaksført" in minutes and "fråtredde" in minutes
    assert "Avgjort ved røysting: 4 for, 1 mot, 0 blanke." in minutes
    notice = run(data, DATA_AS_OF, "--lang", "nb", "meeting", "notice", own, "--format", "html")
    check_html(notice, "nb")
    assert '<a href="https://example.org/91-26.pdf">' in notice
    assert "Unntatt offentlighet: offentleglova § 14." in notice


# --- snapshots of the full meeting of the base partnership ------------------------------------

CASES = {
    f"{kind}.{lang}.{fmt}": (kind, lang, fmt)
    for kind in DOCUMENTS
    for lang, fmt in (("nb", "md"), ("nb", "html"), ("nn", "md"), ("en", "md"))
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_snapshot(name: str, tmp_path: Path) -> None:
    kind, lang, fmt = CASES[name]
    data = base_with_meeting(tmp_path)
    out = run(data, AS_OF, "--lang", lang, "meeting", kind, MEETING, "--format", fmt)
    made_by = f"digictl {__version__}"
    assert made_by in out
    check_snapshot(SNAPSHOTS / name, out.replace(made_by, f"digictl {VERSION}"))


def test_what_the_minutes_say(tmp_path: Path) -> None:
    data = base_with_meeting(tmp_path)
    en = run(data, AS_OF, "--lang", "en", "meeting", "minutes", MEETING)
    assert "The meeting was quorate: 4 of 4 voting members were present" in en
    assert "| Rita Ressurs | Bergen | Bodil Fjord |" in en  # the deputy, and for whom
    assert "| Bodil Fjord | Bjørnafjorden | sjukdom |" in en
    assert "3 of 4 voting members were present (at least 2 needed): quorate." in en
    assert "Decided by vote: 2 for, 1 against, 0 abstaining." in en
    assert "Decided by the chair after consensus failed (cooperation agreement § 4.3)." in en
    assert "No decision is recorded under this item." in en  # 11/23
    assert "approved by e-mail on 12 June 2023 by Berit Berg and Aud Alver." in en
    # before the approval: not approved yet, due 14 days after the meeting
    early = run(data, "2023-06-08", "--lang", "en", "meeting", "minutes", MEETING)
    assert "The minutes are not approved yet; they are due by 19 June 2023." in early


def test_what_the_notice_says(tmp_path: Path) -> None:
    data = base_with_meeting(tmp_path)
    nb = run(data, AS_OF, "--lang", "nb", "meeting", "notice", MEETING)
    assert "# Innkalling til møte i Styringsgruppa" in nb
    assert "mandag 5. juni 2023" in nb and "kl. 10.00–14.00" in nb
    assert "| Berit Berg | Bergen | leder | berit.berg@\u200bexample.org |" in nb
    assert "### Varamedlemmer" in nb and "| Rita Ressurs | Bergen |" in nb
    assert "| 9/23 | Forhandlingar om ny leverandøravtale | Vedtakssak |" in nb
    assert "Unntatt offentlighet: offentleglova § 23 første ledd." in nb
    html = run(data, AS_OF, "--lang", "nb", "meeting", "notice", MEETING, "--format", "html")
    link = '<a href="https://example.org/testland/status-2023-06.pdf">'
    assert link in html and "(2023/1234-5)" in html and 'href="2023' not in html


# --- hostile values ---------------------------------------------------------------------------

HOSTILE = {
    "place": '"<script>alert(1)</script> | `x` [x](javascript:alert(1))"',
    "title": '"<script>alert(2)</script> {{ 1337*1337 }} a | b\\nline two"',
    "proposal": '"line one\\n# line two <img src=x onerror=alert(3)> [y](javascript:alert(4))"',
    "text": '"`code` | {{ 7*191 }}\\n# not a heading\\n<script>alert(5)</script>"',
    "ref": '"javascript:alert(6)"',
}
_LINK = re.compile(r"(?<!\\)\[[^\]\n]*(?<!\\)\]\(")
_PIPE = re.compile(r"(?<!\\)\|")


def check_md(md: str) -> None:
    for bad in ("<script", "<img", "1787569", "1337"):
        assert bad not in md.replace("1337\\*1337", ""), bad
    assert not _LINK.search(md), _LINK.search(md)
    assert not re.search(r"(?<!\\)`", md)
    for line in md.splitlines():
        assert not line.startswith(("line two", "# line two", "# not a heading", "<")), line
        if line.startswith("| 7/23"):
            assert len(_PIPE.findall(line)) == 4, line


def check_hostile_html(html: str) -> None:
    for bad in ("<script", "<img", 'javascript:alert(1)">', 'href="javascript', "1787569"):
        assert bad not in html, bad
    assert "&lt;script&gt;alert(2)&lt;/script&gt; {{ 1337*1337 }} a | b" in html


@pytest.mark.parametrize("kind", DOCUMENTS)
@pytest.mark.parametrize("public", [False, True])
def test_hostile_values_are_text(kind: str, public: bool, tmp_path: Path) -> None:
    data = base_with_meeting(tmp_path, **HOSTILE)
    extra = ["--public"] if public else []
    md = run(data, AS_OF, "meeting", kind, MEETING, *extra)
    check_md(md)
    html = run(data, AS_OF, "meeting", kind, MEETING, "--format", "html", *extra)
    check_html(html, "en")  # the tests speak English ($DIGICTL_LANG)
    check_hostile_html(html)


def test_hostile_values_in_the_list_of_decisions(tmp_path: Path) -> None:
    data = base_with_meeting(tmp_path, **HOSTILE)
    md = run(data, AS_OF, "report", "decisions", "--year", "2023")
    check_md(md)
    html = run(data, AS_OF, "report", "decisions", "--year", "2023", "--format", "html")
    assert "<script" not in html and "&lt;script&gt;alert(5)&lt;/script&gt;" in html


# --- the public version -----------------------------------------------------------------------

SECRET = (
    "Forhandlingar om ny leverandøravtale",  # the exempt item's title
    "fullmakt til å forhandle",  # its proposal and its decision's text
    "Fullmakt til forhandlingar",  # its decision's title
    "Notat om forhandlingsstrategi",  # its attachment
    "@example.org",  # e-mail addresses
    "sjukdom",  # a reason for absence
    "forvaltningslova § 6",  # the grounds of a conflict
    "Aud Alver",  # a restricted person
)


@pytest.mark.parametrize("kind", DOCUMENTS)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_public_version_leaves_out_what_is_withheld(kind: str, fmt: str, tmp_path: Path) -> None:
    data = base_with_meeting(tmp_path)
    person = data / "people" / "aud-alver.yaml"
    person.write_text(person.read_text(encoding="utf-8") + "restricted: true\n", encoding="utf-8")
    args = ["--lang", "nn", "meeting", kind, MEETING, "--format", fmt]
    full = run(data, AS_OF, *args).replace("\u200b", "")
    public = run(data, AS_OF, *args, "--public").replace("\u200b", "")
    shown = [s for s in SECRET if s in full]
    assert "Forhandlingar om ny leverandøravtale" in shown and "Aud Alver" in shown
    for secret in shown:
        assert secret not in public, secret
    # the exempt item keeps its number and legal basis, and says why the rest is left out
    assert "9/23" in public and "offentleglova § 23 første ledd" in public
    assert "(unnateke offentlegheit)" in public and "(skjerma)" in public
    assert "Offentleg versjon (offentleglova)" in public


def test_public_list_of_decisions(tmp_path: Path) -> None:
    data = base_with_meeting(tmp_path)
    full = run(data, AS_OF, "report", "decisions", "--year", "2023")
    public = run(data, AS_OF, "report", "decisions", "--year", "2023", "--public")
    assert "Fullmakt til forhandlingar" in full and "fullmakt til å forhandle" in full
    assert "Fullmakt til forhandlingar" not in public and "fullmakt til å forhandle" not in public
    assert "SG-2023-06" in public and "9/23" in public


def test_minutes_of_a_meeting_before_the_workflow_ask_for_no_approval() -> None:
    """A meeting recorded only with its decisions is asked for no approval (the facts give it
    no minutes deadline): its minutes say nothing of one, and show the filed reference."""
    from tests.conftest import ROOT

    data = ROOT / "data"
    old = run(data, "2026-12-02", "--lang", "en", "meeting", "minutes", "2019-02-14-programstyret")
    assert "not approved" not in old
    assert "Filed minutes" in old
    planned = run(
        data, "2026-12-02", "--lang", "en", "meeting", "minutes", "2026-12-10-programstyret"
    )
    assert "The minutes are not approved yet; they are due by 24 December 2026." in planned
