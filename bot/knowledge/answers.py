"""What every kind of answer in the knowledge has in common: points, FAQs, routines, safety
answers, red-flag rules and smalltalk.

Each kind is a model in :mod:`bot.knowledge.models` that says what it is (``kind``), what it is
found by (:meth:`Answer.index_texts`, read by matching), which parts a follow-up may ask of it
(``follow_ups``) and which of its texts are cautions. How it is shown is the engine's part
(:mod:`bot.engine.answers`). So a new kind of answer is its model, its renderer and one
registration, and nothing else needs to know it exists.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, Protocol

from bot.knowledge.sections import Section


class Role(StrEnum):
    """What a text is to its entry, which says how matching reads it."""

    NAME = "name"  # a name people call it by: read by its words, and by meaning
    POINT_NAME = "point-name"  # a point's name: by its words only (as meaning it draws mountains and films)
    PHRASING = "phrasing"  # a way people ask for it: by its words, and by meaning
    MEANING = "meaning"  # by meaning only
    # What an entry says about itself, read by meaning only, sentence by sentence, a little below
    # a real question or name of the entry.
    LOCATION = "location"
    USES = "uses"
    STEP_TITLE = "step-title"
    STEP_TEXT = "step-text"
    ANSWER = "answer"


@dataclass(frozen=True)
class IndexText:
    """A text an entry is found by."""

    text: str
    role: Role
    step: int | None = None  # a routine's step the text belongs to


class Answer(Protocol):
    """An entry a person can be answered with."""

    kind: ClassVar[str]
    """As people and `kneebot ask --json` see it: point, faq, routine, safety, smalltalk."""
    follow_ups: ClassVar[frozenset[Section]]
    """The sections a follow-up may ask of it ("how long?" after a point); none: no follow-ups."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def label(self) -> str:
        """Its name on a button (at most 32 characters)."""
        ...

    @property
    def related(self) -> Sequence[str]:
        """Ids of entries offered beside it."""
        ...

    def index_texts(self) -> Iterator[IndexText]:
        """Every text it is found by, in order."""
        ...

    def topic_names(self) -> Sequence[str]:
        """Names that, said in a follow-up, are about it rather than the topic on the table."""
        ...

    def caution_texts(self) -> Sequence[str]:
        """Its own cautions, which lead its answer when they mention a fact the person told."""
        ...
