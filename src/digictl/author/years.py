"""`year new`: the year file (years/<yyyy>.yaml) with the programme office's budget."""

from __future__ import annotations

from digictl.author import yamldoc
from digictl.author.common import path_of, positive
from digictl.author.workspace import Workspace
from digictl.load.dates import check_year_option


def new_year(ws: Workspace, year: int, office_budget: int | None = None) -> None:
    """Create years/<year>.yaml: `year`, and `programme_office.budget` when given (the plan,
    report and contributions are added as they are decided)."""
    check_year_option(year, "YEAR")
    positive(office_budget, "--office-budget")
    office = (
        None
        if office_budget is None
        else yamldoc.new_map("programme_office", {"budget": office_budget})
    )
    doc = yamldoc.new_map("year", {"year": year, "programme_office": office})
    ws.create(path_of("year", str(year)), doc)
