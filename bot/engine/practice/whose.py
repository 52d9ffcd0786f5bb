"""Whose pain a rating typed outside a routine is: "my wife's knee pain is 7/10 this morning" and
"she's at about a 4 today" are somebody else's, and are not the writer's diary; "my knee is a 4,
my husband's is worse" is the writer's. Read from the words before the number in its clause:
another person named there (the words triage reads as someone else's body, and the pronouns),
and nothing of the writer's own ("I", "me", "my knee")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.text.normalise import normalise
from bot.text.scope import FIRST_PERSON, THIRD_PERSON

_CLAUSES = re.compile(r"[.,;!?\n]+|\s+(?:but|and|though|while|whereas)\s+")
_NUMBER_WORDS = frozenset("zero two three four five six seven eight nine ten".split())
_WRITERS = frozenset({"my", "mine", "me", "myself", "im", "ive"})  # the writer's own (not "I", who may ask)


class Whose:
    def __init__(self, other_person: Iterable[str]) -> None:
        """``other_person``: words for another person (knowledge/safety.yaml ``scope.other_person``)."""
        words = {normalise(phrase) for phrase in other_person}
        self._others = (THIRD_PERSON - {"people", "everyone", "women", "men"}) | {
            w for w in words if w and " " not in w
        }

    def someone_elses(self, text: str) -> bool:
        """Whether the rating in ``text`` is said of somebody else: another person named before it
        in its clause and nothing of the writer's own; or, when its clause names nobody before it
        ("less stiff now, a 2", "about a 2 she says"), another person named in the rest of the
        message and nothing that is the writer's (my, mine, me: "I asked her" is still theirs).
        """
        clauses = _CLAUSES.split(text)
        for number, clause in enumerate(clauses):
            tokens = normalise(clause).split()
            at = next((i for i, token in enumerate(tokens) if _a_rating(token)), None)
            if at is None:
                continue
            before = tokens[:at]
            other = any(token in self._others for token in before)
            own = any(
                token in FIRST_PERSON and not (token == "my" and i + 1 < len(before) and before[i + 1] in self._others)
                for i, token in enumerate(before)
            )
            if other or own:
                return other and not own
            rest = [
                token
                for part in (*clauses[:number], " ".join(tokens[at + 1 :]), *clauses[number + 1 :])
                for token in normalise(part).split()
            ]
            writers = [  # "my" before another person ("my husband's knee") is theirs, not the writer's
                token
                for i, token in enumerate(rest)
                if token in _WRITERS and not (token == "my" and i + 1 < len(rest) and rest[i + 1] in self._others)
            ]
            return any(token in self._others for token in rest) and not writers
        return False


def _a_rating(token: str) -> bool:
    return (token.isdigit() and int(token) <= 10) or token in _NUMBER_WORDS
