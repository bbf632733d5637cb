"""The words digictl shares between stages: defaults, status groups and languages.

One place for each, so a rule, a view and a report never disagree on what
"ongoing" means or how far ahead "upcoming" looks.
"""

from __future__ import annotations

# days ahead that count as "upcoming" (`--within`, `--horizon`) unless told otherwise
DEFAULT_HORIZON = 90

# the languages of everything people read; the first is the default
LANGUAGES = ("nb", "nn", "en")
DEFAULT_LANGUAGE = LANGUAGES[0]

# a project's statuses in the order of its life
PROJECT_STATUSES = ("proposed", "approved", "active", "paused", "completed", "cancelled")
# decided and not yet closed: the project runs, or may run again
ONGOING = ("approved", "active", "paused")
# a programme board has decided on the project: its mandate and budget must be recorded
NEEDS_MANDATE = ("approved", "active", "completed")
# closed for good
CLOSED = ("completed", "cancelled")

# the roles a body may have that rules rely on (DESIGN §2)
PROGRAMME_BOARD = "programme-board"
PORTFOLIO_BOARD = "portfolio-board"

# a deadline's state on the date examined, in the order a listing shows them
DEADLINE_STATES = ("overdue", "upcoming", "later", "done")
