"""The closest known name to a misspelt one, in bounded time ("did you mean").

``difflib.get_close_matches`` compares a word with every candidate; with thousands
of ids and thousands of dangling references that is millions of comparisons. Here a
candidate set is indexed once (which candidates contain each character pair), and a
word is compared by difflib only with a bounded shortlist: the candidates sharing the
most character pairs with it. The work per word is bounded by constants, whatever the
number of candidates. Small sets (rule ids, keys, enum values) are compared in full,
exactly as before.
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache

CUTOFF = 0.6  # difflib's similarity ratio a hint must reach
SMALL = 64  # candidate sets up to this size are compared in full
SHORTLIST = 24  # at most this many candidates per word are compared by difflib
SCAN_BUDGET = 1024  # at most this many index entries are read per word
MAX_WORD = 256  # longer words (no id is that long) get no hint


def _grams(word: str) -> set[str]:
    """The character pairs of a word, its start and end marked."""
    padded = f"\x00{word}\x00"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


def _fits(a: int, b: int) -> bool:
    """Whether two lengths allow a difflib ratio of at least CUTOFF at all."""
    return 2 * min(a, b) >= CUTOFF * (a + b)


class Index:
    """A candidate set prepared for repeated "did you mean" look-ups."""

    def __init__(self, candidates: Iterable[str]) -> None:
        self.names: tuple[str, ...] = tuple(sorted(set(candidates)))
        self.postings: dict[str, list[int]] = {}  # character pair -> names holding it
        self.pairs: list[int] = []  # how many distinct pairs each name has
        if len(self.names) > SMALL:
            for i, name in enumerate(self.names):
                grams = _grams(name)
                self.pairs.append(len(grams))
                for gram in grams:
                    self.postings.setdefault(gram, []).append(i)
        self._answers: dict[str, str | None] = {}

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def shortlist(self, word: str) -> list[str]:
        """The candidates difflib compares ``word`` with (all of a small set)."""
        if len(self.names) <= SMALL:
            return list(self.names)
        shared: Counter[int] = Counter()
        budget = SCAN_BUDGET
        # rarest pairs first: they say most about which names are close
        grams = _grams(word)
        for gram in sorted(grams, key=lambda g: (len(self.postings.get(g, ())), g)):
            posting = self.postings.get(gram, [])
            shared.update(posting[:budget])
            budget -= min(len(posting), budget)
            if budget == 0:
                break
        size, names, pairs = len(word), self.names, len(grams)
        # most similar first: Dice's coefficient on the pairs, then the closest length
        best = heapq.nsmallest(
            SHORTLIST,
            (
                (-2 * n / (pairs + self.pairs[i]), abs(len(names[i]) - size), i)
                for i, n in shared.items()
            ),
        )
        return [names[i] for _, _, i in best if _fits(size, len(names[i]))]

    def closest(self, word: str) -> str | None:
        """The closest candidate to ``word`` by difflib's ratio, or None."""
        if word in self._answers:
            return self._answers[word]
        answer = None
        if len(word) <= MAX_WORD:
            match = difflib.get_close_matches(word, self.shortlist(word), n=1, cutoff=CUTOFF)
            answer = match[0] if match else None
        if len(self._answers) < 65536:
            self._answers[word] = answer
        return answer


@lru_cache(maxsize=16)
def _index(candidates: frozenset[str]) -> Index:
    return Index(candidates)


def index(candidates: Iterable[str]) -> Index:
    """The index of a candidate set (built once per distinct set, then reused)."""
    if isinstance(candidates, Index):
        return candidates
    return _index(frozenset(candidates))


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to ``word``, or None; pass an ``Index`` to reuse one."""
    return index(candidates).closest(word)
