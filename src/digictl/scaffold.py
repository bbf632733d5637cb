"""`digictl init`: a new data repository with CI, pre-commit and editor wiring."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from digictl import __version__, kinds, resources
from digictl.errors import UsageError
from digictl.fsutil import write_atomic
from digictl.schemas import bundle, globs

DEFAULT_SOURCE = "https://github.com/digictl/digictl"


def slug(name: str) -> str:
    """An id from a name: "Trondheim - Tråante" -> trondheim, "Bjørnafjorden" -> bjornafjorden."""
    first = name.split(" - ")[0]
    text = first.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "org"


@dataclass
class Plan:
    """What init writes: relative path -> content; and what it kept as it was."""

    files: dict[str, str] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _template(name: str, source: str, rev: str, partnership: str) -> str:
    text = resources.templates().joinpath("init", name).read_text(encoding="utf-8")
    return (
        text.replace("@@SOURCE@@", source).replace("@@REV@@", rev).replace("@@NAME@@", partnership)
    )


def plan(
    name: str,
    host: str,
    ident: str | None = None,
    county: str | None = None,
    language: str = "nb",
    source: str = DEFAULT_SOURCE,
    rev: str | None = None,
) -> Plan:
    from digictl import national

    rev = rev or f"v{__version__}"
    ident = ident or slug(name)
    if not re.match(r"^[a-z0-9][a-z0-9-]*$", ident):
        raise UsageError(f"--id {ident!r} must be lower-case letters a-z, digits and hyphens")
    registry = national.load()
    p = Plan()
    if re.fullmatch(r"\d{4}", host):
        m = registry.municipality(host)
        if m is None:
            raise UsageError(f"--host {host} is not a municipality number in the national registry")
        host_id = slug(m.name)
        org = [
            f"id: {host_id}",
            f"name: {m.name}",
            "kind: municipality",
            f'kommunenummer: "{host}"',
        ]
        if m.orgnr:
            org.append(f'orgnr: "{m.orgnr}"')
    else:
        host_id = slug(host)
        org = [f"id: {host_id}", f"name: {host}", "kind: other"]
    schema = "# yaml-language-server: $schema=../{}.digictl/schemas/{}.schema.json"
    p.files[f"data/organisations/{host_id}.yaml"] = (
        schema.format("../", "organisation") + "\n" + "\n".join(org) + "\n"
    )
    network = [
        schema.format("", "network"),
        f"id: {ident}",
        f"name: {json.dumps(name, ensure_ascii=False)}",
    ]
    if county:
        network.append(f"county: {json.dumps(county, ensure_ascii=False)}")
    network += [
        f"host: {host_id}",
        f"language: {language}",
        "calendar:",
        '  annual_plan_due: "03-31"     # the plan is approved by 31 March of its year',
        '  annual_report_due: "04-30"   # the report by 30 April of the year after',
        '  contributions_due: "11-30"   # contributions agreed by 30 November the year before',
        'rules: {}                      # e.g. party-owner-obligation: "off"',
    ]
    p.files["data/network.yaml"] = "\n".join(network) + "\n"
    for k in kinds.ALL:
        if k.folder and k.folder != "organisations":
            p.files[f"data/{k.folder}/.gitkeep"] = ""
    for k in kinds.ALL:
        p.files[f".digictl/schemas/{k.name}.schema.json"] = (
            json.dumps(bundle(k), ensure_ascii=False, indent=2) + "\n"
        )
    settings = {
        "yaml.schemas": {f".digictl/schemas/{f}": g for f, g in globs("data").items()},
        "yaml.customTags": [],
    }
    p.files[".vscode/settings.json"] = json.dumps(settings, indent=2) + "\n"
    p.files["README.md"] = _template("README.md", source, rev, name)
    p.files[".github/workflows/digictl.yml"] = _template("digictl.yml", source, rev, name)
    p.files[".gitlab-ci.yml"] = _template("gitlab-ci.yml", source, rev, name)
    p.files[".pre-commit-config.yaml"] = _template("pre-commit-config.yaml", source, rev, name)
    return p


def apply(p: Plan, target: Path) -> Plan:
    """Write the plan under ``target``, keeping every file that exists already."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a directory")
    for rel, content in p.files.items():
        path = target / rel
        if path.exists():
            p.kept.append(rel)
            continue
        write_atomic(path, content)
        p.written.append(rel)
    return p
