"""`digictl init`'s escaping: option values reach YAML and Markdown as plain text."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from digictl import resources, scaffold
from digictl.errors import UsageError
from digictl.output import escape
from digictl.vocabulary import LANGUAGES

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# text init accepts: everything but control characters, surrogates, line separators, bidi
# overrides and the non-characters YAML forbids
ONE_LINE = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
        blacklist_characters=BIDI + "\ufffe\uffff",
    ),
    min_size=1,
).filter(lambda t: t == t.strip() and t != "")
TRICKY = [
    "a \"b\" 'c'",
    "key: value",
    "# not a comment",
    "x #y",
    "- item",
    "[1, 2]",
    "{a: 1}",
    "&anchor *alias",
    "!!python/object:os.system",
    "${{ github.token }}",
    "@@NAME_MD@@",
    "yes",
    "0301",
    "~",
    "null",
    "\\n is not a newline",
    "ÆØÅ æøå – Sámi: Árran 😀",
]


@settings(max_examples=300, deadline=None)
@given(ONE_LINE)
def test_yaml_str_reads_back_the_same_text(text: str) -> None:
    assert scaffold.check_text("--name", text) == text
    assert yaml.safe_load(f"name: {scaffold.yaml_str(text)}\n") == {"name": text}


@pytest.mark.parametrize("text", TRICKY)
def test_yaml_str_tricky_values(text: str) -> None:
    assert yaml.safe_load(f"name: {scaffold.yaml_str(text)}  # comment\n") == {"name": text}


@pytest.mark.parametrize(
    "bad",
    ["\n", "\r", "\t", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\u202e", "\udcff"],
)
def test_check_text_refuses_what_is_not_one_line(bad: str) -> None:
    with pytest.raises(UsageError, match=r"--name must not contain control characters"):
        scaffold.check_text("--name", f"Digi {bad} Vest")


def test_check_text_refuses_an_empty_value() -> None:
    with pytest.raises(UsageError, match="--host must not be empty"):
        scaffold.check_text("--host", "  ")


MD = MarkdownIt("commonmark")


@settings(max_examples=300, deadline=None)
@given(ONE_LINE)
def test_the_readme_name_renders_as_the_same_text(text: str) -> None:
    # in the README's heading and in bold: no HTML, link, image, code or emphasis from the name
    # (the one Markdown escape, escape.md, puts an invisible U+200B after `@`: no mention)
    shown = escapeHtml(escape.visible(text.strip()))  # invisible characters shown
    heading = MD.render(f"# {escape.md(text)} – governance data\n").replace("\u200b", "")
    assert heading == f"<h1>{shown} – governance data</h1>\n"
    strong = MD.render(f"the facts of\n**{escape.md(text)}** as YAML\n").replace("\u200b", "")
    assert strong == f"<p>the facts of\n<strong>{shown}</strong> as YAML</p>\n"


@pytest.mark.parametrize(
    "text", ["@octocat", "$x$", "<!-- hide", "</details>", "[a](b)", "![i](x)", "`c`", "a_b_"]
)
def test_the_readme_name_escapes_github_specials(text: str) -> None:
    escaped = escape.md(text)
    assert "@" not in escaped.replace("@\u200b", "")
    for ch in "$<[`_":
        assert ch not in escaped.replace(f"\\{ch}", "")


@pytest.mark.parametrize(
    "requirement",
    [
        "digictl==0.2.0",
        "digictl>=0.2,<0.3",
        "/srv/digictl",
        "./dist/digictl-0.2.0-py3-none-any.whl",
        "git+https://x.example/digictl@v0.2.0",
        "git+ssh://git@git.example.org/gov/digictl.git@main",
        "digictl @ https://x.example/d.whl",
        "https://git.example.org/a/b.whl?ref=x#sha256=ab12",
    ],
)
def test_check_requirement_accepts_pip_requirements(requirement: str) -> None:
    assert scaffold.check_requirement(requirement) == requirement


@pytest.mark.parametrize(
    "requirement",
    [
        'digictl"',
        "digictl'",
        "digictl==$V",
        "digictl==`v`",
        "digictl\n",
        "${{ github.token }}",
        "{x}",
        "a\\b",
        "-r req.txt",
        "--index-url=https://evil.example",
        "digictl  @ https://x.example/d.whl",
        "digictl @ https://x.example/d.whl ; touch x",
        "",
    ],
)
def test_check_requirement_refuses_what_is_not_one_plain_requirement(requirement: str) -> None:
    with pytest.raises(UsageError, match=r"--digictl-source .* must be one pip requirement"):
        scaffold.check_requirement(requirement)


def test_default_requirement_is_this_version() -> None:
    from digictl import __version__

    assert scaffold.default_requirement() == f"digictl=={__version__}"


# the README's heading after the partnership's name, and a heading only that language has
README_WORDS = {
    "nb": ("styringsdata", "## Daglig arbeid"),
    "nn": ("styringsdata", "## Dagleg arbeid"),
    "en": ("governance data", "## Daily work"),
}


@pytest.mark.parametrize("language", sorted(README_WORDS))
def test_each_placeholder_is_replaced_once(language: str) -> None:
    name = "@@REQUIREMENT@@ @@VERSION@@"
    p = scaffold.plan(name, "4601", ident="x", language=language, requirement="/srv/d")
    readme = p.files["README.md"]
    assert f"# {escape.md(name)} – {README_WORDS[language][0]}" in readme
    assert 'pip install "/srv/d"' in readme
    templated = [rel for rel in p.files if not rel.startswith(("data/", ".digictl/", ".vscode"))]
    assert len(templated) == 5
    for rel in templated:
        text = p.files[rel].replace(escape.md("@@REQUIREMENT@@ @@VERSION@@"), "")
        assert "@@" not in text, rel
    assert 'additional_dependencies: ["/srv/d"]' in p.files[".pre-commit-config.yaml"]


def _placeholders(name: str) -> list[str]:
    text = resources.templates().joinpath("init", name).read_text(encoding="utf-8")
    return sorted(re.findall(r"@@[A-Z_]+@@", text))


def _commands(name: str) -> list[str]:
    text = resources.templates().joinpath("init", name).read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    return [re.sub(r"\s+#.*", "", line) for block in blocks for line in block.splitlines()]


def test_the_readme_templates_of_the_languages_have_the_same_placeholders() -> None:
    found = {lang: _placeholders(scaffold.readme_template(lang)) for lang in LANGUAGES}
    assert found["nb"], "the README template has no placeholders"
    assert found["nb"] == found["nn"] == found["en"], found
    # and the same commands, word for word (their comments are in the language)
    commands = {lang: _commands(scaffold.readme_template(lang)) for lang in LANGUAGES}
    assert commands["nb"] == commands["en"] and commands["nn"] == commands["en"]


@pytest.mark.parametrize("language", sorted(README_WORDS))
def test_the_readme_is_written_in_the_partnerships_language(language: str) -> None:
    readme = scaffold.plan("Digi Vest", "4601", language=language).files["README.md"]
    assert README_WORDS[language][1] in readme
    others = [words[1] for lang, words in README_WORDS.items() if lang != language]
    assert not any(heading in readme for heading in others)


# --- organisations from the national registry ------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(ONE_LINE)
def test_scalar_reads_back_the_same_text(text: str) -> None:
    assert yaml.safe_load(f"name: {scaffold._scalar(text)}\n") == {"name": text}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Bergen", "Bergen"),
        ("Trondheim - Tråante", "Trondheim - Tråante"),
        ("Herøy (Nordland)", "Herøy (Nordland)"),
        ("4601", '"4601"'),
        ("yes", '"yes"'),
        ("null", '"null"'),
        ("a: b", '"a: b"'),
        ("x #y", '"x #y"'),
        ("- x", '"- x"'),
        (True, "true"),
    ],
)
def test_scalar_quotes_only_where_yaml_needs_it(value: object, written: str) -> None:
    assert scaffold._scalar(value) == written


def test_org_file_is_what_a_person_writes() -> None:
    record = scaffold.host_record("Levanger")
    text = scaffold._org_file(record, "nb")
    assert text.splitlines()[1:] == [
        "# Levanger kommune (5037). Kommunenummer og organisasjonsnummer fra det nasjonale "
        "registeret.",
        "id: levanger",
        "name: Levanger - Levangke",
        "kind: municipality",
        'kommunenummer: "5037"',
        'orgnr: "938587051"',
        "digifin:",
        "  member: true",
    ]
    english = scaffold._org_file(record, "en").splitlines()[1]
    assert english.startswith("# Levanger municipality (5037). Municipality number")


def test_host_record_prefers_the_current_municipality() -> None:
    # Ålesund is 1508 since 2024 (1507 in 2020-2023)
    assert scaffold.host_record("Ålesund kommune")["kommunenummer"] == "1508"
    assert scaffold.host_record("1507")["kommunenummer"] == "1507"  # a number is taken as is
    assert scaffold.host_record("Snåsa")["kommunenummer"] == "5041"  # one part of a name


def test_with_ids_appends_the_number_only_to_twins() -> None:
    records: list[dict[str, object]] = [
        {"id": "heroy", "kind": "municipality", "kommunenummer": "1515"},
        {"id": "bergen", "kind": "municipality", "kommunenummer": "4601"},
        {"id": "heroy", "kind": "municipality", "kommunenummer": "1818"},
        {"id": "bergen", "kind": "other", "orgnr": "971032146"},
    ]
    assert [r["id"] for r in scaffold._with_ids(records)] == [
        "heroy-1515",
        "bergen-4601",
        "heroy-1818",
        "bergen-971032146",
    ]
    assert list(scaffold._with_ids(records)[0]) == ["id", "kind", "kommunenummer"]  # key order


def test_county_members_of_a_list_keep_each_number_once() -> None:
    members, county = scaffold.county_members("4601,4601 4621")
    assert [m.number for m in members] == ["4601", "4621"]
    assert county == "Vestland"


def test_plan_with_a_county_and_its_host() -> None:
    p = scaffold.plan("Digi Vestland", "Voss herad", county="46", language="nn")
    orgs = [rel for rel in p.files if rel.startswith("data/organisations/")]
    assert len(orgs) == 43
    assert "data/organisations/voss.yaml" in orgs
    assert "host: voss\n" in p.files["data/network.yaml"]
    assert 'county: "Vestland"\n' in p.files["data/network.yaml"]
