"""Red-flag triage: spot messages that need medical care before anything else answers them.

The rules live in knowledge/safety.yaml. A term is a list of phrases; a phrase matches when its
words appear in order in one clause of the message, allowing one extra word between them
("swollen painful calf" matches "swollen calf", but "warm the calf" is not "warm calf"), plurals
and word forms ("calves", "swelling"), and small typos in longer words ("swolen", "feaver").

A phrase is skipped when the person negates it: a negation ("no", "not", "don't", "without" ...)
up to three words before it in the same clause, or inside it ("my calf is not swollen"). When in
doubt the rule fires: a needless "see a doctor" costs far less than a missed clot.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.knowledge.models import SEVERITY_RANK, RedFlag, SafetyFile
from bot.matching.tokens import stem
from bot.textnorm import fold, normalise

MAX_CHARS = 2000
TYPO_RATIO = 88.0
MAX_GAP = 1  # extra words allowed between the words of a phrase
NEGATION_REACH = 3  # words before a phrase in which a negation applies to it

# A phrase may skip one word, but not a determiner: "warm the calf" is something to do, not a
# "warm calf".
DETERMINERS = frozenset("the a an my your his her their our this that these those".split())
NEGATORS = frozenset(
    "no not never without dont doesnt didnt isnt arent wasnt werent havent hasnt hadnt none nor neither "
    "denies deny".split()
)
# Clause boundaries: negation does not reach across them.
_CLAUSES = re.compile(r"[.;:!?\n,()]|\b(?:but|however|although|though|except|whereas)\b")


@dataclass(frozen=True)
class RedFlagHit:
    rule: RedFlag
    message: str  # the rule's advice, with the emergency numbers filled in
    terms: tuple[str, ...]  # the terms that were found


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    stems: tuple[str, ...]


class Triage:
    def __init__(self, safety: SafetyFile) -> None:
        self._rules = sorted(safety.red_flags, key=lambda rule: -SEVERITY_RANK[rule.severity])
        self._emergency = safety.emergency_numbers
        # Phrases indexed by their first word (stem, and spelling for typo-tolerant lookup), so
        # a message is compared only with phrases that could start at each of its words.
        self._by_first_stem: dict[str, list[tuple[str, _Phrase]]] = defaultdict(list)
        self._by_first_word: dict[str, list[tuple[str, _Phrase]]] = defaultdict(list)
        for name, phrases in safety.terms.items():
            for text in phrases:
                if normalise(text):
                    phrase = _phrase(text)
                    self._by_first_stem[phrase.stems[0]].append((name, phrase))
                    self._by_first_word[phrase.words[0]].append((name, phrase))
        self._long_first_words = [word for word in self._by_first_word if len(word) >= 5]

    def check(self, text: str) -> RedFlagHit | None:
        """The most severe red flag the message describes, or None."""
        return self._check(text[:MAX_CHARS])

    @lru_cache(maxsize=2048)  # noqa: B019 - one triage lives as long as the process
    def _check(self, text: str) -> RedFlagHit | None:
        present = self._terms_in(text)
        if not present:
            return None
        for rule in self._rules:  # most severe first, file order within a severity
            if any(term in present for term in rule.unless):
                continue
            for alternative in rule.when:
                if all(term in present for term in alternative):
                    message = rule.message.replace("{emergency}", self._emergency)
                    return RedFlagHit(rule, message, tuple(alternative))
        return None

    def _terms_in(self, text: str) -> set[str]:
        present: set[str] = set()
        for part in _CLAUSES.split(fold(text)):
            words = normalise(part).split()
            stems = [stem(word) for word in words]
            for start, (word, word_stem) in enumerate(zip(words, stems, strict=True)):
                for name, phrase in self._starting_with(word, word_stem):
                    if name not in present and _found_at(phrase, words, stems, start):
                        present.add(name)
        return present

    def _starting_with(self, word: str, word_stem: str) -> list[tuple[str, _Phrase]]:
        candidates = list(self._by_first_stem.get(word_stem, ()))
        if word != word_stem:
            candidates += self._by_first_word.get(word, ())
        if len(word) >= 5:
            for similar, _, _ in process.extract(
                word, self._long_first_words, scorer=fuzz.ratio, score_cutoff=TYPO_RATIO, limit=None
            ):
                if similar != word:
                    candidates += self._by_first_word[similar]
        return candidates


def _phrase(text: str) -> _Phrase:
    words = tuple(normalise(text).split())
    return _Phrase(words, tuple(stem(word) for word in words))


def _same_word(phrase_word: str, phrase_stem: str, word: str, word_stem: str) -> bool:
    if phrase_stem == word_stem or phrase_word == word:
        return True
    return len(word) >= 5 and len(phrase_word) >= 5 and fuzz.ratio(phrase_word, word) >= TYPO_RATIO


def _found_at(phrase: _Phrase, words: list[str], stems: list[str], start: int) -> bool:
    """True when ``phrase`` occurs, not negated, starting at ``words[start]`` (already matched)."""
    position = start
    for k in range(1, len(phrase.words)):
        for candidate in range(position + 1, min(position + 2 + MAX_GAP, len(words))):
            if _same_word(phrase.words[k], phrase.stems[k], words[candidate], stems[candidate]):
                gap = words[position + 1 : candidate]
                if any(word in NEGATORS or word in DETERMINERS for word in gap):
                    return False
                position = candidate
                break
        else:
            return False
    return not _negated(words, start, phrase)


def _negated(words: list[str], start: int, phrase: _Phrase) -> bool:
    if phrase.words[0] in NEGATORS:  # the phrase is itself negative ("no weight on it")
        return False
    before = words[max(0, start - NEGATION_REACH) : start]
    return any(word in NEGATORS for word in before)
