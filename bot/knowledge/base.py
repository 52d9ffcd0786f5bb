"""The loaded knowledge base: every entry by id, plus the views the rest of the bot needs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge.answers import Answer
from bot.knowledge.models import (
    AboutWords,
    BodyPart,
    Decoy,
    Faq,
    Plan,
    Point,
    ProfileFact,
    Reference,
    RepliesFile,
    Routine,
    SafetyFile,
    ScreeningQuestion,
    Smalltalk,
    Topic,
    TriggerPoint,
)
from bot.knowledge.problems import Problem

Entry = Answer
"""Any entry a person can be answered with (see :mod:`bot.knowledge.answers`)."""


@dataclass(frozen=True)
class Knowledge:
    directory: Path
    fingerprint: str
    points: tuple[Point, ...]
    trigger_points: tuple[TriggerPoint, ...]
    topics: tuple[Topic, ...]
    faqs: tuple[Faq, ...]
    routines: tuple[Routine, ...]
    safety: SafetyFile
    smalltalk: tuple[Smalltalk, ...]
    decoys: tuple[Decoy, ...] = ()
    body_parts: tuple[BodyPart, ...] = ()  # parts of the body not covered (offtopic.yaml)
    about_words: AboutWords = field(default_factory=AboutWords)  # questions about words (offtopic.yaml)
    not_the_knee: tuple[str, ...] = ()  # "nothing to do with my knees" (offtopic.yaml)
    facts: tuple[ProfileFact, ...] = ()
    plans: tuple[Plan, ...] = ()
    replies: RepliesFile = field(default_factory=RepliesFile)  # typed replies to the screen on show
    # Entries of kinds loaded from elsewhere than the files above: a new kind of answer, given
    # its model and renderer, is answered like the others without changes here.
    more: tuple[Answer, ...] = ()
    sources: tuple[Reference, ...] = ()
    every_point_cautions: tuple[str, ...] = ()
    # What `kneebot check` warns about (the knowledge loads and works, but reads less well).
    warnings: tuple[Problem, ...] = ()
    _by_id: dict[str, Entry] = field(default_factory=dict, init=False, repr=False)
    _screening: dict[str, ScreeningQuestion] = field(default_factory=dict, init=False, repr=False)
    _sources: dict[str, Reference] = field(default_factory=dict, init=False, repr=False)
    _plans: dict[str, Plan] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries():
            self._by_id[entry.id.upper()] = entry
        for point in self.points:
            for part in point.parts:
                self._by_id[part.code.upper()] = point
        for question in self.safety.screening:
            self._screening[question.id] = question
        for source in self.sources:
            self._sources[source.id] = source
        for plan in self.plans:
            self._plans[plan.id.upper()] = plan

    def entries(self) -> Iterator[Entry]:
        yield from self.points
        yield from self.trigger_points
        yield from self.faqs
        yield from self.routines
        yield from self.safety.contraindications
        yield from self.safety.red_flags
        yield from self.smalltalk
        yield from self.more

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id (or point code of a part, such as ST35), any letter case."""
        return self._by_id.get(entry_id.strip().upper())

    def routine(self, routine_id: str) -> Routine | None:
        entry = self.get(routine_id)
        return entry if isinstance(entry, Routine) else None

    def plan(self, plan_id: str) -> Plan | None:
        """The daily plan with this id, any letter case."""
        return self._plans.get(plan_id.strip().upper())

    def screening_question(self, question_id: str) -> ScreeningQuestion | None:
        return self._screening.get(question_id)

    def titles_of(self, source_ids: list[str]) -> list[str]:
        """The titles of these sources, in order (ids the knowledge does not have are left out)."""
        return [self._sources[source_id].title for source_id in source_ids if source_id in self._sources]

    def faqs_in(self, topic_id: str) -> list[Faq]:
        return [faq for faq in self.faqs if faq.topic == topic_id]

    def counts(self) -> dict[str, int]:
        return {
            "points": len(self.points),
            "trigger points": len(self.trigger_points),
            "FAQ entries": len(self.faqs),
            "FAQ topics": len(self.topics),
            "routines": len(self.routines),
            "red-flag rules": len(self.safety.red_flags),
            "safety answers": len(self.safety.contraindications),
            "screening questions": len(self.safety.screening),
            "smalltalk replies": len(self.smalltalk),
            "off-topic decoys": len(self.decoys),
            "daily plans": len(self.plans),
            "profile facts": len(self.facts),
        }


def kind_of(entry: Entry) -> str:
    return entry.kind
