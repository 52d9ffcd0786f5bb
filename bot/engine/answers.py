"""Answering with an entry of the knowledge, whatever its kind.

Each kind of answer (its model implements :class:`bot.knowledge.answers.Answer`) registers an
:class:`AnswerType` here: how it is rendered, and the few things that set it apart (a routine is
introduced in the private chat and waits while a red flag is raised; smalltalk is no topic for
follow-ups). :class:`Answers` does the rest the same for every kind: the person's own cautions
first, the buttons to a routine under way and to near runners-up, what a group may see, and what
``kneebot ask --json`` reports. A new kind of answer is a model, a renderer and one
:meth:`AnswerTypes.register`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar, cast

from bot.engine import render
from bot.engine.actions import Action, OpenEntry, OpenRoutine, new_run_id
from bot.engine.messages import MESSAGES
from bot.engine.pipeline import Turn
from bot.engine.replies import Button, Card, Keyboard, Meta, Reply, Response
from bot.engine.routines import screens
from bot.engine.safety_gate import SafetyGate
from bot.engine.state import UserState
from bot.knowledge import Entry, Knowledge, Section
from bot.knowledge.models import (
    Contraindication,
    Faq,
    Point,
    PointBase,
    RedFlag,
    Routine,
    Smalltalk,
    TriggerPoint,
)
from bot.safety.triage import RedFlagHit

E = TypeVar("E", bound=Entry)


@dataclass(frozen=True)
class Request:
    """What to answer with: an entry, the part of it asked for, and how it was chosen."""

    entry: Entry
    section: Section = Section.OVERVIEW
    score: float = 100.0
    why: tuple[str, ...] = ()  # how it was chosen, for `kneebot ask --json`
    also: tuple[str, ...] = ()  # entries nearly as likely, offered beside it
    step: int | None = None  # a routine's step the question was about
    follow_up: bool = False  # asked about the entry on the table: the section is answered on its own
    other_side: bool = False  # "and on the other leg?"
    edit: bool = False  # shown in place of the message whose button was pressed
    full: bool = False  # an answer with its "More" part, not just its lead


@dataclass(frozen=True)
class Shown:
    """What an entry's answer is rendered with."""

    knowledge: Knowledge
    section: Section
    extra: Keyboard = ()  # buttons after its own: near runners-up, back to a routine under way
    lead: tuple[str, ...] = ()  # the person's own cautions, first
    step: int | None = None
    full: bool = False  # with the "More" part of an answer
    check: tuple[str, ...] = ()  # a routine's safety check, the lines still to answer
    answered: tuple[str, ...] = ()  # what the lines answered "yes" earlier today mean for it


def _open_entry(entry: Entry) -> Action:
    return OpenEntry(entry.id)


def _no_card(knowledge: Knowledge, entry: Any) -> Card | None:
    return None


def _no_note(entry: Any) -> str | None:
    return None


@dataclass(frozen=True)
class AnswerType(Generic[E]):
    model: type[E]
    render: Callable[[Shown, E], list[Reply]]
    card: Callable[[Knowledge, E], Card | None] = _no_card  # offered in inline mode
    opens: Callable[[E], Action] = _open_entry  # what a button to it does
    cautions: bool = True  # led by the person's own cautions
    personal: bool = True  # in a group, with a button to it in the private chat, led by their cautions
    topic: bool = True  # remembered as the topic for follow-ups
    other_side: Callable[[E], str | None] = _no_note  # said first to "and on the other leg?"
    # A guided flow (a routine): introduced in the private chat only, and held back while a red
    # flag is raised; ``parts`` are the sections a follow-up gets answered on their own.
    guided: bool = False
    parts: dict[Section, Callable[[Shown, E], list[Reply]]] | None = None


class AnswerTypes:
    """The registered kinds of answer, found by an entry's class (or a class it derives from)."""

    def __init__(self, types: Iterable[AnswerType[Any]] = ()) -> None:
        self._types: dict[type, AnswerType[Any]] = {}
        for answer_type in types:
            self.register(answer_type)

    def register(self, answer_type: AnswerType[Any]) -> None:
        self._types[answer_type.model] = answer_type

    def of(self, entry: E) -> AnswerType[E]:
        for model in type(entry).__mro__:
            if model in self._types:
                return cast(AnswerType[E], self._types[model])
        raise LookupError(f"no answer type is registered for {type(entry).__name__}")


class Answers:
    def __init__(
        self,
        knowledge: Knowledge,
        types: AnswerTypes,
        gate: SafetyGate,
        check: Callable[[UserState, Routine], list[str]] | None = None,
        answered: Callable[[UserState, Routine], list[str]] | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.types = types
        self.gate = gate
        self.check = check  # a routine's safety-check lines still open for a person
        self.answered = answered  # what its lines answered "yes" earlier mean for it
        self._kept: dict[tuple[str, Section, bool], tuple[Reply, ...]] = {}

    def answer(self, turn: Turn, request: Request) -> Response:
        kind = self.types.of(request.entry)
        part = (kind.parts or {}).get(request.section) if request.follow_up else None
        if kind.guided and part is None:
            response = self._introduce(turn, request)
        else:
            response = self._answer(turn, request, part or kind.render)
        note = kind.other_side(request.entry) if request.other_side else None
        if note is not None:
            response = replace(response, replies=(Reply(note), *response.replies))
        return response

    def _answer(self, turn: Turn, request: Request, renderer: Callable[[Shown, Any], list[Reply]]) -> Response:
        entry = request.entry
        kind = self.types.of(entry)
        extra = (*self._near(request), *turn.chat.resume_row(turn.state))
        if kind.personal:
            extra = (*extra, *turn.chat.for_you(kind.opens(entry)))
        lead = tuple(turn.chat.cautions(turn.state, entry)) if kind.cautions else ()
        shown = Shown(self.knowledge, request.section, extra, lead, request.step, request.full)
        replies = self._rendered(entry, shown, renderer)
        if request.edit:  # switching sections of the same entry edits it in place
            replies = [replace(replies[0], edit=True), *replies[1:]]
        meta = Meta(
            entry.kind, entry.id, entry.title, request.score, section=request.section.value, why=request.why,
            topic=kind.topic,
        )  # fmt: skip
        return Response(tuple(replies), meta)

    def has_part(self, entry: Entry, section: Section) -> bool:
        """Whether ``section`` of ``entry`` is answered on its own as a follow-up."""
        return section in (self.types.of(entry).parts or {})

    def card(self, entry: Entry) -> Card | None:
        return self.types.of(entry).card(self.knowledge, entry)

    def step(self, turn: Turn, routine: Routine, index: int, number: int, total: int) -> Response:
        """One step of the routine under way, asked about on the way ("what was the first step
        again?"): step ``number`` of ``total`` as the person counts them, with the way back to
        the step they are on."""
        extra = turn.chat.resume_row(turn.state)
        replies = screens.step_card(
            self.knowledge,
            routine,
            index,
            MESSAGES.step_of.format(number=number, total=total, title=routine.steps[index].title),
            extra,
        )
        meta = Meta("routine", routine.id, routine.title, 100.0, section="step", topic=True, step=index)
        return Response(tuple(replies), meta)

    def _introduce(self, turn: Turn, request: Request) -> Response:
        """A routine's introduction, opening with the step a question was about, if any; in a
        group, a button to it in the private chat (its safety questions are personal)."""
        entry, kind = request.entry, self.types.of(request.entry)
        meta = Meta(entry.kind, entry.id, entry.title, request.score, why=request.why, topic=kind.topic)
        elsewhere = turn.chat.elsewhere(kind.opens(entry))
        if elsewhere is not None:
            return replace(elsewhere, meta=meta)
        held = self.gate.holds(turn.state)
        if held is not None:
            return held
        extra = (*self._near(request), *turn.chat.resume_row(turn.state))
        lead = tuple(turn.chat.cautions(turn.state, entry)) if kind.cautions else ()
        check = tuple(self.check(turn.state, entry)) if self.check and isinstance(entry, Routine) else ()
        answered = tuple(self.answered(turn.state, entry)) if self.answered and isinstance(entry, Routine) else ()
        shown = Shown(self.knowledge, request.section, extra, lead, request.step, check=check, answered=answered)
        replies = kind.render(shown, entry)
        return Response(tuple(replies), meta)

    def _rendered(self, entry: E, shown: Shown, renderer: Callable[[Shown, E], list[Reply]]) -> list[Reply]:
        """Without extra buttons or cautions an answer is the same every time, so it is kept."""
        if shown.extra or shown.lead:
            return renderer(shown, entry)
        key = (entry.id, shown.section, shown.full)
        if key not in self._kept:
            self._kept[key] = tuple(renderer(shown, entry))
        return list(self._kept[key])

    def _near(self, request: Request) -> Keyboard:
        """Buttons for entries nearly as likely as the answer given: one tap if we chose wrong
        (unless the answer already offers them among its related entries)."""
        related = set(request.entry.related)
        entries = [
            entry
            for entry_id in request.also
            if entry_id not in related and (entry := self.knowledge.get(entry_id)) is not None
        ]
        if not entries:
            return ()
        buttons = [render.open_button(entry) for entry in entries]
        return (tuple(Button(MESSAGES.or_also.format(label=button.label), button.action) for button in buttons),)


# --- the kinds of answer the knowledge has ---------------------------------------------------


def _point_card(knowledge: Knowledge, point: Point | TriggerPoint) -> Card:
    html = render.point_answer(knowledge, point, Section.OVERVIEW)[0].html
    return Card(point.id, point.title, point.region, html, picture=point.id)


def _question_card(knowledge: Knowledge, entry: Faq | Contraindication) -> Card:
    html = render.faq_answer(knowledge, entry, full=True)[0].html  # inline cards have no More button
    return Card(entry.id, entry.question, entry.answer[:90], html)


def _point(shown: Shown, point: PointBase) -> list[Reply]:
    return render.point_answer(shown.knowledge, point, shown.section, shown.extra, list(shown.lead))


def _question(shown: Shown, entry: Faq | Contraindication) -> list[Reply]:
    return render.faq_answer(shown.knowledge, entry, shown.extra, list(shown.lead), shown.full)


def _question_amounts(shown: Shown, entry: Faq) -> list[Reply]:
    """ "How long for?", "how often?" after an answer: its times and amounts (all of it when it
    gives none)."""
    return render.faq_amounts(shown.knowledge, entry, shown.extra) or _question(replace(shown, full=True), entry)


def _routine_intro(shown: Shown, routine: Routine) -> list[Reply]:
    return screens.intro(
        shown.knowledge,
        routine,
        new_run_id(),
        shown.extra,
        shown.step,
        list(shown.lead),
        list(shown.check),
        list(shown.answered),
    )


def _routine_safety(shown: Shown, routine: Routine) -> list[Reply]:
    return render.routine_safety(shown.knowledge, routine, list(shown.lead), shown.extra)


BUILT_IN: tuple[AnswerType[Any], ...] = (
    AnswerType(Point, _point, card=_point_card, other_side=lambda point: MESSAGES.same_point_both_legs),
    AnswerType(TriggerPoint, _point, card=_point_card, other_side=lambda point: MESSAGES.same_point_both_legs),
    AnswerType(Faq, _question, card=_question_card, parts={Section.TECHNIQUE: _question_amounts}),
    AnswerType(Contraindication, _question, card=_question_card, cautions=False),
    AnswerType(
        Routine,
        _routine_intro,
        opens=lambda routine: OpenRoutine(routine.id),
        other_side=lambda routine: MESSAGES.both_sides if any(step.switch for step in routine.steps) else None,
        guided=True,
        parts={Section.CAUTIONS: _routine_safety},
    ),
    AnswerType(
        RedFlag,
        lambda shown, rule: render.red_flag(shown.knowledge, RedFlagHit(rule, rule.message, ()), shown.extra),
        cautions=False,
        personal=False,
    ),
    AnswerType(
        Smalltalk, lambda shown, item: render.smalltalk_answer(item), cautions=False, personal=False, topic=False
    ),
)
