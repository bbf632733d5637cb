"""The audit trail of an entity: the commits that changed its file and what they changed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digictl.errors import LoadError, UsageError
from digictl.history import gitrepo
from digictl.history.changes import CREATED, DELETED, describe, diff_values, of_kind
from digictl.i18n import _
from digictl.load import kinds
from digictl.load.loader import parse
from digictl.load.schemas import coerce, inlined
from digictl.suggest import closest


@dataclass(frozen=True)
class LogEntry:
    sha: str
    author: str
    date: str
    summary: str
    changes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "commit": self.sha,
            "author": self.author,
            "date": self.date,
            "summary": self.summary,
            "changes": self.changes,
        }


_IDENT = re.compile(r"[a-z0-9][a-z0-9-]*")


def _candidates(entity: str) -> list[tuple[kinds.Kind, str]]:
    if entity == "network" or entity.startswith("network:"):
        return [(kinds.NETWORK, entity.partition(":")[2] or "network")]
    kind_name, sep, ident = entity.partition(":")
    if not _IDENT.fullmatch(ident if sep else entity):
        raise UsageError(
            _(
                "`{entity}` is not an entity name: write kind:id with an id of lower-case "
                "letters, digits and hyphens (e.g. project:felles-sak-arkiv)",
                entity=entity,
            )
        )
    if sep:
        kind = kinds.BY_NAME.get(kind_name)
        if kind is None:
            known = ", ".join(kinds.BY_NAME)
            match = closest(kind_name, kinds.BY_NAME)
            if match is None:
                raise UsageError(
                    _(
                        "`{kind}` is not a kind of entity (kinds: {kinds})",
                        kind=kind_name,
                        kinds=known,
                    )
                )
            raise UsageError(
                _(
                    "`{kind}` is not a kind of entity; did you mean `{match}`? (kinds: {kinds})",
                    kind=kind_name,
                    match=match,
                    kinds=known,
                )
            )
        return [(kind, ident)]
    return [(k, entity) for k in kinds.ALL if k.folder]


def _path(kind: kinds.Kind, ident: str, prefix: str) -> str:
    rel = "network.yaml" if kind is kinds.NETWORK else f"{kind.folder}/{ident}.yaml"
    return f"{prefix}/{rel}" if prefix else rel


def _value(raw: bytes | None) -> dict[str, Any] | None:
    """The mapping a file held (None: no file; {} when it was not a readable mapping)."""
    if raw is None:
        return None
    try:
        value, _lines = parse(raw.decode("utf-8", errors="replace"), record=False)
    except LoadError:
        return {}
    return value if isinstance(value, dict) else {}


def _versions(change: gitrepo.PathChange, path: str) -> tuple[str | None, str | None]:
    """How to name the file before and after a commit for `git cat-file`: its blobs, from
    the log; for a merge (whose change the log does not show) ``commit:path``."""
    if path in change.blobs:
        return change.blobs[path]
    before = f"{change.parents[0]}:{path}" if change.parents else None
    return before, f"{change.sha}:{path}"


def _find(entity: str, rev: str, prefix: str, logs: list[gitrepo.PathChange]) -> tuple[
    kinds.Kind, str, str
]:  # fmt: skip
    """The one entity ``entity`` names among the files the log shows changed."""
    candidates = [(k, i, _path(k, i, prefix)) for k, i in _candidates(entity)]
    touched = {path for change in logs for path in change.blobs}
    found = [c for c in candidates if c[2] in touched]
    if not found and logs and len(candidates) == 1:  # changed in merges only
        found = candidates
    if not found:
        raise UsageError(
            _(
                "no commit up to {rev} changed an entity `{entity}` in {folder}/",
                rev=rev,
                entity=entity,
                folder=prefix or ".",
            )
        )
    if len(found) > 1:
        names = ", ".join(f"`{k.name}:{i}`" for k, i, _path in found)
        example = f"{found[0][0].name}:{entity}"
        raise UsageError(
            _(
                "`{entity}` is ambiguous: {names}; name the kind, e.g. {example}",
                entity=entity,
                names=names,
                example=example,
            )
        )
    return found[0]


def _changes(kind: kinds.Kind, ident: str, before: Any, after: Any) -> list[str]:
    if before is None and after is not None:
        return [of_kind(CREATED, kind.name, ident)]
    if after is None:
        return [of_kind(DELETED, kind.name, ident)]
    return list(
        dict.fromkeys(describe(kind.name, ident, after, f) for f in diff_values(before, after))
    )


def entity_log(data_dir: Path, entity: str, rev: str = "HEAD") -> list[LogEntry]:
    """Every commit up to ``rev`` that changed the entity's file, newest first, with what
    it changed: one `git log --raw` for the commits and blobs, one `git cat-file --batch`
    for their contents, and each version parsed once."""
    repo = gitrepo.open_repo(data_dir if data_dir.exists() else Path.cwd())
    prefix = gitrepo.prefix_of(repo, data_dir)
    sha = gitrepo.resolve(repo, rev).hexsha
    candidates = [_path(k, i, prefix) for k, i in _candidates(entity)]
    for path in candidates:  # a version of a merge is read by its path (as it always was)
        gitrepo.check_batch_name(f"{sha}:{path}")
    logs = gitrepo.path_log(repo, candidates, sha)
    kind, ident, path = _find(entity, rev, prefix, logs)
    commits = [c for c in logs if path in c.blobs or not c.blobs]
    versions = [_versions(c, path) for c in commits]
    names = {c.sha for c in commits} | {v for pair in versions for v in pair if v is not None}
    raw = gitrepo.read_raw(repo, sorted(names))  # every commit and version in one git process
    parsed = _Versions(kind)

    def value(name: str | None) -> dict[str, Any] | None:
        found = raw.get(name) if name is not None else None
        return parsed.value(found[1] if found is not None and found[0] == b"blob" else None)

    out = []
    for change, (before, after) in zip(commits, versions, strict=True):
        info = gitrepo.commit_info(repo, change, raw.get(change.sha))
        changes = _changes(kind, ident, value(before), value(after))
        out.append(LogEntry(info.sha, info.author, info.date, info.summary, changes))
    return out


class _Versions:
    """Each version of one file read once, as `validate` reads its values: parsed (without
    a line table, which the log never shows) and with the numbers the schema wants as text
    given back their text; not schema-checked, and not through the load cache, whose file
    would cost more to read than the few versions a log parses."""

    def __init__(self, kind: kinds.Kind) -> None:
        self.schema = inlined(kind.schema)
        self.values: dict[bytes | None, dict[str, Any] | None] = {None: None}

    def value(self, content: bytes | None) -> dict[str, Any] | None:
        if content not in self.values:
            assert content is not None
            value = _value(content)
            if value:
                coerce(value, self.schema)
            self.values[content] = value
        return self.values[content]
