"""The safety gate as a stage, the session's ending after a red flag, and the reminder of a flag still described."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine.memory.context import CONTEXT_SECONDS
from bot.engine.memory.typed import TypedReplies
from bot.engine.messages import MESSAGES
from bot.engine.pipeline import Stage, Turn
from bot.engine.replies import FOR_ONESELF, Meta, Reply, Response, esc
from bot.engine.routines import RoutineFlow, screens
from bot.engine.safety_gate import ENGLISH_ONLY, SafetyGate
from bot.engine.stages.facts import CommandInAMessage
from bot.engine.stages.shared import PLEASANTRIES
from bot.matching.matcher import SMALLTALK_EDGE_WORDS, Matcher
from bot.matching.spelling import mostly_not_english
from bot.safety.triage import RedFlagHit
from bot.text.normalise import normalise

# Answers about knee self-care, which a flag's signs told again must not get instead of the flag.
KNEE_CONTENT = frozenset({"point", "faq", "routine", "plan", "menu"})


# The general card on when knee pain needs a doctor, which a red flag's own advice supersedes.
WHEN_TO_SEE_A_DOCTOR = "when-to-see-doctor"


class SafetyGateStage(Stage):
    def __init__(
        self, gate: SafetyGate, ending: SessionEnding | None = None, command: CommandInAMessage | None = None
    ) -> None:
        self.gate = gate
        self.ending = ending
        self.command = command  # a command typed among the words of a crisis still runs, under its reply

    def handle(self, turn: Turn) -> Response | None:
        self.gate.assess(turn)
        assessment = turn.assessment
        if assessment is not None and assessment.hit is not None and not assessment.repeat:
            hit = assessment.hit
            if hit.by_net and hit.rule.style == "crisis" and turn.said is None:
                waiting = self._about_the_wait(turn)
                if waiting is not None:
                    return waiting
            if hit.by_net and hit.rule.style == "crisis" and self.ending is not None:
                asked = self.ending.asked(turn, hit)
                if asked is not None:
                    return asked
            if hit.by_net and hit.rule.style == "crisis" and self._a_reply_at_a_screen(turn):
                turn.held = hit  # read as the screen's reply first: raised in finish unless it is one
                return None
            raised = self.gate.raise_flag(turn, hit)
            also = self.command.handle(turn) if self.command is not None and hit.rule.style == "crisis" else None
            if also is not None:  # "... /forget": erasing is always possible; the crisis reply comes first
                return replace(raised, replies=(*raised.replies, *also.replies))
            return raised
        if assessment is not None and assessment.hit is not None and assessment.someone_else:
            return self.gate.raise_flag(turn, assessment.hit, someone_else=True)
        return None  # a flag raised earlier is not raised again for the same words

    def _a_reply_at_a_screen(self, turn: Turn) -> bool:
        """Whether ``turn`` is a short message (up to :data:`SHORT_REPLY_WORDS` words) typed
        right under something that asks for a reply: a routine's screen (its introduction
        included) or an answer just given, within the time a topic stays fresh."""
        if not 0 < len(normalise(turn.text).split()) <= SHORT_REPLY_WORDS:
            return False
        state, now = turn.state, turn.now
        run = state.routine
        if run is not None and not run.away and run.phase != "stopped":
            return run.shown_at is None or now - run.shown_at <= CONTEXT_SECONDS
        context = state.context
        return context is not None and context.turns <= 1 and now - context.at <= CONTEXT_SECONDS

    def _about_the_wait(self, turn: Turn) -> Response | None:
        """A question about the wait for a medical flag raised lately ("what do I do until I can
        get seen?") that the net reads as a crisis only with the message before it (the one
        that raised the flag), and that on its own raises nothing: the wait's answer, within
        that flag's advice, rather than crisis support."""
        if not (self.gate.medical_flag(turn.state) and self.gate.raised_lately(turn.state, turn.now)):
            return None
        return self.gate.while_waiting(turn)

    def finish(self, turn: Turn, response: Response) -> Response:
        """A message the later stages did not understand, that describes trouble: the flag it
        still describes, or "if this is happening now" for that situation, never "I don't know
        that one" or knee topics. Soon after a flag, anything not understood gets the flag again,
        and so does a knee answer to a message that tells the flag's signs again."""
        assessment, state = turn.assessment, turn.state
        if turn.held is not None:  # a crisis read by the net alone in a short reply at a screen
            return response if _a_reply(response) else self.gate.raise_flag(turn, turn.held)
        if assessment is None:
            return response
        still = assessment.hit is not None and self.gate.raised_lately(state, turn.now)
        if still and response.meta.kind in KNEE_CONTENT:
            return self.gate.remind(state)  # the flag's signs told again: no massage tips meanwhile
        lately = state.red_flag is not None and self.gate.raised_lately(state, turn.now)
        if lately and response.meta.id == WHEN_TO_SEE_A_DOCTOR:
            return self.gate.remind(state)  # the flag's own advice says when, for what was told
        unread = _unread(response) and response.meta.id != ENGLISH_ONLY
        if unread and not self.gate.raised_lately(state, turn.now) and mostly_not_english(turn.text):
            return self.gate.english_only()  # not read at all: say so, with what to do if it is urgent
        if not _unread(response) and not _greets_a_longer_message(response, turn.text):
            return response
        if response.meta.declined == "animal":
            return response  # understood: a pet's leg ("the cat is limping..."), the vet's, not the person's
        if assessment.revived is not None and not self.gate.raised_lately(state, turn.now):
            # "yes it's out at the moment" after asking whether a dislocated kneecap can be
            # massaged: nothing else understood it, and it says the question was about now
            return self.gate.raise_flag(turn, assessment.revived)
        if state.red_flag is not None and (assessment.hit is not None or self.gate.raised_lately(state, turn.now)):
            return self.gate.remind(state)  # soon after a flag, what is not understood may be about it
        return self.gate.if_happening_now(assessment, state) or response


class SessionEnding:
    """Words that end a session, typed at a routine's screen ("end it here, I need to go"): the
    net, which reads a message without knowing a screen is on show, can take them for a crisis.
    Where the crisis is the net's guess alone (the rules' words name none) and the message reads
    as a wish to stop the routine on show, "Shall we stop here?" is asked, as for any such wish,
    with a line of crisis support under it should more have been meant. Crisis words the rules
    know, and a crisis said beside the ending, are raised as ever."""

    def __init__(self, typed: TypedReplies, routines: RoutineFlow, matcher: Matcher) -> None:
        self.typed = typed
        self.routines = routines
        self.matcher = matcher

    def asked(self, turn: Turn, hit: RedFlagHit) -> Response | None:
        state = turn.state
        run = state.routine
        routine = self.routines.knowledge.routine(run.routine_id) if run is not None else None
        if run is None or routine is None or run.phase in ("intro", "stopped") or run.away:
            return None
        if run.shown_at is not None and turn.now - run.shown_at > CONTEXT_SECONDS:
            return None  # back after a while: a message of its own
        reply = self.typed.read(turn.text, self.routines.words_on_screen(state))
        says_stop = reply.then is None and (reply.says("stop") or reply.says("later"))
        if not says_stop and not self.matcher.wishes_to_stop(turn.text):
            return None
        run.stop_asked = True
        why = ("a session's ending at a routine's screen, read by the net as a crisis: " + "; ".join(hit.evidence),)
        replies = (screens.stop_or_carry_on(routine, run), Reply(esc(MESSAGES.stop_here_or_more)))
        return Response(replies, Meta(kind="routine", id="stop-or-not", why=why))


class SafetyReminder(Stage):
    """A red flag raised before, whose signs the message still describes: until a doctor has
    checked it, the reminder comes before anything else is started (in the private chat). After
    a crisis reply the next message gets the check-in first, whatever it says."""

    def __init__(self, gate: SafetyGate, typed: TypedReplies | None = None) -> None:
        self.gate = gate
        self.typed = typed

    def handle(self, turn: Turn) -> Response | None:
        still = turn.assessment is not None and turn.assessment.hit is not None
        if still and self._thanks(turn.text) and turn.said is None and self.gate.medical_flag(turn.state):
            # thanks for the advice just given, read with the message that raised it: a send-off
            return self.gate.take_care(turn.state) if self.gate.raised_lately(turn.state, turn.now) else None
        if (still and self.gate.unreminded(turn.state)) or self.gate.crisis_unchecked(turn.state, turn.now):
            return self.gate.remind(turn.state)
        return None

    def _thanks(self, text: str) -> bool:
        """Whether ``text`` thanks and asks nothing: thanks alone, or a clause of thanks beside
        what one will do ("ok, I'll get him seen this afternoon, thanks")."""
        if self.typed is None:
            return False
        if self.typed.thanks(text) or self.typed.read(text).polite:
            return True
        clauses = [clause for clause in re.split(r"[.!?;,\n]+", text) if normalise(clause)]
        return "?" not in text and len(clauses) > 1 and any(self.typed.thanks(clause) for clause in clauses)


# A crisis the net alone reads in a reply this short, at a screen, waits for the screen's reading.
SHORT_REPLY_WORDS = 4


def _unread(response: Response) -> bool:
    """Whether the message was not understood: nothing answered it, or the matcher could only
    offer "Did you mean..." (the choices for oneself after something for another are a reply)."""
    meta = response.meta
    return meta.kind == "fallback" or (meta.kind == "clarify" and meta.id != FOR_ONESELF)


def _a_reply(response: Response) -> bool:
    """Whether a response reads the message as a reply to what was on show: a button of the
    routine's screen pressed in words, or the choices for oneself after something for another."""
    return response.meta.kind == "flow" or response.meta.id == FOR_ONESELF


def _greets_a_longer_message(response: Response, text: str) -> bool:
    """A longer message answered by the greeting or thanks it opens or closes with ("Morning!
    ..."): the rest was not understood, so it may still describe trouble."""
    return response.meta.id in PLEASANTRIES and len(normalise(text).split()) > SMALLTALK_EDGE_WORDS
