"""Typed replies to the screen on show: "nope" at a Yes/No question, "about a 6" at a pain
rating, "next", "back", "stop", "skip", "start timer", "the second one" after "Did you mean…".

A message counts as a reply only when all of it is one (a few polite words aside), so "no
swelling but it aches" is still a message to read. The words are data, in knowledge/replies.yaml;
:meth:`TypedReplies.read` says what kind of reply a text is, and the engine turns it into the
action of a button on the current screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.knowledge.models import RepliesFile, ReplyWord
from bot.text.normalise import normalise

Word = ReplyWord
MAX_WORDS = 6  # a longer message is a message of its own, not a reply


@dataclass(frozen=True)
class Reply:
    """What a typed message says as a reply: a word, a 0-10 rating, or a pick from a list."""

    word: Word | None = None
    rating: int | None = None
    pick: int | None = None  # 0-based; -1 for "the last one"


class TypedReplies:
    def __init__(self, cues: RepliesFile) -> None:
        self._words = {word: frozenset(map(normalise, forms)) for word, forms in cues.words.items()}
        before, after = _any(cues.polite_before), _any(cues.polite_after)
        self._polite = re.compile(rf"^(?:{before}\s+)*|(?:\s+{after})+$")
        self._numbers = {normalise(word): number for word, number in cues.numbers.items()}
        self._rating = re.compile(
            rf"^(?:{_any(cues.rating_before)}\s+)*(\w+)(?:\s+{_any(cues.rating_out_of)}?\s*10)?"
            rf"(?:\s+{_any(cues.rating_after)})*$"
        )
        self._ordinals = {normalise(word) or word: number for word, number in cues.ordinals.items()}
        self._pick = re.compile(rf"^(?:{_any(cues.pick_before)}\s+)*(\w+)(?:\s+{_any(cues.pick_after)})?$")

    def core(self, text: str) -> str:
        """The message without polite padding: "ok next please" -> "next"."""
        return self._polite.sub("", normalise(text)).strip()

    def read(self, text: str) -> Reply:
        words = self.core(text)
        if not words or len(words.split()) > MAX_WORDS:
            return Reply()
        word = next((name for name, forms in self._words.items() if words in forms), None)
        match = self._pick.match(words)
        pick = self._ordinals.get(match.group(1)) if match else None
        return Reply(word, self._rating_in(words), pick)

    def _rating_in(self, words: str) -> int | None:
        match = self._rating.match(words)
        if not match:
            return None
        token = match.group(1)
        value = int(token) if token.isdigit() else self._numbers.get(token)
        return value if value is not None and 0 <= value <= 10 else None


def _any(phrases: Iterable[str]) -> str:
    """A regex group matching any of ``phrases`` (as normalised), or nothing at all when none."""
    alternatives = [re.escape(normalise(phrase)) for phrase in phrases if normalise(phrase)]
    return f"(?:{'|'.join(alternatives)})" if alternatives else "(?!)"
