"""Reports read every governance fact from `digictl.facts`: the figures a report shows are the
ones the rules and views judge (contributions agreed by the as-of date, milestones overdue only
past their moved deadline, accession periods, deadline titles from what they are about)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from digictl.facts import facts_of
from digictl.load.dataset import DirectorySource
from digictl.model import Model
from digictl.output.reports import names
from digictl.output.reports.build import Inputs, Report, build
from digictl.output.reports.document import Section
from digictl.output.reports.i18n import Translator
from digictl.rules.engine import check_source

T = Translator("en")


def _model(data: Path, as_of: date) -> Model:
    return check_source(DirectorySource(data), as_of).model


def _report(data: Path, kind: str, as_of: date, year: int) -> Report:
    return build(kind, Inputs(_model(data, as_of), as_of, T, year))


def _section(report: Report, section_id: str) -> Section:
    return next(s for s in report.sections if s.id == section_id)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# -- contributions ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["annual-plan", "annual-report"])
def test_office_counts_what_is_agreed_by_the_as_of_date(base_data: Path, kind: str) -> None:
    # 2023's contributions are required (due 2022-11-30); Bjørnafjorden's is agreed after as-of
    _edit(
        base_data / "years/2023.yaml",
        "{org: bjornafjorden, amount: 125000, agreed: 2022-11-10}",
        "{org: bjornafjorden, amount: 125000, agreed: 2023-07-01}",
    )
    as_of = date(2023, 6, 15)
    model = _model(base_data, as_of)
    cf = facts_of(model, as_of).contributions_of(2023)
    assert cf is not None and not cf.covered and cf.agreed == 1_275_000
    office = _section(build(kind, Inputs(model, as_of, T, 2023)), "office")
    expected = T("office.short", agreed=T.kr(cf.agreed), missing=T.kr(cf.missing))
    assert office.paragraphs[1] == expected
    assert expected == "Contributions agreed: NOK 1,275,000; NOK 125,000 remains."
    assert len(office.tables[0][1].rows) == 4  # every recorded contribution is listed


def test_office_of_a_year_without_required_contributions_counts_by_the_as_of_date(
    base_data: Path,
) -> None:
    # 2021's contributions were due before the agreement began: not required, still counted
    # by the date they are agreed
    _edit(
        base_data / "years/2021.yaml",
        "{org: alver, amount: 200000, agreed: 2020-11-25}",
        "{org: alver, amount: 200000, agreed: 2021-06-01}",
    )
    as_of = date(2021, 3, 1)
    assert facts_of(_model(base_data, as_of), as_of).contributions_of(2021) is None
    office = _section(_report(base_data, "annual-plan", as_of, 2021), "office")
    assert office.paragraphs[1] == "Contributions agreed: NOK 1,000,000; NOK 200,000 remains."


def test_office_says_covered_once_everything_is_agreed(base_data: Path) -> None:
    office = _section(_report(base_data, "annual-plan", date(2023, 6, 15), 2023), "office")
    assert office.paragraphs[1] == "Contributions agreed: NOK 1,400,000; the budget is covered."


# -- milestones ---------------------------------------------------------------------------

SATURDAY = date(2023, 6, 10)  # the deadline moves to Monday 2023-06-12


def _due_on_saturday(data: Path, done: str | None = None) -> None:
    new = "  - name: Innføring i alle kommunane\n    due: 2023-06-10\n"
    if done is not None:
        new += f"    done: {done}\n"
    _edit(
        data / "projects/felles-arkiv.yaml",
        "  - name: Innføring i alle kommunane\n    due: 2024-03-01\n",
        new,
    )


def _plan_state(data: Path, as_of: date) -> str:
    rows = _section(_report(data, "annual-plan", as_of, 2023), "milestones").tables[0][1].rows
    return next(r[3] for r in rows if r[1] == "Innføring i alle kommunane")


@pytest.mark.parametrize(
    ("as_of", "state"),
    [
        (date(2023, 6, 11), "planned"),  # the nominal date has passed, the moved one has not
        (date(2023, 6, 12), "planned"),  # due on the moved working day
        (date(2023, 6, 13), "overdue"),
    ],
)
def test_plan_calls_a_milestone_overdue_only_past_its_moved_deadline(
    base_data: Path, as_of: date, state: str
) -> None:
    _due_on_saturday(base_data)
    assert _plan_state(base_data, as_of) == T(f"milestone.{state}")
    facts = facts_of(_model(base_data, as_of), as_of).projects["felles-arkiv"]
    assert facts.milestones[1].state == state


def _milestone_tables(data: Path, as_of: date, year: int) -> tuple[list[list[str]], ...]:
    section = _section(_report(data, "annual-report", as_of, year), "milestones")
    return section.tables[0][1].rows, section.tables[1][1].rows


def test_annual_report_does_not_call_a_milestone_done_on_the_moved_deadline_late(
    base_data: Path,
) -> None:
    _due_on_saturday(base_data, done="2023-06-12")
    met, missed = _milestone_tables(base_data, date(2023, 6, 15), 2023)
    assert met[0][:2] == ["Felles sak- og arkivsystem", "Innføring i alle kommunane"]
    assert met[0][4] == "" and missed == []


def test_annual_report_calls_a_milestone_done_after_the_moved_deadline_late(
    base_data: Path,
) -> None:
    _due_on_saturday(base_data, done="2023-06-13")
    met, _ = _milestone_tables(base_data, date(2023, 6, 15), 2023)
    assert met[0][4] == T("milestone.late")


def test_annual_report_misses_a_milestone_not_done_by_the_as_of_date(base_data: Path) -> None:
    # done after the as-of date: not done yet, so missed, without a done date
    _due_on_saturday(base_data, done="2023-06-20")
    met, missed = _milestone_tables(base_data, date(2023, 6, 15), 2023)
    assert met == []
    assert missed == [
        ["Felles sak- og arkivsystem", "Innføring i alle kommunane", "10 Jun 2023", "", ""]
    ]


def test_annual_report_does_not_miss_a_milestone_before_its_moved_deadline(
    base_data: Path,
) -> None:
    _due_on_saturday(base_data)
    assert _milestone_tables(base_data, date(2023, 6, 12), 2023)[1] == []
    assert len(_milestone_tables(base_data, date(2023, 6, 13), 2023)[1]) == 1


def test_annual_report_does_not_miss_the_dropped_milestones_of_a_cancelled_project(
    base_data: Path,
) -> None:
    _edit(
        base_data / "projects/ideverksted.yaml",
        "status: proposed\n",
        "status: cancelled\nmilestones:\n  - name: Første verkstad halden\n    due: 2023-03-31\n",
    )
    as_of = date(2023, 6, 15)
    facts = facts_of(_model(base_data, as_of), as_of).projects["ideverksted"]
    assert facts.milestones[0].state == "dropped"
    assert _milestone_tables(base_data, as_of, 2023)[1] == []


# -- parties ------------------------------------------------------------------------------


def test_annual_report_ends_an_accession_when_the_parties_facts_end_it(base_data: Path) -> None:
    # `until` comes before `left`: the accession ends on `until`, as the party-end deadline says
    _edit(
        base_data / "agreements/avtale-2021.yaml",
        "    decision: Kommunestyret 15.12.20 sak 120/20\n",
        "    decision: Kommunestyret 15.12.20 sak 120/20\n    until: 2022-03-31\n"
        "    left: 2022-05-01\n",
    )
    as_of = date(2023, 6, 15)
    model = _model(base_data, as_of)
    period = facts_of(model, as_of).parties.period_on("bjornafjorden", date(2022, 3, 31))
    assert period is not None and (period.end, period.end_reason) == (date(2022, 3, 31), "until")
    bullets = _section(build("annual-report", Inputs(model, as_of, T, 2022)), "membership").bullets
    ended = [b for b in bullets if "Bjørnafjorden" in b]
    assert len(ended) == 1 and ended[0].startswith("31 Mar 2022: ") and "ended" in ended[0]


def test_annual_report_leaves_out_an_accession_end_after_the_agreement(base_data: Path) -> None:
    _edit(
        base_data / "agreements/avtale-2021.yaml",
        "    decision: Kommunestyret 15.12.20 sak 120/20\n",
        "    decision: Kommunestyret 15.12.20 sak 120/20\n    until: 2025-06-30\n",
    )
    bullets = _section(
        _report(base_data, "annual-report", date(2025, 7, 1), 2025), "membership"
    ).bullets
    assert not any("Bjørnafjorden" in b for b in bullets)


def test_agreement_bars_are_the_accession_periods(base_data: Path) -> None:
    as_of = date(2023, 6, 15)
    model = _model(base_data, as_of)
    timeline = build("agreement", Inputs(model, as_of, T, 2023)).timeline
    assert timeline is not None
    periods = facts_of(model, as_of).parties.of_agreement(model.agreements["avtale-2021"])
    assert [(b.start, b.end) for b in timeline.bars] == [(p.start, p.end) for p in periods]


# -- deadlines ----------------------------------------------------------------------------


def test_deadline_titles_come_from_what_they_are_about_not_from_the_title(
    base_data: Path,
) -> None:
    as_of = date(2023, 6, 15)
    model = _model(base_data, as_of)
    inp = Inputs(model, as_of, Translator("nn"), 2023)
    deadlines = facts_of(model, as_of).deadlines
    assert {d.kind for d in deadlines} >= {"term-end", "milestone", "evaluation", "meeting"}
    for d in deadlines:
        title = names.deadline_title(inp, d)
        assert names.deadline_title(inp, dataclasses.replace(d, given="?")) == title
        assert d.title != title  # in Nynorsk, with names instead of ids


def test_a_deadline_without_the_ids_its_title_needs_is_an_error(base_data: Path) -> None:
    as_of = date(2023, 6, 15)
    model = _model(base_data, as_of)
    d = next(d for d in facts_of(model, as_of).deadlines if d.kind == "term-end")
    bare = dataclasses.replace(d, about=dataclasses.replace(d.about, person=None))
    with pytest.raises(KeyError):
        names.deadline_title(Inputs(model, as_of, T, 2023), bare)


def test_every_deadline_kind_has_a_title_in_every_language() -> None:
    from digictl import i18n
    from digictl.facts.deadlines import KINDS, About, Deadline, title_of
    from digictl.vocabulary import LANGUAGES

    about = About("a", "o", "p", "b", "s", "x", "m", 2024, "2024 Q1", "left")
    day = date(2024, 1, 2)
    for lang in LANGUAGES:
        for kind in KINDS:
            d = Deadline(kind, "s", "", day, day, False, about=about)
            assert title_of(d, lang=lang).strip(), (lang, kind)
        assert i18n.current() == "en"  # the language of the run is left as it was
