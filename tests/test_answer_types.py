"""A new kind of answer needs three things and nothing else: its model (what it is, what it is
found by), its renderer (how it looks) and one registration. This file adds one, an exercise,
with all three below and no change anywhere in bot/, and the bot then finds it by its words and
meaning, answers with it (led by the person's own cautions), opens it from a button, offers it
in inline mode and in a group, and takes "is it safe?" after it as a follow-up about it. In the
project, the three would be a model in bot/knowledge/models.py (with its file), a renderer and
its registration in bot/engine/answers.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import pytest

from bot.engine import ButtonPress, Engine, Text
from bot.engine.actions import OpenEntry, encode
from bot.engine.answers import BUILT_IN, AnswerType, AnswerTypes, Shown
from bot.engine.replies import Card, Reply, bold, esc, fit
from bot.knowledge import Section, load_knowledge
from bot.knowledge.answers import IndexText, Role
from bot.knowledge.models import Id, Model, Phrase
from bot.matching.matcher import Matcher
from bot.safety.triage import Triage
from bot.storage import MemoryStore

from helpers import Conversation

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


# --- 1. the model ---------------------------------------------------------------------------


class Exercise(Model):
    id: Id
    title: Phrase
    how: Phrase
    caution: Phrase
    phrasings: tuple[Phrase, ...] = ()

    kind: ClassVar[str] = "exercise"
    follow_ups: ClassVar[frozenset[Section]] = frozenset({Section.CAUTIONS})
    related: ClassVar[Sequence[str]] = ()

    @property
    def label(self) -> str:
        return self.title[:32]

    def index_texts(self) -> Iterator[IndexText]:
        yield IndexText(self.title, Role.NAME)
        yield from (IndexText(phrase, Role.PHRASING) for phrase in self.phrasings)
        yield IndexText(self.how, Role.ANSWER)

    def topic_names(self) -> Sequence[str]:
        return [self.title]

    def caution_texts(self) -> Sequence[str]:
        return [self.caution]


# --- 2. its renderer ------------------------------------------------------------------------


def render_exercise(shown: Shown, exercise: Exercise) -> list[Reply]:
    lead = "".join(f"⚠️ For you: {esc(line)}\n" for line in shown.lead)
    part = exercise.caution if shown.section is Section.CAUTIONS else exercise.how
    return fit(f"🏋 {bold(exercise.title)}\n{lead}{esc(part)}", shown.extra)


def exercise_card(knowledge: object, exercise: Exercise) -> Card:
    return Card(exercise.id, exercise.title, exercise.how[:90], esc(exercise.how))


# --- 3. its registration --------------------------------------------------------------------


def answer_types() -> AnswerTypes:
    types = AnswerTypes(BUILT_IN)
    types.register(AnswerType(Exercise, render_exercise, card=exercise_card))
    return types


# --- the bot with it ------------------------------------------------------------------------

WALL_SIT = Exercise(
    id="wall-sit",
    title="Wall sit",
    how="Lean your back against a wall and slide down until your knees are bent a little; hold for ten breaths.",
    caution="Stop if your knee hurts more than before; when pregnant, keep the bend shallow.",
    phrasings=("an exercise against the wall", "static squat against a wall"),
)


# What a person may tell about themselves, so that cautions can lead answers.
PROFILE = """
facts:
  - id: pregnant
    says: you're pregnant
    promise: I'll flag what to avoid.
    phrases: [pregnant]
    keywords: [pregnan]
"""


@pytest.fixture(scope="module")
def engine(semantics, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("knowledge")
    for source in MINIMAL.iterdir():
        (folder / source.name).write_text(source.read_text())
    (folder / "profile.yaml").write_text(PROFILE)
    knowledge = replace(load_knowledge(folder), more=(WALL_SIT,))
    matcher = Matcher(knowledge, semantics)
    triage = Triage(knowledge.safety)
    return Engine(knowledge, MemoryStore(), matcher=matcher, triage=triage, answer_types=answer_types())


def test_a_new_kind_of_answer_is_found_by_its_words_and_meaning(engine: Engine) -> None:
    for question in ("wall sit", "is there an exercise I can do against the wall"):
        response = engine.handle(1, Text(question))
        assert (response.meta.kind, response.meta.id) == ("exercise", "wall-sit"), question
        assert "Lean your back against a wall" in response.replies[-1].text


def test_it_opens_from_a_button_and_is_offered_in_inline_mode(engine: Engine) -> None:
    response = engine.handle(2, ButtonPress(encode(OpenEntry("wall-sit"))))
    assert "🏋 Wall sit" in response.replies[-1].text
    assert "wall-sit" in [card.id for card in engine.cards("wall sit")]


def test_it_is_led_by_the_persons_cautions_and_followed_up(engine: Engine) -> None:
    chat = Conversation(engine, user_id=3)
    chat.say("I'm 20 weeks pregnant")
    chat.say("wall sit")
    assert "For you: Stop if your knee hurts more than before; when pregnant" in chat.text
    chat.say("is it safe?")
    assert chat.last.meta.id == "wall-sit" and chat.last.meta.section == "cautions"
    assert "keep the bend shallow" in chat.text and "Lean your back" not in chat.text


def test_a_group_gets_it_with_a_button_to_the_private_chat(engine: Engine) -> None:
    group = Conversation(engine, user_id=4, group=True)
    group.say("wall sit")
    assert group.last.meta.kind == "exercise" and "🔒 What applies to you" in group.labels
