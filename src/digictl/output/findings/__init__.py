"""Reporters turn a Result into text; they are a registry keyed by format name."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from digictl.findings import Result

Reporter = Callable[[Result, TextIO], None]

REPORTERS: dict[str, Reporter] = {}


def reporter(name: str) -> Callable[[Reporter], Reporter]:
    def register(fn: Reporter) -> Reporter:
        REPORTERS[name] = fn
        return fn

    return register


from digictl.output.findings import machine as _machine  # noqa: E402, F401
from digictl.output.findings import text as _text  # noqa: E402, F401
