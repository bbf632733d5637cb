"""Geometry of the inline SVG timeline: bars for terms and periods, year ticks, today, deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from digictl.output.reports.document import Timeline

WIDTH = 960
LABEL = 260
ROW = 18
TOP = 34
MAX_ROWS = 60


@dataclass(frozen=True)
class Geometry:
    width: int
    height: int
    label_width: int
    rows: list[dict[str, object]]
    ticks: list[dict[str, object]]
    today_x: float | None
    markers: list[dict[str, object]]
    more: int  # bars left out when there are too many


def geometry(tl: Timeline) -> Geometry:
    span = max((tl.end - tl.start).days, 1)
    plot = WIDTH - LABEL - 10

    def x(day: date) -> float:
        day = min(max(day, tl.start), tl.end)
        return round(LABEL + plot * (day - tl.start).days / span, 1)

    bars = tl.bars[:MAX_ROWS]
    rows = []
    for i, b in enumerate(bars):
        x0, x1 = x(b.start), x(b.end)
        rows.append(
            {
                "y": TOP + i * ROW,
                "x": x0,
                "w": max(round(x1 - x0, 1), 2.0),
                "label": b.label if len(b.label) <= 40 else b.label[:39] + "…",
                "title": f"{b.label}: {b.start.isoformat()} – {b.end.isoformat()} {b.note}".strip(),
                "css": b.css,
            }
        )
    ticks = [
        {"x": x(date(year, 1, 1)), "label": str(year)}
        for year in range(tl.start.year, tl.end.year + 1)
    ]
    height = TOP + len(bars) * ROW + 12
    today = x(tl.today) if tl.start <= tl.today <= tl.end else None
    markers = [
        {"x": x(d), "title": f"{d.isoformat()}: {label}"}
        for d, label in tl.markers
        if tl.start <= d <= tl.end
    ]
    return Geometry(WIDTH, height, LABEL, rows, ticks, today, markers, len(tl.bars) - len(bars))
