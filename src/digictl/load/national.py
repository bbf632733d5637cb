"""The national registry shipped with digictl: municipality numbers, names, org numbers.

Built from SSB Klass (municipalities valid 2020-2023 and from 2024) and the
correspondence to organisation numbers; see ``registry/SOURCES.md``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property

from digictl import resources


@dataclass
class Municipality:
    number: str
    names: list[str] = field(default_factory=list)  # every registered name, newest first
    county: str | None = None
    orgnr: str | None = None

    @property
    def name(self) -> str:
        return self.names[0] if self.names else self.number


@dataclass
class NationalRegistry:
    municipalities: dict[str, Municipality]
    organisations: dict[str, str]  # orgnr -> registered name

    def municipality(self, number: str) -> Municipality | None:
        return self.municipalities.get(number)

    def name_matches(self, number: str, name: str) -> bool:
        """True when ``name`` is one of the registered names of the municipality.

        A bilingual name such as "Snåase - Snåsa" matches either part, a trailing
        "kommune" is ignored and so is case.
        """
        m = self.municipalities.get(number)
        if m is None:
            return False
        wanted = _norm(name)
        for registered in m.names:
            if wanted == _norm(registered):
                return True
            if any(wanted == _norm(part) for part in registered.split(" - ")):
                return True
        return False

    def numbers_named(self, name: str) -> list[str]:
        """The numbers of the municipalities that ``name`` names (as ``name_matches``)."""
        return sorted(self._by_name.get(_norm(name), ()))

    @cached_property
    def _by_name(self) -> dict[str, set[str]]:
        index: dict[str, set[str]] = {}
        for number, m in self.municipalities.items():
            for registered in m.names:
                for variant in {registered, *registered.split(" - ")}:
                    index.setdefault(_norm(variant), set()).add(number)
        return index


def slug(name: str) -> str:
    """An id from a name: "Trondheim - Tråante" -> trondheim, "Bjørnafjorden" -> bjornafjorden."""
    first = name.split(" - ")[0]
    text = first.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "org"


def municipality_record(m: Municipality) -> dict[str, object]:
    """The organisation file a person would write for a municipality, in the contract's key
    order: id (from the name), name, kind, kommunenummer, orgnr when registered, and the DigiFin
    connection (§3.1) recorded as connected."""
    record: dict[str, object] = {
        "id": slug(m.name),
        "name": m.name,
        "kind": "municipality",
        "kommunenummer": m.number,
    }
    if m.orgnr:
        record["orgnr"] = m.orgnr
    record["digifin"] = {"member": True}
    return record


# Legal forms that follow a name: "Voss herad", "Vestland fylkeskommune", "Oslo kommune".
_SUFFIXES = (" kommune/tjïelte", " fylkeskommune", " kommune", " herad")


def _norm(name: str) -> str:
    n = " ".join(name.casefold().split())
    for suffix in _SUFFIXES:
        if n.endswith(suffix):
            n = n[: -len(suffix)]
            break
    return n


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.registry().joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def load() -> NationalRegistry:
    municipalities: dict[str, Municipality] = {}
    for file in ("kommuner-2024.csv", "kommuner-2020.csv"):
        for row in _rows(file):
            m = municipalities.setdefault(row["kommunenummer"], Municipality(row["kommunenummer"]))
            if row["name"] not in m.names:
                m.names.append(row["name"])
            m.county = m.county or row["county"]
    organisations: dict[str, str] = {}
    for row in _rows("orgnr.csv"):
        organisations[row["orgnr"]] = row["name"]
        for key in ("kommunenummer_2024", "kommunenummer_2020_2023"):
            number = row.get(key) or ""
            if number in municipalities and municipalities[number].orgnr is None:
                municipalities[number].orgnr = row["orgnr"]
    return NationalRegistry(municipalities, organisations)
