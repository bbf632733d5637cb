"""`digictl init`: a new data repository with CI, pre-commit and editor wiring."""

from __future__ import annotations

import contextlib
import json
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from digictl import __version__, resources
from digictl.errors import DigictlError, UsageError
from digictl.fsutil import kind_of, write_atomic
from digictl.i18n import _
from digictl.load import kinds, national
from digictl.load.national import slug
from digictl.load.schemas import bundle, globs
from digictl.output import escape
from digictl.suggest import closest

PROJECT_URL = "https://github.com/digictl/digictl"


@dataclass
class Plan:
    """What init writes: relative path -> content; and what it kept as it was."""

    files: dict[str, str] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


# Characters no option value may hold: control characters (C0, DEL, C1), lone surrogates
# (bytes that were not UTF-8), line and paragraph separators (line breaks to YAML 1.1),
# bidirectional overrides, and the two non-characters YAML forbids.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _bad_char(text: str) -> str | None:
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in _BIDI:
            return ch
        if ch in ("\ufffe", "\uffff"):
            return ch
    return None


def check_text(option: str, value: str) -> str:
    """``value`` unchanged, or a UsageError when it cannot be written as one line of text."""
    ch = _bad_char(value)
    if ch is not None:
        code = f"{ord(ch):04X}"
        raise UsageError(
            _(
                "{option} must not contain control characters (it holds U+{code})",
                option=option,
                code=code,
            )
        )
    if not value.strip():
        raise UsageError(_("{option} must not be empty", option=option))
    return value


# A pip requirement (a version pin, a path, a wheel, a URL, `git+URL@ref`, `name @ URL`) is
# written verbatim; it may hold no character that means something in YAML's double quotes, a
# shell's double quotes, a Markdown code span, or a GitHub expression: no quotes, `$`, backquotes,
# backslashes, braces or control characters. Spaces only as PEP 508's `name @ URL`.
_URL_CHARS = r"[A-Za-z0-9._~:/?#\[\]@&*+,;=%-]"
_REQUIREMENT = re.compile(rf"[A-Za-z0-9._~:/?#\[\]@&*+,;=%<>!-]+(?: @ {_URL_CHARS}+)?")


def default_requirement() -> str:
    """What generated files install by default: the version that generated them."""
    return f"digictl=={__version__}"


def check_requirement(requirement: str) -> str:
    if requirement.startswith("-") or not _REQUIREMENT.fullmatch(requirement):
        raise UsageError(
            _(
                "--digictl-source {requirement!r} must be one pip requirement, such as {pin}, "
                "/srv/digictl, ./dist/digictl-{version}-py3-none-any.whl or "
                "git+https://git.example.org/digictl@v{version} (no spaces, quotes, $, "
                "backquotes, backslashes or braces)",
                requirement=requirement,
                pin=default_requirement(),
                version=__version__,
            )
        )
    return requirement


def yaml_str(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (a JSON string is one) that reads back the same."""
    return json.dumps(text, ensure_ascii=False)


_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")


def readme_template(language: str) -> str:
    """The README template of ``language`` (nb, nn or en): one whole document per language,
    each with the same placeholders."""
    return f"README.{language}.md"


def _template(name: str, values: dict[str, str]) -> str:
    """A template with each ``@@KEY@@`` replaced in one pass (a value is never read again)."""
    text = resources.templates().joinpath("init", name).read_text(encoding="utf-8")
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def plan(
    name: str,
    host: str,
    ident: str | None = None,
    county: str | None = None,
    language: str = "nb",
    requirement: str | None = None,
    host_orgnr: str | None = None,
    records_from: date | None = None,
) -> Plan:
    """What init writes. ``host`` and ``county`` resolve through the national registry (see
    ``host_record`` and ``county_members``); each organisation gets its own file."""
    requirement = requirement or default_requirement()
    _check_options(name, host, county, requirement, host_orgnr)
    ident = ident or slug(name)
    if not re.match(r"^[a-z0-9][a-z0-9-]*$", ident):
        raise UsageError(
            _("--id {ident!r} must be lower-case letters a-z, digits and hyphens", ident=ident)
        )
    host_org = host_record(host, host_orgnr)
    members, county_name = county_members(county) if county else ([], None)
    records = _with_ids(
        [host_org]
        + [
            national.municipality_record(m)
            for m in members
            if m.number != host_org.get("kommunenummer")
        ]
    )
    p = Plan()
    for record in records:
        p.files[f"data/organisations/{record['id']}.yaml"] = _org_file(record, language)
    p.files["data/network.yaml"] = _network_file(
        ident, name, county_name, str(records[0]["id"]), language, records_from
    )
    for k in kinds.ALL:
        if k.folder and k.folder != "organisations":
            p.files[f"data/{k.folder}/.gitkeep"] = ""
    _add_editor_files(p)
    _add_ci_files(p, name, requirement, language)
    return p


_SCHEMA_LINE = "# yaml-language-server: $schema=../{}.digictl/schemas/{}.schema.json"


def _check_options(
    name: str, host: str, county: str | None, requirement: str, host_orgnr: str | None
) -> None:
    check_text("--name", name)
    check_text("--host", host)
    if county is not None:
        check_text("--county", county)
    check_requirement(requirement)
    if host_orgnr is not None and not national.valid_orgnr(host_orgnr):
        raise UsageError(
            _(
                "--host-orgnr {orgnr!r} is not an organisation number: it must be 9 digits "
                "whose last passes the MOD11 check; copy it from Enhetsregisteret",
                orgnr=host_orgnr,
            )
        )


def host_record(host: str, host_orgnr: str | None = None) -> dict[str, object]:
    """The host's organisation record, from the national registry; for a host the registry does
    not know, ``kind: other`` with ``host_orgnr`` (a UsageError without it)."""
    registry = national.load()
    record = _registered_host(registry, host.strip())
    if record is None:
        if host_orgnr is None:
            known = [
                national.short_name(m.name)
                for n, m in registry.municipalities.items()
                if n in registry.current
            ]
            match = closest(host, known)
            if match is None:
                raise UsageError(
                    _(
                        "--host {host!r} is not in the national registry: give a kommunenummer "
                        "(4601), a municipality's name (Bergen, Voss herad) or a county council "
                        "(Vestland fylkeskommune), or add --host-orgnr with the organisation "
                        "number of another host",
                        host=host,
                    )
                )
            raise UsageError(
                _(
                    "--host {host!r} is not in the national registry: give a kommunenummer "
                    "(4601), a municipality's name (Bergen, Voss herad) or a county council "
                    "(Vestland fylkeskommune), or add --host-orgnr with the organisation "
                    "number of another host; did you mean `{match}`?",
                    host=host,
                    match=match,
                )
            )
        return {"id": slug(host), "name": host, "kind": "other", "orgnr": host_orgnr}
    if host_orgnr is not None and host_orgnr != record.get("orgnr"):
        raise UsageError(
            _(
                "--host-orgnr {orgnr} is not {name}'s organisation number in the national "
                "registry ({registered}); leave --host-orgnr out",
                orgnr=host_orgnr,
                name=record["name"],
                registered=record.get("orgnr"),
            )
        )
    return record


def _registered_host(registry: national.NationalRegistry, host: str) -> dict[str, object] | None:
    if re.fullmatch(r"\d{4}", host):
        m = registry.municipality(host)
        if m is None:
            match = closest(host, sorted(registry.current))
            if match is None:
                raise UsageError(
                    _(
                        "--host {host} is not a municipality number in the national registry",
                        host=host,
                    )
                )
            raise UsageError(
                _(
                    "--host {host} is not a municipality number in the national registry; "
                    "did you mean `{match}`?",
                    host=host,
                    match=match,
                )
            )
        return national.municipality_record(m)
    council = registry.county_council(host)
    if council is not None:
        return national.county_council_record(council)
    if host.casefold().endswith("fylkeskommune"):
        return None
    numbers = registry.current_numbers_named(host)
    if len(numbers) > 1:
        named = ", ".join(f"{n} {registry.municipalities[n].name}" for n in numbers)
        raise UsageError(
            _(
                "--host {host!r} names {count} municipalities ({named}); "
                "give the kommunenummer instead",
                host=host,
                count=len(numbers),
                named=named,
            )
        )
    return national.municipality_record(registry.municipalities[numbers[0]]) if numbers else None


def county_members(county: str) -> tuple[list[national.Municipality], str | None]:
    """The current municipalities ``county`` names, and the county's registered name (None when
    a list of kommunenummer spans counties). ``county`` is a county's number or name, or a
    comma- or space-separated list of kommunenummer."""
    registry = national.load()
    items = [t for t in re.split(r"[\s,]+", county.strip()) if t]
    if items and all(re.fullmatch(r"\d{4}", t) for t in items):
        members = [_current_municipality(registry, t) for t in dict.fromkeys(items)]
        numbers = {m.number[:2] for m in members}
        return members, registry.counties[numbers.pop()].name if len(numbers) == 1 else None
    found = registry.county(county)
    if found is None:
        match = closest(county, registry.county_names())
        if match is None:
            raise UsageError(
                _(
                    "--county {county!r} is not a county of the national registry (2024 list): "
                    "give its number (46), its name (Vestland) or a list of kommunenummer "
                    "(4601,4621)",
                    county=county,
                )
            )
        raise UsageError(
            _(
                "--county {county!r} is not a county of the national registry (2024 list): "
                "give its number (46), its name (Vestland) or a list of kommunenummer "
                "(4601,4621); did you mean `{match}`?",
                county=county,
                match=match,
            )
        )
    return [registry.municipalities[n] for n in found.municipalities], found.name


def _current_municipality(
    registry: national.NationalRegistry, number: str
) -> national.Municipality:
    m = registry.municipality(number)
    if m is None:
        match = closest(number, sorted(registry.current))
        if match is None:
            raise UsageError(
                _(
                    "--county {number} is not a municipality number in the national registry",
                    number=number,
                )
            )
        raise UsageError(
            _(
                "--county {number} is not a municipality number in the national registry; "
                "did you mean `{match}`?",
                number=number,
                match=match,
            )
        )
    if number not in registry.current:
        raise UsageError(
            _(
                "--county {number} ({name}) is a municipality of the 2020-2023 list only; "
                "give its number in the 2024 list",
                number=number,
                name=m.name,
            )
        )
    return m


def _with_ids(records: list[dict[str, object]]) -> list[dict[str, object]]:
    """``records`` with each id that two share suffixed by the kommunenummer (heroy-1515), or
    the organisation number of an organisation without one."""
    counts = Counter(r["id"] for r in records)
    return [
        r if counts[r["id"]] == 1 else {**r, "id": f"{r['id']}-{_twin_key(r)}"} for r in records
    ]


def _twin_key(record: dict[str, object]) -> str:
    return str(record.get("kommunenummer") or record.get("orgnr") or record["kind"])


_PROVENANCE = {
    "municipality": {
        "nb": "# {short} kommune ({number}). Kommunenummer og organisasjonsnummer fra det "
        "nasjonale registeret.",
        "nn": "# {short} kommune ({number}). Kommunenummer og organisasjonsnummer frå det "
        "nasjonale registeret.",
        "en": "# {short} municipality ({number}). Municipality number and organisation number "
        "from the national registry.",
    },
    "county": {
        "nb": "# {name}. Organisasjonsnummer fra det nasjonale registeret.",
        "nn": "# {name}. Organisasjonsnummer frå det nasjonale registeret.",
        "en": "# {name} (county council). Organisation number from the national registry.",
    },
}

# a string written without quotes: a name of letters, digits, spaces and a few marks, that
# YAML reads back as the same string
_PLAIN = re.compile(r"[^\W\d_](?:[\w .()'-]*[\w)])?")


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if _PLAIN.fullmatch(text) and yaml.safe_load(f"k: {text}") == {"k": text}:
        return text
    return yaml_str(text)


def _org_file(record: dict[str, object], language: str) -> str:
    """An organisation file: the schema line, where the registry gave the facts a comment
    saying so, and the record's keys in order."""
    lines = [_SCHEMA_LINE.format("../", "organisation")]
    provenance = _PROVENANCE.get(str(record["kind"]))
    if provenance is not None:
        name = str(record["name"])
        lines.append(
            provenance[language].format(
                name=name, short=national.short_name(name), number=record.get("kommunenummer")
            )
        )
    for key, value in record.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {_scalar(v)}" for k, v in value.items()]
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _network_file(
    ident: str,
    name: str,
    county: str | None,
    host_id: str,
    language: str,
    records_from: date | None = None,
) -> str:
    network = [
        _SCHEMA_LINE.format("", "network"),
        f"id: {ident}",
        f"name: {yaml_str(name)}",
    ]
    if county:
        network.append(f"county: {yaml_str(county)}")
    network += [
        f"host: {host_id}",
        f"language: {language}",
    ]
    if records_from is not None:
        network.append(
            f"records_from: {records_from.isoformat()}  # our records start here: nothing "
            "due before it is required"
        )
    network += [
        "calendar:",
        '  annual_plan_due: "03-31"     # the plan is approved by 31 March of its year',
        '  annual_report_due: "04-30"   # the report by 30 April of the year after',
        '  contributions_due: "11-30"   # contributions agreed by 30 November the year before',
        'rules: {}                      # e.g. party-owner-obligation: "off"',
    ]
    return "\n".join(network) + "\n"


def _add_editor_files(p: Plan) -> None:
    """The bundled schemas, and the editor settings that apply them to the data."""
    for k in kinds.ALL:
        p.files[f".digictl/schemas/{k.name}.schema.json"] = (
            json.dumps(bundle(k), ensure_ascii=False, indent=2) + "\n"
        )
    settings = {
        "yaml.schemas": {f".digictl/schemas/{f}": g for f, g in globs("data").items()},
        "yaml.customTags": [],
    }
    p.files[".vscode/settings.json"] = json.dumps(settings, indent=2) + "\n"


def _add_ci_files(p: Plan, name: str, requirement: str, language: str = "nb") -> None:
    """The README (in ``language``) and the CI and pre-commit configurations, from their
    templates."""
    values = {
        "NAME_MD": escape.md(name),
        "REQUIREMENT": requirement,
        "REQUIREMENT_YAML": yaml_str(requirement),
        "VERSION": __version__,
    }
    p.files["README.md"] = _template(readme_template(language), values)
    p.files[".github/workflows/digictl.yml"] = _template("digictl.yml", values)
    p.files[".github/workflows/digictl-deadlines.yml"] = _template("digictl-deadlines.yml", values)
    p.files[".gitlab-ci.yml"] = _template("gitlab-ci.yml", values)
    p.files[".pre-commit-config.yaml"] = _template("pre-commit-config.yaml", values)


def _mode(path: Path) -> int | None:
    """The ``st_mode`` of what is at ``path``, final symbolic link not followed (tell it in
    words with ``kind_of``), or None when nothing is there."""
    try:
        return path.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):  # a parent that is a file is named first
        return None
    except OSError as exc:
        raise UsageError(
            _(
                "{path} cannot be examined ({reason}); nothing was written",
                path=path,
                reason=exc.strerror or exc,
            )
        ) from exc


def _missing_dirs(target: Path) -> list[Path]:
    """The directories above and including ``target`` that do not exist, outermost first,
    or a UsageError when the nearest existing one is not a directory."""
    missing: list[Path] = []
    here = target
    while not here.exists():
        if here.is_symlink():
            raise UsageError(_("{path} is a broken symbolic link; nothing was written", path=here))
        missing.append(here)
        if here.parent == here:
            break
        here = here.parent
    if not here.is_dir():
        raise UsageError(_("{path} exists and is not a directory; nothing was written", path=here))
    return missing[::-1]


def check(p: Plan, target: Path) -> tuple[list[str], list[str], list[Path]]:
    """Check every path of the plan before anything is written.

    Returns the files to write, the files to keep (regular files that exist already) and the
    directories to create (outermost first). Raises a UsageError naming the first path in the
    way: a file, symbolic link or special file where a directory must be, or a directory,
    symbolic link or special file where a file must be.
    """
    created = _missing_dirs(target)
    to_write: list[str] = []
    kept: list[str] = []
    seen: set[Path] = set(created)
    for rel in p.files:
        *parents, _name = Path(rel).parts
        here = target
        for part in parents:
            here = here / part
            if here in seen:
                continue
            mode = _mode(here)
            if mode is None:
                created.append(here)
            elif not stat.S_ISDIR(mode):
                raise UsageError(
                    _(
                        "{path} is {kind}, where init needs a directory; nothing was written",
                        path=here,
                        kind=kind_of(mode),
                    )
                )
            seen.add(here)
        path = target / rel
        mode = _mode(path)
        if mode is None:
            to_write.append(rel)
        elif stat.S_ISREG(mode):
            kept.append(rel)
        else:
            raise UsageError(
                _(
                    "{path} is {kind}, where init writes a file; nothing was written",
                    path=path,
                    kind=kind_of(mode),
                )
            )
    return to_write, kept, created


def _undo(target: Path, written: list[str], created: list[Path]) -> None:
    """Remove what an interrupted apply wrote: its files, then the directories it made."""
    for rel in written:
        (target / rel).unlink(missing_ok=True)
    for directory in reversed(created):
        with contextlib.suppress(OSError):  # not empty (someone else wrote there): leave it
            directory.rmdir()


def apply(p: Plan, target: Path) -> Plan:
    """Write the plan under ``target``, keeping every regular file that exists already.

    Every path is checked first (see ``check``): on a conflict nothing is written; when a
    write fails midway (disk full), the files and directories written so far are removed.
    """
    to_write, kept, created = check(p, target)
    written: list[str] = []
    try:
        for rel in to_write:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)  # checked: see `created`
            write_atomic(target / rel, p.files[rel])
            written.append(rel)
    except OSError as exc:
        _undo(target, written, created)
        reason = exc.strerror or str(exc)
        raise DigictlError(
            _(
                "could not write {path}: {reason}; init removed what it had written",
                path=target / rel,
                reason=reason,
            )
        ) from exc
    except BaseException:
        _undo(target, written, created)
        raise
    p.written += written
    p.kept += kept
    return p
