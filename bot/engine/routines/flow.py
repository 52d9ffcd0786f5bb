"""A guided routine as a state machine: intro, safety questions, pain before, steps, pain after.

A button only acts when it matches the current state: a double tap, a button from an earlier
message or a finished run changes nothing and gets a short note instead. A press from an earlier
screen of the run under way also brings that message up to date with where the person is, so a
screen left behind (say its edit failed while Telegram was down) never keeps showing dead
buttons. What each screen looks like is :mod:`bot.engine.routines.screens`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypedDict, assert_never

from bot.engine.actions import (
    AnswerCheck,
    AnswerScreening,
    Back,
    ChangeAnswer,
    ContinueSafely,
    Finish,
    Leg,
    Next,
    OneLeg,
    PainAfter,
    PainBefore,
    Resume,
    RoutineAction,
    StartRoutine,
    StartTimer,
    Stop,
    Tick,
    Ticked,
    WhichLeg,
    new_run_id,
)
from bot.engine.memory.profile import Profile
from bot.engine.messages import MESSAGES
from bot.engine.practice.changes import AddRating
from bot.engine.replies import Keyboard, Meta, Reply, Response, TimerRequest, esc
from bot.engine.routines import screens
from bot.engine.routines.check import SESSION_SECONDS, SafetyCheck
from bot.engine.routines.check_words import CheckReading
from bot.engine.routines.screens import active_steps, step_number
from bot.engine.state import Fact, RoutineRun, ScreeningAnswer, UserState
from bot.knowledge import Knowledge
from bot.knowledge.models import Routine

FLOW = Meta(kind="flow")


class _StepNotes(TypedDict):
    notes: list[str]
    caution: str | None


CHECKING = ("checklist", "choosing", "screening", "which_leg", "one_leg")
__all__ = ["SESSION_SECONDS", "RoutineFlow"]


class RoutineFlow:
    def __init__(self, knowledge: Knowledge, clock: Callable[[], float], profile: Profile | None = None) -> None:
        self.knowledge = knowledge
        self.clock = clock
        self.profile = profile or Profile(knowledge)
        self.check = SafetyCheck(knowledge, clock, self.profile)

    # --- entry points -------------------------------------------------------------------------

    def start(self, state: UserState, routine: Routine) -> Response:
        """Start ``routine`` now (a typed "start" under its introduction)."""
        return self._go(state, routine, new_run_id())

    def for_someone_else(self, state: UserState) -> bool:
        """Whether a partner routine is under way, or introduced right above."""
        run = state.routine
        routine_id = run.routine_id if run is not None and run.phase != "stopped" else None
        context = state.context
        if routine_id is None and context is not None and context.turns <= 1:
            routine_id = context.routine
        routine = self.knowledge.routine(routine_id or "")
        return routine is not None and routine.mode == "partner"

    def remember_theirs(self, state: UserState, text: str) -> None:
        """A carer's request that tells of the person massaged ("my wife is 28 weeks pregnant,
        can I massage her knees?"): what it tells answers their check's lines "yes" for the day,
        kept with their answers, never as the carer's own facts."""
        for fact, side in self.profile.said_of_someone_else(text):
            leg = side if side in ("left", "right", "both") else None
            if not fact.screening:  # no line of a check asks it ("my gran has osteoporosis"): kept as theirs
                state.their_facts[fact.id] = Fact(at=self.clock(), side=leg)
            for question_id in fact.screening:
                state.their_screening[question_id] = ScreeningAnswer(yes=True, at=self.clock(), side=leg)  # type: ignore[arg-type]

    def remember_their_lines(self, state: UserState, question_ids: list[str]) -> None:
        """Lines of the check a carer's message answered "yes" about the person massaged in
        words of their own ("she had keyhole surgery three weeks ago"), kept with their answers."""
        for question_id in question_ids:
            state.their_screening[question_id] = ScreeningAnswer(yes=True, at=self.clock())

    def checking_someone_else(self, state: UserState) -> bool:
        """Whether the safety check of a partner routine is on screen: what is said now is
        about the person massaged."""
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run else None
        return run is not None and routine is not None and routine.mode == "partner" and run.phase in CHECKING

    def answered_in_words(self, state: UserState, reading: CheckReading, *, told: bool) -> Response | None:
        """The check answered in a sentence (see :meth:`_answered_in_words`), with a line told as
        longer ago than it asks about said to be left out, and why."""
        routine = self.knowledge.routine(state.routine.routine_id) if state.routine else None
        response = self._answered_in_words(state, reading, told=told)
        if response is None or routine is None or not reading.outside:
            return response
        questions = [
            q
            for q_id in routine.screening
            if q_id in reading.outside and (q := self.knowledge.screening_question(q_id))
        ]
        note = MESSAGES.check_outside.format(lines=esc(", ".join(q.short for q in questions)))
        return replace(response, replies=(Reply(note), *response.replies))

    def _answered_in_words(self, state: UserState, reading: CheckReading, *, told: bool) -> Response | None:
        """The check answered in a sentence ("just the pregnancy", "veins on my left leg", "he's
        on warfarin, nothing else"): the lines named are ticked (for a partner routine, about the
        person massaged, never the carer's own facts), the lines denied answered "no", and the
        rest answered "no" only when the person said so; then the check's next screen, with what
        is still open. ``told``: the person's own facts were just noted (they answer lines of
        their own routine). None when the message says nothing of the check on screen."""
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run else None
        if run is not None and run.phase in ("one_leg", "caution") and reading.rest_clear:
            self.rest_clear(state)  # a line told as a fact led past the check: the rest said clear still counts
            return None
        if run is None or routine is None or run.phase not in ("checklist", "choosing", "screening"):
            return None
        if not (reading.anything or reading.rest_clear or told):
            return None
        open_lines = self.check.open_lines(state, routine, run)
        answered: set[int] = set()
        ticked: list[str] = []
        for question_id, side in reading.named.items():
            index = routine.screening.index(question_id)
            if index in open_lines:
                self.check.record(state, routine, run, index, True, side if side != "other" else None)
                answered.add(index)
                ticked.append(question_id)
        for question_id in reading.denied:
            index = routine.screening.index(question_id)
            if index in open_lines:
                self.check.record(state, routine, run, index, False)
                answered.add(index)
        run.ticked = [index for index in run.ticked if index not in answered]
        if reading.rest_clear:
            kept_open = {routine.screening.index(question_id) for question_id in reading.past}
            for index in self.check.open_lines(state, routine, run):
                if index not in kept_open:  # told only as past: asked about now
                    self.check.record(state, routine, run, index, index in run.ticked)
            run.ticked = []
        elif run.phase == "choosing" and run.ticked and self.check.open_lines(state, routine, run):
            return Response((self._choosing(state, routine, run, edit=False),), FLOW)
        response = self.check.next_screen(state, routine, run, edit=False)
        if reading.asks and reading.named:  # "does that count?": yes, and which line it is
            labels = [q.short for q_id in reading.named if (q := self.knowledge.screening_question(q_id))]
            counts = MESSAGES.check_counts.format(lines=esc(", ".join(labels)))
            response = replace(response, replies=(Reply(counts), *response.replies))
        elif ticked and run.phase in ("checklist", "choosing", "screening"):  # the check goes on: say what was taken
            questions = [q for q_id in ticked if (q := self.knowledge.screening_question(q_id))]
            cautions = "".join(  # what a line that calls for care means, said when it is named
                f"\n🛡 {esc(screens.reason(routine, q))}" for q in questions if q.on_yes == "caution"
            )
            said = ", ".join(q.short for q in questions)
            taken = MESSAGES.check_taken.format(lines=esc(said), cautions=cautions)
            response = replace(response, replies=(Reply(taken), *response.replies))
        return response

    def handle(self, state: UserState, action: RoutineAction) -> Response:
        """A routine button: act on it if it matches the current run, else explain. A press from
        the run under way that changed nothing (only a note) shows its current screen."""
        if state.routine is not None:
            state.routine.stop_asked = False  # a button pressed: the question is answered or passed
        response = self._act(state, action)
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run else None
        waiting = run.rating_waiting if run is not None and run.phase == "pain_before" else None
        if run is not None and routine is not None and waiting is not None and not isinstance(action, PainBefore):
            # "she says about a 5" before the check was done: that is the rating it now asks for
            run.rating_waiting = None
            rated = self._pain_before(state, routine, run, waiting)
            return replace(rated, replies=(*response.replies[:-1], *rated.replies))
        if response.replies or run is None or routine is None or run.run != action.run:
            return response
        return replace(response, replies=(replace(self._current(state, routine, run), edit=True),))

    def _act(self, state: UserState, action: RoutineAction) -> Response:
        routine = self.knowledge.routine(action.routine)
        if routine is None:
            return Response(note=MESSAGES.button_invalid)
        if isinstance(action, StartRoutine):
            return self._go(state, routine, action.run)
        run = state.routine
        if run is None or run.run != action.run or run.routine_id != routine.id:
            return self._ended(routine)
        match action:
            case AnswerScreening(question=index, yes=yes, leg=leg):
                return self._screening_answer(state, routine, run, index, yes, leg)
            case AnswerCheck(some=some):
                return self._check_answered(state, routine, run, some=some)
            case Tick(question=index):
                return self._tick(state, routine, run, index)
            case Ticked():
                return self._ticked(state, routine, run)
            case WhichLeg(question=index, leg=leg):
                return self._which_leg(state, routine, run, index, leg)
            case OneLeg(leg=leg):
                return self._one_leg(state, routine, run, leg)
            case ChangeAnswer():
                return self._change_answer(state, routine, run)
            case ContinueSafely():
                return self._continue_safely(state, routine, run)
            case PainBefore(score=score):
                return self._pain_before(state, routine, run, score)
            case PainAfter(score=score):
                return self._pain_after(state, routine, run, score)
            case Next(step=step):
                return self._next(state, routine, run, step)
            case Back(step=step):
                return self._back(state, routine, run, step)
            case Finish(step=step):
                return self._finish(routine, run, step)
            case StartTimer(step=step):
                return self._timer(state, routine, run, step)
            case Stop():
                return self.stop(state, edit=True)
            case Resume():
                return Response((self._current(state, routine, run),), FLOW)
            case _:
                assert_never(action)

    def stop(self, state: UserState, *, edit: bool) -> Response:
        """Stop the routine under way: its Stop button (``edit``, in place), or /stop."""
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run else None
        if run is not None and routine is not None and routine.mode == "partner" and run.phase == "step":
            # their knee rated after it too, for their diary: the carer is asked before it ends
            run.phase, run.timer, run.stopped_early = "pain_after", None, True
            replies = (
                screens.stopped(routine, edit=edit, rating_next=True),
                screens.pain_scale(routine, run, edit=False),
            )
            return Response(replies, FLOW, cancel_timers=True)
        state.end_routine()
        return Response((screens.stopped(routine, edit=edit),), FLOW, cancel_timers=True)

    def timer_fired(self, state: UserState, token: str) -> Response:
        run = state.routine
        if run is None or run.timer != token or run.phase != "step":
            return Response()
        run.timer = None
        routine = self.knowledge.routine(run.routine_id)
        if routine is None:
            return Response()
        return Response((screens.time_is_up(routine, run),), FLOW)

    def words_on_screen(self, state: UserState) -> list[str]:
        """The names of the routine under way and the title of its step on show, which a typed
        reply may mention ("let's carry on with the massage", "skip the towel warm-up")."""
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run else None
        if run is None or routine is None:
            return []
        step = [routine.steps[run.step].title] if run.phase == "step" else []
        theirs = routine.mode == "partner" and run.phase in ("pain_before", "pain_after", "stopped")
        said_of_them = self.knowledge.replies.their_rating if theirs else []  # "she says about a 6"
        return [routine.title, routine.label, *routine.aliases, *step, *said_of_them]

    def resume_row(self, state: UserState) -> Keyboard:
        """A "Resume" button for answers given while a routine is under way."""
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run else None
        if run is None or routine is None or run.phase in ("intro", "stopped"):
            return ()
        return screens.resume_row(routine, run)

    def some_apply(self, state: UserState) -> bool:
        """Whether a line of the check on screen was said to apply in this run (so "nothing
        else" is about the rest)."""
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run else None
        if run is None or routine is None:
            return False
        answers = self.check.answers(state, routine)
        return bool(run.ticked) or any((a := answers.get(q)) is not None and a.yes for q in run.answered)

    def rest_clear(self, state: UserState) -> None:
        """The check's lines still open answered "no", as the person said ("the others are all
        fine"), while a leg is chosen."""
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run else None
        if run is None or routine is None:
            return
        for index in self.check.open_lines(state, routine, run):
            self.check.record(state, routine, run, index, False)

    def on_the_way_in(self, state: UserState) -> Routine | None:
        """The routine under way while its first step is still to come (the safety check, the
        steps left out, the rating before it), or None."""
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run else None
        return routine if run is not None and run.phase in (*CHECKING, "caution", "pain_before") else None

    def what_applies(self, state: UserState) -> list[str]:
        """What the answers of the routine under way mean for whoever is massaged ("They may
        bruise easily..."), for the lines answered yes at its check; what the person told about
        themselves is said with the answer itself ("For you")."""
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run else None
        if run is None or routine is None or run.phase == "stopped":
            return []
        return [
            screens.reason(routine, item.question)
            for item in self.check.known(state, routine, run)
            if item is not None and item.yes and item.how != "told" and item.question.on_yes == "caution"
        ]

    def on_hold(self, state: UserState) -> Response | None:
        """A rating passed on while the routine is stopped at its check for the person massaged
        ("he's at a 5 now"): not noted, and the reason it stopped said again; None otherwise."""
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run else None
        if run is None or routine is None or run.phase != "stopped" or routine.mode != "partner":
            return None
        held = self.check.next_screen(state, routine, run, edit=False)
        if run.phase != "stopped":
            return None
        return replace(held, replies=(Reply(MESSAGES.rating_on_hold), *held.replies))

    def still_on_hold(self, state: UserState) -> Response | None:
        """The routine stopped at its check, its reason and what to do instead again (a message
        about it nothing else read: "he's not limping, he walks fine"); None when none is stopped."""
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run else None
        if run is None or routine is None or run.phase != "stopped":
            return None
        held = self.check.next_screen(state, routine, run, edit=False)
        return held if run.phase == "stopped" else None

    def current_screen(self, state: UserState) -> list[Reply]:
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run else None
        if run is None or routine is None:
            return []
        return [self._current(state, routine, run)]

    # --- moves ------------------------------------------------------------------------------

    def _go(self, state: UserState, routine: Routine, run_id: str) -> Response:
        if state.routine is not None and state.routine.run == run_id:
            return Response(note=MESSAGES.already_started)
        if run_id in state.ended_runs:
            return self._ended(routine)
        state.end_routine()
        if state.context is not None and state.context.entry == routine.id:
            state.context.opened = True
        state.routine = RoutineRun(run=run_id, routine_id=routine.id, phase="checklist", opened_at=self.clock())
        return self.check.next_screen(state, routine, state.routine, edit=True)

    def _screening_answer(
        self, state: UserState, routine: Routine, run: RoutineRun, index: int, yes: bool, leg: Leg | None
    ) -> Response:
        if run.phase != "screening" or index != run.question:
            return Response(note=MESSAGES.question_answered)
        side = leg.value if yes and leg is not None else None
        self.check.record(state, routine, run, index, yes, side)  # type: ignore[arg-type]
        return self.check.next_screen(state, routine, run, edit=True)

    def _check_answered(self, state: UserState, routine: Routine, run: RoutineRun, *, some: bool) -> Response:
        """[None of these] or [One or more] on the one-screen check."""
        if run.phase != "checklist":
            return Response(note=MESSAGES.question_answered)
        if some:
            run.phase, run.ticked = "choosing", []
            return Response((self._choosing(state, routine, run, edit=True),), FLOW)
        for index in self.check.open_lines(state, routine, run):
            self.check.record(state, routine, run, index, False)
        return self.check.next_screen(state, routine, run, edit=True)

    def _tick(self, state: UserState, routine: Routine, run: RoutineRun, index: int) -> Response:
        if run.phase != "choosing" or index not in self.check.open_lines(state, routine, run):
            return Response(note=MESSAGES.question_answered)
        run.ticked = sorted(set(run.ticked) ^ {index})
        return Response((self._choosing(state, routine, run, edit=True),), FLOW)

    def _ticked(self, state: UserState, routine: Routine, run: RoutineRun) -> Response:
        """Done ticking: the lines ticked apply, the others listed do not."""
        if run.phase != "choosing":
            return Response(note=MESSAGES.question_answered)
        for index in self.check.open_lines(state, routine, run):
            self.check.record(state, routine, run, index, index in run.ticked)
        run.ticked = []
        return self.check.next_screen(state, routine, run, edit=True)

    def _which_leg(self, state: UserState, routine: Routine, run: RoutineRun, index: int, leg: Leg) -> Response:
        if run.phase != "which_leg" or index != run.question:
            return Response(note=MESSAGES.question_answered)
        self.check.record(state, routine, run, index, True, leg.value)
        return self.check.next_screen(state, routine, run, edit=True)

    def _one_leg(self, state: UserState, routine: Routine, run: RoutineRun, leg: Leg) -> Response:
        if run.phase != "one_leg" or leg.value != run.offer:
            return Response(note=MESSAGES.question_answered)
        run.leg = leg.value
        return self.check.next_screen(state, routine, run, edit=True)

    def _change_answer(self, state: UserState, routine: Routine, run: RoutineRun) -> Response:
        self.check.forget(state, routine, run)
        return self.check.next_screen(state, routine, run, edit=True)

    def _continue_safely(self, state: UserState, routine: Routine, run: RoutineRun) -> Response:
        if run.phase != "caution":
            return Response(note=MESSAGES.already_continued)
        for question_id in routine.screening:  # every caution said so far is taken as read
            if question_id not in run.noted:
                run.noted.append(question_id)
        return self.check.next_screen(state, routine, run, edit=True)

    def _choosing(self, state: UserState, routine: Routine, run: RoutineRun, *, edit: bool) -> Reply:
        lines = self.check.lines(routine, self.check.open_lines(state, routine, run))
        return screens.choosing(routine, run, lines, edit=edit)

    def _pain_before(self, state: UserState, routine: Routine, run: RoutineRun, score: int | None) -> Response:
        if run.phase != "pain_before":
            return Response(note=MESSAGES.already_answered)
        run.pain_before = score
        if score is not None:  # the pain diary keeps every rating given
            state.defer(AddRating(self.clock(), "before", score, routine.id, run.run))
        run.phase = "step"
        run.step = active_steps(routine, run)[0]
        run.started_at = self.clock()
        return self._show_step(state, routine, run)

    def _pain_after(self, state: UserState, routine: Routine, run: RoutineRun, score: int | None) -> Response:
        if run.phase != "pain_after":
            return Response(note=MESSAGES.already_answered)
        now = self.clock()
        spent = max(1, round((now - (run.started_at or now)) / 60))
        # The session goes in the pain diary, with its rating if one was given.
        state.defer(AddRating(now, "after", score, routine.id, run.run))
        reply = screens.finished(routine, run, score, spent, now)
        state.end_routine()
        return Response((reply,), FLOW, cancel_timers=True)

    def _next(self, state: UserState, routine: Routine, run: RoutineRun, step: int) -> Response:
        if not self._on_step(run, step):
            return Response(note=self._moved_on(routine, run))
        run.timer = None
        if routine.steps[run.step].switch and run.side == 1:  # the same steps on the other leg
            run.side = 2
            run.step = active_steps(routine, run)[0]
            return self._show_step(state, routine, run, cancel=True)
        active = active_steps(routine, run)
        position = active.index(run.step)
        if position + 1 < len(active):
            run.step = active[position + 1]
            return self._show_step(state, routine, run, cancel=True)
        run.phase = "pain_after"
        return Response((screens.pain_scale(routine, run, edit=True),), FLOW, cancel_timers=True)

    def _finish(self, routine: Routine, run: RoutineRun, step: int) -> Response:
        """Done after one side: straight to the pain rating."""
        if not self._on_step(run, step):
            return Response(note=self._moved_on(routine, run))
        run.timer = None
        run.phase = "pain_after"
        return Response((screens.pain_scale(routine, run, edit=True),), FLOW, cancel_timers=True)

    def _back(self, state: UserState, routine: Routine, run: RoutineRun, step: int) -> Response:
        if not self._on_step(run, step):
            return Response(note=self._moved_on(routine, run))
        active = active_steps(routine, run)
        position = active.index(run.step)
        if position == 0 and run.side == 2:  # back to the "switch legs" step of the first side
            run.side = 1
            run.step = max(i for i, shown in enumerate(routine.steps) if shown.switch and i not in run.skipped)
            return self._show_step(state, routine, run, cancel=True)
        if position == 0:
            return Response(note=MESSAGES.first_step)
        run.timer = None
        run.step = active[position - 1]
        return self._show_step(state, routine, run, cancel=True)

    def _timer(self, state: UserState, routine: Routine, run: RoutineRun, step: int) -> Response:
        if not self._on_step(run, step):
            return Response(note=self._moved_on(routine, run))
        seconds = routine.steps[run.step].timer_seconds
        if not seconds:
            return Response(note=MESSAGES.no_timer)
        if run.timer:
            return Response(note=MESSAGES.timer_running)
        run.timer = f"{run.run}-{run.step}-{int(self.clock() * 1000) % 1_000_000}"
        run.timer_due = self.clock() + seconds
        reply = screens.step(self.knowledge, routine, run, edit=True, **self._step_notes(state, routine, run))
        return Response((reply,), FLOW, timer=TimerRequest(run.timer, seconds))

    # --- helpers ------------------------------------------------------------------------------

    def _show_step(self, state: UserState, routine: Routine, run: RoutineRun, *, cancel: bool = False) -> Response:
        reply = screens.step(self.knowledge, routine, run, edit=True, **self._step_notes(state, routine, run))
        return Response((reply,), FLOW, cancel_timers=cancel)

    def _current(self, state: UserState, routine: Routine, run: RoutineRun) -> Reply:
        if run.phase == "choosing":
            return self._choosing(state, routine, run, edit=False)
        if run.phase in CHECKING:
            return self.check.next_screen(state, routine, run, edit=False).replies[0]
        return screens.current(self.knowledge, routine, run, **self._step_notes(state, routine, run))

    def _step_notes(self, state: UserState, routine: Routine, run: RoutineRun) -> _StepNotes:
        """The step's notes (:meth:`_notes`) and its caution without the parts about a condition
        the check was told does not apply ("In pregnancy..." after a "no" to pregnancy)."""
        ruled_out = [
            item.question.id for item in self.check.known(state, routine, run) if item is not None and not item.yes
        ]
        caution = routine.steps[run.step].caution
        facts = self.profile.facts_answering(ruled_out)
        return {"notes": self._notes(state, routine, run), "caution": self.profile.caution_without(facts, caution)}

    def _notes(self, state: UserState, routine: Routine, run: RoutineRun) -> list[str]:
        """The parts of the current step's caution that concern the person massaged: what they
        told us about themselves (their own routine), and the safety answers of this run."""
        said_yes = [question_id for question_id, answer in self.check.answers(state, routine).items() if answer.yes]
        facts = self.profile.facts_answering([q for q in said_yes if q in routine.screening])
        if routine.mode == "self":
            facts += [fact for fact, _ in self.profile.known(state) if fact not in facts]
        else:  # what was told of them that no line asks ("my gran has osteoporosis")
            facts += [fact for fact in self.check.their_facts(state, routine) if fact not in facts]
        return self.profile.step_notes(facts, routine.steps[run.step].caution)

    def _ended(self, routine: Routine) -> Response:
        return Response((screens.ended(routine),), FLOW, note=MESSAGES.routine_ended)

    @staticmethod
    def _on_step(run: RoutineRun, step: int) -> bool:
        return run.phase == "step" and step == run.step

    @staticmethod
    def _moved_on(routine: Routine, run: RoutineRun) -> str:
        if run.phase == "step":
            return MESSAGES.on_step.format(number=step_number(routine, run))
        return MESSAGES.step_gone
