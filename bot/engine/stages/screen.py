"""A typed reply to the screen on show, read as its button would be."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Literal

from bot.engine import render
from bot.engine.actions import (
    Action,
    Forget,
    KeepData,
    Leg,
    OneLeg,
    PainAfter,
    PainBefore,
    PracticeView,
    Resume,
    RoutineAction,
    ShowMyData,
    ShowPractice,
    StartRoutine,
    Stop,
    WhichLeg,
    new_run_id,
)
from bot.engine.answers import Answers, Request
from bot.engine.memory import personal, typed
from bot.engine.memory.context import CONTEXT_SECONDS, asks_for_times
from bot.engine.memory.typed import TypedReplies
from bot.engine.messages import MESSAGES
from bot.engine.pipeline import Stage, Turn
from bot.engine.practice import phrases
from bot.engine.practice import screens as practice_screens
from bot.engine.practice.coach import Practice
from bot.engine.practice.whose import Whose
from bot.engine.replies import SCREEN_AGAIN, Button, Meta, Reply, Response, esc
from bot.engine.routines import RoutineFlow, screens
from bot.engine.routines.check_words import CheckWords
from bot.engine.routines.screens import active_steps
from bot.engine.safety_gate import just_after_heat, with_heat
from bot.engine.stages.follow_up import asks_for_oneself
from bot.engine.stages.shared import (
    AT_CHECK,
    among_the_answers,
    answer_about_the_step,
    as_new_messages,
    asks_how_hard,
    asks_what_for,
    go_ahead,
    rating_said_with_it,
    routine_reply,
    the_step,
    then,
    with_what_applies,
)
from bot.engine.state import RoutineRun, UserState
from bot.knowledge import Section
from bot.knowledge.models import Routine
from bot.matching.matcher import Matcher
from bot.text.asking import is_question
from bot.text.normalise import normalise
from bot.text.tokens import content_words

# A step with no timer of its own takes about this long; "carry on" on a step shown longer ago
# than its time and this pause comes back to it ("carry on" after ten minutes away).
STEP_SECONDS = 60.0


PAUSE_SECONDS = 180.0


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
            if routine_on is not None and asks_how_hard(turn.text):
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
            if (
                routine_on is not None
                and routine_on.mode == "partner"
                and (turn.told.lines or _OF_ONES_OWN_LEG.search(normalise(turn.text)))
                and not self.whose.someone_elses(turn.text)
                and not asks_for_oneself(turn.text)  # "and something for my own knees?": the follow-up's
            ):  # "my own right knee is the sore one" on their step: the carer's, noted, their routine goes on
                again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(state))
                note = Reply(esc(MESSAGES.own_leg_on_their_step))
                return Response((note, *again), Meta(kind="routine", id=SCREEN_AGAIN))
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
                    return as_new_messages(replace(rated, replies=replies))
                again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(turn.state))
                replies = (*(replace(reply, buttons=()) for reply in noted.replies), *again)  # theirs still asked
                return replace(noted, replies=replies, meta=replace(noted.meta, id=SCREEN_AGAIN))
        pain_phase = run is not None and not run.away and run.phase in ("pain_before", "pain_after")
        if pain_phase and run is not None and (not reply.anything or reply.words == ("no",)):
            rating = self._rating_beside_a_none(turn.text, run)  # "none of them, and she says 3"
            reply = typed.Reply(rating=rating) if rating is not None else reply
        if pain_phase and len(reply.numbers) == 1 and not reply.words and reply.rating is None:
            reply = typed.Reply(rating=reply.numbers[0]) if 0 <= reply.numbers[0] <= 10 else reply  # "he says 6"
        if run is not None and not run.away and run.phase in ("pain_before", "pain_after") and not reply.anything:
            passing = self.typed.rating_in_passing(turn.text)  # "she pulled a face, then said 7"
            if passing is not None:
                reply = typed.Reply(rating=passing)
        if run is not None and not run.away and not run.stop_asked and run.phase in ("which_leg", "one_leg"):
            with_the_rest = self._leg_with_the_rest(turn, run, reply)  # "only her right one, nothing else"
            if with_the_rest is not None:
                return with_the_rest
        if run is not None and not run.away and go_ahead(run) is not None:
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
            and not reply.says("later", "stop", "change")  # "not today" keeps the place; "stop" stops
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
                    return as_new_messages(self.routines.handle(state, OneLeg(run.routine_id, run.run, Leg(run.offer))))
        if run is not None and run.phase == "one_leg" and run.offer and not reply.anything:
            side = self.check_words.side_said(turn.text)  # "so can I do the right one now?"
            if side in (run.offer, "other"):
                return as_new_messages(self.routines.handle(state, OneLeg(run.routine_id, run.run, Leg(run.offer))))
        if run is not None and not run.away and reply.rating is not None and not reply.words:
            held = self.routines.on_hold(state)  # "he's at a 5 now": their routine is on hold
            if held is not None:
                return as_new_messages(held)
        away_for_now = run is not None and run.phase not in ("intro", "stopped") and not reply.anything
        if away_for_now and self.typed.later_with_a_reason(turn.text):  # "not now, the phone's ringing"
            reply = typed.Reply("later", words=("later",))  # the place kept
        response = self._check_in_words(turn, reply) or self._rating_before_the_check(turn, reply)
        response = response or self._leg_before_the_check(turn, reply)
        response = (
            response or self._rating_guess(turn) or self.practice.answer(turn.user_id, state, turn.text, turn.now)
        )
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
        return self.act_on(turn, reply) or self._unsure(turn, reply)

    def _asks_what_for(self, text: str) -> bool:
        return asks_what_for(self.typed, text)

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
        step = the_step(self.answers, turn, routine, run)
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

    def _leg_with_the_rest(self, turn: Turn, run: RoutineRun, reply: typed.Reply) -> Response | None:
        """At "which leg?" or where the clear leg is offered, a message with a part that says the
        check's other lines do not apply ("only her right one, nothing else", "none of them, and she
        says 3", "the rest are fine"): those lines answered no, the leg said taken (at "which leg?",
        where the veins are), a rating said with it kept for the rating, and the check's next
        screen (at "which leg?" with no leg said, the question again, saying the rest is noted).
        None when no part says the rest is clear, or the message says more than that."""
        routine = self.routines.knowledge.routine(run.routine_id)
        if routine is None or reply.says("later", "stop", "change", "back", "skip"):
            return None
        reading = self.check_words.read(turn.text, routine, turn.now)
        asked = routine.screening[run.question] if run.phase == "which_leg" else None
        if reading.asks or set(reading.named) - {asked} or reading.denied or reading.past:
            return None
        if not (reading.rest_clear or self._none_in_other_words(turn.text)):
            return None
        leg = self._leg_in_parts(turn.text)
        side = leg.side if leg is not None else reading.named.get(asked or "")
        if run.phase == "one_leg" and side not in (None, run.offer, "other"):
            return None  # another leg named where one is offered: for the screen's own reading
        self.routines.rest_clear(turn.state)
        if reading.rating is not None:
            run.rating_waiting = reading.rating  # taken by the rating once the leg is settled
        leg_said = side if run.phase == "which_leg" else run.offer
        if leg_said is None or leg_said == "other":  # at "which leg?", no leg said: asked again
            again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(turn.state))
            return Response((Reply(esc(MESSAGES.rest_clear_leg_asked)), *again), Meta(kind="routine", id=SCREEN_AGAIN))
        action: RoutineAction = (
            WhichLeg(run.routine_id, run.run, run.question, Leg(leg_said))
            if run.phase == "which_leg"
            else OneLeg(run.routine_id, run.run, Leg(leg_said))
        )
        return as_new_messages(self.routines.handle(turn.state, action))

    def _none_in_other_words(self, text: str) -> bool:
        """Whether a part of ``text`` that no typed reply reads says, by meaning, that none of
        the check applies ("everything else is fine", "he's got none of that"); never beside a
        leg to do ("fine, I'll just do the right one then")."""
        if self.typed.leg_to_do(text) is not None:
            return False
        for clause in re.split(r"[.!?;,\n]+", text):
            said = self.typed.read(clause)
            if not normalise(clause) or said.anything or said.polite:
                continue
            if not _THE_REST.search(normalise(clause)):
                continue  # the lines are not on show here: only "the rest" said clear counts
            if self.typed.rating_in_passing(clause) is None and self.matcher.says_none(clause):
                return True
        return False

    def _rating_beside_a_none(self, text: str, run: RoutineRun) -> int | None:
        """At a rating, the one rating of a message whose other parts only say none applies (the
        check's answer said again with it: "none of them, and she says 3", "no, about a 4"), or None."""
        routine = self.routines.knowledge.routine(run.routine_id)
        if routine is None:
            return None
        reading = self.check_words.read(text, routine)
        return reading.rating if reading.rest_clear and not reading.anything and not reading.asks else None

    def _leg_in_parts(self, text: str) -> typed.Reply | None:
        """At "which leg?", the leg the veins are on, from the parts of a message that say which
        leg has them and which is fine ("just the right leg, the other one is fine": the right;
        "my right leg is fine": the left); None when the parts say nothing of a leg, or disagree."""
        said = [part for part in re.split(r"[.!?;,\n]+", text) if normalise(part)]
        affected: set[str] = set()
        clear: set[str] = set()
        for words, part in zip(said, (self.typed.read(part) for part in said), strict=True):
            if not part.anything and self.typed.rating_in_passing(words) is not None:
                continue  # "she says 3": the rating, for after the check
            if part.side in ("left", "right"):
                (clear if part.says("no") else affected).add(part.side)
            elif part.words == ("no",) and part.side is None and not part.numbers:
                continue  # "nothing else": the check's other lines, not the leg
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
        parts = [part for part in re.split(r"[.!?;,\n]+|\b(?:but|and|while|whereas)\b", text) if normalise(part)]
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
        return as_new_messages(rating_said_with_it(self.routines, turn, reading, response))

    def _leg_before_the_check(self, turn: Turn, reply: typed.Reply) -> Response | None:
        """A leg said at the safety check as the one to do ("fine, just her right one"): the check
        comes first, said so, with the check again (the place kept); None otherwise."""
        run = turn.state.routine
        if run is None or run.away or run.phase not in ("checklist", "choosing") or reply.words or reply.numbers:
            return None
        if reply.side is None and not reply.anything:
            reply = typed.Reply(side=self.typed.leg_to_do(turn.text))  # "I'll just do the right one then"
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
        if response.meta.kind == "fallback" and run is not None and run.phase == "stopped":
            held = None if turn.urgent else self.routines.still_on_hold(turn.state)
            if held is not None and (run.shown_at is None or turn.now - run.shown_at <= CONTEXT_SECONDS):
                # "he's not limping, he walks fine" under the stop: it stands, with the way to change an answer
                return replace(
                    held, replies=(Reply(esc(MESSAGES.told_on_hold)), *held.replies), meta=Meta("routine", SCREEN_AGAIN)
                )
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

    def _unsure(self, turn: Turn, reply: typed.Reply) -> Response | None:
        """Not knowing the answer ("no idea", "I couldn't tell you"), read by meaning, at a
        routine's screen or right under its introduction (which asks whether any of its check
        applies): what to do when unsure, with the screen again (the place kept), rather than a
        guess at what else it means; None otherwise."""
        run = turn.state.routine
        if reply.anything:
            return None
        if run is None or run.phase in ("intro", "stopped"):
            return self._unsure_under_the_introduction(turn)
        if run.away or (run.shown_at is not None and turn.now - run.shown_at > CONTEXT_SECONDS):
            return None
        routine = self.routines.knowledge.routine(run.routine_id)
        screen = self.routines.current_screen(turn.state)
        if routine is None or not screen or not self.matcher.unsure(turn.text):
            return None
        partner = routine.mode == "partner"
        kind: Literal["step", "rating", "rating_them", "check", "check_them"] = (
            "step"
            if run.phase == "step"
            else ("rating_them" if partner else "rating")
            if run.phase in ("pain_before", "pain_after")
            else "check_them"
            if partner
            else "check"
        )
        again = tuple(replace(shown, edit=False) for shown in screen)
        note = Reply(esc(MESSAGES.unsure[kind]))
        return Response((note, *again), Meta(kind="routine", id=SCREEN_AGAIN, why=("not sure of the answer",)))

    def _rating_guess(self, turn: Turn) -> Response | None:
        """Not knowing the answer ("no idea really") right after "How much does your knee hurt?"
        was asked outside a routine, read by meaning: a rough guess will do, asked again."""
        asked, run = turn.state.asked, turn.state.routine
        if asked is None or asked.kind != "rating" or turn.now - asked.at > CONTEXT_SECONDS:
            return None
        if (run is not None and run.phase not in ("intro", "stopped")) or not self.matcher.unsure(turn.text):
            return None
        turn.state.ask("rating", turn.now)
        note = Reply(esc(MESSAGES.rating_guess))
        return Response((note,), Meta(kind="practice", id="rating-asked", why=("not sure of the answer",)))

    def _unsure_under_the_introduction(self, turn: Turn) -> Response | None:
        """Right under a routine's introduction: not knowing whether any of its check applies
        gets what to do when unsure, with the way to start; None otherwise."""
        context = turn.state.context
        routine = self.routines.knowledge.routine(context.routine or "") if context is not None else None
        if context is None or routine is None or context.entry != routine.id or context.opened:
            return None
        if context.turns > 1 or turn.now - context.at > CONTEXT_SECONDS or not self.matcher.unsure(turn.text):
            return None
        start = Button(MESSAGES.start_button, StartRoutine(routine.id, new_run_id()))
        note = Reply(esc(MESSAGES.unsure["intro"]), ((start,), render.menu_row()))
        return Response((note,), Meta(kind="routine", id=SCREEN_AGAIN, why=("not sure of the answer",)))

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
                actions = routine_reply(run, reply, away=away, lines=lines)
            response = None
            for action in actions:
                response = self.routines.handle(state, action)
            hint = run.phase in AT_CHECK and reply.says("next", "start") and actions == [Resume(routine.id, run.run)]
            hint = hint and not (run.away and self.typed.says_resume(turn.text))  # "ok carry on" after "not now"
            if response is not None and hint:  # "next" at the check: the check comes first
                response = replace(response, replies=(Reply(MESSAGES.check_first), *response.replies))
            if response is not None:
                return as_new_messages(then(self.routines, turn, reply.then, response))
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


# On a step, what it does or is for: "what does this even do?", "what's the point of this bit".
_DOES_OR_IS_FOR = re.compile(
    r"\bwhat (?:does|do|will|is|are|s) (?:this|that|it|these|those)(?: \w+){0,2} (?:do|doing|for)\b|"
    r"\b(?:what s|whats) the (?:point|purpose|idea) (?:of|behind) (?:this|that|these|it)\b|"
    r"\bwhy (?:am i|are we|do i|do we|should i) (?:doing|do) (?:this|that|it)\b"
)


# Why something is left out: "how come you're skipping the ankle bit?", "why no patting?".
_WHY_LEFT_OUT = re.compile(
    r"\b(?:why|how come|whys)\b.*\b(?:leav(?:e|es|ing)|left|skip(?:s|ped|ping)?|miss(?:es|ed|ing)?|"
    r"drop(?:s|ped|ping)?|cut(?:s|ting)?|without|no)\b"
)


def _asks_why_left_out(text: str) -> bool:
    return bool(_WHY_LEFT_OUT.search(normalise(text)))


def _asks_what_it_does(text: str) -> bool:
    return bool(_DOES_OR_IS_FOR.search(normalise(text)))


# The writer's own leg named ("my own right knee", "my knees", "mine"): on a partner routine's step,
# about the carer, not the person massaged.
_OF_ONES_OWN_LEG = re.compile(r"\bmy (?:own )?(?:\w+ )?(?:knee|knees|leg|legs|calf|calves|thigh|thighs|ankle)\b")


# The rest of the check pointed to ("everything else", "the others"), at a screen that does not list it.
_THE_REST = re.compile(r"\b(?:else|other|others|rest|everything)\b")


_ASKED_FOR_ANSWERS = ("checklist", "choosing", "screening", "pain_before", "pain_after")


# Screens "what's that for?" is answered at: those, the leg asked about and where the answers are said.
_WITH_A_PURPOSE = (*_ASKED_FOR_ANSWERS, "which_leg", "one_leg", "caution")
