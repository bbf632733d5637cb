"""Rule records, the catalogue of registered rules and the context rules read.

digictl's own rules register when their modules are imported; the catalogue's order is
``digictl.rules.ORDER``, set once. Rules of installed plugins (entry point group
``digictl.rules``) are loaded at the catalogue's first use and follow, by plugin name, in
the order they register. A plugin that fails to load, or a plugin rule whose id is taken,
does not stop digictl: it becomes a problem the engine reports as an ``internal`` finding.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING

from digictl.facts import Facts, facts_of
from digictl.findings import Location, Severity
from digictl.i18n import N_, _
from digictl.load.dataset import Dataset
from digictl.model import Model, ParamValue, Src
from digictl.vocabulary import DEFAULT_HORIZON

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from digictl.load.national import NationalRegistry

GROUP = "digictl.rules"  # the entry point group of rule plugins

# ids no rule may take: findings about the run itself, always reported (never skipped)
INTERNAL = "internal"
RULE_CONFIG = "rule-config"
# what each reserved id reports, in English (``reserved`` gives it in the current language)
RESERVED = {
    INTERNAL: N_("a rule failed, or a rule plugin did not load; the other rules still ran"),
    RULE_CONFIG: N_(
        "a rule setting in network.yaml that is not applied: a parameter the rule does not "
        "take, or a value of the wrong type (the default is used)"
    ),
}


def reserved(rule_id: str) -> str:
    """What the reserved id ``rule_id`` reports, in the current language."""
    return _(RESERVED[rule_id])


_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PARAM = re.compile(r"^[a-z][a-z0-9_]*$")  # like the keys of the data
_MAX_TEXT = 200  # characters of an exception's message quoted in a finding


_STANDARD_FINDERS = {"BuiltinImporter", "FrozenImporter", "PathFinder"}


def _may_have_plugins() -> bool:
    """False only when no installed distribution can declare a rule plugin.

    ``importlib.metadata`` costs a sixth of a short run to import. Distributions are found
    by the path finder in the ``*.dist-info`` and ``*.egg-info`` folders of ``sys.path``;
    when no ``entry_points.txt`` there names the group, and no other finder could list
    distributions, there are no plugins. Anything unusual answers True (look properly).
    """
    for finder in sys.meta_path:
        name = getattr(finder, "__name__", type(finder).__name__)
        if name not in _STANDARD_FINDERS and hasattr(finder, "find_distributions"):
            return True
    header = f"[{GROUP}]"
    for entry in sys.path:
        folder = entry or "."
        try:
            if not os.path.isdir(folder):
                if os.path.exists(folder):
                    return True  # a zip archive on the path: let importlib.metadata read it
                continue
            with os.scandir(folder) as it:
                names = [e.name for e in it if e.name.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
        for name in names:
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), encoding="utf-8") as fh:
                    if header in fh.read():
                        return True
            except FileNotFoundError:
                continue
            except (OSError, UnicodeDecodeError):
                return True  # importlib.metadata will say what is wrong with it
    return False


@dataclass(frozen=True)
class Issue:
    """What a rule reports: a sentence and where; severity only when it differs."""

    message: str
    at: Location
    entity: str | None = None
    severity: Severity | None = None
    subject: str | None = None  # `kind:id` of what it is about, as deadlines name it

    @classmethod
    def of(
        cls,
        src: Src,
        message: str,
        *sub: str | int,
        severity: Severity | None = None,
        subject: str | None = None,
    ) -> Issue:
        return cls(message, src.at(*sub), src.entity, severity, subject)


def kind_of(value: object) -> str:
    """What a parameter value is, in (English) words: the type a rule declares by its
    default. The engine compares these; ``kind_words`` says them to people."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, tuple | list) and all(isinstance(x, str) for x in value):
        return "a list of text"
    return f"a {type(value).__name__}"


# the kinds of parameter value ``kind_of`` names, marked for the catalogues
_KIND_WORDS = frozenset(
    {
        # Translators: a kind of value, as in "must be a whole number, not text"
        N_("true or false"),
        # Translators: a kind of value, as in "must be a whole number, not text"
        N_("a whole number"),
        # Translators: a kind of value, as in "must be a whole number, not text"
        N_("text"),
        # Translators: a kind of value, as in "must be a list of text, not text"
        N_("a list of text"),
    }
)


def kind_words(value: object) -> str:
    """``kind_of(value)`` in the current language."""
    kind = kind_of(value)
    return _(kind) if kind in _KIND_WORDS else kind


@dataclass
class Context:
    """What every rule can read: the files, the model, the moment examined and its settings."""

    dataset: Dataset
    model: Model
    as_of: date
    horizon: int = DEFAULT_HORIZON
    # for change rules: the state the data is compared with (diff), and its name
    previous: Model | None = None
    previous_label: str = ""
    # parameters set in network.yaml, by rule id; each checked against the rule's declaration
    params: Mapping[str, Mapping[str, ParamValue]] = field(default_factory=dict)

    @cached_property
    def facts(self) -> Facts:
        """The facts every rule reads (computed once per model, date and horizon)."""
        return facts_of(self.model, self.as_of, self.horizon)

    @cached_property
    def national(self) -> NationalRegistry:
        from digictl.load import national

        return national.load()

    def param(self, rule_id: str, name: str) -> ParamValue:
        """A rule's parameter: the value network.yaml sets, or the declared default."""
        found = RULES.get(rule_id)
        if found is None or name not in found.params:
            raise LookupError(f"rule `{rule_id}` declares no parameter `{name}`")
        return self.params.get(rule_id, {}).get(name, found.params[name])

    def int_param(self, rule_id: str, name: str) -> int:
        value = self.param(rule_id, name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(_not_a(rule_id, name, value, "a whole number"))
        return value

    def str_param(self, rule_id: str, name: str) -> str:
        value = self.param(rule_id, name)
        if not isinstance(value, str):
            raise TypeError(_not_a(rule_id, name, value, "text"))
        return value

    def bool_param(self, rule_id: str, name: str) -> bool:
        value = self.param(rule_id, name)
        if not isinstance(value, bool):
            raise TypeError(_not_a(rule_id, name, value, "true or false"))
        return value

    def strs_param(self, rule_id: str, name: str) -> tuple[str, ...]:
        value = self.param(rule_id, name)
        if not isinstance(value, tuple):
            raise TypeError(_not_a(rule_id, name, value, "a list of text"))
        return value


def _not_a(rule_id: str, name: str, value: ParamValue, wanted: str) -> str:
    return f"parameter `{name}` of rule `{rule_id}` is {kind_of(value)}, not {wanted}"


Check = Callable[[Context], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    """A registered rule. ``summary_en`` and ``fix_en`` are the texts as declared (English,
    marked with ``N_``); ``summary`` and ``fix`` give them in the current language."""

    id: str
    severity: Severity
    source: str
    summary_en: str  # what it checks
    check: Check
    fix_en: str = ""  # what to do about a finding
    params: Mapping[str, ParamValue] = field(default_factory=dict)  # declared, with defaults
    plugin: str = ""  # the entry point that registered it; "" for digictl's own rules

    @property
    def summary(self) -> str:
        """What the rule checks, in the current language."""
        return _(self.summary_en) if self.summary_en else ""

    @property
    def fix(self) -> str:
        """What to do about a finding, in the current language ("" when not declared)."""
        return _(self.fix_en) if self.fix_en else ""


# a plugin problem: a message marked with N_ and its values, translated when it is read
_Problem = tuple[str, dict[str, object]]


class Catalogue(Mapping[str, Rule]):
    """Every rule by id: digictl's own in the catalogue's order, then the plugins' rules.

    Registering adds a rule and never reorders; the order is set once
    (``digictl.rules.ORDER``). Plugins load at the first use.
    """

    def __init__(self) -> None:
        self._own: dict[str, Rule] = {}  # in registration order
        self._order: tuple[str, ...] = ()
        self._plugins: dict[str, dict[str, Rule]] = {}  # by entry point name
        self._problems: list[_Problem] = []
        self._plugins_loaded = False
        self._loading: str | None = None  # the plugin being imported
        self._staged: dict[str, Rule] = {}  # its rules, kept if it loads
        self._built: dict[str, Rule] | None = None

    def arrange(self, order: tuple[str, ...]) -> None:
        """Set the order of digictl's own rules (once)."""
        if self._order:
            raise ValueError("the order of the rule catalogue is set once")
        self._order = order
        self._built = None

    def add(self, r: Rule) -> None:
        """Register a rule; a plugin's rule whose id is taken is left out as a problem."""
        if self._loading is None:
            if r.id in RESERVED:
                raise ValueError(f"the rule id {r.id!r} is reserved")
            if r.id in self._ids():
                raise ValueError(f"rule {r.id!r} is registered twice")
            self._own[r.id] = r
        else:
            taken = self._taken(r.id)
            if taken is not None:
                self._problems.append(taken)
                return
            self._staged[r.id] = replace(r, plugin=self._loading)
        self._built = None

    def remove(self, rule_id: str) -> None:
        """Unregister a rule (tests register rules for a while)."""
        self._own.pop(rule_id, None)
        for rules in self._plugins.values():
            rules.pop(rule_id, None)
        self._built = None

    def forget_plugins(self) -> None:
        """Drop the plugins' rules and problems; the next use loads the entry points again."""
        self._plugins.clear()
        self._problems.clear()
        self._plugins_loaded = False
        self._built = None

    @property
    def own(self) -> tuple[str, ...]:
        """The ids of the rules registered outside plugins, in registration order."""
        return tuple(self._own)

    @property
    def problems(self) -> tuple[str, ...]:
        """One sentence per plugin that did not load and per plugin rule left out, in the
        current language."""
        self._load_plugins()
        return tuple(_(message, **values) for message, values in self._problems)

    def __getitem__(self, rule_id: str) -> Rule:
        return self._view()[rule_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._view())

    def __len__(self) -> int:
        return len(self._view())

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._view()

    def _view(self) -> dict[str, Rule]:
        self._load_plugins()
        if self._built is None:
            built = {i: self._own[i] for i in self._order if i in self._own}
            built |= self._own  # rules outside the catalogue's order (only tests add them)
            for name in sorted(self._plugins):
                built |= self._plugins[name]
            self._built = built
        return self._built

    def _ids(self) -> set[str]:
        return set(self._own).union(*self._plugins.values())

    def _taken(self, rule_id: str) -> _Problem | None:
        """Why a plugin may not register ``rule_id``, or None when it may."""
        values: dict[str, object] = {"plugin": self._loading, "rule": rule_id}
        if rule_id in RESERVED:
            return N_(
                "plugin `{plugin}` registers the rule `{rule}`, which is reserved; the "
                "plugin's rule is left out (give it another id)"
            ), values
        if rule_id in self._own:
            return N_(
                "plugin `{plugin}` registers the rule `{rule}`, which is a digictl rule; the "
                "plugin's rule is left out (give it another id)"
            ), values
        for name, rules in self._plugins.items():
            if rule_id in rules:
                return N_(
                    "plugin `{plugin}` registers the rule `{rule}`, which plugin `{other}` "
                    "registers too; the plugin's rule is left out (give it another id)"
                ), {**values, "other": name}
        if rule_id in self._staged:
            return N_(
                "plugin `{plugin}` registers the rule `{rule}`, which it has registered "
                "already; the plugin's rule is left out (give it another id)"
            ), values
        return None

    def _load_plugins(self) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        if not _may_have_plugins():
            return
        from importlib.metadata import entry_points

        try:
            found = sorted(entry_points(group=GROUP), key=lambda ep: (ep.name, ep.value))
        except Exception as exc:  # unreadable package metadata must not stop digictl
            failure = describe_failure(exc, "digictl")
            self._problems.append(
                (N_("the rule plugins could not be listed: {failure}"), {"failure": failure})
            )
            return
        for ep in found:
            self._load(ep)

    def _load(self, ep: EntryPoint) -> None:
        self._loading, self._staged = ep.name, {}
        try:
            ep.load()
        except Exception as exc:  # a broken plugin must not stop digictl
            message = N_(
                "plugin `{plugin}` ({value}) failed to load: {failure}; its rules did not run"
            )
            failure = describe_failure(exc, ep.module)
            values: dict[str, object] = {"plugin": ep.name, "value": ep.value, "failure": failure}
            self._problems.append((message, values))
        else:
            self._plugins.setdefault(ep.name, {}).update(self._staged)
        finally:
            self._loading, self._staged = None, {}
            self._built = None


RULES = Catalogue()


def _declared(rule_id: str, params: Mapping[str, ParamValue | list[str]]) -> dict[str, ParamValue]:
    """A rule's parameter declaration, checked: names and default values of a known type."""
    if not _ID.match(rule_id):
        raise ValueError(f"rule id {rule_id!r} is not lower-case letters a-z, digits and hyphens")
    out: dict[str, ParamValue] = {}
    for name, default in params.items():
        if name == "severity" or not _PARAM.match(name):
            raise ValueError(f"rule {rule_id!r} declares a parameter named {name!r}")
        value = tuple(default) if isinstance(default, list) else default
        if kind_of(value) not in ("true or false", "a whole number", "text", "a list of text"):
            raise ValueError(
                f"parameter {name!r} of rule {rule_id!r} defaults to {kind_of(value)}; "
                "a parameter is a whole number, true or false, text, or a list of text"
            )
        out[name] = value
    return out


def rule(
    id: str,
    severity: Severity,
    source: str,
    summary: str,
    fix: str = "",
    params: Mapping[str, ParamValue | list[str]] | None = None,
) -> Callable[[Check], Check]:
    """Register a rule function under its id, with its parameters and their defaults.

    ``params={"horizon": 90}``: network.yaml may set ``rules: {my-rule: {horizon: 60}}``;
    the rule reads it with ``ctx.int_param("my-rule", "horizon")``. digictl's own rules mark
    ``summary`` and ``fix`` with ``N_``: the rule record gives them in the reader's language.
    """
    declared = _declared(id, params or {})

    def register(check: Check) -> Check:
        RULES.add(Rule(id, severity, source, summary, check, fix, declared))
        return check

    return register


def describe_failure(exc: BaseException, module: str) -> str:
    """``ZeroDivisionError: division by zero (at digictl/rules/boards.py:120)``.

    Called where ``exc`` is caught: the frames below that one are searched, last first,
    for one inside digictl or inside the top-level package of ``module`` (the rule's, the
    plugin's), shown relative to that package; failing that, the last frame's file name.
    """
    text = str(exc).strip()
    said = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    if len(said) > _MAX_TEXT:
        said = said[: _MAX_TEXT - 1] + "…"
    where = _where(exc.__traceback__, module)
    return f"{said} (at {where})" if where else said


def _where(tb: TracebackType | None, module: str) -> str:
    frames = traceback.extract_tb(tb)[1:]  # the first is the frame that caught it
    roots = [r for r in (_root("digictl"), _root(module)) if r is not None]
    for frame in reversed(frames):
        path = os.path.abspath(frame.filename)
        for root, base in roots:
            if path == root or path.startswith(root + os.sep):
                return f"{os.path.relpath(path, base).replace(os.sep, '/')}:{frame.lineno}"
    if frames and not frames[-1].filename.startswith("<"):
        return f"{os.path.basename(frames[-1].filename)}:{frames[-1].lineno}"
    return ""


def _root(module: str) -> tuple[str, str] | None:
    """Where a module's top-level package lives, and the folder paths are shown from."""
    name = module.partition(".")[0]
    origin = getattr(sys.modules.get(name), "__file__", None)
    if origin is None:  # a plugin that failed to import is not in sys.modules
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
    if not isinstance(origin, str):
        return None
    origin = os.path.abspath(origin)
    if os.path.basename(origin) == "__init__.py":
        package = os.path.dirname(origin)
        return package, os.path.dirname(package)
    return origin, os.path.dirname(origin)
