"""The "did you mean" search: the same hints as difflib for typos, in bounded work per word."""

from __future__ import annotations

import difflib
import random

import pytest

from digictl import suggest
from digictl.load.schemas import did_you_mean


class CountingMatcher(difflib.SequenceMatcher):  # type: ignore[type-arg]
    """difflib's matcher, counting the candidates it is given (one per string comparison)."""

    compared = 0

    def __init__(self) -> None:  # get_close_matches builds it without arguments
        super().__init__()
        CountingMatcher.compared -= 1  # the constructor's own set_seq1("") compares nothing

    def set_seq1(self, a: str) -> None:  # type: ignore[override]
        CountingMatcher.compared += 1
        super().set_seq1(a)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> type[CountingMatcher]:
    monkeypatch.setattr(difflib, "SequenceMatcher", CountingMatcher)
    CountingMatcher.compared = 0
    return CountingMatcher


def _ids(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    syllables = ["an", "ber", "ta", "ri", "ol", "sen", "ka", "vik", "dal", "ne", "mo", "li"]
    out: set[str] = set()
    while len(out) < n:
        out.add("-".join("".join(rng.choices(syllables, k=rng.randint(1, 3))) for _ in range(2)))
    return sorted(out)


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    return word[:i] + word[i + 1 :] if rng.random() < 0.5 else word[:i] + "x" + word[i:]


@pytest.mark.parametrize("size", [1_000, 10_000])
def test_comparisons_per_word_are_bounded(counted: type[CountingMatcher], size: int) -> None:
    ids = suggest.Index(_ids(size))
    words = [f"nobody-{i}" for i in range(100)] + [w + "z" for w in list(ids)[:100]]
    for word in words:
        did_you_mean(word, ids)
    assert 0 < counted.compared <= len(words) * suggest.SHORTLIST


def test_a_word_asked_again_is_not_compared_again(counted: type[CountingMatcher]) -> None:
    ids = suggest.Index(_ids(500))
    assert did_you_mean("kari-ks", ids) == did_you_mean("kari-ks", ids)
    first = counted.compared
    for _ in range(50):
        did_you_mean("kari-ks", ids)
    assert counted.compared == first


def test_a_plain_set_is_indexed_once(counted: type[CountingMatcher]) -> None:
    ids = set(_ids(5_000))
    for i in range(200):
        did_you_mean(f"ghost-{i}", ids)
    assert counted.compared <= 200 * suggest.SHORTLIST


def test_small_sets_compare_everything_as_before(counted: type[CountingMatcher]) -> None:
    keys = ["budget", "owner", "manager", "participants", "mandate"]
    assert did_you_mean("budgt", keys) == "; did you mean `budget`?"
    assert counted.compared == len(keys)
    assert did_you_mean("zzz", keys) == ""


def test_typos_get_the_same_hint_as_a_full_search() -> None:
    rng = random.Random(11)
    ids = _ids(1_500)
    index = suggest.Index(ids)
    words = [_typo(rng.choice(ids), rng) for _ in range(80)]
    same = 0
    for word in words:
        full = difflib.get_close_matches(word, ids, n=1, cutoff=suggest.CUTOFF)
        best = index.closest(word)
        ratio = difflib.SequenceMatcher(None, word, full[0]).ratio() if full else None
        got = difflib.SequenceMatcher(None, word, best).ratio() if best else None
        same += ratio == got  # as good a hint (ties may pick another id)
    assert same >= 0.95 * len(words)


def test_long_words_and_empty_sets_get_no_hint(counted: type[CountingMatcher]) -> None:
    ids = suggest.Index(_ids(2_000))
    assert did_you_mean("a" * 10_000, ids) == ""
    assert did_you_mean("kari-ks", []) == ""
    assert counted.compared == 0
