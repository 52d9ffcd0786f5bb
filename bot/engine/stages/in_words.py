"""Words for a state the person is in: waiting for a timer, or a reply word another stage reads."""

from __future__ import annotations

import re
from typing import get_args

from bot.engine.actions import (
    Ticked,
)
from bot.engine.memory import typed
from bot.engine.memory.context import Conversation
from bot.engine.pipeline import Stage, Turn
from bot.engine.replies import Meta, Response
from bot.engine.routines import screens
from bot.engine.safety_gate import SafetyGate
from bot.engine.stages.screen import ScreenOnShow
from bot.engine.stages.shared import as_new_messages
from bot.engine.stages.suggestions import Suggestions
from bot.knowledge.models import ReplyWord
from bot.matching.matcher import Matcher

REPLY_WORDS: frozenset[ReplyWord] = frozenset(get_args(ReplyWord))


class WhileWaiting(Stage):
    """After a red flag, a question about what to do meanwhile ("can I put ice on it?"): an
    answer within the flag's advice, instead of the warning again (in the private chat)."""

    def __init__(self, gate: SafetyGate) -> None:
        self.gate = gate

    def handle(self, turn: Turn) -> Response | None:
        return self.gate.while_waiting(turn)


class InOtherWords(Stage):
    """A reply to the screen on show said in other words ("I'd rather not do this one"), read by
    meaning once nothing before understood the message (see :mod:`bot.matching.replies`); it
    then does what the reply typed in its own words would."""

    def __init__(
        self, matcher: Matcher, conversation: Conversation, screen: ScreenOnShow, suggestions: Suggestions
    ) -> None:
        self.matcher = matcher
        self.conversation = conversation
        self.screen = screen
        self.suggestions = suggestions

    def handle(self, turn: Turn) -> Response | None:
        context = self.conversation.current(turn.state, turn.now)
        if turn.state.routine is None and (context is None or context.turns > 1):
            return None  # no screen on show to reply to
        if self._at_a_check(turn) and self._says_nothing_else(turn.text) and self.matcher.says_none(turn.text):
            run = turn.state.routine
            if run is not None and run.phase == "choosing":  # lines ticked on the list: "no other problems" is Done
                return as_new_messages(self.screen.routines.handle(turn.state, Ticked(run.routine_id, run.run)))
            none = typed.Reply("no", words=("no",))  # "nothing wrong with me", "no other problems, she's fine"
            return self.screen.act_on(turn, none) or self.suggestions.act_on(turn, none)
        word = self.matcher.reply_in_other_words(turn.text, REPLY_WORDS)
        if word is None:
            return self._stop_or_not(turn)
        reply = typed.Reply(word, words=(word,))
        return (
            self.screen.act_on(turn, reply)
            or self.suggestions.act_on(turn, reply)
            or self.suggestions.again(turn, reply)
        )

    def _at_a_check(self, turn: Turn) -> bool:
        """Whether a routine's safety check is on show with its lines: its screen, or the
        introduction that lists them right above."""
        run = turn.state.routine
        if run is not None and run.phase != "stopped":
            listed = run.phase == "checklist" or (run.phase == "choosing" and bool(run.ticked))
            return listed and not run.away and not run.stop_asked
        context = self.conversation.current(turn.state, turn.now)
        return (
            context is not None
            and context.turns <= 1
            and context.routine is not None
            and (context.entry == context.routine and not context.opened)
        )

    def _says_nothing_else(self, text: str) -> bool:
        """Whether no part of ``text`` says yes, some, a side or a number ("just one", "yes, the
        left leg"): what a "none" in other words must leave unsaid."""
        typed_replies = self.screen.typed
        for clause in re.split(r"[.!?;:,\n]+", text):
            reply = typed_replies.read(clause)
            if reply.yes or reply.some or reply.side or reply.numbers or reply.pick is not None:
                return False
            if reply.rating is not None or typed_replies.rating_in_passing(clause) is not None:
                return False
        return True

    def _stop_or_not(self, turn: Turn) -> Response | None:
        """A wish to stop said in other words ("I think I'll leave it there"): asked about, with
        the place kept either way, since a stop misread would lose it."""
        run = turn.state.routine
        routine = self.screen.routines.knowledge.routine(run.routine_id) if run is not None else None
        if run is None or routine is None or run.phase in ("intro", "stopped"):
            return None
        if not self.matcher.wishes_to_stop(turn.text):
            return None
        run.stop_asked = True
        return Response((screens.stop_or_carry_on(routine, run),), Meta(kind="routine", id="stop-or-not"))
