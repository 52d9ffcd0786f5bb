"""What a routine looks like at each point: the messages and their buttons, nothing decided here.

Every button names the routine and the run it belongs to, and step buttons the step they were
shown on, so the flow can tell a current press from a stale one.
"""

from __future__ import annotations

from dataclasses import replace

from bot.engine import render
from bot.engine.actions import (
    AnswerCheck,
    AnswerScreening,
    Back,
    ChangeAnswer,
    ContinueSafely,
    Finish,
    Leg,
    MenuName,
    Next,
    OneLeg,
    OpenMenu,
    OpenRoutine,
    PainAfter,
    PainBefore,
    RemindThisTime,
    Resume,
    StartRoutine,
    StartTimer,
    Stop,
    Tick,
    Ticked,
    WhichLeg,
)
from bot.engine.messages import MESSAGES
from bot.engine.replies import Button, Keyboard, Reply, bold, esc, fit, italic, rows
from bot.engine.state import RoutineRun
from bot.knowledge import Knowledge
from bot.knowledge.checks import NAMES_AN_ARTICLE
from bot.knowledge.models import Routine, ScreeningQuestion


def active_steps(routine: Routine, run: RoutineRun) -> list[int]:
    """The steps of ``routine`` this run goes through (those left out for safety skipped; on
    the second leg, or when done on one leg only, the "switch legs" step too)."""
    one_side = run.side == 2 or run.leg is not None
    return [i for i, step in enumerate(routine.steps) if i not in run.skipped and not (one_side and step.switch)]


def step_number(routine: Routine, run: RoutineRun) -> int:
    """The current step as the person counts it: 1 for the first step they actually do."""
    active = active_steps(routine, run)
    return active.index(run.step) + 1 if run.step in active else 1


def minutes(seconds: int) -> str:
    if seconds < 60:
        return MESSAGES.duration_seconds.format(seconds=seconds)
    whole, rest = divmod(seconds, 60)
    return MESSAGES.duration_minutes.format(minutes=whole) + (
        MESSAGES.duration_and_seconds.format(seconds=rest) if rest else ""
    )


# --- before the steps ---------------------------------------------------------------------------


def intro(
    knowledge: Knowledge,
    routine: Routine,
    run_id: str,
    extra: Keyboard = (),
    about_step: int | None = None,
    for_you: list[str] | None = None,
    check: list[str] | None = None,
    answered: list[str] | None = None,
) -> list[Reply]:
    """What a routine is and a Start button; ``about_step`` puts that step's details first
    ("in the calf routine how long do I hold each twist"); ``for_you`` are the person's own
    cautions, shown first; ``check`` the safety check's lines still open, listed so that they
    can be answered in words right here ("none of them", "2 and 5"); ``answered`` what lines
    answered "yes" earlier today mean for it (they are not listed again)."""
    who = MESSAGES.on_your_own if routine.mode == "self" else MESSAGES.with_a_helper
    needs = "".join(f"\n• {esc(need)}" for need in routine.needs)
    checks = len(routine.screening)
    questions = MESSAGES.first_question if checks == 1 else MESSAGES.first_check
    if check:
        whom = MESSAGES.intro_check_them if routine.mode == "partner" else MESSAGES.intro_check_you
        listed = "".join(f"\n{number}. {esc(line)}" for number, line in enumerate(check, start=1))
        questions = f"{whom}{listed}\n{MESSAGES.intro_check_how}"
    about = MESSAGES.routine_about.format(minutes=routine.duration_minutes, who=who, steps=len(routine.steps))
    text = (
        (step_summary(routine, about_step) + "\n\n" if about_step is not None else "")
        + render.for_you(for_you or [])
        + f"🧘 {bold(routine.title)}\n{esc(routine.summary)}\n\n{about}"
        + (f"\n{bold(MESSAGES.you_need)}{needs}" if needs else "")
        + (f"\n\n{questions}" if checks else "")
        + (f"\n{MESSAGES.intro_answered_earlier}" if answered else "")
        + "".join(f"\n🛡 {esc(line)}" for line in answered or [])
        + render.source_line(knowledge, routine.sources)
    )
    keyboard = (
        (
            Button(MESSAGES.start_button, StartRoutine(routine.id, run_id)),
            Button(MESSAGES.not_now_button, OpenMenu(MenuName.MAIN)),
        ),
        *rows(render.related_buttons(knowledge, routine.related), 2),
        *extra,
    )
    return fit(text, keyboard)


def step_summary(routine: Routine, number: int, heading: str | None = None) -> str:
    """One step told on its own: what to do, for how long, how often."""
    shown = routine.steps[number]
    heading = heading or MESSAGES.step_of.format(number=number + 1, total=len(routine.steps), title=shown.title)
    lines = [f"👉 {bold(heading)}", esc(shown.text)]
    if shown.timer_seconds:
        lines.append(f"⏱ {minutes(shown.timer_seconds)}")
    if shown.repetitions:
        lines.append(f"🔁 {esc(shown.repetitions)}")
    if shown.caution:
        lines.append(f"⚠️ {esc(shown.caution)}")
    return "\n".join(lines)


def step_card(knowledge: Knowledge, routine: Routine, index: int, heading: str, extra: Keyboard) -> list[Reply]:
    """A step asked about during the routine: what it says, the buttons to its points, and
    ``extra`` (the way back to the step on show)."""
    text = step_summary(routine, index, heading)
    if NAMES_AN_ARTICLE.search(routine.steps[index].text):
        text += render.source_line(knowledge, routine.sources)
    points = [knowledge.get(point_id) for point_id in routine.steps[index].points]
    buttons = rows([render.open_button(point) for point in points if point is not None], 2)
    return fit(text, (*buttons, *extra))


def current(
    knowledge: Knowledge,
    routine: Routine,
    run: RoutineRun,
    *,
    edit: bool = False,
    notes: list[str] | None = None,
    caution: str | None = None,
) -> Reply:
    """The screen for where ``run`` stands now (the safety check's own screens are worked out
    by :class:`bot.engine.routines.check.SafetyCheck`)."""
    if run.phase == "screening":
        return screening_question(knowledge, routine, run, edit=edit)
    if run.phase in ("pain_before", "pain_after"):
        return pain_scale(routine, run, edit=edit)
    if run.phase == "caution":
        return continue_with_the_rest(routine, run, edit=edit)
    if run.phase == "stopped":
        text = MESSAGES.stopped_at_check.format(title=esc(routine.title))
        keyboard = ((_change_answer(routine, run),), render.menu_row())
        return Reply(text, keyboard, edit=edit)
    return step(knowledge, routine, run, edit=edit, notes=notes, caution=caution)


def screening_question(knowledge: Knowledge, routine: Routine, run: RoutineRun, *, edit: bool) -> Reply:
    """One safety question on its own (the only one left to ask)."""
    question = knowledge.screening_question(routine.screening[run.question])
    assert question is not None  # checked when the knowledge was loaded
    text = f"🛡 {bold(MESSAGES.safety_check)}\n{esc(asked(routine, question))}"
    keyboard = (
        (
            Button(MESSAGES.yes_button, AnswerScreening(routine.id, run.run, run.question, True)),
            Button(MESSAGES.no_button, AnswerScreening(routine.id, run.run, run.question, False)),
        ),
        (_stop(routine, run),),
    )
    return Reply(text, keyboard, edit=edit)


def checklist(routine: Routine, run: RoutineRun, lines: list[tuple[int, ScreeningQuestion]], *, edit: bool) -> Reply:
    """The one-screen safety check: do any of these apply?"""
    whom = MESSAGES.check_them if routine.mode == "partner" else MESSAGES.check_you
    listed = "".join(f"\n{number}. {esc(question.line)}" for number, (_, question) in enumerate(lines, start=1))
    text = f"🛡 {bold(whom)}{listed}"
    keyboard = (
        (
            Button(MESSAGES.none_of_these_button, AnswerCheck(routine.id, run.run, False)),
            Button(MESSAGES.one_or_more_button, AnswerCheck(routine.id, run.run, True)),
        ),
        (_stop(routine, run),),
    )
    return Reply(text, keyboard, edit=edit)


def choosing(routine: Routine, run: RoutineRun, lines: list[tuple[int, ScreeningQuestion]], *, edit: bool) -> Reply:
    """Which lines of the check apply: a button to tick each, then Done."""
    listed = "".join(
        f"\n{'☑' if index in run.ticked else '☐'} {number}. {esc(question.line)}"
        for number, (index, question) in enumerate(lines, start=1)
    )
    text = f"🛡 {bold(MESSAGES.which_ones)}{listed}"
    ticks = [
        (Button(f"{'☑' if index in run.ticked else '☐'} {question.short}", Tick(routine.id, run.run, index)),)
        for index, question in lines
    ]
    keyboard = (*ticks, (Button(MESSAGES.done_button, Ticked(routine.id, run.run)),), (_stop(routine, run),))
    return Reply(text, keyboard, edit=edit)


def which_leg(routine: Routine, run: RoutineRun, question: ScreeningQuestion, *, edit: bool) -> Reply:
    """A "yes" about one leg may leave the other: which leg is it?"""
    text = f"🛡 {bold(question.short)}\n{MESSAGES.which_leg}"
    legs = [
        Button(label, WhichLeg(routine.id, run.run, run.question, leg))
        for label, leg in (
            (MESSAGES.left_leg_button, Leg.LEFT),
            (MESSAGES.right_leg_button, Leg.RIGHT),
            (MESSAGES.both_legs_button, Leg.BOTH),
        )
    ]
    return Reply(text, (tuple(legs), (_stop(routine, run),)), edit=edit)


def one_leg(
    routine: Routine, run: RoutineRun, reasons: list[ScreeningQuestion], free: str, earlier: str, *, edit: bool
) -> Reply:
    """One leg ruled out: why, and the other leg offered."""
    unique = {question.id: question for question in reasons}.values()
    why = "\n".join(f"🛡 {esc(reason(routine, question))}" for question in unique)
    text = f"{earlier + chr(10) if earlier else ''}{why}\n\n{MESSAGES.other_leg_clear.format(leg=free)}"
    keyboard = (
        (Button(MESSAGES.one_leg_button.format(leg=free.capitalize()), OneLeg(routine.id, run.run, Leg(free))),),
        (_change_answer(routine, run), _stop(routine, run)),
    )
    return Reply(text, keyboard, edit=edit)


def leaving_steps_out(
    routine: Routine,
    run: RoutineRun,
    questions: list[ScreeningQuestion],
    avoided: list[int],
    earlier: str,
    *,
    edit: bool,
) -> Reply:
    """A "yes" (or several) that calls for care: why, which steps are left out, go on?"""
    left_out = "".join(f"\n• {esc(routine.steps[i].title)}" for i in avoided)
    reasons = "\n".join(f"🛡 {esc(reason(routine, question))}" for question in questions)
    text = f"{earlier}{reasons}" + (f"\n\n{MESSAGES.will_leave_out}{left_out}" if left_out else "")
    label = MESSAGES.continue_safe_part if avoided else MESSAGES.continue_gently
    keyboard = (
        (Button(f"▶ {label}", ContinueSafely(routine.id, run.run)),),
        (_change_answer(routine, run), _stop(routine, run)),
    )
    return Reply(text, keyboard, edit=edit)


def not_now(
    knowledge: Knowledge, routine: Routine, run: RoutineRun, question: ScreeningQuestion, earlier: str, *, edit: bool
) -> Reply:
    """A "yes" that rules the routine out for now, with what to do instead."""
    text = (
        f"{earlier}🛑 {bold(MESSAGES.not_this_routine_now)}\n{esc(reason(routine, question))}\n\n"
        f"{bold(MESSAGES.instead)} {esc(instead(routine, question))}"
    )
    keyboard = (
        (_change_answer(routine, run),),
        *rows(render.related_buttons(knowledge, ["when-to-see-doctor"]), 1),
        render.menu_row(),
    )
    return Reply(text, keyboard, edit=edit)


def with_heads(routine: Routine, run: RoutineRun, reply: Reply, head: str, reused: list[ScreeningQuestion]) -> Reply:
    """``reply`` headed by what was told that leaves steps out (``head``) and by the safety
    checks answered "no" earlier today and not asked again, with a way to answer afresh."""
    if not head and not reused:
        return reply
    listed = "".join(f"\n• {esc(asked(routine, question))}" for question in reused)
    said = f"{MESSAGES.reused_answers}{listed}\n\n" if reused else ""
    top = f"{head}\n" if head else ""
    change = ((_change_answer(routine, run),),) if reused and run.phase != "stopped" else ()
    return replace(reply, html=top + said + reply.html, buttons=(*reply.buttons, *change))


def asked(routine: Routine, question: ScreeningQuestion) -> str:
    """The question as put to this routine's user (partner routines ask about the person treated)."""
    return render.asked_of(routine, question)


def reason(routine: Routine, question: ScreeningQuestion) -> str:
    """Why a "yes" stops the routine or calls for care, said to whoever does the massage."""
    own = question.reason_for_partner if routine.mode == "partner" else None
    return own or question.reason


def instead(routine: Routine, question: ScreeningQuestion) -> str:
    """What to do instead of a routine ruled out, said to whoever does the massage."""
    own = question.instead_for_partner if routine.mode == "partner" else None
    return own or question.instead


def continue_with_the_rest(routine: Routine, run: RoutineRun, *, edit: bool) -> Reply:
    keyboard = (
        (Button(f"▶ {MESSAGES.continue_safe_part}", ContinueSafely(routine.id, run.run)),),
        (_stop(routine, run),),
    )
    return Reply(MESSAGES.steps_left_out_ask, keyboard, edit=edit)


def pain_scale(routine: Routine, run: RoutineRun, *, edit: bool) -> Reply:
    before = run.phase == "pain_before"
    rate = PainBefore if before else PainAfter
    if routine.mode == "partner":  # a carer rates the knee of the person they massage
        prompt = MESSAGES.their_pain_before_prompt if before else MESSAGES.their_pain_after_prompt
        prompt = MESSAGES.their_pain_stopped_prompt if run.stopped_early else prompt
    else:
        prompt = MESSAGES.pain_before_prompt if before else MESSAGES.pain_after_prompt
    text = f"{prompt}\n{italic(MESSAGES.pain_scale)}"
    numbers = [Button(str(n), rate(routine.id, run.run, n)) for n in range(11)]
    keyboard = (*rows(numbers, 6), (Button(MESSAGES.skip_button, rate(routine.id, run.run, None)),))
    return Reply(text, keyboard, edit=edit)


# --- the steps ----------------------------------------------------------------------------------


def step(
    knowledge: Knowledge,
    routine: Routine,
    run: RoutineRun,
    *,
    edit: bool,
    notes: list[str] | None = None,
    caution: str | None = None,
) -> Reply:
    """One step; ``notes`` are the parts of its caution that concern this person, shown first;
    ``caution``: the caution shown without them, when parts of it are left out (those about a
    condition the check was told does not apply), else the step's own."""
    shown = routine.steps[run.step]
    side = MESSAGES.other_side if run.side == 2 else ""
    if run.leg is not None:
        side = MESSAGES.one_leg_only.format(leg=run.leg)
    total = len(active_steps(routine, run))
    header = MESSAGES.step_header.format(
        title=bold(routine.title), number=step_number(routine, run), total=total, side=side
    )
    whom = MESSAGES.for_them if routine.mode == "partner" else MESSAGES.for_you
    lines = [
        f"🧘 {header}",
        f"{bold(shown.title)}",
        *(f"⚠️ {bold(whom)} {esc(note)}" for note in notes or []),
        esc(shown.text),
    ]
    if shown.repetitions:
        lines.append(f"🔁 {esc(shown.repetitions)}")
    caution = shown.caution if caution is None else caution
    if caution and not notes:
        lines.append(f"⚠️ {esc(caution)}")
    if run.timer:
        lines.append(MESSAGES.timer_running_line.format(duration=minutes(shown.timer_seconds or 0)))
    text = "\n".join(lines)
    if NAMES_AN_ARTICLE.search(shown.text):  # "the calf-massage article says": which article
        text += render.source_line(knowledge, routine.sources)
    keyboard: list[tuple[Button, ...]] = [_back_next(routine, run)]
    if shown.switch and run.side == 1 and run.leg is None:
        keyboard = [
            (
                Button(MESSAGES.back_button, Back(routine.id, run.run, run.step)),
                Button(MESSAGES.other_side_button, Next(routine.id, run.run, run.step)),
            ),
            (Button(MESSAGES.one_side_only_button, Finish(routine.id, run.run, run.step)),),
        ]
    if shown.timer_seconds and not run.timer:
        label = MESSAGES.start_timer_button.format(duration=minutes(shown.timer_seconds))
        keyboard.append((Button(label, StartTimer(routine.id, run.run, run.step)),))
    points = [knowledge.get(point_id) for point_id in shown.points]
    keyboard.extend(rows([render.open_button(point) for point in points if point is not None], 2))
    keyboard.append((_stop(routine, run),))
    return Reply(text, tuple(keyboard), edit=edit)


def time_is_up(routine: Routine, run: RoutineRun) -> Reply:
    which = MESSAGES.time_is_up_step.format(number=step_number(routine, run), title=esc(routine.steps[run.step].title))
    text = f"⏱ {bold(MESSAGES.time_is_up)} {which}\n{MESSAGES.tap_next}"
    return Reply(text, (_back_next(routine, run), (_stop(routine, run),)))


def _back_next(routine: Routine, run: RoutineRun) -> tuple[Button, ...]:
    return (
        Button(MESSAGES.back_button, Back(routine.id, run.run, run.step)),
        Button(MESSAGES.next_button, Next(routine.id, run.run, run.step)),
    )


def _stop(routine: Routine, run: RoutineRun) -> Button:
    return Button(MESSAGES.stop_button, Stop(routine.id, run.run))


def _change_answer(routine: Routine, run: RoutineRun) -> Button:
    return Button(MESSAGES.answer_changed_button, ChangeAnswer(routine.id, run.run))


def resume_row(routine: Routine, run: RoutineRun) -> Keyboard:
    """The way back to a routine under way, under answers given on the way ("▶ Back to step 3")."""
    if run.phase == "step":
        label = MESSAGES.resume_step_button.format(number=step_number(routine, run))
    else:
        label = MESSAGES.resume_routine_button
    return ((Button(label, Resume(routine.id, run.run)),),)


def step_hurts(routine: Routine, run: RoutineRun) -> Reply:
    """A step said to hurt: go lighter or leave it out, with the way on (skip it, back to it,
    stop)."""
    buttons = (
        Button(MESSAGES.skip_step_button, Next(routine.id, run.run, run.step)),
        Button(MESSAGES.resume_step_button.format(number=step_number(routine, run)), Resume(routine.id, run.run)),
    )
    return Reply(esc(MESSAGES.step_hurts), (buttons, (Button(MESSAGES.stop_button, Stop(routine.id, run.run)),)))


def step_too_hot(routine: Routine, run: RoutineRun) -> Reply:
    """A step that puts heat on the leg said to be too hot: let it cool and test it again, with
    the way on (back to the step, skip it, stop)."""
    buttons = (
        Button(MESSAGES.resume_step_button.format(number=step_number(routine, run)), Resume(routine.id, run.run)),
        Button(MESSAGES.skip_step_button, Next(routine.id, run.run, run.step)),
    )
    return Reply(esc(MESSAGES.step_too_hot), (buttons, (Button(MESSAGES.stop_button, Stop(routine.id, run.run)),)))


def step_warm(routine: Routine, run: RoutineRun) -> Reply:
    """Warmth felt on a step with heat: the step's own doing, with the way back to it."""
    buttons = (
        Button(MESSAGES.resume_step_button.format(number=step_number(routine, run)), Resume(routine.id, run.run)),
        Button(MESSAGES.stop_button, Stop(routine.id, run.run)),
    )
    return Reply(esc(MESSAGES.step_warm), (buttons,))


def stop_or_carry_on(routine: Routine, run: RoutineRun) -> Reply:
    """ "Stop here?" after a wish to stop said in other words: stop, or carry on where it was."""
    buttons = (
        Button(MESSAGES.stop_here_button, Stop(routine.id, run.run)),
        Button(MESSAGES.carry_on_button, Resume(routine.id, run.run)),
    )
    return Reply(MESSAGES.stop_here.format(title=esc(routine.title)), (buttons,))


# --- the end ------------------------------------------------------------------------------------


def finished(routine: Routine, run: RoutineRun, after: int | None, spent_minutes: int, now: float) -> Reply:
    facts = []
    theirs = routine.mode == "partner"
    if run.pain_before is not None and after is not None:
        change = MESSAGES.their_pain_change if theirs else MESSAGES.pain_change
        facts.append(change.format(before=run.pain_before, after=after))
    elif after is not None:
        facts.append((MESSAGES.their_pain_now if theirs else MESSAGES.pain_now).format(after=after))
    facts.append(MESSAGES.one_minute if spent_minutes == 1 else MESSAGES.minutes_spent.format(count=spent_minutes))
    skipped = "\n" + MESSAGES.steps_were_left_out.format(count=len(run.skipped)) if run.skipped else ""
    done = MESSAGES.you_finished.format(title=bold(routine.title), facts=esc(", ".join(facts)))
    text = f"✅ {bold(MESSAGES.well_done)} {done}{skipped}"
    if run.stopped_early:  # stopped on a step, then rated: no "well done, you finished"
        text = MESSAGES.stopped_rated.format(title=bold(routine.title), facts=esc(", ".join(facts)))
    if after is not None and run.pain_before is not None and after > run.pain_before:
        text += "\n" + MESSAGES.pain_went_up
    keyboard = (
        (Button(MESSAGES.remind_tomorrow_button, RemindThisTime(routine.id, int(now // 60))),),
        (
            Button(MESSAGES.do_it_again_button, OpenRoutine(routine.id)),
            Button(MESSAGES.routines_button, OpenMenu(MenuName.ROUTINES)),
        ),
        render.menu_row(),
    )
    return Reply(text, keyboard, edit=True)


def stopped(routine: Routine | None, *, edit: bool, rating_next: bool = False) -> Reply:
    """The routine was stopped (its Stop button, or /stop); None if it is no longer known.
    ``rating_next``: the rating after it comes next (a partner routine), with its buttons."""
    title = bold(routine.title) if routine else MESSAGES.the_routine
    if rating_next:
        return Reply(MESSAGES.routine_stopped_rating_next.format(title=title), edit=edit)
    again = ((render.open_button(routine),),) if routine else ()
    return Reply(MESSAGES.routine_stopped_screen.format(title=title), (*again, render.menu_row()), edit=edit)


def ended(routine: Routine) -> Reply:
    """A button from a run that is over."""
    text = MESSAGES.routine_over.format(title=esc(routine.title))
    return Reply(text, ((Button(MESSAGES.start_again_button, OpenRoutine(routine.id)),),))


def time_per_leg(routine: Routine, run: RoutineRun) -> Reply | None:
    """ "How long on each leg?" on a step of a routine done on one leg, then the other: the time
    its timed steps take before "Switch legs", and the routine's time in all, with the way back;
    None for a routine not done leg by leg, or with no timed steps."""
    switch = next((index for index, step in enumerate(routine.steps) if step.switch), None)
    if switch is None:
        return None
    seconds = sum(step.timer_seconds or 0 for step in routine.steps[:switch])
    if not seconds:
        return None
    minutes = max(1, round(seconds / 60))
    text = MESSAGES.time_per_leg.format(minutes=minutes, total=routine.duration_minutes)
    return Reply(esc(text), resume_row(routine, run))
