"""Red-flag triage: spot messages that need medical care before anything else answers them.

The rules live in knowledge/safety.yaml. A term is a list of phrases; a phrase matches when its
words appear in order in one clause of the message, allowing one extra word between them
("swollen painful calf" matches "swollen calf"), plurals and word forms ("calves", "swelling"),
and small typos in longer words ("swolen", "feaver"). A phrase is skipped when the person negates
it: a negation ("no", "not", "don't", "without" ...) up to three words before it in the same
clause, or inside it ("my calf is not swollen"). When in doubt the rule fires: a needless "see a
doctor" costs far less than a missed clot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.knowledge.models import SEVERITY_RANK, RedFlag, SafetyFile
from bot.matching.tokens import stem
from bot.textnorm import fold, normalise

MAX_CHARS = 2000
TYPO_RATIO = 88.0
MAX_GAP = 1  # extra words allowed between the words of a phrase
NEGATION_REACH = 3  # words before a phrase in which a negation applies to it

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
        self._terms = {
            name: [_phrase(text) for text in phrases if normalise(text)] for name, phrases in safety.terms.items()
        }

    def check(self, text: str) -> RedFlagHit | None:
        """The most severe red flag the message describes, or None."""
        clauses = [normalise(part) for part in _CLAUSES.split(fold(text[:MAX_CHARS]))]
        clauses = [clause.split() for clause in clauses if clause]
        if not clauses:
            return None
        stemmed = [[stem(word) for word in clause] for clause in clauses]
        present = {
            name
            for name, phrases in self._terms.items()
            if any(
                _found(phrase, words, stems)
                for phrase in phrases
                for words, stems in zip(clauses, stemmed, strict=True)
            )
        }
        for rule in self._rules:  # most severe first, file order within a severity
            if any(term in present for term in rule.unless):
                continue
            for alternative in rule.when:
                if all(term in present for term in alternative):
                    message = rule.message.replace("{emergency}", self._emergency)
                    return RedFlagHit(rule, message, tuple(alternative))
        return None


def _phrase(text: str) -> _Phrase:
    words = tuple(normalise(text).split())
    return _Phrase(words, tuple(stem(word) for word in words))


def _same_word(phrase_word: str, phrase_stem: str, word: str, word_stem: str) -> bool:
    if phrase_stem == word_stem or phrase_word == word:
        return True
    return len(word) >= 5 and len(phrase_word) >= 5 and fuzz.ratio(phrase_word, word) >= TYPO_RATIO


def _found(phrase: _Phrase, words: list[str], stems: list[str]) -> bool:
    """True when ``phrase`` occurs, not negated, in one clause (``words`` with their ``stems``)."""
    size = len(phrase.words)
    for start in range(len(words)):
        if not _same_word(phrase.words[0], phrase.stems[0], words[start], stems[start]):
            continue
        position = start
        matched = True
        for k in range(1, size):
            for candidate in range(position + 1, min(position + 2 + MAX_GAP, len(words))):
                if _same_word(phrase.words[k], phrase.stems[k], words[candidate], stems[candidate]):
                    gap = words[position + 1 : candidate]
                    if any(word in NEGATORS for word in gap):
                        matched = False
                    position = candidate
                    break
            else:
                matched = False
            if not matched:
                break
        if matched and not _negated(words, start, phrase):
            return True
    return False


def _negated(words: list[str], start: int, phrase: _Phrase) -> bool:
    if phrase.words[0] in NEGATORS:  # the phrase is itself negative ("no weight on it")
        return False
    before = words[max(0, start - NEGATION_REACH) : start]
    return any(word in NEGATORS for word in before)
