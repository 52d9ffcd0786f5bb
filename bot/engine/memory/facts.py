"""Recognise what a person says about themselves ("I'm 20 weeks pregnant", "I take warfarin").

A fact counts only when the person says it of themselves, now. The message is read as red-flag
triage reads it (:class:`bot.text.scope.ScopeReader` for sentences, clauses, what is past,
hypothetical or someone else's history, negation and whose body it is;
:class:`bot.text.phrases.PhraseFinder` for phrases with word forms and typos), and then each
mention must have the person as its subject: "I'm pregnant", "my varicose veins", or a message that starts with the fact
("pregnant, and my knees ache"), or a mention that goes on from an earlier one without a subject of
its own ("I'm diabetic and take warfarin", "I'm diabetic. On warfarin too": the writer's, as "my wife
is diabetic and takes warfarin" is hers). "My wife is pregnant", "can I massage when pregnant?", "I used
to take warfarin", "and if I'm pregnant?" and "do I have arthritis?" are not facts. A negated mention ("I'm not
pregnant", "I stopped taking warfarin") takes a stored fact back.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from bot.knowledge.models import ProfileFact, SafetyFile
from bot.text.phrases import Mention, PhraseFinder
from bot.text.scope import (
    FIRST_PERSON,
    LINKING,
    PAST,
    RETRACTING,
    SUBJECT_REACH,
    TIME_REASONS,
    ReadMessage,
    ScopeReader,
    Subject,
)

QUESTION_OPENERS = frozenset("can could do does did is are should would will might may am".split())
# Words that make what follows in their clause a supposition ("and if I'm pregnant?", "not sure
# if I'm diabetic", "suppose I took warfarin"): nothing to note, nothing taken back.
CONDITIONAL = frozenset("if whether suppose supposing imagine hypothetically unless".split())
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


# Words that join one thing said to the next with its subject left out ("I'm diabetic and take
# warfarin"): the subject of what went before goes on.
_JOINING = frozenset("and plus also n".split())

# How many clauses after a fact's own may say its side ("varicose veins, only small ones, on my
# left leg"), none of them naming another fact.
CLAUSES_FOR_A_SIDE = 2


# "My own knee", "her own": whose it is, said twice; the fact is read as with "my" alone.
_OWN = re.compile(r"\b(my|his|her|their|your|our)\s+own\b", re.IGNORECASE)


class FactReader:
    def __init__(self, facts: tuple[ProfileFact, ...], safety: SafetyFile) -> None:
        self._facts = {fact.id: fact for fact in facts}
        self._scope = ScopeReader(safety.scope)
        self._phrases = PhraseFinder({fact.id: fact.phrases for fact in facts}, blockers=self._scope.negators)
        self._diagnosed = PhraseFinder({"diagnosed": safety.scope.diagnosed})

    def read(self, text: str, *, anyone: bool = False) -> list[Statement]:
        """The facts ``text`` states or takes back, each once (the first reading wins); with
        ``anyone``, said of whoever it is ("he takes warfarin", "just the pregnancy" at a check
        about the person a carer massages), not only of the person writing."""
        if not self._facts:
            return []
        text = _OWN.sub(r"\1", text)  # "my own right knee is the sore one": mine
        message = self._scope.read(text)
        question = text.rstrip().endswith("?")
        statements: dict[str, Statement] = {}
        said: list[tuple[Mention, Subject]] = []  # the mentions read so far whose subject is known
        for mention in self._phrases.find(message.words, message.stems):
            subject = self._subject(message, mention, said, question)
            if subject is not None:
                said.append((mention, subject))
            if mention.name in statements:
                continue
            statement = self._statement(mention, message, question, anyone, subject)
            if statement is not None:
                statements[mention.name] = statement
        return list(statements.values())

    def named(self, text: str) -> list[str]:
        """The facts whose phrases ``text`` names, however it names them (past, someone else's)."""
        message = self._scope.read(_OWN.sub(r"\1", text))
        return list(dict.fromkeys(mention.name for mention in self._phrases.find(message.words, message.stems)))

    def _subject(
        self, message: ReadMessage, mention: Mention, said: list[tuple[Mention, Subject]], question: bool
    ) -> Subject | None:
        """Who ``mention`` is said of: by the words just before it ("I'm pregnant", "my wife is
        pregnant"); at the very start of a statement, the writer ("pregnant, and my knees ache");
        else, when only linking words stand between it and a joining word, the start of its
        clause or an earlier mention ("... and take warfarin", "On warfarin too"), whoever was
        last named or spoken of before it in the message ("I'm diabetic and take warfarin": the
        writer; "my wife is diabetic and takes warfarin": her)."""
        subject = self._scope.subject(message, mention)
        if subject is not None:
            return subject
        words = message.words
        clause = message.clause_at(mention.start)
        before = words[max(clause.start, mention.start - SUBJECT_REACH) : mention.start]
        if all(word in LINKING for word in before) and clause.start == 0:
            return "self" if not question else None
        ends = {earlier.end: subject for earlier, subject in said}
        at = mention.start - 1
        while at >= clause.start and at + 1 not in ends and words[at] not in _JOINING:
            if not (words[at] in LINKING or words[at] in RETRACTING or words[at].isdigit()):
                return None  # "I'm diabetic and worried about warfarin": something else is said of it
            at -= 1
        for at in range(mention.start - 1, -1, -1):  # the last person named or spoken of before it
            if at + 1 in ends:
                return ends[at + 1]
            if words[at] in FIRST_PERSON:
                return "self"
            if self._scope.names_someone_else_word(words[at]):
                return "other"
        return None

    def _statement(
        self, mention: Mention, message: ReadMessage, question: bool, anyone: bool, subject: Subject | None
    ) -> Statement | None:
        clause = message.clause_at(mention.start)
        words = message.words
        before = words[max(clause.start, mention.start - SUBJECT_REACH) : mention.start]
        retracted = any(word in RETRACTING for word in before)  # "I came off warfarin a month ago"
        found_then = self._diagnosed_then(mention, message)  # "diagnosed with arthritis in 2019": now
        if clause.set_aside is not None and not (retracted and clause.set_aside in TIME_REASONS) and not found_then:
            return None
        if words[clause.start] in QUESTION_OPENERS:
            return None  # "do I have arthritis?", "can I press it when pregnant?"
        if CONDITIONAL.intersection(words[clause.start : mention.start]):
            return None  # "and if I'm pregnant?": a supposition, not a fact
        negated = message.negated(mention) or retracted
        if subject != "self" and not anyone:
            return None
        fact = self._facts[mention.name]
        clause_words = words[clause.start : clause.end]
        side = next((_SIDES[word] for word in clause_words if word in _SIDES), None)
        if side is None and fact.detail == "side" and clause.end < len(words):
            side = self._side_after(message, clause.end)  # "varicose veins, small ones on my left leg"
        if negated:
            return Statement(fact.id, holds=False)
        if fact.needs_detail and fact.detail == "side" and side is None:
            return None
        weeks = _weeks(" ".join(clause_words)) if fact.detail == "weeks" else None
        return Statement(fact.id, True, weeks=weeks, side=side if fact.detail == "side" else None)

    def _diagnosed_then(self, mention: Mention, message: ReadMessage) -> bool:
        """Whether ``mention`` names a lasting condition (``lasting`` in profile.yaml) said to
        have been found in the past, in its own clause ("osteoarthritis confirmed last year", "I
        was diagnosed with arthritis in 2019"): a condition now. Not one that "used to" be."""
        clause = message.clause_at(mention.start)
        if not self._facts[mention.name].lasting or clause.set_aside != PAST:
            return False
        end = clause.end  # its clause, and the one after it when that names no fact nor anyone else
        following = message.words[end : message.clause_at(end).end] if end < len(message.words) else []
        if (
            following
            and not self._phrases.find(following)
            and not any(map(self._scope.names_someone_else_word, following))
        ):
            end += len(following)  # "arthritis in both knees, confirmed in 2019"
        words = message.words[clause.start : end]
        if any(first == "used" and second == "to" for first, second in itertools.pairwise(words)):
            return False  # "I used to have arthritis"
        return bool(self._diagnosed.find(words, message.stems[clause.start : end]))

    def _side_after(self, message: ReadMessage, start: int) -> str | None:
        """The side said in the clauses from ``start`` (up to :data:`CLAUSES_FOR_A_SIDE`) that name
        no fact of their own: a leg said right after the fact it belongs to ("varicose veins, a
        few on my left leg")."""
        for _ in range(CLAUSES_FOR_A_SIDE):
            following = message.clause_at(start)
            said = message.words[following.start : following.end]
            if following.set_aside is not None or self._phrases.find(said):
                return None
            side = next((_SIDES[word] for word in said if word in _SIDES), None)
            if side is not None or following.end >= len(message.words):
                return side
            start = following.end
        return None


def _weeks(text: str) -> int | None:
    if match := _WEEKS.search(text):
        weeks = int(match.group(1))
        return weeks if 1 <= weeks <= 42 else None
    if match := _MONTHS.search(text):
        return round(int(match.group(1)) * 4.35)
    return None
