"""The language people read: choosing it, and every message and date in it.

Every user-facing sentence is written in English in the code and goes through ``_`` (or
``ngettext`` where it counts something); Babel extracts them into
``src/digictl/locale/digictl.pot`` and the bokmål and nynorsk catalogues translate them
(``make messages``; ``digictl.catalogues`` owns that). English is the source language: its
"catalogue" is the text in the code.

Messages are format strings with named placeholders, filled by the call::

    _("`{org}` left the agreement on {day}", org=org.id, day=left)

A ``date`` value is written the way the language writes dates ("1. mars 2024",
"1 March 2024"); every other value as ``str``. Literal braces in a message that takes
values are doubled, as in ``str.format``. ``N_`` marks a message that is translated later
(a rule's summary, written where the rule is declared and shown by ``rules``).

The language is one per process, set by the CLI (``use``) before anything is read:
``--lang``, then ``$DIGICTL_LANG``, then network.yaml's ``language``, then the locale
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), then bokmål (``choose``). Until a
run chooses, it is the environment's choice.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

from digictl._months import ABBREVIATED, WIDE
from digictl.vocabulary import DEFAULT_LANGUAGE, LANGUAGES

DOMAIN = "digictl"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

# what a locale name's language part means here ("no" is Norwegian as a macro language:
# bokmål is what most write); anything else is not a language of ours
_FROM_LOCALE = {"nb": "nb", "no": "nb", "nn": "nn", "en": "en"}

# None until a run chooses (``use``): then the environment's choice (``choose``), so that
# what is said before the options are read (an eager --version) is in it too
_active: str | None = None


def use(lang: str) -> None:
    """Make ``lang`` (nb, nn or en) the language of every message from now on."""
    global _active
    if lang not in LANGUAGES:
        raise ValueError(f"not a language of digictl: {lang!r}")
    _active = lang


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Speak ``lang`` inside the block, then the language before it again (a calendar's
    stable English ids, a report in another language than the run's)."""
    before = current()
    use(lang)
    try:
        yield
    finally:
        use(before)


def current() -> str:
    """The language messages are in now."""
    global _active
    if _active is None:
        _active = choose(None, None)
    return _active


def from_locale(name: str | None) -> str | None:
    """The language of a locale name (``nn_NO.UTF-8`` → ``nn``), or None when it is not one
    of ours (``C``, ``POSIX``, ``de_DE``, empty)."""
    if not name:
        return None
    part = name.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0]
    return _FROM_LOCALE.get(part.lower())


def from_environment(environ: Mapping[str, str]) -> str | None:
    """The language the environment asks for, as gettext reads it: ``LANGUAGE`` (a list,
    the first of ours counts), then the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that
    is set. None when the locale that decides is not nb, nn or en."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if not value:
            continue
        if name == "LANGUAGE":
            for part in value.split(":"):
                found = from_locale(part)
                if found:
                    return found
            continue
        return from_locale(value)
    return None


def choose(flag: str | None, network: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The language of this run: ``flag`` (--lang), then ``$DIGICTL_LANG``, then the
    network's, then the locale's, then bokmål. Values that are not nb, nn or en are passed
    over (an unknown --lang is refused by the CLI, in the language that follows)."""
    environ = os.environ if environ is None else environ
    for given in (flag, environ.get("DIGICTL_LANG"), network):
        if given is not None and given in LANGUAGES:
            return given
    return from_environment(environ) or DEFAULT_LANGUAGE


@cache
def catalogue(lang: str) -> NullTranslations:
    """The compiled catalogue of ``lang``; English (the source) and a catalogue that is not
    there translate nothing."""
    if lang == "en":
        return NullTranslations()
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as fp:
            return GNUTranslations(fp)
    except OSError:
        return NullTranslations()


def _(message: str, /, **values: object) -> str:
    """``message`` in the current language, with ``values`` filled in."""
    text = catalogue(current()).gettext(message)
    return _fill(text, values) if values else text


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The singular or plural form for ``n`` in the current language; ``{n}`` is filled
    with ``n`` along with ``values``."""
    text = catalogue(current()).ngettext(singular, plural, n)
    return _fill(text, {"n": n, **values})


def N_(message: str, /) -> str:
    """Mark ``message`` for the catalogues without translating it yet."""
    return message


def _fill(text: str, values: Mapping[str, object]) -> str:
    return text.format_map({k: _shown(v) for k, v in values.items()})


def _shown(value: object) -> object:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return day(value)
    return value


def day(value: dt.date, lang: str | None = None) -> str:
    """A date as people read it in ``lang`` (default: the current language):
    ``1. mars 2024`` in bokmål and nynorsk, ``1 March 2024`` in English (Babel's
    ``d. MMMM y`` and ``d MMMM y``, with its month names)."""
    lang = lang or current()
    month = WIDE[lang][value.month - 1]
    if lang == "en":
        return f"{value.day} {month} {value.year}"
    return f"{value.day}. {month} {value.year}"


def short_day(value: dt.date, lang: str | None = None) -> str:
    """A date in a narrow table column: ``01.03.2024``, or ``1 Mar 2024`` in English
    (Babel's ``dd.MM.y`` and ``d MMM y``)."""
    lang = lang or current()
    if lang == "en":
        return f"{value.day} {ABBREVIATED[lang][value.month - 1]} {value.year}"
    return f"{value.day:02d}.{value.month:02d}.{value.year}"
