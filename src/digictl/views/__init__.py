"""Views people ask for: board rosters, the portfolio, the dashboard."""
