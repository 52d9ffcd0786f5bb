"""Split a message into sentences and clauses, and decide which clauses describe the person's
present.

A clause is set aside when it is over and done with ("I had a clot in 2010", "it healed"), a
general question ("what are the signs of a clot"), or someone else's history ("my grandad had a
DVT"). Somebody else's present symptoms are not set aside: "my dad's knee is hot and swollen"
is a reason to get him seen. Negation is finer-grained and is decided per mention (see
:mod:`bot.safety.findings`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.models import Scope
from bot.matching.tokens import stem
from bot.safety.phrases import PhraseFinder
from bot.textnorm import fold, normalise

# Sentence ends; then clause boundaries inside a sentence.
_SENTENCES = re.compile(r"(?:(?<!\d)\.|\.(?!\d)|[!?;\n])+")  # a full stop, but not inside "38.5"
_CLAUSE_MARKS = re.compile(r"[,:()\[\]–—]+|\s-+\s")
_CLAUSE_WORDS = frozenset("but however although though except whereas until unless then".split())
_CLAUSE_PAIRS = frozenset({("and", "now"), ("and", "then"), ("since", "then")})
_YEAR = re.compile(r"^(19|20)\d\d$")
_SENTENCE_WIDE = frozenset({"hypothetical", "resolved", "past"})
# "my calf is ...", "his knee has ...": a description of someone's body now, even inside a
# question ("what does it mean that my calf is swollen?").
_OWN_BODY_NOW = re.compile(
    r"\b(my|his|her|mine)\b(?: \w+){0,3} (is|are|feels|looks|went|keeps|(?:has|have) (?:been|gone|got|become|turned))\b"
)


PAST = "in the past"
RESOLVED = "over and done with"
TIME_REASONS = frozenset({PAST, RESOLVED})


@dataclass(frozen=True)
class Clause:
    start: int  # word span [start, end) in the message's words
    end: int
    sentence: int
    set_aside: str | None  # why it does not describe the present, or None


@dataclass(frozen=True)
class ReadMessage:
    words: list[str]
    stems: list[str]
    sentences: list[tuple[int, int]]  # word spans
    clauses: list[Clause]
    clause_of: list[int]  # word index -> clause index
    corrects: bool = False  # says it takes back what was said before ("I meant sore")

    def clause_at(self, word: int) -> Clause:
        return self.clauses[self.clause_of[word]]


class ScopeReader:
    def __init__(self, scope: Scope) -> None:
        self._markers = PhraseFinder(
            {
                "resolved": scope.resolved,
                "past": scope.past,
                "present": scope.present,
                "hypothetical": scope.hypothetical,
                "other_person": scope.other_person,
                "history": scope.history,
                "correction": scope.correction,
            },
            blockers=frozenset(word for word in scope.negation if " " not in word),
        )

    def read(self, text: str) -> ReadMessage:
        words: list[str] = []
        sentences: list[tuple[int, int]] = []
        clause_spans: list[tuple[int, int, int]] = []
        for sentence_text in _SENTENCES.split(fold(text)):
            sentence_start = len(words)
            for part in _CLAUSE_MARKS.split(sentence_text):
                part_words = normalise(part).split()
                start = len(words)
                for i, word in enumerate(part_words):
                    pair = (part_words[i - 1], word) if i else None
                    if i and (word in _CLAUSE_WORDS or pair in _CLAUSE_PAIRS) and len(words) > start:
                        cut = len(words) - (1 if pair in _CLAUSE_PAIRS else 0)
                        if cut > start:
                            clause_spans.append((start, cut, len(sentences)))
                            start = cut
                    words.append(word)
                if len(words) > start:
                    clause_spans.append((start, len(words), len(sentences)))
            if len(words) > sentence_start:
                sentences.append((sentence_start, len(words)))
        stems = [stem(word) for word in words]
        markers = [self._markers_in(words[s:e], stems[s:e]) for s, e, _ in clause_spans]
        # Time and question markers reach the other clauses of their sentence ("broke my leg
        # skiing when I was 20" / "fractured my kneecap, that was twenty years ago"), except a
        # clause that says it is happening now.
        inherited: dict[int, set[str]] = {}
        for (_, _, sentence), found in zip(clause_spans, markers, strict=True):
            inherited.setdefault(sentence, set()).update(found & _SENTENCE_WIDE)
        clauses = [
            Clause(s, e, n, _set_aside(found, inherited[n], " ".join(words[s:e])))
            for (s, e, n), found in zip(clause_spans, markers, strict=True)
        ]
        clause_of = [0] * len(words)
        for index, clause in enumerate(clauses):
            for position in range(clause.start, clause.end):
                clause_of[position] = index
        corrects = any("correction" in found for found in markers)
        return ReadMessage(words, stems, sentences, clauses, clause_of, corrects)

    def _markers_in(self, words: list[str], stems: list[str]) -> set[str]:
        found = {mention.name for mention in self._markers.find(words, stems)}
        if any(_YEAR.match(word) for word in words):
            found.add("past")
        return found


def _set_aside(own: set[str], sentence: set[str], text: str) -> str | None:
    """Why a clause does not describe the person's present, or None when it does."""
    if "present" in own:
        sentence = set()
    describes_own_body = bool(_OWN_BODY_NOW.search(text))
    if "hypothetical" in own | sentence and not describes_own_body:
        return "a general question"
    if "resolved" in own | sentence:
        return RESOLVED
    if "past" in own | sentence and "present" not in own:
        return PAST
    if "other_person" in own and "history" in own and "present" not in own and not describes_own_body:
        return "someone else's history"
    return None
