"""Message catalogues (one per language) and Babel formatting of dates and amounts."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from digictl import i18n, resources
from digictl.errors import UsageError
from digictl.i18n import _
from digictl.vocabulary import LANGUAGES


@cache
def catalogue(lang: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        raise UsageError(_("the report language must be nb, nn or en, not {lang!r}", lang=lang))
    path = resources.templates().joinpath("messages", f"{lang}.json")
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Translator:
    lang: str

    def __call__(self, key: str, **values: Any) -> str:
        text = catalogue(self.lang)[key]
        return text.format(**values) if values else text

    def date(self, day: dt.date | None) -> str:
        return "" if day is None else i18n.day(day, self.lang)

    def short_date(self, day: dt.date | None) -> str:
        return "" if day is None else i18n.short_day(day, self.lang)

    def number(self, n: int) -> str:
        from digictl.output.money import grouped

        return grouped(n, self.lang)

    def kr(self, n: int | None) -> str:
        if n is None:
            return ""
        return f"NOK {self.number(n)}" if self.lang == "en" else f"{self.number(n)} kr"

    def status(self, status: str) -> str:
        return self(f"status.{status}")
