"""The stages a typed message goes through, in the order :mod:`bot.engine.chats` lists them.

1. :class:`FactsTold`: what the person says about themselves ("I take warfarin") is noted, and
   leads the answer found later.
2. :class:`SafetyGate`: red-flag triage, once; a red flag is answered at once, in any state.
3. :class:`ScreenOnShow`: a typed reply to the screen on show ("nope", "about a 6", "next"), as
   its button would (private chat only); :class:`Suggestions`: "the second one" after "Did you
   mean...", "start" under a routine's introduction.
4. :class:`SafetyReminder`: a flag raised before and still described: the reminder.
5. :class:`PracticeInWords` (:class:`PracticeInGroup`): reminders, pain ratings and progress in
   plain words.
6. :class:`FollowUp`: a follow-up about the entry on the table ("how long?").
7. :class:`MatchStage`: anything else, as the matcher reads it, daily plans included ("what
   should I do every day for my stiff knees?"). It always answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Literal, get_args

from bot.engine import groups, render
from bot.engine.actions import (
    Action,
    AnswerCheck,
    AnswerScreening,
    Back,
    ChangeAnswer,
    ContinueSafely,
    Forget,
    KeepData,
    Leg,
    Next,
    OneLeg,
    OpenRoutine,
    PainAfter,
    PainBefore,
    PracticeView,
    Resume,
    RoutineAction,
    ShowMyData,
    ShowPractice,
    StartRoutine,
    StartTimer,
    Stop,
    Tick,
    Ticked,
    WhichLeg,
    new_run_id,
)
from bot.engine.answers import Answers, Request
from bot.engine.memory import personal, typed
from bot.engine.memory.carers import CarerRequests
from bot.engine.memory.context import CONTEXT_SECONDS, Conversation, asks_for_times
from bot.engine.memory.language import is_foreign
from bot.engine.memory.plan import Planner
from bot.engine.memory.profile import Profile
from bot.engine.memory.typed import TypedReplies
from bot.engine.messages import MESSAGES
from bot.engine.pipeline import Stage, Turn
from bot.engine.practice import phrases
from bot.engine.practice import screens as practice_screens
from bot.engine.practice.coach import Practice
from bot.engine.practice.whose import Whose
from bot.engine.replies import SCREEN_AGAIN, Button, Meta, Reply, Response, Suggestion, esc
from bot.engine.routines import RoutineFlow, screens
from bot.engine.routines.check_words import CheckReading, CheckWords
from bot.engine.routines.screens import active_steps
from bot.engine.safety_gate import ENGLISH_ONLY, SafetyGate, english_only, just_after_heat, with_heat
from bot.engine.state import Context, RoutineRun, UserState
from bot.knowledge import Entry, Knowledge, Section
from bot.knowledge.models import Contraindication, Faq, Point, ReplyWord, Routine, Smalltalk
from bot.matching.intent import wants_to_start
from bot.matching.matcher import SMALLTALK_EDGE_WORDS, Candidate, Match, Matcher, Outcome
from bot.matching.someone_else import SomeoneElse
from bot.matching.spelling import mostly_not_english
from bot.safety.triage import RedFlagHit
from bot.text.asking import is_question
from bot.text.normalise import normalise
from bot.text.tokens import content_tokens, content_words
from bot.text.when import ago

REPLY_WORDS: frozenset[ReplyWord] = frozenset(get_args(ReplyWord))
# A step with no timer of its own takes about this long; "carry on" on a step shown longer ago
# than its time and this pause comes back to it ("carry on" after ten minutes away).
STEP_SECONDS = 60.0
PAUSE_SECONDS = 180.0
# After something told about oneself that asks nothing ("I take warfarin").
WHAT_NEXT = Response((Reply(MESSAGES.what_next, render.main_menu()),), Meta(kind="smalltalk", id="noted"))


class FactsTold(Stage):
    def __init__(
        self,
        knowledge: Knowledge,
        profile: Profile,
        answers: Answers,
        routines: RoutineFlow | None = None,
        corrected: Callable[[str], str] | None = None,
        check_words: CheckWords | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.profile = profile
        self.answers = answers
        self.routines = routines
        self.corrected = corrected  # the message with its slips corrected, read when as typed tells nothing
        self.check_words = check_words
        self._someone_else = SomeoneElse(knowledge.safety.scope.other_person)

    def handle(self, turn: Turn) -> None:
        if self.routines is not None and self.routines.checking_someone_else(turn.state):
            return  # at the check about the person a carer massages: about them, not the carer
        turn.told = self.profile.take_note(turn.state, turn.text, turn.now)
        if (
            self.routines is not None
            and not self._under_their_introduction(turn)
            and (self.profile.said_of_someone_else(turn.text) or self._within_told_of_them(turn))
        ):
            # "my dad is on warfarin", "my wife had keyhole surgery three weeks ago": for their check later
            self.routines.remember_theirs(turn.state, turn.text)
            if self.check_words is not None:
                self.routines.remember_their_lines(turn.state, self.check_words.told_within(turn.text, turn.now))
        if not (turn.told.lines or turn.told.answers) and self.corrected is not None:
            spelled = self.corrected(turn.text)  # "varicose viens on my right leg"
            if spelled != turn.text:
                turn.told = self.profile.take_note(turn.state, spelled, turn.now)
        topic = turn.state.context
        if not (turn.told.lines or turn.told.answers) and topic is not None and topic.turns <= 1:
            turn.told = self.profile.take_note_of_topic(turn.state, turn.text, turn.now, topic.entry)

    def _within_told_of_them(self, turn: Turn) -> bool:
        """Whether a line asking about a span of time is told of somebody else with a time surely
        within it, though the scope reader sets it aside as their history ("my dad had keyhole
        surgery on his knee 3 weeks ago"): nothing said of the writer, somebody else named."""
        if self.check_words is None or turn.told.lines or self.profile.said_of_self(turn.text):
            return False
        return bool(self.check_words.told_within(turn.text, turn.now)) and self._someone_else.names(
            normalise(turn.text)
        )

    def _under_their_introduction(self, turn: Turn) -> bool:
        """Whether a partner routine's introduction, which lists its check, is right above: what
        is told there answers that check, and is said so there."""
        context = turn.state.context
        routine = self.knowledge.routine(context.entry) if context is not None else None
        return context is not None and routine is not None and routine.mode == "partner" and context.turns <= 1

    def finish(self, turn: Turn, response: Response) -> Response:
        """Lead with the note; instead of "I don't know that one" after "I take warfarin, how
        gentle should I be?", the safety answer for the condition named, or what next."""
        told = turn.told
        if turn.urgent:  # a red flag's advice goes out alone
            return response
        unplaced = response.meta.kind == "fallback" or (response.meta.kind == "clarify" and told.of_topic)
        if unplaced and (told.lines or told.answers):
            response = self._about_what_was_told(turn, told.answers, response)
        if told.lines:
            response = replace(response, replies=(turn.chat.noted(told.lines), *response.replies))
        return response

    def _about_what_was_told(self, turn: Turn, answers: list[str], fallback: Response) -> Response:
        if len(answers) != 1:
            return WHAT_NEXT
        entry = self.knowledge.get(answers[0])
        if entry is None:
            return fallback
        return self.answers.answer(turn, Request(entry, Section.CAUTIONS, why=("answer (condition)",)))


# Asking whether something told is kept: "does it remember that...", "do you know I...".
_REMEMBERS = re.compile(
    r"\b(?:remember|remembers|remembered|recall|know|knows|aware|have (?:that|it) (?:down|noted|saved|written down)|"
    r"got (?:that|it) (?:down|noted|saved)|kept|saved|stored|noted|think|reckon)\b"
)
_THAT = re.compile(r"^(?:that|about|of|how|the fact that)\b")
# Asking for something kept to be dropped: "forget the diabetes bit", "delete what I said about
# warfarin", "I'd rather you didn't store that".
_DROP = re.compile(
    r"\b(?:forget|delete|remove|erase|wipe|scrub|drop|unsave)\b|"
    r"\b(?:don ?t|do not|didn ?t|stop|rather you didn ?t|rather not|no need to)(?: (?:need|have) to)? "
    r"(?:keep|keeping|store|storing|save|saving|remember)"
)


class ForgetAFact(Stage):
    """ "Forget the diabetes bit": one fact told about oneself, dropped in words, and said so;
    the rest is kept (all of it goes with /forget, which asks first). A fact named that is kept
    as an answer about the person a carer helps is dropped there too."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def handle(self, turn: Turn) -> Response | None:
        if not _DROP.search(normalise(turn.text)):
            return None
        said = normalise(turn.text)
        told = {fact.id for fact, _ in self.profile.said_of_anyone(turn.text)}
        words = set(content_tokens(said))
        named = {
            fact.id
            for fact in self.profile.facts.values()
            if fact.id in told
            or any(re.search(rf"\b{re.escape(normalise(name))}\b", said) for name in (*fact.phrases, *fact.keywords))
            or words.intersection(
                content_tokens(normalise(" ".join((*fact.phrases, *fact.keywords))))
            )  # "the veins bit"
        }
        kept = [(fact, fact_kept) for fact, fact_kept in self.profile.known(turn.state) if fact.id in named]
        theirs = [
            question_id
            for question_id in turn.state.their_screening
            if any(question_id in self.profile.facts[fact_id].screening for fact_id in named)
        ]  # told of the person a carer helps ("my dad is on warfarin"), named to be dropped
        if not (kept or theirs):
            return None
        lines = []
        for fact, fact_kept in kept:
            del turn.state.profile[fact.id]
            lines.append(MESSAGES.fact_forgotten.format(fact=Profile.says(fact, fact_kept)))
        for question_id in theirs:
            del turn.state.their_screening[question_id]
            question = self.profile.knowledge.screening_question(question_id)
            asked = (question.for_partner or question.question) if question is not None else question_id
            lines.append(MESSAGES.their_answer_forgotten.format(question=asked))
        turn.told = replace(turn.told, lines=[], answers=[])
        reply = Reply("\n".join(f"📝 {esc(line)}" for line in lines) + "\n" + MESSAGES.what_next, render.main_menu())
        return Response((reply,), Meta(kind="data", id="fact-forgotten"))


class EraseInWords(Stage):
    """Asking in words to erase everything, with no question about it on show ("yes, wipe it
    all", "delete everything you have on me"): /forget's question, since nothing is erased
    without a yes to it. Soon after a crisis reply too, rather than its check-in again: erasing
    is always possible, and the question comes with a line of support. A fact named is
    ForgetAFact's ("forget the diabetes bit"); a message the safety gate raised a flag for never
    gets here, and one that tells a warning sign on its own is left to the check-in."""

    def __init__(
        self,
        knowledge: Knowledge,
        typed: TypedReplies,
        matcher: Matcher,
        gate: SafetyGate,
        command: Callable[[Turn, str], Response],
    ) -> None:
        self.knowledge = knowledge
        self.typed = typed
        self.matcher = matcher
        self.gate = gate
        self.command = command
        phrasings = [text for item in knowledge.smalltalk if item.command == "forget" for text in item.phrasings]
        self._words = sorted({word for text in phrasings for word in content_words(normalise(text))})

    def handle(self, turn: Turn) -> Response | None:
        state = turn.state
        if state.forget_token is not None or not _DROP.search(normalise(turn.text)):
            return None  # at the question, the screen reads the answer
        crisis = self.gate.crisis_lately(state, turn.now)
        # the request in other words is the matcher's to read, later, but for a crisis's check-in
        if not (self.typed.read(turn.text, self._words).yes or (crisis and self._asked_as_a_command(turn.text))):
            return None
        if self.gate.card(turn.text) is not None:
            return None  # a warning sign in the message itself ("I want to delete myself"): safety first
        asked = self.command(turn, "forget")
        if not crisis:
            return asked
        return replace(asked, replies=(Reply(esc(MESSAGES.erase_with_support)), *asked.replies))

    def _asked_as_a_command(self, text: str) -> bool:
        match = self.matcher.match(text)
        entry = self.knowledge.get(match.entry_id) if match.outcome is Outcome.ANSWER and match.entry_id else None
        return isinstance(entry, Smalltalk) and entry.command == "forget"


# A command typed among words: "/forget" as a word of its own, not inside a path ("knee/leg").
_SLASH_COMMAND = re.compile(r"(?<![\w/])/([A-Za-z]+)\b(?!/)")


class CommandInAMessage(Stage):
    """A command typed among words ("oh wait, /forget", "/mydata please"): run as if it had
    been typed alone, once the safety gate has read the message. A message with two different
    commands runs neither, and /start, which starts over, runs only when typed alone."""

    def __init__(self, knows: Callable[[str], bool], command: Callable[[Turn, str], Response]) -> None:
        self.knows = knows
        self.command = command

    def handle(self, turn: Turn) -> Response | None:
        names = {name.lower() for name in _SLASH_COMMAND.findall(turn.text)}
        if len(names) != 1:
            return None
        name = names.pop()
        if name == "start" or not self.knows(name):
            return None
        return self.command(turn, name)


# Answers about knee self-care, which a flag's signs told again must not get instead of the flag.
KNEE_CONTENT = frozenset({"point", "faq", "routine", "plan", "menu"})
# The general card on when knee pain needs a doctor, which a red flag's own advice supersedes.
WHEN_TO_SEE_A_DOCTOR = "when-to-see-doctor"


class RememberedFacts(Stage):
    """Asking whether something told is kept ("does it remember that I'm pregnant?", "do you
    know I take warfarin?"): yes, as it is kept, or noted now if it was not; said of the writer,
    it is never an answer to the check about the person a carer massages."""

    def __init__(self, profile: Profile, routines: RoutineFlow) -> None:
        self.profile = profile
        self.routines = routines

    def handle(self, turn: Turn) -> Response | None:
        text = normalise(turn.text)
        asked = _REMEMBERS.search(text)
        if asked is None or not is_question(turn.text):
            return None
        told = _THAT.sub("", text[asked.end() :]).strip()  # "... that I'm pregnant": what it asks about
        facts = self.profile.said_of_self(told) if told else []
        if not facts:
            return None
        kept = {fact.id: fact_kept for fact, fact_kept in self.profile.known(turn.state)}
        lines: list[str] = []
        theirs = {question_id for question_id, answer in turn.state.their_screening.items() if answer.yes}
        told_of_them = all(fact.id not in kept and set(fact.screening) & theirs for fact in facts)
        if told_of_them and not turn.told.lines:  # "do you know I take apixaban?" after "my gran takes apixaban"
            again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(turn.state))
            note = Reply(esc(MESSAGES.remembered_as_theirs), () if again else render.main_menu())
            return Response((note, *again), Meta(kind="data", id="remembered"))
        if not turn.told.lines and all(fact.id in kept for fact in facts):
            said = ", ".join(self.profile.says(fact, kept[fact.id]) for fact in facts)
            lines.append(MESSAGES.remembered.format(facts=said))
        else:  # noted now (or just now, by the facts told): the note leads the answer
            if not turn.told.lines:
                turn.told = self.profile.take_note(turn.state, told, turn.now)
            lines.append(MESSAGES.remembered_not_yet)
        if self.routines.for_someone_else(turn.state):
            lines.append(MESSAGES.remembered_not_theirs)
        again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(turn.state))
        return Response((Reply(esc(" ".join(lines))), *again), Meta(kind="data", id="remembered"))


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
            raised = self.gate.raise_flag(turn, hit)
            also = self.command.handle(turn) if self.command is not None and hit.rule.style == "crisis" else None
            if also is not None:  # "... /forget": erasing is always possible; the crisis reply comes first
                return replace(raised, replies=(*raised.replies, *also.replies))
            return raised
        if assessment is not None and assessment.hit is not None and assessment.someone_else:
            return self.gate.raise_flag(turn, assessment.hit, someone_else=True)
        return None  # a flag raised earlier is not raised again for the same words

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
        if assessment is None:
            return response
        still = assessment.hit is not None and self.gate.raised_lately(state, turn.now)
        if still and response.meta.kind in KNEE_CONTENT:
            return self.gate.remind(state)  # the flag's signs told again: no massage tips meanwhile
        lately = state.red_flag is not None and self.gate.raised_lately(state, turn.now)
        if lately and response.meta.id == WHEN_TO_SEE_A_DOCTOR:
            return self.gate.remind(state)  # the flag's own advice says when, for what was told
        unread = response.meta.kind in ("fallback", "clarify") and response.meta.id != ENGLISH_ONLY
        if unread and not self.gate.raised_lately(state, turn.now) and mostly_not_english(turn.text):
            return self.gate.english_only()  # not read at all: say so, with what to do if it is urgent
        if response.meta.kind not in ("fallback", "clarify") and not _greets_a_longer_message(response, turn.text):
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


class ScreenOnShow(Stage):
    """A typed answer to a question on screen in the private chat: a routine's (a fact just told
    may answer its safety question), the practice plan's (a reminder's time, a time zone), or
    /forget's."""

    def __init__(
        self,
        typed: TypedReplies,
        routines: RoutineFlow,
        practice: Practice,
        act: Callable[[Turn, Action], Response],
        check_words: CheckWords,
        answers: Answers,
        matcher: Matcher,
    ) -> None:
        self.matcher = matcher
        self.typed = typed
        self.routines = routines
        self.practice = practice
        self.act = act
        self.check_words = check_words
        self.answers = answers
        self.whose = Whose(routines.knowledge.safety.scope.other_person)

    def handle(self, turn: Turn) -> Response | None:
        state = turn.state
        reply = self.typed.read(turn.text, [*self.routines.words_on_screen(state), *self._erasing_words(state)])
        run = state.routine
        if (
            run is not None and not run.away and run.phase in _WITH_A_PURPOSE and self._asks_what_for(turn.text)
        ):  # "what's that for?" at the check, the rating, or where the check's answers are said
            purpose = (
                MESSAGES.rating_purpose
                if run.phase in ("pain_before", "pain_after")
                else MESSAGES.go_on_purpose
                if run.phase in ("one_leg", "caution")
                else MESSAGES.check_purpose
            )
            again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(state))
            # the screen is on show again, so its place is kept as after "say that again"
            return Response((Reply(esc(purpose)), *again), Meta(kind="routine", id=SCREEN_AGAIN))
        if run is not None and run.phase not in ("intro", "stopped") and _asks_why_left_out(turn.text):
            why_left_out = self._why_left_out(turn, run)  # "how come you're skipping the ankle bit?"
            if why_left_out is not None:
                return why_left_out
        recent = run is not None and (run.shown_at is None or turn.now - run.shown_at <= CONTEXT_SECONDS)
        if (
            run is not None
            and (not run.away or recent)  # also thanks for an answer given on the way
            and run.phase in _ASKED_FOR_ANSWERS
            and not reply.anything
            and (reply.polite or self.typed.thanks(turn.text))
        ):  # "nice one", "lovely thanks" where a rating or the check is asked: no answer, asked again
            return self._answer_still_wanted(turn, run)
        gone = run is not None and run.shown_at is not None and turn.now - run.shown_at > CONTEXT_SECONDS
        if run is not None and not gone and run.phase == "step" and not reply.anything and reply.polite:
            # "nice one" on a step: a word back, and the step with its buttons, the place kept
            again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(state))
            return Response((Reply(esc(MESSAGES.thanks_on_a_step)), *again), Meta(kind="routine", id=SCREEN_AGAIN))
        if run is not None and not gone and run.phase == "step" and not reply.anything:  # also after a question
            routine_on = self.routines.knowledge.routine(run.routine_id)
            if routine_on is not None and (self._asks_what_for(turn.text) or _asks_what_it_does(turn.text)):
                return self._step_purpose(turn, routine_on, run)  # "wait, what are these for?"
            if routine_on is not None and _asks_how_hard(turn.text):
                pressure = self._step_pressure(turn, routine_on, run)  # "how hard should I squeeze?"
                if pressure is not None:
                    return pressure
            heat = routine_on is not None and with_heat(routine_on, run.step)
            if routine_on is not None and heat and self.typed.says_too_hot(turn.text):  # "the towel's too hot"
                return Response((screens.step_too_hot(routine_on, run),), Meta(kind="routine", id="step-too-hot"))
            warmed = routine_on is not None and (heat or just_after_heat(routine_on, run.step))
            if routine_on is not None and warmed and self.typed.says_warm(turn.text):  # "it feels warm, normal?"
                return Response((screens.step_warm(routine_on, run),), Meta(kind="routine", id="step-warm"))
            if routine_on is not None and asks_for_times(turn.text) and self.typed.names_each_leg(turn.text):
                per_leg = screens.time_per_leg(routine_on, run)  # "how long on each of her legs?"
                if per_leg is not None:
                    return Response((per_leg,), Meta(kind="routine", id="time-per-leg"))
            if routine_on is not None and self.typed.says_it_hurts(turn.text):  # "ouch, too sore for that one"
                return Response((screens.step_hurts(routine_on, run),), Meta(kind="routine", id="step-hurts"))
        theirs = run is not None and self.routines.for_someone_else(turn.state)
        if theirs and run is not None and not gone and run.phase == "step" and not reply.anything:
            both = self._mine_on_their_step(turn)  # "he says 2 now, and mine's about a 3 today"
            if both is not None:
                return both
        if theirs and run is not None and not gone and run.phase == "step" and not reply.anything:
            passed_on = self.typed.read(turn.text, self.routines.knowledge.replies.their_rating)
            score = passed_on.rating if passed_on.rating is not None else (passed_on.numbers or (None,))[0]
            if score is None and not passed_on.anything and self.whose.someone_elses(turn.text):
                score = self.typed.rating_in_passing(turn.text)  # "she says it's about a 4 now, she's smiling"
            if score is not None and 0 <= score <= 10 and not passed_on.words:  # "he says 6" on a step
                again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(state))
                note = Reply(esc(MESSAGES.their_rating_at_the_end.format(score=score)))
                return Response((note, *again), Meta(kind="routine", id=SCREEN_AGAIN))
        mine = theirs and bool(phrases.MINE.search(normalise(turn.text)))  # "and mine's a 3": the carer's own
        if mine and run is not None and run.phase in ("pain_before", "pain_after"):
            said = self._mine_and_theirs(turn.text)
            if said is not None:
                own, their = said
                noted = self.practice.on_intent(turn.user_id, turn.state, phrases.CheckIn(own), turn.now)
                if their is not None:  # "she says 4, and for me 6": theirs at their rating
                    action = (PainBefore if run.phase == "pain_before" else PainAfter)(run.routine_id, run.run, their)
                    rated = self.routines.handle(turn.state, action)
                    replies = (*(replace(reply, buttons=()) for reply in noted.replies), *rated.replies)
                    return _as_new_messages(replace(rated, replies=replies))
                again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(turn.state))
                replies = (*(replace(reply, buttons=()) for reply in noted.replies), *again)  # theirs still asked
                return replace(noted, replies=replies, meta=replace(noted.meta, id=SCREEN_AGAIN))
        pain_phase = run is not None and not run.away and run.phase in ("pain_before", "pain_after")
        if pain_phase and len(reply.numbers) == 1 and not reply.words and reply.rating is None:
            reply = typed.Reply(rating=reply.numbers[0]) if 0 <= reply.numbers[0] <= 10 else reply  # "he says 6"
        if run is not None and not run.away and run.phase in ("pain_before", "pain_after") and not reply.anything:
            passing = self.typed.rating_in_passing(turn.text)  # "she pulled a face, then said 7"
            if passing is not None:
                reply = typed.Reply(rating=passing)
        if run is not None and not run.away and _go_ahead(run) is not None:
            rating = self._rating_said(turn.text, reply)  # where it asks to go on: yes, then the rating
            if rating is None and not reply.anything:
                # "to be fair it's sitting round a 4", "she says about a 5" (theirs, passed on)
                rating = self.typed.rating_in_passing(turn.text)
            if rating is not None:
                return self.act_on(turn, typed.Reply("next", words=("next",), then=typed.Reply(rating=rating)))
        if (
            run is not None
            and run.phase == "which_leg"
            and (reply.side not in ("left", "right", "both") or reply.says("no"))
        ):
            # "the right one, the other one is fine"; "my right leg is fine" (so the left); a leg
            # said as the one to do among words of one's own ("fine, I'll just do the right one then")
            to_do = self.typed.leg_to_do(turn.text)
            reply = self._leg_in_parts(turn.text) or (typed.Reply(side=to_do) if to_do else typed.Reply())
        if run is not None and run.phase == "which_leg" and reply.side in ("left", "right"):
            to_do = self.typed.leg_to_do(turn.text)  # "let's just do the left": the veins are on the right
            if to_do is not None:
                reply = replace(reply, side="left" if to_do == "right" else "right")
        if run is not None and run.phase == "one_leg" and run.offer and not run.stop_asked:
            routine = self.routines.knowledge.routine(run.routine_id)
            if routine is not None and self.check_words.read(turn.text, routine).rest_clear:
                self.routines.rest_clear(state)  # "the others are fine, do my left leg": the rest answered no
                parts = (reply, reply.then) if reply.then is not None else (reply,)
                if any(part.says("start", "next", "yes") for part in parts):  # "nothing else, go ahead"
                    return _as_new_messages(
                        self.routines.handle(state, OneLeg(run.routine_id, run.run, Leg(run.offer)))
                    )
        if run is not None and run.phase == "one_leg" and run.offer and not reply.anything:
            side = self.check_words.side_said(turn.text)  # "so can I do the right one now?"
            if side in (run.offer, "other"):
                return _as_new_messages(self.routines.handle(state, OneLeg(run.routine_id, run.run, Leg(run.offer))))
        if run is not None and not run.away and reply.rating is not None and not reply.words:
            held = self.routines.on_hold(state)  # "he's at a 5 now": their routine is on hold
            if held is not None:
                return _as_new_messages(held)
        away_for_now = run is not None and run.phase not in ("intro", "stopped") and not reply.anything
        if away_for_now and self.typed.later_with_a_reason(turn.text):  # "not now, the phone's ringing"
            reply = typed.Reply("later", words=("later",))  # the place kept
        response = self._check_in_words(turn, reply) or self._rating_before_the_check(turn, reply)
        response = response or self._leg_before_the_check(turn, reply)
        response = response or self.practice.answer(turn.user_id, state, turn.text, turn.now)
        if response is not None:
            return response
        if state.forget_token is not None and reply.word in ("yes", "no"):
            return self.act(turn, Forget(state.forget_token) if reply.word == "yes" else KeepData())
        if state.forget_token is not None and self.typed.first_says_no(turn.text):
            return self.act(turn, KeepData())  # "nope, leave it all": keeping is the safe side
        if state.forget_token is not None and is_question(turn.text):
            return self._what_is_kept(turn, state.forget_token)  # "what exactly is there?"
        if state.routine is None and reply.word == "stop" and reply.then is None:  # nothing under way
            return Response((Reply(MESSAGES.no_routine, render.main_menu()),), Meta(kind="flow", id="nothing-to-stop"))
        return self.act_on(turn, reply)

    def _asks_what_for(self, text: str) -> bool:
        return _asks_what_for(self.typed, text)

    def _what_is_kept(self, turn: Turn, token: str) -> Response:
        """A question at "Erase everything I keep about you?" ("what exactly is there?", "which
        bits go?"): it is about what would be erased, so what is kept, as /mydata lists it (at
        "clear my pain diary", the diary), and the question again; nothing is erased without a yes."""
        diary = turn.state.forget_diary_only  # "clear my pain diary": the diary is what would go
        kept = self.act(turn, ShowPractice(PracticeView.DIARY) if diary else ShowMyData())
        listed = tuple(replace(reply, buttons=(), edit=False) for reply in kept.replies)  # its own buttons: below
        again = (
            practice_screens.confirm_clear_diary(token, len(self.practice.store.ratings(turn.user_id)))
            if diary
            else personal.confirm_forget(token, edit=False)
        )
        question = (Reply(MESSAGES.diary_shows_kept if diary else MESSAGES.forget_shows_kept), again)
        return Response((*listed, *question), Meta(kind="data", id=SCREEN_AGAIN))

    def _why_left_out(self, turn: Turn, run: RoutineRun) -> Response | None:
        """Why steps of the routine under way are left out (what the answers that leave them
        out mean, said about whoever is massaged), with the screen on show again; None when
        nothing is left out."""
        routine = self.routines.knowledge.routine(run.routine_id)
        if routine is None:
            return None
        left_out = self.routines.check.left_out(turn.state, routine, run)
        if not left_out:
            return None
        lines = [
            MESSAGES.step_left_out_why.format(number=index + 1, title=routine.steps[index].title, why=why)
            for index, why in left_out
        ]
        again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(turn.state))
        return Response((Reply("\n".join(f"🛡 {esc(line)}" for line in lines)), *again), Meta("routine", SCREEN_AGAIN))

    def _step_purpose(self, turn: Turn, routine: Routine, run: RoutineRun) -> Response:
        """What the step on show is for: its one point's uses, the answer about it (the answer on
        kneading while kneading), or else what its routine is for, with the step."""
        knowledge = self.routines.knowledge
        points = [point for point_id in routine.steps[run.step].points if (point := knowledge.get(point_id))]
        if len(points) == 1:
            return self.answers.answer(turn, Request(points[0], Section.USES, follow_up=True))
        about = answer_about_the_step(knowledge, self.matcher, routine, run.step)
        if about is not None:
            return self.answers.answer(turn, Request(about, follow_up=True))
        step = _the_step(self.answers, turn, routine, run)
        purpose = MESSAGES.step_purpose.format(title=routine.title, summary=" ".join(routine.summary.split()))
        return replace(step, replies=(Reply(esc(purpose)), *step.replies))

    def _step_pressure(self, turn: Turn, routine: Routine, run: RoutineRun) -> Response | None:
        """How hard to press on the step on show: its one point's way of pressing, or the answer
        the question is read as among the answers alone (how hard to press), led by what applies
        to whoever is massaged; None when neither."""
        knowledge = self.routines.knowledge
        points = [point for point_id in routine.steps[run.step].points if (point := knowledge.get(point_id))]
        if len(points) == 1:
            response = self.answers.answer(turn, Request(points[0], Section.TECHNIQUE, follow_up=True))
        else:
            found = among_the_answers(knowledge, self.matcher, turn.text, how_hard=True)
            entry = knowledge.get(found.entry_id or "") if found is not None else None
            if entry is None:
                return None
            response = self.answers.answer(turn, Request(entry, follow_up=True))
        return with_what_applies(self.routines, turn.state, response)

    def _erasing_words(self, state: UserState) -> list[str]:
        """At /forget's question, the words of asking for it ("delete", "erase", "everything"),
        from its request in smalltalk.yaml: a yes may restate what it says yes to ("yes delete it
        all"), which is still a yes; a no, or a word of anything else, is not."""
        if state.forget_token is None:
            return []
        knowledge = self.routines.knowledge
        phrasings = [text for item in knowledge.smalltalk if item.command == "forget" for text in item.phrasings]
        return sorted({word for text in phrasings for word in content_words(normalise(text))})

    def _leg_in_parts(self, text: str) -> typed.Reply | None:
        """At "which leg?", the leg the veins are on, from the parts of a message that say which
        leg has them and which is fine ("just the right leg, the other one is fine": the right;
        "my right leg is fine": the left); None when the parts say nothing of a leg, or disagree."""
        parts = [self.typed.read(part) for part in re.split(r"[.!?;,\n]+", text) if normalise(part)]
        affected: set[str] = set()
        clear: set[str] = set()
        for part in parts:
            if part.side in ("left", "right"):
                (clear if part.says("no") else affected).add(part.side)
            elif not (part.side == "other" and part.says("no")) and not (part.polite and not part.anything):
                return None  # a part that is neither
        opposite = {"left": "right", "right": "left"}
        affected |= {opposite[side] for side in clear}
        return typed.Reply(side=affected.pop()) if len(affected) == 1 else None  # type: ignore[arg-type]

    def _mine_on_their_step(self, turn: Turn) -> Response | None:
        """On a step of a partner routine, the carer's own rating said beside the one passed on
        ("she reckons 4 now, and mine's a 2 today"): the carer's in their diary, theirs thanked
        for and asked again at the end, and the step again; None when no own rating is said."""
        if not phrases.MINE.search(normalise(turn.text)):
            return None
        said = self._mine_and_theirs(turn.text)
        if said is None:
            return None
        own, their = said
        noted = self.practice.on_intent(turn.user_id, turn.state, phrases.CheckIn(own), turn.now)
        notes = [replace(reply, buttons=()) for reply in noted.replies]
        if their is not None and 0 <= their <= 10:
            notes.append(Reply(esc(MESSAGES.their_rating_at_the_end.format(score=their))))
        again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(turn.state))
        return Response((*notes, *again), Meta(kind="routine", id=SCREEN_AGAIN))

    def _mine_and_theirs(self, text: str) -> tuple[int, int | None] | None:
        """At a partner routine's rating, the carer's own rating said beside theirs ("and mine's
        a 3", "she says 4, and for me 6"): the carer's, read from the parts of the message that
        say it is their own, and the rating passed on in the rest (or None); None when no own
        rating is read."""
        parts = [part for part in re.split(r"[.!?;,\n]+|\bbut\b", text) if normalise(part)]
        own_parts = [part for part in parts if phrases.MINE.search(normalise(part))]
        if not own_parts:
            return None
        own_said = " ".join(own_parts)
        intent = phrases.read(own_said)
        own = intent.score if isinstance(intent, phrases.CheckIn) else self.typed.rating_in_passing(own_said)
        if own is None:
            intent = phrases.read(text)  # "mine's about the same as hers, a 3"
            return (intent.score, None) if isinstance(intent, phrases.CheckIn) else None
        rest = " ".join(part for part in parts if part not in own_parts)
        return own, self.typed.rating_in_passing(rest) if normalise(rest) else None

    def _answer_still_wanted(self, turn: Turn, run: RoutineRun) -> Response:
        """The rating or the check on show again, saying an answer is still wanted: thanks or a
        polite word there is no answer, and the place is kept."""
        routine = self.routines.knowledge.routine(run.routine_id)
        kind: Literal["rating", "rating_them", "check"] = "check"
        if run.phase in ("pain_before", "pain_after"):
            kind = "rating_them" if routine is not None and routine.mode == "partner" else "rating"
        again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(turn.state))
        note = Reply(esc(MESSAGES.answer_still_wanted[kind]))
        return Response((note, *again), Meta(kind="routine", id=SCREEN_AGAIN))

    @staticmethod
    def _rating_said(text: str, reply: typed.Reply) -> int | None:
        """Today's pain said as a reply ("about a 5") or as the diary reads it ("my knee's at
        a 6 today"); None when the message says more than that."""
        if reply.rating is not None and not reply.words and not reply.side:
            return reply.rating
        if reply.anything:
            return None
        intent = phrases.read(text)
        return intent.score if isinstance(intent, phrases.CheckIn) and not intent.days_ago else None

    def _check_in_words(self, turn: Turn, reply: typed.Reply) -> Response | None:
        """The safety check on screen answered in a sentence ("just the pregnancy, nothing
        else", "veins on my left leg"), a pain rating said with it going to the rating next;
        None when it names no line of the check, for ``reply`` (the message read as a typed
        reply) to answer."""
        run = turn.state.routine
        routine = self.routines.knowledge.routine(run.routine_id) if run is not None else None
        if run is None or routine is None or run.phase not in ("checklist", "choosing", "screening"):
            return None
        shown = [routine.screening[index] for index in self.routines.check.open_lines(turn.state, routine, run)]
        reading = self.check_words.read(turn.text, routine, turn.now, shown)
        # "Nothing else applies, let's start" after a line was named: the rest said clear, with
        # a go-ahead that alone would only show the check again. A plain "no" stays a typed reply
        # (it may answer "Shall we stop here?").
        said_clear = (
            reading.rest_clear
            and not run.stop_asked
            and (self.routines.some_apply(turn.state) or reading.rating is not None)
        )  # "the others" after a line said to apply, or with a rating that goes on
        going_on = said_clear and reply.says("next", "start", "resume") and not reply.says("yes")  # a yes to what?
        # "none of the others" with lines ticked on the list: those, and no more (Done)
        going_on = going_on or (said_clear and run.phase == "choosing" and bool(run.ticked) and reply.words == ("no",))
        if not reading.anything and (reply.anything or not said_clear) and not going_on:
            return None
        response = self.routines.answered_in_words(turn.state, reading, told=bool(turn.told.lines))
        if response is None:
            return None
        return _as_new_messages(_rating_said_with_it(self.routines, turn, reading, response))

    def _leg_before_the_check(self, turn: Turn, reply: typed.Reply) -> Response | None:
        """A leg said at the safety check as the one to do ("fine, just her right one"): the check
        comes first, said so, with the check again (the place kept); None otherwise."""
        run = turn.state.routine
        if run is None or run.away or run.phase not in ("checklist", "choosing") or reply.words or reply.numbers:
            return None
        if reply.side not in ("left", "right") or reply.rating is not None:
            return None
        again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(turn.state))
        return Response((Reply(esc(MESSAGES.leg_after_the_check)), *again), Meta(kind="routine", id=SCREEN_AGAIN))

    def _rating_before_the_check(self, turn: Turn, reply: typed.Reply) -> Response | None:
        """A pain rating said at the safety check, before its answer ("she says about a 5", "pain's
        about a 4"; never a bare number, which ticks a line): kept for the rating after the check,
        said so, with the check again; None otherwise."""
        run = turn.state.routine
        if run is None or run.away or run.phase not in ("checklist", "choosing") or reply.words or reply.numbers:
            return None
        rating = reply.rating
        if rating is None and not reply.anything:
            rating = self.typed.rating_in_passing(turn.text)
        if rating is None or normalise(turn.text).isdigit():
            return None
        run.rating_waiting = rating
        again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(turn.state))
        note = Reply(esc(MESSAGES.rating_waiting.format(score=rating)))
        return Response((note, *again), Meta(kind="routine", id=SCREEN_AGAIN))

    def finish(self, turn: Turn, response: Response) -> Response:
        """A message nothing understood, typed at a routine's screen still on show: that
        screen again, with what it takes, rather than "I don't know that one" (a message that
        sounds like trouble is still read by the safety gate, which finishes after this)."""
        run = turn.state.routine
        token = turn.state.forget_token
        if response.meta.kind == "fallback" and token is not None:  # erase everything? asked again
            question = (
                practice_screens.confirm_clear_diary(token, len(self.practice.store.ratings(turn.user_id)))
                if turn.state.forget_diary_only
                else personal.confirm_forget(token, edit=False)
            )
            return Response((Reply(MESSAGES.not_caught["forget"]), question), replace(response.meta, id=SCREEN_AGAIN))
        if response.meta.kind != "fallback" or run is None or run.phase in ("intro", "stopped"):
            return response
        if run.shown_at is not None and turn.now - run.shown_at > CONTEXT_SECONDS:
            return response  # back after a while: a message of its own
        # also after a question answered on the way ("▶ Back to step 3" under it): the screen
        # is still where the person is
        screen = self.routines.current_screen(turn.state)
        if not screen:
            return response
        routine = self.routines.knowledge.routine(run.routine_id)
        rating: Literal["rating", "rating_them"] = (
            "rating_them" if routine is not None and routine.mode == "partner" else "rating"
        )  # how much *their* knee hurts, for a carer
        kind: Literal["step", "rating", "rating_them", "check"] = (
            "step" if run.phase == "step" else rating if run.phase in ("pain_before", "pain_after") else "check"
        )
        again = tuple(replace(reply, edit=False) for reply in screen)
        return Response((Reply(MESSAGES.not_caught[kind]), *again), replace(response.meta, id=SCREEN_AGAIN))

    def act_on(self, turn: Turn, reply: typed.Reply) -> Response | None:
        """The routine's buttons that ``reply`` stands for, pressed; None if it stands for none."""
        state = turn.state
        run = state.routine
        routine = self.routines.knowledge.routine(run.routine_id) if run is not None else None
        if run is not None and routine is not None:
            gone = run.shown_at is not None and turn.now - run.shown_at > CONTEXT_SECONDS
            away = run.away or gone
            if run.away and not gone and run.phase in ("step", "pain_before", "caution") and reply.says("next"):
                away = self.typed.says_resume(turn.text)  # "done" after a question moves on; "carry on" resumes
            elif not away and run.phase == "step" and reply.says("next") and self.typed.says_resume(turn.text):
                away = self._after_a_pause(turn, routine, run)  # "carry on": moving on, or back to the step
            lines = (
                self.routines.check.open_lines(state, routine, run) if run.phase in ("checklist", "choosing") else []
            )
            if run.phase == "step" and reply.says("no") and reply.then is not None and reply.then.says("skip"):
                reply = reply.then  # "nah, not this one" on a step: a step says no to nothing, so it is the skip
            if run.phase == "pain_before" and reply.says("timer"):  # the rating skipped, the step timed
                reply = typed.Reply("next", words=("next",), then=reply)
            if reply.says("later") and run.phase not in ("intro", "stopped") and reply.then is None:
                return self._later(routine, run)
            asked_to_stop, run.stop_asked = run.stop_asked, False
            if asked_to_stop and (reply.yes or reply.says("stop")):  # "Shall we stop here?" "yes"
                actions: list[RoutineAction] = [Stop(run.routine_id, run.run)]
            elif asked_to_stop and (reply.says("no") or self.typed.first_says_no(turn.text)):
                actions = [Resume(run.routine_id, run.run)]
            else:
                actions = _routine_reply(run, reply, away=away, lines=lines)
            response = None
            for action in actions:
                response = self.routines.handle(state, action)
            hint = run.phase in _AT_CHECK and reply.says("next", "start") and actions == [Resume(routine.id, run.run)]
            hint = hint and not (run.away and self.typed.says_resume(turn.text))  # "ok carry on" after "not now"
            if response is not None and hint:  # "next" at the check: the check comes first
                response = replace(response, replies=(Reply(MESSAGES.check_first), *response.replies))
            if response is not None:
                return _as_new_messages(_then(self.routines, turn, reply.then, response))
        return None

    def _after_a_pause(self, turn: Turn, routine: Routine, run: RoutineRun) -> bool:
        """Whether "carry on" on a step comes back to it after a pause, and so shows it again
        rather than the next one: the step was shown again after a message that was not a reply
        to it ("phone's ringing, 2 mins"), the message says something came between ("sorry
        about that, back now. carry on"), or the step has been on show well past its own time."""
        if run.interrupted or self.typed.says_returning(turn.text):
            return True
        seconds = routine.steps[run.step].timer_seconds or STEP_SECONDS
        return run.shown_at is not None and turn.now - run.shown_at > seconds + PAUSE_SECONDS

    def _later(self, routine: Routine, run: RoutineRun) -> Response:
        """ "Not now, maybe tonight" during a routine: its place is kept, with the way back."""
        number, total = screens.step_number(routine, run), len(active_steps(routine, run))
        title = routine.steps[run.step].title
        on_step = run.phase == "step"
        where = MESSAGES.step_of.format(number=number, total=total, title=title) if on_step else routine.title
        reply = Reply(MESSAGES.later_kept.format(where=esc(where)), screens.resume_row(routine, run))
        return Response((reply,), Meta(kind="smalltalk", id="later"))


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
        return held or _as_new_messages(self.routines.start(turn.state, routine))

    def _names_a_routine(self, text: str) -> bool:
        """Whether ``text`` has a word of a routine's names beyond those every routine shares."""
        names = {
            token
            for routine in self.knowledge.routines
            for name in (routine.title, routine.label, *routine.aliases)
            for token in content_tokens(normalise(name))
        }
        return bool((names - _ANY_ROUTINE).intersection(content_tokens(text)))

    def _asks_to_start(self, routine: Routine, text: str) -> bool:
        """Whether ``text`` asks to start (:func:`wants_to_start`) and names no routine but
        ``routine`` by the words of their names that not every routine shares ("start the lift
        one" under the lift technique; not "start the friction one")."""
        normalised = normalise(text)
        first = normalised.split()[:1]
        asks = "?" in text or bool(first and first[0] in _WH_WORDS)  # "how do I start it": a question
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
        return not ((named - own - _ANY_ROUTINE) & set(content_tokens(normalised)))

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
        return _as_new_messages(_rating_said_with_it(self.routines, turn, reading, response))

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
        if right_under and not reply.anything and _asks_what_for(self.typed, turn.text):
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
            for action in _routine_reply(new_run, reply, away=False, lines=lines):
                response = self.routines.handle(state, action)
            if reply.then is not None and reply.then.rating is not None:  # "none, pain's about a 4"
                response = _then(self.routines, turn, reply.then, response)
        return _as_new_messages(response)


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
                return _as_new_messages(self.screen.routines.handle(turn.state, Ticked(run.routine_id, run.run)))
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


class PracticeInWords(Stage):
    def __init__(
        self,
        practice: Practice,
        routines: RoutineFlow,
        typed: TypedReplies,
        corrected: Callable[[str], str] | None = None,
    ) -> None:
        self.practice = practice
        self.routines = routines
        self.typed = typed
        self.corrected = corrected  # the message with its slips corrected, read when as typed says nothing
        self.whose = Whose(routines.knowledge.safety.scope.other_person)

    def handle(self, turn: Turn) -> Response | None:
        intent = phrases.read(turn.text) or self._rating_after_a_step(turn) or self._with_slips_corrected(turn.text)
        if intent is None and turn.state.routine is None and self._rated_of_someone_else(turn.text):
            return self._their_rating()  # "she's at about a 4 today"
        if intent is None:
            return None
        run = turn.state.routine
        if isinstance(intent, phrases.CheckIn) and run is not None and run.phase in ("pain_before", "pain_after"):
            rate = PainBefore if run.phase == "pain_before" else PainAfter  # "I'm at a 5" at the rating
            return _as_new_messages(self.routines.handle(turn.state, rate(run.routine_id, run.run, intent.score)))
        if isinstance(intent, phrases.CheckIn) and self.whose.someone_elses(turn.text):
            return self._their_rating()  # "my wife's knee pain is 7/10 this morning": not the writer's diary
        return self.practice.on_intent(turn.user_id, turn.state, intent, turn.now)

    def _rated_of_someone_else(self, text: str) -> bool:
        """A short message with a rating in it, said of somebody else ("my mum's knee is at a 6
        today")."""
        return len(text.split()) <= MAX_THEIR_RATING_WORDS and (
            self.typed.rating_in_passing(text) is not None and self.whose.someone_elses(text)
        )

    @staticmethod
    def _their_rating() -> Response:
        """Somebody else's pain rating typed outside their routine: not kept as the writer's."""
        return Response(
            (Reply(esc(MESSAGES.their_rating_not_kept), render.main_menu()),), Meta("practice", id="their-rating")
        )

    def _with_slips_corrected(self, text: str) -> phrases.Intent | None:
        """The practice phrase a message says once its slips are corrected ("my remnders",
        "can it skip holidyas?"); a rating is only read as typed (a number is never a slip)."""
        spelled = self.corrected(text) if self.corrected is not None else text
        intent = phrases.read(spelled) if spelled != text else None
        return None if isinstance(intent, phrases.CheckIn | phrases.BadRating) else intent

    def _rating_after_a_step(self, turn: Turn) -> phrases.CheckIn | None:
        """A rating on its own ("3 now", "about a 2") right after a routine stopped on one of its
        steps: how the knee feels after it, kept as a check-in (and said so)."""
        context = turn.state.context
        if turn.state.routine is not None or context is None or context.step is None:
            return None
        if context.entry != context.routine or self.routines.knowledge.routine(context.entry) is None:
            return None
        rating = self.typed.read(turn.text).rating
        return phrases.CheckIn(rating) if rating is not None else None


class PracticeInGroup(Stage):
    """In a group a rating is kept, quietly; the rest continues in the private chat."""

    def __init__(self, practice: Practice) -> None:
        self.practice = practice

    def handle(self, turn: Turn) -> Response | None:
        intent = phrases.read(turn.text)
        if intent is None:
            return None
        if isinstance(intent, phrases.CheckIn):
            self.practice.on_intent(turn.user_id, turn.state, intent, turn.now)
            return groups.noted_in_diary()
        return turn.chat.elsewhere(_practice_view(intent))


class FollowUp(Stage):
    """A follow-up about the topic: the entry just shown, or the step of a routine under way
    ("what does this point do?", "what was the first step again?")."""

    def __init__(
        self,
        knowledge: Knowledge,
        conversation: Conversation,
        matcher: Matcher,
        answers: Answers,
        typed: TypedReplies,
        planner: Planner | None = None,
        routines: RoutineFlow | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.conversation = conversation
        self.matcher = matcher
        self.answers = answers
        self.typed = typed
        self.planner = planner
        self.routines = routines

    def handle(self, turn: Turn) -> Response | None:
        if self.typed.read(turn.text).polite or self.typed.thanks(turn.text):
            return None  # "ok thanks" asks nothing about the topic
        for_oneself = self._for_oneself(turn)
        if for_oneself is not None:  # "and for me?" after a partner routine
            return for_oneself
        coming = self.routines.on_the_way_in(turn.state) if self.routines is not None else None
        if coming is not None and self.conversation.asks_if_safe(turn.text):  # "is that ok for her?"
            return self._routine_safety(turn, coming)
        run = turn.state.routine
        routine = self.knowledge.routine(run.routine_id) if run is not None and run.phase == "step" else coming
        if run is not None and routine is not None:  # "what was the first step again?", on a step or before
            steps = active_steps(routine, run)
            asked = self.conversation.step_asked(
                turn.text, len(steps), steps.index(run.step) if run.step in steps else 0
            )
            if asked is not None:
                return self.answers.step(turn, routine, steps[asked], asked + 1, len(steps))
        context = self.conversation.current(turn.state, turn.now)
        if context is None:
            return None
        upcoming = self._step_coming(turn.state)
        if upcoming is not None and context.entry == upcoming[0].id and context.step is None:
            routine, context = upcoming[0], context.model_copy(update={"step": upcoming[1]})
        match = self.matcher.match(turn.text)
        plan = self.knowledge.plan(context.entry)
        if plan is not None and self.planner is not None:  # "how long does that take a day?"
            if self.conversation.asks_how_long(context, turn.text, match):
                return self.planner.how_long(turn.chat.plan_state(turn.state), plan)
            part = phrases.part_of_day(turn.text)  # "and in the evening?", not "I take it every morning"
            asks = _ASKS_OF_THE_TOPIC.search(normalise(turn.text)) or "?" in turn.text
            if (
                part is not None
                and asks
                and not turn.told.lines
                and self.conversation.leans_on(turn.text, _not_smalltalk(match), plan.id)
            ):
                return self.planner.at(turn.chat.plan_state(turn.state), plan, part)
            if asks and not turn.told.lines and self.conversation.only_leans_on(turn.text, match, MAX_ELLIPTICAL_WORDS):
                if self.conversation.names_the_other_side(turn.text):  # "and the other leg?"
                    return self.planner.noted(turn.chat.plan_state(turn.state), plan, MESSAGES.plan_both_legs, "legs")
                if self.conversation.names_days_off(turn.text):  # "and at weekends?"
                    return self.planner.noted(turn.chat.plan_state(turn.state), plan, MESSAGES.plan_every_day, "days")
            return None
        shown = self.knowledge.get(context.entry)
        referred = self.conversation.point_referred_to(context, turn.text, match) if run is None else None
        point = self.knowledge.get(referred or "")
        if point is not None:  # "what about that ankle point?" after an answer that named BL60
            return self.answers.answer(turn, Request(point))
        if (
            isinstance(shown, Faq)
            and run is None
            and _asks_how_hard(turn.text)
            and not _SAYS_HOW_HARD.search(shown.full_answer)
        ):  # "how hard should I squeeze them?" after an answer that says nothing of it: the answer on that
            found = among_the_answers(self.knowledge, self.matcher, turn.text, how_hard=True)
            entry = self.knowledge.get(found.entry_id or "") if found is not None else None
            return self.answers.answer(turn, Request(entry, follow_up=True)) if entry is not None else None
        if isinstance(shown, Faq | Point) and run is None:
            after_a_point = context.point not in (None, shown.id)
            about = self._about_the_answer(turn, turn.text, shown, match, after_a_point=after_a_point)
            clause = _the_clause_that_asks(turn.text)
            if about is None and clause is not None:  # "what about the other knee, it's a bit sore too"
                about = self._about_the_answer(
                    turn, clause, shown, self.matcher.match(clause), after_a_point=after_a_point
                )
            if about is not None:
                return about
        if (  # "so what can I do about it?"
            isinstance(shown, Faq)
            and shown.more
            and _WHAT_TO_DO.search(normalise(turn.text))
            and self.conversation.leans_on(turn.text, match, shown.id)
        ):
            return self.answers.answer(turn, Request(shown, full=True, follow_up=True))
        # On a step, a question about it is not small talk ("what does this step actually do?"
        # comes close in meaning to "what can you do?").
        if one_offered(self.conversation, turn, match) is not None:
            return None  # "ok the quad one" under an answer that offered it: that routine
        on_a_step = run is not None and run.phase == "step"
        if on_a_step and beyond_their_step(self.knowledge, self.matcher, turn, match) is not None:
            return None  # "how firm should my grip be on him?": read on its own, the step on show
        if on_a_step and named_on_the_way(self.knowledge, turn, match) is not None:
            return None  # "is a foam roller any good for my IT band?": that answer, with the way back
        follow_up = self.conversation.follow_up(context, turn.text, _not_smalltalk(match) if on_a_step else match)
        if follow_up is None and run is None:  # "and on the other leg?" after an answer about a point
            follow_up = self.conversation.about_the_point(context, turn.text, match)
        entry = self.knowledge.get(follow_up.entry_id) if follow_up else None
        if follow_up is None or entry is None:
            return None
        if upcoming is not None and follow_up.section not in (Section.USES, Section.LOCATION):
            return None  # on the way in, only "this point" is the first step's; "how firmly?" is read on its own
        if isinstance(entry, Routine) and follow_up.step is not None and run is not None and routine is entry:
            return self._about_the_step(turn, entry, run, follow_up.section, follow_up.step)
        if (
            isinstance(entry, Routine)
            and run is not None
            and run.routine_id == entry.id
            and not self.answers.has_part(entry, follow_up.section)
        ):
            return None  # not its introduction again: the question is read on its own, with the way back
        if isinstance(entry, Faq) and _asks_how_often(turn.text) and not render.says_how_often(entry):
            return None  # "how often?" after an answer that says nothing of it: read on its own
        if isinstance(entry, Routine) and _asks_how_often(turn.text):
            return None  # a routine's introduction says how long, not how often: read on its own
        step = self.matcher.follow_up(turn.text, entry.id).step
        request = Request(entry, follow_up.section, step=step, follow_up=True, other_side=follow_up.other_side)
        return self.answers.answer(turn, request)

    def _for_oneself(self, turn: Turn) -> Response | None:
        """ "And for me?" right after a partner routine was introduced, offered or ended: the
        routines done on one's own to choose from; None otherwise."""
        run = turn.state.routine
        if not _FOR_ONESELF.search(normalise(turn.text)) or (run is not None and run.phase != "stopped"):
            return None
        context = self.conversation.current(turn.state, turn.now)
        if context is None or context.turns > MAX_TURNS_FOR_ONESELF:  # also just after their routine ended
            return None
        shown = [self.knowledge.routine(entry_id) for entry_id in (context.entry, *context.buttons)]
        if not any(routine is not None and routine.mode == "partner" for routine in shown):
            return None
        own = tuple(
            Suggestion(routine.id, routine.title, 0.0) for routine in self.knowledge.routines if routine.mode == "self"
        )
        replies = render.clarify(self.knowledge, own)
        lines = "\n".join(f"• {esc(suggestion.title)}" for suggestion in own)
        first = replace(replies[0], html=f"{esc(MESSAGES.for_yourself)}\n{lines}")
        return Response((first, *replies[1:]), Meta("clarify", candidates=own, why=("for oneself",)))

    def _about_the_answer(
        self, turn: Turn, text: str, shown: Faq | Point, match: Match, *, after_a_point: bool
    ) -> Response | None:
        """A short follow-up ``text`` an answer or a point card says nothing special about: a part
        of the day ("and at night?"), or the other leg after an answer ("and for the other leg?", a
        point's other leg is its location, and so is that of a point shown before the answer):
        the answer again, saying it goes for that too."""
        words = normalise(text).split()
        asks = _ASKS_OF_THE_TOPIC.search(" ".join(words)) or "?" in text
        if not asks or len(words) > MAX_ELLIPTICAL_WORDS:
            return None
        if turn.told.lines and text == turn.text:
            return None
        if not self.conversation.only_leans_on(text, match, MAX_ELLIPTICAL_WORDS, shown):
            return None
        part = phrases.part_of_day(text)
        if part is not None:
            if any(phrases.part_of_day(text.text) == part for text in shown.index_texts()):
                note = ""  # an answer about that time of day ("knee pain at night"): the answer itself
            else:
                note = MESSAGES.answer_any_time.format(part=MESSAGES.plan_parts_of_day.get(part, part))
        elif isinstance(shown, Faq) and not after_a_point and self.conversation.names_the_other_side(text):
            note = MESSAGES.answer_other_leg
        else:
            return None
        response = self.answers.answer(turn, Request(shown, follow_up=True))
        return replace(response, replies=(Reply(esc(note)), *response.replies)) if note else response

    def _routine_safety(self, turn: Turn, routine: Routine) -> Response:
        """On the way into a routine, "is it safe?": what it checks and its cautions, led by what
        the answers at its check mean for whoever is massaged, with the way back."""
        response = self.answers.answer(turn, Request(routine, Section.CAUTIONS, follow_up=True))
        return with_what_applies(self.routines, turn.state, response)

    def _step_coming(self, state: UserState) -> tuple[Routine, int] | None:
        """On the way into a routine (the steps it leaves out, the rating before the first step):
        that routine and its first step, which "what does this point do?" asks about."""
        run = state.routine
        on_the_way = run is not None and run.phase in ("caution", "pain_before")
        routine = self.knowledge.routine(run.routine_id) if run is not None and on_the_way else None
        steps = active_steps(routine, run) if routine is not None and run is not None else []
        return (routine, steps[0]) if routine is not None and steps else None

    def _about_the_step(self, turn: Turn, routine: Routine, run: RoutineRun, section: Section, index: int) -> Response:
        """On a step: what its point does or where it is; how long, or anything else, the step."""
        points = [point for point_id in routine.steps[index].points if (point := self.knowledge.get(point_id))]
        if len(points) == 1 and section in (Section.USES, Section.LOCATION, Section.CAUTIONS):
            return self.answers.answer(turn, Request(points[0], section, follow_up=True))
        asks_what_it_does = section in _WHAT_IT_DOES
        about = answer_about_the_step(self.knowledge, self.matcher, routine, index) if asks_what_it_does else None
        if about is not None:  # "what does this do?" while patting: the answer on patting
            return self.answers.answer(turn, Request(about, follow_up=True))
        steps = active_steps(routine, run)
        number = steps.index(index) + 1 if index in steps else index + 1
        return self.answers.step(turn, routine, index, number, len(steps))


def answer_about_the_step(knowledge: Knowledge, matcher: Matcher, routine: Routine, index: int) -> Faq | None:
    """What a step with no point of its own is for: the one of its routine's related answers that
    the decision surely reads the step's title as ("Knead around the knee": the answer on kneading
    the knee, :data:`STEP_ANSWER_SURE`); None when no related answer is the step's."""
    step = routine.steps[index]
    if step.points:
        return None
    match = matcher.match(step.title)
    entry = knowledge.get(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
    if isinstance(entry, Faq) and entry.id in routine.related and match.score >= STEP_ANSWER_SURE:
        return entry
    return None


def names_only(knowledge: Knowledge, routine: Routine, text: str) -> bool:
    """Whether ``text`` has a word of ``routine``'s names that no other routine's names have
    ("the lift one": the partner lift)."""

    def words(of: Routine) -> set[str]:
        names = (of.title, of.label, *of.aliases)
        return {token for name in names for token in content_tokens(normalise(name))} - _ANY_ROUTINE

    others = {token for other in knowledge.routines if other.id != routine.id for token in words(other)}
    return bool((words(routine) - others) & set(content_tokens(normalise(text))))


def _titled(knowledge: Knowledge, routine: Routine, text: str) -> bool:
    """Whether ``text`` has a word of ``routine``'s title or label that no other routine's title
    or label has ("the calf massage": the calf routine)."""

    def words(of: Routine) -> set[str]:
        return {token for name in (of.title, of.label) for token in content_tokens(normalise(name))} - _ANY_ROUTINE

    others = {token for other in knowledge.routines if other.id != routine.id for token in words(other)}
    return bool((words(routine) - others) & set(content_tokens(normalise(text))))


def one_offered(conversation: Conversation | None, turn: Turn, match: Match) -> Match | None:
    """A short message the matcher does not answer whose likeliest reading is a routine the
    last answer offered with a button ("the quad one sounds good"): that routine."""
    context = conversation.current(turn.state, turn.now) if conversation is not None else None
    if match.outcome is Outcome.ANSWER or context is None or not context.buttons or context.turns > 1:
        return None
    if len(normalise(turn.text).split()) > MAX_ELLIPTICAL_WORDS + 2 or not match.evidence:
        return None
    best = max(match.evidence, key=lambda evidence: evidence.probability)
    others = [e.probability for e in match.evidence if e is not best]
    if best.entry_id not in context.buttons or best.probability < OFFERED_FLOOR:
        return None
    if others and max(others) * OFFERED_LEAD > best.probability:
        return None
    return replace(match, outcome=Outcome.ANSWER, entry_id=best.entry_id, reason="offered", also=())


def _their_time_on_the_step(routine: Routine, run: RoutineRun, text: str) -> bool:
    """On a timed step of a partner routine, how long to go on with the person massaged ("how
    long should I keep doing this on her?"): the step on show says its time, whatever else the
    decision reads ("how often can I do these massages?" is asked of no step)."""
    step = routine.steps[run.step]
    if routine.mode != "partner" or not (step.timer_seconds or step.repetitions):
        return False
    return asks_for_times(text) and not _asks_how_often(text) and bool(_THEM.search(normalise(text)))


def beyond_their_step(knowledge: Knowledge, matcher: Matcher, turn: Turn, match: Match) -> Match | None:
    """On a partner routine's step, a question naming the person massaged that the decision
    answers with the routine under way, or with nothing ("how firm should my grip be on him?",
    "how firm should my hands be on her?"): that step is on screen already, so the question is
    read among the answers alone (the FAQs and safety answers): the likeliest of them, when it
    holds most of their likelihood (:data:`BEYOND_SHARE`). None otherwise: the step is shown."""
    run = turn.state.routine
    routine = knowledge.routine(run.routine_id) if run is not None else None
    if run is None or routine is None or routine.mode != "partner" or run.phase != "step":
        return None
    if not is_question(turn.text) or not _THEM.search(normalise(turn.text)):
        return None
    step = routine.steps[run.step]
    if (step.timer_seconds or step.repetitions) and asks_for_times(turn.text):
        return None  # "how long do I keep going on her?": the step on show says its time
    if match.outcome is Outcome.ANSWER and match.entry_id != run.routine_id:
        return None  # answered as something else: as asked
    return among_the_answers(knowledge, matcher, turn.text)


def among_the_answers(knowledge: Knowledge, matcher: Matcher, text: str, *, how_hard: bool = False) -> Match | None:
    """``text`` read among the answers alone (the FAQs and safety answers; with ``how_hard``,
    those that say how hard to press): the likeliest of them, when it holds most of their
    likelihood (:data:`BEYOND_SHARE`); None otherwise."""
    answers = [
        (candidate, entry)
        for candidate in matcher.rank(text, limit=10, floor=0.0)
        if isinstance(entry := knowledge.get(candidate.entry_id), Faq | Contraindication)
        and (not how_hard or bool(_SAYS_HOW_HARD.search(entry.full_answer)))
    ]
    total = sum(candidate.score for candidate, _ in answers)
    if not answers or answers[0][0].score < BEYOND_SHARE * total:
        return None
    best, _ = answers[0]
    return Match(Outcome.ANSWER, best.entry_id, best.score, reason="beyond the step")


def named_on_the_way(knowledge: Knowledge, turn: Turn, match: Match) -> Match | None:
    """During a routine, a question the decision places nowhere though the answers' own words
    and meaning name one of them outright ("is a foam roller good for my IT band?" on a
    step): the person is at their knee care, so that answer, with the way back (several such
    answers: the choice of them); None otherwise. Messages about another body part or a pet
    stay declined."""
    run = turn.state.routine
    if run is None or run.phase in ("intro", "stopped") or not is_question(turn.text):
        return None
    if run.shown_at is not None and turn.now - run.shown_at > CONTEXT_SECONDS:
        return None  # back after a while: a question of its own
    if match.outcome is not Outcome.FALLBACK or match.reason in DECLINED:
        return None
    named = [
        evidence
        for evidence in match.evidence
        if isinstance(knowledge.get(evidence.entry_id), Faq | Contraindication)
        and evidence.words >= NAMED_ANSWER_WORDS
        and evidence.meaning >= NAMED_ANSWER_MEANING
    ]
    if not named:
        return None
    if len(named) == 1:
        return replace(match, outcome=Outcome.ANSWER, entry_id=named[0].entry_id, reason="named on the way")
    candidates = tuple(Candidate(evidence.entry_id, 100 * evidence.meaning) for evidence in named[:3])
    return replace(match, outcome=Outcome.CLARIFY, candidates=candidates, reason="named on the way")


def with_what_applies(routines: RoutineFlow | None, state: UserState, response: Response) -> Response:
    """``response`` led by what the answers at the check of the routine under way mean for
    whoever is massaged ("They may bruise easily..."), if anything."""
    applies = routines.what_applies(state) if routines is not None else []
    if not applies:
        return response
    lead = Reply("\n".join(f"🛡 {esc(line)}" for line in applies))
    return replace(response, replies=(lead, *response.replies))


class MatchStage(Stage):
    def __init__(
        self,
        knowledge: Knowledge,
        matcher: Matcher,
        answers: Answers,
        typed: TypedReplies,
        planner: Planner,
        command: Callable[[Turn, str], Response] | None = None,
        conversation: Conversation | None = None,
        routines: RoutineFlow | None = None,
        check_words: CheckWords | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.matcher = matcher
        self.answers = answers
        self.typed = typed
        self.planner = planner
        self.conversation = conversation
        self.routines = routines
        self.command = command  # runs a command asked for in words ("what do you know about me?")
        self.carers = CarerRequests(knowledge, matcher)
        self.check_words = check_words  # the check's lines named in a carer's request
        self._someone_else = SomeoneElse(knowledge.safety.scope.other_person)

    def handle(self, turn: Turn) -> Response:
        match = self.matcher.match(turn.text)
        beyond = self._beyond_their_step(turn, match)
        if beyond is not None:  # "how firm should my grip be on him?" on his step: how hard to press
            match = beyond
        match = named_on_the_way(self.knowledge, turn, match) or match
        on_the_step = self._asked_of_the_step(turn, match)
        if on_the_step is not None:
            return on_the_step
        offered = self._one_offered(turn, match) or self._in_the_choices_words(turn, match)
        if offered is not None:  # "the quad one sounds good" under an answer that offered it
            match = offered
        match = self._the_routine_named(match, turn.text)
        if match.outcome is not Outcome.ANSWER:
            theirs = self._their_condition(turn, match)
            if theirs is not None:
                return theirs
            # a carer's request whole; about something else, small talk in a part but no command
            commands = match.reason not in DECLINED
            in_a_part = self._said_in_a_part(turn.text, commands) if match.asks != "partner" else None
            match = self._about_the_person_massaged(turn) or in_a_part or match
        extra = turn.chat.resume_row(turn.state)
        if match.outcome is Outcome.FALLBACK and match.reason in ("no-match", "off-topic") and is_foreign(turn.text):
            return english_only(self.knowledge, extra)
        asked_on_their_routine = self._names_the_person_massaged(turn) and is_question(turn.text)
        carer = None if asked_on_their_routine else self.carers.routine_for(turn.text, match)
        if carer is not None:  # "is there a routine I can follow for my dad?"
            routine, beside = carer
            long_ago: list[str] = []
            if self.routines is not None:  # "... he's on warfarin": for his check
                self.routines.remember_theirs(turn.state, turn.text)
                long_ago = self._their_lines_named(turn, routine)  # "she has bad veins in her legs": that line
            beside = tuple(entry_id for entry_id in beside if entry_id != routine.id)
            request = Request(routine, score=match.score, why=(*why(match), "for someone else"), also=beside)
            response = self.answers.answer(turn, request)
            if long_ago:  # "a client who had a knee replaced 8 years ago": no reason on its own to avoid it
                response = replace(response, replies=(Reply(esc(" ".join(long_ago))), *response.replies))
            return response
        done = self._session_told(turn, match)
        if done is not None:  # "did the qigong one yesterday, felt great": a remark, not a request
            return done
        if self._a_plan_asked(turn, match):
            told_plan = self.planner.told(turn.chat.plan_state(turn.state))
            if told_plan is not None:  # "which plan suits me?" after telling of osteoarthritis: its plan
                plan_state = turn.chat.plan_state(turn.state)
                others = tuple(p for e in match.evidence if (p := self.knowledge.plan(e.entry_id)) and p != told_plan)
                return self.planner.respond(plan_state, told_plan, match.score, (*why(match), "told: its plan"), others)
            if match.outcome is Outcome.FALLBACK:  # nothing told: the plans to choose from, not "I don't know"
                plans = tuple(self._suggestion(plan.id, 0.0) for plan in self.knowledge.plans)
                meta = Meta("clarify", score=match.score, candidates=plans, why=(*why(match), "a plan asked"))
                return Response(tuple(render.clarify(self.knowledge, plans, extra)), meta)
        if match.outcome is Outcome.CLARIFY:
            suggestions = tuple(self._suggestion(c.entry_id, c.score) for c in match.candidates)
            meta = Meta(
                "clarify", score=match.score, candidates=suggestions, section=match.section.value, why=why(match)
            )
            return Response(tuple(render.clarify(self.knowledge, suggestions, extra)), meta)
        plan = self.knowledge.plan(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
        if plan is not None:
            others = tuple(p for entry_id in match.also if (p := self.knowledge.plan(entry_id)) is not None)
            state = turn.chat.plan_state(turn.state)
            plan, others = self.planner.suited(state, plan, turn.text, others)  # osteoarthritis told: its plan
            return self.planner.respond(state, plan, match.score, why(match), others)
        entry = self.knowledge.get(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
        if entry is None and (self.typed.read(turn.text).polite or self.typed.thanks(turn.text)):  # "cheers mate"
            entry = self.knowledge.get("acknowledge")
            match = replace(match, section=Section.OVERVIEW, step=None, also=())
        if entry is None:
            replies = render.fallback(self.knowledge, match.reason, match.unknown_codes, extra)
            declined = match.reason if match.reason in DECLINED else None
            return Response(tuple(replies), Meta("fallback", score=match.score, why=why(match), declined=declined))
        if isinstance(entry, Smalltalk) and entry.command is not None and self.command is not None:
            return self.command(turn, entry.command)
        gate = self.answers.gate
        grateful = entry.id in _GRATEFUL and turn.chat.reminds
        if grateful and gate.medical_flag(turn.state) and not gate.unreminded(turn.state):
            return gate.take_care(turn.state)  # after the advice and the wait's questions: no menu of massages
        if grateful and gate.medical_flag(turn.state) and gate.raised_lately(turn.state, turn.now):
            return gate.take_care(turn.state)  # thanks for the advice just given: no need to say it again
        if grateful and gate.unreminded(turn.state):
            return gate.remind(turn.state)  # "ok thanks" long after a red flag's advice
        coming = self.routines.on_the_way_in(turn.state) if self.routines is not None else None
        if isinstance(entry, Routine) and coming is not None and coming.id == entry.id:
            asked = self._step_of_the_routine_under_way(turn, entry, match)
            if asked is not None:  # "how hard should I squeeze?" before its first step: that step
                return asked
        about_a_step = not isinstance(entry, Routine) or _asks_about_its_step(entry, match.step, turn.text)
        step = match.step if about_a_step else None
        partners = self.carers.beside_advice(turn.text, match) or self._beside_their_condition(turn, entry)
        if partners and not isinstance(entry, Routine) and self.conversation is not None:
            # after safety advice, "let's try it" next starts the first partner routine
            self.conversation.offer_routine(turn.state, partners[0], turn.now)
        if partners and self.routines is not None:  # "my wife is pregnant": for her check
            self.routines.remember_theirs(turn.state, turn.text)
        if match.reason == "together":  # several points named, nothing telling them apart: all of them
            return self._together(turn, entry, match)
        if isinstance(entry, Contraindication):
            settled = self._settled_long_ago(turn, entry)
            if settled is not None:  # "broke it decades ago, long healed, is the calf massage ok?"
                return settled
        long_ago = []
        if isinstance(entry, Routine) and entry.mode == "partner" and self.routines is not None:
            self.routines.remember_theirs(turn.state, turn.text)  # "my wife has bad veins, can I...": for her check
            long_ago = self._their_lines_named(turn, entry)
        beside = tuple(dict.fromkeys(entry_id for entry_id in (*partners, *match.also) if entry_id != entry.id))
        request = Request(entry, match.section, match.score, why(match), beside, step)
        response = self.answers.answer(turn, request)
        if long_ago:  # "a client who had a knee replaced 8 years ago": no reason on its own to avoid it
            response = replace(response, replies=(Reply(esc(" ".join(long_ago))), *response.replies))
        if self._names_the_person_massaged(turn):  # "how hard should I press on him?": what applies to him first
            response = with_what_applies(self.routines, turn.state, response)
        if partners and isinstance(entry, Routine):  # a routine for oneself, asked for someone else
            note = Reply(esc(MESSAGES.self_routine_for_someone_else))
            response = replace(response, replies=(note, *response.replies))
        return response

    def _beside_their_condition(self, turn: Turn, entry: Entry) -> tuple[str, ...]:
        """The partner routines, when ``entry`` is the answer about a condition the message tells
        of somebody else ("my husband takes apixaban, his knees are stiff, any massage I could
        do?"): what there is to do is for them; () otherwise."""
        if self.routines is None or not isinstance(entry, Contraindication | Faq):
            return ()
        said = self.routines.profile.said_of_someone_else(turn.text)
        if not any(fact.answer == entry.id for fact, _ in said):
            return ()
        return self.carers.partners(turn.text)

    def _their_lines_named(self, turn: Turn, routine: Routine) -> list[str]:
        """The lines of ``routine``'s check that a carer's request names in the check's own words
        ("my wife has bad veins in her legs, what can I do for her knee?"), kept as their answers
        (a line named only as past, or with a time longer ago than it asks about, is left open);
        the ``long_ago`` notes of the lines told as surely longer ago than they ask about."""
        if self.check_words is None or self.routines is None or routine.mode != "partner":
            return []
        reading = self.check_words.read(turn.text, routine, turn.now)
        named = [question_id for question_id in reading.named if question_id not in reading.past | reading.outside]
        self.routines.remember_their_lines(turn.state, named)
        answers = [self.knowledge.get(question_id) for question_id in sorted(reading.outside)]  # the line's answer
        answers += [
            self.knowledge.get(f.answer or "") for f in self.knowledge.facts if set(f.screening) & reading.outside
        ]
        notes = [" ".join(a.long_ago.split()) for a in answers if isinstance(a, Contraindication) and a.long_ago]
        return list(dict.fromkeys(notes))

    def _one_offered(self, turn: Turn, match: Match) -> Match | None:
        return one_offered(self.conversation, turn, match)

    def _session_told(self, turn: Turn, match: Match) -> Response | None:
        """A session of a routine told in the past ("did the calf massage last night, my knee was
        easier"): thanks, with where the ratings are and the routine to do again; None when the
        message is no such remark, or names no one routine (the matcher's, or by its names)."""
        if not _tells_of_a_past_session(turn.text, turn.now):
            return None
        answered = self.knowledge.routine(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
        # else a routine named in a clause that says it was done, as a routine ("tried the calf
        # one this morning"; not "did heavy squats, quads sore too")
        clauses = [clause for clause in re.split(r"[,.;!\n]+", turn.text) if _says_a_routine_done(clause)]
        named = [r for r in self.knowledge.routines if any(self._names_only(r, clause) for clause in clauses)]
        routine = answered or (named[0] if len(named) == 1 else None)
        if routine is None:
            return None
        text = MESSAGES.session_told.format(title=routine.label)
        keyboard = (
            (Button(f"▶ {routine.label}", OpenRoutine(routine.id)),),
            (Button(MESSAGES.progress_button, ShowPractice(PracticeView.PROGRESS)),),
            render.menu_row(),
        )
        return Response((Reply(esc(text), keyboard),), Meta("smalltalk", "session-told", why=why(match)))

    def _names_only(self, routine: Routine, text: str) -> bool:
        return names_only(self.knowledge, routine, text)

    def _a_plan_asked(self, turn: Turn, match: Match) -> bool:
        """Whether a daily plan is asked for without saying which: the decision hesitates over
        it ("give me something to do every day for that": choices of plans) or reads nothing
        covered ("which plan suits me?", naming plans as a kind), its likeliest reading a plan."""
        if match.outcome not in (Outcome.CLARIFY, Outcome.FALLBACK) or not match.evidence:
            return False
        if match.reason in DECLINED or (match.reason == "off-topic" and not self.planner.names_the_kind(turn.text)):
            return False  # another body part, a pet; or nothing covered, unless plans are named
        best = max(match.evidence, key=lambda evidence: evidence.probability)
        if self.knowledge.plan(best.entry_id) is None:
            return False
        if match.outcome is Outcome.FALLBACK and best.probability < self.matcher.model.thresholds.clarify:
            return False  # a plan for something else ("a packing plan for my holiday"): declined
        return match.asks == "plan" or self.planner.names_the_kind(turn.text)

    def _in_the_choices_words(self, turn: Turn, match: Match) -> Match | None:
        """A reply to "Did you mean…" in one's own words that the matcher cannot place alone ("I
        only got them last month" under choices about high heels): the message read after the
        words the two likeliest choices share ("high heels"), taken when the decision then
        answers with one of the choices; None otherwise."""
        context = self.conversation.current(turn.state, turn.now) if self.conversation is not None else None
        if match.outcome is Outcome.ANSWER or context is None or len(context.offered) < 2 or context.turns > 1:
            return None
        if len(normalise(turn.text).split()) > MAX_WORDS_FOR_THE_CHOICES:
            return None
        labels = [render.label_of(entry) for entry_id in context.offered[:2] if (entry := self.knowledge.get(entry_id))]
        if len(labels) < 2:
            return None
        second = set(content_tokens(normalise(labels[1])))
        shared = [word for word in content_words(normalise(labels[0])) if set(content_tokens(word)) & second]
        if not shared:
            return None
        read = self.matcher.match(f"{' '.join(shared)}. {turn.text}")
        if read.outcome is not Outcome.ANSWER or read.entry_id not in context.offered:
            return None
        return replace(read, reason="in the choices' words", also=())

    def _asked_of_the_step(self, turn: Turn, match: Match) -> Response | None:
        """On a step, a question in that step's own words that the matcher places nowhere, or
        on another routine ("how hot should the towel be?" on the calf massage's warm-up, which
        the steam-towel routine is about too): that step, with the way back, rather than
        another routine's introduction or "I didn't catch that"."""
        run = turn.state.routine
        routine = self.knowledge.routine(run.routine_id) if run is not None else None
        if run is None or routine is None or run.phase != "step" or not is_question(turn.text):
            return None
        if run.shown_at is not None and turn.now - run.shown_at > CONTEXT_SECONDS:
            return None  # back after a while: a question of its own
        if _their_time_on_the_step(routine, run, turn.text):
            return _the_step(self.answers, turn, routine, run)
        entry = self.knowledge.get(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
        if entry is not None and not (isinstance(entry, Routine) and entry.id != routine.id):
            return None  # a point, an answer or this routine: answered as asked, with the way back
        if not _asks_about_its_step(routine, run.step, turn.text):
            return None
        return _the_step(self.answers, turn, routine, run)

    def _settled_long_ago(self, turn: Turn, entry: Contraindication) -> Response | None:
        """A condition that counts only for a while, told as surely longer ago: its ``long_ago``
        note, leading the routine a part of the message asks about, else the point or answer a
        part asks for (or the caution answer itself)."""
        when = ago(turn.text, turn.now)
        if entry.within_days is None or entry.long_ago is None or when is None or not when.beyond(entry.within_days):
            return None
        asked: Entry = entry
        other: Entry | None = None  # else the last point or answer a part asks for ("..., which points help?")
        for part in _PARTS.split(turn.text):
            match = self.matcher.match(part) if part.strip() else None
            found = self.knowledge.get(match.entry_id or "") if match and match.outcome is Outcome.ANSWER else None
            if isinstance(found, Routine):
                asked = found
                break
            if isinstance(found, Point | Faq) and found.id != entry.id:
                other = found
        else:
            asked = other if other is not None else entry
        response = self.answers.answer(turn, Request(asked, why=("a condition told as long ago",)))
        return replace(response, replies=(Reply(esc(entry.long_ago)), *response.replies))

    def _step_of_the_routine_under_way(self, turn: Turn, routine: Routine, match: Match) -> Response | None:
        """A question answered by the routine under way, on the way into it: the step its words
        are about, as the person will count it, with the way back (never its introduction with
        a second Start); None when it asks to start, or names no step."""
        run = turn.state.routine
        if run is None or wants_to_start(normalise(turn.text)):
            return None
        index = match.step if match.step is not None else self.matcher.follow_up(turn.text, routine.id).step
        steps = active_steps(routine, run)
        if index is None or index not in steps:
            return None
        response = self.answers.step(turn, routine, index, steps.index(index) + 1, len(steps))
        return with_what_applies(self.routines, turn.state, response)

    def _together(self, turn: Turn, first: Entry, match: Match) -> Response:
        """Each point a message names, one after the other ("ST36 or SP9, what's the
        difference?"): the answer is about the first; the rest follow it."""
        response = self.answers.answer(turn, Request(first, match.section, match.score, why(match)))
        replies = list(response.replies)
        for entry_id in match.also:
            other = self.knowledge.get(entry_id)
            if other is not None:
                replies += self.answers.answer(turn, Request(other, match.section, match.score)).replies
        return replace(response, replies=tuple(replies))

    def _their_condition(self, turn: Turn, match: Match) -> Response | None:
        """A message that tells a condition of somebody else ("... he takes rivaroxaban") and that
        the matcher could not place, or hesitated over with no other condition's answer among
        its choices: that condition's safety answer, with the partner routines under it (the
        first starts on "let's try it"), and the condition kept for their check, never as the
        writer's own. As for a condition told of oneself, advice comes before a massage."""
        if self.routines is None or self.conversation is None:
            return None
        if match.outcome is Outcome.FALLBACK and match.reason != "no-match":
            return None  # something off our topic ("my dog's knee")
        said = self.routines.profile.said_of_someone_else(turn.text)
        answers = {fact.answer for fact, _ in said if fact.answer}
        told_of_them = not turn.told.lines and self._someone_else.names(normalise(turn.text))
        if not answers and told_of_them and self.check_words and self.check_words.told_within(turn.text, turn.now):
            # "my dad had keyhole surgery 3 weeks ago" (kept for their check by the facts told,
            # though the scope reader sets it aside as their history): the answer of what it names
            answers = {fact.answer for fact in self.routines.profile.named(turn.text) if fact.answer}
        entry = self.knowledge.get(answers.pop()) if len(answers) == 1 else None
        if entry is None or (
            match.outcome is Outcome.CLARIFY
            and any(
                isinstance(self.knowledge.get(c.entry_id), Contraindication) and c.entry_id != entry.id
                for c in match.candidates
            )
        ):
            return None  # hesitating over another condition's answer: the choices stand
        partners = self.carers.partners(turn.text)
        self.routines.remember_theirs(turn.state, turn.text)
        if partners:
            self.conversation.offer_routine(turn.state, partners[0], turn.now)
        why_ = (*why(match), "a condition of someone else")
        return self.answers.answer(turn, Request(entry, Section.CAUTIONS, match.score, why_, partners))

    def _names_the_person_massaged(self, turn: Turn) -> bool:
        """Whether a partner routine is under way and the message names the person massaged."""
        run = turn.state.routine
        routine = self.knowledge.routine(run.routine_id) if run is not None else None
        if run is None or routine is None or routine.mode != "partner" or run.phase == "stopped":
            return False
        return bool(_THEM.search(normalise(turn.text)))

    def _the_routine_named(self, match: Match, text: str) -> Match:
        """A carer's request that names a routine for oneself ("can I do the calf massage on my
        son? he's 12": its name's words in the message, no partner routine's), which the decision
        answered with a partner routine or could not place: the routine named, which the partner
        routines then come beside, with the note that its check asks about whoever is massaged.
        ``match`` as it is otherwise (an answer that is not a partner routine stands)."""
        if not match.for_someone_else:
            return match
        chosen = self.knowledge.routine(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
        if match.outcome is Outcome.ANSWER and (chosen is None or chosen.mode != "partner"):
            return match
        named = [
            (evidence.words, routine)
            for evidence in match.evidence
            if evidence.words >= NAMED_WORDS and (routine := self.knowledge.routine(evidence.entry_id)) is not None
        ]
        if not named:  # its title's own word ("the calf massage"), however the decision ranks it
            named = [(0.0, routine) for routine in self.knowledge.routines if _titled(self.knowledge, routine, text)]
            named = named if len(named) == 1 else []
        if not named or any(routine.mode == "partner" for _, routine in named):
            return match
        _, routine = max(named, key=lambda pair: pair[0])
        return replace(match, outcome=Outcome.ANSWER, entry_id=routine.id, also=(), step=None, reason="named")

    def _beyond_their_step(self, turn: Turn, match: Match) -> Match | None:
        return beyond_their_step(self.knowledge, self.matcher, turn, match)

    def _about_the_person_massaged(self, turn: Turn) -> Match | None:
        """During a partner routine, a question that names the person massaged ("how hard should
        I press on her?") is the question itself: "her" is the one the routine is for."""
        run = turn.state.routine
        routine = self.knowledge.routine(run.routine_id) if run is not None else None
        if run is None or routine is None or routine.mode != "partner" or run.phase == "stopped":
            return None
        plain = " ".join(_THEM.sub(" ", normalise(turn.text)).split())
        if not plain or plain == normalise(turn.text):
            return None
        match = self.matcher.match(plain)
        return match if match.outcome is Outcome.ANSWER else None

    def _said_in_a_part(self, text: str, commands: bool = True) -> Match | None:
        """A message the matcher could not place as a whole, one part of which is a request to
        the bot itself ("do you keep my messages? bit paranoid, sorry", "actually just delete
        everything you have on me", "haha fair enough. cheers"): that part's answer. Requests
        (a command, privacy, who the bot is) come before thanks and greetings. ``commands``:
        whether a part may run a command."""
        if self.typed.read(text).polite or self.typed.thanks(text):
            return None  # thanks as a whole ("cheers, will do"): answered as thanks below
        parts = [self.typed.core(text), *(self.typed.core(part) for part in _PARTS.split(text))]
        # A part asked as a question is no thanks ("any acupressure that helps?").
        asked = {self.typed.core(question) for question in _QUESTIONS.findall(text)}
        found: list[Match] = []
        for part in dict.fromkeys(part for part in parts if part and part != normalise(text)):
            match = self.matcher.match(part)
            said = self.knowledge.get(match.entry_id or "") if match.outcome is Outcome.ANSWER else None
            if isinstance(said, Smalltalk) and (commands or said.command is None):
                found.append(match)
            elif part not in asked and self.typed.thanks(part):
                found.append(replace(match, outcome=Outcome.ANSWER, entry_id="acknowledge", reason="smalltalk"))
        found.sort(key=lambda match: match.entry_id in _PLEASANTRIES)
        return found[0] if found else None

    def _suggestion(self, entry_id: str, score: float) -> Suggestion:
        entry = self.knowledge.get(entry_id) or self.knowledge.plan(entry_id)
        return Suggestion(entry_id, entry.title if entry else entry_id, round(score, 1))


# Why the matcher declines a message as a whole: about another body part or complaint, or a
# pet ("elbow hurts from tennis, any massage for that?"). No part of it runs a command: a part
# ("any massage for that") would bring the list of routines to a message about something else;
# small talk in a part still counts ("the doorbell went, back in a bit").
DECLINED = frozenset({"other-body-part", "animal"})
MAX_THEIR_RATING_WORDS = 14  # "my mum's knee is at a 6 today": a rating of someone else, said on its own
# A routine offered with a button on the answer just above, named in a few words: read as meant
# when the decision's likeliest reading is that routine, this likely and this far ahead of the next.
# What a question about a step with no point asks when its answer (if any) says it: what it does.
_WHAT_IT_DOES = (Section.USES, Section.OVERVIEW)
# How surely (0-100) the decision must read a step's title as one of its routine's related answers
# for that answer to say what the step is for ("Knead around the knee": 99.6 for the kneading
# answer; "Warm up with oil" reads as the answer on oils at 67, which says which oil, not why).
STEP_ANSWER_SURE = 90.0
# A reply to "Did you mean…" of up to this many words may be read with what its choices share.
MAX_WORDS_FOR_THE_CHOICES = 20
OFFERED_FLOOR = 0.25
OFFERED_LEAD = 2.0
MAX_TURNS_FOR_ONESELF = 3  # "and for me?" a few messages after a partner routine, its end included
MAX_ELLIPTICAL_WORDS = 6  # "and at night?", "in the evening too?": a follow-up that leans on the topic whole
# The parts of a message (sentences and clauses), and the small talk that only passes the time.
_PARTS = re.compile(r"[.!?;,\n]+")
_QUESTIONS = re.compile(r"[^.!?;,\n]+(?=\?)")
# The person a carer massages, named in a question during a partner routine.
# On a step of their routine, the share of the likelihood left to other entries that the likeliest
# of them must hold to answer a question the step on show already shows.
BEYOND_SHARE = 0.6
# During a routine, a question the decision places nowhere names an answer outright when it comes
# this close to the answer's words (0-100) and meaning (a cosine): no labelled question the decision
# declines comes that close to any answer.
NAMED_ANSWER_WORDS = 85.0
NAMED_ANSWER_MEANING = 0.75
# Word overlap (0-100) with a routine's name and phrasings at which a message names it ("the calf
# massage" scores about 50; a routine only described, or only near in meaning, scores far less).
NAMED_WORDS = 40.0
_THEM = re.compile(r"\b(?:on|for|to|with|at) (?:her|him|them)\b|\b(?:her|his|their)\b")
# Small talk that thanks or acknowledges ("thank you so much", "ok"): after a red flag's advice, a
# kind send-off with the way back once a doctor has seen it, never a menu of massages.
_GRATEFUL = frozenset({"thanks", "acknowledge"})
_PLEASANTRIES = frozenset({"greeting", "thanks", "acknowledge", "goodbye", "how-are-you"})


def _the_step(answers: Answers, turn: Turn, routine: Routine, run: RoutineRun) -> Response:
    """The step on show explained again (its text, timer and cautions), with the way back."""
    steps = active_steps(routine, run)
    number = steps.index(run.step) + 1 if run.step in steps else run.step + 1
    return answers.step(turn, routine, run.step, number, len(steps))


def _asks_about_its_step(routine: Routine, step: int | None, text: str) -> bool:
    """Whether a message about a routine asks about the step the matcher found ("how long do I
    hold each twist in the calf routine", not "tell me about the calf massage routine" or "can I
    do the calf massage? my friend swears by it"): a word beyond the routine's names is one of
    that step's own words."""
    if step is None or not 0 <= step < len(routine.steps):
        return False
    names = {
        token for name in (routine.title, routine.label, *routine.aliases) for token in content_tokens(normalise(name))
    }
    shown = routine.steps[step]
    own = set(content_tokens(normalise(" ".join((shown.title, shown.text, shown.repetitions or "")))))
    return any(token not in names and token in own for token in content_tokens(normalise(text)) if token != "routin")


# Asking what the screen on show is for: "what's that for?", "why do you need to know?".
_ASKS_WHAT_FOR = re.compile(
    r"^(?:(?:and|so|but|ok|okay|sorry|um|hmm|wait) )*(?:"
    r"(?:what s|whats|what is|what are) (?:that|this|it|all this|all that|these|those)(?: questions?| one)? for|"
    r"what do you need (?:that|this|it|to know) for|"
    r"why (?:do|d) you (?:need|want|ask|care)\b.*|why (?:are|re) you asking\b.*|"
    r"why (?:does|do|would) (?:that|this|it) matter|"
    r"what s the (?:point|reason|purpose)(?: of (?:this|that|it|these questions|the questions|the rating))?"
    r")$"
)
# On a step, what it does or is for: "what does this even do?", "what's the point of this bit".
_DOES_OR_IS_FOR = re.compile(
    r"\bwhat (?:does|do|will|is|are|s) (?:this|that|it|these|those)(?: \w+){0,2} (?:do|doing|for)\b|"
    r"\b(?:what s|whats) the (?:point|purpose|idea) (?:of|behind) (?:this|that|these|it)\b|"
    r"\bwhy (?:am i|are we|do i|do we|should i) (?:doing|do) (?:this|that|it)\b"
)
# How hard to press: "how hard should I squeeze?", "how much pressure?", "how firm should my grip be".
_HOW_HARD = re.compile(
    r"\bhow (?:hard|firm|firmly|deep|deeply|strong|strongly|tight|tightly|gentle|gently|much pressure)\b|"
    r"\b(?:what|which|much|enough|more|less) pressure\b"
)


# An answer that says how hard to press ("gentle pressure", "press lightly"), which a question of
# how hard after it is about.
_SAYS_HOW_HARD = re.compile(
    r"\bpressure\b|\bpress(?:es|ing)? (?:\w+ )?(?:gently|firmly|lightly|hard|softly)\b|"
    r"\b(?:light|gentle|firm|deep) (?:touch|strokes?)\b",
    re.IGNORECASE,
)


# Doing said in the past ("did the calf one", "tried the qigong massage"), and what says a time
# to come ("I'll do it tomorrow"), which a remark on a past session has none of.
_DID = frozenset("did done tried finished completed".split())
_TO_COME = frozenset("will ll going gonna want wanna shall tomorrow tonight later".split())


def _says_a_routine_done(clause: str) -> bool:
    """Whether ``clause`` says a routine was done ("tried the calf one", "did the massage")."""
    words = set(normalise(clause).split())
    kind = "one" in words or not _ANY_ROUTINE.isdisjoint(content_tokens(normalise(clause)))
    return kind and not _DID.isdisjoint(words)


def _tells_of_a_past_session(text: str, now: float) -> bool:
    """Whether ``text`` tells of a session done ("did the qigong massage yesterday, felt great"):
    doing said in the past, or a time past, with nothing to come, no question and no wish to start."""
    said = normalise(text).split()
    words = set(said)
    asks = "?" in text or bool(said and said[0] in _WH_WORDS) or (len(said) > 1 and said[1] in ("i", "you", "we"))
    if asks or wants_to_start(normalise(text)) or not words.isdisjoint(_TO_COME):
        return False
    return not words.isdisjoint(_DID) or (ago(text, now) is not None and "today" not in words)


def _the_clause_that_asks(text: str) -> str | None:
    """Of a message of several clauses, the first when it alone asks and the rest only tell
    ("what about the other knee, it's a bit sore too"); None otherwise."""
    clauses = [clause.strip() for clause in re.split(r"[,.;!?\n]+|\s-\s", text) if normalise(clause)]
    if len(clauses) < 2 or any(is_question(clause) for clause in clauses[1:]):
        return None
    first = clauses[0]
    return first if _ASKS_OF_THE_TOPIC.search(normalise(first)) else None


# Why something is left out: "how come you're skipping the ankle bit?", "why no patting?".
_WHY_LEFT_OUT = re.compile(
    r"\b(?:why|how come|whys)\b.*\b(?:leav(?:e|es|ing)|left|skip(?:s|ped|ping)?|miss(?:es|ed|ing)?|"
    r"drop(?:s|ped|ping)?|cut(?:s|ting)?|without|no)\b"
)


def _asks_why_left_out(text: str) -> bool:
    return bool(_WHY_LEFT_OUT.search(normalise(text)))


def _asks_what_it_does(text: str) -> bool:
    return bool(_DOES_OR_IS_FOR.search(normalise(text)))


def _asks_how_hard(text: str) -> bool:
    return is_question(text) and bool(_HOW_HARD.search(normalise(text)))


_DO_IT = re.compile(r"\b(?:do|try|go through|run through) (?:it|that|this)\b")
# Words of routines' names that say nothing of which one ("the knee one", "that massage").
_WH_WORDS = frozenset("what whats how hows why when where which who is are does do should".split())
_ANY_ROUTINE = frozenset({"knee", "massag", "routin", "techniqu", "self", "partner", "one"})
AGAIN_WITHIN = 24 * 60 * 60  # "let's do that one again": a routine done within the past day
_ASKED_FOR_ANSWERS = ("checklist", "choosing", "screening", "pain_before", "pain_after")
# Screens "what's that for?" is answered at: those, the leg asked about and where the answers are said.
_WITH_A_PURPOSE = (*_ASKED_FOR_ANSWERS, "which_leg", "one_leg", "caution")

# "And for me?", "what about myself?", "anything for my own knees?": the writer, after something
# for the person they help.
_FOR_ONESELF = re.compile(
    r"^(?:(?:and|but|ok|okay|so|what about|how about|anything|something|one) )*(?:for )?"
    r"(?:me|myself|my own(?: knees?| knee pain)?|mine)(?: too| as well| then| now)?$"
)
# A message that asks, or points at part of what is on the table ("just the evening bit").
_ASKS_OF_THE_TOPIC = re.compile(
    r"^(?:(?:and|but|so|ok|okay|right|hmm) )*(?:what|how|when|which|is|are|do|does|can|should|any|just|only|"
    r"and|what about|how about)\b"
)
# Asking what to do about what an answer describes: its practical part (the answer's "More").
_WHAT_TO_DO = re.compile(
    r"\b(?:what (?:can|could|should|do) (?:i|we|you) do|what do i do|any (?:tips|advice|ideas)|tips\b|"
    r"what (?:would |will )?helps?|anything (?:i|we) (?:can|could|should) do|how (?:can|do|could) (?:i|we) "
    r"(?:help|ease|avoid|stop|prevent|manage|cope|make it better)|what else (?:can|could) (?:i|we) do)"
)


def _asks_what_for(typed_replies: TypedReplies, text: str) -> bool:
    """Whether ``text`` asks what the screen is for ("what's that for?"), also after polite
    words of replies.yaml ("hang on what's this for?") or as the last part of a short message
    ("right, sorry, what's this all for")."""
    clauses = [normalise(part) for part in re.split(r"[.!?;:,\n]+", text) if normalise(part)]
    last = clauses[-1] if clauses and len(normalise(text).split()) <= typed.MAX_WORDS_ACCOUNTED else ""
    said = (normalise(text), typed_replies.core(text), last, typed_replies.core(last))
    return any(_ASKS_WHAT_FOR.search(part) for part in said)


def _greets_a_longer_message(response: Response, text: str) -> bool:
    """A longer message answered by the greeting or thanks it opens or closes with ("Morning!
    ..."): the rest was not understood, so it may still describe trouble."""
    return response.meta.id in _PLEASANTRIES and len(normalise(text).split()) > SMALLTALK_EDGE_WORDS


def _not_smalltalk(match: Match) -> Match:
    """A reading as small talk set aside: "just the evening bit?" after a plan asks about its
    evening, whatever a greeting's words in it ("evening") suggest."""
    return Match(Outcome.FALLBACK) if match.reason == "smalltalk" else match


def _asks_how_often(text: str) -> bool:
    return "how often" in normalise(text)


def why(match: Match) -> tuple[str, ...]:
    """How the matcher decided, for `kneebot ask --json`."""
    scores = tuple(
        f"{e.entry_id}: p {e.probability:.2f} (words {e.words:.1f}, meaning {e.meaning:.2f})" for e in match.evidence
    )
    spelling = ", ".join(f"{typed} -> {read}" for typed, read in match.spelling)
    return (f"{match.outcome.value} ({match.reason})", *((f"read as: {spelling}",) if spelling else ()), *scores)


# The safety check's screens, where "next" or "start" shows the check again: it comes first.
_AT_CHECK = ("checklist", "screening", "which_leg")


def _routine_reply(run: RoutineRun, reply: typed.Reply, *, away: bool, lines: list[int]) -> list[RoutineAction]:
    """The buttons on the routine's current screen that a typed reply stands for, in order
    (usually one; "2 and 5" ticks two lines of the safety check). ``away``: something else was
    answered since the screen was shown, so "carry on" shows it again rather than moving on;
    ``lines`` are the safety check's open lines, as numbered on screen."""
    routine, run_id = run.routine_id, run.run
    going_on = reply.says("resume") and not reply.says("next")  # "back to the routine"
    if run.phase not in ("intro", "stopped") and (going_on or (away and reply.says("next", "start", "resume"))):
        return [Resume(routine, run_id)]
    ticks: list[RoutineAction] = [
        Tick(routine, run_id, lines[number - 1]) for number in reply.numbers if 1 <= number <= len(lines)
    ]
    if run.phase in _AT_CHECK and reply.says("next", "start", "resume") and not ticks:
        return [Resume(routine, run_id)]  # "start now" at the check: the check again, as it comes first
    match run.phase:
        case "checklist" if ticks:
            return [AnswerCheck(routine, run_id, True), *ticks]
        case "checklist" if reply.says("no"):
            return [AnswerCheck(routine, run_id, False)]
        case "checklist" if reply.yes:
            return [AnswerCheck(routine, run_id, True)]
        case "choosing" if ticks:
            return ticks
        case "choosing" if reply.says("next", "yes", "start") or (reply.says("no") and not run.ticked):
            return [Ticked(routine, run_id)]
        case "screening" if reply.yes or reply.says("no"):
            leg = Leg(reply.side) if reply.yes and reply.side in ("left", "right", "both") else None
            return [AnswerScreening(routine, run_id, run.question, reply.yes, leg)]
        case "which_leg" if reply.side in ("left", "right", "both"):
            return [WhichLeg(routine, run_id, run.question, Leg(reply.side))]
        case "one_leg" if reply.side in ("left", "right"):
            return [OneLeg(routine, run_id, Leg(reply.side))]
        case "one_leg" if run.offer and (reply.side == "other" or reply.says("yes", "start", "next")):
            return [OneLeg(routine, run_id, Leg(run.offer))]
        case "caution" if reply.says("yes", "next", "start"):
            return [ContinueSafely(routine, run_id)]
        case "caution" | "stopped" | "one_leg" if reply.says("change"):
            return [ChangeAnswer(routine, run_id)]
        case "pain_before" | "pain_after" if reply.rating is None and reply.says("start", "resume"):
            return [Resume(routine, run_id)]  # "start now" at the rating: it comes first
        case "pain_before" | "pain_after" if reply.rating is not None or reply.says("skip", "next"):
            score = reply.rating if reply.word is None else None
            return [(PainBefore if run.phase == "pain_before" else PainAfter)(routine, run_id, score)]
        case "step" if reply.says("start") and not reply.says("next", "skip"):
            return [Resume(routine, run_id)]  # "start now" on a step: the step again, to begin it
        case "step" if reply.says("back"):
            return [Back(routine, run_id, run.step)]
        case "step" if reply.says("timer"):
            return [StartTimer(routine, run_id, run.step)]
        case "step" if reply.says("next", "skip") or reply.side == "other":
            return [Next(routine, run_id, run.step)]
    if reply.says("stop") and run.phase not in ("intro", "stopped"):
        return [Stop(routine, run_id)]
    return []


def _then(routines: RoutineFlow, turn: Turn, rest: typed.Reply | None, response: Response) -> Response:
    """The rest of a message ("none of those, pain's about a 4") for the screens the reply led
    to, for as long as each part fits the screen it meets; the last screen reached."""
    while rest is not None:
        run = turn.state.routine
        if run is None or run.phase in ("intro", "stopped"):
            break
        routine = routines.knowledge.routine(run.routine_id)
        lines = (
            routines.check.open_lines(turn.state, routine, run)
            if routine is not None and run.phase in ("checklist", "choosing")
            else []
        )
        actions = _routine_reply(run, rest, away=False, lines=lines)
        if not actions and rest.rating is not None and not rest.words and run.phase in _AT_CHECK:
            run.rating_waiting = rest.rating  # a rating said before the check's other lines: kept for after it
            note = Reply(esc(MESSAGES.rating_waiting.format(score=rest.rating)))
            return replace(response, replies=(note, *response.replies))
        if not actions:
            break
        for action in actions:
            response = routines.handle(turn.state, action)
        rest = rest.then
    return response


def _rating_said_with_it(routines: RoutineFlow, turn: Turn, reading: CheckReading, response: Response) -> Response:
    """A pain rating said with the safety check's answer ("none of those, about a 4"): taken by
    the rating screen the answer led to, if it led there, or past a screen that only asks to go
    on (the safe part, the clear leg), whose words are kept above the step."""
    run = turn.state.routine
    if reading.rating is None or run is None:
        return response
    going_on = _go_ahead(run)
    if going_on is not None:
        said = tuple(replace(reply, buttons=()) for reply in response.replies)
        after = routines.handle(turn.state, going_on)
        if run.phase in _AT_CHECK:  # the check's other lines still to answer: the rating kept for after them
            run.rating_waiting = reading.rating
            note = Reply(esc(MESSAGES.rating_waiting.format(score=reading.rating)))
            return replace(after, replies=(*said, note, *after.replies))
        if run.phase != "pain_before":
            return replace(after, replies=(*said, *after.replies))
        rated = routines.handle(turn.state, PainBefore(run.routine_id, run.run, reading.rating))
        return replace(rated, replies=(*said, *rated.replies))
    if run.phase != "pain_before":
        return response
    return routines.handle(turn.state, PainBefore(run.routine_id, run.run, reading.rating))


def _go_ahead(run: RoutineRun) -> RoutineAction | None:
    """The button that goes on from a screen before the rating that only asks whether to go on
    (the steps left out, the clear leg), which a rating typed there presses; None elsewhere."""
    if run.phase == "caution":
        return ContinueSafely(run.routine_id, run.run)
    if run.phase == "one_leg" and run.offer in ("left", "right"):
        return OneLeg(run.routine_id, run.run, Leg(run.offer))
    return None


def _practice_view(intent: phrases.Intent) -> Action:
    """What the private chat shows for a practice intent said in a group."""
    match intent:
        case phrases.ShowProgress() | phrases.CheckIn() | phrases.BadRating():
            return ShowPractice(PracticeView.PROGRESS)
        case phrases.ExportDiary():
            return ShowPractice(PracticeView.EXPORT)
        case phrases.ShowDiary() | phrases.UndoRating() | phrases.ClearDiary():
            return ShowPractice(PracticeView.DIARY)
    return ShowPractice(PracticeView.REMINDERS)


def _as_new_messages(response: Response) -> Response:
    """A typed reply gets the next screen as a new message (there is no button to edit)."""
    return replace(response, replies=tuple(replace(reply, edit=False) for reply in response.replies))
