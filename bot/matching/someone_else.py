"""Whether a message asks for something to do on somebody else: "is there a routine I can follow
for my dad?", "what could I do for my gran's knees?", "the partner massage please".

Such a message asks for something to do (a routine, step by step, something done for, on or
with someone) and names somebody else: the words for another person that red-flag triage reads
as someone else's body (knowledge/safety.yaml ``scope.other_person``) and the pronouns. This is
a cue the decision weighs beside the message's meaning and wording (a carer's words, read
alone, also catch "my physio friend told me to do strengthening" in a story about one's own
knee), never a verdict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.text.normalise import normalise
from bot.text.scope import THIRD_PERSON

# Somebody as the one a thing is done to: "him", "her", "my mum", never "my own".
_PERSON = r"(?:him|her|them|my (?!own\b)\w+)"
_SOMETHING_TO_DO = re.compile(
    r"\b(?:routines?|step by step|walk (?:me )?through|guide me|partner (?:one|massage|routine|technique)s?)\b"
    rf"|\b(?:do|try|use|give|follow|massage|rub)\b(?: \w+){{0,6}} (?:for|on|with) {_PERSON}\b"
    rf"|\bgive {_PERSON}\b"  # "give my sister the calf massage", "a massage I could give my mum"
    rf"|\b(?:help|ease|soothe|relieve|comfort)\b (?:(?:out|with) )?{_PERSON}\b"  # "how can I help my husband"
)
# Working on another person's legs: "can I massage her knees", "rub my dad's calves", or on the
# person: "could I massage him?", "can I give my wife a massage".
_THEIR_LEGS = (
    r"\b(?:massage|rub|knead|press on|work on) (?:his|her|their|my (?:{others})(?: s|s)?)"
    r" (?:knees?|legs?|calf|calves|thighs?)\b"
    r"|\b(?:massage|rub|knead) (?:him|her|my (?:{others}))\b(?! (?:own|self))"
)

# What a request names when it asks for one of our kinds of thing, however else it reads.
_A_MASSAGE = re.compile(
    r"\b(?:routines?|massages?|massaging|rubs?|knead|partner (?:one|massage|routine|technique)s?)\b"
)

# Words for others that name no one person to massage: "they" and "them" are most often the
# knees themselves ("they're stiff", "what loosens them"), "people" anyone ("for people who sit").
_NOT_ONE_PERSON = frozenset({"they", "them", "their", "theyre", "people", "everyone", "men", "women"})


class SomeoneElse:
    def __init__(self, other_person: Iterable[str]) -> None:
        """``other_person``: words for another person (knowledge/safety.yaml ``scope.other_person``)."""
        self._others = (THIRD_PERSON - _NOT_ONE_PERSON) | {
            word for word in (normalise(phrase) for phrase in other_person) if word and " " not in word
        }
        others = "|".join(sorted(map(re.escape, self._others), key=len, reverse=True))
        self._their_legs = re.compile(_THEIR_LEGS.format(others=others))

    def names(self, normalised: str) -> bool:
        """Whether a normalised message names somebody else ("my dad", "she", "her knee")."""
        said = normalised.split()
        words = {word.removesuffix("s") for word in said} | set(said)
        return bool(words & self._others) or "partner" in words

    def asked_for(self, normalised: str) -> bool:
        """Whether a normalised message asks for something to do on somebody else."""
        names_other = self.names(normalised)
        return names_other and bool(_SOMETHING_TO_DO.search(normalised) or self._their_legs.search(normalised))

    def asked_for_a_massage(self, normalised: str) -> bool:
        """Whether a normalised message asks for something to do on somebody else and names a
        routine or a massage ("a routine I could follow for my mum"), not only something to do
        ("what could I do for my brother's wedding")."""
        return self.asked_for(normalised) and bool(_A_MASSAGE.search(normalised))
