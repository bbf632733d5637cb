"""PDF/A of an HTML document (a report, a meeting notice, the minutes), through WeasyPrint.

The PDF is PDF/A-2b (WeasyPrint's ``pdf/a-2b`` variant): every font embedded, an sRGB output
intent, XMP metadata naming the part and conformance; its title is the HTML's ``<title>`` and
its language the ``lang`` of ``<html>``. The HTML is printed as it is, with its print
stylesheet (``@page`` and ``@media print``).

WeasyPrint is an optional dependency (``pip install 'digictl[pdf]'``) that needs the Pango
library of the system; it is imported here only, when a PDF is asked for, so that no other
command pays for it. Without it (or without Pango) the request is a usage error, one sentence.

Hostile data (design §9): WeasyPrint fetches nothing. Its URL fetcher refuses every URL but
``data:`` (which reads only the URL itself), so an ``<img src="file:///etc/passwd">``, an
``http://`` image, a CSS ``url()`` or ``@import`` or an ``@font-face`` source (in a user
template, say: data values are escaped before they reach the HTML) never reaches the file
system or the network; the resource is left out. WeasyPrint's own log (it reports each
refused resource and every CSS property it does not know) is kept off stderr while it works.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from digictl.errors import UsageError
from digictl.i18n import _

# WeasyPrint's name for PDF/A-2 level B (basic: the look is preserved; fonts embedded)
VARIANT = "pdf/a-2b"


def pdf_of(html: str) -> bytes:
    """``html`` (one self-contained document) as a PDF/A-2b file."""
    weasyprint = _weasyprint()
    fetcher = refusing_fetcher(weasyprint)
    with _quiet():
        document = weasyprint.HTML(string=html, url_fetcher=fetcher, media_type="print")
        return bytes(document.write_pdf(pdf_variant=VARIANT))


def _weasyprint() -> Any:
    """The weasyprint module, or a usage error saying how to get it."""
    try:
        import weasyprint
    except (ImportError, OSError):  # OSError: WeasyPrint is there, Pango is not
        raise UsageError(
            _(
                "PDF output needs WeasyPrint and the Pango library it uses: "
                "`pip install 'digictl[pdf]'`, with Pango from the system's packages"
            )
        ) from None
    return weasyprint


def refusing_fetcher(weasyprint: Any) -> Any:
    """A WeasyPrint URL fetcher that fetches nothing: every URL but ``data:`` is refused
    (WeasyPrint then leaves the image, stylesheet or font out)."""

    class Refusing(weasyprint.URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=1)

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url[:5].lower() != "data:":
                raise ValueError(f"digictl fetches no resource for a PDF: {url[:200]}")
            return super().fetch(url, headers)

    return Refusing()


@contextmanager
def _quiet() -> Iterator[None]:
    """WeasyPrint's loggers neither print nor reach the root logger while it works; the
    ResourceWarning of the sRGB profile it opens for the output intent and leaves to the
    garbage collector (WeasyPrint 70) is not shown either."""
    loggers = [logging.getLogger("weasyprint"), logging.getLogger("weasyprint.progress")]
    saved = [(log.propagate, log.disabled) for log in loggers]
    for log in loggers:
        log.propagate = False
        log.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            yield
    finally:
        for log, (propagate, disabled) in zip(loggers, saved, strict=True):
            log.propagate = propagate
            log.disabled = disabled
