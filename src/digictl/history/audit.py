"""The audit trail of an entity: the commits that changed its file and what they changed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digictl.errors import LoadError, UsageError
from digictl.history import gitrepo
from digictl.history.changes import describe, diff_values
from digictl.load import kinds
from digictl.load.loader import parse
from digictl.load.schemas import did_you_mean


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
            f"`{entity}` is not an entity name: write kind:id with an id of lower-case letters, "
            "digits and hyphens (e.g. project:felles-sak-arkiv)"
        )
    if sep:
        kind = kinds.BY_NAME.get(kind_name)
        if kind is None:
            raise UsageError(
                f"`{kind_name}` is not a kind of entity{did_you_mean(kind_name, kinds.BY_NAME)} "
                f"(kinds: {', '.join(kinds.BY_NAME)})"
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
        value, _ = parse(raw.decode("utf-8", errors="replace"))
    except LoadError:
        return {}
    return value if isinstance(value, dict) else {}


def entity_log(data_dir: Path, entity: str, rev: str = "HEAD") -> list[LogEntry]:
    repo = gitrepo.open_repo(data_dir if data_dir.exists() else Path.cwd())
    prefix = gitrepo.prefix_of(repo, data_dir)
    sha = gitrepo.resolve(repo, rev).hexsha
    found: list[tuple[kinds.Kind, str, str, list[gitrepo.CommitInfo]]] = []
    for kind, ident in _candidates(entity):
        path = _path(kind, ident, prefix)
        commits = gitrepo.commits_touching(repo, path, sha)
        if commits:
            found.append((kind, ident, path, commits))
    if not found:
        raise UsageError(f"no commit up to {rev} changed an entity `{entity}` in {prefix or '.'}/")
    if len(found) > 1:
        names = ", ".join(f"`{k.name}:{i}`" for k, i, _, _ in found)
        raise UsageError(
            f"`{entity}` is ambiguous: {names}; name the kind, e.g. {found[0][0].name}:{entity}"
        )
    kind, ident, path, commits = found[0]
    versions = [f"{c.sha}:{path}" for c in commits]
    versions += [f"{c.parent}:{path}" for c in commits if c.parent]
    blobs = gitrepo.read_objects(repo, versions)  # every version in one git process
    out = []
    for info in commits:
        after = _value(blobs[f"{info.sha}:{path}"])
        before = _value(blobs[f"{info.parent}:{path}"]) if info.parent else None
        if before is None and after is not None:
            changes = [f"{kind.name} `{ident}` is created"]
        elif after is None:
            changes = [f"{kind.name} `{ident}` is deleted"]
        else:
            assert before is not None
            changes = list(
                dict.fromkeys(
                    describe(kind.name, ident, after, f) for f in diff_values(before, after)
                )
            )
        out.append(LogEntry(info.sha, info.author, info.date, info.summary, changes))
    return out
