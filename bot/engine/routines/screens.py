"""What a routine looks like at each point: the messages and their buttons, nothing decided here.

Every button names the routine and the run it belongs to, and step buttons the step they were
shown on, so the flow can tell a current press from a stale one.
"""

from __future__ import annotations

from dataclasses import replace

from bot.engine import render
from bot.engine.actions import (
    AnswerScreening,
    Back,
    ChangeAnswer,
    ContinueSafely,
    Finish,
    MenuName,
    Next,
    OpenMenu,
    OpenRoutine,
    PainAfter,
    PainBefore,
    RemindThisTime,
    Resume,
    StartRoutine,
    StartTimer,
    Stop,
)
from bot.engine.replies import Button, Keyboard, Reply, bold, esc, fit, italic, rows
from bot.engine.state import RoutineRun
from bot.knowledge import Knowledge
from bot.knowledge.models import Routine, ScreeningQuestion


def active_steps(routine: Routine, run: RoutineRun) -> list[int]:
    """The steps of ``routine`` this run goes through (those left out for safety skipped; on
    the second leg, the "switch legs" step too)."""
    return [i for i, step in enumerate(routine.steps) if i not in run.skipped and not (run.side == 2 and step.switch)]


def step_number(routine: Routine, run: RoutineRun) -> int:
    """The current step as the person counts it: 1 for the first step they actually do."""
    active = active_steps(routine, run)
    return active.index(run.step) + 1 if run.step in active else 1


def minutes(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} s"
    whole, rest = divmod(seconds, 60)
    return f"{whole} min" + (f" {rest} s" if rest else "")


# --- before the steps ---------------------------------------------------------------------------


def intro(
    knowledge: Knowledge,
    routine: Routine,
    run_id: str,
    extra: Keyboard = (),
    about_step: int | None = None,
    for_you: list[str] | None = None,
) -> list[Reply]:
    """What a routine is and a Start button; ``about_step`` puts that step's details first
    ("in the calf routine how long do I hold each twist"); ``for_you`` are the person's own
    cautions, shown first."""
    who = "on your own" if routine.mode == "self" else "with a helper"
    needs = "".join(f"\n• {esc(need)}" for need in routine.needs)
    checks = len(routine.screening)
    text = (
        (step_summary(routine, about_step) + "\n\n" if about_step is not None else "")
        + render.for_you(for_you or [])
        + f"🧘 {bold(routine.title)}\n{esc(routine.summary)}\n\n"
        f"⏱ About {routine.duration_minutes} minutes · {who} · {len(routine.steps)} steps"
        + (f"\n{bold('You need:')}{needs}" if needs else "")
        + (f"\n\nFirst, {checks} quick safety question{'s' if checks != 1 else ''}." if checks else "")
        + render.source_line(knowledge, routine.sources)
    )
    keyboard = (
        (Button("▶ Start", StartRoutine(routine.id, run_id)), Button("Not now", OpenMenu(MenuName.MAIN))),
        *rows(render.related_buttons(knowledge, routine.related), 2),
        *extra,
    )
    return fit(text, keyboard)


def step_summary(routine: Routine, number: int) -> str:
    """One step told on its own: what to do, for how long, how often."""
    shown = routine.steps[number]
    lines = [f"👉 {bold(f'Step {number + 1} of {len(routine.steps)}: {shown.title}')}", esc(shown.text)]
    if shown.timer_seconds:
        lines.append(f"⏱ {minutes(shown.timer_seconds)}")
    if shown.repetitions:
        lines.append(f"🔁 {esc(shown.repetitions)}")
    if shown.caution:
        lines.append(f"⚠️ {esc(shown.caution)}")
    return "\n".join(lines)


def current(
    knowledge: Knowledge, routine: Routine, run: RoutineRun, *, edit: bool = False, notes: list[str] | None = None
) -> Reply:
    """The screen for where ``run`` stands now."""
    if run.phase == "screening":
        return screening_question(knowledge, routine, run, edit=edit)
    if run.phase in ("pain_before", "pain_after"):
        return pain_scale(routine, run, edit=edit)
    if run.phase == "caution":
        return continue_with_the_rest(routine, run, edit=edit)
    if run.phase == "stopped":
        text = f"🛑 {esc(routine.title)} was stopped at a safety check."
        keyboard = ((Button("My answer has changed", ChangeAnswer(routine.id, run.run)),), render.menu_row())
        return Reply(text, keyboard, edit=edit)
    return step(knowledge, routine, run, edit=edit, notes=notes)


def screening_question(knowledge: Knowledge, routine: Routine, run: RoutineRun, *, edit: bool) -> Reply:
    question = knowledge.screening_question(routine.screening[run.question])
    assert question is not None  # checked when the knowledge was loaded
    asked = _asked(routine, question)
    text = f"🛡 {bold('Safety check')} {run.question + 1} of {len(routine.screening)}\n{esc(asked)}"
    keyboard = (
        (
            Button("Yes", AnswerScreening(routine.id, run.run, run.question, True)),
            Button("No", AnswerScreening(routine.id, run.run, run.question, False)),
        ),
        (Button("■ Stop", Stop(routine.id, run.run)),),
    )
    return Reply(text, keyboard, edit=edit)


def leaving_steps_out(
    routine: Routine, run: RoutineRun, question: ScreeningQuestion, avoided: list[int], earlier: str, *, edit: bool
) -> Reply:
    """A "yes" that calls for care: which steps are left out, and whether to go on."""
    left_out = "".join(f"\n• {esc(routine.steps[i].title)}" for i in avoided)
    text = f"{earlier}🛡 {esc(question.reason)}" + (f"\n\nI will leave out:{left_out}" if left_out else "")
    label = "Continue with the safe part" if avoided else "Continue gently"
    keyboard = (
        (Button(f"▶ {label}", ContinueSafely(routine.id, run.run)),),
        (
            Button("My answer has changed", ChangeAnswer(routine.id, run.run)),
            Button("■ Stop", Stop(routine.id, run.run)),
        ),
    )
    return Reply(text, keyboard, edit=edit)


def not_now(
    knowledge: Knowledge, routine: Routine, run: RoutineRun, question: ScreeningQuestion, earlier: str, *, edit: bool
) -> Reply:
    """A "yes" that rules the routine out for now, with what to do instead."""
    text = (
        f"{earlier}🛑 {bold('Let us not do this routine now.')}\n{esc(question.reason)}\n\n"
        f"{bold('Instead:')} {esc(question.instead)}"
    )
    keyboard = (
        (Button("My answer has changed", ChangeAnswer(routine.id, run.run)),),
        *rows(render.related_buttons(knowledge, ["when-to-see-doctor"]), 1),
        render.menu_row(),
    )
    return Reply(text, keyboard, edit=edit)


def with_reused_answers(
    knowledge: Knowledge, routine: Routine, run: RoutineRun, reply: Reply, reused: list[str]
) -> Reply:
    """``reply`` headed by the safety checks answered "no" earlier today and not asked again,
    with a way to answer them afresh."""
    if not reused:
        return reply
    asked = [knowledge.screening_question(question_id) for question_id in reused]
    listed = "".join(f"\n• {esc(_asked(routine, question))}" for question in asked if question is not None)
    head = f"🛡 Using your answers from earlier today (no to each):{listed}\n\n"
    change = (Button("My answer has changed", ChangeAnswer(routine.id, run.run)),)
    return replace(reply, html=head + reply.html, buttons=(*reply.buttons, change))


def _asked(routine: Routine, question: ScreeningQuestion) -> str:
    """The question as put to this routine's user (partner routines ask about the person treated)."""
    return question.for_partner if routine.mode == "partner" and question.for_partner else question.question


def continue_with_the_rest(routine: Routine, run: RoutineRun, *, edit: bool) -> Reply:
    text = "🛡 Some steps will be left out for safety. Continue with the rest?"
    keyboard = (
        (Button("▶ Continue with the safe part", ContinueSafely(routine.id, run.run)),),
        (Button("■ Stop", Stop(routine.id, run.run)),),
    )
    return Reply(text, keyboard, edit=edit)


def pain_scale(routine: Routine, run: RoutineRun, *, edit: bool) -> Reply:
    before = run.phase == "pain_before"
    rate = PainBefore if before else PainAfter
    prompt = "Before we start: how" if before else "All steps done. How"
    text = f"{prompt} much does your knee hurt right now?\n{italic('0 = no pain, 10 = the worst pain')}"
    numbers = [Button(str(n), rate(routine.id, run.run, n)) for n in range(11)]
    keyboard = (*rows(numbers, 6), (Button("Skip", rate(routine.id, run.run, None)),))
    return Reply(text, keyboard, edit=edit)


# --- the steps ----------------------------------------------------------------------------------


def step(
    knowledge: Knowledge, routine: Routine, run: RoutineRun, *, edit: bool, notes: list[str] | None = None
) -> Reply:
    """One step; ``notes`` are the parts of its caution that concern this person, shown first."""
    shown = routine.steps[run.step]
    leg = " · other side" if run.side == 2 else ""
    lines = [
        f"🧘 {bold(routine.title)} · Step {step_number(routine, run)} of {len(active_steps(routine, run))}{leg}",
        f"{bold(shown.title)}",
        *(f"⚠️ {bold('For you:')} {esc(note)}" for note in notes or []),
        esc(shown.text),
    ]
    if shown.repetitions:
        lines.append(f"🔁 {esc(shown.repetitions)}")
    if shown.caution and not notes:
        lines.append(f"⚠️ {esc(shown.caution)}")
    if run.timer:
        lines.append(f"⏱ Timer running: {minutes(shown.timer_seconds or 0)}. I will tell you when time is up.")
    keyboard: list[tuple[Button, ...]] = [_back_next(routine, run)]
    if shown.switch and run.side == 1:
        keyboard = [
            (
                Button("◀ Back", Back(routine.id, run.run, run.step)),
                Button("▶ Other side", Next(routine.id, run.run, run.step)),
            ),
            (Button("✓ Done, one side only", Finish(routine.id, run.run, run.step)),),
        ]
    if shown.timer_seconds and not run.timer:
        label = f"⏱ Start timer ({minutes(shown.timer_seconds)})"
        keyboard.append((Button(label, StartTimer(routine.id, run.run, run.step)),))
    points = [knowledge.get(point_id) for point_id in shown.points]
    keyboard.extend(rows([render.open_button(point) for point in points if point is not None], 2))
    keyboard.append((Button("■ Stop", Stop(routine.id, run.run)),))
    return Reply("\n".join(lines), tuple(keyboard), edit=edit)


def time_is_up(routine: Routine, run: RoutineRun) -> Reply:
    text = (
        f"⏱ {bold('Time is up')} for step {step_number(routine, run)}: {esc(routine.steps[run.step].title)}.\n"
        "Tap Next when you are ready."
    )
    return Reply(text, (_back_next(routine, run), (Button("■ Stop", Stop(routine.id, run.run)),)))


def _back_next(routine: Routine, run: RoutineRun) -> tuple[Button, ...]:
    return (
        Button("◀ Back", Back(routine.id, run.run, run.step)),
        Button("Next ▶", Next(routine.id, run.run, run.step)),
    )


def resume_row(routine: Routine, run: RoutineRun) -> Keyboard:
    """A "Resume" button for answers given while a routine is under way."""
    label = f"▶ Resume step {step_number(routine, run)}" if run.phase == "step" else "▶ Resume the routine"
    return ((Button(label, Resume(routine.id, run.run)),),)


# --- the end ------------------------------------------------------------------------------------


def finished(routine: Routine, run: RoutineRun, after: int | None, spent_minutes: int, now: float) -> Reply:
    facts = []
    if run.pain_before is not None and after is not None:
        facts.append(f"pain {run.pain_before} → {after}")
    elif after is not None:
        facts.append(f"pain now {after}")
    facts.append(f"{spent_minutes} minute{'s' if spent_minutes != 1 else ''}")
    skipped = f"\n{len(run.skipped)} step(s) were left out for safety." if run.skipped else ""
    text = f"✅ {bold('Well done!')} You finished {bold(routine.title)}: {esc(', '.join(facts))}.{skipped}"
    if after is not None and run.pain_before is not None and after > run.pain_before:
        text += "\nYour pain went up. Go more gently next time, and see a doctor if it keeps getting worse."
    keyboard = (
        (Button("⏰ Remind me tomorrow at this time", RemindThisTime(routine.id, int(now // 60))),),
        (Button("▶ Do it again", OpenRoutine(routine.id)), Button("🧘 Routines", OpenMenu(MenuName.ROUTINES))),
        render.menu_row(),
    )
    return Reply(text, keyboard, edit=True)


def stopped(routine: Routine | None, *, edit: bool) -> Reply:
    """The routine was stopped (its Stop button, or /stop); None if it is no longer known."""
    title = bold(routine.title) if routine else "the routine"
    again = ((render.open_button(routine),),) if routine else ()
    return Reply(f"■ Stopped {title}. You can start again any time.", (*again, render.menu_row()), edit=edit)


def ended(routine: Routine) -> Reply:
    """A button from a run that is over."""
    text = f"This {esc(routine.title)} routine has ended. Start again?"
    return Reply(text, ((Button("▶ Start again", OpenRoutine(routine.id)),),))
