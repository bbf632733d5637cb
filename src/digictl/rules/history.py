"""Change rules: what only history can check (they run in `digictl diff`)."""

from __future__ import annotations

from collections.abc import Iterator

from digictl.findings import Severity
from digictl.i18n import N_, _
from digictl.model import Decision, Meeting, Model
from digictl.rules.registry import Context, Issue, rule

TERMS = ("effective", "until", "amendment_rule")


@rule(
    "amendment-required",
    Severity.ERROR,
    "§7",
    N_(
        "an agreement's terms (effective, until, evaluation, amendment_rule) change only with a "
        "new amendment entry"
    ),
    fix=N_(
        "Add an amendment entry (id, date, summary, consented_by) for the change, or revert it."
    ),
)
def amendment_required(ctx: Context) -> Iterator[Issue]:
    if ctx.previous is None:
        return
    for a in ctx.model.agreements.values():
        old = ctx.previous.agreements.get(a.id)
        if old is None:
            continue
        new_amendments = {x.id for x in a.amendments} - {x.id for x in old.amendments}
        if new_amendments:
            continue
        changed = [t for t in TERMS if getattr(old, t) != getattr(a, t)]
        old_due = old.evaluation.due if old.evaluation else None
        new_due = a.evaluation.due if a.evaluation else None
        if old_due != new_due:
            changed.append("evaluation")
        for term in changed:
            before = old_due if term == "evaluation" else getattr(old, term)
            after = new_due if term == "evaluation" else getattr(a, term)
            yield Issue.of(
                a.src,
                _changed(a.id, term, before, after, ctx.previous_label),
                *(("evaluation", "due") if term == "evaluation" else (term,)),
            )


def _changed(agreement: str, term: str, before: object, after: object, since: str) -> str:
    """A term of an agreement changed without an amendment (dates are shown as dates)."""
    values = {"agreement": agreement, "term": term, "since": since}
    if before is None:
        return _(
            "`{agreement}` changes `{term}` from nothing to {after} since {since} without a new "
            "amendment; every change to the agreement is written and consented by all parties "
            "(§7)",
            after=after,
            **values,
        )
    if after is None:
        return _(
            "`{agreement}` changes `{term}` from {before} to nothing since {since} without a new "
            "amendment; every change to the agreement is written and consented by all parties "
            "(§7)",
            before=before,
            **values,
        )
    return _(
        "`{agreement}` changes `{term}` from {before} to {after} since {since} without a new "
        "amendment; every change to the agreement is written and consented by all parties (§7)",
        before=before,
        after=after,
        **values,
    )


@rule(
    "history-rewrite",
    Severity.WARNING,
    "—",
    N_("past decisions are not edited or removed; members and parties are ended, not deleted"),
    fix=N_(
        "Restore the past decision, member or party and end it the proper way (`until`, "
        "`left`, a new decision)."
    ),
)
def history_rewrite(ctx: Context) -> Iterator[Issue]:
    prev = ctx.previous
    if prev is None:
        return
    yield from _rewritten_decisions(ctx, prev)
    yield from _deleted_members(ctx.model, prev, ctx.previous_label)
    yield from _removed_parties(ctx.model, prev, ctx.previous_label)


def _rewritten_decisions(ctx: Context, prev: Model) -> Iterator[Issue]:
    """Decisions of meetings before ``as_of`` removed or changed since ``prev``."""
    m = ctx.model
    since = ctx.previous_label
    for mt in prev.meetings.values():
        if mt.date >= ctx.as_of:
            continue
        now = m.meetings.get(mt.id)
        for d in mt.decisions:
            current = m.decisions.get(d.id)
            if current is None:
                yield _removed_decision(mt, d, now, since)
            elif (current.title, current.outcome) != (
                d.title,
                d.outcome,
            ) or current.meeting != d.meeting:
                message = _(
                    "decision `{decision}` of the meeting of `{body}` on {day} is changed since "
                    "{since}; past decisions stay as they were taken",
                    decision=d.id,
                    body=mt.body,
                    day=mt.date,
                    since=since,
                )
                yield Issue.of(current.src, message, "title")


def _removed_decision(mt: Meeting, d: Decision, now: Meeting | None, since: str) -> Issue:
    """The finding for a past decision no longer on record (at its meeting, if that is)."""
    was = d.src.at()
    message = _(
        "decision `{decision}` of the meeting of `{body}` on {day} is removed (it was at {file} "
        "line {line} in {since}); past decisions stay on record",
        decision=d.id,
        body=mt.body,
        day=mt.date,
        file=was.file,
        line=was.line,
        since=since,
    )
    if now is not None:
        return Issue.of(now.src, message, "decisions")
    return Issue(message, was, f"meeting:{mt.id}")


def _deleted_members(m: Model, prev: Model, since: str) -> Iterator[Issue]:
    for body in prev.bodies.values():
        now_body = m.bodies.get(body.id)
        if now_body is None:
            continue
        kept = {(x.person, x.seat, x.start) for x in now_body.members}
        for x in body.members:
            if (x.person, x.seat, x.start) not in kept:
                was = x.src.at()
                message = _(
                    "the entry of `{person}` on `{body}` (seat `{seat}`, from {start}, {file} "
                    "line {line} in {since}) is deleted; end it with `until` instead, the file "
                    "is the body's history",
                    person=x.person,
                    body=body.id,
                    seat=x.seat,
                    start=x.start,
                    file=was.file,
                    line=was.line,
                    since=since,
                )
                yield Issue.of(now_body.src, message, "members")


def _removed_parties(m: Model, prev: Model, since: str) -> Iterator[Issue]:
    for a in prev.agreements.values():
        now_a = m.agreements.get(a.id)
        if now_a is None:
            continue
        kept_parties = {(p.org, p.joined) for p in now_a.parties}
        for p in a.parties:
            if (p.org, p.joined) not in kept_parties:
                message = _(
                    "party `{org}` (joined {day}) is removed from `{agreement}` since {since}; "
                    "record `left` instead",
                    org=p.org,
                    day=p.joined,
                    agreement=a.id,
                    since=since,
                )
                yield Issue.of(now_a.src, message, "parties")
