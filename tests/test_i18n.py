"""The language of a run and the messages and dates in it (digictl.i18n)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digictl import i18n
from digictl.i18n import _, ngettext


@pytest.mark.parametrize(
    ("flag", "network", "environ", "expected"),
    [
        ("en", "nn", {"LANG": "nb_NO.UTF-8"}, "en"),  # --lang first
        (None, "nn", {"LANG": "en_GB.UTF-8"}, "nn"),  # then network.yaml
        (None, None, {"LANG": "nn_NO.UTF-8"}, "nn"),  # then the environment
        (None, None, {"LANG": "en_US.UTF-8", "LC_MESSAGES": "nn_NO"}, "nn"),
        (None, None, {"LANG": "nn_NO", "LC_ALL": "en_US"}, "en"),
        (None, None, {"LANGUAGE": "de:nn", "LANG": "en_US"}, "nn"),
        (None, None, {"LANGUAGE": "de:fr", "LANG": "en_US"}, "en"),
        (None, None, {"LANG": "no_NO.UTF-8"}, "nb"),
        (None, None, {"LANG": "C.UTF-8"}, "nb"),  # then bokmål
        (None, None, {"LANG": "de_DE.UTF-8"}, "nb"),
        (None, None, {}, "nb"),
        (None, "sv", {"LANG": "en_US"}, "en"),  # not a language of ours: passed over
        (None, "nn", {"DIGICTL_LANG": "en", "LANG": "nb_NO"}, "en"),  # $DIGICTL_LANG: --lang
        ("xx", "nb", {"DIGICTL_LANG": "nn"}, "nn"),  # an unknown --lang is passed over
        (None, "nb", {"DIGICTL_LANG": "sv", "LANG": "en_US"}, "nb"),
    ],
)
def test_choose_order(
    flag: str | None, network: str | None, environ: dict[str, str], expected: str
) -> None:
    assert i18n.choose(flag, network, environ) == expected


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("nb_NO.UTF-8", "nb"),
        ("nn_NO.utf8@euro", "nn"),
        ("en", "en"),
        ("en-GB", "en"),
        ("NN_no", "nn"),
        ("POSIX", None),
        ("", None),
        (None, None),
        ("nnx_NO", None),
    ],
)
def test_from_locale(name: str | None, lang: str | None) -> None:
    assert i18n.from_locale(name) == lang


def test_use_refuses_other_languages() -> None:
    with pytest.raises(ValueError, match="not a language"):
        i18n.use("sv")
    assert i18n.current() == "en"


def test_dates_in_each_language() -> None:
    day = dt.date(2024, 3, 1)
    assert i18n.day(day, "nb") == "1. mars 2024"
    assert i18n.day(day, "nn") == "1. mars 2024"
    assert i18n.day(day, "en") == "1 March 2024"
    assert i18n.short_day(day, "nb") == "01.03.2024"
    assert i18n.short_day(day, "en") == "1 Mar 2024"
    with i18n.speaking("nn"):
        assert i18n.day(dt.date(2023, 6, 16)) == "16. juni 2023"


_MONTHS_NB = [
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
]  # fmt: skip


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_a_long_date_reads_back(day: dt.date) -> None:
    """Every date is written so that it reads back to itself, in every language."""
    nb = re.fullmatch(r"(\d{1,2})\. (\w+) (\d{4})", i18n.day(day, "nb"))
    assert nb is not None
    assert (int(nb[1]), _MONTHS_NB.index(nb[2]) + 1, int(nb[3])) == (
        day.day,
        day.month,
        day.year,
    )
    assert i18n.day(day, "nn") == i18n.day(day, "nb")  # the two write dates alike
    en = dt.datetime.strptime(i18n.day(day, "en"), "%d %B %Y").date()
    assert en == day
    assert dt.datetime.strptime(i18n.short_day(day, "nb"), "%d.%m.%Y").date() == day


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_dates_are_written_as_babel_writes_them(day: dt.date) -> None:
    """The month table is Babel's: every date reads as babel.dates.format_date writes it."""
    from babel.dates import format_date

    for lang in ("nb", "nn", "en"):
        long, short = ("d MMMM y", "d MMM y") if lang == "en" else ("d. MMMM y", "dd.MM.y")
        assert i18n.day(day, lang) == format_date(day, long, locale=lang)
        assert i18n.short_day(day, lang) == format_date(day, short, locale=lang)


def test_values_are_filled_and_dates_written_in_the_language() -> None:
    message = "`{org}` left the agreement on {day}"
    assert _(message, org="ørland", day=dt.date(2021, 12, 31)) == (
        "`ørland` left the agreement on 31 December 2021"
    )
    # a value is never read as a format string
    assert _(message, org="{day}", day=dt.date(2021, 12, 31)).startswith("`{day}`")
    # without values, braces are text
    assert _("record `digifin: {member: true}`") == "record `digifin: {member: true}`"
    # a datetime is not a date people read: shown as it is
    assert "2021-12-31 10:00" in _("at {t}", t=dt.datetime(2021, 12, 31, 10, 0))


def test_plural_forms_count() -> None:
    assert ngettext("{n} file", "{n} files", 1) == "1 file"
    assert ngettext("{n} file", "{n} files", 2) == "2 files"
    assert ngettext("{n} file in {d}", "{n} files in {d}", 0, d="x") == "0 files in x"


def test_a_translated_message_in_every_language() -> None:
    """The shipped catalogues translate a message, with its values, in nb and nn."""
    message = "--lang takes nb, nn or en, not {value!r}"
    texts = {}
    for lang in ("nb", "nn", "en"):
        with i18n.speaking(lang):
            texts[lang] = _(message, value="sv")
    assert texts["en"] == "--lang takes nb, nn or en, not 'sv'"
    assert texts["nb"] != texts["en"] and "'sv'" in texts["nb"]
    assert texts["nn"] != texts["en"] and "'sv'" in texts["nn"]


def test_a_missing_catalogue_translates_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "LOCALE_DIR", i18n.LOCALE_DIR / "nowhere")
    i18n.catalogue.cache_clear()
    try:
        assert i18n.catalogue("nn").gettext("anything") == "anything"
    finally:
        monkeypatch.undo()
        i18n.catalogue.cache_clear()


def test_speaking_a_language_for_a_while() -> None:
    with pytest.raises(RuntimeError), i18n.speaking("nn"):
        assert i18n.current() == "nn"
        raise RuntimeError
    assert i18n.current() == "en"
