"""Named hostile data sets, one per category of issue #10, so a failure reads as what it is.

Each is the base partnership with edits made on the parsed YAML trees (see
tests/hostile/strategies.py); the text payloads are spread over the fields
that the listings and reports show (names, titles, summaries, decisions).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from tests.hostile import strategies as s

# The text fields the outputs show: (file, path inside it).
SHOWN: list[tuple[str, s.Path_]] = [
    ("network.yaml", ("name",)),
    ("organisations/bergen.yaml", ("name",)),
    ("organisations/askoy.yaml", ("name",)),
    ("organisations/alver.yaml", ("name",)),
    ("organisations/ks.yaml", ("name",)),
    ("people/berit-berg.yaml", ("name",)),
    ("people/anders-ask.yaml", ("name",)),
    ("people/aud-alver.yaml", ("name",)),
    ("people/rita-ressurs.yaml", ("name",)),
    ("people/bodil-fjord.yaml", ("title",)),
    ("bodies/styringsgruppa.yaml", ("name",)),
    ("bodies/ressursgruppa.yaml", ("name",)),
    ("projects/felles-arkiv.yaml", ("name",)),
    ("projects/felles-arkiv.yaml", ("mandate", "summary")),
    ("projects/felles-arkiv.yaml", ("milestones", 1, "name")),
    ("projects/felles-arkiv.yaml", ("benefits", 0, "description")),
    ("projects/ideverksted.yaml", ("name",)),
    ("projects/kompetanse.yaml", ("name",)),
    ("agreements/avtale-2021.yaml", ("title",)),
    ("agreements/avtale-2021.yaml", ("parties", 0, "decision")),
    ("agreements/avtale-2021.yaml", ("amendments", 0, "summary")),
    ("meetings/2023-06-05-styringsgruppa.yaml", ("decisions", 0, "title")),
    ("meetings/2023-06-05-styringsgruppa.yaml", ("decisions", 0, "text")),
    ("meetings/2023-06-05-styringsgruppa.yaml", ("place",)),
    ("meetings/2023-06-05-styringsgruppa.yaml", ("agenda", 0, "title")),
    ("meetings/2023-06-05-styringsgruppa.yaml", ("agenda", 0, "proposal")),
    ("meetings/2023-06-05-styringsgruppa.yaml", ("agenda", 0, "attachments", 0, "title")),
    ("meetings/2023-06-05-styringsgruppa.yaml", ("agenda", 0, "attachments", 0, "ref")),
    ("meetings/2023-06-05-styringsgruppa.yaml", ("agenda", 1, "exempt")),
    ("meetings/2023-06-05-styringsgruppa.yaml", ("agenda", 1, "conflicts", 0, "grounds")),
    ("meetings/2023-06-05-styringsgruppa.yaml", ("attendance", "absent", 0, "reason")),
    ("meetings/2023-06-05-styringsgruppa.yaml", ("minutes", "ref")),
    ("meetings/2023-03-13-styringsgruppa.yaml", ("decisions", 0, "title")),
    ("meetings/2022-03-14-styringsgruppa.yaml", ("decisions", 1, "title")),
]

Edit = Callable[[Any], Any]


def edited(name: str, edits: dict[str, list[tuple[s.Path_, Any]] | Any]) -> s.Hostile:
    """A data set from edits per file: a list of (path, value), or a whole new tree."""
    h = s.Hostile(name)
    for rel, change in edits.items():
        if isinstance(change, list) and all(
            isinstance(c, tuple) and len(c) == 2 and isinstance(c[0], tuple) for c in change
        ):
            tree = s.base_tree(rel)
            for path, value in change:
                tree = s.put(tree, path, value)
                h.steps.append(f"{rel}: {list(path)} = {value!r}"[:200])
                if isinstance(value, str):
                    h.payloads.append(value)
        else:
            tree = change
            h.steps.append(f"{rel} = {change!r}"[:200])
        h.files[rel] = s.dump(tree)
    return h


def spread(name: str, payloads: list[str], keep_original: bool = True) -> s.Hostile:
    """The payloads over every shown field, in turn (each field gets one)."""
    edits: dict[str, list[tuple[s.Path_, Any]]] = {}
    for i, (rel, path) in enumerate(SHOWN):
        payload = payloads[i % len(payloads)]
        old = s.get(s.base_tree(rel), path)
        value = f"{old} {payload}" if keep_original and i % 2 else payload
        edits.setdefault(rel, []).append((path, value))
    return edited(name, edits)


def _wrong_types() -> s.Hostile:
    return edited(
        "wrong-types",
        {
            "meetings/2023-06-05-styringsgruppa.yaml": [(("decisions",), True)],
            "meetings/2022-03-14-styringsgruppa.yaml": [(("decisions",), {"a": "b"})],
            "meetings/2021-02-15-styringsgruppa.yaml": [(("decisions",), [True, "x", [1]])],
            "meetings/2022-06-13-styringsgruppa.yaml": [(("decisions", 0, "subjects"), "x")],
            "bodies/ressursgruppa.yaml": [(("members",), "x"), (("seats",), {"a": 1})],
            "bodies/styringsgruppa.yaml": [
                (("members", 0), ["list"]),
                (("seats", 1, "count"), "three"),
                (("chair",), []),
                (("roles",), "portfolio-board"),
            ],
            "projects/felles-arkiv.yaml": [
                (("budget",), []),
                (("milestones",), True),
                (("participants",), "askoy"),
            ],
            "projects/kompetanse.yaml": [
                (("mandate",), "yes"),
                (("budget",), {"total": "much", "financing": {"a": 1}}),
            ],
            "agreements/avtale-2021.yaml": [
                (("parties", 0), "bergen"),
                (("amendments",), {"x": 1}),
                (("evaluation",), True),
            ],
            "years/2022.yaml": [(("year",), "abc"), (("programme_office",), [])],
            "years/2023.yaml": [(("programme_office", "contributions"), True)],
            "organisations/bergen.yaml": [(("digifin",), True)],
            "people/kari-ks.yaml": [1, 2],
            "organisations/ks.yaml": "x",
            "people/rita-ressurs.yaml": None,
        },
    )


def _wrong_network() -> s.Hostile:
    return edited(
        "wrong-types-network",
        {
            "network.yaml": [
                (("calendar",), []),
                (("rules",), ["x"]),
                (("host",), {"a": 1}),
                (("language",), True),
            ]
        },
    )


def _huge_amounts() -> s.Hostile:
    return edited(
        "huge-amounts",
        {
            "projects/felles-arkiv.yaml": [
                (("budget", "total"), 10**30),
                (("budget", "financing", 0, "amount"), 10**30),
                (("budget", "financing", 1, "amount"), -(10**30)),
            ],
            "projects/kompetanse.yaml": [(("budget", "total"), s.GIANT_INT)],
            "years/2023.yaml": [
                (("programme_office", "budget"), 10**28),
                (("programme_office", "contributions", 0, "amount"), 10**28 + 1),
                (("programme_office", "contributions", 1, "amount"), s.GIANT_INT),
            ],
            "years/2022.yaml": [(("programme_office", "budget"), 2**64 + 1)],
        },
    )


def _huge_counts() -> s.Hostile:
    return edited(
        "huge-counts",
        {
            "bodies/styringsgruppa.yaml": [
                (("seats", 1, "count"), 10**30),
                (("term_years",), 10**30),
                (("max_terms",), 10**30),
                (("members", 1, "term_years"), 10**9),
            ],
            "bodies/ressursgruppa.yaml": [(("seats", 0, "count"), s.GIANT_INT)],
            "years/2023.yaml": [(("year",), 10**30)],
            "years/2021.yaml": [(("year",), -1)],
        },
    )


def _extreme_dates(name: str, lo: date, hi: date) -> s.Hostile:
    return edited(
        name,
        {
            "agreements/avtale-2021.yaml": [
                (("effective",), lo),
                (("until",), hi),
                (("evaluation", "due"), hi),
                (("parties", 0, "joined"), lo),
                (("parties", 1, "until"), hi),
                (("amendments", 0, "date"), lo),
            ],
            "bodies/styringsgruppa.yaml": [
                (("members", 0, "from"), lo),
                (("members", 1, "from"), date(hi.year, 1, 1)),
                (("members", 5, "until"), hi),
            ],
            "bodies/ressursgruppa.yaml": [(("members", 0, "from"), hi)],
            "projects/felles-arkiv.yaml": [
                (("start",), lo),
                (("end",), hi),
                (("milestones", 0, "due"), lo),
                (("milestones", 1, "due"), hi),
            ],
            "projects/kompetanse.yaml": [(("end",), date(1, 12, 31))],
            "meetings/2023-06-05-styringsgruppa.yaml": [(("date",), hi)],
            "meetings/2021-02-15-styringsgruppa.yaml": [(("date",), lo)],
            "organisations/bergen.yaml": [(("digifin", "since"), lo)],
            "years/2023.yaml": [(("programme_office", "contributions", 0, "agreed"), lo)],
        },
    )


def _extreme_years() -> s.Hostile:
    """Meetings and years at both ends of the calendar, under their own file names."""
    meeting = s.base_tree("meetings/2023-06-05-styringsgruppa.yaml")
    late = dict(meeting, date=date(9999, 12, 31))
    early = dict(meeting, date=date(1, 1, 1))
    year = s.base_tree("years/2023.yaml")
    return edited(
        "extreme-years",
        {
            "meetings/9999-12-31-styringsgruppa.yaml": late,
            "meetings/0001-01-01-styringsgruppa.yaml": early,
            "meetings/2999-12-31-styringsgruppa.yaml": dict(meeting, date=date(2999, 12, 31)),
            "meetings/1900-01-01-styringsgruppa.yaml": dict(meeting, date=date(1900, 1, 1)),
            "years/2999.yaml": dict(year, year=2999),
            "years/1900.yaml": dict(year, year=1900),
            "years/9999.yaml": dict(year, year=9999),
            "years/0001.yaml": dict(year, year=1),
            "years/0.yaml": dict(year, year=0),
        },
    )


def _hostile_names() -> s.Hostile:
    h = s.Hostile("hostile-names-and-keys")
    person = s.base_tree("people/rolf-ressurs.yaml")
    project = s.base_tree("projects/ideverksted.yaml")
    names = [p for p in s.FILE_NAME_PAYLOADS if "\n" in p or "<" in p or "[" in p or "\x1b" in p]
    for i, stem in enumerate(names):
        folder, tree = ("people", person) if i % 2 else ("projects", project)
        h.files[f"{folder}/{stem}.yaml"] = s.dump(dict(tree, id=stem))
        h.payloads.append(stem)
    felles = s.base_tree("projects/felles-arkiv.yaml")
    felles["owner"] = "<img src=x onerror=alert(1)>ZQXimg"
    felles["manager"] = "x\n::error::ZQXforged"
    felles["steering_group"] = ["[bold]ZQXbold[/bold]", "@ZQXuser"]
    felles["mandate"]["decision"] = "ZQX</details>"
    felles["[link=http://evil.example]ZQXrich[/link]"] = "x"
    felles["x\n::error::ZQXkey"] = "x"
    felles["\x1b[2JZQX"] = "x"
    h.files["projects/felles-arkiv.yaml"] = s.dump(felles)
    board = s.base_tree("bodies/styringsgruppa.yaml")
    board["members"][1]["person"] = "![ZQXimage](http://evil.example/i.png)"
    board["members"][2]["seat"] = "x\r\nBEGIN:VEVENT"
    h.files["bodies/styringsgruppa.yaml"] = s.dump(board)
    h.payloads += ["<img src=x onerror=alert(1)>ZQXimg", "ZQX</details>", "[bold]ZQXbold[/bold]"]
    h.steps.append(f"{len(names)} files with hostile names, hostile references and keys")
    return h


def _non_utf8_name() -> s.Hostile:
    h = s.Hostile("non-utf8-file-name")
    raw_name = b"projects/\xff\xfeZQX.yaml".decode("utf-8", "surrogateescape")
    h.files[raw_name] = s.dump(s.base_tree("projects/ideverksted.yaml"))
    h.steps.append("projects/\\xff\\xfeZQX.yaml")
    return h


CASES: list[s.Hostile] = [
    spread("forged-html", s.HTML),
    spread("forged-markdown", s.MARKDOWN),
    spread("control-characters", s.TERMINAL),
    spread("workflow-commands", s.WORKFLOW),
    spread("rich-markup", s.RICH),
    spread("ics-and-xml", s.ICS + s.XML),
    _wrong_types(),
    _wrong_network(),
    _huge_amounts(),
    _huge_counts(),
    _extreme_dates("extreme-dates", date(1, 1, 1), date(9999, 12, 31)),
    _extreme_dates("edge-dates", date(1900, 1, 1), date(2999, 12, 31)),
    _extreme_years(),
    _hostile_names(),
    _non_utf8_name(),
]
