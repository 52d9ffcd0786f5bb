"""Messages from someone who massages another person: "is there a routine I can follow for my
dad?", "the partner massage please", "what could I do for my gran's knees at home?".

Such a message asks for something to do (a routine, a massage, step by step, something done
for or on someone) and names somebody else (the words for another person that red-flag triage
reads as someone else's body, knowledge/safety.yaml ``scope.other_person``, and the pronouns).
It is answered with the partner routine the matcher ranks first among the partner routines,
the other partner routines and the answer the matcher chose (or the entries it hesitated
between) offered beside it, unless that answer is safety advice, which always stands (advice
about a condition, such as pregnancy, comes first with the partner routines offered under it),
or the matcher took the message for something off our topic ("my dog's knee").
"""

from __future__ import annotations

import re

from bot.knowledge import Knowledge
from bot.knowledge.models import Contraindication, RedFlag, Routine
from bot.matching.matcher import Match, Matcher, Outcome
from bot.text.normalise import normalise
from bot.text.scope import THIRD_PERSON

_SOMETHING_TO_DO = re.compile(
    r"\b(?:routines?|step by step|walk (?:me )?through|guide me|partner (?:one|massage|routine|technique)s?)\b"
    r"|\b(?:do|try|use|give|follow|massage|rub)\b(?: \w+){0,6} (?:for|on|with) (?:him|her|them|my \w+)\b"
)

# Words for others that name no one person to massage: "they" and "them" are most often the
# knees themselves ("they're stiff", "what loosens them"), "people" anyone ("for people who sit").
_NOT_ONE_PERSON = frozenset({"they", "them", "their", "theyre", "people", "everyone", "men", "women"})


class CarerRequests:
    def __init__(self, knowledge: Knowledge, matcher: Matcher) -> None:
        self.knowledge = knowledge
        self.matcher = matcher
        self._others = (THIRD_PERSON - _NOT_ONE_PERSON) | {
            normalise(word) for word in knowledge.safety.scope.other_person if " " not in normalise(word)
        }
        self._partner = {routine.id for routine in knowledge.routines if routine.mode == "partner"}

    def asks(self, text: str) -> bool:
        """Whether ``text`` asks for something to do on somebody else."""
        normalised = normalise(text.replace("-", " "))
        words = {word.removesuffix("s") for word in normalised.split()} | set(normalised.split())
        names_other = bool(words & self._others) or "partner" in words
        return names_other and bool(_SOMETHING_TO_DO.search(normalised))

    def beside_advice(self, text: str, match: Match) -> tuple[str, ...]:
        """For a carer's request the matcher answered with safety advice about a condition ("my
        wife is pregnant, is there a massage I can do for her?"): the partner routines to offer
        under the advice, which comes first; () otherwise (a red flag's advice stands alone)."""
        if not self._partner or not self.asks(text) or match.outcome is not Outcome.ANSWER:
            return ()
        if not isinstance(self.knowledge.get(match.entry_id or ""), Contraindication):
            return ()
        return tuple(self._ranked(text))

    def _ranked(self, text: str) -> list[str]:
        ranked = [c.entry_id for c in self.matcher.rank(text, limit=20, floor=0.0) if c.entry_id in self._partner]
        return ranked + sorted(self._partner - set(ranked))

    def routine_for(self, text: str, match: Match) -> tuple[Routine, tuple[str, ...]] | None:
        """The partner routine to answer ``text`` with, and the entries to offer beside it; None
        when the message is not such a request or the matcher's answer is safety advice."""
        if not self._partner or not self.asks(text):
            return None
        if match.outcome is Outcome.FALLBACK and match.reason != "no-match":
            return None  # the matcher saw something else ("my dog's knee"): not a person to massage
        chosen = self.knowledge.get(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
        if isinstance(chosen, RedFlag | Contraindication) or (isinstance(chosen, Routine) and chosen.mode == "partner"):
            return None
        ranked = self._ranked(text)
        routine = self.knowledge.routine(ranked[0])
        if routine is None:
            return None
        unsure = [candidate.entry_id for candidate in match.candidates[:2]] if match.outcome is Outcome.CLARIFY else []
        beside = [*ranked[1:], *([chosen.id] if chosen is not None else []), *unsure]
        return routine, tuple(dict.fromkeys(beside))
