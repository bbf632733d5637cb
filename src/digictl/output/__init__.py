"""Everything written for people or machines: finding formats, reports, calendars, escaping."""
