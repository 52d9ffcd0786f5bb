"""Typed replies to the screen on show: "nope" at a Yes/No question, "about a 6" at a pain
rating, "next", "back", "stop", "skip", "start timer", "the second one" after "Did you mean…".

A message counts as a reply only when all of it is one (a few polite words aside), so "no
swelling but it aches" is still a message to read. :func:`read` says what kind of reply the
text is; the engine turns it into the action of a button on the current screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.text.normalise import normalise

Word = Literal["yes", "no", "next", "back", "stop", "skip", "timer", "start", "resume", "change"]

_WORDS: dict[Word, frozenset[str]] = {
    "yes": frozenset(
        "yes y yeah yea yep yup ya yah sure ok okay k kk alright right correct indeed absolutely definitely "
        "affirmative true".split()
    )
    | {"i am", "i do", "i have", "yes i am", "yes i do", "yes i have", "of course", "that s right", "thats right"},
    "no": frozenset("no n nope nah nay never negative false".split())
    | {"not really", "no i m not", "no im not", "im not", "i m not", "i dont", "i don t", "no i dont", "not at all"}
    | {"no i don t", "i haven t", "i havent", "no thanks", "no thank you", "not now", "none", "nothing"},
    "next": frozenset({"next", "next step", "continue", "go on", "carry on", "done", "finished", "ready", "move on"}),
    "back": frozenset({"back", "go back", "previous", "previous step", "last step", "step back", "undo"}),
    "stop": frozenset({"stop", "cancel", "quit", "end", "exit", "stop it", "stop the routine", "enough"}),
    "skip": frozenset({"skip", "skip it", "skip this", "pass", "rather not say", "skip this step"}),
    "timer": frozenset({"timer", "start timer", "start the timer", "set timer", "set a timer", "time me"}),
    "start": frozenset({"start", "begin", "go", "let s go", "lets go", "let s do it", "lets do it", "start it"})
    | {"let s start", "lets start", "start now", "do it", "go ahead", "yes let s go", "start the routine"},
    "resume": frozenset({"resume", "where was i", "back to the routine", "continue the routine", "carry on"}),
    "change": frozenset({"my answer has changed", "change my answer", "i made a mistake", "wrong answer"}),
}
_POLITE = re.compile(r"^(?:(?:ok|okay|um|erm|uh|well|oh|hmm|so)\s+)*|(?:\s+(?:please|pls|plz|thanks|thank you|thx))+$")
_NUMBER_WORDS = {
    "zero": 0, "none": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_RATING = re.compile(
    r"^(?:(?:about|around|maybe|probably|roughly|like|its|it s|it is|i d say|id say|i would say|say|a|an|"
    r"solid|strong|low|high)\s+)*(\w+)(?:\s+(?:out of|of|outta)?\s*10)?(?:\s+(?:today|now|right now|maybe|ish))*$"
)
_ORDINALS = {
    "first": 0, "1st": 0, "one": 0, "1": 0, "second": 1, "2nd": 1, "two": 1, "2": 1,
    "third": 2, "3rd": 2, "three": 2, "3": 2, "last": -1,
}  # fmt: skip
_PICK = re.compile(
    r"^(?:(?:the|number|no|option|i meant|i mean|meant|i want|that|it s|its|it was)\s+)*(\w+)(?:\s+(?:one|option))?$"
)


@dataclass(frozen=True)
class Reply:
    """What a typed message says as a reply: a word, a 0-10 rating, or a pick from a list."""

    word: Word | None = None
    rating: int | None = None
    pick: int | None = None  # 0-based; -1 for "the last one"


def core(text: str) -> str:
    """The message without polite padding: "ok next please" -> "next"."""
    return _POLITE.sub("", normalise(text)).strip()


def read(text: str) -> Reply:
    words = core(text)
    if not words or len(words.split()) > 6:
        return Reply()
    word = next((name for name, forms in _WORDS.items() if words in forms), None)
    rating = _rating(words)
    match = _PICK.match(words)
    pick = _ORDINALS.get(match.group(1)) if match else None
    return Reply(word, rating, pick)


def _rating(words: str) -> int | None:
    match = _RATING.match(words)
    if not match:
        return None
    token = match.group(1)
    value = int(token) if token.isdigit() else _NUMBER_WORDS.get(token)
    return value if value is not None and 0 <= value <= 10 else None
