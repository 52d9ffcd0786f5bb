"""A guided routine, screen by screen: intro, safety questions, pain before, steps, pain after.

Every button carries the routine, the run and (for steps) the step it was shown on, so a press
only acts when it matches the current state: a double tap, a button from an earlier message or
a finished run changes nothing and gets a short note instead.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from bot.engine import render
from bot.engine.payloads import Payload, encode, small_int
from bot.engine.replies import Button, Keyboard, Meta, Reply, Response, TimerRequest, bold, esc, italic, rows
from bot.engine.state import RoutineRun, ScreeningAnswer, UserState
from bot.knowledge import Knowledge
from bot.knowledge.models import Routine, ScreeningQuestion

SESSION_SECONDS = 12 * 3600  # how long a screening answer is remembered
FLOW = Meta(kind="flow")


def new_run_id() -> str:
    return secrets.token_hex(3)


def _minutes(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min" + (f" {rest} s" if rest else "")


class RoutineFlow:
    def __init__(self, knowledge: Knowledge, clock: Callable[[], float]) -> None:
        self.knowledge = knowledge
        self.clock = clock

    # --- entry points -------------------------------------------------------------------------

    def intro(self, routine: Routine, extra: Keyboard = ()) -> list[Reply]:
        return render.routine_intro(self.knowledge, routine, new_run_id(), extra)

    def handle(self, state: UserState, payload: Payload) -> Response:
        """A routine button: act on it if it matches the current run, else explain."""
        routine = self.knowledge.routine(payload.args[0])
        if routine is None:
            return Response(note="That button is no longer valid.")
        run_id = payload.args[1]
        if payload.action == "go":
            return self._go(state, routine, run_id)
        current = state.routine
        if current is None or current.run != run_id or current.routine_id != routine.id:
            return self._stale(routine)
        handler = {
            "q": self._screening_answer,
            "redo": self._redo,
            "safe": self._continue_safe,
            "pb": self._pain,
            "pa": self._pain,
            "n": self._next,
            "b": self._back,
            "t": self._timer,
            "x": self._stop,
            "res": self._resume,
        }[payload.action]
        return handler(state, routine, current, payload)

    def timer_fired(self, state: UserState, token: str) -> Response:
        current = state.routine
        if current is None or current.timer != token or current.phase != "step":
            return Response()
        current.timer = None
        routine = self.knowledge.routine(current.routine_id)
        if routine is None:
            return Response()
        step = routine.steps[current.step]
        text = (
            f"⏱ {bold('Time is up')} for step {self._number(current)}: {esc(step.title)}.\nTap Next when you are ready."
        )
        keyboard = (
            (
                Button("◀ Back", encode("b", routine.id, current.run, current.step)),
                Button("Next ▶", encode("n", routine.id, current.run, current.step)),
            ),
            (Button("■ Stop", encode("x", routine.id, current.run)),),
        )
        return Response((Reply(text, keyboard),), FLOW)

    def resume_row(self, state: UserState) -> Keyboard:
        """A "Resume" button for answers given while a routine is under way."""
        current = state.routine
        if current is None or current.phase in ("intro", "stopped"):
            return ()
        label = f"▶ Resume step {self._number(current)}" if current.phase == "step" else "▶ Resume the routine"
        return ((Button(label, encode("res", current.routine_id, current.run)),),)

    def current_screen(self, state: UserState) -> list[Reply]:
        current = state.routine
        routine = self.knowledge.routine(current.routine_id) if current else None
        if current is None or routine is None:
            return []
        return self._screen(routine, current)

    # --- handlers ---------------------------------------------------------------------------

    def _go(self, state: UserState, routine: Routine, run_id: str) -> Response:
        if state.routine is not None and state.routine.run == run_id:
            return Response(note="Already started.")
        if run_id in state.ended_runs:
            return self._stale(routine)
        state.end_routine()
        state.routine = RoutineRun(run=run_id, routine_id=routine.id, phase="screening")
        return self._advance_screening(state, routine, state.routine, edit=True)

    def _screening_answer(self, state: UserState, routine: Routine, run: RoutineRun, payload: Payload) -> Response:
        index = small_int(payload.args[2], 0, len(routine.screening) - 1)
        answer = payload.args[3]
        if run.phase != "screening" or index != run.question or answer not in ("y", "n"):
            return Response(note="That question has already been answered.")
        question_id = routine.screening[index]
        state.screening[question_id] = ScreeningAnswer(yes=answer == "y", at=self.clock())
        if answer == "y":
            return self._yes(state, routine, run, question_id, remembered=False)
        run.question += 1
        return self._advance_screening(state, routine, run, edit=True)

    def _redo(self, state: UserState, routine: Routine, run: RoutineRun, payload: Payload) -> Response:
        for question_id in routine.screening:
            state.screening.pop(question_id, None)
        run.phase, run.question, run.skipped = "screening", 0, []
        return self._advance_screening(state, routine, run, edit=True)

    def _continue_safe(self, state: UserState, routine: Routine, run: RoutineRun, payload: Payload) -> Response:
        if run.phase != "caution":
            return Response(note="Already continued.")
        run.phase = "screening"
        run.question += 1
        return self._advance_screening(state, routine, run, edit=True)

    def _pain(self, state: UserState, routine: Routine, run: RoutineRun, payload: Payload) -> Response:
        expected = "pain_before" if payload.action == "pb" else "pain_after"
        value = payload.args[2]
        score = None if value == "s" else small_int(value, 0, 10)
        if run.phase != expected or (value != "s" and score is None):
            return Response(note="Already answered.")
        if payload.action == "pb":
            run.pain_before = score
            run.phase = "step"
            run.step = self._active(routine, run)[0]
            run.started_at = self.clock()
            return self._show(routine, run)
        return self._finish(state, routine, run, score)

    def _next(self, state: UserState, routine: Routine, run: RoutineRun, payload: Payload) -> Response:
        if not self._on_step(run, payload):
            return Response(note=self._moved_on(run))
        active = self._active(routine, run)
        position = active.index(run.step)
        run.timer = None
        if position + 1 < len(active):
            run.step = active[position + 1]
            return self._show(routine, run, cancel=True)
        run.phase = "pain_after"
        return Response(tuple(self._screen(routine, run, edit=True)), FLOW, cancel_timers=True)

    def _back(self, state: UserState, routine: Routine, run: RoutineRun, payload: Payload) -> Response:
        if not self._on_step(run, payload):
            return Response(note=self._moved_on(run))
        active = self._active(routine, run)
        position = active.index(run.step)
        if position == 0:
            return Response(note="This is the first step.")
        run.timer = None
        run.step = active[position - 1]
        return self._show(routine, run, cancel=True)

    def _timer(self, state: UserState, routine: Routine, run: RoutineRun, payload: Payload) -> Response:
        if not self._on_step(run, payload):
            return Response(note=self._moved_on(run))
        seconds = routine.steps[run.step].timer_seconds
        if not seconds:
            return Response(note="This step has no timer.")
        if run.timer:
            return Response(note="The timer is already running.")
        run.timer = f"{run.run}-{run.step}-{int(self.clock() * 1000) % 1_000_000}"
        run.timer_due = self.clock() + seconds
        replies = self._screen(routine, run, edit=True)
        return Response(tuple(replies), FLOW, timer=TimerRequest(run.timer, seconds))

    def _stop(self, state: UserState, routine: Routine, run: RoutineRun, payload: Payload) -> Response:
        state.end_routine()
        text = f"■ Stopped {bold(routine.title)}. You can start again any time."
        keyboard = ((render.open_button(routine),), render.menu_row())
        return Response((Reply(text, keyboard, edit=True),), FLOW, cancel_timers=True)

    def _resume(self, state: UserState, routine: Routine, run: RoutineRun, payload: Payload) -> Response:
        return Response(tuple(self._screen(routine, run)), FLOW)

    # --- screening ----------------------------------------------------------------------------

    def _advance_screening(self, state: UserState, routine: Routine, run: RoutineRun, *, edit: bool) -> Response:
        """Ask the next unanswered safety question, or move on to the pain rating."""
        now = self.clock()
        while run.question < len(routine.screening):
            question_id = routine.screening[run.question]
            remembered = state.screening.get(question_id)
            if remembered is None or now - remembered.at > SESSION_SECONDS:
                return Response(tuple(self._screen(routine, run, edit=edit)), FLOW)
            if remembered.yes:
                return self._yes(state, routine, run, question_id, remembered=True, edit=edit)
            run.question += 1
        run.phase = "pain_before"
        return Response(tuple(self._screen(routine, run, edit=edit)), FLOW)

    def _yes(
        self,
        state: UserState,
        routine: Routine,
        run: RoutineRun,
        question_id: str,
        *,
        remembered: bool,
        edit: bool = True,
    ) -> Response:
        question = self.knowledge.screening_question(question_id)
        assert question is not None  # checked when the knowledge was loaded
        earlier = (
            "You told me earlier: " + esc(question.question.rstrip("?")).lower() + " (yes).\n" if remembered else ""
        )
        avoided = [i for i, step in enumerate(routine.steps) if question_id in step.avoid_if]
        remaining = [i for i in self._active(routine, run) if i not in avoided]
        if question.on_yes == "caution" and remaining:
            run.skipped = sorted(set(run.skipped) | set(avoided))
            run.phase = "caution"
            left_out = "".join(f"\n• {esc(routine.steps[i].title)}" for i in avoided)
            text = f"{earlier}🛡 {esc(question.reason)}" + (f"\n\nI will leave out:{left_out}" if left_out else "")
            label = "Continue with the safe part" if avoided else "Continue gently"
            keyboard = (
                (Button(f"▶ {label}", encode("safe", routine.id, run.run)),),
                (
                    Button("My answer has changed", encode("redo", routine.id, run.run)),
                    Button("■ Stop", encode("x", routine.id, run.run)),
                ),
            )
            return Response((Reply(text, keyboard, edit=edit),), FLOW)
        return self._screening_stop(state, routine, question, earlier, edit=edit)

    def _screening_stop(
        self, state: UserState, routine: Routine, question: ScreeningQuestion, earlier: str, *, edit: bool
    ) -> Response:
        run = state.routine
        assert run is not None
        run.phase = "stopped"
        text = (
            f"{earlier}🛑 {bold('Let us not do this routine now.')}\n{esc(question.reason)}\n\n"
            f"{bold('Instead:')} {esc(question.instead)}"
        )
        keyboard = (
            (Button("My answer has changed", encode("redo", routine.id, run.run)),),
            *rows(render.related_buttons(self.knowledge, ["when-to-see-doctor"]), 1),
            render.menu_row(),
        )
        # The run stays, stopped, so "my answer has changed" works; nothing else moves it on.
        return Response((Reply(text, keyboard, edit=edit),), FLOW)

    # --- screens ------------------------------------------------------------------------------

    def _screen(self, routine: Routine, run: RoutineRun, *, edit: bool = False) -> list[Reply]:
        if run.phase == "screening":
            question = self.knowledge.screening_question(routine.screening[run.question])
            assert question is not None
            text = f"🛡 {bold('Safety check')} {run.question + 1} of {len(routine.screening)}\n{esc(question.question)}"
            keyboard = (
                (
                    Button("Yes", encode("q", routine.id, run.run, run.question, "y")),
                    Button("No", encode("q", routine.id, run.run, run.question, "n")),
                ),
                (Button("■ Stop", encode("x", routine.id, run.run)),),
            )
            return [Reply(text, keyboard, edit=edit)]
        if run.phase in ("pain_before", "pain_after"):
            before = run.phase == "pain_before"
            action = "pb" if before else "pa"
            prompt = "Before we start: how" if before else "All steps done. How"
            text = f"{prompt} much does your knee hurt right now?\n{italic('0 = no pain, 10 = the worst pain')}"
            numbers = [Button(str(n), encode(action, routine.id, run.run, n)) for n in range(11)]
            keyboard = (*rows(numbers, 6), (Button("Skip", encode(action, routine.id, run.run, "s")),))
            return [Reply(text, keyboard, edit=edit)]
        if run.phase == "caution":
            return self._screen_after_caution(routine, run, edit)
        if run.phase == "stopped":
            text = f"🛑 {esc(routine.title)} was stopped at a safety check."
            keyboard = ((Button("My answer has changed", encode("redo", routine.id, run.run)),), render.menu_row())
            return [Reply(text, keyboard, edit=edit)]
        return [self._step_reply(routine, run, edit=edit)]

    def _screen_after_caution(self, routine: Routine, run: RoutineRun, edit: bool) -> list[Reply]:
        text = "🛡 Some steps will be left out for safety. Continue with the rest?"
        keyboard = (
            (Button("▶ Continue with the safe part", encode("safe", routine.id, run.run)),),
            (Button("■ Stop", encode("x", routine.id, run.run)),),
        )
        return [Reply(text, keyboard, edit=edit)]

    def _step_reply(self, routine: Routine, run: RoutineRun, *, edit: bool) -> Reply:
        step = routine.steps[run.step]
        total = len(self._active(routine, run))
        lines = [
            f"🧘 {bold(routine.title)} · Step {self._number(run)} of {total}",
            f"{bold(step.title)}",
            esc(step.text),
        ]
        if step.repetitions:
            lines.append(f"🔁 {esc(step.repetitions)}")
        if step.caution:
            lines.append(f"⚠️ {esc(step.caution)}")
        if run.timer:
            lines.append(f"⏱ Timer running: {_minutes(step.timer_seconds or 0)}. I will tell you when time is up.")
        keyboard: list[tuple[Button, ...]] = [
            (
                Button("◀ Back", encode("b", routine.id, run.run, run.step)),
                Button("Next ▶", encode("n", routine.id, run.run, run.step)),
            )
        ]
        if step.timer_seconds and not run.timer:
            label = f"⏱ Start timer ({_minutes(step.timer_seconds)})"
            keyboard.append((Button(label, encode("t", routine.id, run.run, run.step)),))
        points = [self.knowledge.get(point_id) for point_id in step.points]
        point_buttons = [render.open_button(point) for point in points if point is not None]
        keyboard.extend(rows(point_buttons, 2))
        keyboard.append((Button("■ Stop", encode("x", routine.id, run.run)),))
        return Reply("\n".join(lines), tuple(keyboard), edit=edit)

    def _show(self, routine: Routine, run: RoutineRun, *, cancel: bool = False) -> Response:
        return Response((self._step_reply(routine, run, edit=True),), FLOW, cancel_timers=cancel)

    def _finish(self, state: UserState, routine: Routine, run: RoutineRun, after: int | None) -> Response:
        minutes = max(1, round((self.clock() - (run.started_at or self.clock())) / 60))
        facts = []
        if run.pain_before is not None and after is not None:
            facts.append(f"pain {run.pain_before} → {after}")
        elif after is not None:
            facts.append(f"pain now {after}")
        facts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
        skipped = f"\n{len(run.skipped)} step(s) were left out for safety." if run.skipped else ""
        text = f"✅ {bold('Well done!')} You finished {bold(routine.title)}: {esc(', '.join(facts))}.{skipped}"
        if after is not None and run.pain_before is not None and after > run.pain_before:
            text += "\nYour pain went up. Go more gently next time, and see a doctor if it keeps getting worse."
        state.end_routine()
        keyboard = (
            (Button("▶ Do it again", encode("r", routine.id)), Button("🧘 Routines", encode("m", "routines"))),
            render.menu_row(),
        )
        return Response((Reply(text, keyboard, edit=True),), FLOW, cancel_timers=True)

    def _stale(self, routine: Routine) -> Response:
        text = f"This {esc(routine.title)} routine has ended. Start again?"
        keyboard = ((Button("▶ Start again", encode("r", routine.id)),),)
        return Response((Reply(text, keyboard),), FLOW, note="This routine has ended.")

    # --- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _active(routine: Routine, run: RoutineRun) -> list[int]:
        return [i for i in range(len(routine.steps)) if i not in run.skipped]

    def _number(self, run: RoutineRun) -> int:
        routine = self.knowledge.routine(run.routine_id)
        if routine is None or run.step not in self._active(routine, run):
            return 1
        return self._active(routine, run).index(run.step) + 1

    @staticmethod
    def _on_step(run: RoutineRun, payload: Payload) -> bool:
        return run.phase == "step" and small_int(payload.args[2], 0, 99) == run.step

    def _moved_on(self, run: RoutineRun) -> str:
        if run.phase == "step":
            return f"You are on step {self._number(run)} now."
        return "That step is no longer shown."
