"""The message catalogues are complete, consistent, real nynorsk, and compiled as shipped.

When a message is added or changed in the code, these tests fail until ``make messages``
has merged it into the catalogues and someone has translated it into bokmål and nynorsk
(tests/test_catalogues.py::test_every_message_is_translated names each one).
"""

from __future__ import annotations

import re
from functools import cache
from gettext import GNUTranslations

import pytest
from babel.messages.catalog import Catalog

from digictl import catalogues, i18n

LANGS = catalogues.TRANSLATED


@cache
def _template() -> Catalog:
    return catalogues.extract()


@cache
def _catalog(lang: str) -> Catalog:
    return catalogues.read(lang)


def _translations(lang: str) -> list[tuple[str, str]]:
    """(English, translation) for every form of every message of ``lang``."""
    pairs = []
    for message in _catalog(lang):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = catalogues.strings(message)
        for k, text in enumerate(strings):
            pairs.append((ids[min(k, len(ids) - 1)], text))
    return pairs


def test_the_code_has_messages() -> None:
    """Extraction finds the messages (a broken extractor would make every check vacuous)."""
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in _template() if m.id}
    assert len(ids) > 300
    assert "--lang takes nb, nn or en, not {value!r}" in ids


def test_every_message_can_be_extracted() -> None:
    """No message is written so that Babel skips it (an f-string inside ``_()``): it would
    never reach the catalogues, and show in English in every language."""
    import contextlib
    import io

    told = io.StringIO()
    with contextlib.redirect_stderr(told):
        catalogues.extract()
    assert "warning" not in told.getvalue(), told.getvalue()


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_translated(lang: str) -> None:
    """Every message of the code is in the catalogue, translated, not fuzzy, with the same
    placeholders; nothing the code no longer says is kept."""
    gaps = [str(g) for g in catalogues.gaps(lang, _catalog(lang), _template())]
    assert not gaps, "run `make messages` and translate:\n" + "\n".join(gaps[:40])


def test_gaps_are_found() -> None:
    """The completeness check itself fails on each kind of gap."""
    template = Catalog(locale="en")
    template.add("`{org}` left on {day}")
    template.add("kept")
    template.add("braces")
    template.add(("{n} file", "{n} files"))
    catalog = Catalog(locale="nn")
    catalog.add("`{org}` left on {day}", "`{org}` gjekk ut")  # a placeholder left out
    catalog.add("kept", "")  # empty
    catalog.add("braces", "{oops")  # not a format string
    catalog.add(("{n} file", "{n} files"), ("{n} fil", "{count} filer"))  # another name
    catalog.add("gone", "borte")  # no longer in the code
    whys = sorted(
        g.why.split(":")[0].split(" [")[0] for g in catalogues.gaps("nn", catalog, template)
    )
    assert whys == [
        "no longer in the code",
        "not a valid format string",
        "not translated",
        "placeholders",
        "placeholders",
    ]


# common bokmål forms that nynorsk writes otherwise (ikkje, viss, nokon, kva, berre, …)
_BOKMAL_ONLY = re.compile(
    r"\b("
    r"ikke|hvis|noen|noe|hva|hvem|hvor|hvordan|hvorfor|bare|være|vært|ble|fra|"
    r"medlemmer|medlemmene|frister|fristene|dager|uker|måneder|gjelder|finnes|mangler|"
    r"ennå|eier|eieren|skriver|leser|skrevet|dere|deres|mye|sier|følgende|gjøre|gjør|"
    r"selv|hennes|prosjekter|prosjektene|parter|partene|vedtakene|møtene|mappen|filen|"
    r"datamappen|lederen|eget|egne"
    r")\b",
    re.IGNORECASE,
)
# a nynorsk form in bokmål text
_NYNORSK_ONLY = re.compile(
    r"\b(ikkje|nokon|noko|kva|kven|korleis|berre|vere|vore|frå|finst|manglar|enno|"
    r"medlemmar|fristar|dagar|veker|eigar|leiar|heiter|eit)\b",
    re.IGNORECASE,
)


def _words(text: str) -> str:
    """The translatable words of a message: placeholders and `quoted` names left out."""
    text = re.sub(r"\{[^{}]*\}", " ", text)
    return re.sub(r"`[^`]*`", " ", text)


def test_nynorsk_is_nynorsk() -> None:
    found = [
        (match.group(0), english)
        for english, text in _translations("nn")
        for match in [_BOKMAL_ONLY.search(_words(text))]
        if match
    ]
    assert not found, "bokmål forms in nynorsk:\n" + "\n".join(f"{w!r} in {e!r}" for w, e in found)


def test_bokmal_is_bokmal() -> None:
    found = [
        (match.group(0), english)
        for english, text in _translations("nb")
        for match in [_NYNORSK_ONLY.search(_words(text))]
        if match
    ]
    assert not found, "nynorsk forms in bokmål:\n" + "\n".join(f"{w!r} in {e!r}" for w, e in found)


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Fila finst ikke", True),
        ("Viss medlemmer manglar", True),
        ("Personen må ha vært medlem", True),
        ("Fila finst ikkje", False),
        ("`ikke` er ein id", False),  # a quoted name is not a word of the message
        ("{ikke} manglar", False),
    ],
)
def test_the_nynorsk_check_catches_bokmal(text: str, bad: bool) -> None:
    assert bool(_BOKMAL_ONLY.search(_words(text))) is bad


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogue_is_current(lang: str) -> None:
    """The .mo the package reads says what the .po says (run `make messages` after
    translating)."""
    with catalogues.mo_path(lang).open("rb") as fp:
        shipped = GNUTranslations(fp)
    for message in _catalog(lang):
        if not message.id:
            continue
        if isinstance(message.id, str):
            assert shipped.gettext(message.id) == message.string, message.id
        else:
            forms = catalogues.strings(message)
            for n, form in ((1, 0), (2, 1)):
                assert shipped.ngettext(message.id[0], message.id[1], n) == forms[form]


@pytest.mark.parametrize("lang", LANGS)
def test_every_translation_fills_in(lang: str) -> None:
    """Each translation takes the values the code passes (by the English placeholders)."""
    for english, text in _translations(lang):
        names = catalogues.placeholders(english) or set()
        if not names:
            continue
        values = dict.fromkeys(names, "x")
        text.format_map(values)


def test_the_package_reads_the_catalogues() -> None:
    i18n.use("nn")
    try:
        assert i18n.catalogue("nn").gettext("--lang takes nb, nn or en, not {value!r}") != (
            "--lang takes nb, nn or en, not {value!r}"
        )
    finally:
        i18n.use("en")


# --- the reports' keyed catalogues (templates/messages/*.json) meet the same bar ---------------


def _report_pairs(lang: str) -> list[tuple[str, str]]:
    from digictl.output.reports.i18n import catalogue

    english = catalogue("en")
    return [(english[key], text) for key, text in catalogue(lang).items()]


def test_report_catalogues_have_the_english_placeholders() -> None:
    from digictl.output.reports.i18n import catalogue

    english = catalogue("en")
    for lang in LANGS:
        for key, text in catalogue(lang).items():
            assert text.strip(), f"{lang}: {key} is empty"
            assert catalogues.placeholders(text) == catalogues.placeholders(english[key]), (
                f"{lang}: {key}"
            )


def test_report_nynorsk_is_nynorsk_and_bokmal_bokmal() -> None:
    found = [
        (lang, match.group(0), english)
        for lang, pattern in (("nn", _BOKMAL_ONLY), ("nb", _NYNORSK_ONLY))
        for english, text in _report_pairs(lang)
        for match in [pattern.search(_words(text))]
        if match
    ]
    assert not found, found
