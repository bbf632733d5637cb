"""Reports people read: annual plan, annual report, rosters, portfolio, agreement, deadlines."""
