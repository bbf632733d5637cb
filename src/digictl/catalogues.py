"""The message catalogues: extracting the English messages from the code, updating the
bokmål and nynorsk translations, compiling them for ``digictl.i18n`` (``make messages``).

``python -m digictl.catalogues`` extracts every ``_``, ``ngettext`` and ``N_`` message of
``src/digictl`` with Babel, merges them into ``locale/<lang>/LC_MESSAGES/digictl.po``
(new messages arrive untranslated, messages no longer in the code are dropped) and
compiles each ``.po`` into the ``.mo`` the package reads. ``--check`` changes nothing
and says what is missing; the test suite runs the same checks (tests/test_catalogues.py).
"""

from __future__ import annotations

import datetime
import io
import string
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from digictl.i18n import DOMAIN, LOCALE_DIR

PACKAGE = Path(__file__).resolve().parent
TRANSLATED = ("nb", "nn")
# generated code and the catalogue tools themselves hold no messages
_METHODS = [
    ("**/_validators/**", "ignore"),
    ("**/locale/**", "ignore"),
    ("**.py", "python"),
]
_KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "ngettext": (1, 2)}
_COMMENT_TAGS = ["Translators:"]


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def extract() -> Catalog:
    """Every message in the code, as Babel finds it (English; no translations)."""
    template = Catalog(project="digictl", domain=DOMAIN, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, _METHODS, keywords=_KEYWORDS, comment_tags=_COMMENT_TAGS, strip_comment_tags=True
    ):
        template.add(
            message,
            None,
            [(filename, lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


# fixed header values, so that a catalogue changes only when its messages do
_EPOCH = datetime.datetime(2026, 12, 2, tzinfo=datetime.UTC)
_NAMES = {"nb": "Norwegian Bokmål", "nn": "Norwegian Nynorsk"}


def read(lang: str) -> Catalog:
    """The translations of ``lang`` as they are on disk (an empty catalogue when none)."""
    path = po_path(lang)
    if not path.exists():
        return Catalog(
            locale=lang,
            domain=DOMAIN,
            project="digictl",
            version="",
            header_comment=(
                f"# {_NAMES.get(lang, lang)} messages of digictl.\n"
                "# Kept by `make messages` (python -m digictl.catalogues): translate the empty\n"
                "# msgstr entries; the test suite fails while any is empty."
            ),
            creation_date=_EPOCH,
            revision_date=_EPOCH,
            last_translator="digictl developers",
            language_team=_NAMES.get(lang, lang),
            fuzzy=False,
        )
    with path.open("rb") as fp:
        return read_po(fp, locale=lang, domain=DOMAIN)


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=True, include_lineno=False, omit_header=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def update(lang: str, template: Catalog) -> Catalog:
    """``lang``'s catalogue with exactly the messages of ``template``: translations kept,
    new messages untranslated, vanished ones dropped (no fuzzy guesses: a changed
    message is translated again, on purpose)."""
    catalog = read(lang)
    catalog.update(
        template, no_fuzzy_matching=True, update_header_comment=False, update_creation_date=False
    )
    catalog.obsolete.clear()
    catalog.fuzzy = False
    catalog.revision_date = catalog.creation_date = _EPOCH
    return catalog


@dataclass(frozen=True)
class Gap:
    """A message a catalogue does not translate well enough to ship."""

    lang: str
    msgid: str
    why: str

    def __str__(self) -> str:
        return f"{self.lang}: {self.why}: {self.msgid!r}"


def _ids(message: Message) -> list[str]:
    return [message.id] if isinstance(message.id, str) else list(message.id)


def strings(message: Message) -> list[str]:
    """The translation of a message: one string, or one per plural form."""
    if isinstance(message.string, str):
        return [message.string]
    return list(message.string or ())


def placeholders(text: str) -> set[str] | None:
    """The named fields of a message (``{org}``), or None when it is not a valid format
    string."""
    try:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError:
        return None


def gaps(lang: str, catalog: Catalog, template: Catalog) -> Iterator[Gap]:
    """What keeps ``catalog`` from being complete for the code's messages: missing,
    empty or fuzzy translations, other placeholders than the English, and messages the
    code no longer has."""
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    have = set()
    for message in catalog:
        if not message.id:
            continue
        key = _ids(message)[0]
        have.add(key)
        if key not in wanted:
            yield Gap(lang, key, "no longer in the code")
            continue
        texts = strings(message)
        if message.fuzzy:
            yield Gap(lang, key, "marked fuzzy")
        if not texts or any(not s.strip() for s in texts):
            yield Gap(lang, key, "not translated")
            continue
        english = set().union(*(placeholders(i) or set() for i in _ids(message)))
        for s in texts:
            fields = placeholders(s)
            if fields is None:
                yield Gap(lang, key, f"not a valid format string: {s!r}")
            elif fields - english:
                yield Gap(lang, key, f"placeholders {sorted(fields - english)} not in English")
            elif isinstance(message.id, str) and fields != english:
                yield Gap(lang, key, f"placeholders {sorted(english - fields)} left out")
    for key in sorted(wanted - have):
        yield Gap(lang, key, "missing")


def main(argv: list[str]) -> int:
    check = "--check" in argv
    template = extract()
    problems: list[Gap] = []
    for lang in TRANSLATED:
        catalog = update(lang, template)
        problems.extend(gaps(lang, catalog, template))
        if check:
            continue
        po_path(lang).parent.mkdir(parents=True, exist_ok=True)
        po_path(lang).write_bytes(po_bytes(catalog))
        mo_path(lang).write_bytes(mo_bytes(catalog))
    for gap in problems:
        print(gap, file=sys.stderr)
    print(f"{len(template)} messages; {len(problems)} gap(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
