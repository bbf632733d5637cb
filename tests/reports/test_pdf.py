"""PDF/A of the reports and meeting documents (WeasyPrint), checked with poppler.

Each PDF starts with ``%PDF-``, its XMP metadata says PDF/A-2b (``pdfaid:part`` 2,
``pdfaid:conformance`` B), ``pdffonts`` lists every font as embedded, its title and language are
the HTML's, and ``pdftoppm`` renders every page ``pdfinfo`` counts (one PNG each, none blank).
WeasyPrint fetches nothing the HTML points at (design §9). Outside CI the checks are skipped
when WeasyPrint or poppler-utils are missing; CI (.ci/run) installs them.
"""

from __future__ import annotations

import base64
import builtins
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zlib
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from digictl.cli import app
from digictl.errors import UsageError
from digictl.output.pdf import pdf_of, refusing_fetcher
from digictl.output.reports.build import KINDS
from tests.conftest import BASE, BASE_AS_OF, ROOT

POPPLER = ("pdfinfo", "pdffonts", "pdftoppm", "pdftotext")
AS_OF = "2026-11-21"
MEETING = "2026-11-12-programstyret"


def _have_weasyprint() -> bool:
    if importlib.util.find_spec("weasyprint") is None:
        return False
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: no Pango
        return False
    return True


needs_pdf = pytest.mark.skipif(
    not (_have_weasyprint() and all(shutil.which(tool) for tool in POPPLER))
    and not os.environ.get("CI"),
    reason="WeasyPrint (with Pango) or poppler-utils is not installed (.ci/run installs them)",
)


def _tool(*args: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, f"{args[0]}: {result.stderr[-2000:]}"
    return result.stdout


def _objects(pdf: bytes) -> bytes:
    """The PDF's bytes with every Flate stream inflated (the catalogue lives in one)."""
    parts = [pdf]
    for found in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[found.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def check_pdf(path: Path, title: str, lang: str) -> int:
    """``path`` is a PDF/A-2b with embedded fonts, ``title`` and ``lang``, every page
    rendering; its page count."""
    from PIL import Image

    pdf = path.read_bytes()
    assert pdf.startswith(b"%PDF-")
    xmp = _tool("pdfinfo", "-meta", str(path))
    assert re.search(r'pdfaid:part(="|>)2\b', xmp), xmp
    assert re.search(r'pdfaid:conformance(="|>)B\b', xmp), xmp
    info = dict(
        (key.strip(), value.strip())
        for key, _, value in (
            line.partition(":") for line in _tool("pdfinfo", str(path)).splitlines()
        )
    )
    assert info["Title"] == title
    assert f"/Lang ({lang})".encode() in _objects(pdf)
    pages = int(info["Pages"])
    assert pages >= 1

    fonts = _tool("pdffonts", str(path)).splitlines()
    dashes = fonts[1]  # the header's underline gives the columns
    columns = [(m.start(), m.end()) for m in re.finditer(r"-+", dashes)]
    names = fonts[0].split()
    emb = columns[names.index("emb")]
    rows = fonts[2:]
    assert rows, "no fonts at all"
    not_embedded = [row for row in rows if row[emb[0] : emb[1]].strip() != "yes"]
    assert not not_embedded, "fonts not embedded:\n" + "\n".join(not_embedded)

    prefix = path.with_suffix("")
    _tool("pdftoppm", "-r", "40", "-png", str(path), str(prefix))
    images = sorted(path.parent.glob(f"{prefix.name}-*.png"))
    assert len(images) == pages, (len(images), pages)
    for image in images:
        with Image.open(image) as png:
            darkest = png.convert("L").getextrema()[0]  # 255: white all over
            assert isinstance(darkest, int) and darkest < 240, f"{image.name} is blank"
    return pages


def _cli(args: list[str]) -> str:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    assert found
    return unescape(found.group(1)).strip()


# a project whose name is markup: text in the PDF, never an image WeasyPrint would fetch
PAYLOAD = "<img src=/etc/passwd>"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pdf") / "data"
    shutil.copytree(ROOT / "data", target)
    project = target / "projects" / "sikkerhetsbaseline-m365.yaml"
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("name: ", f'name: "{PAYLOAD} " # ', 1), encoding="utf-8")
    return target


# every kind once, the languages spread over them (not 3 languages x every kind)
LANGS = {kind: ("nb", "nn", "en")[i % 3] for i, kind in enumerate(KINDS)}


@needs_pdf
@pytest.mark.parametrize("kind", KINDS)
def test_report_as_pdf_a(kind: str, data: Path, tmp_path: Path) -> None:
    lang = LANGS[kind]
    common = ["--data", str(data), "--as-of", AS_OF, "--lang", lang, "report", kind]
    common += ["--year", "2026"]
    html = _cli([*common, "--format", "html"])
    out = tmp_path / f"{kind}.pdf"
    _cli([*common, "--format", "pdf", "-o", str(out)])
    check_pdf(out, _title(html), lang)
    if kind == "portfolio":
        shown = " ".join(_tool("pdftotext", str(out), "-").split())
        assert PAYLOAD in shown


def _workflow_meetings() -> list[str]:
    """The meetings of data/ whose file records an agenda or attendance."""
    pattern = re.compile(r"^(agenda|attendance):", re.MULTILINE)
    return sorted(
        p.stem
        for p in (ROOT / "data" / "meetings").glob("*.yaml")
        if pattern.search(p.read_text(encoding="utf-8"))
    )


# every such meeting of data/ as notice and minutes, the languages spread over them
DOCUMENT_CASES = [
    (meeting, document, ("nb", "nn", "en")[(i + j) % 3])
    for i, meeting in enumerate(_workflow_meetings())
    for j, document in enumerate(("notice", "minutes"))
]


@needs_pdf
@pytest.mark.parametrize(("meeting", "document", "lang"), DOCUMENT_CASES)
def test_meeting_document_as_pdf_a(
    meeting: str, document: str, lang: str, data: Path, tmp_path: Path
) -> None:
    common = ["--data", str(data), "--as-of", AS_OF, "--lang", lang, "meeting", document]
    html = _cli([*common, meeting, "--format", "html"])
    out = tmp_path / f"{document}.pdf"
    _cli([*common, meeting, "--format", "pdf", "-o", str(out)])
    check_pdf(out, _title(html), lang)


def test_data_has_meetings_with_the_workflow() -> None:
    assert len(_workflow_meetings()) >= 7  # what the PDF test renders: the 2026 meetings
    assert MEETING in _workflow_meetings()


# A page that points at every kind of resource WeasyPrint could fetch: images (HTML, CSS,
# SVG), stylesheets (<link>, @import), fonts (@font-face), an attachment; at a file that
# exists (SECRET), at /etc/passwd and at a web server. Only the data: image may load.
HOSTILE = """<!DOCTYPE html>
<html lang="nb"><head><meta charset="utf-8"><title>Fiendtlig</title>
<base href="{secret}/">
<link rel="stylesheet" href="{secret}/style.css">
<link rel="stylesheet" href="http://{host}/style.css">
<link rel="attachment" href="file:///etc/passwd">
<style>
@import url("{secret}/import.css");
@import "http://{host}/import.css";
@font-face {{ font-family: Secret; src: url("{secret}/font.ttf"); }}
body {{ background: url("http://{host}/bg.png"); font-family: Secret, sans-serif; }}
p.b {{ background-image: url("{secret}/secret.png"); }}
</style></head>
<body><h1>Fiendtlige data</h1>
<p class="b">tekst</p>
<img src="file:///etc/passwd" alt="passwd">
<img src="{secret}/secret.png" alt="fil">
<img src="secret.png" alt="relativ">
<img src="http://{host}/x.png" alt="nett">
<img src="https://{host}/x.png" alt="nett">
<img src="data:image/png;base64,{png}" alt="data">
<svg width="20" height="20"><style>@import url("{secret}/import.css");</style>
<image href="{secret}/secret.png" width="20" height="20"/></svg>
<object data="{secret}/secret.png" type="image/png"></object>
</body></html>
"""

_PROBE = """
import json, logging, sys
secret = sys.argv[1]
events = []

def hook(event, args):
    if event == "open" and args and args[0] is not None:
        path = str(args[0])
        if path.startswith(secret) or path == "/etc/passwd":
            events.append([event, path])
    elif event.startswith(("socket.", "urllib.")) and not str(args[0]).startswith("data:"):
        events.append([event, repr(args)[:200]])

sys.addaudithook(hook)
logging.basicConfig(level=logging.WARNING)  # a program that shows warnings on stderr
from digictl.output.pdf import pdf_of, refusing_fetcher
pdf = pdf_of(sys.stdin.read())
print(json.dumps({"events": events, "images": pdf.count(b"/Subtype /Image"),
                  "pdf": pdf[:5].decode()}))
"""


@needs_pdf
def test_pdf_fetches_nothing(tmp_path: Path) -> None:
    import socket

    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "secret.png").write_bytes(_png(7, 5))
    (secret / "style.css").write_text("h1 { color: red }", encoding="utf-8")
    (secret / "import.css").write_text("h1 { color: red }", encoding="utf-8")
    (secret / "font.ttf").write_bytes(b"not a font")
    with socket.socket() as server:  # a port that answers if anything connects
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0)
        host = f"127.0.0.1:{server.getsockname()[1]}"
        page = HOSTILE.format(
            secret=secret.as_uri(), host=host, png=base64.b64encode(_png(3, 3)).decode()
        )
        result = subprocess.run(
            [sys.executable, "-c", _PROBE, str(secret)],
            input=page,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=ROOT,
        )
        with pytest.raises(BlockingIOError):
            server.accept()  # nobody connected
    assert result.returncode == 0, result.stderr[-3000:]
    probe = json.loads(result.stdout)
    assert probe["pdf"] == "%PDF-"
    assert probe["events"] == [], "WeasyPrint reached the file system or the network"
    assert probe["images"] == 1, "only the data: image is drawn"
    assert result.stderr == "", "WeasyPrint's log reached stderr"


@needs_pdf
def test_the_fetcher_refuses_every_url_but_data() -> None:
    import weasyprint

    fetcher = refusing_fetcher(weasyprint)
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x.png", "HTTPS://example.org/", "x.css"):
        with pytest.raises(ValueError, match="fetches no resource"):
            fetcher(url)
    assert fetcher("data:text/plain,hei").read() == b"hei"


def _png(width: int, height: int) -> bytes:
    """A grey PNG (no alpha channel: one image in the PDF) of the given size."""
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _without_weasyprint(monkeypatch: pytest.MonkeyPatch, error: type[Exception]) -> None:
    """Importing weasyprint fails with ``error``: ImportError when it is not installed,
    OSError when it is and the Pango library is not."""
    real_import = builtins.__import__

    def refuse(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise error("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", refuse)


@pytest.mark.parametrize("error", [ImportError, OSError])
def test_without_weasyprint_a_pdf_is_one_sentence(
    error: type[Exception], monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_weasyprint(monkeypatch, error)
    with pytest.raises(UsageError, match=re.escape("pip install 'digictl[pdf]'")):
        pdf_of("<html><body>x</body></html>")


def test_without_weasyprint_the_cli_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _without_weasyprint(monkeypatch, OSError)
    out = tmp_path / "frister.pdf"
    args = ["--data", str(BASE), "--as-of", BASE_AS_OF.isoformat(), "report", "deadlines"]
    result = CliRunner().invoke(app, [*args, "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "pip install 'digictl[pdf]'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
