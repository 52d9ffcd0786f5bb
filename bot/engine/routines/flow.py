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
from typing import assert_never

from bot.engine.actions import (
    AnswerScreening,
    Back,
    ChangeAnswer,
    ContinueSafely,
    Finish,
    Next,
    PainAfter,
    PainBefore,
    Resume,
    RoutineAction,
    StartRoutine,
    StartTimer,
    Stop,
    new_run_id,
)
from bot.engine.memory.profile import Profile
from bot.engine.messages import MESSAGES
from bot.engine.practice.changes import AddRating
from bot.engine.replies import Keyboard, Meta, Reply, Response, TimerRequest, esc
from bot.engine.routines import screens
from bot.engine.routines.screens import active_steps, step_number
from bot.engine.state import RoutineRun, ScreeningAnswer, UserState
from bot.knowledge import Knowledge
from bot.knowledge.models import Routine

SESSION_SECONDS = 12 * 3600  # how long a screening answer is remembered
FLOW = Meta(kind="flow")


class RoutineFlow:
    def __init__(self, knowledge: Knowledge, clock: Callable[[], float], profile: Profile | None = None) -> None:
        self.knowledge = knowledge
        self.clock = clock
        self.profile = profile or Profile(knowledge)

    # --- entry points -------------------------------------------------------------------------

    def start(self, state: UserState, routine: Routine) -> Response:
        """Start ``routine`` now (a typed "start" under its introduction)."""
        return self._go(state, routine, new_run_id())

    def recheck(self, state: UserState) -> Response | None:
        """After the person told us something about themselves mid-screening: move on if it
        answers the question on screen; None if it does not."""
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run else None
        if run is None or routine is None or run.phase != "screening" or run.question >= len(routine.screening):
            return None
        if self.profile.answering(state, routine.screening[run.question]) is None:
            return None
        return self._advance_screening(state, routine, run, edit=False)

    def handle(self, state: UserState, action: RoutineAction) -> Response:
        """A routine button: act on it if it matches the current run, else explain. A press from
        the run under way that changed nothing (only a note) shows its current screen."""
        response = self._act(state, action)
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run else None
        if response.replies or run is None or routine is None or run.run != action.run:
            return response
        notes = self._notes(state, routine, run)
        return replace(response, replies=(screens.current(self.knowledge, routine, run, edit=True, notes=notes),))

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
            case AnswerScreening(question=index, yes=yes):
                return self._screening_answer(state, routine, run, index, yes)
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

    def resume_row(self, state: UserState) -> Keyboard:
        """A "Resume" button for answers given while a routine is under way."""
        run = state.routine
        routine = self.knowledge.routine(run.routine_id) if run else None
        if run is None or routine is None or run.phase in ("intro", "stopped"):
            return ()
        return screens.resume_row(routine, run)

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
        state.routine = RoutineRun(run=run_id, routine_id=routine.id, phase="screening", opened_at=self.clock())
        return self._advance_screening(state, routine, state.routine, edit=True)

    def _screening_answer(self, state: UserState, routine: Routine, run: RoutineRun, index: int, yes: bool) -> Response:
        if run.phase != "screening" or index != run.question:
            return Response(note=MESSAGES.question_answered)
        question_id = routine.screening[index]
        state.screening[question_id] = ScreeningAnswer(yes=yes, at=self.clock())
        if yes:
            return self._yes(state, routine, run, question_id, remembered=False)
        run.question += 1
        return self._advance_screening(state, routine, run, edit=True)

    def _change_answer(self, state: UserState, routine: Routine, run: RoutineRun) -> Response:
        for question_id in routine.screening:
            state.screening.pop(question_id, None)
        run.phase, run.question, run.skipped = "screening", 0, []
        return self._advance_screening(state, routine, run, edit=True)

    def _continue_safely(self, state: UserState, routine: Routine, run: RoutineRun) -> Response:
        if run.phase != "caution":
            return Response(note=MESSAGES.already_continued)
        run.phase = "screening"
        run.question += 1
        return self._advance_screening(state, routine, run, edit=True)

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
        reply = screens.step(self.knowledge, routine, run, edit=True, notes=self._notes(state, routine, run))
        return Response((reply,), FLOW, timer=TimerRequest(run.timer, seconds))

    # --- screening ----------------------------------------------------------------------------

    def _advance_screening(self, state: UserState, routine: Routine, run: RoutineRun, *, edit: bool) -> Response:
        """Ask the next unanswered safety question, or move on to the pain rating."""
        now = self.clock()
        reused: list[str] = []  # questions answered "no" earlier today, said so rather than skipped silently
        while run.question < len(routine.screening):
            question_id = routine.screening[run.question]
            told = self.profile.answering(state, question_id)
            if told is not None:
                return self._yes(state, routine, run, question_id, remembered=True, edit=edit, told=Profile.says(*told))
            remembered = state.screening.get(question_id)
            if remembered is None or now - remembered.at > SESSION_SECONDS:
                asked = screens.screening_question(self.knowledge, routine, run, edit=edit)
                return Response((screens.with_reused_answers(self.knowledge, routine, run, asked, reused),), FLOW)
            if remembered.yes:
                return self._yes(state, routine, run, question_id, remembered=True, edit=edit)
            reused.append(question_id)
            run.question += 1
        run.phase = "pain_before"
        scale = screens.pain_scale(routine, run, edit=edit)
        return Response((screens.with_reused_answers(self.knowledge, routine, run, scale, reused),), FLOW)

    def _yes(
        self,
        state: UserState,
        routine: Routine,
        run: RoutineRun,
        question_id: str,
        *,
        remembered: bool,
        edit: bool = True,
        told: str | None = None,
    ) -> Response:
        """A "yes" to a screening question: given now, remembered from earlier, or ``told``
        (what the person told us about themselves, which answers it)."""
        question = self.knowledge.screening_question(question_id)
        assert question is not None  # checked when the knowledge was loaded
        asked = esc(question.question.rstrip("?")).lower()
        earlier = MESSAGES.told_earlier.format(question=asked) + "\n" if remembered else ""
        avoided = [i for i, step in enumerate(routine.steps) if question_id in step.avoid_if]
        remaining = [i for i in active_steps(routine, run) if i not in avoided]
        if told is not None:
            left_out = ", ".join(
                MESSAGES.left_out_step.format(number=i + 1, title=routine.steps[i].title) for i in avoided
            )
            if question.on_yes == "caution" and remaining:
                so = MESSAGES.told_so_left_out.format(steps=left_out) if avoided else MESSAGES.told_so_gentle
            else:
                so = "."
            earlier = MESSAGES.told_you.format(fact=esc(told), so=esc(so)) + "\n"
        if question.on_yes == "caution" and remaining:
            run.skipped = sorted(set(run.skipped) | set(avoided))
            run.phase = "caution"
            reply = screens.leaving_steps_out(routine, run, question, avoided, earlier, edit=edit)
            return Response((reply,), FLOW)
        # The run stays, stopped, so "my answer has changed" works; nothing else moves it on.
        run.phase = "stopped"
        return Response((screens.not_now(self.knowledge, routine, run, question, earlier, edit=edit),), FLOW)

    # --- helpers ------------------------------------------------------------------------------

    def _show_step(self, state: UserState, routine: Routine, run: RoutineRun, *, cancel: bool = False) -> Response:
        reply = screens.step(self.knowledge, routine, run, edit=True, notes=self._notes(state, routine, run))
        return Response((reply,), FLOW, cancel_timers=cancel)

    def _current(self, state: UserState, routine: Routine, run: RoutineRun) -> Reply:
        return screens.current(self.knowledge, routine, run, notes=self._notes(state, routine, run))

    def _notes(self, state: UserState, routine: Routine, run: RoutineRun) -> list[str]:
        """The parts of the current step's caution that concern this person."""
        return self.profile.step_notes(state, routine.steps[run.step].caution)

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
