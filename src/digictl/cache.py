"""A cache of loaded and schema-checked files, keyed by what determines the result.

The key is the file's kind, its shown path and the SHA-1 of its bytes, so a hit is
exactly what loading would give. The cache lives in the repository's ``.git``
folder (trusted like its hooks), is versioned by digictl's version and the schema
texts, and is written atomically: concurrent runs never see a half-written file,
the last writer wins.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from functools import cache
from pathlib import Path
from typing import Any

from digictl import __version__, kinds, resources
from digictl.fsutil import write_atomic

MAX_ENTRIES = 200_000


@cache
def salt() -> str:
    h = hashlib.sha1(__version__.encode())
    for name in ["common.schema.json", *(k.schema for k in kinds.ALL)]:
        h.update(resources.schemas().joinpath(name).read_bytes())
    return h.hexdigest()[:16]


def key(kind: str, shown: str, raw: bytes) -> str:
    return hashlib.sha1(f"{kind}\0{shown}\0".encode() + raw).hexdigest()


class LoadCache:
    def __init__(self, directory: Path) -> None:
        self.path = directory / f"loaded-{salt()}.pickle"
        self.entries: dict[str, Any] = {}
        self.dirty = False
        try:
            with self.path.open("rb") as f:
                loaded = pickle.load(f)
            if isinstance(loaded, dict):
                self.entries = loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.entries = {}

    def get(self, k: str) -> Any:
        return self.entries.get(k)

    def put(self, k: str, value: Any) -> None:
        self.entries[k] = value
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        if len(self.entries) > MAX_ENTRIES:
            self.entries = dict(list(self.entries.items())[-MAX_ENTRIES:])
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            data = pickle.dumps(self.entries, pickle.HIGHEST_PROTOCOL)
            write_atomic(self.path, data, force=True)
