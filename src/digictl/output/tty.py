"""Whether output may reach a terminal: the one test for drawing with rich or writing plain."""

from __future__ import annotations

import os
import sys
from typing import TextIO


def may_be_terminal(stream: TextIO | None = None) -> bool:
    """False only when rich would surely find no terminal: the stream (stdout by default) is
    no tty and neither ``FORCE_COLOR`` nor ``TTY_COMPATIBLE`` (which rich reads) is set.
    Off a terminal the reporters write plain text, byte for byte what rich would, without
    importing it."""
    if "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ:
        return True
    target = sys.stdout if stream is None else stream
    try:
        return bool(target.isatty())
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False
