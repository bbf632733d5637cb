"""Reporters turn findings into text; they are one registry keyed by format name.

A format may write a validation ``Result`` (`digictl validate`), a change ``Review``
(`digictl diff`), or both: each entry of ``FORMATS`` holds the writers it has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from digictl.findings import Result

if TYPE_CHECKING:
    from digictl.history.review import Review

ResultWriter = Callable[[Result, TextIO], None]
ReviewWriter = Callable[["Review", TextIO], None]


@dataclass
class Format:
    """One output format: how it writes a Result, how it writes a Review (None: it does not)."""

    name: str
    result: ResultWriter | None = None
    review: ReviewWriter | None = None


FORMATS: dict[str, Format] = {}


def _entry(name: str) -> Format:
    return FORMATS.setdefault(name, Format(name))


def reporter(name: str) -> Callable[[ResultWriter], ResultWriter]:
    """Register the function as format ``name``'s writer of a validation Result."""

    def register(fn: ResultWriter) -> ResultWriter:
        _entry(name).result = fn
        return fn

    return register


def review_reporter(name: str) -> Callable[[ReviewWriter], ReviewWriter]:
    """Register the function as format ``name``'s writer of a change Review."""

    def register(fn: ReviewWriter) -> ReviewWriter:
        _entry(name).review = fn
        return fn

    return register


def result_formats() -> tuple[str, ...]:
    """The names of the formats that write a validation Result."""
    return tuple(name for name, f in FORMATS.items() if f.result is not None)


def review_formats() -> tuple[str, ...]:
    """The names of the formats that write a change Review."""
    return tuple(name for name, f in FORMATS.items() if f.review is not None)


def write_result(name: str, result: Result, out: TextIO) -> None:
    """Write a validation Result in format ``name``."""
    writer = FORMATS[name].result if name in FORMATS else None
    if writer is None:
        raise ValueError(f"the format {name!r} does not write validation results")
    writer(result, out)


def write_review(name: str, review: Review, out: TextIO) -> None:
    """Write a change Review in format ``name``."""
    writer = FORMATS[name].review if name in FORMATS else None
    if writer is None:
        raise ValueError(f"the format {name!r} does not write changes")
    writer(review, out)


from digictl.output.findings import machine as _machine  # noqa: E402, F401
from digictl.output.findings import review as _review  # noqa: E402, F401
from digictl.output.findings import text as _text  # noqa: E402, F401
