"""The meeting workflow (docs/design.md §14): `meeting new`, `meeting item`, `meeting
notified`, `meeting attendance`, `meeting conflict`, `meeting approve` and `decision add`
(meetings/<yyyy-mm-dd>-<body>.yaml).

Each function changes the round-trip document of one meeting file in a Workspace: keys in
the order a person writes them (the 2026 meetings in data/ are the model), values from the
command line as text that reads back as itself. What only the whole data can tell (item
numbers in sequence, notice period, quorum, approval within the deadline, vote counts) is
left to the rules, which judge the change before it is written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from digictl.author import yamldoc
from digictl.author.common import decision_id, path_of, require
from digictl.author.workspace import Workspace
from digictl.errors import DigictlError, UsageError
from digictl.i18n import _
from digictl.load.dates import parse_date
from digictl.scaffold import check_text

OUTCOMES = ("consensus", "chair", "vote")
KINDS = ("decision", "orientation", "discussion")
METHODS = ("meeting", "e-mail")
MATTERS = ("project-mandate", "project-budget", "annual-plan", "annual-report")
SUBJECT_KINDS = ("project", "agreement", "body", "organisation", "person", "year")
_NUMBERED = re.compile(r"(.+)-(\d{4})-(\d+)", re.ASCII)
_SUBJECT = re.compile(r"([a-z]+):([a-z0-9][a-z0-9-]*)", re.ASCII)
_ITEM = re.compile(r"([1-9][0-9]{0,3})/([0-9]{2})", re.ASCII)
# 9:00, 09:00, 09.00 (as Norwegians write it), a range with - or an en dash
_CLOCK = r"([0-9]{1,2})[:.]([0-9]{2})"
_TIME = re.compile(rf"{_CLOCK}(?:\s*[-–]\s*{_CLOCK})?", re.ASCII)


def meeting_id(body: str, day: date) -> str:
    return f"{day.isoformat()}-{body}"


# YAML of the meeting file's parts


def _map_at(m: CommentedMap, order: str, key: str) -> CommentedMap:
    """The mapping at ``key``, created in its place when absent."""
    value = m.get(key)
    if value is None:
        yamldoc.put(m, order, key, CommentedMap())
        value = m[key]
    if not isinstance(value, CommentedMap):
        raise DigictlError(_("`{key}` is not a mapping in the file; fix the file first", key=key))
    return value


def _flow_map(values: Mapping[str, Any], order: str) -> CommentedMap:
    """A short mapping written on one line, ``{for: 5, against: 1}``."""
    m = yamldoc.new_map(order, values)
    m.fa.set_flow_style()
    return m


def paragraphs(value: str, option: str) -> str:
    """Text that may hold line breaks (a proposal, a decision's text in paragraphs or numbered
    points): one line as ``yamldoc.text``; several as a literal block (``|-``), which reads
    back as the same text, else in double quotes. CRLF is read as a line break; every other
    control character is refused."""
    value = value.replace("\r\n", "\n")
    if "\n" not in value:
        return yamldoc.text(value, option)
    check_text(option, value.replace("\n", " "))
    from digictl.load.loader import parse

    literal = LiteralScalarString(value)
    probe = CommentedMap()
    probe["v"] = literal
    try:
        read, _lines = parse(yamldoc.dump(probe), record=False)
    except DigictlError:
        read = None
    if isinstance(read, dict) and read.get("v") == value:
        return cast(str, literal)
    return cast(str, DoubleQuotedScalarString(value))


def _choice(value: str, choices: tuple[str, ...], option: str) -> str:
    if value not in choices:
        raise UsageError(
            _(
                "{option} takes one of {choices}, not {value!r}",
                option=option,
                choices=", ".join(choices),
                value=value,
            )
        )
    return value


def _count(value: int | None, option: str) -> int | None:
    if value is not None and value < 0:
        raise UsageError(
            _("{option} takes a whole number, 0 or more, not {value}", option=option, value=value)
        )
    return value


# the meeting and its agenda


@dataclass
class Opened:
    """A meeting file opened for a change: its id, document, body and day."""

    id: str
    doc: CommentedMap
    body: str
    day: date


def _open(ws: Workspace, meeting: str) -> Opened:
    require(ws, "meeting", meeting, "MEETING")
    doc = ws.edit(path_of("meeting", meeting))
    day = yamldoc.as_date(doc.get("date")) or parse_date(meeting[:10])
    return Opened(meeting, doc, str(doc.get("body")), day)


def _items(doc: CommentedMap) -> list[CommentedMap]:
    agenda = doc.get("agenda")
    if not isinstance(agenda, list):
        return []
    return [x for x in agenda if isinstance(x, CommentedMap)]


def _numbers(items: Iterable[Any], year: int) -> list[int]:
    """The N of each item numbered N/YY with YY the year's last two digits."""
    out = []
    for x in items:
        number = x.get("number") if isinstance(x, Mapping) else getattr(x, "number", None)
        m = _ITEM.fullmatch(str(number))
        if m is not None and int(m.group(2)) == year % 100:
            out.append(int(m.group(1)))
    return out


def next_item_number(ws: Workspace, m: Opened) -> str:
    """The next agenda number of the meeting's body in its year: after the highest N/YY of
    that body and year in all its meeting files (as on disk, with this change), 1/YY when
    there is none."""
    year = m.day.year
    taken = _numbers(_items(m.doc), year)
    created = ws.created("meetings")
    for other in ws.model().meetings.values():
        if other.body == m.body and other.date.year == year and other.id != m.id:
            taken += _numbers(other.agenda, year)
    for other_id in created - {m.id}:
        doc = ws.edit(path_of("meeting", other_id))
        day = yamldoc.as_date(doc.get("date"))
        if str(doc.get("body")) == m.body and day is not None and day.year == year:
            taken += _numbers(_items(doc), year)
    return f"{max(taken, default=0) + 1}/{year % 100:02d}"


def item_number(value: str, option: str, year: int) -> str:
    """An agenda number N/YY given on the command line, of the meeting's year."""
    check_text(option, value)
    m = _ITEM.fullmatch(value)
    if m is None:
        raise UsageError(
            _(
                "{option} {value!r} is not an agenda number: write N/YY, the item's number in "
                "the body's year (for example 12/26)",
                option=option,
                value=value,
            )
        )
    if int(m.group(2)) != year % 100:
        yy = str(year % 100).zfill(2)
        raise UsageError(
            _(
                "{option} {value!r} is not numbered in {year}, the year of the meeting: write "
                "N/{yy}",
                option=option,
                value=value,
                year=year,
                yy=yy,
            )
        )
    return value


def _item_of(m: Opened, number: str, option: str) -> CommentedMap:
    """The agenda item ``number`` of the meeting, or a UsageError naming those it has."""
    item_number(number, option, m.day.year)
    items = _items(m.doc)
    for x in items:
        if str(x.get("number")) == number:
            return x
    if not items:
        raise UsageError(
            _(
                "{option}: meeting `{meeting}` has no agenda yet; add the item first with "
                "digictl meeting item {meeting}",
                option=option,
                meeting=m.id,
            )
        )
    raise UsageError(
        _(
            "{option}: item {number} is not on the agenda of meeting `{meeting}` (it has "
            "{numbers})",
            option=option,
            number=number,
            meeting=m.id,
            numbers=", ".join(str(x.get("number")) for x in items),
        )
    )


def time_of_day(value: str, option: str = "--time") -> str:
    """A meeting's time as the contract writes it, HH:MM or HH:MM-HH:MM, from what people
    type: 9:00, 09.00, 09:00-12:00, 09.00–12.00."""
    check_text(option, value)
    m = _TIME.fullmatch(value.strip())
    wrong = _(
        "{option} {value!r} is not a time of day: write HH:MM or HH:MM-HH:MM "
        "(for example 09:00-12:00)",
        option=option,
        value=value,
    )
    if m is None:
        raise UsageError(wrong)
    clocks = [
        (int(h), int(mm)) for h, mm in zip(m.groups()[::2], m.groups()[1::2], strict=True) if h
    ]
    if any(h > 23 or mm > 59 for h, mm in clocks):
        raise UsageError(wrong)
    shown = "-".join(f"{h:02d}:{mm:02d}" for h, mm in clocks)
    if len(clocks) == 2 and clocks[1] <= clocks[0]:
        raise UsageError(
            _(
                "{option} {value!r} ends before it starts: write the start, then the end "
                "(for example 09:00-12:00)",
                option=option,
                value=value,
            )
        )
    return shown


def new_meeting(
    ws: Workspace,
    body: str,
    day: date,
    minutes: str | None = None,
    time: str | None = None,
    place: str | None = None,
) -> str:
    """Create meetings/<date>-<body>.yaml: body, date, time, place, minutes, and an empty
    decisions list (add them with decision add). Returns the meeting's id."""
    require(ws, "body", body, "BODY")
    ident_ = meeting_id(body, day)
    doc = CommentedMap()
    doc["body"] = body
    doc["date"] = day
    if time is not None:
        doc["time"] = yamldoc.code(time_of_day(time))  # quoted: YAML 1.1 reads 09:00 as a number
    if place is not None:
        doc["place"] = yamldoc.text(place, "--place")
    if minutes is not None:
        doc["minutes"] = yamldoc.text(minutes, "--minutes")
    doc["decisions"] = yamldoc.flow_list([])
    ws.create(path_of("meeting", ident_), doc)
    return ident_


@dataclass(frozen=True)
class Item:
    """An agenda item as given on the command line (``number`` None: the next)."""

    title: str
    kind: str = "decision"
    proposal: str | None = None
    exempt: str | None = None
    attachments: tuple[tuple[str, str | None], ...] = ()
    number: str | None = None


def attachment_of(value: str, option: str = "--attachment") -> tuple[str, str | None]:
    """TITLE=REF (the title up to the first `=`), or a TITLE alone."""
    title, sep, ref = value.partition("=")
    return check_text(option, title.strip()), check_text(option, ref.strip()) if sep else None


def add_item(ws: Workspace, meeting: str, item: Item) -> str:
    """Add an item to a meeting's agenda (in number order). Returns its number."""
    m = _open(ws, meeting)
    _choice(item.kind, KINDS, "--kind")
    if item.number is None:
        number = next_item_number(ws, m)
    else:
        number = item_number(item.number, "--number", m.day.year)
        if any(str(x.get("number")) == number for x in _items(m.doc)):
            raise UsageError(
                _(
                    "--number: item {number} is already on the agenda of meeting `{meeting}`",
                    number=number,
                    meeting=m.id,
                )
            )
    attachments = [
        yamldoc.new_map(
            "attachment",
            {
                "title": yamldoc.text(title, "--attachment"),
                "ref": None if ref is None else yamldoc.text(ref, "--attachment"),
            },
        )
        for title, ref in item.attachments
    ]
    entry = yamldoc.new_map(
        "item",
        {
            "number": yamldoc.text(number, "--number"),
            "title": yamldoc.text(item.title, "--title"),
            "kind": item.kind,
            "proposal": None if item.proposal is None else paragraphs(item.proposal, "--proposal"),
            "public": None if item.exempt is None else False,
            "exempt": None if item.exempt is None else yamldoc.text(item.exempt, "--exempt"),
            "attachments": CommentedSeq(attachments) if attachments else None,
        },
    )
    agenda = yamldoc.block_list(m.doc, "meeting", "agenda")
    n = int(number.partition("/")[0])
    position = len(agenda)
    for i, x in enumerate(agenda):
        other = _ITEM.fullmatch(str(x.get("number") if isinstance(x, Mapping) else ""))
        if other is not None and int(other.group(1)) > n:
            position = i
            break
    agenda.insert(position, entry)
    return number


def notified(ws: Workspace, meeting: str, on: date) -> None:
    """Record the day the notice with the agenda was sent (`notice`)."""
    m = _open(ws, meeting)
    yamldoc.put(m.doc, "meeting", "notice", on)


# attendance


@dataclass(frozen=True)
class Attendance:
    """Who met, as given on the command line."""

    present: tuple[str, ...] = ()
    absent: tuple[tuple[str, str | None], ...] = ()  # (person, reason)
    deputies: tuple[tuple[str, str], ...] = ()  # (deputy, the member met for)
    observers: tuple[str, ...] = ()


def person_and(value: str, option: str) -> tuple[str, str | None]:
    """P or P:TEXT (the text after the first colon, trimmed; empty is none)."""
    person, sep, rest = value.partition(":")
    rest = rest.strip()
    return person.strip(), (check_text(option, rest) if sep and rest else None)


def deputy_of(value: str) -> tuple[str, str]:
    """DEPUTY:MEMBER, the deputy and the member met for."""
    person, member = person_and(value, "--deputy")
    if member is None:
        raise UsageError(
            _(
                "--deputy {value!r} does not name the member met for: write DEPUTY:MEMBER "
                "(for example magnus-fjeldvaer:astrid-nordvik)",
                value=value,
            )
        )
    return person, member


def _listed(att: CommentedMap) -> dict[str, str]:
    """person -> the list the attendance names them in."""
    out: dict[str, str] = {}
    for key in ("present", "observers"):
        for p in att.get(key) or []:
            out.setdefault(str(p), key)
    for key in ("absent", "deputies"):
        for x in att.get(key) or []:
            if isinstance(x, Mapping):
                out.setdefault(str(x.get("person")), key)
    return out


def _drop(att: CommentedMap, key: str, person: str) -> None:
    """Take ``person`` off the list ``key`` (a correction moves a person to another list);
    a list left empty goes."""
    seq = att.get(key)
    if not isinstance(seq, CommentedSeq):
        return
    for i in reversed(range(len(seq))):
        x = seq[i]
        who = x.get("person") if isinstance(x, Mapping) else x
        if str(who) == person:
            del seq[i]
    if not seq:
        del att[key]


def _entry(att: CommentedMap, key: str, person: str) -> CommentedMap | None:
    for x in att.get(key) or []:
        if isinstance(x, CommentedMap) and str(x.get("person")) == person:
            return x
    return None


def record_attendance(ws: Workspace, meeting: str, given: Attendance) -> None:
    """Record or complete a meeting's attendance. Each person is named once in a command;
    a person the file already lists elsewhere is moved (a correction), one listed the same
    way is left as is, an absence's reason or a deputy's member is updated in place."""
    m = _open(ws, meeting)
    named: list[tuple[str, str, str]] = [  # (person, list, option)
        *((p, "present", "--present") for p in given.present),
        *((p, "absent", "--absent") for p, _reason in given.absent),
        *((p, "deputies", "--deputy") for p, _for in given.deputies),
        *((p, "observers", "--observer") for p in given.observers),
    ]
    _check_named(ws, named, given)
    att = _map_at(m.doc, "meeting", "attendance")
    for person, key, _option in named:
        _record(att, person, key, given)


def _check_named(ws: Workspace, named: list[tuple[str, str, str]], given: Attendance) -> None:
    """Someone is named, each person once, every person exists, no deputy for themselves."""
    if not named:
        raise UsageError(
            _("name who met: give at least one of --present, --absent, --deputy or --observer")
        )
    seen: set[str] = set()
    for person, _key, option in named:
        require(ws, "person", person, option)
        if person in seen:
            raise UsageError(
                _(
                    "{option}: `{person}` is named twice; name each person once",
                    option=option,
                    person=person,
                )
            )
        seen.add(person)
    for deputy, member in given.deputies:
        require(ws, "person", member, "--deputy")
        if deputy == member:
            raise UsageError(
                _(
                    "--deputy: `{person}` cannot meet as a deputy for themselves; write "
                    "DEPUTY:MEMBER",
                    person=deputy,
                )
            )


def _record(att: CommentedMap, person: str, key: str, given: Attendance) -> None:
    """Put ``person`` in the attendance's list ``key`` (moving them from another list)."""
    was = _listed(att).get(person)
    if was is not None and was != key:
        _drop(att, was, person)
    if key in ("present", "observers"):
        if was != key:
            yamldoc.block_list(att, "attendance", key).append(person)
        return
    entry = _entry(att, key, person) if was == key else None
    if key == "absent":
        reason = dict(given.absent)[person]
        if entry is None:
            values = {"person": person, "reason": _opt_text(reason, "--absent")}
            yamldoc.block_list(att, "attendance", key).append(yamldoc.new_map("absent", values))
        elif reason is not None:
            yamldoc.put(entry, "absent", "reason", yamldoc.text(reason, "--absent"))
    elif entry is None:
        values = {"person": person, "for": dict(given.deputies)[person]}
        yamldoc.block_list(att, "attendance", key).append(yamldoc.new_map("deputy", values))
    else:
        yamldoc.put(entry, "deputy", "for", dict(given.deputies)[person])


def _opt_text(value: str | None, option: str) -> str | None:
    return None if value is None else yamldoc.text(value, option)


def declare_conflict(
    ws: Workspace,
    meeting: str,
    number: str,
    person: str,
    grounds: str | None = None,
    left: bool = True,
) -> None:
    """Record that a member declared a conflict of interest for an agenda item (and left
    while it was dealt with, unless ``left`` is false). A conflict already recorded for
    the person on that item is updated."""
    m = _open(ws, meeting)
    item = _item_of(m, number, "ITEM")
    require(ws, "person", person, "--person")
    entry = _entry(item, "conflicts", person)
    if entry is None:
        values = {"person": person, "grounds": _opt_text(grounds, "--grounds"), "left": left}
        yamldoc.block_list(item, "item", "conflicts").append(yamldoc.new_map("conflict", values))
        return
    if grounds is not None:
        yamldoc.put(entry, "conflict", "grounds", yamldoc.text(grounds, "--grounds"))
    yamldoc.put(entry, "conflict", "left", left)


def approve_minutes(
    ws: Workspace,
    meeting: str,
    on: date,
    by: list[str],
    method: str | None = None,
    ref: str | None = None,
) -> None:
    """Record the approval of the minutes (justering): `minutes` becomes the mapping of
    ref (a text reference already there is kept as it), approved, by and method."""
    m = _open(ws, meeting)
    if not by:
        raise UsageError(_("--by: name who approved the minutes (repeat --by for each)"))
    people = list(dict.fromkeys(require(ws, "person", p, "--by") for p in by))
    if method is not None:
        _choice(method, METHODS, "--method")
    minutes = m.doc.get("minutes")
    if isinstance(minutes, CommentedMap):
        target = minutes
    else:
        target = CommentedMap()
        if minutes is not None:
            target["ref"] = minutes
            comment = m.doc.ca.items.pop("minutes", None)
            if comment is not None:  # a comment on the reference's line stays on its line
                target.ca.items["ref"] = comment
        yamldoc.put(m.doc, "meeting", "minutes", target)
    if ref is not None:
        yamldoc.put(target, "minutes", "ref", yamldoc.text(ref, "--ref"))
    yamldoc.put(target, "minutes", "approved", on)
    yamldoc.put(target, "minutes", "by", yamldoc.flow_list(people))
    if method is not None:
        yamldoc.put(target, "minutes", "method", method)


# decisions


def body_prefix(body: str) -> str:
    """The prefix of a body without numbered decisions: the initials of its id's words in
    capitals (faggruppe-informasjonssikkerhet -> FI), or the first two letters of a one-word
    id (ressursgruppa -> RE)."""
    words = [w for w in body.split("-") if w]
    return ("".join(w[0] for w in words) if len(words) > 1 else body[:2]).upper()


def next_decision_id(numbered: Iterable[str], body: str, year: int) -> str:
    """The next id in the house pattern ``<PREFIX>-<yyyy>-<nn>`` of a body's decisions: the
    prefix its decisions use most, the number after the highest of that year (two digits
    at least), else ``body_prefix(body)``."""
    parsed = [m.groups() for m in map(_NUMBERED.fullmatch, numbered) if m]
    prefixes = Counter(prefix for prefix, _year, _number in parsed)
    prefix = prefixes.most_common(1)[0][0] if prefixes else body_prefix(body)
    numbers = [int(n) for p, y, n in parsed if p == prefix and int(y) == year]
    width = max([len(n) for p, _year, n in parsed if p == prefix] or [2])
    return f"{prefix}-{year}-{max(numbers, default=0) + 1:0{width}d}"


def _decisions_of(ws: Workspace, body: str, meeting_doc: CommentedSeq) -> list[str]:
    on_disk = [d.id for d in ws.model().decisions.values() if d.body == body]
    here = [str(d.get("id")) for d in meeting_doc if hasattr(d, "get") and d.get("id")]
    return on_disk + here


def _subjects(subjects: list[str]) -> list[str]:
    for s in subjects:
        m = _SUBJECT.fullmatch(s)
        if m is None or m.group(1) not in SUBJECT_KINDS:
            raise UsageError(
                _(
                    "--subject {value!r} is not a typed reference: write KIND:ID with KIND one "
                    "of {kinds} (for example project:felles-sak-arkiv)",
                    value=s,
                    kinds=", ".join(SUBJECT_KINDS),
                )
            )
    return subjects


@dataclass(frozen=True)
class Votes:
    """The counts of a vote: for, against, blank (abstentions)."""

    yes: int | None = None
    against: int | None = None
    blank: int | None = None

    @property
    def given(self) -> bool:
        return (self.yes, self.against, self.blank) != (None, None, None)


def _outcome(outcome: str | None, votes: Votes) -> str:
    """The outcome: as given, else vote when counts are given, else consensus."""
    if outcome is None:
        return "vote" if votes.given else "consensus"
    _choice(outcome, OUTCOMES, "--outcome")
    if votes.given and outcome != "vote":
        raise UsageError(
            _(
                "--for, --against and --blank are the counts of a vote; they go with "
                "--outcome vote, not --outcome {outcome}",
                outcome=outcome,
            )
        )
    return outcome


def _votes(votes: Votes) -> CommentedMap:
    _count(votes.yes, "--for")
    _count(votes.against, "--against")
    _count(votes.blank, "--blank")
    if votes.yes is None or votes.against is None:
        raise UsageError(
            _(
                "--outcome vote needs the counts: --for N and --against N (and --blank N "
                "when some abstained)"
            )
        )
    values = {"for": votes.yes, "against": votes.against, "blank": votes.blank}
    return _flow_map(values, "votes")


def add_decision(
    ws: Workspace,
    meeting: str,
    title: str | None,
    ident_: str | None = None,
    outcome: str | None = None,
    subjects: list[str] | None = None,
    *,
    item: str | None = None,
    text: str | None = None,
    votes: Votes | None = None,
    matter: str | None = None,
) -> str:
    """Append a decision (id, title, item, text, outcome, votes, matter, subjects) to a
    meeting. Without a title, the agenda item's title. Returns its id."""
    m = _open(ws, meeting)
    decisions = yamldoc.block_list(m.doc, "meeting", "decisions")
    counts = votes or Votes()
    the_outcome = _outcome(outcome, counts)
    counted = _votes(counts) if the_outcome == "vote" else None
    if matter is not None:
        _choice(matter, MATTERS, "--matter")
    on_item = None if item is None else _item_of(m, item, "--item")
    if title is None:
        if on_item is None:
            raise UsageError(
                _("--title is needed: say what was decided (or give --item to take its title)")
            )
        title = str(on_item.get("title"))
    year = m.day.year
    the_id = (
        decision_id(ident_, "--id")
        if ident_ is not None
        else next_decision_id(_decisions_of(ws, m.body, decisions), m.body, year)
    )
    entry = yamldoc.new_map(
        "decision",
        {
            "id": the_id,
            "title": yamldoc.text(title, "--title"),
            "item": None if item is None else yamldoc.text(item, "--item"),
            "text": None if text is None else paragraphs(text, "--text"),
            "outcome": the_outcome,
            "votes": counted,
            "matter": matter,
            "subjects": CommentedSeq(_subjects(subjects)) if subjects else None,
        },
    )
    decisions.append(entry)
    return the_id
