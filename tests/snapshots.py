"""Saved outputs: compare a command's output with the file that holds what it should be.

``DIGICTL_UPDATE_SNAPSHOTS=1 pytest …`` rewrites the files instead; review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path


def check_snapshot(path: Path, got: str | bytes) -> None:
    """``got`` is what ``path`` holds (text compared as text first, for a readable diff;
    bytes then byte for byte, CRLF and all)."""
    if os.environ.get("DIGICTL_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(got, bytes):
            path.write_bytes(got)
        else:
            path.write_text(got, encoding="utf-8")
        return
    assert path.is_file(), f"no snapshot {path}; run with DIGICTL_UPDATE_SNAPSHOTS=1 and review it"
    expected = path.read_bytes()
    if isinstance(got, bytes):
        assert got.decode("utf-8") == expected.decode("utf-8"), f"{path.name} differs"
        assert got == expected, f"{path.name} differs in its bytes"
    else:
        assert got == expected.decode("utf-8"), f"{path.name} differs from its snapshot"
