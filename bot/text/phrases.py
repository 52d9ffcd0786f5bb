"""Find named groups of phrases in a run of words, forgiving word forms and small typos.

A phrase matches when its words appear in order, allowing one extra word between two of them
("swollen painful calf" has "swollen calf", but "warm the calf" is not "warm calf": a
determiner or a negation may not sit in the gap), any word form with the same stem ("calves",
"swelling") and one slip of the keyboard in a word of five letters or more ("swolen",
"feaver"). Typo look-up uses a deletion index (the SymSpell idea): every known word is filed
under itself and each of its one-letter deletions, so a misspelt word is compared only with
the few known words that share one of those keys. That keeps a 4,096-character message cheap.
People rarely mistype a word's first letter; requiring it keeps "hills" from being "chills".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein, Indel

from bot.text.normalise import normalise
from bot.text.tokens import stem

TYPO_MIN_LENGTH = 5  # shorter words must be spelt right
MAX_SLIPS = 1  # letters added, dropped, changed or swapped
LONG_WORD = 8
MAX_GAP = 1  # extra words allowed between two words of a phrase

ARTICLES = frozenset(("the", "a", "an"))
DETERMINERS = frozenset("the a an my your his her their our this that these those".split())


@dataclass(frozen=True)
class Mention:
    name: str  # the group the phrase belongs to
    start: int  # word span [start, end) in the words searched
    end: int
    phrase: str  # the phrase as written in the knowledge


@dataclass(frozen=True)
class _Phrase:
    name: str
    text: str
    words: tuple[str, ...]
    stems: tuple[str, ...]
    rest: tuple[tuple[str, str], ...]  # the words after the first, each with its stem
    tight: bool = False  # matched only as one run of words, with no word in between


class PhraseFinder:
    def __init__(self, groups: Mapping[str, Iterable[str]], blockers: frozenset[str] = frozenset()) -> None:
        """``groups``: name -> phrases. ``blockers``: words that may not fill a gap in a phrase."""
        self._blockers = blockers | DETERMINERS
        self._by_first_stem: dict[str, list[_Phrase]] = defaultdict(list)
        self._by_first_word: dict[str, list[_Phrase]] = defaultdict(list)
        for name, phrases in groups.items():
            for text in phrases:
                written = tuple(normalise(text).split())
                for words in _with_and_without_articles(written):
                    stems = tuple(stem(word) for word in words)
                    rest = tuple(zip(words[1:], stems[1:], strict=True))
                    tight = words != written  # without its articles: only as one run of words
                    phrase = _Phrase(name, text, words, stems, rest, tight)
                    self._by_first_stem[phrase.stems[0]].append(phrase)
                    self._by_first_word[phrase.words[0]].append(phrase)
        self._deletions: dict[str, set[str]] = defaultdict(set)
        for word in self._by_first_word:
            if len(word) >= TYPO_MIN_LENGTH:
                for key in {word} | _deletions(word):
                    self._deletions[key].add(word)

    def find(self, words: list[str], stems: list[str] | None = None) -> list[Mention]:
        """Every phrase found in ``words`` (normalised), each group and span once, in order."""
        stems = stems if stems is not None else [stem(word) for word in words]
        found: dict[tuple[str, int], Mention] = {}
        for start, (word, word_stem) in enumerate(zip(words, stems, strict=True)):
            for phrase in _starting_with_cached(self, word, word_stem):
                end = self._end_of(phrase, words, stems, start) if phrase.rest else start + 1
                if end is None:
                    continue
                # Of a group's phrases found from one word, the longest: "braxton hicks
                # contractions" is harmless whole, though "braxton hicks" comes first.
                earlier = found.get((phrase.name, start))
                if earlier is None or end > earlier.end:
                    found[(phrase.name, start)] = Mention(phrase.name, start, end, phrase.text)
        return list(found.values())

    def _similar(self, word: str) -> list[str]:
        return _similar_cached(self, word)

    def _end_of(self, phrase: _Phrase, words: list[str], stems: list[str], start: int) -> int | None:
        """The end of ``phrase`` matched from ``words[start]`` (its first word), or None."""
        position = start
        count = len(words)
        gap = 0 if phrase.tight else MAX_GAP
        for phrase_word, phrase_stem in phrase.rest:
            for candidate in range(position + 1, min(position + 2 + gap, count)):
                word = words[candidate]
                if (
                    phrase_stem == stems[candidate]
                    or phrase_word == word
                    or (
                        len(word) >= TYPO_MIN_LENGTH
                        and len(phrase_word) >= TYPO_MIN_LENGTH
                        and _one_slip(phrase_word, word)
                    )
                ):
                    if candidate > position + 1 and any(
                        gap in self._blockers for gap in words[position + 1 : candidate]
                    ):
                        return None
                    position = candidate
                    break
            else:
                return None
        return position + 1


def _with_and_without_articles(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A phrase as written and, when an article sits inside it, also without: people on a phone
    and in a second language drop them ("bone through skin", "pain in knee")."""
    if not words:
        return []
    bare = words[:1] + tuple(word for word in words[1:] if word not in ARTICLES)
    return [words, bare] if len(bare) < len(words) and len(bare) >= 2 else [words]


@lru_cache(maxsize=65536)
def _starting_with_cached(finder: PhraseFinder, word: str, word_stem: str) -> tuple[_Phrase, ...]:
    """Phrases that could begin at ``word``: by stem, by spelling, or one slip away."""
    candidates = dict.fromkeys(finder._by_first_stem.get(word_stem, ()))
    if word != word_stem:
        candidates.update(dict.fromkeys(finder._by_first_word.get(word, ())))
    if len(word) >= TYPO_MIN_LENGTH and word not in finder._by_first_word:
        for similar in finder._similar(word):
            candidates.update(dict.fromkeys(finder._by_first_word[similar]))
    return tuple(candidates)


@lru_cache(maxsize=65536)
def _similar_cached(finder: PhraseFinder, word: str) -> list[str]:
    candidates: set[str] = set()
    for key in (word, *_deletions(word)):
        candidates |= finder._deletions.get(key, set())
    return [known for known in candidates if _one_slip(known, word)]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_slip(known: str, word: str) -> bool:
    """One letter added or dropped ("swolen", "feaver"); in longer words also one changed or
    two swapped ("pregnent"). A changed letter in a short word is too often another word
    ("sweets" is not "sweats")."""
    if known[0] != word[0]:
        return False
    if min(len(known), len(word)) >= LONG_WORD:
        return DamerauLevenshtein.distance(known, word, score_cutoff=MAX_SLIPS) <= MAX_SLIPS
    return Indel.distance(known, word, score_cutoff=MAX_SLIPS) <= MAX_SLIPS
