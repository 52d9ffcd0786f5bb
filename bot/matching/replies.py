"""Which reply a short message means at a screen, when it is said in other words.

The typed-reply words of knowledge/replies.yaml read "yep", "skip this one" or "a few small ones
on my left leg" exactly. A message they do not read ("I'd rather not do this one", "that's
enough for today") is compared in meaning with the examples of each kind of reply under
``meanings``, with the examples of messages that are no reply (``not_replies``) and with every
entry of the knowledge. It is read as a reply only when one kind of reply is close enough
(:data:`FLOOR`) and clearly closer (:data:`MARGIN`) than any other kind, than a message of its
own, and than the closest entry of the knowledge; the figures are fitted by cross-validation on
those examples (``scripts/reply_meaning_figures.py``).

Sentence embeddings do not read negation reliably ("I haven't got any" lies close to "I have"),
so a "no" is never read this way, and a "yes" only when no word of the message denies; nor is
a "stop", which would lose the person's place (they still compete, so "that's enough for today"
is read as no other kind). A wish to stop said in other words is only ever asked about
(:meth:`ReplyMeaning.wishes_to_stop`): the engine asks before stopping. The one "no" read by
meaning is "none of these" at a safety check that lists its lines, said with a denial or a word
that all is well and nothing that says yes (:meth:`ReplyMeaning.says_none`): "nothing wrong with
me", "she's fine otherwise".
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from bot.knowledge.models import RepliesFile, ReplyWord
from bot.semantic import EmbeddingCache, Encoder
from bot.semantic.encoder import Vectors
from bot.text.normalise import normalise

FLOOR = 0.5  # cosine a message needs to the examples of one kind of reply
MARGIN = 0.15  # by how much that kind must lead every other kind, "no reply" and the knowledge
# A wish to stop is only asked about, so a lower lead will do: with it, half the stop examples
# are asked about and 4 in 135 other examples are asked wrongly (a tap on "Carry on"), left
# out one at a time (scripts/reply_meaning_figures.py).
ASK_MARGIN = 0.05
MAX_WORDS = 10  # a longer message is a message of its own
NOT_A_REPLY = "-"  # the kind of the ``not_replies`` examples
UNSURE = "?"  # the kind of the ``unsure`` examples: not knowing the answer, no reply either
# Reading "not sure" wrongly costs a line on what to do when unsure, with the screen again: a
# lower lead will do, as for a wish to stop (scripts/reply_meaning_figures.py).
UNSURE_MARGIN = 0.05
# "Not now, another time" costs little when misread: the place is kept, with the way back. A lower
# lead will do, as for a wish to stop (scripts/reply_meaning_figures.py).
LATER_MARGIN = 0.05
# A "no" misread at a safety question is unsafe, and a "stop" misread loses the person's place.
NEVER_BY_MEANING: frozenset[ReplyWord] = frozenset({"no", "stop"})


@dataclass(frozen=True)
class Reading:
    """The kind a message is closest to in meaning, how close, and the lead over the next kind."""

    kind: str
    score: float
    lead: float


class ReplyMeaning:
    def __init__(self, encoder: Encoder, replies: RepliesFile, cache: EmbeddingCache | None = None) -> None:
        examples: list[tuple[str, str]] = [(word, text) for word, texts in replies.meanings.items() for text in texts]
        examples += [(NOT_A_REPLY, text) for text in replies.not_replies]
        examples += [(UNSURE, text) for text in replies.unsure]
        self.kinds = [kind for kind, _ in examples]
        self.texts = [text for _, text in examples]
        if not examples:
            self._vectors: Vectors = np.zeros((0, 1), dtype=np.float32)
        else:
            self._vectors = cache.load_or_compute(encoder, self.texts) if cache else encoder.encode(self.texts)
        self._denials = frozenset(normalise(word) for word in replies.denials)
        self._well = frozenset(normalise(word) for word in replies.well)

    def read(self, text: str, query: Vectors, allowed: Collection[ReplyWord], knowledge: float) -> ReplyWord | None:
        """The reply ``text`` (embedded as ``query``, one row) means at a screen that acts on
        ``allowed``, or None; ``knowledge`` is how close the knowledge's closest entry is to it."""
        if not self.may_read(text):
            return None
        reading = self.reading(query, knowledge)
        if reading is None or reading.kind not in allowed or reading.kind in NEVER_BY_MEANING:
            return None
        if reading.score < FLOOR or reading.lead < (LATER_MARGIN if reading.kind == "later" else MARGIN):
            return None
        if reading.kind == "yes" and self.denies(text):
            return None
        return reading.kind  # type: ignore[return-value]

    def wishes_to_stop(self, text: str, query: Vectors, knowledge: float) -> bool:
        """Whether ``text`` is read as a "stop" in other words (at :data:`ASK_MARGIN`):
        something to ask about, never to act on."""
        if not self.may_read(text):
            return False
        reading = self.reading(query, knowledge)
        return reading is not None and reading.kind == "stop" and reading.score >= FLOOR and reading.lead >= ASK_MARGIN

    def unsure(self, text: str, query: Vectors, knowledge: float) -> bool:
        """Whether ``text`` says, in other words, that the writer does not know the answer ("no
        idea", "I couldn't tell you"): the ``unsure`` examples closest (:data:`FLOOR`, ahead of the
        next kind and the knowledge by :data:`UNSURE_MARGIN`)."""
        if not self.may_read(text):
            return False
        reading = self.reading(query, knowledge)
        return (
            reading is not None and reading.kind == UNSURE and reading.score >= FLOOR and reading.lead >= UNSURE_MARGIN
        )

    def says_none(self, text: str, query: Vectors, knowledge: float) -> bool:
        """At a safety check listing its lines, whether ``text`` says none of them applies in
        other words ("nothing wrong with me", "no other problems, she's fine"): the "no"
        examples clearly closest (:data:`FLOOR`, :data:`MARGIN`, ahead of the uncertain "not
        sure" among ``unsure``), and a word of it denying or saying all is well. The
        caller makes sure no line, number, "some" or yes is said in it."""
        if not self.may_say_none(text):
            return False
        reading = self.reading(query, knowledge)
        return reading is not None and reading.kind == "no" and reading.score >= FLOOR and reading.lead >= MARGIN

    def may_say_none(self, text: str) -> bool:
        """Whether ``text`` is a short reply, asks nothing, and has a word that denies or says
        all is well: what a "none" in other words needs before its meaning is read."""
        if not self.may_read(text) or "?" in text:
            return False
        tokens = set(normalise(text).split())
        return not (self._denials.isdisjoint(tokens) and self._well.isdisjoint(tokens))

    @staticmethod
    def may_read(text: str) -> bool:
        """Whether ``text`` is short enough to be a reply at all."""
        return 0 < len(normalise(text).split()) <= MAX_WORDS

    def denies(self, text: str) -> bool:
        """Whether a word of ``text`` denies ("no", "not", "haven't")."""
        return not self._denials.isdisjoint(normalise(text).split())

    def reading(self, query: Vectors, knowledge: float, leave_out: int | None = None) -> Reading | None:
        """The kind closest to ``query`` (its closest example's cosine) and its lead over the
        next kind and over the knowledge's closest entry. ``leave_out``: an example not to count,
        for cross-validation."""
        if not self.kinds:
            return None
        similarity = self._vectors @ query[0]
        best: dict[str, float] = {}
        for number, (name, score) in enumerate(zip(self.kinds, similarity.tolist(), strict=True)):
            if number != leave_out and score > best.get(name, -1.0):
                best[name] = score
        ranked = sorted(best.items(), key=lambda item: -item[1])
        kind, score = ranked[0]
        runner_up = max(knowledge, *(other for _, other in ranked[1:2]))
        return Reading(kind, score, score - runner_up)
