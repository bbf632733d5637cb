"""`digictl import`: reading CSV and XLSX tables, mapping their columns, and the one commit."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from digictl.author import Workspace, tables
from digictl.author.cells import (
    CellError,
    parse_amount,
    parse_day,
    parse_kommunenummer,
    parse_text,
)
from digictl.author.importing import COLUMNS, resolve_org, resolve_person, rows_of
from digictl.author.tables import MAX_ROWS, TableProblems, read_table, sniff_delimiter
from digictl.cli import importer, main_callback
from digictl.errors import InputError, UsageError
from digictl.load.dataset import DirectorySource, read_dataset
from digictl.model import Model, build

# --- helpers ----------------------------------------------------------------------------------


def write_csv(path: Path, text: str, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def write_xlsx(
    path: Path, rows: Sequence[Sequence[object]], title: str = "Ark1", **sheets: object
) -> Path:
    """A workbook whose first sheet holds ``rows`` (None leaves a cell empty); each keyword
    argument adds a sheet of that name with its rows."""
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = title
    for row in rows:
        first.append(row)
    for name, more in sheets.items():
        extra = book.create_sheet(name)
        for row in more:  # type: ignore[attr-defined]
            extra.append(row)
    book.save(path)
    return path


# --- reading CSV ------------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_csv_with_or_without_bom_and_any_separator(tmp_path: Path, bom: bool, sep: str) -> None:
    text = sep.join(["Kommune", "Dato", "Vedtak"]) + "\r\n"
    text += sep.join(["malvik", "01.02.2025", '"Kommunestyret 13.12.21, sak 96/21"']) + "\r\n"
    table = read_table(write_csv(tmp_path / "parter.csv", text, bom))
    assert table.header == ("Kommune", "Dato", "Vedtak")
    [row] = rows_of(table, "parties")
    assert row.row == 2
    assert row.values == {
        "org": "malvik",
        "date": date(2025, 2, 1),
        "decision": "Kommunestyret 13.12.21, sak 96/21",
    }


def test_sniffing_takes_the_separator_of_the_header() -> None:
    assert sniff_delimiter("navn;beløp\nA, B;1,-\n") == ";"
    assert sniff_delimiter("\n\nnavn,beløp\n") == ","
    assert sniff_delimiter("navn\nKari\n") == ","


def test_headers_ignore_case_spaces_punctuation_and_units(tmp_path: Path) -> None:
    text = "  ORGANISASJON ;BELØP (kr);Avtalt\nmalvik;kr 1 250 000;12.11.2026\n"
    [row] = rows_of(read_table(write_csv(tmp_path / "t.csv", text)), "contributions")
    assert row.values == {"org": "malvik", "amount": 1_250_000, "agreed": date(2026, 11, 12)}


def test_row_numbers_are_those_the_spreadsheet_shows(tmp_path: Path) -> None:
    text = "\nnavn;org\nKari;malvik\n\n;malvik\nOla;\n"
    table = read_table(write_csv(tmp_path / "folk.csv", text))
    with pytest.raises(TableProblems) as caught:
        rows_of(table, "people")
    assert caught.value.lines == [
        f"{table.name}:5: navn is empty",
        f"{table.name}:6: org is empty",
    ]


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("navn;org\nBjørn;malvik\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"t\.csv: this is not UTF-8 text.*CSV UTF-8"):
        read_table(path)


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("bilde.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not CSV text"),
        ("t.xlsx", b"navn;org\n", "not an XLSX workbook"),
        ("t.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old-format .xls"),
        ("t.pdf", b"%PDF-1.4\n", "not .pdf files"),
        ("t.xlsx", b"PK\x03\x04 not really a zip", "broken zip archive"),
    ],
)
def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(
    tmp_path: Path, name: str, raw: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(InputError, match=message) as caught:
        read_table(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_a_folder_or_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a file"):
        read_table(tmp_path)
    with pytest.raises(InputError, match="could not be read"):
        read_table(tmp_path / "nowhere.csv")
    os.mkfifo(tmp_path / "pipe.csv")
    with pytest.raises(InputError, match="not a file"):
        read_table(tmp_path / "pipe.csv")  # refused at once, not waited on


def test_a_file_too_large_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "MAX_FILE_BYTES", 100)
    with pytest.raises(InputError, match="larger than the 100 bytes"):
        read_table(write_csv(tmp_path / "t.csv", "navn;org\n" + "Kari;alver\n" * 10))


def test_an_empty_table_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty"):
        read_table(write_csv(tmp_path / "t.csv", "\n;;\n"))


def test_a_huge_table_is_refused(tmp_path: Path) -> None:
    text = "navn;org\n" + "Kari;malvik\n" * (MAX_ROWS + 1)
    with pytest.raises(InputError, match=f"more than {MAX_ROWS} rows"):
        read_table(write_csv(tmp_path / "t.csv", text))
    assert len(read_table(write_csv(tmp_path / "ok.csv", "navn;org\n" + "K;m\n" * MAX_ROWS)).rows)


# --- reading XLSX -----------------------------------------------------------------------------


def test_xlsx_first_sheet_with_date_and_number_cells(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "tilskudd.xlsx",
        [
            ["Org", "Beløp", "Avtalt"],
            ["malvik", 292000, datetime(2026, 11, 12)],
            [None, None, None],
            ["melhus", 292000.0, "12.11.2026"],
        ],
    )
    rows = rows_of(read_table(path), "contributions")
    assert [(r.row, r.values) for r in rows] == [
        (2, {"org": "malvik", "amount": 292000, "agreed": date(2026, 11, 12)}),
        (4, {"org": "melhus", "amount": 292000, "agreed": date(2026, 11, 12)}),
    ]


def test_xlsx_sheet_by_name(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "t.xlsx", [["noe annet"]], Kommuner=[["kommunenummer"], [4631], [301]]
    )
    rows = rows_of(read_table(path, sheet="Kommuner"), "organisations")
    assert [r.values for r in rows] == [{"number": "4631"}, {"number": "0301"}]
    with pytest.raises(
        UsageError,
        match=r"no sheet named 'kommuner'; its sheets are Ark1, Kommuner; did you mean `Kommuner`",
    ):
        read_table(path, sheet="kommuner")


def test_sheet_option_is_for_workbooks_only(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--sheet is for XLSX workbooks"):
        read_table(write_csv(tmp_path / "t.csv", "navn\n"), sheet="Ark1")


def test_xlsx_rows_keep_their_numbers_below_a_title(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A3"], sheet["B3"], sheet["C3"] = "Kommune", "Dato", "Vedtak"
    sheet["A7"], sheet["B7"], sheet["C7"] = "malvik", "31.02.2025", "sak 1/25"
    book.save(path)
    with pytest.raises(TableProblems) as caught:
        rows_of(read_table(path), "parties")
    assert caught.value.lines == [
        f"{path}:7: Dato holds '31.02.2025', which is not a date in the calendar"
    ]


# --- columns ----------------------------------------------------------------------------------


def test_an_unknown_column_names_the_file_the_column_and_the_accepted_names(
    tmp_path: Path,
) -> None:
    table = read_table(write_csv(tmp_path / "t.csv", "navn;org;telefon\nKari;malvik;99\n"))
    with pytest.raises(TableProblems) as caught:
        rows_of(table, "people")
    [line] = caught.value.lines
    assert line.startswith(f"{table.name}:1: digictl does not import a column 'telefon'")
    assert "navn (name)" in line and "e-post (email, e-mail, epost)" in line


def test_a_missing_column_is_named_with_its_accepted_names(tmp_path: Path) -> None:
    table = read_table(write_csv(tmp_path / "t.csv", "kommune;dato\nmalvik;2025-01-01\n"))
    with pytest.raises(TableProblems) as caught:
        rows_of(table, "parties")
    assert caught.value.lines == [
        f"{table.name}:1: the table has no column vedtak (decision, sak); "
        "--what parties needs org, dato, vedtak"
    ]


def test_two_columns_for_one_value_are_refused(tmp_path: Path) -> None:
    table = read_table(write_csv(tmp_path / "t.csv", "kommune;kommunenummer;beløp\na;1;2\n"))
    with pytest.raises(TableProblems, match="'kommune' and 'kommunenummer' both give org"):
        rows_of(table, "contributions")


def test_values_in_a_column_without_a_name_are_refused(tmp_path: Path) -> None:
    table = read_table(write_csv(tmp_path / "t.csv", "navn;org;\nKari;malvik;x\n"))
    with pytest.raises(TableProblems, match="column 3 holds values but has no name"):
        rows_of(table, "people")


# --- hostile cells ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ('=HYPERLINK("http://x.example/","klikk")', "holds a formula"),
        ("=cmd|' /C calc'!A0", "holds a formula"),
        ("Kari\x1b[31m", "must not contain control characters"),
        ("Kari\u202eNordmann", "must not contain control characters"),
        ("x" * 2001, "more than the 2000"),
    ],
)
def test_hostile_text_cells_are_refused(cell: str, message: str) -> None:
    with pytest.raises(CellError, match=message):
        parse_text(cell)


def test_hostile_cells_in_a_csv_are_row_errors(tmp_path: Path) -> None:
    text = 'navn;org\n"=HYPERLINK(""http://x"")";malvik\n"Kari\nNordmann";malvik\n'
    table = read_table(write_csv(tmp_path / "t.csv", text))
    with pytest.raises(TableProblems) as caught:
        rows_of(table, "people")
    assert [line.split(": ", 1)[0] for line in caught.value.lines] == [
        f"{table.name}:2",
        f"{table.name}:3",
    ]
    assert "formula" in caught.value.lines[0]
    assert "control characters" in caught.value.lines[1]


def test_xlsx_formulas_are_never_evaluated(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "t.xlsx",
        [
            ["navn", "org"],
            ['=CONCATENATE("Ka","ri")', "malvik"],  # a formula Excel never computed
        ],
    )
    with pytest.raises(TableProblems) as caught:
        rows_of(read_table(path), "people")
    assert caught.value.lines == [f"{path}:2: navn is empty"]  # no cached value: nothing


def test_xlsx_text_that_looks_like_a_formula_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["navn", "org"])
    sheet.append(["Kari", "malvik"])
    sheet["A2"].data_type = "s"
    sheet["A2"].value = "=cmd|' /C calc'!A0"
    sheet["A2"].data_type = "s"
    book.save(path)
    with pytest.raises(TableProblems, match=r"t\.xlsx:2: navn holds a formula"):
        rows_of(read_table(path), "people")


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = _zip(tmp_path / "t.xlsx", {"xl/worksheets/sheet1.xml": b"\0" * (65 * 1024 * 1024)})
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(InputError, match=r"unpacks to \d+ bytes, more than"):
        read_table(bomb)


def test_a_workbook_declaring_entities_is_refused(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [["navn", "org"], ["Kari", "malvik"]])
    with zipfile.ZipFile(good) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    dtd = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    entries[sheet] = dtd + entries[sheet]
    with pytest.raises(InputError, match="declares a DTD"):
        read_table(_zip(tmp_path / "bad.xlsx", entries))


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not an XLSX workbook digictl can read"):
        read_table(_zip(tmp_path / "t.xlsx", {"hello.txt": b"hi"}))


def test_a_sheet_too_wide_or_too_long_is_refused(tmp_path: Path) -> None:
    wide = write_xlsx(tmp_path / "wide.xlsx", [[f"c{i}" for i in range(60)]])
    with pytest.raises(InputError, match="more than 50 columns"):
        read_table(wide)
    long = write_xlsx(tmp_path / "long.xlsx", [["navn"]] + [["Kari"]] * (MAX_ROWS + 1))
    with pytest.raises(InputError, match=f"more than {MAX_ROWS} rows"):
        read_table(long)


# --- cells: amounts, dates, numbers -----------------------------------------------------------


def _grouped(n: int, sep: str) -> str:
    digits = str(n)
    head = len(digits) % 3 or 3
    return sep.join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(min_value=0, max_value=10**12),
    sep=st.sampled_from(["", " ", "\u00a0", "\u202f", "."]),
    prefix=st.sampled_from(["", "kr ", "Kr. ", "NOK "]),
    suffix=st.sampled_from(["", ",-"]),
)
def test_amounts_in_norwegian_formatting(n: int, sep: str, prefix: str, suffix: str) -> None:
    assert parse_amount(f"{prefix}{_grouped(n, sep)}{suffix}") == n
    assert parse_amount(n) == n
    assert parse_amount(float(n)) == n


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(min_value=0, max_value=10**9),
    cents=st.integers(min_value=1, max_value=99),
    mark=st.sampled_from([",", "."]),
)
def test_decimals_are_refused(n: int, cents: int, mark: str) -> None:
    with pytest.raises(CellError, match="decimals"):
        parse_amount(f"{n}{mark}{cents:02d}")
    with pytest.raises(CellError, match="decimals"):
        parse_amount(n + cents / 100)


@pytest.mark.parametrize("cell", ["-5", "kr -1 000", -5, "fem", "1 2", True, date(2025, 1, 1)])
def test_other_amounts_are_refused(cell: object) -> None:
    with pytest.raises(CellError):
        parse_amount(cell)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_dates_in_every_accepted_form(day: date) -> None:
    assert parse_day(day.isoformat()) == day
    assert parse_day(f"{day.day:02d}.{day.month:02d}.{day.year}") == day
    assert parse_day(f"{day.day}.{day.month}.{day.year}") == day
    assert parse_day(day) == day
    assert parse_day(datetime(day.year, day.month, day.day)) == day


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31.12.25", "not a date written"),
        ("2025-02-30", "not a date in the calendar"),
        ("12/31/2025", "not a date written"),
        (45658, "not a date; format the cell as a date"),
        (datetime(2025, 1, 1, 13, 30), "time of day"),
        ("1.1.1850", "outside the dates"),
    ],
)
def test_other_dates_are_refused(cell: object, message: str) -> None:
    with pytest.raises(CellError, match=message):
        parse_day(cell)  # type: ignore[arg-type]


def test_kommunenummer_cells() -> None:
    assert parse_kommunenummer(301) == "0301"
    assert parse_kommunenummer(4631.0) == "4631"
    assert parse_kommunenummer(" 0301 ") == "0301"
    for bad in ("46311", "Alver", -1, timedelta(days=1)):
        with pytest.raises(CellError):
            parse_kommunenummer(bad)  # type: ignore[arg-type]


# --- the command: one judged change -----------------------------------------------------------

AS_OF = "2023-06-15"  # the base partnership is clean on this day (tests/conftest.py)


def _app() -> typer.Typer:
    """The main app's global options with `import` joined, as the lead wires it."""
    app = typer.Typer(rich_markup_mode=None)
    app.callback()(main_callback)
    importer.register(app)
    app.command("noop")(lambda: None)  # a second command keeps `import` a subcommand
    return app


@pytest.fixture
def run(base_data: Path) -> Callable[..., Result]:
    app = _app()

    def invoke(*args: object) -> Result:
        argv = ["--data", str(base_data), "--as-of", AS_OF, "import", *map(str, args)]
        result = CliRunner().invoke(app, argv)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return invoke


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def table(folder: Path, fmt: str, rows: Sequence[Sequence[object]]) -> Path:
    """The rows as a Norwegian Excel CSV (BOM, `;`) or as an XLSX workbook."""
    if fmt == "xlsx":
        return write_xlsx(folder / "tabell.xlsx", rows)
    lines = [";".join("" if c is None else str(c) for c in row) for row in rows]
    return write_csv(folder / "tabell.csv", "\r\n".join(lines) + "\r\n", bom=True)


def loaded(data: Path) -> Model:
    """The data read back by digictl's own loader: no file problem, every entity built."""
    dataset = read_dataset(DirectorySource(data))
    assert [p for p in dataset.problems if not p.warning] == []
    return build(dataset)


FORMATS = ["csv", "xlsx"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_import_organisations(run: Callable[..., Result], base_data: Path, fmt: str) -> None:
    rows: list[list[object]] = [["Kommunenummer", "Navn", "Region"], [4626, "Øygarden", "Vest"]]
    rows.append(["4632", "Austrheim", None])
    result = run(table(base_data.parent, fmt, rows), "--what", "organisations")
    assert result.exit_code == 0, result.stderr
    assert "new organisation `oygarden` (Øygarden)" in result.stdout
    model = loaded(base_data)
    assert model.organisations["oygarden"].kommunenummer == "4626"
    assert model.organisations["oygarden"].region == "Vest"
    assert model.organisations["austrheim"].orgnr == "948350823"


def test_an_organisation_whose_name_is_not_its_number_is_refused(
    run: Callable[..., Result], base_data: Path
) -> None:
    before = snapshot(base_data)
    path = table(base_data.parent, "csv", [["nummer", "navn"], ["4626", "Askøy"]])
    result = run(path, "--what", "organisations")
    assert result.exit_code == 2
    assert f"{path}:2: 4626 is Øygarden, not Askøy; check the number" in result.stderr
    assert snapshot(base_data) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_import_people(run: Callable[..., Result], base_data: Path, fmt: str) -> None:
    rows: list[list[object]] = [
        ["Navn", "Organisasjon", "Tittel", "E-post"],
        ["Kari Nordmann", "4631", "kommunedirektør", "kari@example.org"],
        ["Ola: #1 {x}", "Askøy", None, None],
    ]
    result = run(table(base_data.parent, fmt, rows), "--what", "people")
    assert result.exit_code == 0, result.stderr
    people = loaded(base_data).people
    assert (people["kari-nordmann"].org, people["kari-nordmann"].title) == (
        "alver",
        "kommunedirektør",
    )
    assert people["ola-1-x"].name == "Ola: #1 {x}"  # text, never YAML structure
    assert people["ola-1-x"].org == "askoy"


@pytest.mark.parametrize("fmt", FORMATS)
def test_import_parties(run: Callable[..., Result], base_data: Path, fmt: str) -> None:
    org = base_data / "organisations" / "oygarden.yaml"
    org.write_text(
        'id: oygarden\nname: Øygarden\nkind: municipality\nkommunenummer: "4626"\n'
        "digifin: {member: true}\n",
        encoding="utf-8",
    )
    joined: object = datetime(2023, 7, 1) if fmt == "xlsx" else "01.07.2023"
    rows: list[list[object]] = [["Kommune", "Tiltredt", "Vedtak", "Til"]]
    rows.append(["Øygarden", joined, "sak 50/23: ja", None])
    result = run(table(base_data.parent, fmt, rows), "--what", "parties")
    assert result.exit_code == 0, result.stderr
    # the review's sentence (digictl.history), its date as people read it
    assert "`oygarden` accedes to `avtale-2021` from 1 July 2023 (sak 50/23: ja)" in result.stdout
    [party] = [
        p for p in loaded(base_data).agreements["avtale-2021"].parties if p.org == "oygarden"
    ]
    assert (party.joined, party.decision, party.until) == (date(2023, 7, 1), "sak 50/23: ja", None)
    text = (base_data / "agreements" / "avtale-2021.yaml").read_text(encoding="utf-8")
    assert text.startswith("id: avtale-2021\n")  # the rest of the file as it was
    assert "consented_by: [bergen, askoy, alver, bjornafjorden]" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_import_members(run: Callable[..., Result], base_data: Path, fmt: str) -> None:
    rows: list[list[object]] = [
        ["Person", "Sete", "Fra", "Vedtak", "Rolle", "Til"],
        ["Bjørn Fjord", "regional", "2023-07-01", "SG-2023-03", "medlem", "30.06.2024"],
    ]
    result = run(
        table(base_data.parent, fmt, rows), "--what", "members", "--body", "styringsgruppa"
    )
    assert result.exit_code == 0, result.stderr
    assert "new member `bjorn-fjord` on `styringsgruppa`" in result.stdout
    body = loaded(base_data).bodies["styringsgruppa"]
    latest = body.members[-1]
    assert (latest.person, latest.seat, latest.start, latest.until) == (
        "bjorn-fjord",
        "regional",
        date(2023, 7, 1),
        date(2024, 6, 30),
    )
    assert latest.appointed_by == "SG-2023-03"


@pytest.mark.parametrize("fmt", FORMATS)
def test_import_contributions(run: Callable[..., Result], base_data: Path, fmt: str) -> None:
    rows: list[list[object]] = [
        ["Org", "Beløp (kr)", "Avtalt"],
        ["bergen", "kr 700 000", "10.11.2023"],
        ["Askøy", 350000, None],
        ["4631", "225.000", "2023-11-10"],
    ]
    result = run(table(base_data.parent, fmt, rows), "--what", "contributions", "--year", 2024)
    assert result.exit_code == 0, result.stderr
    year = loaded(base_data).years[2024]
    assert [(c.org, c.amount, c.agreed) for c in year.contributions] == [
        ("bergen", 700000, date(2023, 11, 10)),
        ("askoy", 350000, None),
        ("alver", 225000, date(2023, 11, 10)),
    ]


def test_contributions_follow_the_style_of_the_year_file(
    run: Callable[..., Result], base_data: Path
) -> None:
    year = base_data / "years" / "2023.yaml"
    before = year.read_text(encoding="utf-8")
    path = table(
        base_data.parent, "csv", [["org", "beløp", "avtalt"], ["ks", "1 000", "1.11.2022"]]
    )
    result = run(path, "--what", "contributions", "--year", 2023)
    assert result.exit_code == 0, result.stderr
    after = year.read_text(encoding="utf-8")
    assert after == before + "    - {org: ks, amount: 1000, agreed: 2022-11-01}\n"


def test_a_contribution_already_recorded_is_a_row_error(
    run: Callable[..., Result], base_data: Path
) -> None:
    path = table(base_data.parent, "csv", [["org", "beløp"], ["askoy", "1"], ["ks", 2]])
    result = run(path, "--what", "contributions", "--year", 2023)
    assert result.exit_code == 2
    assert (
        f"{path}:2: `askoy` already has a contribution for 2023 (350000); "
        "change data/years/2023.yaml instead"
    ) in result.stderr


def test_a_dry_run_shows_the_change_and_writes_nothing(
    run: Callable[..., Result], base_data: Path
) -> None:
    before = snapshot(base_data)
    path = table(base_data.parent, "xlsx", [["navn", "org"], ["Kari Nordmann", "alver"]])
    result = run(path, "--what", "people", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "new person `kari-nordmann` (Kari Nordmann)" in result.stdout
    assert "+++ b/" in result.stdout and "+name: Kari Nordmann" in result.stdout
    assert "dry run: nothing was written" in result.stdout
    assert snapshot(base_data) == before


def test_row_errors_are_reported_together_with_row_numbers(
    run: Callable[..., Result], base_data: Path
) -> None:
    before = snapshot(base_data)
    rows: list[list[object]] = [
        ["Navn", "Org", "E-post"],
        ["Kari Nordmann", "alver", "kari@example.org"],
        [None, None, None],
        ["Ola Nordmann", "Nowhere", None],
        ["Per Nordmann", "alver", "not an address"],
        ["Kari Nordmann", "alver", None],
    ]
    path = table(base_data.parent, "xlsx", rows)
    result = run(path, "--what", "people")
    assert result.exit_code == 2
    errors = [line.removeprefix("digictl: error: ") for line in result.stderr.splitlines()]
    assert [e.split(": ", 1)[0] for e in errors[:3]] == [f"{path}:{n}" for n in (4, 5, 6)]
    assert "there is no organisation 'Nowhere'" in errors[0]
    assert "E-post holds 'not an address', not an e-mail address" in errors[1]
    assert "already exists" in errors[2]
    assert errors[3] == f"digictl: 3 problems in {path}; nothing was imported or written"
    assert snapshot(base_data) == before


def test_an_import_that_introduces_an_error_is_refused_unless_forced(
    run: Callable[..., Result], base_data: Path
) -> None:
    before = snapshot(base_data)
    rows = [
        ["person", "sete", "fra", "vedtak"],
        ["bjorn-fjord", "regional", "2023-07-01", "SG-2099-01"],
    ]
    path = table(base_data.parent, "csv", rows)
    refused = run(path, "--what", "members", "--body", "styringsgruppa")
    assert refused.exit_code == 1
    assert "refused: the change introduces" in refused.stdout
    assert snapshot(base_data) == before
    forced = run(path, "--what", "members", "--body", "styringsgruppa", "--force")
    assert forced.exit_code == 0
    assert "wrote " in forced.stdout
    assert snapshot(base_data) != before


def test_options_each_what_needs(run: Callable[..., Result], base_data: Path) -> None:
    path = table(base_data.parent, "csv", [["org", "beløp"], ["ks", 1]])
    result = run(path, "--what", "contributions")
    assert result.exit_code == 2 and "--what contributions needs --year" in result.stderr
    result = run(path, "--what", "members")
    assert result.exit_code == 2 and "--what members needs --body" in result.stderr
    result = run(path, "--what", "projects")
    assert result.exit_code == 2 and "--what takes one of parties, members" in result.stderr


def test_hostile_files_are_refused_with_one_sentence(
    run: Callable[..., Result], base_data: Path, tmp_path: Path
) -> None:
    bomb = _zip(tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": b"<" * (65 * 1024 * 1024)})
    result = run(bomb, "--what", "people")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "unpacks to" in result.stderr
    rows: list[list[object]] = [["navn", "org"], ['=HYPERLINK("http://x.example")', "alver"]]
    result = run(table(base_data.parent, "csv", rows), "--what", "people")
    assert result.exit_code == 2 and "holds a formula" in result.stderr


def test_the_help_names_the_columns_of_each_what() -> None:
    result = CliRunner().invoke(_app(), ["import", "--help"])
    assert result.exit_code == 0
    text = result.stdout
    for what, columns in COLUMNS.items():
        start = text.index(f"{what}:")
        end = min(
            (text.index(f"{w}:", start + 1) for w in COLUMNS if f"{w}:" in text[start + 1 :]),
            default=len(text),
        )
        for column in columns:
            assert column.names[0] in text[start:end], (what, column.names[0])


def test_many_row_errors_are_counted_and_the_first_shown(
    run: Callable[..., Result], base_data: Path
) -> None:
    rows: list[list[object]] = [["navn", "org"]]
    rows += [["Kari", "nowhere"]] * 150
    result = run(table(base_data.parent, "csv", rows), "--what", "people")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 101
    assert lines[-1].endswith(
        "150 problems in "
        + str(base_data.parent / "tabell.csv")
        + " (50 not shown); nothing was imported or written"
    )


def test_an_organisation_is_named_by_id_number_orgnr_or_name(base_data: Path) -> None:
    ws = Workspace(base_data)
    for text in ("alver", "4631", "920290922", "Alver", "alver kommune", "ALVER"):
        assert resolve_org(ws, text) == "alver", text
    with pytest.raises(UsageError, match="no organisation has kommunenummer 0301"):
        resolve_org(ws, "301")
    with pytest.raises(UsageError, match=r"there is no organisation 'alvr'.*did you mean `alver`"):
        resolve_org(ws, "alvr")


def test_a_person_is_named_by_id_or_full_name(base_data: Path) -> None:
    ws = Workspace(base_data)
    assert resolve_person(ws, "aud-alver") == "aud-alver"
    name = loaded(base_data).people["aud-alver"].name
    assert resolve_person(ws, f"  {name.upper()} ") == "aud-alver"
    with pytest.raises(UsageError, match="there is no person 'Nobody'"):
        resolve_person(ws, "Nobody")
