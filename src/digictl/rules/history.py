"""Change rules: what only history can check (they run in `digictl diff`)."""

from __future__ import annotations

from collections.abc import Iterator

from digictl.findings import Severity
from digictl.model import Decision, Meeting, Model
from digictl.rules.registry import Context, Issue, rule

TERMS = ("effective", "until", "amendment_rule")


@rule(
    "amendment-required",
    Severity.ERROR,
    "§7",
    "an agreement's terms (effective, until, evaluation, amendment_rule) change only with a new "
    "amendment entry",
    fix="Add an amendment entry (id, date, summary, consented_by) for the change, or revert it.",
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
                f"`{a.id}` changes `{term}` from {_show(before)} to {_show(after)} since "
                f"{ctx.previous_label} without a new amendment; every change to the agreement "
                "is written and consented by all parties (§7)",
                *(("evaluation", "due") if term == "evaluation" else (term,)),
            )


def _show(value: object) -> str:
    if value is None:
        return "nothing"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@rule(
    "history-rewrite",
    Severity.WARNING,
    "—",
    "past decisions are not edited or removed; members and parties are ended, not deleted",
    fix=(
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
                yield Issue.of(
                    current.src,
                    f"decision `{d.id}` of the meeting of `{mt.body}` on {mt.date.isoformat()} is "
                    f"changed since {since}; past decisions stay as they were taken",
                    "title",
                )


def _removed_decision(mt: Meeting, d: Decision, now: Meeting | None, since: str) -> Issue:
    """The finding for a past decision no longer on record (at its meeting, if that is)."""
    was = d.src.at()
    where = f"{was.file} line {was.line} in {since}"
    message = (
        f"decision `{d.id}` of the meeting of `{mt.body}` on {mt.date.isoformat()} is "
        f"removed (it was at {where}); past decisions stay on record"
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
                yield Issue.of(
                    now_body.src,
                    f"the entry of `{x.person}` on `{body.id}` (seat `{x.seat}`, from "
                    f"{x.start.isoformat()}, {was.file} line {was.line} in {since}) is deleted; "
                    "end it with `until` instead, the file is the body's history",
                    "members",
                )


def _removed_parties(m: Model, prev: Model, since: str) -> Iterator[Issue]:
    for a in prev.agreements.values():
        now_a = m.agreements.get(a.id)
        if now_a is None:
            continue
        kept_parties = {(p.org, p.joined) for p in now_a.parties}
        for p in a.parties:
            if (p.org, p.joined) not in kept_parties:
                yield Issue.of(
                    now_a.src,
                    f"party `{p.org}` (joined {p.joined.isoformat()}) is removed from `{a.id}` "
                    f"since {since}; record `left` instead",
                    "parties",
                )
