"""Machine-readable reporters: json, github annotations, junit XML."""

from __future__ import annotations

import json
from typing import TextIO

from digictl.findings import Result, Severity
from digictl.i18n import _
from digictl.output.escape import github_data, github_property, xml_attr, xml_text
from digictl.output.findings import reporter

JSON_VERSION = 1


def as_json(result: Result) -> dict[str, object]:
    """The contract shape of ``validate --format json`` (DESIGN §6)."""
    return {
        "version": JSON_VERSION,
        "ok": result.ok,
        "counts": result.counts,
        "findings": [f.as_dict() for f in result.findings],
    }


@reporter("json")
def json_report(result: Result, out: TextIO) -> None:
    json.dump(as_json(result), out, ensure_ascii=False, indent=2)
    out.write("\n")


_GH_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


@reporter("github")
def github_report(result: Result, out: TextIO) -> None:
    """GitHub Actions workflow commands: one annotation per finding."""
    for f in result.findings:
        out.write(
            f"::{_GH_LEVEL[f.severity]} file={github_property(f.file)},line={f.line},"
            f"title={github_property(f.rule)}::{github_data(f.message)}\n"
        )
    from digictl.output.findings.text import counts

    out.write(_("digictl: {errors}, {warnings}, {notes}", **counts(result)) + "\n")


@reporter("junit")
def junit_report(result: Result, out: TextIO) -> None:
    """JUnit XML: one test case per finding (errors fail), grouped by rule."""
    failures = result.count(Severity.ERROR)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(
        f'<testsuites name="digictl" tests="{max(len(result.findings), 1)}" '
        f'failures="{failures}" errors="0">\n'
    )
    out.write(
        f'  <testsuite name="digictl validate" tests="{max(len(result.findings), 1)}" '
        f'failures="{failures}" errors="0" skipped="0">\n'
    )
    if not result.findings:
        out.write(f'    <testcase classname="digictl" name={xml_attr(_("all rules pass"))}/>\n')
    for f in result.findings:
        name = xml_attr(f"{f.file}:{f.line}")
        out.write(f"    <testcase classname={xml_attr('digictl.' + f.rule)} name={name}>\n")
        text = xml_text(f"{f.severity.value}: {f.message}")
        if f.severity is Severity.ERROR:
            out.write(f"      <failure message={xml_attr(f.message)} type={xml_attr(f.rule)}>")
            out.write(f"{text}</failure>\n")
        else:
            out.write(f"      <system-out>{text}</system-out>\n")
        out.write("    </testcase>\n")
    out.write("  </testsuite>\n</testsuites>\n")
