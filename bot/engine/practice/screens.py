"""What the practice plan looks like: its messages and buttons, nothing decided here."""

from __future__ import annotations

from bot.engine import render
from bot.engine.actions import (
    AskReminderTime,
    AskZone,
    ChooseZone,
    Forget,
    KeepData,
    MenuName,
    OpenMenu,
    PracticeView,
    RemoveReminder,
    SetReminder,
    ShowPractice,
    Snooze,
    StartRoutine,
    StopReminder,
    new_run_id,
)
from bot.engine.messages import MESSAGES
from bot.engine.practice import zones
from bot.engine.practice.records import Reminder
from bot.engine.practice.schedule import Schedule, clock
from bot.engine.replies import Button, File, Keyboard, Reply, bold, esc, italic, rows
from bot.knowledge.models import Routine


def schedule_button(schedule: Schedule, routine_id: str | None, *, label: str | None = None) -> Button:
    text = label or (" and ".join(clock(minute) for minute in schedule.times))
    return Button(text, SetReminder(schedule.days, schedule.times, routine_id))


def ask_time(question: str, offers: tuple[Schedule, ...], routine_id: str | None, *, edit: bool = False) -> Reply:
    single = len(offers) == 1
    buttons = [
        schedule_button(
            offer, routine_id, label=MESSAGES.reminder_yes.format(when=offer.describe()) if single else None
        )
        for offer in offers
    ]
    keyboard = (*rows(buttons, 1 if single else 3), (Button(MESSAGES.not_now_button, OpenMenu(MenuName.MAIN)),))
    return Reply(f"⏰ {esc(question)}", keyboard, edit=edit)


def ask_zone(*, first_time: bool, edit: bool = False) -> Reply:
    question = MESSAGES.zone_first_question if first_time else MESSAGES.zone_question
    text = f"🌍 {esc(question)}\n" + italic(MESSAGES.zone_hint)
    buttons = [Button(label, ChooseZone(name)) for label, name in zones.COMMON]
    return Reply(text, (*rows(buttons, 3),), edit=edit)


def unknown_zone() -> Reply:
    buttons = [Button(label, ChooseZone(name)) for label, name in zones.COMMON]
    return Reply(esc(MESSAGES.zone_unknown), (*rows(buttons, 3),))


def zone_set(name: str, now: float, *, edit: bool) -> Reply:
    return Reply(f"🌍 {_zone_line(name, now)}", ((_list_button(), *render.menu_row()),), edit=edit)


def reminder_set(
    schedule: Schedule, zone_name: str, now: float, first: str, routine: Routine | None, *, edit: bool
) -> Reply:
    what = MESSAGES.reminder_for.format(label=esc(routine.label)) if routine else ""
    done = MESSAGES.reminder_set.format(what=what, when=esc(schedule.describe()), first=esc(first))
    text = f"⏰ {bold(MESSAGES.reminder_done)} {done}\n{_zone_line(zone_name, now)}\n\n" + italic(
        MESSAGES.reminder_buttons_hint
    )
    return Reply(text, ((_list_button(), *render.menu_row()),), edit=edit)


def already_set(schedule: Schedule, *, edit: bool) -> Reply:
    text = MESSAGES.reminder_exists.format(when=esc(schedule.describe()))
    return Reply(text, ((_list_button(),),), edit=edit)


def too_many(limit: int, *, edit: bool) -> Reply:
    text = MESSAGES.too_many_reminders.format(limit=limit)
    return Reply(esc(text), ((_list_button(),),), edit=edit)


def reminder_list(
    reminders: list[Reminder], zone_name: str | None, now: float, titles: dict[str, str], *, edit: bool, stop: bool
) -> Reply:
    if not reminders:
        keyboard: Keyboard = ((Button(MESSAGES.new_reminder_button, AskReminderTime()),), render.menu_row())
        return Reply(esc(MESSAGES.no_reminders), keyboard, edit=edit)
    lines = [f"⏰ {bold(MESSAGES.your_reminders)}"]
    for number, reminder in enumerate(reminders, start=1):
        title = titles.get(reminder.routine_id or "", "")
        lines.append(
            f"{number}. {esc(reminder.schedule.describe().capitalize())}" + (f" · {esc(title)}" if title else "")
        )
    if zone_name:
        lines.append("\n" + _zone_line(zone_name, now))
    if stop:
        lines.append("\n" + MESSAGES.which_should_stop)
    removes = [
        Button(MESSAGES.remove_button.format(number=number), RemoveReminder(r.id))
        for number, r in enumerate(reminders, start=1)
    ]
    keyboard = (
        *rows(removes, 3),
        (Button(MESSAGES.new_reminder_button, AskReminderTime()), Button(MESSAGES.zone_button, AskZone())),
        render.menu_row(),
    )
    return Reply("\n".join(lines), keyboard, edit=edit)


def reminder_due(reminder: Reminder, routine: Routine | None, *, again: bool) -> Reply:
    if routine is not None:
        what = f": {bold(routine.title)}" + MESSAGES.practice_minutes.format(minutes=routine.duration_minutes)
    else:
        what = ""
    lead = MESSAGES.practice_time_again if again else MESSAGES.practice_time
    text = f"⏰ {esc(lead)}{what}.\n" + italic(MESSAGES.your_reminder.format(when=reminder.schedule.describe()))
    keyboard = (
        (_start_button(routine), Button(MESSAGES.snooze_button, Snooze(reminder.id))),
        (Button(MESSAGES.stop_reminders_button, StopReminder(reminder.id)),),
    )
    return Reply(text, keyboard)


def snoozed(reminder: Reminder, at: str, routine: Routine | None) -> Reply:
    text = MESSAGES.snoozed.format(at=esc(at))
    stop = Button(MESSAGES.stop_reminders_button, StopReminder(reminder.id))
    return Reply(text, ((_start_button(routine),), (stop,)), edit=True)


def stopped(reminder: Reminder) -> Reply:
    text = MESSAGES.reminder_stopped.format(when=esc(reminder.schedule.describe()))
    return Reply(text, ((Button(MESSAGES.new_reminder_button, AskReminderTime()), *render.menu_row()),), edit=True)


def checked_in(score: int, when: str, compared: str = "") -> Reply:
    text = MESSAGES.checked_in.format(score=score, when=esc(when), compared=esc(compared))
    if score >= 8:
        text += "\n" + MESSAGES.a_lot_of_pain
    return Reply(
        text, ((Button(MESSAGES.my_progress_button, ShowPractice(PracticeView.PROGRESS)), *render.menu_row()),)
    )


def checked_in_again(text: str) -> Reply:
    """A rating just noted, corrected: what it is now, with the way to the chart."""
    return Reply(
        esc(text), ((Button(MESSAGES.my_progress_button, ShowPractice(PracticeView.PROGRESS)), *render.menu_row()),)
    )


def progress(chart: bytes, lines: tuple[str, str], theirs: str = "") -> Reply:
    """The chart of the person's own ratings, its two lines, and (``theirs``) a line on the
    sessions a carer gave the person they help."""
    text = f"📈 {bold(lines[0][:1].upper() + lines[0][1:])}; {esc(lines[1])}."
    if theirs:
        text += f"\n{esc(theirs)}"
    return Reply(text, _progress_keyboard(), file=File("progress.png", chart, "photo"))


def their_progress(theirs: str) -> Reply:
    """/progress with only sessions on the person a carer helps: their line, no chart."""
    return Reply(f"📈 {esc(theirs)}", _progress_keyboard())


def _progress_keyboard() -> Keyboard:
    return (
        (
            Button(MESSAGES.csv_button, ShowPractice(PracticeView.EXPORT)),
            Button(MESSAGES.reminders_button, ShowPractice(PracticeView.REMINDERS)),
        ),
        render.menu_row(),
    )


def no_progress() -> Reply:
    keyboard = (
        (
            Button(MESSAGES.routines_button, OpenMenu(MenuName.ROUTINES)),
            Button(MESSAGES.remind_me_button, AskReminderTime()),
        ),
    )
    return Reply(esc(MESSAGES.no_progress), keyboard)


def export(csv: bytes, count: int, name: str) -> Reply:
    text = MESSAGES.exported_one if count == 1 else MESSAGES.exported.format(count=count)
    return Reply(esc(text), file=File(name, csv, "document"))


DIARY_LINES = 20  # a chat message's worth; the file has them all


def diary_list(lines: list[str], count: int) -> Reply:
    """The diary as text, newest first, up to :data:`DIARY_LINES` ratings."""
    shown = [esc(line) for line in lines[:DIARY_LINES]]
    if count > DIARY_LINES:
        shown.append(esc(MESSAGES.diary_more.format(count=count - DIARY_LINES)))
    keyboard = (
        (
            Button(MESSAGES.my_progress_button, ShowPractice(PracticeView.PROGRESS)),
            Button(MESSAGES.csv_button, ShowPractice(PracticeView.EXPORT)),
        ),
        render.menu_row(),
    )
    return Reply(f"📝 {bold(MESSAGES.diary_title)}\n" + "\n".join(shown), keyboard)


def nothing_to_undo() -> Reply:
    return Reply(esc(MESSAGES.nothing_to_undo), (render.menu_row(),))


def rating_removed(score: int, when: str) -> Reply:
    text = MESSAGES.rating_removed.format(score=score, when=when)
    return Reply(esc(text), ((Button(MESSAGES.my_progress_button, ShowPractice(PracticeView.PROGRESS)),),))


def confirm_clear_diary(token: str, count: int) -> Reply:
    """Erasing the pain diary alone: what goes and what stays, and a button to confirm."""
    text = f"🗑 {bold(MESSAGES.clear_diary_question)}\n{esc(MESSAGES.clear_diary_what.format(count=count))}"
    buttons = ((Button(MESSAGES.clear_diary_yes, Forget(token)), Button(MESSAGES.forget_no, KeepData())),)
    return Reply(text, buttons)


def diary_empty() -> Reply:
    return Reply(esc(MESSAGES.diary_empty), (render.menu_row(),))


def no_holidays() -> Reply:
    return Reply(esc(MESSAGES.no_holidays), ((_list_button(), *render.menu_row()),))


def nothing_to_export() -> Reply:
    return Reply(esc(MESSAGES.nothing_to_export), ((Button(MESSAGES.routines_button, OpenMenu(MenuName.ROUTINES)),),))


def no_ratings_yet(days: int) -> Reply:
    """An empty diary, with what it will keep and for how long."""
    text = esc(MESSAGES.no_ratings_yet.format(days=days))
    return Reply(text, ((Button(MESSAGES.routines_button, OpenMenu(MenuName.ROUTINES)),),))


def not_now(*, edit: bool) -> Reply:
    return Reply(MESSAGES.no_reminder, (render.menu_row(),), edit=edit)


def _zone_line(name: str, now: float) -> str:
    fixed = MESSAGES.zone_fixed if zones.is_fixed(name) and name != "UTC" else ""
    return italic(MESSAGES.zone_line.format(name=name, time=zones.local_time(name, now), fixed=fixed))


def _list_button() -> Button:
    return Button(MESSAGES.my_reminders_button, ShowPractice(PracticeView.REMINDERS))


def _start_button(routine: Routine | None) -> Button:
    """ "Start now": the reminder's routine, else the list of routines."""
    if routine is not None:
        return Button(MESSAGES.start_now_button, StartRoutine(routine.id, new_run_id()))
    return Button(MESSAGES.start_now_button, OpenMenu(MenuName.ROUTINES))
