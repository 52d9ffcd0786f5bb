"""Replies to what was just offered: "the second one" after "Did you mean...", "start" under an introduction."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.engine import render
from bot.engine.actions import (
    Leg,
    OneLeg,
    OpenRoutine,
    StartRoutine,
    new_run_id,
)
from bot.engine.answers import Answers, Request
from bot.engine.memory import typed
from bot.engine.memory.context import Conversation
from bot.engine.memory.typed import TypedReplies
from bot.engine.messages import MESSAGES
from bot.engine.pipeline import Stage, Turn
from bot.engine.replies import Button, Meta, Reply, Response, esc
from bot.engine.routines import RoutineFlow
from bot.engine.routines.check_words import CheckWords
from bot.engine.stages.shared import (
    ANY_ROUTINE,
    WH_WORDS,
    as_new_messages,
    asks_what_for,
    names_only,
    rating_said_with_it,
    routine_reply,
    then,
)
from bot.engine.state import Context
from bot.knowledge import Knowledge
from bot.knowledge.models import Faq, Routine
from bot.matching.intent import wants_to_start
from bot.text.normalise import normalise
from bot.text.tokens import content_tokens


class Suggestions(Stage):
    """Right under the message it answers: "the second one" after "Did you mean...", "start"
    (or "yes") under a routine's introduction."""

    def __init__(
        self,
        typed: TypedReplies,
        knowledge: Knowledge,
        conversation: Conversation,
        answers: Answers,
        routines: RoutineFlow,
        check_words: CheckWords | None = None,
        last_done: Callable[[int, float], str | None] | None = None,
    ) -> None:
        self.typed = typed
        self.knowledge = knowledge
        self.conversation = conversation
        self.answers = answers
        self.routines = routines
        self.check_words = check_words
        self.last_done = last_done  # the routine a person did last, since a time

    def handle(self, turn: Turn) -> Response | None:
        reply = self.typed.read(turn.text)
        return self._check_under_intro(turn) or self.again(turn, reply) or self.act_on(turn, reply)

    def again(self, turn: Turn, reply: typed.Reply) -> Response | None:
        """A start asked for again ("let's do that one again") with no routine introduced or
        under way: the routine done last, in the past day, started again (its check first)."""
        run = turn.state.routine
        text = normalise(turn.text)
        asks = reply.says("start") or bool(_DO_IT.search(text))  # "can we do it again"
        if not asks or not self.typed.says_again(turn.text) or self.last_done is None:
            return None
        if run is not None and run.phase != "stopped":
            return None
        context = self.conversation.current(turn.state, turn.now)
        if context is not None and context.turns <= 1 and context.routine and context.entry == context.routine:
            return None  # right under a routine's introduction: that routine (see act_on)
        if self._names_a_routine(text):
            return None  # "let's do the calf one again": the one named, as the matcher reads it
        routine = self.knowledge.routine(self.last_done(turn.user_id, turn.now - AGAIN_WITHIN) or "")
        if routine is None:
            return None
        held = turn.chat.elsewhere(OpenRoutine(routine.id)) or self.answers.gate.holds(turn.state)
        return held or as_new_messages(self.routines.start(turn.state, routine))

    def _names_a_routine(self, text: str) -> bool:
        """Whether ``text`` has a word of a routine's names beyond those every routine shares."""
        names = {
            token
            for routine in self.knowledge.routines
            for name in (routine.title, routine.label, *routine.aliases)
            for token in content_tokens(normalise(name))
        }
        return bool((names - ANY_ROUTINE).intersection(content_tokens(text)))

    def _asks_to_start(self, routine: Routine, text: str) -> bool:
        """Whether ``text`` asks to start (:func:`wants_to_start`) and names no routine but
        ``routine`` by the words of their names that not every routine shares ("start the lift
        one" under the lift technique; not "start the friction one")."""
        normalised = normalise(text)
        first = normalised.split()[:1]
        asks = "?" in text or bool(first and first[0] in WH_WORDS)  # "how do I start it": a question
        agrees = bool(first) and self.typed.read(first[0]).says("yes")  # "ok then the lift one for her"
        if not (wants_to_start(normalised) or (agrees and self._names_only(routine, normalised))) or asks:
            return False
        names = (routine.title, routine.label, *routine.aliases)
        own = {token for name in names for token in content_tokens(normalise(name))}
        named = {
            token
            for other in self.knowledge.routines
            if other.id != routine.id
            for name in (other.title, other.label, *other.aliases)
            for token in content_tokens(normalise(name))
        }
        return not ((named - own - ANY_ROUTINE) & set(content_tokens(normalised)))

    def _names_only(self, routine: Routine, text: str) -> bool:
        """Whether ``text`` has a word of ``routine``'s names that no other routine's names have."""
        return names_only(self.knowledge, routine, text)

    def _check_under_intro(self, turn: Turn) -> Response | None:
        """Right under a routine's introduction, which lists its safety check: the check answered
        in a sentence ("I take warfarin, none of the others", "she has veins on her left leg")
        starts the routine with those answers."""
        context = self.conversation.current(turn.state, turn.now)
        routine = self.knowledge.routine(context.routine or "") if context is not None else None
        if self.check_words is None or context is None or routine is None or context.turns > 1:
            return None
        run = turn.state.routine
        if context.entry != routine.id or (run is not None and run.routine_id == routine.id and run.phase != "stopped"):
            return None
        reading = self.check_words.read(turn.text, routine, turn.now)
        said_clear = (  # "no, none on the list, my pain's a 5/10": the rating says it goes on
            reading.rest_clear and reading.rating is not None and not self.typed.read(turn.text).anything
        )
        if not (reading.anything or said_clear):
            return None
        held = turn.chat.elsewhere(OpenRoutine(routine.id)) or self.answers.gate.holds(turn.state)
        if held is not None:
            return held
        response = self.routines.start(turn.state, routine)
        if turn.state.routine is not None:  # the check's first screen is not shown: say its notes on the next
            turn.state.routine.noted.clear()
        response = self.routines.answered_in_words(turn.state, reading, told=bool(turn.told.lines)) or response
        return as_new_messages(rating_said_with_it(self.routines, turn, reading, response))

    def act_on(self, turn: Turn, reply: typed.Reply) -> Response | None:
        """What ``reply`` asks of the message right above it; None if nothing."""
        state = turn.state
        context = self.conversation.current(state, turn.now)
        if context is None:
            return None
        if not reply.anything:  # not a reply to anything, unless it asks to start what is introduced
            introduced = self.knowledge.routine(context.routine or "")
            asks = introduced is not None and context.entry == introduced.id and context.turns <= 1
            asks = asks and not context.opened
            return self._routine_reply(turn, context, reply) if asks else None
        if context.turns > 1:
            return self._routine_reply(turn, context, reply)
        if context.offered and reply.pick is not None and reply.pick < len(context.offered):
            entry = self.knowledge.get(context.offered[reply.pick])
            if entry is None:
                return Response(note=MESSAGES.topic_gone)
            return self.answers.answer(turn, Request(entry))
        shown = self.knowledge.get(context.entry)
        if reply.says("more") and isinstance(shown, Faq) and shown.more:  # "more": the rest of it
            return self.answers.answer(turn, Request(shown, full=True))
        return self._routine_reply(turn, context, reply)

    def _routine_reply(self, turn: Turn, context: Context, reply: typed.Reply) -> Response | None:
        """Under a routine's introduction, which lists its safety check: "go on" starts it (the
        check's screen next); "none of them" or "2 and 5" answer the check as its buttons would.
        A plain "let's go" a few messages later still starts the routine introduced."""
        state = turn.state
        routine = self.knowledge.routine(context.routine or "")
        run = state.routine
        if routine is None or (run is not None and run.routine_id == routine.id and run.phase != "stopped"):
            return None
        right_under = context.turns <= 1 and context.entry == routine.id
        if right_under and not reply.anything and asks_what_for(self.typed, turn.text):
            # "why do you need to know?" under the introduction, which lists the check: what the
            # check is for, with the introduction again
            again = self.answers.answer(turn, Request(routine))
            return replace(again, replies=(Reply(esc(MESSAGES.check_purpose)), *again.replies))
        said_later = reply.says("later") and set(reply.words) <= {"later", "no"}
        said_later = said_later or (not reply.anything and self.typed.later_with_a_reason(turn.text))
        if right_under and not reply.anything and self.typed.first_says_no(turn.text):  # "nah, not today"
            said_later = self.typed.read(" ".join(normalise(turn.text).split()[1:])).says("later")
        if right_under and said_later:  # "not now, maybe tonight"
            start = Button(MESSAGES.start_button, StartRoutine(routine.id, new_run_id()))
            later = Reply(MESSAGES.later_intro.format(title=esc(routine.title)), ((start,), render.menu_row()))
            return Response((later,), Meta(kind="smalltalk", id="later"))
        # "yep I do" right under the introduction, whose last question is whether any of the check
        # applies: a yes that says so in more than a word picks the lines ("One or more")
        states_yes = right_under and reply.yes and len(self.typed.core(turn.text).split()) > 1
        answers_check = right_under and (reply.says("no") or bool(reply.numbers) or reply.some or states_yes)
        starting = reply.says("start") or (right_under and reply.says("yes", "next", "resume"))
        # "let's continue" a few messages after its introduction (or "not now" under it): the
        # routine introduced, which is waiting with ▶ Start
        resumes = reply.says("resume") or (reply.says("next") and self.typed.says_resume(turn.text))  # "ok carry on"
        starting = starting or (context.entry == routine.id and resumes and not reply.says("no"))
        # "ok start the lift please" right under the lift's introduction: that routine, whose
        # check comes next (its introduction is on show already)
        starting = starting or (right_under and not context.opened and self._asks_to_start(routine, turn.text))
        # "go on" right under an answer that offered the routine with a button: that routine
        offered = context.turns <= 1 and context.entry != routine.id and routine.id in context.buttons
        starting = starting or (offered and reply.says("next", "resume") and not reply.says("no", "more"))
        # "fine, just her left one" under an introduction that says which leg is clear: the leg to do
        leg_to_do = right_under and reply.side in ("left", "right") and not (reply.words or reply.numbers or reply.some)
        starting = starting or leg_to_do
        if not (starting or answers_check):
            return None
        held = turn.chat.elsewhere(OpenRoutine(routine.id)) or self.answers.gate.holds(state)
        if held is not None:
            return held
        response = self.routines.start(state, routine)
        new_run = state.routine
        offer = new_run.offer if new_run is not None and new_run.phase == "one_leg" else None
        if leg_to_do and new_run is not None and offer is not None and offer == reply.side:
            response = self.routines.handle(state, OneLeg(routine.id, new_run.run, Leg(offer)))
        if answers_check and new_run is not None and new_run.phase == "checklist":
            lines = self.routines.check.open_lines(state, routine, new_run)
            for action in routine_reply(new_run, reply, away=False, lines=lines):
                response = self.routines.handle(state, action)
            if reply.then is not None and reply.then.rating is not None:  # "none, pain's about a 4"
                response = then(self.routines, turn, reply.then, response)
        return as_new_messages(response)


_DO_IT = re.compile(r"\b(?:do|try|go through|run through) (?:it|that|this)\b")


AGAIN_WITHIN = 24 * 60 * 60  # "let's do that one again": a routine done within the past day
