"""Recognise what a person says about themselves ("I'm 20 weeks pregnant", "I take warfarin").

A fact counts only when the person says it of themselves, now. The message is read with the
red-flag reader's machinery (:class:`bot.safety.scope.ScopeReader` for sentences, clauses and
what is past, hypothetical or someone else's history; :class:`bot.safety.phrases.PhraseFinder`
for phrases with word forms and typos), and then each mention must have the person as its
subject: "I'm pregnant", "my varicose veins", or a message that starts with the fact
("pregnant, and my knees ache"). "My wife is pregnant", "can I massage when pregnant?", "I used
to take warfarin" and "do I have arthritis?" are not facts. A negated mention ("I'm not
pregnant", "I stopped taking warfarin") takes a stored fact back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.models import ProfileFact, SafetyFile
from bot.safety.phrases import Mention, PhraseFinder
from bot.safety.scope import ReadMessage, ScopeReader

NEGATION_REACH = 3  # as in bot.safety.findings: a negation this close before cancels a mention
SUBJECT_REACH = 6  # words looked back for the subject of a mention
FIRST_PERSON = frozenset("i im ive id me my mine myself".split())
THIRD_PERSON = frozenset(
    "he hes she shes they theyre his her hers their him them wife husband partner son daughter boyfriend "
    "girlfriend baby kid kids child children patient client people someone somebody everyone women men".split()
)
# Words that may stand between the person and the fact: "I am currently 20 weeks", "my left
# knee", "I've been taking warfarin", "I have had a knee replacement".
LINKING = frozenset(
    "am m is are have has got had take takes taking on with been was diagnosed suffer suffering from also "
    "currently now still a an the some really just type both left right bad quite very newly recently live "
    "living started using use of and ve s weeks wks wk w months about around nearly almost over in actually "
    "well oh so but it its".split()
)
RETRACTING = frozenset("stopped quit off finished".split())
_NEGATING = frozenset("not no longer dont never".split())
QUESTION_OPENERS = frozenset("can could do does did is are should would will might may am".split())
_WEEKS = re.compile(r"\b(\d{1,2}) ?(?:weeks|week|wks|wk|w)\b")
_MONTHS = re.compile(r"\b([1-9]) ?(?:months|month)\b")
_SIDES = {"left": "left", "right": "right", "both": "both"}


@dataclass(frozen=True)
class Statement:
    """One fact the person stated (``holds``) or took back, with its detail if any."""

    fact: str
    holds: bool
    weeks: int | None = None
    side: str | None = None


class FactReader:
    def __init__(self, facts: tuple[ProfileFact, ...], safety: SafetyFile) -> None:
        self._facts = {fact.id: fact for fact in facts}
        negators = list(safety.scope.negation)
        self._phrases = PhraseFinder(
            {fact.id: fact.phrases for fact in facts},
            blockers=frozenset(phrase for phrase in negators if " " not in phrase),
        )
        self._negations = PhraseFinder({"negation": negators})
        self._scope = ScopeReader(safety.scope)
        self._third_person = THIRD_PERSON | {word for word in safety.scope.other_person if " " not in word}

    def read(self, text: str) -> list[Statement]:
        """The facts ``text`` states or takes back, each once (the first reading wins)."""
        if not self._facts:
            return []
        message = self._scope.read(text)
        negations = self._negations.find(message.words, message.stems)
        question = text.rstrip().endswith("?")
        statements: dict[str, Statement] = {}
        for mention in self._phrases.find(message.words, message.stems):
            if mention.name in statements:
                continue
            statement = self._statement(mention, message, negations, question)
            if statement is not None:
                statements[mention.name] = statement
        return list(statements.values())

    def _statement(
        self, mention: Mention, message: ReadMessage, negations: list[Mention], question: bool
    ) -> Statement | None:
        clause = message.clause_at(mention.start)
        if clause.set_aside is not None:
            return None
        words = message.words
        if words[clause.start] in QUESTION_OPENERS:
            return None  # "do I have arthritis?", "can I press it when pregnant?"
        negated = any(
            message.clause_at(n.start) is clause and n.end <= mention.start and mention.start - n.end < NEGATION_REACH
            for n in negations
        )
        before = words[max(clause.start, mention.start - SUBJECT_REACH) : mention.start]
        negated = negated or any(word in RETRACTING for word in before)
        subject = _subject(before, self._third_person)
        if subject is None:
            starts = all(word in LINKING for word in before) and clause.start == 0
            subject = "self" if starts and not question else None
        if subject != "self":
            return None
        fact = self._facts[mention.name]
        clause_words = words[clause.start : clause.end]
        side = next((_SIDES[word] for word in clause_words if word in _SIDES), None)
        if negated:
            return Statement(fact.id, holds=False)
        if fact.needs_detail and fact.detail == "side" and side is None:
            return None
        weeks = _weeks(" ".join(clause_words)) if fact.detail == "weeks" else None
        return Statement(fact.id, True, weeks=weeks, side=side if fact.detail == "side" else None)


def _subject(before: list[str], third_person: frozenset[str]) -> str | None:
    """Who a mention is said of, from the words just before it: "self", "other" or None."""
    for word in reversed(before):
        if word in third_person:
            return "other"
        if word in FIRST_PERSON:
            return "self"
        if not (word in LINKING or word in RETRACTING or word in _NEGATING or word.isdigit()):
            return None
    return None


def _weeks(text: str) -> int | None:
    if match := _WEEKS.search(text):
        weeks = int(match.group(1))
        return weeks if 1 <= weeks <= 42 else None
    if match := _MONTHS.search(text):
        return round(int(match.group(1)) * 4.35)
    return None
