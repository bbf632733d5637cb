"""The rule registry: every rule is a small named function registered by its id.

A rule takes a ``Context`` and yields ``Issue`` records; the engine adds the
rule id and severity. Rules never print and never stop at the first problem.
Importing this package registers digictl's own rules; ``ORDER`` is their order in
the catalogue, and plugin rules (entry point group ``digictl.rules``) follow them.
"""

from digictl.rules import boards as _boards  # noqa: F401
from digictl.rules import files as _files  # noqa: F401  (registers rules)
from digictl.rules import history as _history  # noqa: F401
from digictl.rules import meetings as _meetings  # noqa: F401
from digictl.rules import organisations as _organisations  # noqa: F401
from digictl.rules import parties as _parties  # noqa: F401
from digictl.rules import projects as _projects  # noqa: F401
from digictl.rules import references as _references  # noqa: F401
from digictl.rules import years as _years  # noqa: F401
from digictl.rules.registry import RULES, Context, Issue, Rule, rule

# The catalogue's order (DESIGN §4), the one place it is written: files first, then agreement,
# boards, projects, years, then the change rules. Every rule digictl registers is here once.
ORDER = (
    "schema",
    "yaml",
    "id-matches-file",
    "ref",
    "orgnr",
    "party-digifin",
    "party-owner-obligation",
    "amendment-unanimous",
    "agreement-evaluation",
    "agreement-expiry",
    "seat-composition",
    "seat-vacant",
    "region-coverage",
    "chair",
    "term-expired",
    "term-expiring",
    "term-limit",
    "member-party",
    "appointment",
    "cadence",
    "decision-outcome",
    "meeting-notice",
    "quorum",
    "agenda-exempt",
    "meeting-numbering",
    "minutes-approval",
    "conflict-of-interest",
    "vote-count",
    "decision-authority",
    "project-owner-party",
    "project-mandate",
    "project-financing",
    "project-steering-group",
    "milestone-overdue",
    "project-overdue",
    "annual-plan",
    "annual-report",
    "contributions",
    "amendment-required",
    "history-rewrite",
)
RULES.arrange(ORDER)

__all__ = ["ORDER", "RULES", "Context", "Issue", "Rule", "rule"]
