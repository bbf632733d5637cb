"""The agreement report: each agreement's period and evaluation, its parties, the consent to
its amendments, and the parties' accession periods on a timeline."""

from __future__ import annotations

from digictl.model import Agreement, Amendment, Party
from digictl.output.reports import names
from digictl.output.reports.document import Bar, Built, Inputs, Section, Table
from digictl.output.reports.parts import deadline_markers, timeline


def agreement(inp: Inputs) -> Built:
    sections = []
    bars: list[Bar] = []
    for a in sorted(inp.model.agreements.values(), key=lambda a: a.effective):
        sections.append(_section(inp, a))
        for pp in inp.facts.parties.of_agreement(a):  # one per party, in the order of the parties
            label = f"{names.org(inp, pp.party.org)} ({a.id})"
            bars.append(Bar(label, pp.start, pp.end, "party", ""))
    return sections, timeline(inp.t("timeline.parties"), bars, inp, deadline_markers(inp))


def _section(inp: Inputs, a: Agreement) -> Section:
    t = inp.t
    cols = [
        t("col.party"),
        t("col.joined"),
        t("col.accession"),
        t("col.end"),
        t("col.note"),
        t("col.digifin"),
    ]
    parties = Table(cols, [_party_row(inp, p) for p in a.parties], t("none"))
    amendments = Table(
        [t("col.id"), t("col.date"), t("col.summary"), t("col.consent")],
        [_amendment_row(inp, a, am) for am in a.amendments],
        t("none"),
    )
    tables = [
        (t("agreement.parties", n=len(a.parties)), parties),
        (t("agreement.amendments"), amendments),
    ]
    return Section(a.id, a.title, _facts(inp, a), tables)


def _facts(inp: Inputs, a: Agreement) -> list[str]:
    t = inp.t
    out = [
        t(
            "agreement.period",
            start=t.date(a.effective),
            end=t.date(a.until),
            version=a.version or "–",
        )
    ]
    ev = a.evaluation
    if ev is not None:
        if _evaluated(inp, a) and ev.done is not None:
            out.append(t("agreement.evaluated", due=t.date(ev.due), done=t.date(ev.done)))
        else:
            out.append(t("agreement.evaluation_due", due=t.date(ev.due)))
    return out


def _evaluated(inp: Inputs, a: Agreement) -> bool:
    """The evaluation deadline of ``a`` is met by the as-of date."""
    return any(
        d.kind == "evaluation" and d.about.agreement == a.id and d.done for d in inp.facts.deadlines
    )


def _party_row(inp: Inputs, p: Party) -> list[str]:
    t = inp.t
    org = inp.model.organisations.get(p.org)
    member = None if org is None else org.digifin_member
    digifin = t("yes") if member else (t("no") if member is False else "–")
    return [
        names.org(inp, p.org),
        t.short_date(p.joined),
        p.decision or "",
        t.short_date(p.left or p.until),
        t("party.left") if p.left else (t("party.until") if p.until else ""),
        digifin,
    ]


def _amendment_row(inp: Inputs, a: Agreement, am: Amendment) -> list[str]:
    """Whether every party on the amendment's date consented to it."""
    t = inp.t
    consent = am.consented_by
    if consent is None:
        state = t("amendment.unrecorded")
    else:
        active = inp.facts.parties.on(a, am.date)
        missing = [o for o in active if o not in consent]
        state = (
            t("amendment.all", n=len(active))
            if not missing
            else t("amendment.missing", orgs=", ".join(names.org(inp, o) for o in missing))
        )
    return [am.id, t.short_date(am.date), am.summary or "", state]
