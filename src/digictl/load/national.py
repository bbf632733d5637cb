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


@dataclass(frozen=True)
class County:
    """A county (fylke) of the current (2024) list: its number is the first two digits of its
    municipalities' numbers."""

    number: str
    name: str  # the registered name, e.g. "Trøndelag - Trööndelage"
    municipalities: tuple[str, ...]  # current kommunenummer, ascending
    council_orgnr: str | None = None  # the county council's (fylkeskommune) organisation number

    @property
    def council_name(self) -> str:
        """The county council's name, e.g. "Vestland fylkeskommune"."""
        return f"{short_name(self.name)} fylkeskommune"


@dataclass
class NationalRegistry:
    municipalities: dict[str, Municipality]
    organisations: dict[str, str]  # orgnr -> registered name
    counties: dict[str, County] = field(default_factory=dict)  # number -> county (2024)
    current: frozenset[str] = frozenset()  # the numbers of the 2024 list

    def municipality(self, number: str) -> Municipality | None:
        return self.municipalities.get(number)

    def valid_orgnr(self, number: str) -> bool:
        """``valid_orgnr``, answered without python-stdnum (a tenth of a short run to import)
        for the numbers Enhetsregisteret lists here; a test checks every one with stdnum."""
        return number in self.organisations or valid_orgnr(number)

    def name_matches(self, number: str, name: str) -> bool:
        """True when ``name`` is one of the registered names of the municipality.

        A bilingual name such as "Snåase - Snåsa" matches either part, a name the registry
        tells apart by its county ("Herøy (Nordland)") matches without it, a trailing
        legal form ("kommune", "herad") is ignored and so is case.
        """
        m = self.municipalities.get(number)
        if m is None:
            return False
        wanted = _norm(name)
        return any(wanted == _norm(v) for registered in m.names for v in _variants(registered))

    def numbers_named(self, name: str) -> list[str]:
        """The numbers of the municipalities that ``name`` names (as ``name_matches``)."""
        return sorted(self._by_name.get(_norm(name), ()))

    def current_numbers_named(self, name: str) -> list[str]:
        """As ``numbers_named``, but only the current (2024) municipalities when ``name``
        names any: "Ålesund" is 1508, not also the 2020-2023 number 1507."""
        numbers = self.numbers_named(name)
        return [n for n in numbers if n in self.current] or numbers

    def county(self, text: str) -> County | None:
        """The county with number ``text`` ("46") or a registered name ("Vestland",
        "Trøndelag", "Trøndelag - Trööndelage", "Vestland fylke"), or None."""
        if text.strip() in self.counties:
            return self.counties[text.strip()]
        wanted = _county_norm(text)
        for c in self.counties.values():
            if wanted in {_county_norm(v) for v in _variants(c.name)}:
                return c
        return None

    def county_council(self, name: str) -> County | None:
        """The county whose council ``name`` names ("Vestland fylkeskommune"), when the
        registry holds the council's organisation number; else None."""
        words = " ".join(name.casefold().split())
        if not words.endswith(" fylkeskommune"):
            return None
        c = self.county(words.removesuffix(" fylkeskommune"))
        return c if c is not None and c.council_orgnr else None

    def county_names(self) -> list[str]:
        """What ``county`` accepts, for hints: each county's number and short name."""
        return [*self.counties, *(short_name(c.name) for c in self.counties.values())]

    @cached_property
    def _by_name(self) -> dict[str, set[str]]:
        index: dict[str, set[str]] = {}
        for number, m in self.municipalities.items():
            for registered in m.names:
                for variant in _variants(registered):
                    index.setdefault(_norm(variant), set()).add(number)
        return index


_QUALIFIER = re.compile(r"\s*\([^()]*\)$")


def short_name(name: str) -> str:
    """The name people use: "Trondheim - Tråante" -> Trondheim, "Herøy (Nordland)" -> Herøy."""
    return _QUALIFIER.sub("", name.split(" - ")[0]) or name


def _variants(registered: str) -> set[str]:
    """Every form of a registered name that names it: the whole, each part of a bilingual
    name, and each without the county the registry adds to tell twins apart."""
    parts = {registered, *registered.split(" - ")}
    return parts | {_QUALIFIER.sub("", p) for p in parts} - {""}


def valid_orgnr(number: str) -> bool:
    """A Norwegian organisation number: exactly 9 digits whose last passes the MOD11 check
    (python-stdnum); the one check the rules, init and the authoring commands share."""
    from stdnum.no import orgnr

    return re.fullmatch(r"\d{9}", number, re.ASCII) is not None and bool(orgnr.is_valid(number))


def slug(name: str) -> str:
    """An id from a name: "Trondheim - Tråante" -> trondheim, "Bjørnafjorden" -> bjornafjorden,
    "Herøy (Nordland)" -> heroy (``scaffold`` appends the number when two would collide)."""
    first = short_name(name)
    text = first.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "org"


def municipality_record(m: Municipality) -> dict[str, object]:
    """The organisation file a person would write for a municipality, in the contract's key
    order: id (from the name), name, kind, kommunenummer, orgnr when registered, and the DigiFin
    connection (§3.1) recorded as connected.

    No ``name_nn``: the registry holds no nynorsk form distinct from the registered name (SSB
    registers one name per municipality; Sámi and Kven forms are part of it, as in
    "Snåase - Snåsa"), so a nynorsk name is added by hand where a partnership uses one."""
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


def county_council_record(c: County) -> dict[str, object]:
    """The organisation file of a county council (fylkeskommune), as ``municipality_record``:
    id, name ("Vestland fylkeskommune"), kind county, orgnr, and the DigiFin connection."""
    record: dict[str, object] = {"id": slug(c.council_name), "name": c.council_name}
    record["kind"] = "county"
    if c.council_orgnr:
        record["orgnr"] = c.council_orgnr
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


def _county_norm(name: str) -> str:
    return " ".join(name.casefold().split()).removesuffix(" fylke")


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.registry().joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _counties(current: list[dict[str, str]], orgnr_rows: list[dict[str, str]]) -> dict[str, County]:
    """The counties of the 2024 list, each with its municipalities and council's orgnr."""
    members: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for row in current:
        number = row["kommunenummer"][:2]
        members.setdefault(number, []).append(row["kommunenummer"])
        names[number] = row["county"]
    councils = {
        _county_norm(row["name"].removesuffix(" FYLKESKOMMUNE")): row["orgnr"]
        for row in orgnr_rows
        if row["entity_type"] == "fylkeskommune"
    }
    return {
        number: County(
            number,
            names[number],
            tuple(sorted(members[number])),
            councils.get(_county_norm(short_name(names[number]))),
        )
        for number in sorted(members)
    }


@cache
def load() -> NationalRegistry:
    municipalities: dict[str, Municipality] = {}
    current = _rows("kommuner-2024.csv")
    for rows in (current, _rows("kommuner-2020.csv")):
        for row in rows:
            m = municipalities.setdefault(row["kommunenummer"], Municipality(row["kommunenummer"]))
            if row["name"] not in m.names:
                m.names.append(row["name"])
            m.county = m.county or row["county"]
    organisations: dict[str, str] = {}
    orgnr_rows = _rows("orgnr.csv")
    for row in orgnr_rows:
        organisations[row["orgnr"]] = row["name"]
        for key in ("kommunenummer_2024", "kommunenummer_2020_2023"):
            number = row.get(key) or ""
            if number in municipalities and municipalities[number].orgnr is None:
                municipalities[number].orgnr = row["orgnr"]
    return NationalRegistry(
        municipalities,
        organisations,
        _counties(current, orgnr_rows),
        frozenset(row["kommunenummer"] for row in current),
    )
